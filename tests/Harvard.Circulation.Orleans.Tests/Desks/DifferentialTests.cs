using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Orleans.Tests.Cluster;

namespace Harvard.Circulation.Orleans.Tests.Desks;

/// <summary>
/// The cluster gives the same answers as one desk: generated workloads (hundreds of patrons, months of activity)
/// replayed through desk grains on a three-silo cluster end in the very state file the single desk ends in, with the
/// same events refused for the same reasons, and every notice handed to the sender.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DifferentialTests(ClusterFixture fixture)
{
    [Fact]
    public async Task GeneratedWorkloads_ThroughDeskGrainsOnThreeSilos_EndInTheSingleDesksState()
    {
        // Three desks at once, so their grains spread over the silos.
        var scenarios = new[] { (Key: "diff-a", Seed: 11), (Key: "diff-b", Seed: 12), (Key: "diff-c", Seed: 13) }
            .Select(d => (d.Key, Scenario: ClusterDriver.Workload(patrons: 200, items: 2000, days: 90, d.Seed)))
            .ToList();

        var runs = await Task.WhenAll(scenarios.Select(async s => (s.Key, s.Scenario, Grain: await ClusterDriver.OnGrainAsync(fixture.Desk(s.Key), s.Scenario))));

        foreach (var (key, scenario, grain) in runs)
        {
            var single = ClusterDriver.OnOneDesk(scenario);
            Assert.True(scenario.Events.Count > 1000, $"{key}: a workload of {scenario.Events.Count} events is too small to show anything.");
            Assert.NotEmpty(single.Refusals);
            Assert.Equal(single.Refusals.OrderBy(r => r.Key), grain.Refusals.OrderBy(r => r.Key));
            Assert.Equal(single.StateJson, grain.StateJson);
            NoticeChecks.EachDeliveredOnceAsDecided(key, grain.StateJson, scenario.AsOf);
        }
    }

    [Fact]
    public async Task GeneratedWorkload_WithScopedIds_ThroughADeskGrain_EndsInTheSingleScopedDesksState()
    {
        // The numbering a cluster of account and item grains needs (no desk-wide counter) through the grain as it is.
        var scenario = ClusterDriver.Workload(patrons: 100, items: 1000, days: 60, seed: 14);

        var grain = await ClusterDriver.OnGrainAsync(fixture.Desk("diff-scoped"), scenario, ids: IdNumbering.Scoped);

        var single = ClusterDriver.OnOneDesk(scenario, IdNumbering.Scoped);
        Assert.Equal(single.Refusals.OrderBy(r => r.Key), grain.Refusals.OrderBy(r => r.Key));
        Assert.Equal(single.StateJson, grain.StateJson);
        var snapshot = StateReader.Read(grain.StateJson).State!.Snapshot;
        Assert.Equal(IdNumbering.Scoped, snapshot.Numbering.Ids);
        Assert.NotEmpty(snapshot.Loans);
        Assert.All(snapshot.Loans, l => Assert.StartsWith(l.ItemBarcode + ":L", l.Id, StringComparison.Ordinal));
        Assert.All(snapshot.FinesFees, r => Assert.StartsWith(r.PatronId + ":F", r.TransactionId, StringComparison.Ordinal));
        NoticeChecks.EachDeliveredOnceAsDecided("diff-scoped", grain.StateJson, scenario.AsOf);
    }
}

/// <summary>What the outbox must have done for a desk.</summary>
internal static class NoticeChecks
{
    /// <summary>Every notice the desk decided before <paramref name="asOf"/> was handed to the sender, with what the
    /// desk records of it, and no notice was handed over twice.</summary>
    public static void EachDeliveredOnceAsDecided(string key, string stateJson, NodaTime.Instant asOf) =>
        EachDeliveredAsDecided(key, stateJson, asOf, allowRedelivery: false);

    /// <summary>As <see cref="EachDeliveredOnceAsDecided"/>, but a notice may have been handed over again with the same
    /// id (a silo died between sending it and recording that it was sent); returns how many were.</summary>
    public static int EachDeliveredAsDecided(string key, string stateJson, NodaTime.Instant asOf, bool allowRedelivery)
    {
        var read = StateReader.Read(stateJson);
        Assert.True(read.IsValid, string.Join("\n", read.Problems));
        // Ordered by patron and sequence, which name a notice under either numbering.
        var expected = read.State!.Snapshot.Notices.Where(n => n.At < asOf)
            .OrderBy(n => n.PatronId, StringComparer.Ordinal).ThenBy(n => n.Sequence)
            .Select(n => (n.Sequence, n.Type.ToString(), n.PatronId, n.At, n.RequestId, n.TransactionId))
            .ToList();
        var delivered = RecordingNoticeSender.All.Where(n => n.DeskKey == key).ToList();
        var distinct = delivered.DistinctBy(n => n.NoticeId).ToList();
        Assert.True(expected.Count > 0, $"{key}: no notice was decided; the check shows nothing.");
        Assert.Equal(
            expected,
            distinct.OrderBy(n => n.PatronId, StringComparer.Ordinal).ThenBy(n => n.Sequence).Select(n => (n.Sequence, ToTypeName(n.Type), n.PatronId, n.At, n.RequestId, n.TransactionId)).ToList());
        Assert.All(delivered.GroupBy(n => n.NoticeId), g => Assert.Single(g.Select(n => n).Distinct()));
        if (!allowRedelivery)
        {
            Assert.Equal(distinct.Count, delivered.Count);
        }

        return delivered.Count - distinct.Count;
    }

    private static string ToTypeName(string spelling) => char.ToUpperInvariant(spelling[0]) + spelling[1..];
}
