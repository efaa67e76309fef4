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
/// Records what a transaction changes, instant by instant: at each instant it leaves (and at commit) it compares the
/// accounts and item records touched since the last instant with how they were then, and writes one change per
/// loan, fine/fee, request, session, notice or claims count that differs as a host stores it. Its cost is that of
/// what was touched.
/// </summary>
internal sealed class ChangeRecorder(DeskState start)
{
    private readonly Dictionary<int, PatronAccount> accountsBefore = [];
    private readonly Dictionary<int, ItemRecord> itemsBefore = [];
    private readonly HashSet<int> dirtyAccounts = [];
    private readonly HashSet<int> dirtyItems = [];
    private readonly List<DeskChange> changes = [];

    public void TouchedAccount(int index) => dirtyAccounts.Add(index);

    public void TouchedItem(int index) => dirtyItems.Add(index);

    /// <summary>Writes the changes made at an instant: every touched account and record against how it was when
    /// the instant began.</summary>
    public void Flush(DeskTransaction transaction, Instant at)
    {
        if (dirtyAccounts.Count == 0 && dirtyItems.Count == 0)
        {
            return;
        }

        var loans = new List<(int Number, DeskChange Change)>();
        var records = new List<(int Number, DeskChange Change)>();
        var requests = new List<(int Number, DeskChange Change)>();
        var sessions = new List<(int Number, DeskChange Change)>();
        var notices = new List<((int Account, long Sequence) Order, DeskChange Change)>();
        var noticeAccount = start.Catalogue.Ids == IdNumbering.Scoped ? (Func<int, int>)(index => index) : _ => 0;
        var claims = new List<(int Index, DeskChange Change)>();
        var leftAccounts = new Dictionary<int, Loan>();
        foreach (var index in dirtyAccounts)
        {
            var now = transaction.TouchedAccounts[index];
            var before = accountsBefore.TryGetValue(index, out var was) ? was : start.Accounts[index];
            if (!ReferenceEquals(before, now))
            {
                DiffLoans(at, before, now, loans, leftAccounts);
                DiffRecords(at, before.Ledger, now.Ledger, records, start.Catalogue.Ids == IdNumbering.Scoped);
                DiffSessions(at, before, now, sessions);
                DiffNotices(at, before, now, noticeAccount(index), notices);
                if (before.ClaimedReturnedCount != now.ClaimedReturnedCount)
                {
                    claims.Add((index, new ClaimsCounted(at, new PatronClaims(now.Patron.PrimaryId, now.ClaimedReturnedCount))));
                }
            }

            accountsBefore[index] = now;
        }

        foreach (var index in dirtyItems)
        {
            var now = transaction.TouchedItems[index];
            var before = itemsBefore.TryGetValue(index, out var was) ? was : start.Items[index];
            if (!ReferenceEquals(before, now))
            {
                DiffItem(at, before, now, leftAccounts, loans, requests);
            }

            itemsBefore[index] = now;
        }

        dirtyAccounts.Clear();
        dirtyItems.Clear();
        changes.AddRange(loans.OrderBy(c => c.Number).Select(c => c.Change));
        changes.AddRange(records.OrderBy(c => c.Number).Select(c => c.Change));
        changes.AddRange(requests.OrderBy(c => c.Number).Select(c => c.Change));
        changes.AddRange(sessions.OrderBy(c => c.Number).Select(c => c.Change));
        changes.AddRange(notices.OrderBy(c => c.Order).Select(c => c.Change));
        changes.AddRange(claims.OrderBy(c => c.Index).Select(c => c.Change));
    }

    /// <summary>The step: every change recorded, then the order of the last instant's records and notices when it
    /// changed.</summary>
    public DeskStep Step(DeskState from, Instant to, SameInstantOrder? sameInstant)
    {
        if (!Equals(DeskSnapshots.SameInstantOf(from), sameInstant))
        {
            changes.Add(new SameInstantOrderChanged(to, sameInstant));
        }

        return new DeskStep(from.Now, to, changes.ToEquatableArray());
    }

    /// <summary>The loans of an account created or changed; those that left it (anonymized: they went to their
    /// items) as they were, for <see cref="DiffItem"/>.</summary>
    private static void DiffLoans(Instant at, PatronAccount before, PatronAccount now, List<(int, DeskChange)> changes, Dictionary<int, Loan> left)
    {
        if (ReferenceEquals(before.Open, now.Open) && ReferenceEquals(before.Returned, now.Returned))
        {
            return;
        }

        foreach (var (number, loan) in before.Open.Concat(before.Returned))
        {
            if (now.FindLoan(number) is null)
            {
                left[number] = loan;
            }
        }

        foreach (var (number, loan) in now.Open.Concat(now.Returned))
        {
            var old = before.FindLoan(number);
            if (ReferenceEquals(old, loan))
            {
                continue;
            }

            var snapshot = loan.ToSnapshot();
            var what = old is null ? LoanChanges.Created : Compare(old.ToSnapshot(), snapshot);
            if (what != LoanChanges.None)
            {
                changes.Add((number, new LoanChanged(at, what, snapshot)));
            }
        }
    }

