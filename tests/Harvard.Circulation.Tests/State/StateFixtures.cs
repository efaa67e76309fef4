using System.Text.Json.Nodes;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Tests.Cli;

namespace Harvard.Circulation.Tests.State;

/// <summary>Splitting a scenario in two at an event, and comparing the reports of one run and of two runs joined by a
/// state file.</summary>
internal static class StateFixtures
{
    /// <summary>The scenario before event <paramref name="k"/>: the events before it, reported at the instant of event
    /// <paramref name="k"/> (the scenario's asOf when <paramref name="k"/> is past the last event), so the state is
    /// written where the second part starts; no queries (they are the second part's).</summary>
    public static Scenario First(Scenario scenario, int k) => scenario with
    {
        Events = [.. scenario.Events.Take(k)],
        AsOf = k < scenario.Events.Count ? scenario.Events[k].At : scenario.AsOf,
        Queries = [],
    };

    /// <summary>The scenario from event <paramref name="k"/> on, reported at the scenario's asOf.</summary>
    public static Scenario Second(Scenario scenario, int k) => scenario with
    {
        Events = [.. scenario.Events.Skip(k).Select((e, i) => e with { Index = i })],
    };

    /// <summary>The name to write a scenario's policy by: harvard-default when it is the embedded policy, else inline.</summary>
    public static string? PolicyName(Scenario scenario) =>
        scenario.Policy.Equals(EmbeddedPolicies.HarvardDefault) ? EmbeddedPolicies.HarvardDefaultName : null;

    /// <summary>Replays the scenario split at <paramref name="k"/> through the library's files: the first part written
    /// and read back as a scenario, its desk written and read back as a state, the second part written and read back
    /// continuing that state. Returns the joined report's JSON and the first part's (for the events it refused).</summary>
    public static (string First, string Second, string StateText) SplitThroughFiles(Scenario scenario, int k)
    {
        var name = PolicyName(scenario);
        var first = ScenarioReader.Read(ScenarioWriter.Write(First(scenario, k), name));
        Assert.True(first.IsValid, string.Join("; ", first.Problems));
        var replay = ScenarioReplayer.ReplayWithDesk(first.Scenario!, null, null);
        var stateText = StateWriter.Write(StateFile.Of(replay.Desk, name));
        var state = StateReader.Read(stateText);
        Assert.True(state.IsValid, string.Join("; ", state.Problems));
        var second = ScenarioReader.Read(ScenarioWriter.Write(Second(scenario, k), name), null, null, state.State);
        Assert.True(second.IsValid, $"split at {k}: " + string.Join("; ", second.Problems));
        return (ScenarioReportJson.Write(replay.Report), ScenarioReportJson.Write(ScenarioReplayer.Replay(second.Scenario!)), stateText);
    }

    /// <summary>Whether the joined run reports what one run reports: every figure at asOf the same, and the events
    /// refused and searches of one run those of the first part followed by those of the second (its event indexes
    /// counted on by <paramref name="k"/>). Null when they agree, else what differs.</summary>
    public static string? Difference(string oneRun, string first, string second, int k)
    {
        var one = JsonNode.Parse(oneRun)!.AsObject();
        var a = JsonNode.Parse(first)!.AsObject();
        var b = JsonNode.Parse(second)!.AsObject();
        foreach (var (name, value) in one)
        {
            if (name is "refused" or "searches")
            {
                var joined = new JsonArray();
                foreach (var row in a[name]!.AsArray())
                {
                    joined.Add(row!.DeepClone());
                }

                foreach (var row in b[name]!.AsArray())
                {
                    var shifted = row!.DeepClone().AsObject();
                    shifted["event"] = shifted["event"]!.GetValue<int>() + k;
                    joined.Add(shifted);
                }

                if (!JsonNode.DeepEquals(value, joined))
                {
                    return $"{name}: one run {value?.ToJsonString()}, joined {joined.ToJsonString()}";
                }
            }
            else if (!JsonNode.DeepEquals(value, b[name]))
            {
                return $"{name}: one run {value?.ToJsonString()}, joined {b[name]?.ToJsonString()}";
            }
        }

        return null;
    }

    /// <summary>The same split through the tool: <c>circ simulate A --state-out S --format json</c>, then
    /// <c>circ simulate B --state-in S --format json</c>. Returns the two reports.</summary>
    public static (string First, string Second) SplitThroughCli(TempFolder folder, Scenario scenario, int k)
    {
        var name = PolicyName(scenario);
        var a = folder.Write($"a{k}.json", ScenarioWriter.Write(First(scenario, k), name));
        var b = folder.Write($"b{k}.json", ScenarioWriter.Write(Second(scenario, k), name));
        var state = Path.Combine(folder.Path, $"s{k}.json");
        var first = CircRun.Of("simulate", a, "--format", "json", "--state-out", state);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var second = CircRun.Of("simulate", b, "--format", "json", "--state-in", state);
        Assert.True(second.ExitCode == 0, second.Stderr);
        return (first.Stdout, second.Stdout);
    }

    /// <summary>The docs' example scenarios.</summary>
    public static IEnumerable<string> Examples() =>
        Directory.GetFiles(Repository.PathOf("docs/examples"), "*.json")
            .Where(f => !f.EndsWith(".expected.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => "docs/examples/" + Path.GetFileName(f));
}
