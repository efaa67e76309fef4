using System.Collections.Immutable;
using Harvard.Circulation.Collections;
using Harvard.Circulation.Items;
using Harvard.Circulation.Patrons;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>
/// Everything one version of a desk holds: the accounts and item records, the indexes that find them from an id,
/// the schedule of what happens next, and the numbering counters. Every index is a persistent structure, so a
/// new version shares all but the paths an action changed.
/// </summary>
internal sealed record DeskState
{
    /// <summary>In the number-indexed vectors of a desk restored from part of a snapshot: a loan, fine/fee, request
    /// or session the desk does not hold.</summary>
    public const int Absent = int.MinValue;

    public required DeskCatalogue Catalogue { get; init; }

    /// <summary>The patron accounts, by patron index.</summary>
    public required PersistentVector<PatronAccount> Accounts { get; init; }

    /// <summary>The item records, by item index.</summary>
    public required PersistentVector<ItemRecord> Items { get; init; }

    /// <summary>By loan number − 1: the index of the account holding the loan, or the bitwise complement of the
    /// item index once the loan is anonymized (it then sits with its item, with no patron).</summary>
    public PersistentVector<int> LoanLocations { get; init; } = PersistentVector<int>.Empty;

    /// <summary>Under scoped ids: the desk's number of each loan by id (a dense id gives its number itself).</summary>
    public PersistentSortedMap<string, int> LoanNumbers { get; init; } = PersistentSortedMap<string, int>.Empty(StringComparer.Ordinal);

    /// <summary>By fine/fee number − 1: the index of the account holding the record (under scoped ids, by order of
    /// arising: the numbering of the desk counts them, the ids come from the account).</summary>
    public PersistentVector<int> RecordOwners { get; init; } = PersistentVector<int>.Empty;

    /// <summary>By request number − 1: the index of the item it was placed on.</summary>
    public PersistentVector<int> RequestItems { get; init; } = PersistentVector<int>.Empty;

    /// <summary>Request number by request id.</summary>
    public PersistentSortedMap<string, int> RequestNumbers { get; init; } = PersistentSortedMap<string, int>.Empty(StringComparer.Ordinal);

    /// <summary>By patron index: the numbers of the patron's open requests (waiting or on the hold shelf), in the
    /// order placed; patrons with none are left out. It finds the items a patron waits for without reading every
    /// queue.</summary>
    public PersistentSortedMap<int, ImmutableArray<int>> OpenRequestsByPatron { get; init; } = PersistentSortedMap<int, ImmutableArray<int>>.Empty();

    /// <summary>By session number − 1: the index of the account the session was opened for.</summary>
    public PersistentVector<int> SessionOwners { get; init; } = PersistentVector<int>.Empty;

    /// <summary>Session number by session id.</summary>
    public PersistentSortedMap<string, int> SessionNumbers { get; init; } = PersistentSortedMap<string, int>.Empty(StringComparer.Ordinal);

    /// <summary>The number of the last session each staff member opened.</summary>
    public PersistentSortedMap<string, int> LastSessionByStaff { get; init; } = PersistentSortedMap<string, int>.Empty(StringComparer.Ordinal);

    /// <summary>The next scheduled action of every loan, request and session that has one.</summary>
    public PersistentSortedMap<ScheduleEntry, bool> Schedule { get; init; } = PersistentSortedMap<ScheduleEntry, bool>.Empty(ScheduleEntry.Order);

    /// <summary>The fines/fees of the latest instant any arose at, numbered together (domain.md §3 numbering).</summary>
    public RecordBatch Batch { get; init; } = RecordBatch.None;

    /// <summary>The notices decided for the latest instant any were decided at, with what orders them until the
    /// desk moves past it.</summary>
    public NoticeBatch Notices { get; init; } = NoticeBatch.None;

    /// <summary>The key the next fine/fee gets (its order of arising).</summary>
    public long NextRecordKey { get; init; } = 1;

    /// <summary>The sequence number the next notice gets (the order notices were decided in).</summary>
    public long NextNoticeSequence { get; init; }

    /// <summary>The instant the desk has been advanced to.</summary>
    public required Instant Now { get; init; }

    /// <summary>How many actions were taken at <see cref="Now"/>, so the place the next one takes among them. Under
    /// scoped ids a loan, a request and a charge keep their action's place, which orders one instant's happenings
    /// across owners without a desk-wide number.</summary>
    public int ActionsAtNow { get; init; }

    /// <summary>Whether each step records what it changed (<see cref="LastStep"/>).</summary>
    public bool TracksChanges { get; init; }

    /// <summary>What the step that made this state changed, when changes are tracked.</summary>
    public DeskStep? LastStep { get; init; }
}

