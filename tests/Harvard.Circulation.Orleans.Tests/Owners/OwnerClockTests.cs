using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Items;
using Harvard.Circulation.Orleans.Desks;
using Harvard.Circulation.Orleans.Hosting;
using Harvard.Circulation.Orleans.Notices;
using Harvard.Circulation.Orleans.Owners;
using Harvard.Circulation.Orleans.Tests.Cluster;
using Harvard.Circulation.Orleans.Tests.Desks;
using Harvard.Circulation.Patrons;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Harvard.Circulation.Orleans.Tests.Owners;

/// <summary>In production an owner's reminder moves it, and the owners tied to it, on by the host's clock, when its
/// next happening comes; an owner with nothing to come has no reminder.</summary>
[Collection(SharedClock.Name)]
public sealed class OwnerClockTests
{
    private static readonly Instant Monday = Instant.FromUtc(2026, 3, 2, 15, 0);

    [Fact]
    public async Task ReminderTick_WithAdvanceByClock_MovesTheOwnerAndItsTiesToTheClock_AndSendsItsNotices()
    {
        await using var cluster = await StartAsync("owner-clocked");
        var single = Opened();

        var checkOut = new ScenarioEvent(0, Monday, ScenarioEventType.CheckOut) { Patron = "10000001", Item = "32044000000001" };
        await cluster.Client.GetGrain<IOwnerOperationGrain>("owner-clocked/1").ActAsync(checkOut, 0, [KeyOf("patron", "10000001"), KeyOf("item", "32044000000001")]);
        single = single.CheckOut("10000001", "32044000000001", Monday).Value;

        // Long overdue by then: fines arise, the loan ages to lost, notices are decided and, moved past, sent.
        var later = Monday + Duration.FromDays(120);
        SetClock.Shared.Set(later);
        var patron = cluster.Client.GetGrain<IOwnerGrain>(KeyOf("patron", "10000001"));
        await patron.AsReference<IRemindable>().ReceiveReminder("advance", default);

        // The tick starts the advance without waiting for it (it holds this very owner): wait for it to land.
        OwnerRecords? moved = null;
        for (var tries = 0; tries < 100 && moved?.AsOf != later; tries++)
        {
            await Task.Delay(50);
            moved = (await patron.GetAsync())!.ToRecords();
        }

        var expected = OwnerRecords.Split(single.AdvanceTo(later).ToSnapshot());
        Assert.Equal(later, moved!.AsOf);
        Assert.Equal(expected.Single(o => o.PatronId == "10000001"), moved);
        Assert.Equal(expected.Single(o => o.ItemBarcode == "32044000000001"), (await cluster.Client.GetGrain<IOwnerGrain>(KeyOf("item", "32044000000001")).GetAsync())!.ToRecords());
        Assert.NotEmpty(moved.Records.Notices);
        var sent = RecordingNoticeSender.All.Where(n => n.DeskKey == "owner-clocked").Select(n => n.Sequence).Order().ToList();
        Assert.Equal(moved.Records.Notices.Where(n => n.At < later).Select(n => n.Sequence).Order(), sent);

        // An owner not tied to the patron is left where it was: its own reminder moves it.
        Assert.Equal(Monday, (await cluster.Client.GetGrain<IOwnerGrain>(KeyOf("item", "32044000000002")).GetAsync())!.ToRecords().AsOf);
    }

