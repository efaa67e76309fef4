using System.Collections.Immutable;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Collections;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Retention;
using Harvard.Circulation.Sessions;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>
/// One action on a desk, or one advance of its time: it reads and changes only the accounts and item records the
/// action concerns, keeps the schedule and the numbering up to date, and commits them as a new
/// <see cref="DeskState"/>. Short-lived and used by one thread; the states it starts from and commits are
/// immutable.
/// </summary>
/// <remarks>An action first decides (every refusal is found before anything changes), then changes; so a refused
/// action commits only what came before it (time advanced, a session's activity).</remarks>
internal sealed partial class DeskTransaction
{
    private readonly DeskState start;
    private readonly Dictionary<int, PatronAccount> accounts = [];
    private readonly Dictionary<int, ItemRecord> items = [];
    private PersistentVector<int> loanLocations;
    private PersistentSortedMap<string, int> loanNumbers;
    private PersistentVector<int> recordOwners;
    private PersistentVector<int> requestItems;
    private PersistentSortedMap<string, int> requestNumbers;
    private PersistentSortedMap<int, ImmutableArray<int>> openRequestsByPatron;
    private PersistentVector<int> sessionOwners;
    private PersistentSortedMap<string, int> sessionNumbers;
    private PersistentSortedMap<string, int> lastSessionByStaff;
    private PersistentSortedMap<ScheduleEntry, bool> schedule;
    private RecordBatch batch;
    private NoticeBatch noticeBatch;

    // The batches' entries as lists while this transaction adds to them: thousands of fines arising or notices
    // falling due at one instant (every loan due the same day) cost linear time, not one array copy each.
    private List<BatchEntry>? batchEntries;
    private List<NoticeEntry>? noticeEntries;
    private long nextRecordKey;
    private long nextNoticeSequence;
    private int actionsAtNow;

    // What changed, recorded only when the desk tracks changes (null otherwise: nothing to pay for).
    private readonly ChangeRecorder? recorder;

    public DeskTransaction(DeskState state)
    {
        start = state;
        Catalogue = state.Catalogue;
        loanLocations = state.LoanLocations;
        loanNumbers = state.LoanNumbers;
        recordOwners = state.RecordOwners;
        requestItems = state.RequestItems;
        requestNumbers = state.RequestNumbers;
        openRequestsByPatron = state.OpenRequestsByPatron;
        sessionOwners = state.SessionOwners;
        sessionNumbers = state.SessionNumbers;
        lastSessionByStaff = state.LastSessionByStaff;
        schedule = state.Schedule;
        batch = state.Batch;
        noticeBatch = state.Notices;
        nextRecordKey = state.NextRecordKey;
        nextNoticeSequence = state.NextNoticeSequence;
        actionsAtNow = state.ActionsAtNow;
        Now = state.Now;
        if (state.TracksChanges)
        {
            recorder = new ChangeRecorder(state);
        }
    }

    public DeskCatalogue Catalogue { get; }

    public Policy Policy => Catalogue.Policy;

    public Instant Now { get; private set; }

    /// <summary>The place of the action being taken among the actions of <see cref="Now"/> (see
    /// <see cref="DeskState.ActionsAtNow"/>).</summary>
    public int ActionPlace => actionsAtNow;

    /// <summary>The action being taken was allowed: the next one at this instant comes after it.</summary>
    public void ActionTaken()
    {
        if (Catalogue.Ids == IdNumbering.Scoped)
        {
            actionsAtNow++;
        }
    }

    /// <summary>The next action takes the given place among the actions of <see cref="Now"/>: a caller acting on
    /// part of a desk gives each action its place in the whole desk's order.</summary>
    public void PlaceNextAction(int place) => actionsAtNow = place;

    private DateTimeZone Zone => Policy.TimeZone;

