using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Requests;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>
/// What one owner holds of a desk with scoped ids — a patron's account, or an item — kept apart from everyone
/// else's, as a host that stores each owner on its own (a grain per account and per item) keeps it; and the owners
/// its records tie it to, which a decision on it also needs.
/// </summary>
/// <remarks>
/// <para>An account holds the patron, their loans not yet anonymized (out and returned), fines/fees, sessions,
/// notices and claims count; an item holds its record, its count of loans, its anonymized loans and its whole queue
/// (the requests of every status). Each record is held by exactly one owner. A record ties its owner to another: a
/// loan not yet anonymized ties the patron and the item, and so does an open request; ties go both ways.</para>
/// <para>The loop a host runs for one action: take the records of the owners the action names and of every owner they
/// tie to, to a fixed point (<see cref="Ties"/>); move them on to the action's instant (<see cref="AdvanceTo"/>);
/// restore one desk from them (<see cref="Gather"/>), give it the action's place (<see cref="CirculationDesk.AtPlace"/>)
/// and act; then store what each owner holds afterwards (<see cref="Scatter"/>). Owners kept this way decide every
/// action, and end, as one desk holding them all (a property test runs generated histories both ways; docs/desk.md
/// says what it compares).</para>
/// <para>Immutable with value equality; pure and thread-safe.</para>
/// </remarks>
public sealed record OwnerRecords
{
    /// <summary>The owner's records: a snapshot holding the one account (no items) or the one item (no patrons),
    /// whose <see cref="DeskSnapshot.Scope"/> names the owner.</summary>
    public required DeskSnapshot Records { get; init; }

    /// <summary>The owners the records tie this one to: for an account, the items of its loans not yet anonymized and
    /// of its open requests; for an item, the patrons of its loans not yet anonymized and of its open requests.</summary>
    public required DeskScope Ties { get; init; }

    /// <summary>The patron whose account this is; null for an item.</summary>
    public string? PatronId => Records.Scope!.PatronIds.Count == 1 ? Records.Scope.PatronIds[0] : null;

    /// <summary>The item this is; null for an account.</summary>
    public string? ItemBarcode => Records.Scope!.ItemBarcodes.Count == 1 ? Records.Scope.ItemBarcodes[0] : null;

    /// <summary>The instant the owner's records were last moved on to.</summary>
    public Instant AsOf => Records.AsOf;

    /// <summary>
    /// Every owner of a whole desk, each with its records: the accounts in the snapshot's order of patrons, then the
    /// items in its order of items.
    /// </summary>
    /// <param name="whole">The snapshot of a whole desk with scoped ids (<see cref="CirculationDesk.ToSnapshot()"/>).</param>
    /// <returns>The owners' records.</returns>
    /// <exception cref="ArgumentException">The snapshot has dense ids (numbered across the desk, so its records cannot
    /// be kept apart), or is of part of a desk (its scope is set, or it has loans elsewhere).</exception>
    public static IReadOnlyList<OwnerRecords> Split(DeskSnapshot whole)
    {
        ArgumentNullException.ThrowIfNull(whole);
        RequireScoped(whole, nameof(whole));
        if (whole.Scope is not null || whole.LoansElsewhere.Count > 0)
        {
            throw new ArgumentException("The snapshot is of part of a desk, which holds some items without their queues: split a whole desk's snapshot.", nameof(whole));
        }

        var split = new OwnerSplit(whole);
        return [.. whole.Patrons.Select(p => split.Account(p.PrimaryId)), .. whole.Items.Select(i => split.Item(i.Barcode, []))];
    }

