using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>Anonymization of returned loans (domain.md §5): returned + 60 days, except loans that incurred a fine/fee.</summary>
public class RetentionTests
{
    private static readonly Money Usd9 = new(9.00m, "USD");

    // Checked out in winter (EST), returned 1 February (EST): + P60D is 2 April 10:00 EDT, 23 elapsed hours short
    // of 60 × 24 hours, because the date part is added to the local date-time.
    private static readonly Instant WinterLoan = Local(2026, 1, 5, 10, 0);
    private static readonly Instant WinterReturn = Local(2026, 2, 1, 10, 0);

    private static CirculationDesk ReturnedFineFree() =>
        Open().CheckOut(SpecialBorrower, Middlemarch, WinterLoan).Ok().CheckIn(Middlemarch, WinterReturn).Ok();

    [Fact]
    public void AnonymizeAt_ReturnedFineFreeLoan_IsReturnPlusSixtyDaysLocalAcrossDst()
    {
        var desk = ReturnedFineFree();

        var at = desk.AnonymizeAt(desk.Loan("L1"));

        Assert.Equal(Local(2026, 4, 2, 10, 0), at);
        Assert.Equal(Instant.FromUtc(2026, 4, 2, 14, 0), at);
        Assert.Equal(Duration.FromDays(60) - Duration.FromHours(1), at!.Value - WinterReturn);
    }

    [Fact]
    public void AnonymizeAt_OpenLoan_IsNull()
    {
        var desk = Open().CheckOut(SpecialBorrower, Middlemarch, WinterLoan).Ok();

        Assert.Null(desk.AnonymizeAt(desk.Loan("L1")));
    }

    [Fact]
    public void AdvanceTo_OneTickBeforeAnonymizeAt_KeepsThePatron()
    {
        var desk = ReturnedFineFree().AdvanceTo(Local(2026, 4, 2, 10, 0) - Duration.Epsilon);

        var loan = desk.Loan("L1");
        Assert.Equal(SpecialBorrower, loan.PatronId);
        Assert.False(loan.IsAnonymized);
    }

    [Fact]
    public void AdvanceTo_AtAnonymizeAt_RemovesThePatronKeepsItemAndInstants()
    {
        var returned = ReturnedFineFree();
        var before = returned.Loan("L1");

        var desk = returned.AdvanceTo(Local(2026, 4, 2, 10, 0));

        var loan = desk.Loan("L1");
        Assert.True(loan.IsAnonymized);
        Assert.Null(loan.PatronId);
        Assert.Equal((Middlemarch, before.LoanedAt, before.DueAt, before.ReturnedAt, LoanStatus.Returned),
            (loan.ItemBarcode, loan.LoanedAt, loan.DueAt, loan.ReturnedAt, loan.Status));
        Assert.DoesNotContain(desk.Loans, l => l.PatronId == SpecialBorrower);
        Assert.Equal(Local(2026, 4, 2, 10, 0), desk.AnonymizeAt(loan));
    }

    [Fact]
    public void AdvanceTo_AnonymizedPatronWithOtherLoans_OnlyTheExpiredReturnLosesItsLink()
    {
        var desk = ReturnedFineFree()
            .CheckOut(SpecialBorrower, BleakHouse, Local(2026, 3, 20, 12, 0)).Ok()
            .AdvanceTo(Local(2026, 4, 2, 10, 0));

        Assert.Null(desk.Loan("L1").PatronId);
        Assert.Equal(SpecialBorrower, desk.Loan("L2").PatronId);
        Assert.Equal(["L2"], desk.Loans.Where(l => l.PatronId == SpecialBorrower).Select(l => l.Id));
    }

    public static TheoryData<FineFeeType> FeeTypes => new()
    {
        FineFeeType.OverdueFine, FineFeeType.RecalledOverdueFine, FineFeeType.LostItemReplacementFee, FineFeeType.LostItemProcessFee,
    };

