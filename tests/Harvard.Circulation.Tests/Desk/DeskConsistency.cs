using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Sessions;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>
/// The consistency law: every index, count and schedule entry a desk keeps equals its recomputation from the
/// accounts and item records themselves, there is at most one open loan per item, fine/fee numbers are dense and
/// every record adds up. Returns each violation found (empty when consistent).
/// </summary>
internal static class DeskConsistency
{
    public static List<string> Violations(CirculationDesk desk)
    {
        var state = desk.State;
        var problems = new List<string>();
        var accounts = state.Accounts.ToList();
        var items = state.Items.ToList();

        // Loans: each exactly once, where the location index says; open ones known to their item.
        var seen = new Dictionary<int, string>();
        void Saw(Loan loan, string where)
        {
            if (!seen.TryAdd(loan.Number, where))
            {
                problems.Add($"loan {loan.Id} is both in {seen[loan.Number]} and in {where}");
            }
        }

        foreach (var account in accounts)
        {
            foreach (var loan in account.OpenLoans)
            {
                Saw(loan, "account " + account.Patron.PrimaryId);
                Check(loan.IsOpen && loan.PatronId == account.Patron.PrimaryId, $"open loans of {account.Patron.PrimaryId} hold {loan.Id} ({loan.Status}, patron {loan.PatronId})");
                var item = items[state.Catalogue.IndexOfItem(loan.ItemBarcode)];
                Check(item.IsOut && item.OpenLoanNumber == loan.Number && item.BorrowerIndex == account.Index,
                    $"item {loan.ItemBarcode} does not name its open loan {loan.Id}");
            }

            foreach (var loan in account.ReturnedLoans)
            {
                Saw(loan, "account " + account.Patron.PrimaryId);
                Check(loan.Status == LoanStatus.Returned && loan.PatronId == account.Patron.PrimaryId, $"returned loans of {account.Patron.PrimaryId} hold {loan.Id} ({loan.Status})");
            }
        }

        foreach (var item in items)
        {
            foreach (var loan in item.AnonymizedLoans)
            {
                Saw(loan, "item " + item.Item.Barcode);
                Check(loan.IsAnonymized && loan.SessionId is null && loan.ItemBarcode == item.Item.Barcode, $"anonymized loans of {item.Item.Barcode} hold {loan.Id} with a patron or session");
            }

            if (item.IsOut)
            {
                var borrower = accounts[item.BorrowerIndex];
                Check(borrower.FindLoan(item.OpenLoanNumber) is { IsOpen: true } current && current.ItemBarcode == item.Item.Barcode,
                    $"item {item.Item.Barcode} names loan L{item.OpenLoanNumber} of account {item.BorrowerIndex}, which is not its open loan there");
            }
        }

        Check(seen.Count == state.LoanLocations.Count && seen.Keys.All(n => n >= 1 && n <= state.LoanLocations.Count), $"{seen.Count} loans held, {state.LoanLocations.Count} numbered");
        for (var n = 1; n <= state.LoanLocations.Count; n++)
        {
            var location = state.LoanLocations[n - 1];
            var found = location >= 0 ? accounts[location].FindLoan(n) : items[~location].AnonymizedLoans.FirstOrDefault(l => l.Number == n);
            Check(found is not null, $"the location index puts L{n} where it is not");
        }

        var scoped = state.Catalogue.Ids == IdNumbering.Scoped;
        var allLoans = accounts.SelectMany(a => a.OpenLoans.Concat(a.ReturnedLoans)).Concat(items.SelectMany(i => i.AnonymizedLoans)).ToList();
        if (scoped)
        {
            // Scoped loan ids: each item's loans are barcode:L1..Lk, k its count; the id index is their recomputation.
            Check(state.LoanNumbers.Count == allLoans.Count && allLoans.All(l => state.LoanNumbers.TryGetValue(l.Id, out var n) && n == l.Number),
                "the loan id index is not the loans' ids and numbers");
            foreach (var item in items)
            {
                var ordinals = allLoans.Where(l => l.ItemBarcode == item.Item.Barcode).OrderBy(l => l.Number).Select(l => l.Id).ToList();
                Check(ordinals.SequenceEqual(Enumerable.Range(1, item.LoansMade).Select(k => $"{item.Item.Barcode}:L{k}")),
                    $"item {item.Item.Barcode} counts {item.LoansMade} loans; its loans are [{string.Join(", ", ordinals)}]");
            }
        }
        else
        {
            Check(state.LoanNumbers.Count == 0 && items.All(i => i.LoansMade == 0), "a desk with dense ids keeps scoped loan counts");
            Check(allLoans.All(l => l.Id == "L" + l.Number), "a loan id is not L and its number");
        }

        // Fines/fees: numbers dense, each where the owner index says; money adds up; accruing ones match their loans.
        var records = accounts.SelectMany(a => a.Ledger.Records.Select(r => (Account: a, Record: r))).ToList();
        Check(records.Count == state.RecordOwners.Count, $"{records.Count} records held, {state.RecordOwners.Count} numbered");
        if (scoped)
        {
            // Scoped: each account lists patron:F1..Fm in order; the owner index follows the order of arising.
            foreach (var account in accounts)
            {
                Check(account.Ledger.Records.Select(r => r.TransactionId).SequenceEqual(
                    Enumerable.Range(1, account.Ledger.Records.Count).Select(k => $"{account.Patron.PrimaryId}:F{k}")),
                    $"{account.Patron.PrimaryId}: the ledger is not its records F1..Fm in order");
            }

            foreach (var (account, record) in records)
            {
                Check(record.Key >= 1 && record.Key <= state.RecordOwners.Count && state.RecordOwners[(int)record.Key - 1] == account.Index,
                    $"the owner index does not put {record.TransactionId} (key {record.Key}) in its account");
            }
        }
        else
        {
            var ids = records.Select(r => r.Record.TransactionId).Order(StringComparer.Ordinal).ToList();
            Check(ids.SequenceEqual(Enumerable.Range(1, records.Count).Select(n => "F" + n).Order(StringComparer.Ordinal)), "fine/fee numbers are not F1..Fn");
            for (var n = 1; n <= state.RecordOwners.Count; n++)
            {
                Check(accounts[state.RecordOwners[n - 1]].Ledger.Find("F" + n) is not null, $"the owner index puts F{n} where it is not");
            }
        }

        foreach (var (account, record) in records)
        {
            Check(record.PatronId == account.Patron.PrimaryId, $"{record.TransactionId} of {record.PatronId} is in account {account.Patron.PrimaryId}");
            Check(record.Original == record.Balance + record.Paid + record.Waived, $"{record.TransactionId}: original {record.Original} != balance + paid + waived");
            Check(record.Refunded <= record.Paid && record.Balance.Amount >= 0m, $"{record.TransactionId}: refunded above paid or a negative balance");
            if (record.IsAccruing)
            {
                Check(account.OpenLoans.Count(l => l.Status == LoanStatus.OnLoan && l.AccruingRecordKey == record.Key) == 1,
                    $"{record.TransactionId} accrues but no on-loan loan of its account names it");
            }
        }

        foreach (var account in accounts)
        {
            foreach (var loan in account.OpenLoans.Where(l => l.AccruingRecordKey is not null))
            {
                Check(loan.Status == LoanStatus.OnLoan && account.Ledger.Records.Any(r => r.Key == loan.AccruingRecordKey && r.IsAccruing && r.LoanId == loan.Id),
                    $"{loan.Id} names an accruing record its account does not hold as accruing");
            }

            Check(account.ClaimedReturnedCount >= account.OpenLoans.Concat(account.ReturnedLoans).Count(l => l.ClaimedReturnedAt is not null),
                $"{account.Patron.PrimaryId} counts {account.ClaimedReturnedCount} claims, fewer than its claimed loans");
            var owner = account.Patron.PrimaryId;
            decimal SumOf(Func<FineFee, bool> counted) => account.Ledger.Records.Where(r => r.PatronId == owner && counted(r)).Sum(r => r.Balance.Amount);
            Check(account.Ledger.Records.All(r => r.PatronId == owner), $"{owner}: the ledger holds another patron's record");
            Check(account.Ledger.ActiveBalance(owner).Amount == SumOf(r => r.Status == FineFeeStatus.Active), $"{owner}: balance is not the sum of active records");
            Check(account.Ledger.InDisputeBalance(owner).Amount == SumOf(r => r.Status == FineFeeStatus.InDispute), $"{owner}: in-dispute balance is not its records' sum");
            Check(account.Ledger.ExportedBalance(owner).Amount == SumOf(r => r.Status == FineFeeStatus.ExportedToBursar), $"{owner}: exported balance is not its records' sum");
            Check(account.Ledger.Payable(owner).Amount == SumOf(r => r.Status == FineFeeStatus.Active && !r.IsAccruing), $"{owner}: payable is not its stopped active records' sum");
        }

        if (state.Batch.IsOpen)
        {
            var entries = state.Batch.Entries;
            Check(entries.SequenceEqual(entries.Order()), "the record batch is out of order");
            for (var i = 0; i < entries.Length && !scoped; i++)
            {
                Check(accounts[entries[i].Owner].Ledger.Find("F" + (state.Batch.FirstNumber + i)) is { } r && r.Key == entries[i].Key,
                    $"batch entry {i} is not F{state.Batch.FirstNumber + i}");
            }

            foreach (var group in scoped ? entries.GroupBy(e => e.Owner) : [])
            {
                // An account's records of the batch are its last ones, numbered in the batch's order.
                var ledger = accounts[group.Key].Ledger.Records;
                var own = group.ToList();
                var last = ledger.Skip(ledger.Count - own.Count).Select(r => r.Key);
                Check(last.SequenceEqual(own.Select(e => e.Key)), $"the batch's records of {accounts[group.Key].Patron.PrimaryId} are not its last ones in batch order");
            }
        }

        // Requests: numbered, each on its item, at most one on the hold shelf per item.
        Check(state.RequestNumbers.Count == state.RequestItems.Count, "request ids and numbers differ in count");
        foreach (var (id, number) in state.RequestNumbers)
        {
            Check(items[state.RequestItems[number - 1]].Requests.Count(r => r.Id == id && r.Number == number) == 1, $"request {id} is not on its item");
        }

        Check(items.Sum(i => i.Requests.Count) == state.RequestItems.Count, "requests held and numbered differ");
        foreach (var item in items)
        {
            Check(item.Requests.Count(r => r.Status == RequestStatus.OnHoldShelf) <= 1, $"item {item.Item.Barcode} has two requests on the hold shelf");
            Check(!(item.IsOut && item.OnHoldShelf is not null), $"item {item.Item.Barcode} is out and on the hold shelf");
        }

        // Open requests by patron: the recomputation from the queues themselves.
        var openByPatron = items.SelectMany(i => i.Requests).Where(r => r.IsOpen)
            .GroupBy(r => state.Catalogue.IndexOfPatron(r.PatronId))
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(r => r.Number).Order()));
        var indexed = state.OpenRequestsByPatron.ToDictionary(e => e.Key, e => string.Join(",", e.Value));
        Check(openByPatron.Count == indexed.Count && openByPatron.All(e => indexed.TryGetValue(e.Key, out var n) && n == e.Value),
            $"the open requests by patron [{string.Join("; ", indexed.Select(e => $"{e.Key}: {e.Value}"))}] are not the queues' [{string.Join("; ", openByPatron.Select(e => $"{e.Key}: {e.Value}"))}]");

        // Sessions: numbered, each in its patron's account.
        Check(state.SessionNumbers.Count == state.SessionOwners.Count, "session ids and numbers differ in count");
        foreach (var (id, number) in state.SessionNumbers)
        {
            var owner = accounts[state.SessionOwners[number - 1]];
            Check(owner.Sessions.Count(s => s.Id == id && s.Number == number && s.PatronId == owner.Patron.PrimaryId) == 1, $"session {id} is not in its account");
        }

        // The schedule: exactly the next scheduled action of every loan, request and session that has one.
        var expected = new List<ScheduleEntry>();
        var read = new DeskTransaction(state);
        foreach (var account in accounts)
        {
            foreach (var loan in account.OpenLoans.Concat(account.ReturnedLoans))
            {
                var next = read.NextScheduledOf(loan);
                Check(loan.Scheduled == (next is { } h ? (h.At, (byte)h.Kind) : ((NodaTime.Instant, byte)?)null), $"{loan.Id} keeps {loan.Scheduled}, its next scheduled action is {next}");
                if (next is { } scheduledEntry)
                {
                    expected.Add(scheduledEntry);
                }
            }

            foreach (var session in account.Sessions.Where(s => s.ClosedAt is null))
            {
                expected.Add(new ScheduleEntry(read.SessionClosesAt(session), ScheduledAction.SessionTimesOut, session.Number));
            }
        }

        foreach (var request in items.SelectMany(i => i.Requests).Where(r => r.Status == RequestStatus.OnHoldShelf))
        {
            expected.Add(new ScheduleEntry(request.ExpiresAt!.Value, ScheduledAction.RequestExpires, request.Number));
        }

        var scheduled = state.Schedule.Select(e => e.Key).ToList();
        var missing = expected.Except(scheduled).ToList();
        var extra = scheduled.Except(expected).ToList();
        Check(missing.Count == 0 && extra.Count == 0, $"schedule: missing {string.Join(", ", missing)}; extra {string.Join(", ", extra)}");
        Check(scheduled.SequenceEqual(scheduled.Order(ScheduleEntry.Order)), "the schedule is out of order");
        Check(state.Schedule.IsEmpty || state.Schedule.First.Key.At >= desk.Now, "a happening before now is still scheduled");

        // Notices: under dense ids those of the open batch have no order yet, every other one has; under scoped ids
        // none has an order and every one keeps what places it. Dense sequences are unique in the desk and below its
        // count; scoped ones number each account's 0, 1, 2, ... and the desk counts none.
        var open = state.Notices.Entries.Select(e => (e.Owner, e.Sequence)).ToHashSet();
        var denseSequences = new HashSet<long>();
        foreach (var account in accounts)
        {
            for (var i = 0; i < account.Notices.Count; i++)
            {
                var notice = account.Notices[i];
                var inBatch = open.Contains((account.Index, notice.Sequence));
                Check(scoped ? notice.Order is null && notice.Place is not null : inBatch == (notice.Order is null) && notice.Place is null,
                    $"notice {notice.Sequence} of account {account.Index} at {notice.At}: order {notice.Order}, place {notice.Place}, in the open batch {inBatch}");
                Check(scoped ? notice.Sequence == i : denseSequences.Add(notice.Sequence) && notice.Sequence < state.NextNoticeSequence,
                    $"notice {notice.Sequence} of account {account.Index} is numbered out of turn");
            }
        }

        Check(!scoped || state.NextNoticeSequence == 0, "a scoped desk counted notices across the desk");
        Check(state.Notices.Entries.All(e => e.Owner == DeskState.Absent || accounts[e.Owner].Notices.Any(n => n.Sequence == e.Sequence && n.At == state.Notices.At)),
            "an entry of the open notice batch names no notice of its account");

        // Places: under scoped ids every loan and request keeps its action's place, one action making one of each,
        // and what was made at the desk's instant was made by one of the actions it counted; dense ids count none.
        var loans = accounts.SelectMany(a => a.OpenLoans.Concat(a.ReturnedLoans)).Concat(items.SelectMany(i => i.AnonymizedLoans)).ToList();
        var requests = items.SelectMany(i => i.Requests).ToList();
        var made = loans.Select(l => (l.LoanedAt, l.Place)).Concat(requests.Select(r => (LoanedAt: r.PlacedAt, r.Place))).ToList();
        Check(scoped ? made.All(m => m.Place is >= 0 && (m.LoanedAt != desk.Now || m.Place < state.ActionsAtNow)) : made.All(m => m.Place is null) && state.ActionsAtNow == 0,
            $"a loan or request has no place, or one the actions counted at {desk.Now} ({state.ActionsAtNow}) do not reach");
        Check(loans.Select(l => (l.LoanedAt, l.Place)).Where(m => m.Place is not null).Distinct().Count() == loans.Count(l => l.Place is not null),
            "two loans were made by one action");
        Check(requests.Select(r => (r.PlacedAt, r.Place)).Where(m => m.Place is not null).Distinct().Count() == requests.Count(r => r.Place is not null),
            "two requests were placed by one action");
        var sessions = accounts.SelectMany(a => a.Sessions).ToList();
        Check(scoped ? sessions.All(x => x.Place is >= 0 && (x.OpenedAt != desk.Now || x.Place < state.ActionsAtNow)) : sessions.All(x => x.Place is null),
            "a session has no place, or one the actions counted do not reach");
        Check(sessions.Where(x => x.Place is not null).Select(x => (x.OpenedAt, x.Place)).Distinct().Count() == sessions.Count(x => x.Place is not null),
            "two sessions were opened by one action");

        // The open notice batch's order, recomputed from each notice's loan or request: loan order and request order
        // by number under dense ids, by the action's instant and place under scoped ids.
        var requestsById = requests.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var loansById = loans.ToDictionary(l => l.Id, StringComparer.Ordinal);
        foreach (var entry in state.Notices.Entries.Where(e => e.Owner != DeskState.Absent))
        {
            var notice = accounts[entry.Owner].Notices.First(n => n.Sequence == entry.Sequence);
            var expectedKey = notice.RequestId is { } requestId && requestsById[requestId] is var request
                ? (2, scoped ? request.PlacedAt : NodaTime.Instant.MinValue, scoped ? request.Place!.Value : request.Number)
                : notice.LoanId is { } loanId && loansById[loanId] is var loan
                    ? (0, scoped ? loan.LoanedAt : NodaTime.Instant.MinValue, scoped ? loan.Place!.Value : loan.Number)
                    : (entry.Group, entry.Since, entry.Number);
            Check((entry.Group, entry.Since, entry.Number) == expectedKey && entry.Type == notice.Type,
                $"the open batch places notice {entry.Sequence} of account {entry.Owner} by {(entry.Group, entry.Since, entry.Number)}, its loan or request by {expectedKey}");
        }

        // Under scoped ids each notice's place, recomputed from its loan or request where it still names one.
        foreach (var account in accounts.Where(_ => scoped))
        {
            foreach (var notice in account.Notices)
            {
                var placedBy = notice.RequestId is { } requestId && requestsById.TryGetValue(requestId, out var namedRequest)
                    ? new NoticePlace(NoticeOrderedBy.Request, namedRequest.PlacedAt, namedRequest.Place!.Value)
                    : notice.LoanId is { } loanId && loansById.TryGetValue(loanId, out var namedLoan)
                        ? new NoticePlace(NoticeOrderedBy.Loan, namedLoan.LoanedAt, namedLoan.Place!.Value)
                        : notice.Place;
                var entry = state.Notices.Entries.FirstOrDefault(e => e.Owner == account.Index && e.Sequence == notice.Sequence && state.Notices.At == notice.At);
                Check(notice.Place == placedBy && (entry == default || (entry.Group, entry.Since, entry.Number) == ((int)placedBy!.By, placedBy.At, placedBy.Place)),
                    $"notice {notice.Sequence} of account {account.Index} is placed by {notice.Place}, its loan or request by {placedBy}");
            }
        }

        return problems;

        void Check(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }
    }
}
