using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Orleans.Tests.Cluster;
using Harvard.Circulation.Orleans.Desks;
using NodaTime;

namespace Harvard.Circulation.Orleans.Tests.Desks;

/// <summary>The desk grain's contract: opening, answers and what changed, retries by operation id, bad input refused
/// with nothing recorded, and the outbox holding notices while the sender refuses.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeskGrainTests(ClusterFixture fixture)
{
    private static readonly Scenario Small = ClusterDriver.Workload(patrons: 6, items: 30, days: 20, seed: 5);

    private static ScenarioEvent FirstCheckOut => Small.Events.First(e => e.Type == ScenarioEventType.CheckOut);

    private async Task<ICirculationDeskGrain> OpenedAsync(string key)
    {
        var grain = fixture.Desk(key);
        await grain.OpenAsync(ClusterDriver.OpeningState(Small));
        return grain;
    }

    [Fact]
    public async Task Open_AgainWithTheSameState_IsARetry_WithAnotherState_IsRefused()
    {
        var grain = fixture.Desk("open-twice");
        var opening = ClusterDriver.OpeningState(Small);
        var now = await grain.OpenAsync(opening);
        Assert.Equal(Small.Events[0].At, now);
        Assert.Equal(now, await grain.OpenAsync(opening));

        var other = ClusterDriver.OpeningState(ClusterDriver.Workload(patrons: 7, items: 30, days: 20, seed: 5));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.OpenAsync(other));
        Assert.Contains("open-twice is already open", refused.Message);
    }

    [Fact]
    public async Task Open_WithAStateThatHasProblems_NamesThemAndOpensNothing()
    {
        var grain = fixture.Desk("open-bad");
        var bad = ClusterDriver.OpeningState(Small).Replace("\"format\": 1", "\"format\": 7", StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => grain.OpenAsync(bad));
        Assert.Contains("format", refused.Message);
        var notOpen = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetNowAsync());
        Assert.Contains("open-bad is not open", notOpen.Message);
    }

    [Fact]
    public async Task Open_WithThePartOfADesk_IsRefused()
    {
        var desk = CirculationDesk.Open(Small.Policy, Small.Patrons, Small.Items, Small.Events[0].At, Small.Staff);
        var part = new StateFile(Small.Policy, "harvard-default", desk.ToSnapshot([Small.Patrons[0].PrimaryId], [Small.Items[0].Barcode]));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Desk("open-part").OpenAsync(StateWriter.Write(part)));
        Assert.Contains("part of a desk", refused.Message);
    }

    [Fact]
    public async Task Act_BeforeOpening_IsRefused()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Desk("never-opened").ActAsync("op", FirstCheckOut));
        Assert.Contains("never-opened is not open", refused.Message);
    }

    [Fact]
    public async Task CheckOut_AnswersAllowed_WithTheLoanCreatedAmongItsChanges()
    {
        var desk = await OpenedAsync("check-out");
        var answer = await desk.ActAsync("op-1", FirstCheckOut);
        Assert.True(answer.IsAllowed);
        Assert.Empty(answer.Refusals);
        Assert.Equal(FirstCheckOut.At, answer.Now);
        Assert.Equal("op-1", answer.OperationId);
        Assert.True(answer.Changes.Any(line => line.Contains("\"change\":\"loanCreated\"", StringComparison.Ordinal) && line.Contains("\"id\":\"L1\"", StringComparison.Ordinal)), string.Join("\n", answer.Changes));
    }

    [Fact]
    public async Task CheckOut_OfAnItemOut_IsRefusedWithItsCode()
    {
        var desk = await OpenedAsync("refused");
        await desk.ActAsync("first", FirstCheckOut);
        var otherPatron = Small.Patrons.First(p => p.PrimaryId != FirstCheckOut.Patron).PrimaryId;
        var answer = await desk.ActAsync("second", FirstCheckOut with { Patron = otherPatron, At = FirstCheckOut.At + Duration.FromMinutes(1) });
        Assert.False(answer.IsAllowed);
        Assert.Equal(RefusalCodes.ItemOnLoan, Assert.Single(answer.Refusals).Code);
    }

    [Fact]
    public async Task Retry_WithTheSameOperationId_GetsTheFirstAnswer_AndChangesNothing()
    {
        var desk = await OpenedAsync("retry");
        var first = await desk.ActAsync("op-1", FirstCheckOut);
        var state = await desk.GetStateAsync();
        var again = await desk.ActAsync("op-1", FirstCheckOut with { Index = 99 });
        Assert.Equal(first, again);
        Assert.Equal(state, await desk.GetStateAsync());

        var reused = await Assert.ThrowsAsync<InvalidOperationException>(() => desk.ActAsync("op-1", FirstCheckOut with { At = FirstCheckOut.At + Duration.FromHours(1) }));
        Assert.Contains("op-1", reused.Message);
        Assert.Contains("already used for another operation", reused.Message);
    }

    [Fact]
    public async Task Act_BeforeTheDesksInstant_IsRefused_AndTheIdStaysFree()
    {
        var desk = await OpenedAsync("back-in-time");
        var later = FirstCheckOut.At + Duration.FromDays(1);
        await desk.AdvanceToAsync("advance", later);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => desk.ActAsync("op-1", FirstCheckOut));
        var answer = await desk.ActAsync("op-1", FirstCheckOut with { At = later });
        Assert.True(answer.IsAllowed);
        Assert.Equal(later, await desk.GetNowAsync());
    }

    [Fact]
    public async Task Act_NamingAnUnknownPatron_IsRefusedByName_WithNothingRecorded()
    {
        var desk = await OpenedAsync("unknown");
        var state = await desk.GetStateAsync();
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => desk.ActAsync("op-1", FirstCheckOut with { Patron = "nobody" }));
        Assert.Contains("nobody", refused.Message);
        Assert.Equal(state, await desk.GetStateAsync());
    }

    [Fact]
    public async Task Notices_WhileTheSenderRefuses_WaitInTheOutbox_ThenGoOutOnceInOrder()
    {
        var desk = await OpenedAsync("outbox");
        RecordingNoticeSender.Refuse("outbox", true);
        try
        {
            foreach (var e in Small.Events)
            {
                await desk.ActAsync($"event/{e.Index}", e);
            }

            await desk.AdvanceToAsync("asOf", Small.AsOf);
            Assert.True(await desk.DeliverNoticesAsync() > 0);
            Assert.DoesNotContain(RecordingNoticeSender.All, n => n.DeskKey == "outbox");
        }
        finally
        {
            RecordingNoticeSender.Refuse("outbox", false);
        }

        Assert.Equal(0, await desk.DeliverNoticesAsync());
        var sent = RecordingNoticeSender.All.Where(n => n.DeskKey == "outbox").ToList();
        Assert.Equal(sent.OrderBy(n => n.At).Select(n => n.NoticeId), sent.Select(n => n.NoticeId));
        NoticeChecks.EachDeliveredOnceAsDecided("outbox", await desk.GetStateAsync(), Small.AsOf);
    }

    [Theory]
    [InlineData(IdNumbering.Dense)]
    [InlineData(IdNumbering.Scoped)]
    public async Task Open_WithNoticesOfItsInstant_SendsOnlyTheNoticesDecidedAfter(IdNumbering ids)
    {
        // A state taken mid-run, at an instant whose notices are still being placed: they, and every earlier one,
        // were the previous host's to send; each notice decided after opening goes out once, even one of that very
        // instant placed before them.
        var scenario = ClusterDriver.Workload(patrons: 40, items: 300, days: 40, seed: 31);
        var (desk, events) = MidInstantOpening(scenario, ClusterDriver.OpeningDesk(scenario, ids).ToSnapshot());

        var key = $"open-mid-instant-{ids}";
        var grain = fixture.Desk(key);
        var opening = desk.ToSnapshot();
        await grain.OpenAsync(StateWriter.Write(StateFile.Of(desk, "harvard-default")));
        await fixture.Cluster.DeactivateAsync(grain);
        foreach (var (e, i) in events.Select((e, i) => (e, i)))
        {
            await grain.ActAsync($"event/{e.Index}", e);
            if (i == 2)
            {
                // Come back from storage holding notices of the opening's instant decided on both sides of it.
                await fixture.Cluster.DeactivateAsync(grain);
            }
        }

        await grain.AdvanceToAsync("asOf", scenario.AsOf);
        await grain.DeliverNoticesAsync();

        var final = StateReader.Read(await grain.GetStateAsync()).State!.Snapshot;
        var before = opening.Notices.Select(n => (n.PatronId, n.Sequence)).ToHashSet();
        var expected = final.Notices.Where(n => n.At < scenario.AsOf && !before.Contains((n.PatronId, n.Sequence)))
            .Select(n => (n.PatronId, n.Sequence)).Order().ToList();
        var sent = RecordingNoticeSender.All.Where(n => n.DeskKey == key).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, sent.Select(n => (n.PatronId, n.Sequence)).Order().ToList());
        Assert.Equal(sent.Count, sent.Select(n => n.NoticeId).Distinct().Count());
        Assert.Equal(sent.OrderBy(n => n.At).Select(n => n.NoticeId), sent.Select(n => n.NoticeId));
        Assert.All(sent, n => Assert.StartsWith(ids == IdNumbering.Scoped ? $"{key}/{n.PatronId}/" : $"{key}/", n.NoticeId, StringComparison.Ordinal));
    }

    /// <summary>A desk moved on from the scenario's start to an instant at which notices arose, and the scenario's
    /// events from there, the first few moved back onto that instant so that they decide notices of it too.</summary>
    private static (CirculationDesk Desk, List<ScenarioEvent> Events) MidInstantOpening(Scenario scenario, DeskSnapshot start)
    {
        for (var k = 1; k + 3 < scenario.Events.Count; k++)
        {
            var desk = ScenarioReplayer.ReplayToDesk(scenario with { Events = [.. scenario.Events.Take(k)], AsOf = scenario.Events[k - 1].At, Start = start });
            while (desk.NextScheduledAt is { } next && next < scenario.Events[k].At && desk.ToSnapshot().SameInstant is not { Notices.Count: > 0 })
            {
                desk = desk.AdvanceTo(next);
            }

            if (desk.ToSnapshot() is not { SameInstant.Notices.Count: > 0 } opening)
            {
                continue;
            }

            List<ScenarioEvent> events = [.. scenario.Events.Skip(k).Select((e, i) => i < 3 ? e with { At = desk.Now } : e)];
            var atOpening = ScenarioReplayer.ReplayToDesk(scenario with { Events = events[..3], AsOf = desk.Now, Start = opening }).ToSnapshot();
            if (atOpening.Notices.Count(n => n.At == desk.Now) > opening.Notices.Count(n => n.At == desk.Now))
            {
                return (desk, events);
            }
        }

        throw new InvalidOperationException("No instant of the workload has notices decided both before and after a state is taken at it.");
    }

    [Fact]
    public async Task AdvanceTo_AnInstantNotAfterTheDesks_ChangesNothing()
    {
        var desk = await OpenedAsync("advance-back");
        var answer = await desk.AdvanceToAsync("back", Small.Events[0].At - Duration.FromDays(3));
        Assert.True(answer.IsAllowed);
        Assert.Empty(answer.Changes);
        Assert.Equal(Small.Events[0].At, answer.Now);
    }
}
