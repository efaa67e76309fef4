using Harvard.Circulation.Calendar;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>Counter-examples the desk properties found, kept as example tests.</summary>
public class DueDateRegressionTests
{
    // Friday 17 April 2026, 23:16 EDT: Widener closed at 20:00. Loan + 3 hours is 02:16 Saturday, outside the
    // hours; the end of the latest open period before it (Friday 20:00) is before the check-out itself.
    private static readonly Instant AfterClosing = Local(2026, 4, 17, 23, 16);

    [Fact]
    public void CheckOut_ReserveAfterClosingTime_DueIsNeverBeforeTheLoan()
    {
        var desk = Open().CheckOut(SpecialBorrower, ChemistryReserve, AfterClosing).Ok();

        var loan = desk.Loan("L1");
        Assert.Equal(AfterClosing + Duration.FromHours(3), loan.DueAt);
    }

    [Fact]
    public void Explain_EndOfCurrentHoursBeforeTheStart_DueStaysWithTheReason()
    {
        var terms = Widener.FindTermsOfUse("reserve-3h")!.Loan!;
        var calendar = PolicyCalendars.Of(Widener).For("WID");

        var explanation = DueDates.Explain(AfterClosing, terms.Period, terms, calendar);

        Assert.False(explanation.Moved);
        Assert.Equal(AfterClosing + Duration.FromHours(3), explanation.Due);
        Assert.Equal(
            "2026-04-18 02:16:00 -04 is outside the open hours of WID, and the end of the latest open period, 2026-04-17 20:00:00 -04, is before the loan or renewal instant: the due stays",
            explanation.Reason);
    }
}