    private static LoanChanges Compare(LoanSnapshot old, LoanSnapshot now)
    {
        var what = LoanChanges.None;
        what |= old.DueAt != now.DueAt ? LoanChanges.DueDate : 0;
        what |= old.Status != now.Status ? LoanChanges.Status : 0;
        what |= old.RenewedAt != now.RenewedAt ? LoanChanges.Renewals : 0;
        what |= old.RecalledAt != now.RecalledAt ? LoanChanges.Recalled : 0;
        what |= old.NoticesSent != now.NoticesSent ? LoanChanges.NoticesSent : 0;
        what |= old.AutoRenewTried != now.AutoRenewTried ? LoanChanges.AutoRenewTried : 0;
        what |= old.IncurredFineOrFee != now.IncurredFineOrFee ? LoanChanges.FineOrFeeIncurred : 0;
        what |= old.PatronId is not null && now.PatronId is null ? LoanChanges.Anonymized : 0;
        what |= old.Notes != now.Notes ? LoanChanges.Notes : 0;

        // Anything else a host stores that differs (an instant of a transition) goes with the status change.
        return what == LoanChanges.None && old != now ? LoanChanges.Status : what;
    }

    /// <param name="at">The instant of the changes.</param>
    /// <param name="before">The ledger before.</param>
    /// <param name="now">The ledger now.</param>
    /// <param name="changes">Where the changes go, each with what orders it: the record's number, or under scoped
    /// ids its order of arising (the order a snapshot lists them in).</param>
    /// <param name="scoped">Whether the desk has scoped ids.</param>
    private static void DiffRecords(Instant at, Ledger before, Ledger now, List<(int, DeskChange)> changes, bool scoped)
    {
        if (ReferenceEquals(before, now))
        {
            return;
        }

        var byKey = before.Records.ToDictionary(r => r.Key);
        foreach (var record in now.Records)
        {
            byKey.TryGetValue(record.Key, out var old);
            if (ReferenceEquals(old, record))
            {
                continue;
            }

            var snapshot = record.ToSnapshot();
            var what = old is null ? FineFeeChanges.Created : Compare(old.ToSnapshot(), snapshot);
            if (what != FineFeeChanges.None)
            {
                var former = old is not null && old.TransactionId != record.TransactionId ? old.TransactionId : null;
                changes.Add((scoped ? checked((int)record.Key) : DeskSnapshots.NumberOf(record.TransactionId), new FineFeeChanged(at, what, snapshot, former)));
            }
        }
    }

    private static FineFeeChanges Compare(FineFeeSnapshot old, FineFeeSnapshot now)
    {
        var what = FineFeeChanges.None;
        what |= old.Original != now.Original ? FineFeeChanges.Amount : 0;
        what |= old.Balance != now.Balance ? FineFeeChanges.Balance : 0;
        what |= old.Status != now.Status ? FineFeeChanges.Status : 0;
        what |= old.Transactions != now.Transactions ? FineFeeChanges.Transaction : 0;
        what |= old.IsAccruing && !now.IsAccruing ? FineFeeChanges.AccrualStopped : 0;
        what |= old.TransactionId != now.TransactionId ? FineFeeChanges.Renumbered : 0;
        what |= old.LoanId is not null && now.LoanId is null ? FineFeeChanges.LoanForgotten : 0;
        return what == FineFeeChanges.None && old != now ? FineFeeChanges.Amount : what;
    }

    private static void DiffSessions(Instant at, PatronAccount before, PatronAccount now, List<(int, DeskChange)> changes)
    {
        var old = before.SessionList;
        var current = now.SessionList;
        if (ReferenceEquals(old, current))
        {
            return;
        }

        for (var i = 0; i < current.Count; i++)
        {
            var session = current[i];
            var was = i < old.Count ? old[i] : null;
            if (ReferenceEquals(was, session))
            {
                continue;
            }

            var snapshot = session.ToSnapshot();
            var what = was is null ? SessionChanges.Opened : Compare(was.ToSnapshot(), snapshot);
            if (what != SessionChanges.None)
            {
                changes.Add((session.Number, new SessionChanged(at, what, snapshot)));
            }
        }
    }