    /// <summary>The new state: the accounts and records this transaction touched replaced, all else shared.</summary>
    public DeskState Commit()
    {
        recorder?.Flush(this, Now);
        var accountVector = start.Accounts;
        foreach (var (index, account) in accounts)
        {
            if (!ReferenceEquals(accountVector[index], account))
            {
                accountVector = accountVector.SetItem(index, account);
            }
        }

        var itemVector = start.Items;
        foreach (var (index, item) in items)
        {
            if (!ReferenceEquals(itemVector[index], item))
            {
                itemVector = itemVector.SetItem(index, item);
            }
        }

        return start with
        {
            Accounts = accountVector,
            Items = itemVector,
            LoanLocations = loanLocations,
            LoanNumbers = loanNumbers,
            RecordOwners = recordOwners,
            RequestItems = requestItems,
            RequestNumbers = requestNumbers,
            OpenRequestsByPatron = openRequestsByPatron,
            SessionOwners = sessionOwners,
            SessionNumbers = sessionNumbers,
            LastSessionByStaff = lastSessionByStaff,
            Schedule = schedule,
            Batch = batchEntries is null ? batch : batch with { Entries = [.. batchEntries] },
            Notices = noticeEntries is null ? noticeBatch : noticeBatch with { Entries = [.. noticeEntries] },
            NextRecordKey = nextRecordKey,
            NextNoticeSequence = nextNoticeSequence,
            Now = Now,
            ActionsAtNow = actionsAtNow,
            LastStep = recorder?.Step(start, Now, DeskSnapshots.SameInstantOf(this)),
        };
    }

    // ---- Accounts and item records ----

    /// <summary>A patron's account, with its accruing fines evaluated at <see cref="Now"/>.</summary>
    public PatronAccount Account(int index)
    {
        if (!accounts.TryGetValue(index, out var account))
        {
            account = start.Accounts[index];
        }

        var accrued = account.AccruedTo(Now, TermsOf, CalendarOf);
        if (!ReferenceEquals(accrued, account) || !accounts.ContainsKey(index))
        {
            accounts[index] = accrued;
            recorder?.TouchedAccount(index);
        }

        return accrued;
    }

    public PatronAccount AccountOf(string patronId) => Account(RequirePatron(patronId));

    /// <summary>An account as this transaction holds it, its accruing fines not evaluated (for ids and counts:
    /// reading it changes nothing).</summary>
    public PatronAccount AccountAsHeld(int index) => accounts.TryGetValue(index, out var account) ? account : start.Accounts[index];

    public ItemRecord Item(int index) => items.TryGetValue(index, out var item) ? item : start.Items[index];

    public int RequirePatron(string patronId)
    {
        var index = Catalogue.IndexOfPatron(patronId ?? throw new ArgumentNullException(nameof(patronId)));
        return index >= 0 ? index
            : throw (Catalogue.Scope is null ? new ArgumentException($"Patron {patronId} is not known.", nameof(patronId)) : OutOfScope($"Patron {patronId}"));
    }

    public int RequireItem(string barcode)
    {
        var index = Catalogue.IndexOfItem(barcode ?? throw new ArgumentNullException(nameof(barcode)));
        return index >= 0 ? index
            : throw (Catalogue.Scope is null ? new ArgumentException($"Item {barcode} is not known.", nameof(barcode)) : OutOfScope($"Item {barcode}"));
    }

    /// <summary>A patron an action names, which a desk restored from part of a snapshot must hold in its scope.</summary>
    /// <exception cref="ArgumentException">The desk is partial and the patron is not in its scope.</exception>
    public int ActingOnPatron(int index)
    {
        var patron = Catalogue.Patrons.Patrons[index].PrimaryId;
        return Catalogue.MayActOnPatron(patron) ? index : throw OutOfScope($"Patron {patron}");
    }

    /// <summary>An item an action names, which a desk restored from part of a snapshot must hold in its scope.</summary>
    /// <exception cref="ArgumentException">The desk is partial and the item is not in its scope.</exception>
    public int ActingOnItem(int index)
    {
        var barcode = Catalogue.Items[index].Barcode;
        return Catalogue.MayActOnItem(barcode) ? index : throw OutOfScope($"Item {barcode}");
    }

    public ArgumentException OutOfScope(string what) => new(
        $"{what} is not in the scope of this desk, which was restored from part of a snapshot (for patrons {string.Join(", ", Catalogue.Scope!.PatronIds)}; "
        + $"items {string.Join(", ", Catalogue.Scope.ItemBarcodes)}): restore a snapshot taken for what the action names.");

    private void Put(PatronAccount account)
    {
        accounts[account.Index] = account;
        recorder?.TouchedAccount(account.Index);
    }

