using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Sessions;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>
/// Everything a desk holds at an instant, as plain data a host can store and hand back: the patrons, items and
/// staff, every loan with every instant and counter, the fines/fees with their transactions, the requests, the
/// sessions, the notices decided, the claims counted and the numbering. Nothing the desk can derive (the
/// schedule, the indexes) is in it.
/// </summary>
/// <remarks>
/// <para>Made by <see cref="CirculationDesk.ToSnapshot()"/> (the whole desk) or
/// <see cref="CirculationDesk.ToSnapshot(IEnumerable{string}, IEnumerable{string})"/> (the accounts some patrons
/// and items need); turned back into a desk by <see cref="CirculationDesk.Restore(Policies.Policy, DeskSnapshot)"/>, which checks it first.
/// <see cref="Apply"/> brings a snapshot forward by the changes of one step (<see cref="DeskStep.Changes"/>).</para>
/// <para>Lists are in the desk's order: loans, fines/fees, requests and sessions by number, notices in the order
/// decided. Immutable with value equality, so two snapshots compare as data.</para>
/// </remarks>
public sealed record DeskSnapshot
{
    /// <summary>The instant the desk had been advanced to.</summary>
    public required Instant AsOf { get; init; }

    /// <summary>The patrons, in the desk's order.</summary>
    public EquatableArray<Patron> Patrons { get; init; }

    /// <summary>The items, in the desk's order.</summary>
    public EquatableArray<Item> Items { get; init; }

    /// <summary>The staff members the desk knows.</summary>
    public EquatableArray<StaffMember> Staff { get; init; }

    /// <summary>Every loan, by number: open, returned, and anonymized (with no patron).</summary>
    public EquatableArray<LoanSnapshot> Loans { get; init; }

    /// <summary>Every fine/fee, by number.</summary>
    public EquatableArray<FineFeeSnapshot> FinesFees { get; init; }

    /// <summary>Every request, by number.</summary>
    public EquatableArray<RequestSnapshot> Requests { get; init; }

    /// <summary>Every patron services session, by number.</summary>
    public EquatableArray<SessionSnapshot> Sessions { get; init; }

    /// <summary>Every notice decided, in the order decided.</summary>
    public EquatableArray<NoticeSnapshot> Notices { get; init; }

    /// <summary>How many loans each patron has claimed returned (patrons with none are left out). Kept apart from
    /// the loans because a claim counts for good, also once its loan is anonymized.</summary>
    public EquatableArray<PatronClaims> Claims { get; init; }

    /// <summary>How many loans, fines/fees, requests, sessions and notices the desk has numbered; the next of each
    /// gets the next number.</summary>
    public required DeskNumbering Numbering { get; init; }

    /// <summary>In a snapshot of part of a desk: the open loans of its items held by patrons it leaves out (the item
    /// is out; who holds it is not part of this snapshot). Empty in a whole desk's snapshot.</summary>
    public EquatableArray<LoanElsewhere> LoansElsewhere { get; init; }

    /// <summary>For a snapshot of part of a desk: the patrons and items it was taken for, the only ones a desk
    /// restored from it acts on (the others it holds are there for what these need); null for a whole desk.</summary>
    public DeskScope? Scope { get; init; }

    /// <summary>What orders the fines/fees and notices of <see cref="AsOf"/> among those still to come at that same
    /// instant; null when nothing at <see cref="AsOf"/> needs it. Transient: the desk drops it when time moves on.</summary>
    public SameInstantOrder? SameInstant { get; init; }

    /// <summary>This snapshot brought forward by the changes of one step: every loan, fine/fee, request, session and
    /// notice a change names replaced by its new state (or added), the claims and numbering counted on, and
    /// <see cref="AsOf"/> moved to the step's instant.</summary>
    /// <param name="step">A step of the desk this snapshot was taken of, the next one after it.</param>
    /// <returns>The snapshot after the step: equal to the snapshot of the desk the step produced.</returns>
    /// <exception cref="ArgumentException">A change names a record this snapshot does not hold (the step is not the
    /// next one of this desk).</exception>
    public DeskSnapshot Apply(DeskStep step) => SnapshotChanges.Apply(this, step ?? throw new ArgumentNullException(nameof(step)));

    /// <summary>Puts parts of one desk with scoped ids back together: every account, item record, loan, fine/fee,
    /// request, session and notice any part holds, each once, as one snapshot (a part for the patrons and items of
    /// all the parts' scopes; the whole desk's when a part is whole). Parts taken apart, kept apart and moved on to one
    /// instant merge into the snapshot the whole desk gives for them.</summary>
    /// <remarks>Under scoped ids no desk-wide number orders anything, so loans, requests and sessions are listed in
    /// the order of their actions as on any desk; patrons, items and claims come in the order the parts list them
    /// (part by part), and fines/fees and notices account by account, in that order. What a whole desk lists across
    /// accounts in the order things arose, the merge cannot know; no decision depends on it.</remarks>
    /// <param name="parts">Snapshots of parts of one desk with scoped ids, at one instant (whole desks too).</param>
    /// <returns>The merged snapshot; <see cref="CirculationDesk.Restore(Policies.Policy, DeskSnapshot)"/> checks it
    /// against the policy.</returns>
    /// <exception cref="ArgumentException">No parts were given.</exception>
    /// <exception cref="InvalidSnapshotException">The parts cannot be merged, each problem with its path
    /// (<c>parts[1].loans[3]</c>): a part with dense ids, parts at different instants or of different desks, or a
    /// record two parts hold differently (they acted apart on it).</exception>
    public static DeskSnapshot Merge(IEnumerable<DeskSnapshot> parts) => SnapshotMerge.Merge(parts);
}

