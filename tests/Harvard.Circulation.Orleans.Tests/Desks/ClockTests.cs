using Harvard.Circulation.Orleans.Desks;
using Harvard.Circulation.Orleans.Hosting;
using Harvard.Circulation.Orleans.Notices;
using Harvard.Circulation.Orleans.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Harvard.Circulation.Orleans.Tests.Desks;

/// <summary>A clock the test sets; what the host's NodaTime <see cref="IClock"/> stands for.</summary>
public sealed class SetClock : IClock
{
    private long ticks;

    /// <summary>The clock every silo of this process reads.</summary>
    public static SetClock Shared { get; } = new();

    /// <summary>Sets the time.</summary>
    public void Set(Instant now) => Interlocked.Exchange(ref ticks, now.ToUnixTimeTicks());

    /// <inheritdoc/>
    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Read(ref ticks));
}

/// <summary>The tests that set <see cref="SetClock.Shared"/> (each on its own cluster) run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SharedClock
{
    /// <summary>The collection's name.</summary>
    public const string Name = "shared clock";
}

/// <summary>In production the reminder moves a desk's time on by the host's clock; with the option off (the test
/// cluster of the other tests) a reminder tick changes nothing.</summary>
[Collection(SharedClock.Name)]
public sealed class ClockTests
{
    [Fact]
    public async Task ReminderTick_WithAdvanceByClock_AdvancesTheDeskToTheClock_AndSendsItsNotices()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<ClockedSilo>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        var scenario = ClusterDriver.Workload(patrons: 6, items: 30, days: 20, seed: 5);
        var grain = cluster.Client.GetGrain<ICirculationDeskGrain>("clocked");
        await grain.OpenAsync(ClusterDriver.OpeningState(scenario));
        foreach (var e in scenario.Events)
        {
            await grain.ActAsync($"event/{e.Index}", e);
        }

        var later = scenario.AsOf + Duration.FromDays(60);
        SetClock.Shared.Set(later);
        await grain.AsReference<IRemindable>().ReceiveReminder("advance", default);

        Assert.Equal(later, await grain.GetNowAsync());
        var single = Harvard.Circulation.Formats.Scenarios.ScenarioReplayer.ReplayToDesk(scenario).AdvanceTo(later);
        Assert.Equal(
            Harvard.Circulation.Formats.State.StateWriter.Write(Harvard.Circulation.Formats.State.StateFile.Of(single, "harvard-default")),
            await grain.GetStateAsync());
        NoticeChecks.EachDeliveredOnceAsDecided("clocked", await grain.GetStateAsync(), later);
    }

    private sealed class ClockedSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton<IClock>(SetClock.Shared);
            siloBuilder.AddHarvardCirculation(o => o.AdvanceByClock = true);
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(CirculationDeskOptions.StorageName,
                (services, _) => new SharedGrainStorage(services.GetRequiredService<Serializer>()));
            siloBuilder.Services.AddSingleton<INoticeSender, RecordingNoticeSender>();
        }
    }
}

/// <summary>With the option off, a reminder tick leaves the desk's time alone (no clock is read).</summary>
[Collection(ClusterCollection.Name)]
public sealed class DrivenTimeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ReminderTick_WithoutAdvanceByClock_ChangesNothing()
    {
        var scenario = ClusterDriver.Workload(patrons: 6, items: 30, days: 20, seed: 5);
        var grain = fixture.Desk("driven");
        var now = await grain.OpenAsync(ClusterDriver.OpeningState(scenario));
        SetClock.Shared.Set(scenario.AsOf);
        await grain.AsReference<IRemindable>().ReceiveReminder("advance", default);
        Assert.Equal(now, await grain.GetNowAsync());
    }
}
