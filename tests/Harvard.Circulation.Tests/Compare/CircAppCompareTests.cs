using System.Text.Json;
using Harvard.Circulation.Cli;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Tests.Cli;

namespace Harvard.Circulation.Tests.Compare;

/// <summary><c>circ compare</c>: its options, its errors (each named, exit 2), the text and the JSON report.</summary>
public sealed class CircAppCompareTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Scenario => folder.Write("reserves.json", CompareFixtures.ReserveScenario);

    private string TwoHourReserves => folder.Write("two-hour-reserves.json", PolicyWriter.Write(
        CompareFixtures.WithTerms(EmbeddedPolicies.HarvardDefault, "reserve-3h", t => CompareFixtures.WithPeriod(t, NodaTime.Period.FromHours(2)))));

    [Fact]
    public void Compare_Scenario_PrintsTheTextReport()
    {
        var run = CircRun.Of("compare", "harvard-default", TwoHourReserves, "--scenario", Scenario);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("Scenario:   A reserve, a regular loan and a guest", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Events: 6 replayed under both policies; 2 with another outcome: 1 first difference and 1 consequence of them.", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  due dates moved (of 3 compared)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("1: 1 earlier, 0 later; mean 1 hour earlier, largest 1 hour earlier", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  event 0 at 2026-01-05 10:00 EST: check out, patron 10000001, item 32044000000001", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("    consequences: 1: event 2 (check in)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_Utc_PrintsInstantsAsTheJsonDoes()
    {
        var run = CircRun.Of("compare", "harvard-default", TwoHourReserves, "--scenario", Scenario, "--utc");

        Assert.Contains("As of:      2026-02-01T05:00:00Z", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Times are UTC, as in the JSON report.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_SamePolicy_SaysEveryEventHasTheSameOutcome()
    {
        var run = CircRun.Of("compare", "harvard-default", "harvard-default", "--scenario", Scenario);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Events: 6 replayed under both policies, every one with the same outcome.", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("First differences (0)\n  (none)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_FormatJson_PrintsTheReportAndNothingElse()
    {
        var run = CircRun.Of("compare", "harvard-default", TwoHourReserves, "--scenario", Scenario, "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("format").GetInt32());
        Assert.Equal("2026-02-01T05:00:00Z", root.GetProperty("asOf").GetString());
        Assert.Equal(-3600, root.GetProperty("totals").GetProperty("dueDates").GetProperty("maxShiftSeconds").GetInt64());
        Assert.Equal("6.00", root.GetProperty("totals").GetProperty("finesFees").GetProperty("total").GetProperty("new").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("itemPolicies")[0].GetProperty("figures").GetProperty("balances").ValueKind);
        var difference = root.GetProperty("differences")[0];
        Assert.Equal("2026-01-05T17:00:00Z", difference.GetProperty("new").GetProperty("dueAt").GetString());
        Assert.Equal(2, difference.GetProperty("consequences").GetProperty("events")[0].GetProperty("event").GetInt32());
    }

    [Fact]
    public void Compare_Generate_ReplaysAGeneratedWorkloadOnOld()
    {
        var run = CircRun.Of("compare", "harvard-default", TwoHourReserves, "--generate", "--patrons", "40", "--items", "120", "--days", "7", "--seed", "3", "--differences", "1");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Scenario:   generated: 40 patrons, 120 items, 7 days, seed 3", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "compare", "harvard-default", "harvard-default" }, "circ compare: give the events to replay: --scenario FILE, or --generate --patrons N --items M --days D")]
    [InlineData(new[] { "compare", "harvard-default", "harvard-default", "--scenario", "s.json", "--generate" }, "circ compare: give --scenario FILE or --generate, not both")]
    [InlineData(new[] { "compare", "harvard-default", "harvard-default", "--generate", "--items", "3" }, "circ compare: --generate needs --patrons, --days")]
    [InlineData(new[] { "compare", "harvard-default", "harvard-default", "--generate", "--patrons", "0", "--items", "3", "--days", "1" }, "circ compare: --patrons: 0 is not a count; give at least 1")]
    [InlineData(new[] { "compare", "harvard-default", "harvard-default", "--scenario", "s.json", "--days", "3" }, "circ compare: --days is an option of --generate; with --scenario the file gives the events")]
    [InlineData(new[] { "compare", "harvard-default", "harvard-default", "--scenario", "s.json", "--differences", "-1" }, "circ compare: --differences: -1 is not a count; give 0 or more")]
    [InlineData(new[] { "compare", "harvard-default", "no-such-policy.json", "--scenario", "s.json" }, "no-such-policy.json: no such file")]
    [InlineData(new[] { "compare", "harvard-default", "harvard-default", "--scenario", "no-such-scenario.json" }, "no-such-scenario.json: no such file")]
    public void Compare_BadArguments_AreNamedWithExitTwo(string[] args, string expected)
    {
        var run = CircRun.Of(args);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(expected, run.ErrorLines[0]);
    }

    [Fact]
    public void Compare_NewPolicyLacksAGroupTheScenarioNeeds_NamesItWithExitTwo()
    {
        var policy = EmbeddedPolicies.HarvardDefault;
        var withoutGuests = folder.Write("without-guests.json", PolicyWriter.Write(new Policy("Without guests", policy.Currency, policy.TimeZone,
            policy.UserGroups.Where(g => g.Code != "58"), policy.ItemPolicies, policy.Libraries, policy.TermsOfUse, policy.Rules.Where(r => r.UserGroup != "58"), policy.Retention)));

        var run = CircRun.Of("compare", "harvard-default", withoutGuests, "--scenario", Scenario);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(
        [
            $"{withoutGuests}: user group '58' (Library Guest) is not in the policy: patrons[2].group needs it",
            $"{withoutGuests}: cannot replay the scenario: 1 problem",
        ], run.ErrorLines);
    }

    [Fact]
    public void Compare_ScenarioGivenAsPolicy_IsNamedForWhatItIs()
    {
        var run = CircRun.Of("compare", "harvard-default", Scenario, "--scenario", Scenario);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal($"{Scenario}: this is a scenario file, not a policy: replay it with 'circ simulate {Scenario}'", run.ErrorLines[0]);
    }

    [Fact]
    public void Compare_PolicyGivenAsScenario_IsNamedForWhatItIs()
    {
        var run = CircRun.Of("compare", "harvard-default", TwoHourReserves, "--scenario", TwoHourReserves);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.StartsWith($"{TwoHourReserves}: this is a policy file, not a scenario", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_Help_NamesTheOptions()
    {
        var run = CircRun.Of("compare", "--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("circ compare <OLD> <NEW> [options]", run.Stdout, StringComparison.Ordinal);
        foreach (var option in new[] { "--scenario", "--generate", "--patrons", "--items", "--days", "--seed", "--events", "--format", "--differences", "--utc", "--progress" })
        {
            Assert.Contains(option, run.Stdout, StringComparison.Ordinal);
        }
    }
}