/// <summary>How many of each numbered thing a desk has made; the next one is numbered one more. Under scoped ids the
/// desk keeps no desk-wide count (every count is 0, and a restored desk counts what it holds): loans and fines/fees
/// are numbered within their items and accounts (<see cref="LoansByItem"/>), and loans, requests and sessions are
/// ordered by the instant and place of the action that made them.</summary>
/// <param name="Loans">Loans made (the last loan id is <c>L</c> and this number); 0 under scoped ids.</param>
/// <param name="FinesFees">Fines/fees recorded (the last is <c>F</c> and this number); 0 under scoped ids.</param>
/// <param name="Requests">Requests placed; 0 under scoped ids.</param>
/// <param name="Sessions">Sessions opened; 0 under scoped ids.</param>
/// <param name="Notices">Notices decided; 0 under scoped ids.</param>
public sealed record DeskNumbering(int Loans, int FinesFees, int Requests, int Sessions, long Notices)
{
    /// <summary>A desk that has numbered nothing yet.</summary>
    public static DeskNumbering None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>How the desk forms loan and fine/fee ids; <see cref="IdNumbering.Dense"/> unless set.</summary>
    public IdNumbering Ids { get; init; }

    /// <summary>Under scoped ids: how many loans each item the snapshot holds has had (items with none left out), so
    /// its next loan gets the next number; empty under dense ids.</summary>
    public EquatableArray<ItemLoans> LoansByItem { get; init; }
}

/// <summary>How many loans an item has had, under scoped ids.</summary>
/// <param name="ItemBarcode">The item's barcode.</param>
/// <param name="Count">Its loans so far; positive.</param>
public sealed record ItemLoans(string ItemBarcode, int Count);

/// <summary>How many loans a patron has claimed returned.</summary>
/// <param name="PatronId">The patron's primary id.</param>
/// <param name="Count">The number of claims; positive.</param>
public sealed record PatronClaims(string PatronId, int Count);

/// <summary>The patrons and items a partial snapshot was taken for.</summary>
/// <param name="PatronIds">The patrons' primary ids.</param>
/// <param name="ItemBarcodes">The items' barcodes.</param>
public sealed record DeskScope(EquatableArray<string> PatronIds, EquatableArray<string> ItemBarcodes);

/// <summary>An open loan of an item in a partial snapshot whose borrower the snapshot leaves out.</summary>
/// <param name="LoanId">The loan id.</param>
/// <param name="ItemBarcode">The item.</param>
public sealed record LoanElsewhere(string LoanId, string ItemBarcode);

/// <summary>
/// The order of the fines/fees and notices that arose at a snapshot's instant, kept so that more of them at that
/// same instant are numbered and listed as they would have been in one run (domain.md §3 and §6: records of one
/// instant are numbered in loan order, notices listed in loan order).
/// </summary>
/// <param name="At">The instant (the snapshot's).</param>
/// <param name="FinesFees">The fines/fees of the instant still numbered together, in number order; empty when a
/// fine/fee transaction at the instant has closed them.</param>
/// <param name="Notices">The notices decided for the instant, in the order decided.</param>
/// <remarks>It holds the loan numbers of records and notices whose loan was anonymized at this very instant; the
/// desk drops it as soon as time moves on.</remarks>
public sealed record SameInstantOrder(Instant At, EquatableArray<PendingFineFee> FinesFees, EquatableArray<PendingNotice> Notices)
{
    /// <summary>Under scoped ids, how many actions were taken at the instant: the next one comes after them
    /// (<see cref="CirculationDesk.ActionsAtNow"/>); 0 under dense ids.</summary>
    public int Actions { get; init; }
}

/// <summary>A fine/fee of the instant and what numbers it among the others.</summary>
/// <param name="TransactionId">Its transaction id.</param>
/// <param name="LoanNumber">Under dense ids its loan's number; null for a record with no loan, and under scoped ids
/// (<see cref="Loan"/> orders it instead).</param>
/// <param name="Rank">Per loan: 0 the overdue fine, 1 the replacement fee, 2 the process fee; 0 with no loan.</param>
public sealed record PendingFineFee(string TransactionId, int? LoanNumber, int Rank)
{
    /// <summary>Under scoped ids, its loan's place in loan order (in place of <see cref="LoanNumber"/>); null for a
    /// record with no loan and under dense ids.</summary>
    public LoanPlace? Loan { get; init; }
}

/// <summary>Under scoped ids, a loan's place in loan order without a desk-wide number: the instant of its check-out
/// and that action's place among the actions taken then.</summary>
/// <param name="At">The check-out's instant (the loan's <c>LoanedAt</c>).</param>
/// <param name="Place">The check-out's place among the actions taken at <paramref name="At"/>, from 0.</param>
public sealed record LoanPlace(Instant At, int Place);

/// <summary>A notice of the instant and what places it among the others. The list of them is in the order decided.</summary>
/// <param name="Sequence">The notice's sequence: across the desk under dense ids; within its patron's account under
/// scoped ids, where <see cref="PatronId"/> names the account.</param>
/// <param name="Type">Its trigger.</param>
/// <param name="LoanNumber">The number of the loan it is about, if any.</param>
/// <param name="RequestNumber">The number of the request it is about, if any.</param>
public sealed record PendingNotice(long Sequence, NoticeType Type, int? LoanNumber, int? RequestNumber)
{
    /// <summary>Under scoped ids, the patron whose account holds the notice; null under dense ids, and for a notice
    /// of an account a partial snapshot leaves out (it still takes its place among the others).</summary>
    public string? PatronId { get; init; }

    /// <summary>Under scoped ids, what places the notice among everyone's of the instant (in place of
    /// <see cref="LoanNumber"/> and <see cref="RequestNumber"/>, which are left null); null under dense ids.</summary>
    public NoticePlace? Place { get; init; }
}