    /// <summary>
    /// One snapshot holding what the owners hold, to restore a desk that decides on them
    /// (<see cref="CirculationDesk.Restore(Policy, DeskSnapshot)"/>). Its scope names the owners, so an action naming
    /// anyone else is refused. A closed request stays on its item's queue: one whose patron is not among the owners is
    /// left out here, and kept with its item by <see cref="Scatter"/>.
    /// </summary>
    /// <param name="owners">The owners' records, all at one instant, with every owner they tie to.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentException">No owners, an owner given twice, or an owner they tie to is missing (named
    /// by id).</exception>
    /// <exception cref="InvalidSnapshotException">The records are not of one desk with scoped ids at one instant — move
    /// them on first (<see cref="AdvanceTo"/>) — or two hold one record differently (<see cref="DeskSnapshot.Merge"/>).</exception>
    public static DeskSnapshot Gather(IEnumerable<OwnerRecords> owners)
    {
        var list = Owners(owners, nameof(owners));
        var patrons = list.Select(o => o.PatronId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var items = list.Select(o => o.ItemBarcode).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var missing = list.SelectMany(o => o.Ties.PatronIds.Where(p => !patrons.Contains(p)).Select(p => $"patron {p} (tied to {o.Name})"))
            .Concat(list.SelectMany(o => o.Ties.ItemBarcodes.Where(i => !items.Contains(i)).Select(i => $"item {i} (tied to {o.Name})")))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"The owners' records tie them to owners not given: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : string.Empty)}. Gather every owner they tie to.",
                nameof(owners));
        }

