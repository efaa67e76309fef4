using Harvard.Circulation.Desk;
using Harvard.Circulation.Orleans.Tests.Cluster;
using Orleans.Runtime;

namespace Harvard.Circulation.Orleans.Tests.Desks;

/// <summary>
/// The same workloads with silos killed at random points mid-run and storage writes failing before and after they
/// store (a journal page's, the snapshot's, and the one recording notices as sent): every operation is retried
/// with its id until it is answered, and the desks still end in the single desk's state, with no event applied twice,
/// no item with two open loans (the state file is checked as it is read) and every notice handed over, only ever again
/// under its own id.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FaultTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Workloads_WithSilosKilledAndWritesFailing_StillEndInTheSingleDesksState()
    {
        // The third desk numbers scoped: its notices' sequences count within accounts, and its outbox must still
        // hand each over once.
        var desks = new[] { (Key: "fault-a", Seed: 21, Ids: IdNumbering.Dense), (Key: "fault-b", Seed: 22, Ids: IdNumbering.Dense), (Key: "fault-s", Seed: 23, Ids: IdNumbering.Scoped) }
            .Select(d => (d.Key, d.Seed, d.Ids, Scenario: d.Ids == IdNumbering.Dense
                ? ClusterDriver.Workload(patrons: 200, items: 2000, days: 90, d.Seed)
                : ClusterDriver.Workload(patrons: 100, items: 1000, days: 60, d.Seed)))
            .ToList();

        // One random source per desk (the desks run at once): the same faults each run.
        var randoms = desks.ToDictionary(d => d.Key, d => new Random(d.Seed));
        var faultsBefore = SharedGrainStorage.FailedOnPurpose;
        var kills = 0;
        var hostedKilled = 0;
        var retriedBefore = ClusterDriver.Retried;
        var killAt = new HashSet<int> { 250, 700 };
        var killing = new SemaphoreSlim(1, 1);

        async Task BeforeEvent(string key, int index)
        {
            var random = randoms[key];
            // Storage: about one write in fifty of this desk fails, before or after storing, whichever state it is.
            if (random.Next(50) == 0)
            {
                var state = random.Next(4) switch { 0 => "snapshot", 1 => "notices", _ => "journal-" };
                var fault = random.Next(2) == 0 ? WriteFault.BeforeStoring : WriteFault.AfterStoring;
                SharedGrainStorage.FailNextWrite((name, id) => name.StartsWith(state, StringComparison.Ordinal) && id.Key.ToString() == key, fault);
            }

            // Silos: at two points of the first desk's run, a secondary silo dies and a new one joins.
            if (key == desks[0].Key && killAt.Contains(index))
            {
                await killing.WaitAsync();
                try
                {
                    // The silo a desk is active on, when that is a secondary one (the primary holds the test
                    // cluster's membership table and is not killed).
                    var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
                    var hosts = (await management.GetDetailedGrainStatistics())
                        .Where(g => desks.Any(d => g.GrainId.Key.ToString() == d.Key))
                        .Select(g => g.SiloAddress).ToList();
                    var victim = fixture.Cluster.SecondarySilos.FirstOrDefault(s => hosts.Contains(s.SiloAddress));
                    if (victim is null)
                    {
                        // Both desks are on the primary silo: move this one to a secondary, which then dies with it.
                        victim = fixture.Cluster.SecondarySilos[random.Next(fixture.Cluster.SecondarySilos.Count)];
                        await fixture.Cluster.MigrateAsync(fixture.Desk(key), victim.SiloAddress);
                        await fixture.Desk(key).GetNowAsync();
                        hosts = (await management.GetDetailedGrainStatistics())
                            .Where(g => desks.Any(d => g.GrainId.Key.ToString() == d.Key))
                            .Select(g => g.SiloAddress).ToList();
                    }

                    hostedKilled += hosts.Contains(victim.SiloAddress) ? 1 : 0;
                    await fixture.Cluster.KillSiloAsync(victim);
                    await fixture.Cluster.StartAdditionalSiloAsync();
                    kills++;
                }
                finally
                {
                    killing.Release();
                }
            }
        }

        var runs = await Task.WhenAll(desks.Select(async d =>
            (d.Key, d.Scenario, d.Ids, Grain: await ClusterDriver.OnGrainAsync(fixture.Desk(d.Key), d.Scenario, i => BeforeEvent(d.Key, i), d.Ids))));
        SharedGrainStorage.ClearFaults();

        Assert.Equal(2, kills);
        Assert.True(hostedKilled >= 1, "no killed silo hosted a desk");
        Assert.True(ClusterDriver.Retried - retriedBefore >= 5, $"only {ClusterDriver.Retried - retriedBefore} calls were retried");
        Assert.True(SharedGrainStorage.FailedOnPurpose - faultsBefore >= 15, $"only {SharedGrainStorage.FailedOnPurpose - faultsBefore} writes failed on purpose");
        foreach (var (key, scenario, ids, grain) in runs)
        {
            var single = ClusterDriver.OnOneDesk(scenario, ids);
            Assert.Equal(single.Refusals.OrderBy(r => r.Key), grain.Refusals.OrderBy(r => r.Key));
            Assert.Equal(single.StateJson, grain.StateJson);
            NoticeChecks.EachDeliveredAsDecided(key, grain.StateJson, scenario.AsOf, allowRedelivery: true);
        }
    }
}
