using System.Collections.Immutable;
using Harvard.Circulation.Collections;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Sessions;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>Takes snapshots of a desk's state and builds a state back from one (after <see cref="SnapshotCheck"/>).</summary>
internal static class DeskSnapshots
{
    /// <summary>A snapshot of the whole desk (scope null) or of the part some patrons and items need.</summary>
    public static DeskSnapshot Take(DeskState state, IReadOnlyList<int>? scopePatrons, IReadOnlyList<int>? scopeItems)
    {
        var catalogue = state.Catalogue;
        IReadOnlyCollection<int> accounts;
        IReadOnlyCollection<int> fullItems;
        IReadOnlyCollection<int> itemsHeld;
        if (scopePatrons is null || scopeItems is null)
        {
            accounts = Enumerable.Range(0, state.Accounts.Count).ToList();
            fullItems = itemsHeld = Enumerable.Range(0, state.Items.Count).ToList();
        }
        else
        {
            (accounts, fullItems, itemsHeld) = Closure(state, scopePatrons, scopeItems);
        }

        var held = accounts.ToHashSet();
        var loans = new List<Loan>();
        var records = new List<FineFee>();
        var sessions = new List<PatronServicesSession>();
        var notices = new List<Notice>();
        var claims = new List<PatronClaims>();
        foreach (var index in accounts)
        {
            var account = state.Accounts[index];
            loans.AddRange(account.Open.Select(e => e.Value));
            loans.AddRange(account.Returned.Select(e => e.Value));
            records.AddRange(account.Ledger.Records);
            sessions.AddRange(account.SessionList);
            notices.AddRange(account.NoticeList);
            if (account.ClaimedReturnedCount > 0)
            {
                claims.Add(new PatronClaims(account.Patron.PrimaryId, account.ClaimedReturnedCount));
            }
        }

        var requests = new List<Request>();
        foreach (var index in fullItems)
        {
            var item = state.Items[index];
            loans.AddRange(item.AnonymizedLoanList);
            requests.AddRange(item.RequestList.Where(r => held.Contains(catalogue.IndexOfPatron(r.PatronId))));
        }

        var scoped = catalogue.Ids == IdNumbering.Scoped;
        var elsewhere = itemsHeld
            .Select(i => state.Items[i])
            .Where(item => item.IsOut && !held.Contains(item.BorrowerIndex))
            .Select(item => new LoanElsewhere(DeskIds.OpenLoanOf(catalogue.Ids, item), item.Item.Barcode));

        return new DeskSnapshot
        {
            AsOf = state.Now,
            Patrons = accounts.Select(i => state.Accounts[i].Patron).ToEquatableArray(),
            Items = itemsHeld.Select(i => catalogue.Items[i]).ToEquatableArray(),
            Staff = catalogue.Staff.ToEquatableArray(),
            Loans = loans.OrderBy(l => l.Number).Select(l => l.ToSnapshot()).ToEquatableArray(),
            FinesFees = records.OrderBy(r => scoped ? r.Key : NumberOf(r.TransactionId)).Select(r => r.ToSnapshot()).ToEquatableArray(),
            Requests = requests.OrderBy(r => r.Number).Select(r => r.ToSnapshot()).ToEquatableArray(),
            Sessions = sessions.OrderBy(s => s.Number).Select(s => s.ToSnapshot()).ToEquatableArray(),
            // Scoped sequences count within each account: notices are listed account by account.
            Notices = (scoped ? notices : (IEnumerable<Notice>)notices.OrderBy(n => n.Sequence)).Select(n => n.ToSnapshot()).ToEquatableArray(),
            Claims = claims.ToEquatableArray(),
            // Under scoped ids the desk's own counts are indexes only: a restored desk counts what it holds.
            Numbering = (scoped ? DeskNumbering.None : new DeskNumbering(state.LoanLocations.Count, state.RecordOwners.Count, state.RequestItems.Count, state.SessionOwners.Count, state.NextNoticeSequence)) with
            {
                Ids = catalogue.Ids,
                LoansByItem = scoped
                    ? itemsHeld.Select(i => state.Items[i]).Where(item => item.LoansMade > 0).Select(item => new ItemLoans(item.Item.Barcode, item.LoansMade)).ToEquatableArray()
                    : [],
            },
            LoansElsewhere = elsewhere.ToEquatableArray(),
            Scope = scopePatrons is null || scopeItems is null ? null : new DeskScope(
                scopePatrons.Distinct().Select(i => catalogue.Patrons.Patrons[i].PrimaryId).ToEquatableArray(),
                scopeItems.Distinct().Select(i => catalogue.Items[i].Barcode).ToEquatableArray()),
            SameInstant = SameInstantOf(state.Batch, state.Notices, state.Now, state.ActionsAtNow, catalogue.Ids, ScopedIdOf(state), held.Contains, PatronIdOf(state)),
        };
    }

