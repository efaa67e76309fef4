using Harvard.Circulation.Desk;
using Harvard.Circulation.Items;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Loans;

/// <summary>A small policy built in code for the desk tests of loans and lost items: Widener open all the
/// time, regular 28-day loans without overdue fines, a faculty patron and a continuing-education student.</summary>
internal static class DeskFixtures
{
    public const string FacultyPatron = "10000002";
    public const string StudentPatron = "10000042";
    public const string OrlandoBarcode = "32044000000001";
    public const string MiddlemarchBarcode = "32044000000002";
    public const string UlyssesBarcode = "32044000000003";

    /// <summary>Monday 2 March 2026, 09:00 in Cambridge, MA.</summary>
    public static readonly Instant Monday = Instant.FromUtc(2026, 3, 2, 14, 0);

    public static readonly Item Orlando = new(OrlandoBarcode, "regular", "WID", "Orlando: A Biography");
    public static readonly Item Middlemarch = new(MiddlemarchBarcode, "regular", "WID", "Middlemarch");
    public static readonly Item Ulysses = new(UlyssesBarcode, "regular", "WID", "Ulysses", replacementCost: Money.Usd(80m));

    /// <summary>Harvard's lost item terms: $100 at 45 days overdue, all of it refunded when found.</summary>
    public static LostItemTerms HarvardLost { get; } = new(Period.FromDays(45), Money.Usd(100m));

    public static Policy Policy(LostItemTerms? lost = null, int? maxClaimedReturned = 3) => new(
        "Widener test policy",
        "USD",
        DateTimeZoneProviders.Tzdb["America/New_York"],
        [
            new UserGroup(HarvardUserGroups.FacultyProxy, "Faculty (Proxy)", maxClaimedReturned: maxClaimedReturned,
                bursar: new BursarTerms(Period.FromDays(30), Money.Usd(20m))),
            new UserGroup(HarvardUserGroups.ContinuingEdPci, "Continuing Ed. - PCI",
                bursar: new BursarTerms(Period.FromDays(7), Money.Usd(10m))),
        ],
        [new ItemPolicy("regular", "Regular loan")],
        [new Library("WID", "Widener Library")],
        [new TermsOfUse("regular", new LoanTerms(Period.FromDays(28), maxRenewals: 5), lostItem: lost ?? HarvardLost,
            notices: new NoticeTerms(lostItemBill: true, fineFee: true))],
        [new Rule("default", "regular")]);

    public static CirculationDesk OpenDesk(LostItemTerms? lost = null, int? maxClaimedReturned = 3) => CirculationDesk.Open(
        Policy(lost, maxClaimedReturned),
        [new Patron(FacultyPatron, HarvardUserGroups.FacultyProxy), new Patron(StudentPatron, HarvardUserGroups.ContinuingEdPci)],
        [Orlando, Middlemarch, Ulysses],
        Monday);

    /// <summary>A desk where the faculty patron has Orlando out since Monday.</summary>
    public static CirculationDesk WithOrlandoOut(LostItemTerms? lost = null) =>
        OpenDesk(lost).CheckOut(FacultyPatron, OrlandoBarcode, Monday).Value;
}
