using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Orleans.Owners;
using Orleans.TestingHost;

namespace Harvard.Circulation.Benchmarks;

/// <summary>
/// The latency of each action through account and item grains (an operation grain per action: hold the owners,
/// decide, store the intent, install each), and actions per second with several desks driven at once, beside the
/// plain scoped desk. Run with <c>--orleans-owner-figures</c>; prints a Markdown table.
/// </summary>
internal static class OwnerFigures
{
    private const int Desks = 4;

    public static async Task RunAsync()
    {
        var workloads = Enumerable.Range(1, Desks)
            .Select(seed => WorkloadGenerator.Generate(new WorkloadOptions(100, 1000, 60, seed, EmbeddedPolicies.HarvardDefault, 500)))
            .ToList();
        // What each event names, found before the clock starts (the host's indexes: the scoped desk beside it).
        var plans = workloads.Select(Plan).ToList();
        Console.WriteLine($"{Desks} desks at once, each a generated workload of {workloads[0].Events.Count} events (100 patrons, 1,000 items, 60 days), scoped ids; times per action.");
        Console.WriteLine();
        var named = plans.SelectMany(p => p).Select(p => p.Named.Length).Order().ToList();
        var everyone = plans.SelectMany(p => p).Count(p => p.Named.Length > 100);
        Console.WriteLine($"Owners named per action: median {named[named.Count / 2]}; {everyone} of {named.Count} actions name everyone (a bursar export of all, a patron search), gathering all 1,100 owners of their desk.");
        Console.WriteLine();
        Console.WriteLine("| where | actions/s | p50 | p99 | max | allocated per action (whole process) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Report("plain scoped desk (one thread per desk)", await PlainAsync(workloads));
        foreach (var silos in new[] { 1, 3 })
        {
            await using var cluster = await BenchmarkCluster.StartAsync(silos, storageOutlivesSilos: true);
            await ReplayAsync(cluster, workloads, plans, $"warm{silos}");
            Report($"owner grains, {silos} silo{(silos > 1 ? "s" : string.Empty)}, in-process storage", await ReplayAsync(cluster, workloads, plans, $"run{silos}"));
        }

        Console.WriteLine();
        await RecoveryAsync(workloads[0], plans[0]);
    }

    /// <summary>One desk's owners take half its workload on three silos; a secondary silo is killed (owners and
    /// operations on it are lost from memory, not from storage); the time until the next action is answered (retried
    /// until it is) is the recovery time. Three times, each on a fresh desk.</summary>
    private static async Task RecoveryAsync(Scenario workload, List<(ScenarioEvent Event, int Place, ImmutableArray<string> Named)> plan)
    {
        Console.WriteLine("| recovery after a silo is killed (3 silos) | time to the next answer |");
        Console.WriteLine("|---|---:|");
        await using var cluster = await BenchmarkCluster.StartAsync(3, storageOutlivesSilos: true);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var run = $"recovery{attempt}";
            var desk = CirculationDesk.Open(workload.Policy, workload.Patrons, workload.Items, workload.Events[0].At, workload.Staff, IdNumbering.Scoped);
            foreach (var owner in OwnerRecords.Split(desk.ToSnapshot()))
            {
                var key = owner.PatronId is { } p ? OwnerKeys.Patron(run, p) : OwnerKeys.Item(run, owner.ItemBarcode!);
                await cluster.Client.GetGrain<IOwnerGrain>(key).PlaceAsync(OwnerState.Of(owner, workload.Policy, "harvard-default"));
            }

            var half = plan.Count / 2;
            foreach (var (e, place, named) in plan.Take(half))
            {
                await cluster.Client.GetGrain<IOwnerOperationGrain>($"{run}/e{e.Index}").ActAsync(e, place, [.. named.Select(k => $"{run}/{k}")]);
            }

            await cluster.KillSiloAsync(cluster.SecondarySilos[^1]);
            var clock = Stopwatch.StartNew();
            var (next, nextPlace, nextNamed) = plan[half];
            while (true)
            {
                try
                {
                    await cluster.Client.GetGrain<IOwnerOperationGrain>($"{run}/e{next.Index}").ActAsync(next, nextPlace, [.. nextNamed.Select(k => $"{run}/{k}")]);
                    break;
                }
                catch (Exception e) when (e is not ArgumentException and not InvalidOperationException)
                {
                    await Task.Delay(50);
                }
            }

            Console.WriteLine($"| attempt {attempt} | {clock.Elapsed.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)} ms |");
            await cluster.StartAdditionalSiloAsync();
        }
    }