    /// <summary>What orders the records and notices still to come at the state's instant; null when nothing does.</summary>
    public static SameInstantOrder? SameInstantOf(DeskState state) =>
        SameInstantOf(state.Batch, state.Notices, state.Now, state.ActionsAtNow, state.Catalogue.Ids, ScopedIdOf(state), owner => owner != DeskState.Absent, PatronIdOf(state));

    private static Func<BatchEntry, string> ScopedIdOf(DeskState state) => entry => state.Accounts[entry.Owner].Ledger.FindByKey(entry.Key)!.TransactionId;

    private static Func<int, string> PatronIdOf(DeskState state) => owner => state.Accounts[owner].Patron.PrimaryId;

    /// <summary>What orders the records and notices still to come at a transaction's instant; null when nothing does.</summary>
    public static SameInstantOrder? SameInstantOf(DeskTransaction transaction)
    {
        var (records, notices) = transaction.Batches;
        return SameInstantOf(records, notices, transaction.Now, transaction.ActionPlace, transaction.Catalogue.Ids,
            entry => transaction.AccountAsHeld(entry.Owner).Ledger.FindByKey(entry.Key)!.TransactionId, owner => owner != DeskState.Absent,
            owner => transaction.AccountAsHeld(owner).Patron.PrimaryId);
    }

    /// <param name="batch">The fines/fees of the latest instant.</param>
    /// <param name="noticeBatch">The notices of the latest instant.</param>
    /// <param name="now">The instant of the state.</param>
    /// <param name="actions">The actions taken at it (counted under scoped ids only).</param>
    /// <param name="ids">The desk's numbering.</param>
    /// <param name="scopedIdOf">Under scoped ids, the current id of a held account's record of the batch.</param>
    /// <param name="isHeld">Under scoped ids, whether the snapshot holds an account.</param>
    /// <param name="patronIdOf">Under scoped ids, the patron of a held account, which with the sequence names a notice.</param>
    private static SameInstantOrder? SameInstantOf(
        RecordBatch batch, NoticeBatch noticeBatch, Instant now, int actions, IdNumbering ids, Func<BatchEntry, string> scopedIdOf, Func<int, bool> isHeld,
        Func<int, string> patronIdOf)
    {
        var records = batch.IsOpen && batch.At == now ? batch.Entries : [];
        if (ids == IdNumbering.Scoped)
        {
            // Scoped ids are numbered within each account: the records of accounts a snapshot leaves out order
            // nothing it holds.
            records = [.. records.Where(e => isHeld(e.Owner))];
        }

        var notices = noticeBatch.At == now ? noticeBatch.Entries : [];
        if (records.Length == 0 && notices.Length == 0 && actions == 0)
        {
            return null;
        }

        return new SameInstantOrder(
            now,
            records.Select((e, i) => ids == IdNumbering.Scoped
                ? new PendingFineFee(scopedIdOf(e), null, e.Rank) { Loan = e.HasLoan ? new LoanPlace(e.LoanedAt, e.Loan) : null }
                : new PendingFineFee(DeskTransaction.TransactionId(batch.FirstNumber + i), e.HasLoan ? e.Loan : null, e.Rank)).ToEquatableArray(),
            notices.Select(e => ids == IdNumbering.Scoped
                ? new PendingNotice(e.Sequence, e.Type, null, null)
                {
                    // An account the snapshot leaves out still has its notices' places here, but not its patron.
                    PatronId = e.Owner != DeskState.Absent && isHeld(e.Owner) ? patronIdOf(e.Owner) : null,
                    Place = new NoticePlace((NoticeOrderedBy)e.Group, e.Since, (int)e.Number),
                }
                : new PendingNotice(e.Sequence, e.Type, e.Group == 0 ? (int)e.Number : null, e.Group == 2 ? (int)e.Number : null)).ToEquatableArray())
        {
            Actions = actions,
        };
    }

