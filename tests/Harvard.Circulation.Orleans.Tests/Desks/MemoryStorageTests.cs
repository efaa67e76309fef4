using Harvard.Circulation.Orleans.Desks;
using Harvard.Circulation.Orleans.Hosting;
using Harvard.Circulation.Orleans.Notices;
using Harvard.Circulation.Orleans.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Harvard.Circulation.Orleans.Tests.Desks;

/// <summary>Wired as docs/orleans.md shows for trying the package — Orleans' memory grain storage — a desk deactivated
/// mid-run comes back from what that storage kept (its own serializer, not the tests' storage).</summary>
public sealed class MemoryStorageTests
{
    [Fact]
    public async Task Desk_DeactivatedMidRun_ComesBackFromMemoryStorage_AndEndsInTheSingleDesksState()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<MemoryStorageSilo>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        var scenario = ClusterDriver.Workload(patrons: 30, items: 300, days: 30, seed: 9);
        var grain = cluster.Client.GetGrain<ICirculationDeskGrain>("memory");
        await grain.OpenAsync(ClusterDriver.OpeningState(scenario));
        var refusals = new Dictionary<int, string>();
        foreach (var e in scenario.Events)
        {
            if (e.Index % 25 == 24)
            {
                await cluster.DeactivateAsync(grain);
            }

            var answer = await grain.ActAsync($"event/{e.Index}", e);
            if (!answer.IsAllowed)
            {
                refusals[e.Index] = string.Join(" ", answer.Refusals.Select(r => r.Message));
            }
        }

        await grain.AdvanceToAsync("asOf", scenario.AsOf);
        var single = ClusterDriver.OnOneDesk(scenario);
        Assert.Equal(single.Refusals.OrderBy(r => r.Key), refusals.OrderBy(r => r.Key));
        Assert.Equal(single.StateJson, await grain.GetStateAsync());
    }

    private sealed class MemoryStorageSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddHarvardCirculation(o => o.OperationsPerSnapshot = 30);
            siloBuilder.AddMemoryGrainStorage(CirculationDeskOptions.StorageName);
            siloBuilder.Services.AddSingleton<INoticeSender, RecordingNoticeSender>();
        }
    }
}
