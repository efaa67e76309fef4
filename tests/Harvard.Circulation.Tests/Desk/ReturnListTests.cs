using Harvard.Circulation.Formats.Scenarios;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>The patron's return list (domain.md §5): returns of the last 6 months not anonymized, most recent
/// first, ties in loan order — through a scenario replay, which builds it.</summary>
public class ReturnListTests
{
    internal static ScenarioReport Replay(string events, string asOf)
    {
        var json = $$"""
            {
              "format": 1,
              "name": "Return list",
              "policy": {{PolicyJson}},
              "patrons": [ { "id": "{{SpecialBorrower}}", "group": "25" }, { "id": "{{Faculty}}", "group": "21" } ],
              "items": [
                { "barcode": "{{Middlemarch}}", "title": "Middlemarch", "itemPolicy": "regular", "library": "WID" },
                { "barcode": "{{ChemistryReserve}}", "title": "Organic Chemistry", "itemPolicy": "reserve-3h", "library": "WID" },
                { "barcode": "{{BleakHouse}}", "title": "Bleak House", "itemPolicy": "regular", "library": "WID" }
              ],
              "events": [ {{events}} ],
              "asOf": "{{asOf}}"
            }
            """;
        var read = ScenarioReader.Read(json);
        Assert.True(read.IsValid, string.Join("\n", read.Problems));
        return ScenarioReplayer.Replay(read.Scenario!);
    }

    private static IReadOnlyList<string> ReturnListOf(ScenarioReport report, string patron) => report.ReturnList.Single(p => p.Key == patron).Value;

    // A 3-hour reserve returned 2.5 hours late carries a fine, so the loan is never anonymized and only the
    // 6-month window takes it off the list.
    private const string LateReserveInJanuary = """
        { "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000025", "item": "32044000000002" },
        { "at": "2026-01-05T15:30:00-05:00", "type": "checkIn", "item": "32044000000002" }
        """;

    [Fact]
    public void ReturnList_OneSecondBeforeSixMonths_ShowsTheReturn()
    {
        var report = Replay(LateReserveInJanuary, "2026-07-05T15:29:59-04:00");

        Assert.Equal(["L1"], ReturnListOf(report, SpecialBorrower));
        Assert.Null(report.Loans[0].AnonymizeAt);
    }

    [Fact]
    public void ReturnList_AtSixMonthsLocal_PurgesTheReturn()
    {
        // 5 January 15:30 EST + P6M = 5 July 15:30 EDT.
        var report = Replay(LateReserveInJanuary, "2026-07-05T15:30:00-04:00");

        Assert.Empty(ReturnListOf(report, SpecialBorrower));
        Assert.Equal(SpecialBorrower, report.Loans[0].Patron);
    }

    [Fact]
    public void ReturnList_SeveralReturns_MostRecentFirstTiesInLoanOrder()
    {
        const string events = """
            { "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000025", "item": "32044000000002" },
            { "at": "2026-01-05T15:30:00-05:00", "type": "checkIn", "item": "32044000000002" },
            { "at": "2026-01-06T10:00:00-05:00", "type": "checkOut", "patron": "10000025", "item": "32044000000001" },
            { "at": "2026-01-06T10:05:00-05:00", "type": "checkOut", "patron": "10000025", "item": "32044000000003" },
            { "at": "2026-01-08T10:00:00-05:00", "type": "checkIn", "item": "32044000000001" },
            { "at": "2026-01-09T10:00:00-05:00", "type": "checkOut", "patron": "10000025", "item": "32044000000002" },
            { "at": "2026-01-09T10:00:00-05:00", "type": "checkOut", "patron": "10000021", "item": "32044000000001" },
            { "at": "2026-01-09T15:30:00-05:00", "type": "checkIn", "item": "32044000000003" },
            { "at": "2026-01-09T15:30:00-05:00", "type": "checkIn", "item": "32044000000002" },
            { "at": "2026-01-10T09:00:00-05:00", "type": "checkIn", "item": "32044000000001" }
            """;

        var report = Replay(events, "2026-02-01T00:00:00-05:00");

        // L3 (Bleak House) and L4 (reserve) came back at the same instant: loan order. L5 is the faculty's.
        Assert.Equal(["L3", "L4", "L2", "L1"], ReturnListOf(report, SpecialBorrower));
        Assert.Equal(["L5"], ReturnListOf(report, Faculty));
    }

    [Fact]
    public void ReturnList_FineFreeReturnAtAnonymization_LeavesTheList()
    {
        const string events = """
            { "at": "2026-01-06T10:00:00-05:00", "type": "checkOut", "patron": "10000025", "item": "32044000000001" },
            { "at": "2026-01-08T10:00:00-05:00", "type": "checkIn", "item": "32044000000001" }
            """;

        // 8 January 10:00 + P60D = 9 March 10:00 EDT (DST started on 8 March).
        var before = Replay(events, "2026-03-09T09:59:59-04:00");
        var at = Replay(events, "2026-03-09T10:00:00-04:00");

        Assert.Equal(["L1"], ReturnListOf(before, SpecialBorrower));
        Assert.Empty(ReturnListOf(at, SpecialBorrower));
        Assert.Equal((null, true), (at.Loans[0].Patron, at.Loans[0].Anonymized));
    }
}