    /// <summary>
    /// The accounts and item records decisions on some patrons and items need: those accounts; the records of those
    /// items and of every item an account held has on loan or an open request on, with the accounts of their
    /// borrowers and open requesters (to a fixed point); and, for loans returned but not yet anonymized, their items
    /// (which hold the loan once it is anonymized) without their queues.
    /// </summary>
    private static (IReadOnlyCollection<int> Accounts, IReadOnlyCollection<int> FullItems, IReadOnlyCollection<int> ItemsHeld) Closure(
        DeskState state, IReadOnlyList<int> patrons, IReadOnlyList<int> items)
    {
        var catalogue = state.Catalogue;
        var accounts = new SortedSet<int>();
        var full = new SortedSet<int>();
        var accountsToVisit = new Queue<int>();
        var itemsToVisit = new Queue<int>();
        void AddAccount(int index)
        {
            if (index >= 0 && accounts.Add(index))
            {
                accountsToVisit.Enqueue(index);
            }
        }

        void AddItem(int index)
        {
            if (index >= 0 && full.Add(index))
            {
                itemsToVisit.Enqueue(index);
            }
        }

        foreach (var patron in patrons)
        {
            AddAccount(patron);
        }

        foreach (var item in items)
        {
            AddItem(item);
        }

        while (accountsToVisit.Count > 0 || itemsToVisit.Count > 0)
        {
            while (accountsToVisit.TryDequeue(out var index))
            {
                foreach (var (_, loan) in state.Accounts[index].Open)
                {
                    AddItem(catalogue.IndexOfItem(loan.ItemBarcode));
                }

                // The items the patron waits for: their hold-shelf expiries and queues send the patron notices.
                foreach (var number in state.OpenRequestsByPatron.TryGetValue(index, out var open) ? open : [])
                {
                    AddItem(state.RequestItems[number - 1]);
                }
            }

            while (itemsToVisit.TryDequeue(out var index))
            {
                var record = state.Items[index];
                if (record.IsOut)
                {
                    AddAccount(record.BorrowerIndex);
                }

                foreach (var request in record.RequestList)
                {
                    if (request.IsOpen)
                    {
                        AddAccount(catalogue.IndexOfPatron(request.PatronId));
                    }
                }
            }
        }

        var held = new SortedSet<int>(full);
        foreach (var index in accounts)
        {
            foreach (var (_, loan) in state.Accounts[index].Returned)
            {
                held.Add(catalogue.IndexOfItem(loan.ItemBarcode));
            }
        }

        return (accounts, full, held);
    }

    /// <summary>The state a checked snapshot describes.</summary>
    /// <exception cref="InvalidSnapshotException">The snapshot does not pass <see cref="SnapshotCheck"/>.</exception>
    public static DeskState Restore(Policy policy, DeskSnapshot snapshot)
    {
        if (SnapshotCheck.Problems(policy, snapshot) is [_, ..] problems)
        {
            throw new InvalidSnapshotException(problems);
        }

        var directory = new PatronDirectory(snapshot.Patrons);
        var items = snapshot.Items.ToList();
        var numbering = snapshot.Numbering;
        var catalogue = new DeskCatalogue(policy, directory, items, snapshot.Staff.ToList(), snapshot.Scope, numbering.Ids);
        var scoped = numbering.Ids == IdNumbering.Scoped;

        // A part holds few of the desk's numbers: its number-indexed vectors cost what it holds, not the desk's counts.
        // Under scoped ids the snapshot keeps no desk-wide number: the desk numbers what it holds, in the order listed
        // (loan, request and session order, by the instant and place of the action that made each).
        var sparse = snapshot.Scope is not null && !scoped;

        // Fines/fees: keyed by number (dense ids) or by their place in the list, the order they arose in (scoped
        // ids), so their order of arising within an instant is kept.
        var recordOwners = new NumberSlots(scoped ? snapshot.FinesFees.Count : numbering.FinesFees, sparse);
        var ledgers = new Ledger[directory.Count];
        var accruingKeys = new Dictionary<string, long>(StringComparer.Ordinal);
        var recordKeys = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var position = 0; position < snapshot.FinesFees.Count; position++)
        {
            var record = snapshot.FinesFees[position];
            var number = scoped ? position + 1 : NumberOf(record.TransactionId);
            var owner = catalogue.IndexOfPatron(record.PatronId);
            recordKeys[record.TransactionId] = number;
            recordOwners[number - 1] = owner;
            ledgers[owner] = (ledgers[owner] ?? Ledger.Empty(policy.Currency)).Add(FineFee.FromSnapshot(record, number));
            if (record.IsAccruing)
            {
                accruingKeys.Add(record.LoanId!, number);
            }
        }

