using Harvard.Circulation.Cli;

namespace Harvard.Circulation.Tests.Cli;

/// <summary>The text report for a person: local time (or <c>--utc</c>), words, currency, and <c>--summary</c>.</summary>
public sealed class CircAppTextReportTests : IDisposable
{
    /// <summary>Two patrons: a special borrower with a late reserve, a guest who borrows nothing.</summary>
    private const string TwoPatrons = """
        {
          "format": 1,
          "name": "One late reserve, one quiet patron",
          "policy": "harvard-default",
          "patrons": [ { "id": "10000001", "group": "25" }, { "id": "10000002", "group": "58" } ],
          "items": [ { "barcode": "32044000000002", "title": "Course reader", "itemPolicy": "reserve-3h", "library": "WID" } ],
          "events": [
            { "at": "2026-01-05T10:05:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000002" },
            { "at": "2026-01-05T20:00:00-05:00", "type": "checkIn", "item": "32044000000002" }
          ],
          "asOf": "2026-03-01T00:00:00-05:00"
        }
        """;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Simulate_Utc_PrintsInstantsAsTheJsonReportDoes()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var lines = CircRun.Of("simulate", path, "--utc").OutputLines;

        Assert.Equal("As of:    2026-03-01T05:00:00Z", lines[1]);
        Assert.Equal("Times are UTC, as in the JSON report.", lines[2]);
        Assert.Contains("  2026-01-05T15:05:00Z  1  checkOut       patron 10000001, item 32044000000002  ok", lines);
        Assert.Contains(lines, l => l.EndsWith("accrual stopped at 2026-01-06T01:00:00Z: the item was checked in", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulate_DaylightSavingTime_PrintsTheSummerAbbreviation()
    {
        var path = folder.Write("summer.json", TwoPatrons.Replace("2026-01-05T10:05:00-05:00", "2026-07-06T10:05:00-04:00", StringComparison.Ordinal)
            .Replace("2026-01-05T20:00:00-05:00", "2026-07-06T20:00:00-04:00", StringComparison.Ordinal)
            .Replace("2026-03-01T00:00:00-05:00", "2026-07-07T00:00:00-04:00", StringComparison.Ordinal));

        var lines = CircRun.Of("simulate", path).OutputLines;

        Assert.Equal("As of:    2026-07-07 00:00 EDT", lines[1]);
        Assert.Contains("  2026-07-06 10:05 EDT  0  checkOut  patron 10000001, item 32044000000002  ok", lines);
    }

    [Fact]
    public void Simulate_Default_PrintsEveryPatronAndEmptySection()
    {
        var path = folder.Write("two.json", TwoPatrons);

        var lines = CircRun.Of("simulate", path).OutputLines;

        Assert.Contains("  10000002   0.00 USD", lines);
        Assert.Contains("  10000002  -", lines);
        Assert.Contains("Requests (0)", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Left out", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulate_Summary_LeavesOutEmptySectionsAndZeroRowsAndSaysSo()
    {
        var path = folder.Write("two.json", TwoPatrons);

        var run = CircRun.Of("simulate", path, "--summary");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.OutputLines;
        Assert.DoesNotContain(lines, l => l.Contains("10000002", StringComparison.Ordinal));
        Assert.DoesNotContain("  (none)", lines);
        foreach (var title in new[] { "Requests (0)", "Sessions (0)", "Searches (0)", "Queries (0)", "Refused (0)" })
        {
            Assert.DoesNotContain(title, lines);
        }

        Assert.Contains("  10000001  21.00 USD", lines);
        Assert.Equal("Left out by --summary: 1 balance of 0.00 USD, 1 empty return list, no requests, no sessions, no searches, no queries, no refusals.", lines[^1]);
    }

    [Fact]
    public void Simulate_Json_IgnoresTextOptionsAndStaysUtc()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var plain = CircRun.Of("simulate", path, "--format", "json");
        var withOptions = CircRun.Of("simulate", path, "--format", "json", "--summary");

        Assert.Equal(plain.Stdout, withOptions.Stdout);
        Assert.Contains("\"asOf\": \"2026-03-01T05:00:00Z\"", plain.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_Refusal_IsInWordsWithLocalTime()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var lines = CircRun.Of("simulate", path).OutputLines;

        Assert.Contains("      4  renew  Renew is not allowed on loan L1: it is claimed returned.", lines);
        Assert.DoesNotContain(lines, l => l.Contains("claimedReturned", StringComparison.Ordinal) && !l.Contains("claimReturned", StringComparison.Ordinal));
    }
}
