using BenchmarkDotNet.Attributes;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Orleans.Desks;
using Harvard.Circulation.Orleans.Hosting;
using Harvard.Circulation.Orleans.Notices;
using Microsoft.Extensions.DependencyInjection;
using Harvard.Circulation.Orleans.Tests.Cluster;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Harvard.Circulation.Benchmarks;

/// <summary>
/// A generated workload of 500 events (100 patrons, 30 days) replayed on a fresh desk: on the plain
/// <see cref="CirculationDesk"/> (<c>Silos = 0</c>, the peer) and through a desk grain on an in-process cluster of 1
/// or 3 silos with Orleans' memory grain storage — each action a grain call that journals it before answering.
/// Time and allocations are per event (the opening and the advance to <c>asOf</c> included, spread over the
/// events); allocations count the client and silos alike (they share the process). With the environment variable
/// <c>HARVARD_BENCH_STORAGE=in-process</c> the silos store in a process-wide dictionary through Orleans' binary
/// serializer instead (a stand-in for a database that answers at once).
/// </summary>
[MemoryDiagnoser]
public class DeskGrainBenchmarks
{
    private const int Events = 500;
    private Scenario workload = null!;
    private string opening = null!;
    private TestCluster? cluster;
    private int run;

    /// <summary>0: the plain desk; otherwise how many silos the cluster has.</summary>
    [Params(0, 1, 3)]
    public int Silos { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        workload = WorkloadGenerator.Generate(new WorkloadOptions(100, 1000, 30, 7, EmbeddedPolicies.HarvardDefault, Events));
        opening = BenchmarkCluster.OpeningState(workload);
        if (Silos > 0)
        {
            cluster = await BenchmarkCluster.StartAsync(Silos);
            var state = await Replay();
            var expected = StateWriter.Write(StateFile.Of(ScenarioReplayer.ReplayToDesk(workload), "harvard-default"));
            if (state != expected)
            {
                throw new InvalidOperationException("The desk grain ended in another state than the plain desk.");
            }
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task<string?> Replay()
    {
        if (cluster is null)
        {
            return ScenarioReplayer.ReplayToDesk(workload).Now.ToString();
        }

        var grain = cluster.Client.GetGrain<ICirculationDeskGrain>($"bench-{Interlocked.Increment(ref run)}");
        await grain.OpenAsync(opening);
        foreach (var e in workload.Events)
        {
            await grain.ActAsync($"e{e.Index}", e);
        }

        await grain.AdvanceToAsync("asOf", workload.AsOf);
        return run == 1 ? await grain.GetStateAsync() : null;
    }
}

/// <summary>An in-process cluster wired as a host would wire it for trying the package: memory grain storage (or,
/// for figures where a silo dies, storage that outlives it), a notice sender that counts.</summary>
internal static class BenchmarkCluster
{
    /// <summary>The state file a desk grain opens with: the workload's desk before its first event.</summary>
    public static string OpeningState(Scenario workload) =>
        StateWriter.Write(StateFile.Of(CirculationDesk.Open(workload.Policy, workload.Patrons, workload.Items, workload.Events[0].At, workload.Staff), "harvard-default"));

    public static async Task<TestCluster> StartAsync(int silos, bool storageOutlivesSilos = false)
    {
        var builder = new TestClusterBuilder((short)silos);
        if (storageOutlivesSilos || Environment.GetEnvironmentVariable("HARVARD_BENCH_STORAGE") == "in-process")
        {
            builder.AddSiloBuilderConfigurator<SharedStorageConfigurator>();
        }
        else
        {
            builder.AddSiloBuilderConfigurator<Configurator>();
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The policy the owner grains decide by (unused by desk grains).</summary>
    private static void Consortium(CirculationDeskOptions options)
    {
        options.ConsortiumPolicy = EmbeddedPolicies.HarvardDefault;
        options.ConsortiumPolicyName = "harvard-default";
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddHarvardCirculation(Consortium);
            siloBuilder.AddMemoryGrainStorage(CirculationDeskOptions.StorageName);
            siloBuilder.Services.AddSingleton<INoticeSender, CountingNoticeSender>();
        }
    }

    private sealed class SharedStorageConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddHarvardCirculation(Consortium);
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(CirculationDeskOptions.StorageName,
                (services, _) => new SharedGrainStorage(services.GetRequiredService<Serializer>()));
            siloBuilder.Services.AddSingleton<INoticeSender, CountingNoticeSender>();
        }
    }
}

/// <summary>Counts the notices handed over.</summary>
internal sealed class CountingNoticeSender : INoticeSender
{
    private static long sent;

    public static long Sent => Interlocked.Read(ref sent);

    public Task SendAsync(DeskNotice notice, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref sent);
        return Task.CompletedTask;
    }
}