        if (scoped)
        {
            // An account lists its records by their number within it, as the desk keeps them.
            for (var owner = 0; owner < ledgers.Length; owner++)
            {
                ledgers[owner] = ledgers[owner]?.OrderedBy(r => DeskIds.OrdinalOfFineFee(r.TransactionId))!;
            }
        }

        // Loans: in their accounts, or with their items once anonymized; each with its next scheduled action.
        var schedule = PersistentSortedMap<ScheduleEntry, bool>.Empty(ScheduleEntry.Order);
        var loanLocations = new NumberSlots(scoped ? snapshot.Loans.Count + snapshot.LoansElsewhere.Count : numbering.Loans, sparse);
        var accountLoans = new List<Loan>[directory.Count];
        var anonymized = new List<Loan>[items.Count];
        var openLoans = new (int Number, int Borrower)[items.Count];
        var loanNumbers = PersistentSortedMap<string, int>.Empty(StringComparer.Ordinal);
        for (var position = 0; position < snapshot.Loans.Count; position++)
        {
            var loan = Loan.FromSnapshot(snapshot.Loans[position], scoped ? position + 1 : DeskIds.NumberOf(snapshot.Loans[position].Id));
            if (scoped)
            {
                loanNumbers = loanNumbers.SetItem(loan.Id, loan.Number);
            }

            var itemIndex = catalogue.IndexOfItem(loan.ItemBarcode);
            if (loan.IsAnonymized)
            {
                (anonymized[itemIndex] ??= []).Add(loan);
                loanLocations[loan.Number - 1] = ~itemIndex;
                continue;
            }

            if (accruingKeys.TryGetValue(loan.Id, out var key))
            {
                loan = loan.WithAccruingRecord(key);
            }

            if (DeskTransaction.NextScheduledOf(catalogue, loan) is { } next)
            {
                schedule = schedule.SetItem(next, true);
                loan = loan with { Scheduled = (next.At, (byte)next.Kind) };
            }

            var owner = catalogue.IndexOfPatron(loan.PatronId!);
            (accountLoans[owner] ??= []).Add(loan);
            loanLocations[loan.Number - 1] = owner;
            if (loan.IsOpen)
            {
                openLoans[itemIndex] = (loan.Number, owner);
            }
        }

        for (var position = 0; position < snapshot.LoansElsewhere.Count; position++)
        {
            // Under scoped ids a loan whose borrower the part leaves out orders nothing it holds: numbered after its loans.
            var elsewhere = snapshot.LoansElsewhere[position];
            var number = scoped ? snapshot.Loans.Count + position + 1 : DeskIds.NumberOf(elsewhere.LoanId);
            openLoans[catalogue.IndexOfItem(elsewhere.ItemBarcode)] = (number, ItemRecord.BorrowerElsewhere);
            if (scoped)
            {
                loanNumbers = loanNumbers.SetItem(elsewhere.LoanId, number);
            }
        }

        // Requests: in their items' queues, in the order placed; one on the hold shelf expires by the schedule.
        var requestItems = new NumberSlots(scoped ? snapshot.Requests.Count : numbering.Requests, sparse);
        var requestNumbers = PersistentSortedMap<string, int>.Empty(StringComparer.Ordinal);
        var openRequests = new SortedDictionary<int, List<int>>();
        var queues = new List<Request>[items.Count];
        for (var position = 0; position < snapshot.Requests.Count; position++)
        {
            var request = Request.FromSnapshot(snapshot.Requests[position], scoped ? position + 1 : snapshot.Requests[position].Number!.Value);
            var itemIndex = catalogue.IndexOfItem(request.ItemBarcode);
            (queues[itemIndex] ??= []).Add(request);
            requestItems[request.Number - 1] = itemIndex;
            requestNumbers = requestNumbers.SetItem(request.Id, request.Number);
            if (request.IsOpen)
            {
                var requester = catalogue.IndexOfPatron(request.PatronId);
                (openRequests.TryGetValue(requester, out var numbers) ? numbers : openRequests[requester] = []).Add(request.Number);
            }

            if (request.Status == RequestStatus.OnHoldShelf)
            {
                schedule = schedule.SetItem(new ScheduleEntry(request.ExpiresAt!.Value, ScheduledAction.RequestExpires, request.Number), true);
            }
        }

