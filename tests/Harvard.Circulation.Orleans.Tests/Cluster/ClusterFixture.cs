using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Orleans.Desks;
using Harvard.Circulation.Orleans.Hosting;
using Harvard.Circulation.Orleans.Notices;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Harvard.Circulation.Orleans.Tests.Cluster;

/// <summary>An in-process test cluster of three silos wired as a host wires them, with the shared storage and the
/// recording sender; time is driven by the tests (no clock is read).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>A desk grain by key.</summary>
    public ICirculationDeskGrain Desk(string key) => Cluster.Client.GetGrain<ICirculationDeskGrain>(key);

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <inheritdoc/>
    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddHarvardCirculation(o =>
            {
                // Small, so that runs cross many snapshots and page boundaries.
                o.OperationsPerSnapshot = 37;
                o.OperationsPerJournalPage = 5;
                o.ConsortiumPolicy = EmbeddedPolicies.HarvardDefault;
                o.ConsortiumPolicyName = "harvard-default";
            });
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(CirculationDeskOptions.StorageName,
                (services, _) => new SharedGrainStorage(services.GetRequiredService<Serializer>()));
            siloBuilder.Services.AddSingleton<INoticeSender, RecordingNoticeSender>();
        }
    }
}

/// <summary>The tests that share one cluster (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cluster";
}