/// <summary>
/// The fines/fees that arose at one instant and are numbered together: in loan order (per loan overdue fine,
/// replacement fee, process fee), then records with no loan in the order they arose. A fine/fee transaction at
/// that instant closes the batch — its records keep their numbers and later ones are numbered after them.
/// </summary>
/// <param name="At">The instant.</param>
/// <param name="IsOpen">Whether records arising at <paramref name="At"/> still join it.</param>
/// <param name="FirstNumber">The number of its first record.</param>
/// <param name="Entries">Its records in number order.</param>
internal sealed record RecordBatch(Instant At, bool IsOpen, int FirstNumber, ImmutableArray<BatchEntry> Entries)
{
    /// <summary>No batch yet.</summary>
    public static RecordBatch None { get; } = new(Instant.MinValue, false, 1, []);
}

/// <summary>One record of a batch, with what orders it: its loan's place in loan order, then its rank.</summary>
/// <param name="LoanedAt">Under scoped ids its loan's check-out instant; <see cref="Instant.MinValue"/> under dense
/// ids, whose loan numbers alone give loan order; <see cref="Instant.MaxValue"/> for a record with no loan.</param>
/// <param name="Loan">Its loan's number (dense ids) or its check-out's place among the actions of
/// <paramref name="LoanedAt"/> (scoped ids, so no desk-wide number orders it); <see cref="int.MaxValue"/> for a
/// record with no loan.</param>
/// <param name="Rank">Per loan: 0 overdue fine, 1 replacement fee, 2 process fee; 0 with no loan.</param>
/// <param name="Key">Its stable key (the order it arose in).</param>
/// <param name="Owner">The index of its account.</param>
internal readonly record struct BatchEntry(Instant LoanedAt, int Loan, int Rank, long Key, int Owner) : IComparable<BatchEntry>
{
    /// <summary>What orders a record with no loan: after every loan's.</summary>
    public static (Instant LoanedAt, int Loan) NoLoan => (Instant.MaxValue, int.MaxValue);

    /// <summary>Whether the record has a loan.</summary>
    public bool HasLoan => Loan != int.MaxValue;

    /// <summary>Under scoped ids, the entry of a fine/fee a snapshot lists as pending at its instant.</summary>
    /// <param name="pending">The pending record.</param>
    /// <param name="key">Its key: its place in the snapshot's list of fines/fees (an account's are in the order they arose).</param>
    /// <param name="owner">The index of its account.</param>
    public static BatchEntry OfScoped(PendingFineFee pending, long key, int owner)
    {
        var (loanedAt, loan) = pending.Loan is { } place ? (place.At, place.Place) : NoLoan;
        return new BatchEntry(loanedAt, loan, pending.Rank, key, owner);
    }

    /// <inheritdoc/>
    public int CompareTo(BatchEntry other)
    {
        var byLoan = LoanedAt.CompareTo(other.LoanedAt);
        if (byLoan == 0)
        {
            byLoan = Loan.CompareTo(other.Loan);
        }

        if (byLoan != 0)
        {
            return byLoan;
        }

        var byRank = Rank.CompareTo(other.Rank);
        return byRank != 0 ? byRank : Key.CompareTo(other.Key);
    }
}

/// <summary>
/// The notices of one instant, with the keys that order them (domain.md §6). When the desk moves past the
/// instant each gets its place (<c>Notice.Order</c>) and the batch, with the loan numbers it held, is dropped.
/// </summary>
/// <param name="At">The instant.</param>
/// <param name="Entries">The notices in the order decided.</param>
internal sealed record NoticeBatch(Instant At, ImmutableArray<NoticeEntry> Entries)
{
    /// <summary>No batch yet.</summary>
    public static NoticeBatch None { get; } = new(Instant.MinValue, []);

    /// <summary>The entries in the order the notices list shows them.</summary>
    public IEnumerable<NoticeEntry> Ordered => Entries.Order();
}

/// <summary>One notice of a batch and what orders it.</summary>
/// <param name="Group">0 a notice with a loan, 1 with neither loan nor request, 2 a request notice.</param>
/// <param name="Since">Under scoped ids, the instant of the action that places it: its loan's check-out, its own
/// instant (neither), its request's placing; <see cref="Instant.MinValue"/> under dense ids.</param>
/// <param name="Number">Under dense ids the loan number, the notice's sequence (neither), or the request number;
/// under scoped ids the place of that action among the actions of <paramref name="Since"/>.</param>
/// <param name="Type">The trigger.</param>
/// <param name="Owner">The index of the account it went to.</param>
/// <param name="Sequence">The notice's sequence, which finds it in its account and breaks the last ties: notices
/// equal in all else are about the same loan, request or action, so of one account.</param>
internal readonly record struct NoticeEntry(int Group, Instant Since, long Number, Notices.NoticeType Type, int Owner, long Sequence) : IComparable<NoticeEntry>
{
    /// <inheritdoc/>
    public int CompareTo(NoticeEntry other)
    {
        var order = Group.CompareTo(other.Group);
        order = order != 0 ? order : Since.CompareTo(other.Since);
        order = order != 0 ? order : Number.CompareTo(other.Number);
        order = order != 0 ? order : Type.CompareTo(other.Type);
        return order != 0 ? order : Sequence.CompareTo(other.Sequence);
    }
}