        // Sessions: with their patrons; an open one times out by the schedule.
        var sessionOwners = new NumberSlots(scoped ? snapshot.Sessions.Count : numbering.Sessions, sparse);
        var sessionNumbers = PersistentSortedMap<string, int>.Empty(StringComparer.Ordinal);
        var lastSessionByStaff = PersistentSortedMap<string, int>.Empty(StringComparer.Ordinal);
        var accountSessions = new List<PatronServicesSession>[directory.Count];
        for (var position = 0; position < snapshot.Sessions.Count; position++)
        {
            var session = PatronServicesSession.FromSnapshot(snapshot.Sessions[position], scoped ? position + 1 : snapshot.Sessions[position].Number!.Value);
            var owner = catalogue.IndexOfPatron(session.PatronId);
            (accountSessions[owner] ??= []).Add(session);
            sessionOwners[session.Number - 1] = owner;
            sessionNumbers = sessionNumbers.SetItem(session.Id, session.Number);
            lastSessionByStaff = lastSessionByStaff.SetItem(session.StaffId, session.Number);
            if (session.ClosedAt is null)
            {
                var closesAt = session.ClosesAt(policy.Retention.SessionIdleTimeout, policy.TimeZone);
                schedule = schedule.SetItem(new ScheduleEntry(closesAt, ScheduledAction.SessionTimesOut, session.Number), true);
            }
        }

        var accountNotices = new List<Notice>[directory.Count];
        var noticeOwners = new Dictionary<long, int>();
        foreach (var snapshotNotice in snapshot.Notices)
        {
            var owner = catalogue.IndexOfPatron(snapshotNotice.PatronId);
            (accountNotices[owner] ??= []).Add(Notice.FromSnapshot(snapshotNotice));
            if (!scoped)
            {
                noticeOwners[snapshotNotice.Sequence] = owner;
            }
        }

        // Dense sequences name a notice across the desk; scoped ones within the account the pending entry names.
        Func<PendingNotice, int> ownerOfPending = scoped
            ? p => p.PatronId is { } patron ? catalogue.IndexOfPatron(patron) : DeskState.Absent
            : p => noticeOwners.TryGetValue(p.Sequence, out var owner) ? owner : DeskState.Absent;

        var claims = snapshot.Claims.ToDictionary(c => c.PatronId, c => c.Count, StringComparer.Ordinal);
        var accounts = directory.Patrons.Select((patron, i) => PatronAccount.Restored(
            patron, i, accountLoans[i] ?? [], ledgers[i] ?? Ledger.Empty(policy.Currency), claims.GetValueOrDefault(patron.PrimaryId),
            PersistentVector<Notice>.From(accountNotices[i] ?? []), [.. accountSessions[i] ?? []]));
        var loansMade = numbering.LoansByItem.ToDictionary(e => e.ItemBarcode, e => e.Count, StringComparer.Ordinal);
        var itemRecords = items.Select((item, i) => ItemRecord.Restored(
            item, i, openLoans[i].Number, openLoans[i].Number == 0 ? -1 : openLoans[i].Borrower, [.. queues[i] ?? []], [.. anonymized[i] ?? []],
            loansMade.GetValueOrDefault(item.Barcode)));