    private void Put(ItemRecord item)
    {
        items[item.Index] = item;
        recorder?.TouchedItem(item.Index);
    }

    /// <summary>The accounts and item records this transaction has touched, as they are now.</summary>
    internal IReadOnlyDictionary<int, PatronAccount> TouchedAccounts => accounts;

    /// <summary>The item records this transaction has touched, as they are now.</summary>
    internal IReadOnlyDictionary<int, ItemRecord> TouchedItems => items;

    /// <summary>The open batches as they are now (for the order of the instant's records and notices).</summary>
    internal (RecordBatch Records, NoticeBatch Notices) Batches =>
        (batchEntries is null ? batch : batch with { Entries = [.. batchEntries] },
         noticeEntries is null ? noticeBatch : noticeBatch with { Entries = [.. noticeEntries] });

    public TermsOfUse TermsOf(Loan loan) => Catalogue.TermsOf(loan);

    public LibraryCalendar CalendarOf(Loan loan) => Catalogue.CalendarOf(loan);

    public LibraryCalendar CalendarOf(Item item) => Catalogue.Calendars.For(item.Library);

    // ---- Loans ----

    /// <summary>The loan with a number, wherever it is (an account, or its item once anonymized); null when none.</summary>
    public Loan? FindLoan(int number)
    {
        if (number < 1 || number > loanLocations.Count)
        {
            return null;
        }

        var location = loanLocations[number - 1];
        return location == DeskState.Absent ? null
            : location >= 0
            ? Account(location).FindLoan(number)
            : Item(~location).AnonymizedLoanList.FirstOrDefault(l => l.Number == number);
    }

    /// <summary>The open loan of an item, if any.</summary>
    /// <exception cref="InvalidOperationException">The item is out to a patron this (partial) desk does not hold.</exception>
    public Loan? OpenLoanOf(ItemRecord item) => !item.IsOut ? null
        : item.BorrowerIndex >= 0 ? Account(item.BorrowerIndex).FindLoan(item.OpenLoanNumber)
        : throw new InvalidOperationException(
            $"Item {item.Item.Barcode} is out on {OpenLoanIdOf(item)}, held by a patron this desk was not restored with; restore that patron's account too.");

    /// <summary>Puts a changed or new loan in its account and its next scheduled action in the schedule.</summary>
    private Loan PutLoan(int owner, Loan loan)
    {
        var next = NextScheduledOf(loan);
        var scheduled = next is { } n ? (n.At, (byte)n.Kind) : ((Instant, byte)?)null;
        var old = loan.Scheduled;
        if (old != scheduled)
        {
            if (old is { } was)
            {
                schedule = schedule.Remove(new ScheduleEntry(was.At, (ScheduledAction)was.Kind, loan.Number));
            }

            if (next is { } scheduledEntry)
            {
                schedule = schedule.SetItem(scheduledEntry, true);
            }

            loan = loan with { Scheduled = scheduled };
        }

        Put(Account(owner).WithLoan(loan));
        return loan;
    }

    internal ScheduleEntry? NextScheduledOf(Loan loan) => NextScheduledOf(Catalogue, loan);

    /// <summary>A loan's next scheduled action: its fine arising, its auto-renewal or aging to lost, its next notice
    /// while on loan; its anonymization once returned.</summary>
    internal static ScheduleEntry? NextScheduledOf(DeskCatalogue catalogue, Loan loan)
    {
        var policy = catalogue.Policy;
        if (loan.IsAnonymized)
        {
            return null;
        }

        if (loan.Status == LoanStatus.Returned)
        {
            return Anonymization.At(loan, policy.Retention, policy.TimeZone) is { } at ? new ScheduleEntry(at, ScheduledAction.Anonymization, loan.Number) : null;
        }

        var terms = catalogue.TermsOf(loan);
        var zone = policy.TimeZone;
        ScheduleEntry? best = null;
        void Consider(Instant? at, ScheduledAction kind)
        {
            if (at is { } instant && (best is null || ScheduleEntry.Order.Compare(new ScheduleEntry(instant, kind, loan.Number), best.Value) < 0))
            {
                best = new ScheduleEntry(instant, kind, loan.Number);
            }
        }

        Consider(OverdueAccrual.ArisesAt(loan, terms, catalogue.CalendarOf(loan)), ScheduledAction.FineArises);
        Consider(AutoRenewal.At(loan, terms), ScheduledAction.LoanActs);
        Consider(AgingToLost.At(loan, terms, zone), ScheduledAction.LoanActs);
        Consider(NoticeSchedule.Next(loan, terms, zone)?.At, ScheduledAction.Notice);
        return best;
    }

