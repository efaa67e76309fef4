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

/// <summary>In production an owner's reminder moves it, and the owners tied to it, on by the host's clock.</summary>
public sealed class OwnerClockTests
{
    private static readonly Instant Monday = Instant.FromUtc(2026, 3, 2, 15, 0);

    [Fact]
    public async Task ReminderTick_WithAdvanceByClock_MovesTheOwnerAndItsTiesToTheClock_AndSendsItsNotices()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<ClockedSilo>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        var policy = EmbeddedPolicies.HarvardDefault;
        var single = CirculationDesk.Open(
            policy,
            [new Patron("10000001", groupCode: "25")],
            [new Item("32044000000001", itemPolicy: "regular", library: "WID", title: "Middlemarch"), new Item("32044000000002", itemPolicy: "regular", library: "WID", title: "Bleak House")],
            Monday,
            ids: IdNumbering.Scoped);
        foreach (var owner in OwnerRecords.Split(single.ToSnapshot()))
        {
            await cluster.Client.GetGrain<IOwnerGrain>(KeyOf(owner)).PlaceAsync(OwnerState.Of(owner, policy, "harvard-default"));
        }

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

    private static string KeyOf(OwnerRecords owner) => owner.PatronId is { } p ? KeyOf("patron", p) : KeyOf("item", owner.ItemBarcode!);

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
