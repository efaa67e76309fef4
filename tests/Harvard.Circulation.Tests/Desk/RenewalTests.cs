using Harvard.Circulation.Desk;
using Harvard.Circulation.Policies;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>Renewals refused by the terms' <c>maxRenewalPeriod</c>, and how the refusal names the instants.</summary>
public class RenewalTests
{
    /// <summary>The course reserve lent for an exact hour, renewable by the hour up to 90 minutes after check-out.</summary>
    internal static readonly Policy HourlyReserve = Policy((
        "\"loan\": { \"period\": \"PT3H\", \"dueTime\": \"exact\", \"closedDue\": \"endOfCurrentHours\" }",
        "\"loan\": { \"period\": \"PT1H\", \"dueTime\": \"exact\", \"closedDue\": \"keep\", \"maxRenewals\": 5, \"maxRenewalPeriod\": \"PT90M\" }"));

    /// <summary>Checked out half a second after 10:00 EST, renewed three quarters of a second after 10:30: the new due
    /// would be a quarter of a second past the longest loan, and only the fractions tell the two instants apart.</summary>
    internal static Decision<CirculationDesk> RenewAQuarterSecondTooLate() =>
        Open(HourlyReserve).CheckOut(Faculty, ChemistryReserve, MondayMorning + Duration.FromMilliseconds(500)).Ok()
            .Renew(ChemistryReserve, MondayMorning + Duration.FromMinutes(30) + Duration.FromMilliseconds(750));

    [Fact]
    public void Renew_PastMaxRenewalPeriodByAFractionOfASecond_RefusalPrintsBothInstantsWithTheirFractions()
    {
        var decision = RenewAQuarterSecondTooLate();

        var refusal = decision.Refused();
        Assert.Equal(RefusalCodes.MaxRenewalPeriod, refusal.Code);
        Assert.Equal(
            "Renewing loan L1 would make it due 2026-03-02T16:30:00.75Z, later than 2026-03-02T16:30:00.5Z (loan instant + PT90M).",
            refusal.Message);
        Assert.Equal(0, decision.Result.Loan("L1").Renewals);
    }

    [Fact]
    public void Renew_PastMaxRenewalPeriodOnWholeSeconds_RefusalPrintsNoFraction()
    {
        var desk = Open(HourlyReserve).CheckOut(Faculty, ChemistryReserve, MondayMorning).Ok();

        var refusal = desk.Renew(ChemistryReserve, MondayMorning + Duration.FromMinutes(31)).Refused();

        Assert.Equal(
            "Renewing loan L1 would make it due 2026-03-02T16:31:00Z, later than 2026-03-02T16:30:00Z (loan instant + PT90M).",
            refusal.Message);
    }

    [Fact]
    public void Renew_WithinMaxRenewalPeriodByAFractionOfASecond_IsAllowed()
    {
        var checkOut = MondayMorning + Duration.FromMilliseconds(500);
        var desk = Open(HourlyReserve).CheckOut(Faculty, ChemistryReserve, checkOut).Ok();

        var renewed = desk.Renew(ChemistryReserve, MondayMorning + Duration.FromMinutes(30) + Duration.FromMilliseconds(250)).Ok();

        Assert.Equal(checkOut + Duration.FromMinutes(90) - Duration.FromMilliseconds(250), renewed.Loan("L1").DueAt);
    }
}
