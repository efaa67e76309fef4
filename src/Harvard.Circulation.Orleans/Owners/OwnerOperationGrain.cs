using System.Collections.Immutable;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Orleans.Desks;
using Harvard.Circulation.Orleans.Storage;
using Harvard.Circulation.Policies;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Harvard.Circulation.Orleans.Owners;

/// <summary>
/// One operation on owners: holds them (the named ones and every owner they are tied to, breadth first), decides with
/// the core (<see cref="OwnerRecords"/>: move on, gather, restore, act, scatter), stores its intent, then installs
/// every owner it holds. The intent stored is what makes the operation done: a retry or <see cref="FinishAsync"/>
/// after a failure installs it again (installing is idempotent by operation id); before it, a failure leaves owners
/// held, and the next attempt — or another operation finding them held — lets them go and gathers afresh.
/// </summary>
internal sealed class OwnerOperationGrain(
    [PersistentState("operation", CirculationDeskOptions.StorageName)] IPersistentState<OwnerOperationState> state,
    IOptions<CirculationDeskOptions> options) : Grain, IOwnerOperationGrain
{
    // How many times an operation lets go and gathers again when it finds an owner held by another.
    private const int Attempts = 50;

    private readonly CirculationDeskOptions options = options.Value;

    private string Key => this.GetPrimaryKeyString();

    public Task<DeskAnswer> ActAsync(ScenarioEvent action, int place, ImmutableArray<string> owners)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfNegative(place);
        return RunAsync(action with { Index = 0 }, null, place, owners);
    }

    public Task<DeskAnswer> AdvanceAsync(Instant at, ImmutableArray<string> owners) => RunAsync(null, at, 0, owners);

    public async Task FinishAsync(string heldOwner)
    {
        ArgumentException.ThrowIfNullOrEmpty(heldOwner);
        if (state.State.Intent is { } intent)
        {
            var wasInstalled = state.State.Installed;
            if (!wasInstalled)
            {
                await InstallAllAsync();
            }

            // Once installed, a hold in its name is stale (a hold call that timed out and ran late): let it go.
            if (wasInstalled || !intent.ContainsKey(heldOwner))
            {
                await GrainFactory.GetGrain<IOwnerGrain>(heldOwner).ReleaseAsync(Key);
            }

            return;
        }

        await ReleaseHeldAsync();
        await GrainFactory.GetGrain<IOwnerGrain>(heldOwner).ReleaseAsync(Key);
    }

    private async Task<DeskAnswer> RunAsync(ScenarioEvent? action, Instant? advanceTo, int place, ImmutableArray<string> owners)
    {
        if (owners.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"Operation {Key} names no owners.", nameof(owners));
        }

        if (owners.Select(o => OwnerKeys.Parse(o).Desk).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new ArgumentException($"Operation {Key} names owners of more than one desk.", nameof(owners));
        }

        var stored = state.State;
        if (stored.Answer is not null || stored.Intent is not null)
        {
            if (stored.Action != action || stored.AdvanceTo != advanceTo || stored.Place != place)
            {
                throw new InvalidOperationException($"Operation id {Key} was already used for another operation.");
            }

            if (!stored.Installed)
            {
                await InstallAllAsync();
            }

            return stored.Answer!;
        }

        var policy = options.ConsortiumPolicy
            ?? throw new InvalidOperationException("CirculationDeskOptions.ConsortiumPolicy is not set: the owner grains decide by it (docs/orleans.md).");
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var (held, heldBy, busyOwner) = await GatherAsync(owners);
            if (heldBy is not null)
            {
                // Let go first, so the other operation can finish or let go in turn, then ask it to.
                await ReleaseHeldAsync();
                await GrainFactory.GetGrain<IOwnerOperationGrain>(heldBy).FinishAsync(busyOwner!);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * (attempt + 1))));
                continue;
            }

            (DeskAnswer Answer, Dictionary<string, OwnerState> After) decided;
            try
            {
                decided = Decide(policy, held!, action, advanceTo, place);
            }
            catch
            {
                // Bad input (an instant before an owner's, an event naming what it was not given): nothing recorded.
                await ReleaseHeldAsync();
                throw;
            }

            await WriteAsync(state.State with { Action = action, AdvanceTo = advanceTo, Place = place, Answer = decided.Answer, Intent = decided.After });
            await InstallAllAsync();
            return decided.Answer;
        }

        throw new TimeoutException($"Operation {Key} found its owners held by other operations {Attempts} times; retry it.");
    }

    /// <summary>Holds the named owners and every owner they are tied to, level by level; stops at the first held by
    /// another operation (naming it).</summary>
    private async Task<(Dictionary<string, OwnerState>? Held, string? HeldBy, string? BusyOwner)> GatherAsync(ImmutableArray<string> named)
    {
        var held = new Dictionary<string, OwnerState>(StringComparer.Ordinal);
        var level = named.Distinct(StringComparer.Ordinal).ToList();
        var desk = OwnerKeys.Parse(level[0]).Desk;
        while (level.Count > 0)
        {
            // Written before holding: whoever finishes this operation knows which owners to let go.
            await WriteAsync(state.State with { Holding = [.. state.State.Holding.Union(level, StringComparer.Ordinal)] });
            var holds = await Task.WhenAll(level.Select(key => GrainFactory.GetGrain<IOwnerGrain>(key).HoldAsync(Key)));
            if (level.Zip(holds).FirstOrDefault(h => h.Second.HeldBy is not null) is ({ } busyOwner, { } busy))
            {
                return (null, busy.HeldBy, busyOwner);
            }

            foreach (var (key, hold) in level.Zip(holds))
            {
                held[key] = hold.State!;
            }

            level = [.. holds.SelectMany(h => h.State!.TiedKeys(desk)).Where(k => !held.ContainsKey(k)).Distinct(StringComparer.Ordinal)];
        }

        return (held, null, null);
    }

    /// <summary>The core's decision on the owners held, and what each holds afterwards.</summary>
    private (DeskAnswer Answer, Dictionary<string, OwnerState> After) Decide(
        Policy policy, Dictionary<string, OwnerState> held, ScenarioEvent? action, Instant? advanceTo, int place)
    {
        var keys = held.Keys.ToList();
        var at = action?.At ?? advanceTo!.Value;
        var aligned = OwnerRecords.AdvanceTo(policy, keys.Select(k => OwnerRecordsText.Read(held[k])), at);
        var gathered = OwnerRecords.Gather(aligned);

        // A bursar export of everyone is given every owner: they are the whole desk.
        var everyone = action is { Type: ScenarioEventType.ExportToBursar, Patron: null };
        var desk = CirculationDesk.Restore(policy, everyone ? gathered with { Scope = null } : gathered).TrackingChanges();
        CirculationDesk next;
        ImmutableArray<Refusal> refusals = [];
        ImmutableArray<string>? found = null;
        if (action is not null)
        {
            var staff = gathered.Staff.ToDictionary(s => s.Id, StringComparer.Ordinal);
            var (decision, patrons) = ScenarioReplayer.Step(desk.AtPlace(at, place), action, staff);
            next = decision.Result;
            refusals = decision.IsAllowed ? [] : [.. decision.Reasons];
            found = patrons is null ? null : [.. patrons];
        }
        else
        {
            next = desk;
        }

        ImmutableArray<string> changes = !ReferenceEquals(next, desk) && next.LastStep is { } step
            ? [.. step.Changes.Select(c => ChangeLines.Line(null, c))]
            : [];
        var after = OwnerRecords.Scatter(next.ToSnapshot(), aligned);
        var wakes = WakeTimes(policy, next, after, Duration.FromTimeSpan(options.ReminderPeriod));
        return (
            new DeskAnswer(Key, refusals.IsEmpty, refusals, next.Now, changes, found),
            keys.Select((k, i) => (k, i)).ToDictionary(
                p => p.k,
                p => OwnerRecordsText.Write(after[p.i], policy, options.ConsortiumPolicyName) with { WakeAt = wakes[p.i] },
                StringComparer.Ordinal));
    }

    /// <summary>When each owner is next to be moved on (<see cref="OwnerState.WakeAt"/>): the next scheduled happening
    /// of the owners tied to it, found by restoring each group of tied owners alone (the core's schedule, no rule
    /// written again; the desk that acted, when they are one group), and for an account holding notices of its
    /// instant one reminder period after it.</summary>
    private static Instant?[] WakeTimes(Policy policy, CirculationDesk acted, IReadOnlyList<OwnerRecords> owners, Duration noticeDelay)
    {
        // Groups of owners tied to one another: each moves on as one, so each has one schedule.
        var group = Enumerable.Range(0, owners.Count).ToArray();
        int Find(int i) => group[i] == i ? i : group[i] = Find(group[i]);
        var index = owners.Select((o, i) => (Name: o.PatronId is { } p ? "patron/" + p : "item/" + o.ItemBarcode, i)).ToDictionary(o => o.Name, o => o.i, StringComparer.Ordinal);
        for (var i = 0; i < owners.Count; i++)
        {
            foreach (var tied in owners[i].Ties.PatronIds.Select(p => "patron/" + p).Concat(owners[i].Ties.ItemBarcodes.Select(b => "item/" + b)))
            {
                group[Find(i)] = Find(index[tied]);
            }
        }

        var groups = Enumerable.Range(0, owners.Count).GroupBy(Find).ToList();
        var next = groups.Count == 1
            ? new Dictionary<int, Instant?> { [groups[0].Key] = acted.NextScheduledAt }
            : groups.ToDictionary(g => g.Key, g => CirculationDesk.Restore(policy, OwnerRecords.Gather(g.Select(i => owners[i]))).NextScheduledAt);

        return [.. owners.Select((o, i) =>
        {
            var scheduled = next[Find(i)];
            var notices = o.Records.Notices.Any(n => n.At == o.AsOf) ? o.AsOf + noticeDelay : (Instant?)null;
            return scheduled is null ? notices : notices is null ? scheduled : Instant.Min(scheduled.Value, notices.Value);
        })];
    }

    private async Task InstallAllAsync()
    {
        var intent = state.State.Intent!;
        await Task.WhenAll(intent.Select(o => GrainFactory.GetGrain<IOwnerGrain>(o.Key).InstallAsync(Key, o.Value)));
        await WriteAsync(state.State with { Installed = true, Holding = [] });
    }

    private async Task ReleaseHeldAsync()
    {
        if (state.State.Holding.Count == 0)
        {
            return;
        }

        await Task.WhenAll(state.State.Holding.Select(key => GrainFactory.GetGrain<IOwnerGrain>(key).ReleaseAsync(Key)));
        await WriteAsync(state.State with { Holding = [] });
    }

    private Task WriteAsync(OwnerOperationState next) => state.WriteOrDeactivateAsync(next, this);
}

/// <summary>An operation grain's storage (state <c>operation</c>).</summary>
[GenerateSerializer]
internal sealed record OwnerOperationState
{
    /// <summary>The owners it may hold (written before holding them).</summary>
    [Id(0)] public ImmutableList<string> Holding { get; init; } = [];

    /// <summary>The action; null for an advance.</summary>
    [Id(1)] public ScenarioEvent? Action { get; init; }

    /// <summary>The instant advanced to; null for an action.</summary>
    [Id(2)] public Instant? AdvanceTo { get; init; }

    /// <summary>The action's place among those of its instant.</summary>
    [Id(3)] public int Place { get; init; }

    /// <summary>The answer, once decided.</summary>
    [Id(4)] public DeskAnswer? Answer { get; init; }

    /// <summary>Every owner's records afterwards, by key, once decided: what makes the operation done.</summary>
    [Id(5)] public Dictionary<string, OwnerState>? Intent { get; init; }

    /// <summary>Whether every owner has installed the intent.</summary>
    [Id(6)] public bool Installed { get; init; }
}
