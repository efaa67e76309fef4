using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Cli;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.Schemas;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Testing;
using Harvard.Circulation.Tests.Cli;
using Harvard.Circulation.Tests.Model;
using Json.Schema;

namespace Harvard.Circulation.Tests.State;

/// <summary>
/// State files: written and read back they give the same snapshot and the same bytes; they validate against
/// docs/schemas/state.schema.json; a scenario split at any event into a first part written with
/// <c>--state-out</c> and a second continued with <c>--state-in</c> reports what one run reports, through the library
/// and through the tool; the committed example state is what the writer writes now; the changes lines bring an empty
/// desk to the state the run ends with.
/// </summary>
public sealed class StateFileTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        _ = JsonSchema.FromText(FormatSchemas.Policy, options);
        _ = JsonSchema.FromText(FormatSchemas.Scenario, options);
        return JsonSchema.FromText(FormatSchemas.State, options);
    });

    public static TheoryData<string> Examples() => [.. StateFixtures.Examples()];

    [Property(MaxTest = 200)]
    public Property RoundTrip_OfAnyDesk_GivesTheSnapshotAndTheBytesBack() =>
        Prop.ForAll(CirculationGenerators.Scenario().ToArbitrary(), generated => RoundTrip(generated.Scenario, IdNumbering.Dense));

    [Property(MaxTest = 20)]
    public Property RoundTrip_OfALongRun_GivesTheSnapshotAndTheBytesBack() =>
        Prop.ForAll(LongRunGenerator.Scenario().ToArbitrary(), generated => RoundTrip(generated.Scenario, IdNumbering.Dense));

    [Property(MaxTest = 100)]
    public Property RoundTrip_OfPartOfADesk_GivesThePartAndItsScopeBack() =>
        Prop.ForAll(CirculationGenerators.Scenario().ToArbitrary(), generated => PartRoundTrip(generated.Scenario, IdNumbering.Dense));

    [Property(MaxTest = 100)]
    public Property RoundTrip_OfAnyDeskWithScopedIds_GivesTheSnapshotAndTheBytesBack() =>
        Prop.ForAll(CirculationGenerators.Scenario().ToArbitrary(), generated => RoundTrip(generated.Scenario, IdNumbering.Scoped));

    [Property(MaxTest = 10)]
    public Property RoundTrip_OfALongRunWithScopedIds_GivesTheSnapshotAndTheBytesBack() =>
        Prop.ForAll(LongRunGenerator.Scenario().ToArbitrary(), generated => RoundTrip(generated.Scenario, IdNumbering.Scoped));

    [Property(MaxTest = 100)]
    public Property RoundTrip_OfPartOfADeskWithScopedIds_GivesThePartAndItsScopeBack() =>
        Prop.ForAll(CirculationGenerators.Scenario().ToArbitrary(), generated => PartRoundTrip(generated.Scenario, IdNumbering.Scoped));

    [Property(MaxTest = 150)]
    public Property Split_AtAnyEvent_ThroughStateFiles_ReportsWhatOneRunReports() =>
        Prop.ForAll(SplitCases(CirculationGenerators.Scenario()).ToArbitrary(), c => SplitLaw(c.Scenario, c.Split));

    [Property(MaxTest = 25)]
    public Property Split_LongRunAtAnyEvent_ThroughStateFiles_ReportsWhatOneRunReports() =>
        Prop.ForAll(SplitCases(LongRunGenerator.Scenario()).ToArbitrary(), c => SplitLaw(c.Scenario, c.Split));

    [Property(MaxTest = 20)]
    public Property Split_AtAnyEvent_ThroughTheTool_ReportsWhatOneRunReports() =>
        Prop.ForAll(SplitCases(CirculationGenerators.Scenario()).ToArbitrary(), c =>
        {
            using var folder = new TempFolder();
            var one = ScenarioReportJson.Write(ScenarioReplayer.Replay(c.Scenario));
            var (first, second) = StateFixtures.SplitThroughCli(folder, c.Scenario, c.Split);
            var difference = StateFixtures.Difference(one, first, second, c.Split);
            return (difference is null).Label($"split before event {c.Split} of {c.Scenario.Events.Count}: {difference}");
        });

    [Theory]
    [MemberData(nameof(Examples))]
    public void Split_ExampleAtEveryEvent_ThroughStateFiles_ReportsWhatOneRunReports(string file)
    {
        var scenario = ReadExample(file);
        var one = ScenarioReportJson.Write(ScenarioReplayer.Replay(scenario));
        for (var k = 0; k <= scenario.Events.Count; k++)
        {
            var (first, second, state) = StateFixtures.SplitThroughFiles(scenario, k);
            Assert.True(StateFixtures.Difference(one, first, second, k) is null, $"{file} split before event {k}: {StateFixtures.Difference(one, first, second, k)}");
            AssertValid(state, $"{file} state before event {k}");
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Split_ExampleAtEveryEvent_ThroughTheTool_ReportsWhatOneRunReports(string file)
    {
        var scenario = ReadExample(file);
        var one = CircRun.Of("simulate", Repository.PathOf(file), "--format", "json");
        Assert.Equal(ExitCodes.Ok, one.ExitCode);
        using var folder = new TempFolder();
        for (var k = 0; k <= scenario.Events.Count; k++)
        {
            var (first, second) = StateFixtures.SplitThroughCli(folder, scenario, k);
            Assert.True(StateFixtures.Difference(one.Stdout, first, second, k) is null, $"{file} split before event {k}: {StateFixtures.Difference(one.Stdout, first, second, k)}");
        }
    }

    [Fact]
    public void StateOut_WithEveryFormat_WritesTheSameStateBesideTheReport()
    {
        using var folder = new TempFolder();
        var example = Repository.PathOf("docs/examples/recall-and-hold-shelf.json");
        var states = new List<string>();
        foreach (var format in SimulateCommand.Formats)
        {
            var state = Path.Combine(folder.Path, format + ".state.json");
            var run = CircRun.Of("simulate", example, "--format", format, "--state-out", state);
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.NotEmpty(run.Stdout);
            states.Add(File.ReadAllText(state));
        }

        Assert.Single(states.Distinct(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(folder.Path, "text.state.json.tmp")));
    }

    [Fact]
    public void ExampleState_Committed_IsWhatTheWriterWritesNow()
    {
        var scenario = ReadExample("docs/examples/recall-and-hold-shelf.json");
        var written = StateWriter.Write(StateFile.Of(ScenarioReplayer.ReplayToDesk(scenario), EmbeddedPolicies.HarvardDefaultName));
        var committed = File.ReadAllText(Repository.PathOf("docs/examples/state/recall-and-hold-shelf.state.json")).ReplaceLineEndings("\n");
        Assert.Equal(written, committed);
        AssertValid(committed, "docs/examples/state/recall-and-hold-shelf.state.json");
    }

    [Fact]
    public void ExampleContinuation_FromTheCommittedState_ContinuesTheNumbering()
    {
        var run = CircRun.Of("simulate", Repository.PathOf("docs/examples/state/recall-continued.json"), "--format", "json",
            "--state-in", Repository.PathOf("docs/examples/state/recall-and-hold-shelf.state.json"));
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        using var report = JsonDocument.Parse(run.Stdout);
        var loans = report.RootElement.GetProperty("loans").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList();
        var requests = report.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(["L1", "L2", "L3"], loans);
        Assert.Equal(["R1", "R2", "R3"], requests);
        Assert.Empty(report.RootElement.GetProperty("refused").EnumerateArray());
        Assert.Contains(report.RootElement.GetProperty("balances").EnumerateObject(), b => b.Name == "10000004");
    }

    [Fact]
    public void WorkedExample_InStateMd_PrintsTheLinesItShows()
    {
        // docs/state.md shows the two commands and fragments of the second's output ("..." stands for lines and
        // columns left out); each fragment must be in a line the second command prints.
        var page = File.ReadAllText(Repository.PathOf("docs/state.md")).ReplaceLineEndings("\n");
        var block = page[page.IndexOf("### Worked example", StringComparison.Ordinal)..];
        block = block[(block.IndexOf("```\n", StringComparison.Ordinal) + 4)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("$ circ simulate docs/examples/recall-and-hold-shelf.json --state-out recall.state.json --summary > /dev/null", lines[0]);
        Assert.Equal("$ circ simulate docs/examples/state/recall-continued.json --state-in recall.state.json --summary", lines[1]);
        using var folder = new TempFolder();
        var state = Path.Combine(folder.Path, "recall.state.json");

        var first = CircRun.Of("simulate", Repository.PathOf("docs/examples/recall-and-hold-shelf.json"), "--state-out", state, "--summary");
        var second = CircRun.Of("simulate", Repository.PathOf("docs/examples/state/recall-continued.json"), "--state-in", state, "--summary");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.Stderr);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.Stderr);
        var fragments = lines.Skip(2).Where(l => l != "...").Select(l => l.EndsWith("  ...", StringComparison.Ordinal) ? l[..^5] : l).ToList();
        Assert.Equal(2, fragments.Count);
        foreach (var fragment in fragments)
        {
            Assert.True(second.OutputLines.Any(l => l.Contains(fragment, StringComparison.Ordinal)), $"not printed: '{fragment}'\n{second.Stdout}");
        }
    }

    [Fact]
    public void Changes_OfTheAnonymizationExample_AreTheCommittedLines()
    {
        // Every field of every line, fines, notices and the anonymization included (set UPDATE_EXAMPLES=1 to rewrite).
        var golden = Repository.PathOf("docs/examples/state/anonymization.changes.jsonl");
        var run = CircRun.Of("simulate", Repository.PathOf("docs/examples/anonymization.json"), "--format", "changes");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        if (Environment.GetEnvironmentVariable("UPDATE_EXAMPLES") == "1")
        {
            File.WriteAllText(golden, run.Stdout);
        }

        var committed = File.ReadAllText(golden).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(committed, run.OutputLines);
        Assert.Contains(committed, l => l.Contains("\"change\":\"fineFeeChanged\",\"what\":[\"balance\",\"status\",\"transaction\"]", StringComparison.Ordinal));
        Assert.Contains(committed, l => l.Contains("\"change\":\"noticeDecided\"", StringComparison.Ordinal));
        Assert.Contains(committed, l => l.StartsWith("{\"event\":null,", StringComparison.Ordinal) && l.Contains("\"what\":[\"anonymized\"],\"loan\":{\"id\":\"L1\",\"patronId\":null", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Changes_OfAnExample_EndAtTheStateTheRunWrites(string file)
    {
        using var folder = new TempFolder();
        var state = Path.Combine(folder.Path, "state.json");
        var run = CircRun.Of("simulate", Repository.PathOf(file), "--format", "changes", "--state-out", state);
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var kinds = new HashSet<string>(StringComparer.Ordinal)
        {
            "loanCreated", "loanChanged", "fineFeeCreated", "fineFeeChanged", "requestPlaced", "requestChanged", "sessionOpened", "sessionChanged",
            "noticeDecided", "noticeChanged", "claimsCounted", "sameInstantOrderChanged",
        };
        var last = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        var events = ReadExample(file).Events.Count;
        foreach (var line in run.OutputLines.Where(l => l.Length > 0))
        {
            var change = JsonNode.Parse(line)!.AsObject();
            Assert.Equal(["event", "at", "change", "what"], change.Select(p => p.Key).Take(4));
            Assert.Contains(change["change"]!.GetValue<string>(), kinds);
            Assert.True(change["event"] is null || change["event"]!.GetValue<int>() < events, line);
            foreach (var (key, id) in (ReadOnlySpan<(string, string)>)[("loan", "id"), ("fineFee", "transactionId"), ("request", "id"), ("session", "id"), ("notice", "sequence")])
            {
                if (change[key] is JsonObject record)
                {
                    last[key + ":" + record[id]!.ToJsonString()] = record;
                }
            }
        }

        var written = JsonNode.Parse(File.ReadAllText(state))!.AsObject();
        foreach (var (key, array, id) in (ReadOnlySpan<(string, string, string)>)[("loan", "loans", "id"), ("fineFee", "finesFees", "transactionId"), ("request", "requests", "id"), ("session", "sessions", "id"), ("notice", "notices", "sequence")])
        {
            foreach (var record in written[array]!.AsArray())
            {
                Assert.True(last.TryGetValue(key + ":" + record![id]!.ToJsonString(), out var changed), $"{file}: no change made {array} {record[id]}");
                if (key is not ("fineFee" or "notice"))
                {
                    // A fine still accruing and a notice's order move on with time alone; the others are as last changed.
                    Assert.True(JsonNode.DeepEquals(record, changed), $"{file}: {array} {record[id]} is {record.ToJsonString()}, last changed to {changed.ToJsonString()}");
                }
            }
        }
    }

    [Fact]
    public void Changes_FormatIsListedInTheUsage()
    {
        var help = CircRun.Of("simulate", "--help");
        Assert.Contains("changes", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--state-in", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--state-out", help.Stdout, StringComparison.Ordinal);
    }

    private static Property RoundTrip(Scenario scenario, IdNumbering ids)
    {
        var desk = DeskOf(scenario, ids);
        var state = StateFile.Of(desk, StateFixtures.PolicyName(scenario));
        var text = StateWriter.Write(state);
        var read = StateReader.Read(text);
        if (!read.IsValid)
        {
            return false.Label("read back: " + string.Join("; ", read.Problems));
        }

        var compact = StateWriter.Write(state, indented: false);
        return (read.State!.Snapshot == state.Snapshot).Label("snapshot read back")
            .And(read.State.Policy.Equals(state.Policy)).Label("policy read back")
            .And(StateWriter.Write(read.State) == text).Label("bytes written again")
            .And(StateReader.Read(compact).State?.Snapshot == state.Snapshot).Label("compact form read back")
            .And(IsValid(text)).Label("valid for state.schema.json");
    }

    /// <summary>Part of a desk (every other patron's accounts and every other item) written and read back: the same
    /// snapshot, its scope kept, the same bytes again, valid for the schema, and a desk restored from the file holds
    /// what the part holds.</summary>
    private static Property PartRoundTrip(Scenario scenario, IdNumbering ids)
    {
        var desk = DeskOf(scenario, ids);
        var patrons = scenario.Patrons.Where((_, i) => i % 2 == 0).Select(p => p.PrimaryId).ToArray();
        var items = scenario.Items.Where((_, i) => i % 2 == 1).Select(i => i.Barcode).ToArray();
        var part = desk.ToSnapshot(patrons, items);
        var state = new StateFile(desk.Policy, StateFixtures.PolicyName(scenario), part);
        var text = StateWriter.Write(state);
        var read = StateReader.Read(text);
        if (!read.IsValid)
        {
            return false.Label("read back: " + string.Join("; ", read.Problems));
        }

        return (read.State!.Snapshot == part).Label("part read back")
            .And(read.State.Snapshot.Scope is { } scope && scope == part.Scope).Label("scope read back")
            .And(StateWriter.Write(read.State) == text).Label("bytes written again")
            .And(read.State.Restore().ToSnapshot(patrons, items) == part).Label("restored from the file, the part is the same")
            .And(IsValid(text)).Label("valid for state.schema.json");
    }

    /// <summary>The desk a scenario ends with: replayed (dense ids), or run on a desk with scoped ids.</summary>
    private static CirculationDesk DeskOf(Scenario scenario, IdNumbering ids) => ids == IdNumbering.Dense
        ? ScenarioReplayer.ReplayToDesk(scenario)
        : Desk.SnapshotProperties.Run(Desk.SnapshotProperties.Open(scenario, ids), scenario.Events).AdvanceTo(scenario.AsOf);

    private static Property SplitLaw(Scenario scenario, int k)
    {
        var one = ScenarioReportJson.Write(ScenarioReplayer.Replay(scenario));
        var (first, second, _) = StateFixtures.SplitThroughFiles(scenario, k);
        var difference = StateFixtures.Difference(one, first, second, k);
        return (difference is null).Label($"split before event {k} of {scenario.Events.Count}: {difference}");
    }

    private static Gen<(Scenario Scenario, int Split)> SplitCases(Gen<ScenarioCase> scenarios) =>
        from generated in scenarios
        from split in Gen.Choose(0, generated.Scenario.Events.Count)
        select (generated.Scenario, split);

    private static Scenario ReadExample(string file)
    {
        var read = ScenarioReader.ReadFile(Repository.PathOf(file));
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        return read.Scenario!;
    }

    private static bool IsValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid;
    }

    private static void AssertValid(string json, string what)
    {
        using var document = JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(document.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{what}: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5)));
    }
}
