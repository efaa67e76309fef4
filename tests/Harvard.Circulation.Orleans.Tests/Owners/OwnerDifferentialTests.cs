using System.Collections.Immutable;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Orleans.Owners;
using Harvard.Circulation.Orleans.Tests.Cluster;
using Harvard.Circulation.Orleans.Tests.Desks;
using NodaTime;

namespace Harvard.Circulation.Orleans.Tests.Owners;

/// <summary>
/// A desk kept owner by owner on the three-silo cluster — a grain per patron account and per item, an operation
/// grain per action — gives the single scoped desk's answers: every event decided the same, for the same reasons,
/// each owner ending with exactly the records and ties the single desk's split gives it, and every notice handed to
/// the sender once. The same with storage writes failing between the writes of an operation (its intent, an owner's
/// hold or install, the record of notices sent) and a silo killed mid-run.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OwnerDifferentialTests(ClusterFixture fixture)
{
    [Fact]
    public async Task GeneratedWorkload_ThroughAccountAndItemGrains_EndsAsTheSingleScopedDesk()
    {
        var scenario = ClusterDriver.Workload(patrons: 200, items: 1000, days: 90, seed: 31);

        var run = await OwnerDriver.RunAsync(fixture, scenario, "owners-a");

        Assert.True(scenario.Events.Count > 300, $"a workload of {scenario.Events.Count} events is too small to show anything.");
        Assert.NotEmpty(run.Expected.Refusals);
        Assert.Equal(run.Expected.Refusals.OrderBy(r => r.Key), run.Refusals.OrderBy(r => r.Key));
        OwnerDriver.AssertSameOwners(run.ExpectedOwners, run.Owners);
        Assert.True(run.LargestGather > 2, "no action gathered more than two owners: the ties were not exercised.");
        OwnerDriver.AssertNoticesDeliveredOnce(run, allowRedelivery: false);
    }

    [Fact]
    public async Task GeneratedWorkload_WithWritesFailingAndASiloKilled_StillEndsAsTheSingleScopedDesk()
    {
        var scenario = ClusterDriver.Workload(patrons: 80, items: 500, days: 90, seed: 32);
        var random = new Random(32);
        var faultsBefore = SharedGrainStorage.FailedOnPurpose;
        // Two silos die at points of the run the seed picks (the same each run).
        var killAt = new HashSet<int> { random.Next(50, scenario.Events.Count / 2), random.Next(scenario.Events.Count / 2, scenario.Events.Count) };
        var killed = 0;

        async Task BeforeEvent(int index)
        {
            // About one event in eight meets a failing write: the operation's own (before its intent, or the intent
            // itself), an owner's hold or install, or an account's record of notices sent; before or after storing.
            if (random.Next(8) == 0)
            {
                var state = random.Next(3) switch { 0 => "operation", 1 => "owner", _ => "notices" };
                var fault = random.Next(2) == 0 ? WriteFault.BeforeStoring : WriteFault.AfterStoring;
                SharedGrainStorage.FailNextWrite((name, _) => name == state, fault);
            }

            if (killAt.Contains(index) && fixture.Cluster.SecondarySilos.Count > 0)
            {
                // A silo dies mid-run and another joins: the grains on it come back elsewhere from storage.
                var victim = fixture.Cluster.SecondarySilos[^1];
                await fixture.Cluster.KillSiloAsync(victim);
                await fixture.Cluster.StartAdditionalSiloAsync();
                killed++;
            }
        }

        var run = await OwnerDriver.RunAsync(fixture, scenario, "owners-f", BeforeEvent);
        SharedGrainStorage.ClearFaults();

        Assert.Equal(2, killed);
        Assert.True(SharedGrainStorage.FailedOnPurpose - faultsBefore > 10, $"only {SharedGrainStorage.FailedOnPurpose - faultsBefore} writes failed: the faults were not exercised.");
        Assert.Equal(run.Expected.Refusals.OrderBy(r => r.Key), run.Refusals.OrderBy(r => r.Key));
        OwnerDriver.AssertSameOwners(run.ExpectedOwners, run.Owners);
        OwnerDriver.AssertNoticesDeliveredOnce(run, allowRedelivery: true);
    }
}

/// <summary>What a run through owner grains gave, beside the single desk's.</summary>
internal sealed record OwnerRun(
    DeskRun Expected,
    IReadOnlyDictionary<int, string> Refusals,
    IReadOnlyList<OwnerRecords> ExpectedOwners,
    IReadOnlyDictionary<string, OwnerRecords> Owners,
    CirculationDesk Single,
    Instant AsOf,
    string Consortium,
    int LargestGather);

