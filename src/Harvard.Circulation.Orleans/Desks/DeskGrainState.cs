using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Orleans.Notices;
using NodaTime;

namespace Harvard.Circulation.Orleans.Desks;

/// <summary>A desk's snapshot in grain storage (state <c>snapshot</c>): its state file at the journal position it
/// includes. Written when the desk opens and every <see cref="CirculationDeskOptions.OperationsPerSnapshot"/>
/// operations.</summary>
[GenerateSerializer]
internal sealed class DeskSnapshotState
{
    /// <summary>The state file's text; null while the desk is not open.</summary>
    [Id(0)] public string? StateJson { get; set; }

    /// <summary>The sequence of the last operation the snapshot includes.</summary>
    [Id(1)] public long Sequence { get; set; }

    /// <summary>A hash of the state the desk was opened with (so opening again with it is a retry).</summary>
    [Id(2)] public string? OpenedWith { get; set; }

    /// <summary>The first journal page still read on activation: the page before the one holding
    /// <see cref="Sequence"/>, kept so retries of the operations just before the snapshot are still answered.</summary>
    [Id(3)] public long FirstKeptPage { get; set; }
}

/// <summary>One page of a desk's journal in grain storage (state <c>journal-N</c>): operations
/// N × <see cref="CirculationDeskOptions.OperationsPerJournalPage"/> + 1 onwards, in order. An operation rewrites
/// only its own page, so a write costs at most a page, however long the journal since the snapshot.</summary>
/// <remarks>Every stored state is plain data (text, numbers, bytes), so any storage serializer stores it — Orleans'
/// memory and ADO.NET storages serialize with JSON unless told otherwise. The entries are bytes of Orleans' own
/// serializer (with this package's surrogates for instants, money and events).</remarks>
[GenerateSerializer]
internal sealed class JournalPage
{
    /// <summary>The page's operations, in order: a <c>List&lt;JournalEntry&gt;</c> serialized by Orleans.</summary>
    [Id(0)] public byte[] Entries { get; set; } = [];
}

/// <summary>What the sender has accepted (state <c>notices</c>): every notice before an instant, and by id those of
/// that instant. Notices go out in time order, so this is all an outbox needs to know, whatever numbers the notices
/// carry (dense sequences count across the desk, scoped ones within each account).</summary>
[GenerateSerializer]
internal sealed class NoticesSentState
{
    /// <summary>Every notice before this instant (Unix ticks) was accepted; <see cref="long.MinValue"/> when none.</summary>
    [Id(1)] public long BeforeTicks { get; set; } = long.MinValue;

    /// <summary>The ids of the notices at <see cref="BeforeTicks"/> accepted so far.</summary>
    [Id(2)] public List<string> AcceptedAt { get; set; } = [];

    /// <summary>Whether the sender has accepted a notice, as a test to run over many (the ids of the instant looked up,
    /// not searched: an opening instant can hold thousands).</summary>
    public Func<DeskNotice, bool> Accepted()
    {
        var before = BeforeTicks;
        var ids = AcceptedAt.ToHashSet(StringComparer.Ordinal);
        return notice => notice.At.ToUnixTimeTicks() is var ticks && (ticks < before || (ticks == before && ids.Contains(notice.NoticeId)));
    }

    /// <summary>This state and then some notices accepted, in time order.</summary>
    public NoticesSentState Accepting(IEnumerable<DeskNotice> notices)
    {
        var before = BeforeTicks;
        var acceptedAt = new List<string>(AcceptedAt);
        foreach (var notice in notices)
        {
            var ticks = notice.At.ToUnixTimeTicks();
            if (ticks > before)
            {
                before = ticks;
                acceptedAt.Clear();
            }

            acceptedAt.Add(notice.NoticeId);
        }

        return new NoticesSentState { BeforeTicks = before, AcceptedAt = acceptedAt };
    }
}

/// <summary>One operation of the journal: an action or an advance of time, and its answer.</summary>
/// <param name="Sequence">Its place in the desk's journal (1, 2, ...).</param>
/// <param name="Action">The action; null for an advance.</param>
/// <param name="AdvanceTo">The instant advanced to; null for an action.</param>
/// <param name="Answer">What the desk answered.</param>
[GenerateSerializer, Immutable]
internal sealed record JournalEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] ScenarioEvent? Action,
    [property: Id(2)] Instant? AdvanceTo,
    [property: Id(3)] DeskAnswer Answer)
{
    /// <summary>Whether another operation is this one again (a retry), the event's index aside.</summary>
    public bool IsSameOperation(ScenarioEvent? action, Instant? advanceTo) =>
        AdvanceTo == advanceTo && (Action is null ? action is null : action is not null && Action == action with { Index = Action.Index });
}