    /// <summary>Each event with its place and the owners it names (keys without the desk).</summary>
    private static List<(ScenarioEvent Event, int Place, ImmutableArray<string> Named)> Plan(Scenario workload)
    {
        var desk = CirculationDesk.Open(workload.Policy, workload.Patrons, workload.Items, workload.Events[0].At, workload.Staff, IdNumbering.Scoped);
        var everyone = workload.Patrons.Select(p => "patron/" + p.PrimaryId).Concat(workload.Items.Select(i => "item/" + i.Barcode)).ToImmutableArray();
        var staff = workload.Staff.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var plan = new List<(ScenarioEvent, int, ImmutableArray<string>)>();
        foreach (var e in workload.Events)
        {
            var at = e.At > desk.Now ? desk.AdvanceTo(e.At) : desk;
            var named = new List<string>();
            if (e.Patron is { } patron && at.Patrons.FindByPrimaryId(patron) is not null) named.Add("patron/" + patron);
            if (e.Item is { } item && at.FindItem(item) is not null) named.Add("item/" + item);
            if (e.TransactionId is { } id && at.FindFineFee(id) is { } record) named.Add("patron/" + record.PatronId);
            if (e.Type == ScenarioEventType.CancelRequest && e.Id is { } requestId && at.FindRequest(requestId) is { } request)
            {
                named.Add("patron/" + request.PatronId);
                named.Add("item/" + request.ItemBarcode);
            }

            if (e.Session is { } sessionId && at.FindSession(sessionId) is { } session) named.Add("patron/" + session.PatronId);
            if (e.Type == ScenarioEventType.OpenSession && e.Staff is { } member)
            {
                named.AddRange(at.ToSnapshot().Sessions.Where(s => s.StaffId == member && s.ClosedAt is null).Select(s => "patron/" + s.PatronId));
            }

            var all = named.Count == 0 || (e.Type == ScenarioEventType.ExportToBursar && e.Patron is null);
            plan.Add((e, at.ActionsAtNow, all ? everyone : [.. named.Distinct(StringComparer.Ordinal)]));
            desk = ScenarioReplayer.Step(desk, e, staff).Decision.Result;
        }

        return plan;
    }

    private static void Report(string where, (List<double> Latencies, TimeSpan Elapsed, long Allocated) run)
    {
        run.Latencies.Sort();
        string Micros(double ms) => (ms * 1000).ToString("N0", CultureInfo.InvariantCulture) + " µs";
        var perSecond = run.Latencies.Count / run.Elapsed.TotalSeconds;
        Console.WriteLine($"| {where} | {perSecond.ToString("N0", CultureInfo.InvariantCulture)} | {Micros(ClusterFigures.Percentile(run.Latencies, 0.50))} | {Micros(ClusterFigures.Percentile(run.Latencies, 0.99))} | {Micros(run.Latencies[^1])} | {(run.Allocated / 1024.0 / run.Latencies.Count).ToString("N1", CultureInfo.InvariantCulture)} KB |");
    }

    private static async Task<(List<double>, TimeSpan, long)> PlainAsync(List<Scenario> workloads)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var (latencies, elapsed) = await ClusterFigures.PlainAsync(workloads, IdNumbering.Scoped);
        return (latencies, elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    private static async Task<(List<double>, TimeSpan, long)> ReplayAsync(TestCluster cluster, List<Scenario> workloads, List<List<(ScenarioEvent Event, int Place, ImmutableArray<string> Named)>> plans, string run)
    {
        // Placing the owners is setup, not measured.
        await Task.WhenAll(workloads.Select(async (w, i) =>
        {
            var desk = CirculationDesk.Open(w.Policy, w.Patrons, w.Items, w.Events[0].At, w.Staff, IdNumbering.Scoped);
            foreach (var owner in OwnerRecords.Split(desk.ToSnapshot()))
            {
                var key = owner.PatronId is { } p ? OwnerKeys.Patron($"{run}-{i}", p) : OwnerKeys.Item($"{run}-{i}", owner.ItemBarcode!);
                await cluster.Client.GetGrain<IOwnerGrain>(key).PlaceAsync(OwnerState.Of(owner, w.Policy, "harvard-default"));
            }
        }));

        // Everything the process allocates while the actions run: client, silos and storage share it.
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var perDesk = await Task.WhenAll(plans.Select(async (plan, i) =>
        {
            var latencies = new List<double>(plan.Count);
            foreach (var (e, place, named) in plan)
            {
                ImmutableArray<string> keys = [.. named.Select(k => $"{run}-{i}/{k}")];
                var started = Stopwatch.GetTimestamp();
                await cluster.Client.GetGrain<IOwnerOperationGrain>($"{run}-{i}/e{e.Index}").ActAsync(e, place, keys);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return latencies;
        }));
        return ([.. perDesk.SelectMany(l => l)], clock.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }
}
