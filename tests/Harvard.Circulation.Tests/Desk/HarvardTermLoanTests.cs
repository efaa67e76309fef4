using Harvard.Circulation.Calendar;
using Harvard.Circulation.Items;
using Harvard.Circulation.Time;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using NodaTime;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>Harvard's published term-loan figures on the embedded policy: up to 5 renewals, 48 months at most.</summary>
public class HarvardTermLoanTests
{
    [Fact]
    public void AdvanceTo_FacultyTermLoanAfterFourYears_RenewedFiveTimesAndDueAtFortyEightMonths()
    {
        var policy = EmbeddedPolicies.HarvardDefault;
        var faculty = new Patron("10000021", HarvardUserGroups.FacultyProxy);
        var principia = new Item("32044000001501", "term-loan", "WID", "Principia Mathematica");
        var checkOut = Instant.FromUtc(2026, 1, 5, 15, 0);
        var desk = CirculationDesk.Open(policy, [faculty], [principia], checkOut)
            .CheckOut(faculty.PrimaryId, principia.Barcode, checkOut).Value;

        var later = desk.AdvanceTo(PolicyTime.Add(checkOut, Period.FromMonths(49), policy.TimeZone));

        var loan = later.OpenLoanOf(principia.Barcode)!;
        Assert.Equal(5, loan.Renewals);
        Assert.Equal(PolicyTime.Add(checkOut, Period.FromMonths(48), policy.TimeZone), loan.DueAt);
        Assert.Equal(LoanStatus.OnLoan, loan.Status);
    }
}