/// <summary>Replays a scenario through owner grains, the single scoped desk beside it.</summary>
internal static class OwnerDriver
{
    public static async Task<OwnerRun> RunAsync(ClusterFixture fixture, Scenario scenario, string run, Func<int, Task>? beforeEvent = null)
    {
        var factory = fixture.Cluster.Client;
        var policy = EmbeddedPolicies.HarvardDefault;

        // The single desk runs beside the grains: it is also the host's index of the ids the host gave (requests,
        // sessions) and of staff members' open sessions, which name the owners an event reaches.
        var single = ClusterDriver.OpeningDesk(scenario, IdNumbering.Scoped);
        var owners = OwnerRecords.Split(single.ToSnapshot());
        var keys = owners.Select(o => Key(run, o)).ToImmutableArray();
        await Task.WhenAll(owners.Select(o => ClusterDriver.RetryAsync(async () =>
        {
            await factory.GetGrain<IOwnerGrain>(Key(run, o)).PlaceAsync(OwnerState.Of(o, policy, "harvard-default"));
            return true;
        })));

        var refusals = new Dictionary<int, string>();
        var largest = 0;
        foreach (var e in scenario.Events)
        {
            if (beforeEvent is not null)
            {
                await beforeEvent(e.Index);
            }

            var named = Named(run, single, e) is { } some ? some : keys;
            var place = single.AdvanceTo(e.At).ActionsAtNow;
            single = (e.Type == ScenarioEventType.SearchPatrons ? Decision<CirculationDesk>.Allow(single.AdvanceTo(e.At)) : ScenarioReplayer.Apply(single, e)).Result;
            var answer = await ClusterDriver.RetryAsync(() =>
                factory.GetGrain<IOwnerOperationGrain>($"{run}/event/{e.Index}").ActAsync(e, place, [.. named]));
            largest = Math.Max(largest, named.Count);
            if (!answer.IsAllowed)
            {
                refusals[e.Index] = string.Join(" ", answer.Refusals.Select(r => r.Message));
            }
        }

        // Every owner moved on to asOf (those already there come back as they are), then the outboxes emptied.
        foreach (var key in keys)
        {
            await ClusterDriver.RetryAsync(() => factory.GetGrain<IOwnerOperationGrain>($"asOf/{key}").AdvanceAsync(scenario.AsOf, [key]));
        }

        SharedGrainStorage.ClearFaults();
        foreach (var key in keys.Where(k => OwnerKeys.Parse(k).Kind == "patron"))
        {
            await ClusterDriver.RetryAsync(() => factory.GetGrain<IOwnerGrain>(key).DeliverNoticesAsync());
        }

        var stored = new Dictionary<string, OwnerRecords>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var state = await ClusterDriver.RetryAsync(() => factory.GetGrain<IOwnerGrain>(key).GetAsync());
            var records = state!.ToRecords();
            stored[Key("expected", records)] = records;
        }

        single = single.AdvanceTo(scenario.AsOf);
        return new OwnerRun(
            ClusterDriver.OnOneDesk(scenario, IdNumbering.Scoped), refusals, OwnerRecords.Split(single.ToSnapshot()), stored, single, scenario.AsOf, run, largest);
    }

    /// <summary>Each owner holds what the single desk's split gives it, but for the count of actions at the last
    /// instant (the whole desk's alone).</summary>
    public static void AssertSameOwners(IReadOnlyList<OwnerRecords> expected, IReadOnlyDictionary<string, OwnerRecords> owners)
    {
        Assert.Equal(expected.Count, owners.Count);
        foreach (var owner in expected)
        {
            var actual = owners[Key("expected", owner)];
            Assert.Equal(owner.Ties, actual.Ties);
            Assert.Equal(Comparable(owner.Records), Comparable(actual.Records));
        }
    }

    /// <summary>Every notice the single desk decided before asOf was handed to the sender, as decided; none twice
    /// unless <paramref name="allowRedelivery"/> (then only again under its own id).</summary>
    public static void AssertNoticesDeliveredOnce(OwnerRun run, bool allowRedelivery) =>
        NoticeChecks.EachDeliveredAsDecided(run.Consortium, run.Expected.StateJson, run.AsOf, allowRedelivery);

    private static DeskSnapshot Comparable(DeskSnapshot snapshot) => snapshot with
    {
        SameInstant = snapshot.SameInstant is { } order && (order.FinesFees.Count > 0 || order.Notices.Count > 0) ? order with { Actions = 0 } : null,
    };

    /// <summary>The owners an event names, as the host's indexes find them; null when it names no one (everyone).</summary>
    private static IReadOnlyList<string>? Named(string run, CirculationDesk desk, ScenarioEvent e)
    {
        desk = e.At > desk.Now ? desk.AdvanceTo(e.At) : desk;
        var keys = new List<string>();
        if (e.Patron is { } patron && desk.Patrons.FindByPrimaryId(patron) is not null)
        {
            keys.Add(OwnerKeys.Patron(run, patron));
        }

        if (e.Item is { } item && desk.FindItem(item) is not null)
        {
            keys.Add(OwnerKeys.Item(run, item));
        }

        if (e.TransactionId is { } id && desk.FindFineFee(id) is { } record)
        {
            keys.Add(OwnerKeys.Patron(run, record.PatronId));
        }

        if (e.Type == ScenarioEventType.CancelRequest && e.Id is { } requestId && desk.FindRequest(requestId) is { } request)
        {
            keys.Add(OwnerKeys.Patron(run, request.PatronId));
            keys.Add(OwnerKeys.Item(run, request.ItemBarcode));
        }

        if (e.Session is { } sessionId && desk.FindSession(sessionId) is { } session)
        {
            keys.Add(OwnerKeys.Patron(run, session.PatronId));
        }

        if (e.Type == ScenarioEventType.OpenSession && e.Staff is { } staff)
        {
            // A staff member's new session closes their open one, in another account.
            keys.AddRange(desk.ToSnapshot().Sessions.Where(s => s.StaffId == staff && s.ClosedAt is null).Select(s => OwnerKeys.Patron(run, s.PatronId)));
        }

        return keys.Count == 0 || (e.Type == ScenarioEventType.ExportToBursar && e.Patron is null) ? null : [.. keys.Distinct(StringComparer.Ordinal)];
    }

    private static string Key(string desk, OwnerRecords owner) => owner.PatronId is { } patron ? OwnerKeys.Patron(desk, patron) : OwnerKeys.Item(desk, owner.ItemBarcode!);
}