    // ---- Requests and sessions ----

    public Request? FindRequest(string id) =>
        requestNumbers.TryGetValue(id, out var number) ? Item(requestItems[number - 1]).RequestList.First(r => r.Number == number) : null;

    private void PutRequest(ItemRecord item, Request request)
    {
        var old = item.RequestList.FirstOrDefault(r => r.Number == request.Number);
        if (old?.Status == RequestStatus.OnHoldShelf)
        {
            schedule = schedule.Remove(new ScheduleEntry(old.ExpiresAt!.Value, ScheduledAction.RequestExpires, old.Number));
        }

        if (request.Status == RequestStatus.OnHoldShelf)
        {
            schedule = schedule.SetItem(new ScheduleEntry(request.ExpiresAt!.Value, ScheduledAction.RequestExpires, request.Number), true);
        }

        var wasOpen = old?.IsOpen ?? false;
        if (wasOpen != request.IsOpen)
        {
            var requester = Catalogue.IndexOfPatron(request.PatronId);
            var open = openRequestsByPatron.TryGetValue(requester, out var numbers) ? numbers : [];
            open = request.IsOpen ? open.Add(request.Number) : open.Remove(request.Number);
            openRequestsByPatron = open.IsEmpty ? openRequestsByPatron.Remove(requester) : openRequestsByPatron.SetItem(requester, open);
        }

        Put(Item(item.Index).WithRequest(request));
    }

    public PatronServicesSession? FindSession(string id, out int owner)
    {
        if (sessionNumbers.TryGetValue(id, out var number))
        {
            owner = sessionOwners[number - 1];
            return Account(owner).SessionList.First(s => s.Number == number);
        }

        owner = -1;
        return null;
    }

    private void PutSession(int owner, PatronServicesSession session)
    {
        var account = Account(owner);
        var old = account.SessionList.FirstOrDefault(s => s.Number == session.Number);
        if (old is { ClosedAt: null })
        {
            schedule = schedule.Remove(new ScheduleEntry(SessionClosesAt(old), ScheduledAction.SessionTimesOut, old.Number));
        }

        if (session.ClosedAt is null)
        {
            schedule = schedule.SetItem(new ScheduleEntry(SessionClosesAt(session), ScheduledAction.SessionTimesOut, session.Number), true);
        }

        Put(account.WithSession(session));
    }

    public Instant SessionClosesAt(PatronServicesSession session) => session.ClosesAt(Policy.Retention.SessionIdleTimeout, Zone);

    // ---- Fines/fees and their numbers ----

    /// <summary>Adds a fine/fee to an account, numbered within the records of its instant (domain.md §3).</summary>
    private FineFee AddRecord(int owner, FineFeeType type, Money amount, Instant createdAt, Loan? loan, string? title, bool accruing)
    {
        var key = nextRecordKey++;
        var rank = loan is null ? 0 : type switch
        {
            FineFeeType.OverdueFine or FineFeeType.RecalledOverdueFine => 0,
            FineFeeType.LostItemReplacementFee => 1,
            FineFeeType.LostItemProcessFee => 2,
            _ => 3,
        };
        var (loanedAt, loanOrder) = loan is null ? BatchEntry.NoLoan
            : Catalogue.Ids == IdNumbering.Scoped ? (loan.LoanedAt, loan.Place ?? throw new InvalidOperationException($"Loan {loan.Id} has no place under scoped ids."))
            : (Instant.MinValue, loan.Number);
        var (id, moved) = Number(new BatchEntry(loanedAt, loanOrder, rank, key, owner));
        var account = Account(owner);
        var record = new FineFee(id, account.Patron.PrimaryId, type, amount, createdAt, loan?.Id, title, accruing) { Key = key };
        Put(account.WithLedger(account.Ledger.Add(record)));
        foreach (var holder in moved.Count == 0 ? [] : moved.Append(owner).Distinct())
        {
            // A ledger lists its records in number order (payments without a transaction id take the oldest first,
            // records of one instant in number order).
            var renumbered = Account(holder);
            Put(renumbered.WithLedger(renumbered.Ledger.OrderedBy(r => DeskIds.OrdinalOfFineFee(r.TransactionId))));
        }

        return record;
    }

