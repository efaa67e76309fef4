using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Orleans.Desks;
using NodaTime;

namespace Harvard.Circulation.Orleans.Tests.Cluster;

/// <summary>What a run of a scenario on one desk gave: its final state file and each event's answer.</summary>
/// <param name="StateJson">The desk's state at the scenario's <c>asOf</c>.</param>
/// <param name="Refusals">By event index: the refusal messages joined by a space, for the refused events.</param>
internal sealed record DeskRun(string StateJson, IReadOnlyDictionary<int, string> Refusals);

/// <summary>Replays scenarios on the single-host desk and through desk grains, the same way, for comparison.</summary>
internal static class ClusterDriver
{
    private static long retried;

    /// <summary>How many calls have needed a retry (failed at least once, then were answered).</summary>
    public static long Retried => Interlocked.Read(ref retried);

    /// <summary>A generated workload on the embedded default policy.</summary>
    public static Scenario Workload(int patrons, int items, int days, int seed) =>
        WorkloadGenerator.Generate(new WorkloadOptions(patrons, items, days, seed, EmbeddedPolicies.HarvardDefault));

    /// <summary>The state file a desk grain opens with: the scenario's desk before its first event.</summary>
    public static string OpeningState(Scenario scenario, IdNumbering ids = IdNumbering.Dense) =>
        StateWriter.Write(StateFile.Of(OpeningDesk(scenario, ids), "harvard-default"));

    /// <summary>The single desk's run (on a desk with the given numbering).</summary>
    public static DeskRun OnOneDesk(Scenario scenario, IdNumbering ids = IdNumbering.Dense)
    {
        // A scenario that starts from a state continues that desk, its numbering with it.
        var replay = ScenarioReplayer.ReplayWithDesk(
            ids == IdNumbering.Dense ? scenario : scenario with { Start = OpeningDesk(scenario, ids).ToSnapshot() }, null, null);
        return new DeskRun(
            StateWriter.Write(StateFile.Of(replay.Desk, "harvard-default")),
            replay.Report.Refused.ToDictionary(r => r.Event, r => r.Reason));
    }

    /// <summary>The run through a desk grain: each event an operation (retried on any failure but the desk's own
    /// refusal of bad input, with the same operation id), then the advance to <c>asOf</c>.</summary>
    /// <param name="grain">The desk grain.</param>
    /// <param name="scenario">The scenario.</param>
    /// <param name="beforeEvent">Called before each event with its index (to inject faults).</param>
    /// <param name="ids">The numbering of the desk the grain opens.</param>
    public static async Task<DeskRun> OnGrainAsync(ICirculationDeskGrain grain, Scenario scenario, Func<int, Task>? beforeEvent = null, IdNumbering ids = IdNumbering.Dense)
    {
        var opening = OpeningState(scenario, ids);
        await RetryAsync(() => grain.OpenAsync(opening));
        var refusals = new Dictionary<int, string>();
        foreach (var e in scenario.Events)
        {
            if (beforeEvent is not null)
            {
                await beforeEvent(e.Index);
            }

            var answer = await RetryAsync(() => grain.ActAsync($"event/{e.Index}", e));
            if (!answer.IsAllowed)
            {
                refusals[e.Index] = string.Join(" ", answer.Refusals.Select(r => r.Message));
            }
        }

        await RetryAsync(() => grain.AdvanceToAsync("asOf", scenario.AsOf));
        await RetryAsync(grain.DeliverNoticesAsync);
        return new DeskRun(await RetryAsync(grain.GetStateAsync), refusals);
    }

    /// <summary>The scenario's desk before its first event.</summary>
    public static CirculationDesk OpeningDesk(Scenario scenario, IdNumbering ids) =>
        CirculationDesk.Open(scenario.Policy, scenario.Patrons, scenario.Items, StartOf(scenario), scenario.Staff, ids);

    /// <summary>Calls until the call returns: a silo that died or a storage write that failed makes it throw; the
    /// desk's own answer to bad input (an argument or state error) is not retried.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var failed = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                var result = await call();
                if (failed)
                {
                    Interlocked.Increment(ref retried);
                }

                return result;
            }
            catch (Exception e) when (e is not ArgumentException and not InvalidOperationException && DateTime.UtcNow < deadline)
            {
                failed = true;
                await Task.Delay(100);
            }
        }
    }

    private static Instant StartOf(Scenario scenario) => scenario.Events.Count > 0 ? scenario.Events[0].At : scenario.AsOf;
}
