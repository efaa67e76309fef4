using Harvard.Circulation.Desk;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Fines;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>Recalls (domain.md §4): due = later of (request + returnWithin) and (loan + minimumLoan), exactly,
/// only when earlier than the due in force; the recalled fine rule afterwards.</summary>
public class RecallTests
{
    // Checked out Monday 2 March 10:00 EST: due 30 March 23:59:59 EDT (28 days, end of day).
    private static readonly Instant RegularDue = Local(2026, 3, 30, 23, 59, 59);

    private static CirculationDesk OnLoan(params (string From, string To)[] policy) =>
        Open(policy.Length == 0 ? null : Policy(policy)).CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok();

    [Fact]
    public void PlaceRequest_ReturnWithinLaterThanMinimumLoan_DueIsRequestPlusFourteenDaysExactly()
    {
        var requested = Local(2026, 3, 5, 15, 30);

        var loan = OnLoan().PlaceRequest("R1", Faculty, Middlemarch, requested).Ok().Loan("L1");

        // Local clock kept across the DST change of 8 March, no end-of-day or closed-day adjustment.
        Assert.Equal(Local(2026, 3, 19, 15, 30), loan.DueAt);
        Assert.Equal((true, (Instant?)requested, requested), (loan.Recalled, loan.RecalledAt, loan.DueSetAt));
    }

    [Fact]
    public void PlaceRequest_MinimumLoanLater_DueIsLoanPlusSevenDaysLocal()
    {
        var loan = OnLoan(("\"returnWithin\": \"P14D\"", "\"returnWithin\": \"P1D\""))
            .PlaceRequest("R1", Faculty, Middlemarch, Local(2026, 3, 3, 8, 0)).Ok().Loan("L1");

        Assert.Equal(Local(2026, 3, 9, 10, 0), loan.DueAt);
        Assert.Equal(Duration.FromDays(7) - Duration.FromHours(1), loan.DueAt - MondayMorning);
        Assert.True(loan.Recalled);
    }

    [Fact]
    public void PlaceRequest_RecalledDueLaterThanDue_LoanUnchangedNotRecalled()
    {
        var desk = OnLoan(("\"returnWithin\": \"P14D\"", "\"returnWithin\": \"P30D\""));

        var loan = desk.PlaceRequest("R1", Faculty, Middlemarch, Local(2026, 3, 3, 8, 0)).Ok().Loan("L1");

        Assert.Equal(desk.Loan("L1"), loan);
        Assert.Equal((RegularDue, false, (Instant?)null), (loan.DueAt, loan.Recalled, loan.RecalledAt));
    }

    [Fact]
    public void PlaceRequest_RecalledDueEqualToDue_LoanUnchangedNotRecalled()
    {
        var loan = OnLoan().PlaceRequest("R1", Faculty, Middlemarch, Local(2026, 3, 16, 23, 59, 59)).Ok().Loan("L1");

        Assert.Equal((RegularDue, false, MondayMorning), (loan.DueAt, loan.Recalled, loan.DueSetAt));
    }

    [Fact]
    public void PlaceRequest_RecalledDueOneSecondEarlier_Recalls()
    {
        var loan = OnLoan().PlaceRequest("R1", Faculty, Middlemarch, Local(2026, 3, 16, 23, 59, 58)).Ok().Loan("L1");

        Assert.Equal((RegularDue - Duration.FromSeconds(1), true), (loan.DueAt, loan.Recalled));
    }

    [Fact]
    public void PlaceRequest_SecondRequestAfterARecall_NeverLengthensTheLoan()
    {
        var recalled = OnLoan().PlaceRequest("R1", Faculty, Middlemarch, Local(2026, 3, 5, 15, 30)).Ok();

        var loan = recalled.PlaceRequest("R2", VisitingResearcher, Middlemarch, Local(2026, 3, 10, 9, 0)).Ok().Loan("L1");

        Assert.Equal(recalled.Loan("L1"), loan);
    }

    [Fact]
    public void PlaceRequest_TermsWithoutRecall_LoanUnchanged()
    {
        var desk = Open().CheckOut(SpecialBorrower, DepositoryVolume, MondayMorning).Ok();

        var after = desk.PlaceRequest("R1", Faculty, DepositoryVolume, Local(2026, 3, 3, 8, 0)).Ok();

        Assert.Equal(desk.Loan("L1"), after.Loan("L1"));
    }

    [Fact]
    public void CheckIn_RecalledLoanAtTheRecalledDue_NoFine()
    {
        var desk = OnLoan().PlaceRequest("R1", Faculty, Middlemarch, Local(2026, 3, 5, 15, 30)).Ok()
            .CheckIn(Middlemarch, Local(2026, 3, 19, 15, 30)).Ok();

        Assert.Empty(desk.FinesFees);
    }

    [Fact]
    public void CheckIn_RecalledLoanOneMinuteLate_ChargesOneDayOfTheRecalledRule()
    {
        var desk = OnLoan().PlaceRequest("R1", Faculty, Middlemarch, Local(2026, 3, 5, 15, 30)).Ok();
        Assert.Equal(FineFeeType.RecalledOverdueFine, OverdueAccrual.RuleFor(desk.Loan("L1"), desk.TermsOf(desk.Loan("L1")))!.Value.Type);

        desk = desk.CheckIn(Middlemarch, Local(2026, 3, 19, 15, 31)).Ok();

        var fine = Assert.Single(desk.FinesFees);
        Assert.Equal((FineFeeType.RecalledOverdueFine, new Money(3.00m, "USD"), "L1"), (fine.Type, fine.Original, fine.LoanId));
    }

    [Fact]
    public void CheckIn_RecalledLoanLongOverdue_CappedAtFortyFiveDollars()
    {
        var desk = OnLoan().PlaceRequest("R1", Faculty, Middlemarch, Local(2026, 3, 5, 15, 30)).Ok()
            .CheckIn(Middlemarch, Local(2026, 4, 25, 12, 0)).Ok();

        Assert.Equal(new Money(45.00m, "USD"), desk.FinesFees.Single(r => r.Type == FineFeeType.RecalledOverdueFine).Original);
    }

    [Fact]
    public void CheckIn_UnrecalledRegularLoanLate_NoFine()
    {
        var desk = OnLoan().CheckIn(Middlemarch, RegularDue + Duration.FromDays(3)).Ok();

        Assert.Null(OverdueAccrual.RuleFor(desk.Loan("L1"), desk.TermsOf(desk.Loan("L1"))));
        Assert.Empty(desk.FinesFees);
    }
}