    /// <summary>The transaction id of a new record: its place in the open batch of <see cref="Now"/>, the records
    /// after it moving up by one.</summary>
    private (string Id, IReadOnlyCollection<int> Moved) Number(BatchEntry entry)
    {
        if (!batch.IsOpen || batch.At != Now)
        {
            batch = new RecordBatch(Now, true, recordOwners.Count + 1, []);
            batchEntries = [];
        }

        var entries = batchEntries ??= [.. batch.Entries];
        var position = entries.Count;
        while (position > 0 && entries[position - 1].CompareTo(entry) > 0)
        {
            position--;
        }

        recordOwners = recordOwners.Add(entry.Owner);
        if (Catalogue.Ids == IdNumbering.Scoped)
        {
            return NumberInAccount(entry, entries, position);
        }
        var renames = new Dictionary<int, List<(string From, string To)>>();
        if (position < entries.Count)
        {
            for (var i = position; i < entries.Count; i++)
            {
                var moved = entries[i];
                var from = batch.FirstNumber + i;
                recordOwners = recordOwners.SetItem(from, moved.Owner);
                if (moved.Owner == DeskState.Absent)
                {
                    // A record of an account a partial desk does not hold keeps its place in the numbering only.
                    continue;
                }

                if (!renames.TryGetValue(moved.Owner, out var list))
                {
                    renames[moved.Owner] = list = [];
                }

                list.Add((TransactionId(from), TransactionId(from + 1)));
            }

            foreach (var (owner, list) in renames)
            {
                Renumber(owner, list);
            }

            recordOwners = recordOwners.SetItem(batch.FirstNumber + position - 1, entry.Owner);
        }

        entries.Insert(position, entry);
        return (TransactionId(batch.FirstNumber + position), renames.Keys);
    }

