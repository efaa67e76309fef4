using System.Diagnostics;
using System.Globalization;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Orleans.Desks;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Harvard.Circulation.Benchmarks;

/// <summary>
/// What BenchmarkDotNet does not measure: the latency of each action through a desk grain (p50/p99), actions per
/// second with several desks driven at once, and how long a desk takes to answer again after the silo it was on
/// dies. Run with <c>--orleans-figures</c>; prints a Markdown table. The plain desk is measured the same way.
/// </summary>
internal static class ClusterFigures
{
    private const int Desks = 8;

    public static async Task RunAsync()
    {
        var workloads = Enumerable.Range(1, Desks)
            .Select(seed => WorkloadGenerator.Generate(new WorkloadOptions(100, 1000, 60, seed, EmbeddedPolicies.HarvardDefault, 1000)))
            .ToList();
        Console.WriteLine($"{Desks} desks at once, each a generated workload of {workloads[0].Events.Count} events (100 patrons, 60 days); times per action.");
        Console.WriteLine();
        Console.WriteLine("| where | actions/s | p50 | p99 | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Report("plain desk (one thread per desk)", await PlainAsync(workloads));
        foreach (var (silos, inProcess) in new[] { (1, false), (3, false), (1, true), (3, true) })
        {
            await using var cluster = await BenchmarkCluster.StartAsync(silos, storageOutlivesSilos: inProcess);
            var name = $"{silos}-{(inProcess ? "in-process" : "memory")}";
            await ReplayAsync(cluster, workloads, $"warm-up-{name}");
            Report($"desk grains, {silos} silo{(silos > 1 ? "s" : "")}, {(inProcess ? "in-process" : "memory")} storage", await ReplayAsync(cluster, workloads, $"run-{name}"));
        }

        Console.WriteLine();
        await RecoveryAsync(workloads[0]);
    }

    private static void Report(string where, (List<double> Latencies, TimeSpan Elapsed) run)
    {
        run.Latencies.Sort();
        string Micros(double ms) => (ms * 1000).ToString("N0", CultureInfo.InvariantCulture) + " µs";
        var perSecond = run.Latencies.Count / run.Elapsed.TotalSeconds;
        Console.WriteLine($"| {where} | {perSecond.ToString("N0", CultureInfo.InvariantCulture)} | {Micros(Percentile(run.Latencies, 0.50))} | {Micros(Percentile(run.Latencies, 0.99))} | {Micros(run.Latencies[^1])} |");
    }

    /// <summary>The p-th fraction of sorted latencies (nearest rank).</summary>
    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>The workloads on plain desks, one thread each: every action's latency and the time of all.</summary>
    internal static async Task<(List<double>, TimeSpan)> PlainAsync(List<Scenario> workloads, IdNumbering ids = IdNumbering.Dense)
    {
        var clock = Stopwatch.StartNew();
        var perDesk = await Task.WhenAll(workloads.Select(w => Task.Run(() =>
        {
            var latencies = new List<double>(w.Events.Count);
            var desk = CirculationDesk.Open(w.Policy, w.Patrons, w.Items, w.Events[0].At, w.Staff, ids);
            var staff = w.Staff.ToDictionary(s => s.Id, StringComparer.Ordinal);
            foreach (var e in w.Events)
            {
                var started = Stopwatch.GetTimestamp();
                desk = ScenarioReplayer.Step(desk, e, staff).Decision.Result;
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return latencies;
        })));
        return ([.. perDesk.SelectMany(l => l)], clock.Elapsed);
    }

    private static async Task<(List<double>, TimeSpan)> ReplayAsync(TestCluster cluster, List<Scenario> workloads, string run)
    {
        var clock = Stopwatch.StartNew();
        var perDesk = await Task.WhenAll(workloads.Select(async (w, i) =>
        {
            var latencies = new List<double>(w.Events.Count);
            var grain = cluster.Client.GetGrain<ICirculationDeskGrain>($"{run}-{i}");
            await grain.OpenAsync(BenchmarkCluster.OpeningState(w));
            foreach (var e in w.Events)
            {
                var started = Stopwatch.GetTimestamp();
                await grain.ActAsync($"e{e.Index}", e);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return latencies;
        }));
        return ([.. perDesk.SelectMany(l => l)], clock.Elapsed);
    }

    /// <summary>A desk on a secondary silo of three takes half its workload; the silo is killed; the time until the
    /// desk answers the next action (retried until it does) is the recovery time. Three times.</summary>
    private static async Task RecoveryAsync(Scenario workload)
    {
        Console.WriteLine("| recovery after the desk's silo is killed (3 silos) | time to the next answer | replayed on activation |");
        Console.WriteLine("|---|---:|---:|");
        await using var cluster = await BenchmarkCluster.StartAsync(3, storageOutlivesSilos: true);
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var perSnapshot = new CirculationDeskOptions().OperationsPerSnapshot;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            ICirculationDeskGrain? grain = null;
            SiloHandle? host = null;
            for (var key = 0; host is null; key++)
            {
                grain = cluster.Client.GetGrain<ICirculationDeskGrain>($"recovery-{attempt}-{key}");
                await grain.OpenAsync(BenchmarkCluster.OpeningState(workload));
                var grainId = ((GrainReference)grain).GrainId;
                var silo = (await management.GetDetailedGrainStatistics()).FirstOrDefault(g => g.GrainId == grainId)?.SiloAddress;
                host = cluster.SecondarySilos.FirstOrDefault(s => s.SiloAddress == silo);
            }

            var half = workload.Events.Count / 2;
            foreach (var e in workload.Events.Take(half))
            {
                await grain!.ActAsync($"e{e.Index}", e);
            }

            await cluster.KillSiloAsync(host);
            var clock = Stopwatch.StartNew();
            var next = workload.Events[half];
            while (true)
            {
                try
                {
                    await grain!.ActAsync($"e{next.Index}", next);
                    break;
                }
                catch (Exception e) when (e is not ArgumentException and not InvalidOperationException)
                {
                    await Task.Delay(50);
                }
            }

            Console.WriteLine($"| attempt {attempt} | {clock.Elapsed.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)} ms | {half % perSnapshot} operations after a snapshot at {half - half % perSnapshot} |");
            await cluster.StartAdditionalSiloAsync();
        }
    }
}
