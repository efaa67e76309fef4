using Harvard.Circulation.Fines;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Fines;

// Bursar export: Harvard's students after 7 days and $10, everyone else after 30 days and $20.
public partial class LedgerTests
{
    private static readonly DateTimeZone Cambridge = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly UserGroup ContinuingEd = new(HarvardUserGroups.ContinuingEdPci, "Continuing Ed. - PCI",
        bursar: new BursarTerms(Period.FromDays(7), Money.Usd(10m)));
    private static readonly UserGroup FacultyProxy = new(HarvardUserGroups.FacultyProxy, "Faculty (Proxy)",
        bursar: new BursarTerms(Period.FromDays(30), Money.Usd(20m)));
    private static readonly UserGroup NeverBilled = new(HarvardUserGroups.LibraryGuest, "Library Guest");

    // A student's two fees: a $6 card renewal on Monday and a $4 damaged-item fine on Wednesday.
    private static Ledger StudentLedger() => Ledger.Empty("USD")
        .Add(new FineFee("F1", Student, FineFeeType.CardRenewal, Money.Usd(6m), Monday))
        .Add(new FineFee("F2", Student, FineFeeType.DamagedItemFine, Money.Usd(4m), Monday + Duration.FromDays(2), "L7", "Middlemarch"));

    [Fact]
    public void BursarEligible_StudentAtExactlySevenDaysAndTenDollars_Eligible()
    {
        var at = Monday + Duration.FromDays(9); // F2 is exactly 7 days old; 6 + 4 = 10.00

        Assert.Equal(["F1", "F2"], Ids(StudentLedger().BursarEligible(Student, ContinuingEd, at, Cambridge)));
    }

    [Fact]
    public void BursarEligible_StudentOneMinuteShortOfSevenDays_OnlyOlderRecordBelowMinimum()
    {
        var at = Monday + Duration.FromDays(9) - Duration.FromMinutes(1); // only F1 is old enough: 6.00 < 10.00

        Assert.Empty(StudentLedger().BursarEligible(Student, ContinuingEd, at, Cambridge));
    }

    [Fact]
    public void BursarEligible_StudentBelowTenDollars_NoneEligible()
    {
        var ledger = StudentLedger().Pay(Student, Money.Usd(0.01m), "F2", Monday + Duration.FromDays(3)).Value;

        Assert.Empty(ledger.BursarEligible(Student, ContinuingEd, Monday + Duration.FromDays(60), Cambridge));
    }

    [Fact]
    public void BursarEligible_FacultyAtThirtyDays_Eligible() =>
        Assert.Equal(["F2", "F3"], Ids(FacultyLedger().BursarEligible(Faculty, FacultyProxy, Monday + Duration.FromDays(32), Cambridge)));

    [Fact]
    public void BursarEligible_FacultyOneMinuteShortOfThirtyDays_OnlyOlderRecordBelowMinimum() =>
        // Only F2 (4.50, created a day before F3) is 30 days old: below $20.
        Assert.Empty(FacultyLedger().BursarEligible(Faculty, FacultyProxy, Monday + Duration.FromDays(32) - Duration.FromMinutes(1), Cambridge));

    [Theory]
    [InlineData("19.99", false)]
    [InlineData("20.00", true)]
    public void BursarEligible_FacultyMinimumBalance_Inclusive(string amount, bool eligible)
    {
        var ledger = Ledger.Empty("USD").Add(new FineFee("F9", Faculty, FineFeeType.Other, Money.Usd(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)), Monday));

        Assert.Equal(eligible, ledger.BursarEligible(Faculty, FacultyProxy, Monday + Duration.FromDays(60), Cambridge).Count == 1);
    }

    [Fact]
    public void BursarEligible_SameFeeEightDaysOld_StudentYesFacultyNo()
    {
        var ledger = Ledger.Empty("USD")
            .Add(new FineFee("F9", Faculty, FineFeeType.Other, Money.Usd(15m), Monday))
            .Add(new FineFee("F10", Student, FineFeeType.Other, Money.Usd(15m), Monday));
        var at = Monday + Duration.FromDays(8);

        Assert.Empty(ledger.BursarEligible(Faculty, FacultyProxy, at, Cambridge));
        Assert.Equal(["F10"], Ids(ledger.BursarEligible(Student, ContinuingEd, at, Cambridge)));
    }

    [Fact]
    public void BursarEligible_AccruingDisputedOrClosed_LeftOut()
    {
        var ledger = FacultyLedger().Dispute("F2", Later).Value;

        // F1 is accruing and F2 disputed; F3 alone (100.00) is eligible.
        Assert.Equal(["F3"], Ids(ledger.BursarEligible(Faculty, FacultyProxy, Monday + Duration.FromDays(90), Cambridge)));
    }

    [Fact]
    public void BursarEligible_GroupWithoutBursarTerms_None() =>
        Assert.Empty(FacultyLedger().BursarEligible(Faculty, NeverBilled, Monday + Duration.FromDays(365), Cambridge));

    [Fact]
    public void ExportToBursar_Eligible_ExportedBalanceUnchangedOutOfActiveBalance()
    {
        var ledger = StudentLedger();
        var at = Monday + Duration.FromDays(9);
        var eligible = ledger.BursarEligible(Student, ContinuingEd, at, Cambridge).Select(r => r.TransactionId);

        var exported = ledger.ExportToBursar(eligible, at).Value;

        Assert.All(exported.Records, r => Assert.Equal(FineFeeStatus.ExportedToBursar, r.Status));
        Assert.Equal(Money.Usd(6m), exported.Find("F1")!.Balance);
        Assert.Equal(new FineFeeTransaction(FineFeeTransactionType.ExportToBursar, at, Money.Usd(4m), null), Assert.Single(exported.Find("F2")!.Transactions));
        Assert.Equal(Money.Zero("USD"), exported.ActiveBalance(Student));
        Assert.Equal(Money.Usd(10m), exported.ExportedBalance(Student));
        Assert.Empty(exported.BursarEligible(Student, ContinuingEd, at, Cambridge));
    }

    [Fact]
    public void ExportToBursar_AlreadyExported_RefusedNothingApplied()
    {
        var ledger = StudentLedger().ExportToBursar(["F1"], Later).Value;
        AssertRefusedUnchanged(ledger, ledger.ExportToBursar(["F2", "F1"], Later), "Fine/fee F1 is exportedToBursar; it cannot be exported.");
    }

    [Fact]
    public void ExportToBursar_SameIdTwice_RefusedNothingApplied()
    {
        var ledger = StudentLedger();
        AssertRefusedUnchanged(ledger, ledger.ExportToBursar(["F1", "F1"], Later), "Fine/fee F1 is exportedToBursar; it cannot be exported.");
    }
}