    /// <summary>Under scoped ids: the new record's place among its account's records of the batch, its account's
    /// records after it moving up by one (no other account's ids change).</summary>
    private (string Id, IReadOnlyCollection<int> Moved) NumberInAccount(BatchEntry entry, List<BatchEntry> entries, int position)
    {
        var account = Account(entry.Owner);
        var patron = account.Patron.PrimaryId;
        var before = 0;
        var inBatch = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Owner == entry.Owner)
            {
                inBatch++;
                before += i < position ? 1 : 0;
            }
        }

        // The account's records of this batch are its latest: they are numbered from just after its earlier ones.
        var first = account.Ledger.Records.Count - inBatch + 1;
        var renames = new List<(string From, string To)>();
        for (var ordinal = first + inBatch - 1; ordinal >= first + before; ordinal--)
        {
            renames.Add((DeskIds.ScopedFineFee(patron, ordinal), DeskIds.ScopedFineFee(patron, ordinal + 1)));
        }

        if (renames.Count > 0)
        {
            Renumber(entry.Owner, renames);
        }

        entries.Insert(position, entry);
        return (DeskIds.ScopedFineFee(patron, first + before), renames.Count > 0 ? [entry.Owner] : []);
    }

    private void Renumber(int owner, List<(string From, string To)> renames)
    {
        var account = Account(owner);
        var byOld = renames.ToDictionary(r => r.From, r => r.To, StringComparer.Ordinal);
        var notices = account.NoticeList;
        for (var i = notices.Count - 1; i >= 0 && notices[i].At == Now; i--)
        {
            if (notices[i].TransactionId is { } id && byOld.TryGetValue(id, out var to))
            {
                notices = notices.SetItem(i, notices[i].WithTransactionId(to));
            }
        }

        Put(account.WithLedger(account.Ledger.Renumber(renames)).WithNotices(notices));
    }

    /// <summary>A fine/fee transaction fixes the numbers of the records that arose before it at its instant: every
    /// record's under dense ids, numbered across the desk; under scoped ids only those of the account it acts on
    /// (<paramref name="account"/>; null for every account; an index no account has, for a record no account holds,
    /// fixes none), each account numbering its own, so that a transaction on another patron's account never changes
    /// how this account's later records of the instant are numbered.</summary>
    private void CloseBatch(int? account)
    {
        // A batch of an earlier instant numbers nothing to come, whoever acts: dropping it is the same and costs
        // nothing, where taking one account's records out of it would cost the batch's size.
        if (Catalogue.Ids == IdNumbering.Scoped && account is { } owner && batch.IsOpen && batch.At == Now)
        {
            (batchEntries ??= [.. batch.Entries]).RemoveAll(e => e.Owner == owner);
            return;
        }

        batch = batch with { IsOpen = false, Entries = [] };
        batchEntries = null;
    }

    public static string TransactionId(int number) => DeskIds.DenseFineFee(number);

    /// <summary>The account holding a fine/fee; −1 when no record has the id; <see cref="DeskState.Absent"/> when a
    /// partial desk does not hold the account it would be on.</summary>
    public int OwnerOfRecord(string transactionId)
    {
        if (Catalogue.Ids == IdNumbering.Scoped)
        {
            if (!DeskIds.TryReadScoped(transactionId, 'F', out var patronId, out _))
            {
                return -1;
            }

            var owner = Catalogue.IndexOfPatron(patronId);
            return owner < 0 ? (Catalogue.Scope is null ? -1 : DeskState.Absent)
                : AccountAsHeld(owner).Ledger.Find(transactionId) is null ? -1 : owner;
        }

        var number = DeskIds.NumberOf(transactionId);
        return transactionId is ['F', ..] && number >= 1 && number <= recordOwners.Count ? recordOwners[number - 1] : -1;
    }

    // ---- Notices ----

    private void AddNotice(int owner, NoticeType type, Instant at, Loan? loan = null, Request? request = null, string? transactionId = null)
    {
        if (noticeBatch.At != at)
        {
            CloseNoticeBatch();
            noticeBatch = new NoticeBatch(at, []);
            noticeEntries = [];
        }

        var account = Account(owner);
        noticeEntries ??= [.. noticeBatch.Entries];

        // Scoped ids number a notice within its account and place it among everyone's notices of the instant by
        // the action its loan or request came from (or that decided it): no desk-wide number orders anything.
        var scoped = Catalogue.Ids == IdNumbering.Scoped;
        var sequence = scoped ? account.NoticeList.Count : nextNoticeSequence++;
        var (group, since, number) = (request, loan) switch
        {
            ({ } r, _) => (2, scoped ? r.PlacedAt : Instant.MinValue, scoped ? PlaceOf(r.Place) : r.Number),
            (null, { } l) => (0, scoped ? l.LoanedAt : Instant.MinValue, scoped ? PlaceOf(l.Place) : l.Number),
            _ => (1, scoped ? at : Instant.MinValue, scoped ? ActionPlace : sequence),
        };
        noticeEntries.Add(new NoticeEntry(group, since, number, type, owner, sequence));
        Put(account.WithNotice(new Notice(type, account.Patron.PrimaryId, at, loan?.Id, request?.Id, transactionId, sequence)
        {
            Place = scoped ? new NoticePlace((NoticeOrderedBy)group, since, checked((int)number)) : null,
        }));
    }

    private static long PlaceOf(int? place) =>
        place ?? throw new InvalidOperationException("Under scoped ids every loan and request keeps the place of the action that made it.");

    /// <summary>Gives each notice of the batch its place among the notices of its instant (dense ids; under scoped
    /// ids each notice keeps what places it instead).</summary>
    private void CloseNoticeBatch()
    {
        var order = 0;
        foreach (var entry in Catalogue.Ids == IdNumbering.Scoped ? Enumerable.Empty<NoticeEntry>() : (noticeEntries ?? [.. noticeBatch.Entries]).Order())
        {
            if (entry.Owner == DeskState.Absent)
            {
                order++;
                continue;
            }

            var account = Account(entry.Owner);
            var notices = account.NoticeList;
            for (var i = notices.Count - 1; i >= 0; i--)
            {
                if (notices[i].Sequence == entry.Sequence)
                {
                    Put(account.WithNotices(notices.SetItem(i, notices[i] with { Order = order })));
                    break;
                }
            }

            order++;
        }

        noticeBatch = NoticeBatch.None;
        noticeEntries = null;
    }
}