        var (batch, noticeBatch) = SameInstantBatches(snapshot, recordOwners, ownerOfPending, scoped ? PendingInAccounts(snapshot, catalogue, recordKeys) : null);
        return new DeskState
        {
            Catalogue = catalogue,
            Accounts = PersistentVector<PatronAccount>.From(accounts),
            Items = PersistentVector<ItemRecord>.From(itemRecords),
            LoanLocations = loanLocations.ToVector(),
            LoanNumbers = loanNumbers,
            RecordOwners = recordOwners.ToVector(),
            RequestItems = requestItems.ToVector(),
            RequestNumbers = requestNumbers,
            OpenRequestsByPatron = openRequests.Aggregate(
                PersistentSortedMap<int, ImmutableArray<int>>.Empty(),
                (map, open) => map.SetItem(open.Key, [.. open.Value.Order()])),
            SessionOwners = sessionOwners.ToVector(),
            SessionNumbers = sessionNumbers,
            LastSessionByStaff = lastSessionByStaff,
            Schedule = schedule,
            Batch = batch,
            Notices = noticeBatch,
            NextRecordKey = recordOwners.Count + 1L,
            NextNoticeSequence = numbering.Notices,
            Now = snapshot.AsOf,
            ActionsAtNow = snapshot.SameInstant?.Actions ?? 0,
        };
    }

    /// <summary>Under scoped ids: the fines/fees still numbered together at the snapshot's instant, each with its
    /// account and its key (its place in the list), in the batch's order whatever order the snapshot lists them in
    /// (a batch out of order would number the instant's next record wrongly).</summary>
    private static ImmutableArray<BatchEntry> PendingInAccounts(DeskSnapshot snapshot, DeskCatalogue catalogue, Dictionary<string, long> recordKeys) =>
        snapshot.SameInstant is not { } pending ? [] : [.. pending.FinesFees.Select(p =>
            BatchEntry.OfScoped(p, recordKeys[p.TransactionId], catalogue.IndexOfPatron(snapshot.FinesFees[(int)recordKeys[p.TransactionId] - 1].PatronId))).Order()];

    private static (RecordBatch Records, NoticeBatch Notices) SameInstantBatches(
        DeskSnapshot snapshot, NumberSlots recordOwners, Func<PendingNotice, int> ownerOfPending, ImmutableArray<BatchEntry>? scopedRecords)
    {
        if (snapshot.SameInstant is not { } pending)
        {
            return (RecordBatch.None, NoticeBatch.None);
        }

        var records = RecordBatch.None;
        if (scopedRecords is { Length: > 0 } entries)
        {
            // Only the batch's order and accounts number scoped ids; its first desk-wide number is never read.
            records = new RecordBatch(pending.At, true, recordOwners.Count + 1, entries);
        }
        else if (scopedRecords is null && pending.FinesFees.Count > 0)
        {
            var first = NumberOf(pending.FinesFees[0].TransactionId);
            records = new RecordBatch(pending.At, true, first, [.. pending.FinesFees.Select(p =>
            {
                var number = NumberOf(p.TransactionId);
                var (loanedAt, loan) = p.LoanNumber is { } loanNumber ? (Instant.MinValue, loanNumber) : BatchEntry.NoLoan;
                return new BatchEntry(loanedAt, loan, p.Rank, number, recordOwners[number - 1]);
            })]);
        }

        var notices = pending.Notices.Count == 0 ? NoticeBatch.None : new NoticeBatch(pending.At, [.. pending.Notices.Select(p => p.Place is { } place
            ? new NoticeEntry((int)place.By, place.At, place.Place, p.Type, ownerOfPending(p), p.Sequence)
            : new NoticeEntry(
                p.RequestNumber is not null ? 2 : p.LoanNumber is not null ? 0 : 1,
                Instant.MinValue,
                p.RequestNumber ?? p.LoanNumber ?? p.Sequence,
                p.Type,
                ownerOfPending(p),
                p.Sequence))]);
        return (records, notices);
    }

    /// <summary>A number-indexed vector being restored: the numbers a snapshot holds set, the rest
    /// <see cref="DeskState.Absent"/>. A whole snapshot holds every number and fills an array; a part sets its few
    /// numbers on a shared vector of <see cref="DeskState.Absent"/>.</summary>
    private sealed class NumberSlots(int count, bool sparse)
    {
        private readonly int[]? all = sparse ? null : Filled(count);
        private readonly SortedDictionary<int, int> held = [];

        public int Count => count;

        public int this[int index]
        {
            get => all is not null ? all[index] : held.TryGetValue(index, out var value) ? value : DeskState.Absent;
            set
            {
                if (all is not null)
                {
                    all[index] = value;
                }
                else
                {
                    ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)count, nameof(index));
                    held[index] = value;
                }
            }
        }

        public PersistentVector<int> ToVector() => all is not null
            ? PersistentVector<int>.From(all)
            : held.Aggregate(PersistentVector<int>.Repeat(DeskState.Absent, count), (vector, slot) => vector.SetItem(slot.Key, slot.Value));

        private static int[] Filled(int count)
        {
            var array = new int[count];
            Array.Fill(array, DeskState.Absent);
            return array;
        }
    }

    /// <summary>The number of an id of the form <c>Xn</c> (<c>L12</c>, <c>F3</c>); 0 for any other.</summary>
    public static int NumberOf(string id) => DeskIds.NumberOf(id);

}