    /// <summary>A returned loan L1 of the special borrower that incurred exactly one fine/fee of the type.</summary>
    private static (CirculationDesk Desk, Instant Returned) ReturnedWithFee(FineFeeType type, bool keepLoansWithFinesFees = true)
    {
        var keep = keepLoansWithFinesFees ? [] : new[] { ("\"keepLoansWithFinesFees\": true", "\"keepLoansWithFinesFees\": false") };
        switch (type)
        {
            case FineFeeType.OverdueFine:
            {
                // Due 13:00; back 15:30: 150 minutes overdue, past the hour of grace, 3 started hours at $3.
                var returned = Local(2026, 3, 2, 15, 30);
                var desk = Open(Policy(keep)).CheckOut(SpecialBorrower, ChemistryReserve, MondayMorning).Ok().CheckIn(ChemistryReserve, returned).Ok();
                return (desk, returned);
            }

            case FineFeeType.RecalledOverdueFine:
            {
                // Recalled to 19 March 15:30; back 21 March 16:00: 2 days 30 minutes, 3 started days at $3.
                var returned = Local(2026, 3, 21, 16, 0);
                var desk = Open(Policy(keep)).CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok()
                    .PlaceRequest("R1", Faculty, Middlemarch, Local(2026, 3, 5, 15, 30)).Ok()
                    .CheckIn(Middlemarch, returned).Ok();
                return (desk, returned);
            }

            case FineFeeType.LostItemReplacementFee:
            {
                var returned = Local(2026, 3, 12, 11, 0);
                var desk = Open(Policy([.. keep, ("\"processFee\": \"10.00\"", "\"processFee\": \"0.00\"")]))
                    .CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok()
                    .DeclareLost(Middlemarch, Local(2026, 3, 10, 11, 0)).Ok()
                    .MarkFound(Middlemarch, returned).Ok();
                return (desk, returned);
            }

            case FineFeeType.LostItemProcessFee:
            {
                var returned = Local(2026, 3, 12, 11, 0);
                var desk = Open(Policy([.. keep, ("\"defaultReplacementFee\": \"100.00\", ", "")]))
                    .CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok()
                    .DeclareLost(Middlemarch, Local(2026, 3, 10, 11, 0)).Ok()
                    .MarkFound(Middlemarch, returned).Ok();
                return (desk, returned);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "No fixture for this type.");
        }
    }

    [Theory]
    [MemberData(nameof(FeeTypes))]
    public void AdvanceTo_LoanThatIncurredAFeeOfAnyType_IsNeverAnonymized(FineFeeType type)
    {
        var (returnedDesk, returned) = ReturnedWithFee(type);

        var desk = returnedDesk.AdvanceTo(returned + Duration.FromDays(3 * 365));

        var loan = desk.Loan("L1");
        Assert.Equal(type, Assert.Single(desk.FinesFees, r => r.LoanId == "L1").Type);
        Assert.Equal(LoanStatus.Returned, loan.Status);
        Assert.Equal(SpecialBorrower, loan.PatronId);
        Assert.True(desk.FindLoan("L1")!.IncurredFineOrFee);
        Assert.Null(desk.AnonymizeAt(loan));
    }

    [Fact]
    public void CheckIn_LateReserve_ChargesNineDollarsOverdueFine()
    {
        var (desk, _) = ReturnedWithFee(FineFeeType.OverdueFine);

        var fine = Assert.Single(desk.FinesFees, r => r.LoanId == "L1");
        Assert.Equal(("F1", FineFeeStatus.Active, Usd9, Usd9), (fine.TransactionId, fine.Status, fine.Original, fine.Balance));
    }

    [Fact]
    public void CheckIn_LateRecalledLoan_ChargesNineDollarsRecalledOverdueFine()
    {
        var (desk, _) = ReturnedWithFee(FineFeeType.RecalledOverdueFine);

        var fine = Assert.Single(desk.FinesFees, r => r.LoanId == "L1");
        Assert.Equal((FineFeeType.RecalledOverdueFine, Usd9), (fine.Type, fine.Original));
    }