        var merged = DeskSnapshot.Merge(list.Select(o => o.Records));
        return merged with { Requests = merged.Requests.Where(r => patrons.Contains(r.PatronId)).ToEquatableArray() };
    }

    /// <summary>
    /// What each owner holds after a desk restored from their <see cref="Gather"/> acted (or moved on): the records to
    /// store, in the order the owners were given. An item keeps the closed requests of patrons the desk did not hold.
    /// </summary>
    /// <param name="acted">The snapshot of the desk afterwards (<see cref="CirculationDesk.ToSnapshot()"/>).</param>
    /// <param name="gathered">The owners the desk was restored from, as they were given to <see cref="Gather"/>.</param>
    /// <returns>Each owner's records afterwards.</returns>
    /// <exception cref="ArgumentException">The snapshot has dense ids, or does not hold one of the owners.</exception>
    public static IReadOnlyList<OwnerRecords> Scatter(DeskSnapshot acted, IEnumerable<OwnerRecords> gathered)
    {
        ArgumentNullException.ThrowIfNull(acted);
        RequireScoped(acted, nameof(acted));
        var list = Owners(gathered, nameof(gathered));
        var patrons = acted.Patrons.Select(p => p.PrimaryId).ToHashSet(StringComparer.Ordinal);
        var items = acted.Items.Select(i => i.Barcode).ToHashSet(StringComparer.Ordinal);
        var notHeld = list.Where(o => o.PatronId is { } p ? !patrons.Contains(p) : !items.Contains(o.ItemBarcode!)).Select(o => o.Name).ToList();
        if (notHeld.Count > 0)
        {
            throw new ArgumentException($"The snapshot does not hold {string.Join(", ", notHeld)}: scatter the snapshot of the desk restored from these owners.", nameof(acted));
        }

        var split = new OwnerSplit(acted);
        return [.. list.Select(o => o.PatronId is { } patron
            ? split.Account(patron)
            : split.Item(o.ItemBarcode!, o.Records.Requests.Where(r => !patrons.Contains(r.PatronId))))];
    }

    /// <summary>
    /// The owners moved on to an instant, each with what the policy makes happen to it by then (fines arising, aging
    /// to lost, hold-shelf expiries, notices, anonymizations, …) exactly as on one desk: the owners of each earlier
    /// instant are gathered, moved on together and scattered.
    /// </summary>
    /// <param name="policy">The policy the desk decides by.</param>
    /// <param name="owners">The owners, with every owner they tie to.</param>
    /// <param name="at">The instant.</param>
    /// <returns>The owners at <paramref name="at"/>, in the order given.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An owner is already beyond <paramref name="at"/>.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Gather"/>: an owner given twice, or one they tie to missing.</exception>
    public static IReadOnlyList<OwnerRecords> AdvanceTo(Policy policy, IEnumerable<OwnerRecords> owners, Instant at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var list = Owners(owners, nameof(owners));
        if (list.FirstOrDefault(o => o.AsOf > at) is { } beyond)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, $"{beyond.Name} is already at {Time.IsoInstant.Format(beyond.AsOf)}; owners are moved on, never back.");
        }

        var moved = list.ToArray();
        // Owners already at the instant are moved on too: what falls due at an instant (an anonymization the moment a
        // loan is returned) happens when a desk is moved on to it, as CirculationDesk.AdvanceTo does.
        foreach (var group in list.Select((o, i) => (Owner: o, Index: i)).GroupBy(o => o.Owner.AsOf))
        {
            var earlier = group.Select(o => o.Owner).ToList();
            var desk = CirculationDesk.Restore(policy, Gather(earlier)).AdvanceTo(at);
            var later = Scatter(desk.ToSnapshot(), earlier);
            foreach (var (owner, index) in group.Select((o, k) => (later[k], o.Index)))
            {
                moved[index] = owner;
            }
        }

        return moved;
    }

    /// <summary>The owner as problems name it: by id, never by name.</summary>
    private string Name => PatronId is { } patron ? $"patron {patron}" : $"item {ItemBarcode}";

    private static List<OwnerRecords> Owners(IEnumerable<OwnerRecords> owners, string parameter)
    {
        ArgumentNullException.ThrowIfNull(owners, parameter);
        var list = owners.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("No owners were given.", parameter);
        }

        if (list.Any(o => o is null))
        {
            throw new ArgumentNullException(parameter, "An owner is null.");
        }

        var twice = list.GroupBy(o => o.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return twice.Count == 0 ? list : throw new ArgumentException($"Given more than once: {string.Join(", ", twice)}.", parameter);
    }

    private static void RequireScoped(DeskSnapshot snapshot, string parameter)
    {
        if (snapshot.Numbering?.Ids != IdNumbering.Scoped)
        {
            throw new ArgumentException("The snapshot's ids are dense: they number across the whole desk, so only a desk with scoped ids is kept owner by owner.", parameter);
        }
    }

    /// <summary>A snapshot's lists grouped by owner once, so splitting costs what the snapshot holds.</summary>
    private sealed class OwnerSplit
    {
        private readonly DeskSnapshot snapshot;
        private readonly ILookup<string, LoanSnapshot> loansOfPatron;
        private readonly ILookup<string, LoanSnapshot> anonymizedOfItem;
        private readonly ILookup<string, LoanSnapshot> loansOfItem;
        private readonly ILookup<string, RequestSnapshot> requestsOfItem;
        private readonly ILookup<string, RequestSnapshot> openRequestsOfPatron;
        private readonly ILookup<string, Fines.FineFeeSnapshot> finesFees;
        private readonly ILookup<string, Sessions.SessionSnapshot> sessions;
        private readonly ILookup<string, Notices.NoticeSnapshot> notices;
        private readonly Dictionary<string, PatronClaims> claims;
        private readonly Dictionary<string, ItemLoans> counts;
        private readonly Dictionary<string, string> patronOfRecord;
        private readonly Dictionary<string, Patrons.Patron> patrons;
        private readonly Dictionary<string, Items.Item> items;
        private readonly ILookup<string, PendingFineFee> pendingFinesFees;
        private readonly ILookup<string, PendingNotice> pendingNotices;

        public OwnerSplit(DeskSnapshot snapshot)
        {
            this.snapshot = snapshot;
            loansOfPatron = snapshot.Loans.Where(l => l.PatronId is not null).ToLookup(l => l.PatronId!, StringComparer.Ordinal);
            anonymizedOfItem = snapshot.Loans.Where(l => l.PatronId is null).ToLookup(l => l.ItemBarcode, StringComparer.Ordinal);
            loansOfItem = snapshot.Loans.Where(l => l.PatronId is not null).ToLookup(l => l.ItemBarcode, StringComparer.Ordinal);
            requestsOfItem = snapshot.Requests.ToLookup(r => r.ItemBarcode, StringComparer.Ordinal);
            openRequestsOfPatron = snapshot.Requests.Where(r => r.ClosedAt is null).ToLookup(r => r.PatronId, StringComparer.Ordinal);
            finesFees = snapshot.FinesFees.ToLookup(r => r.PatronId, StringComparer.Ordinal);
            sessions = snapshot.Sessions.ToLookup(s => s.PatronId, StringComparer.Ordinal);
            notices = snapshot.Notices.ToLookup(n => n.PatronId, StringComparer.Ordinal);
            claims = snapshot.Claims.ToDictionary(c => c.PatronId, StringComparer.Ordinal);
            counts = snapshot.Numbering.LoansByItem.ToDictionary(c => c.ItemBarcode, StringComparer.Ordinal);
            patronOfRecord = snapshot.FinesFees.ToDictionary(r => r.TransactionId, r => r.PatronId, StringComparer.Ordinal);
            patrons = snapshot.Patrons.ToDictionary(p => p.PrimaryId, StringComparer.Ordinal);
            items = snapshot.Items.ToDictionary(i => i.Barcode, StringComparer.Ordinal);
            pendingFinesFees = (snapshot.SameInstant?.FinesFees ?? []).ToLookup(f => patronOfRecord.GetValueOrDefault(f.TransactionId) ?? string.Empty, StringComparer.Ordinal);
            pendingNotices = (snapshot.SameInstant?.Notices ?? []).ToLookup(n => n.PatronId ?? string.Empty, StringComparer.Ordinal);
        }

        public OwnerRecords Account(string patronId)
        {
            var loans = loansOfPatron[patronId].ToEquatableArray();
            return new OwnerRecords
            {
                Records = Empty(new DeskScope(new[] { patronId }.ToEquatableArray(), [])) with
                {
                    Patrons = new[] { patrons[patronId] }.ToEquatableArray(),
                    Loans = loans,
                    FinesFees = finesFees[patronId].ToEquatableArray(),
                    Sessions = sessions[patronId].ToEquatableArray(),
                    Notices = notices[patronId].ToEquatableArray(),
                    Claims = claims.TryGetValue(patronId, out var claim) ? new[] { claim }.ToEquatableArray() : [],
                    SameInstant = SameInstant(pendingFinesFees[patronId], pendingNotices[patronId]),
                },
                Ties = new DeskScope([], loans.Select(l => l.ItemBarcode).Concat(openRequestsOfPatron[patronId].Select(r => r.ItemBarcode)).Distinct(StringComparer.Ordinal).ToEquatableArray()),
            };
        }

        /// <param name="barcode">The item.</param>
        /// <param name="keptRequests">Requests on it the snapshot does not hold (closed, of patrons it leaves out), kept.</param>
        public OwnerRecords Item(string barcode, IEnumerable<RequestSnapshot> keptRequests)
        {
            var loans = loansOfItem[barcode].ToList();
            var requests = requestsOfItem[barcode].ToList();
            return new OwnerRecords
            {
                Records = Empty(new DeskScope([], new[] { barcode }.ToEquatableArray())) with
                {
                    Items = new[] { items[barcode] }.ToEquatableArray(),
                    Loans = anonymizedOfItem[barcode].ToEquatableArray(),
                    // Under scoped ids a queue is in the order of the actions that placed its requests.
                    Requests = requests.Concat(keptRequests).OrderBy(r => r.PlacedAt).ThenBy(r => r.Place).ToEquatableArray(),
                    Numbering = Empty(null).Numbering with { LoansByItem = counts.TryGetValue(barcode, out var count) ? new[] { count }.ToEquatableArray() : [] },
                    // Out to an account kept apart: the merge with that account finds the loan.
                    LoansElsewhere = loans.Where(l => l.ReturnedAt is null).Select(l => new LoanElsewhere(l.Id, barcode)).ToEquatableArray(),
                    SameInstant = SameInstant([], []),
                },
                Ties = new DeskScope(
                    loans.Select(l => l.PatronId!).Concat(requests.Where(r => r.ClosedAt is null).Select(r => r.PatronId)).Distinct(StringComparer.Ordinal).ToEquatableArray(),
                    []),
            };
        }

        private DeskSnapshot Empty(DeskScope? scope) => new()
        {
            AsOf = snapshot.AsOf,
            Staff = snapshot.Staff,
            Numbering = DeskNumbering.None with { Ids = IdNumbering.Scoped },
            Scope = scope,
        };

        /// <summary>The instant's order as it concerns one owner; null when nothing of it does and no action was taken.</summary>
        private SameInstantOrder? SameInstant(IEnumerable<PendingFineFee> finesFees, IEnumerable<PendingNotice> notices)
        {
            if (snapshot.SameInstant is not { } order)
            {
                return null;
            }

            var mine = new SameInstantOrder(order.At, finesFees.ToEquatableArray(), notices.ToEquatableArray()) { Actions = order.Actions };
            return mine.FinesFees.Count == 0 && mine.Notices.Count == 0 && mine.Actions == 0 ? null : mine;
        }
    }
}