    private static SessionChanges Compare(SessionSnapshot old, SessionSnapshot now)
    {
        var what = SessionChanges.None;
        what |= old.LastActivityAt != now.LastActivityAt ? SessionChanges.Activity : 0;
        what |= now.LoanIds.Count > old.LoanIds.Count ? SessionChanges.Loan : 0;
        what |= now.ReturnIds.Count > old.ReturnIds.Count ? SessionChanges.Return : 0;
        what |= old.ClosedAt is null && now.ClosedAt is not null ? SessionChanges.Closed : 0;
        what |= now.LoanIds.Count < old.LoanIds.Count || now.ReturnIds.Count < old.ReturnIds.Count ? SessionChanges.LoanForgotten : 0;
        return what == SessionChanges.None && old != now ? SessionChanges.Activity : what;
    }

    /// <param name="at">The instant.</param>
    /// <param name="before">The account when the instant began.</param>
    /// <param name="now">The account now.</param>
    /// <param name="account">What orders the account's notices among others': 0 under dense ids (sequences are
    /// desk-wide), the account's index under scoped ids (sequences count within it).</param>
    /// <param name="changes">Where to add the changes.</param>
    private static void DiffNotices(Instant at, PatronAccount before, PatronAccount now, int account, List<((int, long), DeskChange)> changes)
    {
        var old = before.NoticeList;
        var current = now.NoticeList;
        if (ReferenceEquals(old, current))
        {
            return;
        }

        for (var i = 0; i < current.Count; i++)
        {
            var notice = current[i];
            var was = i < old.Count ? old[i] : null;
            if (ReferenceEquals(was, notice))
            {
                continue;
            }

            var snapshot = notice.ToSnapshot();
            var what = was is null ? NoticeChanges.Decided : Compare(was.ToSnapshot(), snapshot);
            if (what != NoticeChanges.None)
            {
                changes.Add(((account, notice.Sequence), new NoticeChanged(at, what, snapshot)));
            }
        }
    }

    private static NoticeChanges Compare(NoticeSnapshot old, NoticeSnapshot now)
    {
        var what = NoticeChanges.None;
        what |= old.Order is null && now.Order is not null ? NoticeChanges.Ordered : 0;
        what |= old.TransactionId != now.TransactionId ? NoticeChanges.FineFeeRenumbered : 0;
        what |= old.LoanId is not null && now.LoanId is null ? NoticeChanges.LoanForgotten : 0;
        return what == NoticeChanges.None && old != now ? NoticeChanges.Ordered : what;
    }

    private static void DiffItem(Instant at, ItemRecord before, ItemRecord now, Dictionary<int, Loan> leftAccounts,
        List<(int, DeskChange)> loans, List<(int, DeskChange)> requests)
    {
        if (!ReferenceEquals(before.AnonymizedLoanList, now.AnonymizedLoanList))
        {
            for (var i = before.AnonymizedLoanList.Count; i < now.AnonymizedLoanList.Count; i++)
            {
                var loan = now.AnonymizedLoanList[i];
                var snapshot = loan.ToSnapshot();
                var what = leftAccounts.TryGetValue(loan.Number, out var was) ? Compare(was.ToSnapshot(), snapshot) : LoanChanges.Created | LoanChanges.Status;
                loans.Add((loan.Number, new LoanChanged(at, what | LoanChanges.Anonymized, snapshot)));
            }
        }

        if (ReferenceEquals(before.RequestList, now.RequestList))
        {
            return;
        }

        for (var i = 0; i < now.RequestList.Count; i++)
        {
            var request = now.RequestList[i];
            var was = i < before.RequestList.Count ? before.RequestList[i] : null;
            if (ReferenceEquals(was, request))
            {
                continue;
            }

            var snapshot = request.ToSnapshot();
            if (was is not null && was.ToSnapshot() == snapshot)
            {
                continue;
            }

            var what = was is null ? RequestChanges.Placed : RequestChanges.None;
            what |= request.Status switch
            {
                RequestStatus.OnHoldShelf when was?.Status != RequestStatus.OnHoldShelf => RequestChanges.OnHoldShelf,
                RequestStatus.Fulfilled => RequestChanges.Fulfilled,
                RequestStatus.Cancelled => RequestChanges.Cancelled,
                RequestStatus.Expired => RequestChanges.Expired,
                _ => RequestChanges.None,
            };
            requests.Add((request.Number, new RequestChanged(at, what == RequestChanges.None ? RequestChanges.OnHoldShelf : what, snapshot)));
        }
    }
}