    [Theory]
    [MemberData(nameof(FeeTypes))]
    public void AdvanceTo_FeeOfAnyTypeWhenPolicyDoesNotKeepThem_AnonymizesAtSixtyDays(FineFeeType type)
    {
        var (returnedDesk, returned) = ReturnedWithFee(type, keepLoansWithFinesFees: false);
        var anonymizeAt = returned.InZone(NewYork).LocalDateTime.PlusDays(60).InZoneLeniently(NewYork).ToInstant();

        var before = returnedDesk.AdvanceTo(anonymizeAt - Duration.Epsilon);
        var after = returnedDesk.AdvanceTo(anonymizeAt);

        Assert.Equal(anonymizeAt, before.AnonymizeAt(before.Loan("L1")));
        Assert.Equal(SpecialBorrower, before.Loan("L1").PatronId);
        Assert.Null(after.Loan("L1").PatronId);
        Assert.Equal("L1", Assert.Single(before.FinesFees).LoanId);
        var fee = Assert.Single(after.FinesFees);
        Assert.Equal(SpecialBorrower, fee.PatronId);
        Assert.Null(fee.LoanId);
    }

    public enum FeeOutcome
    {
        Active,
        ClosedByPayment,
        Forgiven,
        InDispute,
        ExportedToBursar,
    }

    [Theory]
    [InlineData(FeeOutcome.Active, FineFeeStatus.Active)]
    [InlineData(FeeOutcome.ClosedByPayment, FineFeeStatus.Closed)]
    [InlineData(FeeOutcome.Forgiven, FineFeeStatus.Closed)]
    [InlineData(FeeOutcome.InDispute, FineFeeStatus.InDispute)]
    [InlineData(FeeOutcome.ExportedToBursar, FineFeeStatus.ExportedToBursar)]
    public void AdvanceTo_LoanWhoseFineHasAnyStatus_IsNeverAnonymized(FeeOutcome outcome, FineFeeStatus expected)
    {
        var (returnedDesk, returned) = ReturnedWithFee(FineFeeType.OverdueFine);
        var desk = returnedDesk;
        var later = returned + Duration.FromDays(1);
        desk = outcome switch
        {
            FeeOutcome.Active => desk,
            FeeOutcome.ClosedByPayment => desk.Pay(SpecialBorrower, Usd9, "F1", later).Ok(),
            FeeOutcome.Forgiven => desk.Waive("F1", null, "forgiven", later).Ok(),
            FeeOutcome.InDispute => desk.Dispute("F1", later).Ok(),
            FeeOutcome.ExportedToBursar => desk.ExportToBursar(SpecialBorrower, returned + Duration.FromDays(31)).Ok(),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
        };

        desk = desk.AdvanceTo(returned + Duration.FromDays(3 * 365));

        Assert.Equal(expected, desk.FindFineFee("F1")!.Status);
        Assert.Equal(SpecialBorrower, desk.Loan("L1").PatronId);
        Assert.Null(desk.AnonymizeAt(desk.Loan("L1")));
    }

    [Fact]
    public void AdvanceTo_ChargeTiedToNoLoan_DoesNotKeepThePatronsLoans()
    {
        var desk = ReturnedFineFree()
            .Charge(SpecialBorrower, FineFeeType.DamagedItemFine, new Money(25m, "USD"), "Middlemarch", WinterReturn + Duration.FromHours(1)).Ok()
            .AdvanceTo(Local(2026, 4, 2, 10, 0))
            ;

        Assert.False(desk.FindLoan("L1")!.IncurredFineOrFee);
        Assert.Null(desk.Loan("L1").PatronId);
        Assert.Null(Assert.Single(desk.Account(SpecialBorrower).Ledger.Records).LoanId);
    }

    [Fact]
    public void AnonymizeAt_ReturnInSummerTime_IsSameLocalTimeInWinter()
    {
        // Returned 15 September 09:30 EDT; + P60D is 14 November 09:30 EST (DST ended on 1 November): 60 days and one hour elapsed.
        var desk = Open().CheckOut(SpecialBorrower, Middlemarch, Local(2026, 9, 1, 9, 0)).Ok().CheckIn(Middlemarch, Local(2026, 9, 15, 9, 30)).Ok();

        var at = desk.AnonymizeAt(desk.Loan("L1"))!.Value;

        Assert.Equal(Instant.FromUtc(2026, 11, 14, 14, 30), at);
        Assert.Equal(Duration.FromDays(60) + Duration.FromHours(1), at - Local(2026, 9, 15, 9, 30));
    }
}
