using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Items;
using Harvard.Circulation.Orleans.Owners;
using Harvard.Circulation.Orleans.Tests.Cluster;
using Harvard.Circulation.Patrons;
using NodaTime;

namespace Harvard.Circulation.Orleans.Tests.Owners;

/// <summary>
/// The contract of the owner grains: placing once, holding for one operation at a time, an operation finishing what
/// another left held, a retried operation answered once, and bad input refused with nothing recorded.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OwnerGrainTests(ClusterFixture fixture)
{
    private static readonly Instant Monday = Instant.FromUtc(2026, 3, 2, 15, 0);

    [Fact]
    public async Task CheckOut_ThroughTheOperationGrain_IsAnsweredOnce_AndStoredWithBothOwners()
    {
        var desk = await PlaceAsync("own-checkout");
        var checkOut = new ScenarioEvent(0, Monday, ScenarioEventType.CheckOut) { Patron = "10000001", Item = "32044000000001" };
        var operation = Operation("own-checkout/1");

        var answer = await operation.ActAsync(checkOut, 0, [OwnerKeys.Patron(desk, "10000001"), OwnerKeys.Item(desk, "32044000000001")]);
        var again = await operation.ActAsync(checkOut, 0, [OwnerKeys.Patron(desk, "10000001"), OwnerKeys.Item(desk, "32044000000001")]);

        Assert.True(answer.IsAllowed);
        Assert.Equal(answer, again);
        var patron = (await Owner(OwnerKeys.Patron(desk, "10000001")).GetAsync())!.ToRecords();
        var item = (await Owner(OwnerKeys.Item(desk, "32044000000001")).GetAsync())!.ToRecords();
        Assert.Equal(["32044000000001:L1"], patron.Records.Loans.Select(l => l.Id));
        Assert.Equal(["32044000000001"], patron.Ties.ItemBarcodes);
        Assert.Equal(["10000001"], item.Ties.PatronIds);
        Assert.Equal([new ItemLoans("32044000000001", 1)], item.Records.Numbering.LoansByItem);

        // The second check-out of the item gathers its borrower through the tie, and is refused as the desk refuses it.
        var second = await Operation("own-checkout/2").ActAsync(checkOut with { At = Monday + Duration.FromMinutes(1), Patron = "10000002" }, 0,
            [OwnerKeys.Patron(desk, "10000002"), OwnerKeys.Item(desk, "32044000000001")]);
        Assert.False(second.IsAllowed);
        Assert.Contains("already on loan", second.Refusals[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetry_AfterTheIntentWasStoredButTheCallFailed_InstallsEveryOwner_AndLetsThemGo()
    {
        var desk = await PlaceAsync("own-retry");
        var owners = new[] { OwnerKeys.Patron(desk, "10000001"), OwnerKeys.Item(desk, "32044000000001") };
        var checkOut = new ScenarioEvent(0, Monday, ScenarioEventType.CheckOut) { Patron = "10000001", Item = "32044000000001" };

        // The operation's second write is its intent: stored, then the write throws (the grain deactivates).
        var writes = 0;
        SharedGrainStorage.FailNextWrite((name, id) => name == "operation" && id.Key.ToString() == "own-retry/1" && ++writes == 2, WriteFault.AfterStoring);
        await Assert.ThrowsAnyAsync<Exception>(() => Operation("own-retry/1").ActAsync(checkOut, 0, [.. owners]));
        var answer = await Operation("own-retry/1").ActAsync(checkOut, 0, [.. owners]);

        Assert.True(answer.IsAllowed);
        Assert.Equal(["32044000000001:L1"], (await Owner(owners[0]).GetAsync())!.ToRecords().Records.Loans.Select(l => l.Id));
        Assert.All(await Task.WhenAll(owners.Select(o => Owner(o).HoldAsync("own-retry/probe"))), hold => Assert.Null(hold.HeldBy));
    }

    [Fact]
    public async Task ARetry_AfterAnOwnerStoredItsInstallButTheCallFailed_IsAnsweredOnce_AndInstallsTheOthers()
    {
        var desk = await PlaceAsync("own-install");
        var owners = new[] { OwnerKeys.Patron(desk, "10000001"), OwnerKeys.Item(desk, "32044000000001") };
        var checkOut = new ScenarioEvent(0, Monday, ScenarioEventType.CheckOut) { Patron = "10000001", Item = "32044000000001" };

        // The item's second write is its install: stored, then the write throws; the retry installs every owner again.
        var writes = 0;
        SharedGrainStorage.FailNextWrite((name, id) => name == "owner" && id.Key.ToString() == owners[1] && ++writes == 2, WriteFault.AfterStoring);
        await Assert.ThrowsAnyAsync<Exception>(() => Operation("own-install/1").ActAsync(checkOut, 0, [.. owners]));
        var answer = await Operation("own-install/1").ActAsync(checkOut, 0, [.. owners]);

        Assert.True(answer.IsAllowed);
        Assert.Equal(["10000001"], (await Owner(owners[1]).GetAsync())!.ToRecords().Ties.PatronIds);
        Assert.Equal(["32044000000001:L1"], (await Owner(owners[0]).GetAsync())!.ToRecords().Records.Loans.Select(l => l.Id));
        Assert.All(await Task.WhenAll(owners.Select(o => Owner(o).HoldAsync("own-install/probe"))), hold => Assert.Null(hold.HeldBy));
    }

    [Fact]
    public async Task AnOperationId_UsedForAnotherOperation_IsRefused()
    {
        var desk = await PlaceAsync("own-reuse");
        var checkOut = new ScenarioEvent(0, Monday, ScenarioEventType.CheckOut) { Patron = "10000001", Item = "32044000000001" };
        var owners = new[] { OwnerKeys.Patron(desk, "10000001"), OwnerKeys.Item(desk, "32044000000001") };
        await Operation("own-reuse/1").ActAsync(checkOut, 0, [.. owners]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Operation("own-reuse/1").ActAsync(checkOut with { Item = "32044000000002" }, 0, [.. owners]));

        Assert.Contains("already used for another operation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOwnerLeftHeld_ByAnOperationThatNeverFinished_IsLetGoForTheNext()
    {
        var desk = await PlaceAsync("own-held");
        var patron = OwnerKeys.Patron(desk, "10000001");
        var stranded = await Owner(patron).HoldAsync("own-held/stranded");
        Assert.NotNull(stranded.State);
        Assert.Equal("own-held/stranded", (await Owner(patron).HoldAsync("own-held/other")).HeldBy);

        // The stranded operation stored nothing (not even what it holds): asked to finish, it lets go of the owner
        // found held in its name, and the next operation proceeds.
        var answer = await Operation("own-held/next").ActAsync(
            new ScenarioEvent(0, Monday, ScenarioEventType.CheckOut) { Patron = "10000001", Item = "32044000000001" }, 0, [patron, OwnerKeys.Item(desk, "32044000000001")]);

        Assert.True(answer.IsAllowed);
    }

    [Fact]
    public async Task AnOperationFindingAnOwnerHeld_AsksTheHolderToFinish_AndProceeds()
    {
        var desk = await PlaceAsync("own-finish");
        var patron = OwnerKeys.Patron(desk, "10000001");
        var item = OwnerKeys.Item(desk, "32044000000001");
        var checkOut = new ScenarioEvent(0, Monday, ScenarioEventType.CheckOut) { Patron = "10000001", Item = "32044000000001" };
        await Operation("own-finish/1").ActAsync(checkOut, 0, [patron, item]);

        // A hold taken in the name of a finished operation (as if its install had been lost): the next operation
        // asks it to finish — it installs its stored intent again, letting the owner go — and proceeds.
        await Owner(item).HoldAsync("own-finish/1");
        var renew = await Operation("own-finish/2").ActAsync(new ScenarioEvent(0, Monday + Duration.FromMinutes(5), ScenarioEventType.Renew) { Item = "32044000000001" }, 0, [item]);

        Assert.True(renew.IsAllowed, string.Join(" ", renew.Refusals.Select(r => r.Message)));
    }

    [Fact]
    public async Task BadInput_IsRefused_AndNothingIsHeld()
    {
        var desk = await PlaceAsync("own-bad");
        var patron = OwnerKeys.Patron(desk, "10000001");
        var item = OwnerKeys.Item(desk, "32044000000001");

        // An event naming an owner it was not given: the desk restored from the gathered owners refuses it.
        await Assert.ThrowsAsync<ArgumentException>(() => Operation("own-bad/1").ActAsync(
            new ScenarioEvent(0, Monday, ScenarioEventType.CheckOut) { Patron = "10000001", Item = "32044000000002" }, 0, [patron]));
        await Assert.ThrowsAsync<ArgumentException>(() => Operation("own-bad/2").ActAsync(new ScenarioEvent(0, Monday, ScenarioEventType.CheckIn) { Item = "x" }, 0, []));
        await Assert.ThrowsAsync<ArgumentException>(() => Operation("own-bad/3").ActAsync(
            new ScenarioEvent(0, Monday, ScenarioEventType.CheckIn) { Item = "32044000000001" }, 0, [item, OwnerKeys.Patron("other-desk", "10000001")]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Owner(OwnerKeys.Item(desk, "no-such-item")).HoldAsync("own-bad/4"));
        Assert.Throws<ArgumentException>(() => OwnerKeys.Patron("a/b", "10000001"));
        Assert.Throws<ArgumentException>(() => OwnerKeys.Parse("desk/shelf/1"));

        // Nothing was left held: another operation takes both at once.
        Assert.Null((await Owner(patron).HoldAsync("own-bad/5")).HeldBy);
        Assert.Null((await Owner(item).HoldAsync("own-bad/5")).HeldBy);
    }

    [Fact]
    public async Task PlacingOtherRecords_OnAPlacedOwner_IsRefused_TheSameIsARetry()
    {
        var desk = await PlaceAsync("own-place");
        var key = OwnerKeys.Patron(desk, "10000001");
        var placed = (await Owner(key).GetAsync())!;

        await Owner(key).PlaceAsync(placed);
        var other = placed with { TiedItems = ["32044000000001"] };
        await Assert.ThrowsAsync<InvalidOperationException>(() => Owner(key).PlaceAsync(other));
        Assert.Equal(placed, await Owner(key).GetAsync());
    }

    private IOwnerGrain Owner(string key) => fixture.Cluster.Client.GetGrain<IOwnerGrain>(key);

    private IOwnerOperationGrain Operation(string id) => fixture.Cluster.Client.GetGrain<IOwnerOperationGrain>(id);

    /// <summary>Places a small scoped desk's owners under a desk name of their own.</summary>
    [Fact]
    public async Task WakeAt_OfOwnersMovedOnTogetherButNotTied_IsEachGroupsOwnNextHappening()
    {
        var desk = await PlaceAsync("own-wake");
        var lentLater = Monday + Duration.FromDays(3);
        var first = new ScenarioEvent(0, Monday, ScenarioEventType.CheckOut) { Patron = "10000001", Item = "32044000000001" };
        var second = new ScenarioEvent(0, lentLater, ScenarioEventType.CheckOut) { Patron = "10000002", Item = "32044000000002" };
        await Operation("own-wake/1").ActAsync(first, 0, [OwnerKeys.Patron(desk, "10000001"), OwnerKeys.Item(desk, "32044000000001")]);
        await Operation("own-wake/2").ActAsync(second, 0, [OwnerKeys.Patron(desk, "10000002"), OwnerKeys.Item(desk, "32044000000002")]);

        // One advance moves both borrowers (and their items) on; each group keeps its own next happening.
        var at = lentLater + Duration.FromHours(1);
        await Operation("own-wake/3").AdvanceAsync(at, [OwnerKeys.Patron(desk, "10000001"), OwnerKeys.Patron(desk, "10000002")]);

        var alone = CirculationDesk.Open(
            EmbeddedPolicies.HarvardDefault,
            [new Patron("10000001", groupCode: "25"), new Patron("10000002", groupCode: "25")],
            [new Item("32044000000001", itemPolicy: "regular", library: "WID", title: "Middlemarch"), new Item("32044000000002", itemPolicy: "regular", library: "WID", title: "Bleak House")],
            Monday,
            ids: IdNumbering.Scoped);
        var firstOnly = alone.CheckOut("10000001", "32044000000001", Monday).Value.AdvanceTo(at).NextScheduledAt;
        var secondOnly = alone.AdvanceTo(lentLater).CheckOut("10000002", "32044000000002", lentLater).Value.AdvanceTo(at).NextScheduledAt;
        Assert.NotNull(firstOnly);
        Assert.NotEqual(firstOnly, secondOnly);
        Assert.Equal(firstOnly, (await Owner(OwnerKeys.Patron(desk, "10000001")).GetAsync())!.WakeAt);
        Assert.Equal(firstOnly, (await Owner(OwnerKeys.Item(desk, "32044000000001")).GetAsync())!.WakeAt);
        Assert.Equal(secondOnly, (await Owner(OwnerKeys.Patron(desk, "10000002")).GetAsync())!.WakeAt);
        Assert.Equal(secondOnly, (await Owner(OwnerKeys.Item(desk, "32044000000002")).GetAsync())!.WakeAt);
    }

    private async Task<string> PlaceAsync(string name)
    {
        var policy = EmbeddedPolicies.HarvardDefault;
        var desk = CirculationDesk.Open(
            policy,
            [new Patron("10000001", groupCode: "25"), new Patron("10000002", groupCode: "25")],
            [new Item("32044000000001", itemPolicy: "regular", library: "WID", title: "Middlemarch"), new Item("32044000000002", itemPolicy: "regular", library: "WID", title: "Bleak House")],
            Monday,
            ids: IdNumbering.Scoped);
        foreach (var owner in OwnerRecords.Split(desk.ToSnapshot()))
        {
            var key = owner.PatronId is { } p ? OwnerKeys.Patron(name, p) : OwnerKeys.Item(name, owner.ItemBarcode!);
            await Owner(key).PlaceAsync(OwnerState.Of(owner, policy, "harvard-default"));
        }

        return name;
    }
}