    [Fact]
    public async Task WakeAt_IsTheTiedOwnersNextHappening_TheReminderWaitsForIt_AndGoesWhenNothingIsToCome()
    {
        await using var cluster = await StartAsync("owner-wake");
        var single = Opened();

        var patron = cluster.Client.GetGrain<IOwnerGrain>(WakeKeyOf("patron", "10000001"));
        var lent = cluster.Client.GetGrain<IOwnerGrain>(WakeKeyOf("item", "32044000000001"));
        var other = cluster.Client.GetGrain<IOwnerGrain>(WakeKeyOf("item", "32044000000002"));
        var reminders = cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var checkOut = new ScenarioEvent(0, Monday, ScenarioEventType.CheckOut) { Patron = "10000001", Item = "32044000000001" };
        await cluster.Client.GetGrain<IOwnerOperationGrain>("owner-wake/1").ActAsync(checkOut, 0, [WakeKeyOf("patron", "10000001"), WakeKeyOf("item", "32044000000001")]);
        single = single.CheckOut("10000001", "32044000000001", Monday).Value;

        // The borrower and the item wake when the loan's first happening is due; the other item, placed, at its own
        // instant (its first reminder moves it on and learns its next).
        var wake = single.NextScheduledAt!.Value;
        Assert.True(wake > Monday);
        Assert.Equal(wake, (await patron.GetAsync())!.WakeAt);
        Assert.Equal(wake, (await lent.GetAsync())!.WakeAt);
        Assert.Equal(Monday, (await other.GetAsync())!.WakeAt);
        var registered = await reminders.ReadRow(patron.GetGrainId(), "advance");
        Assert.NotNull(registered);
        var wait = registered.StartAt - DateTime.UtcNow;
        var expectedWait = Duration.Min(wake - Monday, Duration.FromDays(30)).ToTimeSpan();
        Assert.InRange(wait, expectedWait - TimeSpan.FromMinutes(1), expectedWait);

        // A tick before the wake (a long wait taken in steps) moves nothing.
        SetClock.Shared.Set(wake - Duration.FromMinutes(1));
        await patron.AsReference<IRemindable>().ReceiveReminder("advance", default);
        await Task.Delay(500);
        Assert.Equal(Monday, (await patron.GetAsync())!.ToRecords().AsOf);

        // Returned, the loan's anonymization is what comes; once past it nothing is to come and the reminders go.
        var returnedAt = Monday + Duration.FromHours(2);
        var checkIn = new ScenarioEvent(1, returnedAt, ScenarioEventType.CheckIn) { Item = "32044000000001" };
        await cluster.Client.GetGrain<IOwnerOperationGrain>("owner-wake/2").ActAsync(checkIn, 0, [WakeKeyOf("item", "32044000000001")]);
        single = single.CheckIn("32044000000001", returnedAt).Value;
        Assert.Equal(single.NextScheduledAt, (await lent.GetAsync())!.WakeAt);
        var past = single.NextScheduledAt!.Value + Duration.FromDays(1);
        await cluster.Client.GetGrain<IOwnerOperationGrain>("owner-wake/3").AdvanceAsync(past, [WakeKeyOf("item", "32044000000001")]);
        Assert.Null(single.AdvanceTo(past).NextScheduledAt);
        Assert.Null((await lent.GetAsync())!.WakeAt);
        Assert.Null((await patron.GetAsync())!.WakeAt);
        Assert.Null(await reminders.ReadRow(lent.GetGrainId(), "advance"));

        // A charge decides a notice at its instant: the account wakes one reminder period later to send it.
        var charge = new ScenarioEvent(2, past, ScenarioEventType.Charge) { Patron = "10000001", FeeType = Harvard.Circulation.Fines.FineFeeType.Other, Amount = new Money(2m, "USD") };
        await cluster.Client.GetGrain<IOwnerOperationGrain>("owner-wake/4").ActAsync(charge, 0, [WakeKeyOf("patron", "10000001")]);
        Assert.Contains((await patron.GetAsync())!.ToRecords().Records.Notices, n => n.At == past);
        Assert.Equal(past + Duration.FromMinutes(1), (await patron.GetAsync())!.WakeAt);
    }

    /// <summary>A one-silo cluster reading the test's clock (set to Monday), holding <see cref="Opened"/>'s owners
    /// placed under the desk's name.</summary>
    private static async Task<TestCluster> StartAsync(string desk)
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<ClockedSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        SetClock.Shared.Set(Monday);
        foreach (var owner in OwnerRecords.Split(Opened().ToSnapshot()))
        {
            var key = owner.PatronId is { } p ? OwnerKeys.Patron(desk, p) : OwnerKeys.Item(desk, owner.ItemBarcode!);
            await cluster.Client.GetGrain<IOwnerGrain>(key).PlaceAsync(OwnerState.Of(owner, EmbeddedPolicies.HarvardDefault, "harvard-default"));
        }

        return cluster;
    }

    /// <summary>The single scoped desk the owners are placed from: one patron, two items, on Monday.</summary>
    private static CirculationDesk Opened() => CirculationDesk.Open(
        EmbeddedPolicies.HarvardDefault,
        [new Patron("10000001", groupCode: "25")],
        [new Item("32044000000001", itemPolicy: "regular", library: "WID", title: "Middlemarch"), new Item("32044000000002", itemPolicy: "regular", library: "WID", title: "Bleak House")],
        Monday,
        ids: IdNumbering.Scoped);

    private static string WakeKeyOf(string kind, string id) => kind == "patron" ? OwnerKeys.Patron("owner-wake", id) : OwnerKeys.Item("owner-wake", id);

    private static string KeyOf(string kind, string id) => kind == "patron" ? OwnerKeys.Patron("owner-clocked", id) : OwnerKeys.Item("owner-clocked", id);

    private sealed class ClockedSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton<IClock>(SetClock.Shared);
            siloBuilder.AddHarvardCirculation(o =>
            {
                o.AdvanceByClock = true;
                o.ConsortiumPolicy = EmbeddedPolicies.HarvardDefault;
                o.ConsortiumPolicyName = "harvard-default";
            });
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(CirculationDeskOptions.StorageName,
                (services, _) => new SharedGrainStorage(services.GetRequiredService<Serializer>()));
            siloBuilder.Services.AddSingleton<INoticeSender, RecordingNoticeSender>();
        }
    }
}
