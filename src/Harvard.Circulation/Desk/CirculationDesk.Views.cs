using Ardalis.GuardClauses;
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

/// <content>What the desk shows: accounts, loans, fines/fees, requests, notices and sessions as of <see cref="Now"/>.</content>
public sealed partial class CirculationDesk
{
    /// <summary>A patron's account as of <see cref="Now"/> (accruing fines evaluated at it).</summary>
    /// <param name="patronId">The patron's primary id.</param>
    /// <returns>The account.</returns>
    /// <exception cref="ArgumentException">The patron is not known.</exception>
    public PatronAccount Account(string patronId) => Read().AccountOf(patronId);

    /// <summary>An item's circulation record: its open loan, its requests.</summary>
    /// <param name="barcode">The item's barcode.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException">The item is not known.</exception>
    public ItemRecord ItemRecord(string barcode)
    {
        var read = Read();
        return read.Item(read.RequireItem(barcode));
    }

    /// <summary>An item by barcode.</summary>
    /// <param name="barcode">The barcode.</param>
    /// <returns>The item, or null.</returns>
    public Item? FindItem(string barcode)
    {
        var index = state.Catalogue.IndexOfItem(Guard.Against.Null(barcode));
        return index >= 0 ? Items[index] : null;
    }

    /// <summary>Finds a loan by id (<c>L1, L2, ...</c>; under scoped ids <c>barcode:L1</c>, ...), open, returned or
    /// anonymized.</summary>
    /// <param name="loanId">The id.</param>
    /// <returns>The loan, or null.</returns>
    public Loan? FindLoan(string loanId)
    {
        var read = Read();
        var number = read.NumberOfLoan(Guard.Against.Null(loanId));
        return number > 0 ? read.FindLoan(number) : null;
    }

    /// <summary>The open loan of an item, if any.</summary>
    /// <param name="barcode">The item barcode.</param>
    /// <returns>The loan, or null when the item is on the shelf.</returns>
    /// <exception cref="ArgumentException">The item is not known.</exception>
    public Loan? OpenLoanOf(string barcode)
    {
        var read = Read();
        return read.OpenLoanOf(read.Item(read.RequireItem(barcode)));
    }

    /// <summary>Every loan, in the order made (<c>L1, L2, ...</c>); anonymized loans without their patron.</summary>
    /// <remarks>Reads every account: for reports, not for a desk's every action.</remarks>
    public IReadOnlyList<Loan> Loans
    {
        get
        {
            var read = Read();
            var loans = new List<Loan>(LoanCount);
            for (var number = 1; number <= LoanCount; number++)
            {
                if (read.FindLoan(number) is { } loan)
                {
                    loans.Add(loan);
                }
            }

            return loans;
        }
    }

    /// <summary>A fine/fee by transaction id, as of <see cref="Now"/>.</summary>
    /// <param name="transactionId">The id (<c>F1, F2, ...</c>).</param>
    /// <returns>The record, or null.</returns>
    public FineFee? FindFineFee(string transactionId)
    {
        var read = Read();
        var owner = read.OwnerOfRecord(Guard.Against.Null(transactionId));
        return owner < 0 ? null : read.Account(owner).Ledger.Find(transactionId);
    }

    /// <summary>Every fine/fee in number order (<c>F1, F2, ...</c>; under scoped ids, in the order they arose),
    /// accruing fines as of <see cref="Now"/>.</summary>
    /// <remarks>Reads every account: for reports.</remarks>
    public IReadOnlyList<FineFee> FinesFees
    {
        get
        {
            var read = Read();
            if (state.Catalogue.Ids == IdNumbering.Scoped)
            {
                return [.. Enumerable.Range(0, state.Accounts.Count).SelectMany(i => read.Account(i).Ledger.Records).OrderBy(r => r.Key)];
            }

            var records = new List<FineFee>(state.RecordOwners.Count);
            for (var number = 1; number <= state.RecordOwners.Count; number++)
            {
                if (state.RecordOwners[number - 1] is var owner && owner != DeskState.Absent)
                {
                    records.Add(read.Account(owner).Ledger.Find(DeskTransaction.TransactionId(number))!);
                }
            }

            return records;
        }
    }

    /// <summary>The Fines/Fees tab over every patron: records passing the query, in number order.</summary>
    /// <param name="query">The query.</param>
    /// <returns>The records.</returns>
    public IReadOnlyList<FineFee> QueryFinesFees(FineFeeQuery query)
    {
        Guard.Against.Null(query);
        return query.PatronId is { } patron ? Account(patron).Ledger.Query(query) : FinesFees.Where(query.Matches).ToList();
    }

    /// <summary>A request by id.</summary>
    /// <param name="requestId">The id.</param>
    /// <returns>The request, or null.</returns>
    public Request? FindRequest(string requestId) => Read().FindRequest(Guard.Against.Null(requestId));

    /// <summary>Every request, in the order placed.</summary>
    /// <remarks>Reads every item with requests: for reports.</remarks>
    public IReadOnlyList<Request> Requests
    {
        get
        {
            var requests = new List<Request>(state.RequestItems.Count);
            for (var number = 1; number <= state.RequestItems.Count; number++)
            {
                if (state.RequestItems[number - 1] is var item && item != DeskState.Absent)
                {
                    requests.Add(state.Items[item].RequestList.First(r => r.Number == number));
                }
            }

            return requests;
        }
    }

    /// <summary>Every notice decided so far, by instant; at one instant those with a loan in loan order, then
    /// those with neither in event order, then request notices in request order, each by trigger (domain.md §6) —
    /// a notice keeps its place once its loan is anonymized and no longer named.</summary>
    /// <remarks>Reads every account: for reports. A patron's own are <see cref="Attachments"/>.</remarks>
    public IReadOnlyList<Notice> Notices
    {
        get
        {
            var all = state.Accounts.SelectMany(a => a.NoticeList.Select(n => (Owner: a.Index, Notice: n)));
            if (Ids == IdNumbering.Scoped)
            {
                // Each notice keeps what places it among everyone's of its instant: no desk-wide rank.
                return all.OrderBy(e => e.Notice.At)
                    .ThenBy(e => new NoticeEntry((int)e.Notice.Place!.By, e.Notice.Place.At, e.Notice.Place.Place, e.Notice.Type, e.Owner, e.Notice.Sequence))
                    .Select(e => e.Notice)
                    .ToList();
            }

            var open = state.Notices.Ordered.Select((entry, place) => (entry.Owner, entry.Sequence, place))
                .ToDictionary(e => (e.Owner, e.Sequence), e => e.place);
            return all
                .OrderBy(e => e.Notice.At).ThenBy(e => e.Notice.Order ?? open[(e.Owner, e.Notice.Sequence)])
                .Select(e => e.Notice)
                .ToList();
        }
    }

    /// <summary>The notices a patron has been sent — the Attachments tab of the patron's User Details — in time order.</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The notices, earliest first (ties in the order decided).</returns>
    /// <exception cref="ArgumentException">The patron is not known.</exception>
    public IReadOnlyList<Notice> Attachments(string patronId) =>
        Account(patronId).NoticeList.OrderBy(n => n.At).ThenBy(n => n.Sequence).ToList();

    /// <summary>A patron services session by id.</summary>
    /// <param name="sessionId">The id.</param>
    /// <returns>The session, or null.</returns>
    public PatronServicesSession? FindSession(string sessionId) => Read().FindSession(Guard.Against.Null(sessionId), out _);

    /// <summary>Every patron services session, in the order opened.</summary>
    /// <remarks>Reads every account with sessions: for reports.</remarks>
    public IReadOnlyList<PatronServicesSession> Sessions
    {
        get
        {
            var sessions = new List<PatronServicesSession>(state.SessionOwners.Count);
            for (var number = 1; number <= state.SessionOwners.Count; number++)
            {
                if (state.SessionOwners[number - 1] is var owner && owner != DeskState.Absent)
                {
                    sessions.Add(state.Accounts[owner].SessionList.First(s => s.Number == number));
                }
            }

            return sessions;
        }
    }

    /// <summary>When a session closed or closes: idle timeout after its last activity, or when its staff member
    /// opened another.</summary>
    /// <param name="session">The session.</param>
    /// <returns>The instant.</returns>
    public Instant SessionClosesAt(PatronServicesSession session) => Read().SessionClosesAt(Guard.Against.Null(session));

    /// <summary>The terms of use a loan was made under.</summary>
    /// <param name="loan">The loan.</param>
    /// <returns>The terms.</returns>
    public TermsOfUse TermsOf(Loan loan) => Read().TermsOf(Guard.Against.Null(loan));

    /// <summary>How many loans the patron has claimed returned (every claim counts).</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The count.</returns>
    public int ClaimedReturnedCount(string patronId) => Account(patronId).ClaimedReturnedCount;

    /// <summary>The patron's active balance at <see cref="Now"/> (fines still accruing counted as accrued so far).</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The balance.</returns>
    public Money ActiveBalance(string patronId)
    {
        var account = Account(patronId);
        return account.Ledger.ActiveBalance(account.Patron.PrimaryId);
    }

    /// <summary>The patron's return list at <see cref="Now"/> (<see cref="ReturnList"/> rule), most recent first.</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The loans.</returns>
    public IReadOnlyList<Loan> ReturnList(string patronId) =>
        Retention.ReturnList.At(Account(patronId).ReturnedLoans, Now, Policy.Retention, Policy.TimeZone);

    /// <summary>Every check-out block of the patron's user group that applies now: <c>mayBorrow</c>,
    /// <c>maxLoans</c> (loans onLoan or lost), <c>maxBalance</c> (active balance above it), <c>maxLostItems</c>.</summary>
    /// <param name="patronId">The patron.</param>
    /// <param name="includeMaxLoans">False for a renewal, which adds no loan.</param>
    /// <returns>Each block with the limit and the current figure; empty when none applies.</returns>
    /// <exception cref="ArgumentException">The patron is not known.</exception>
    public IReadOnlyList<Refusal> Blocks(string patronId, bool includeMaxLoans = true)
    {
        var read = Read();
        return read.Blocks(read.AccountOf(patronId), includeMaxLoans);
    }

    /// <summary>When a returned loan will be anonymized (the <see cref="Anonymization"/> rule).</summary>
    /// <param name="loan">The loan.</param>
    /// <returns>The instant, or null for an open loan or one kept for a fine/fee.</returns>
    public Instant? AnonymizeAt(Loan loan) => Anonymization.At(Guard.Against.Null(loan), Policy.Retention, Policy.TimeZone);

    /// <summary>The overdue fine of a loan's current overdue period as seen at an instant (the
    /// <see cref="OverdueAccrual"/> rule): accrued to it while on loan, to where accrual stopped otherwise.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="at">The instant.</param>
    /// <returns>The accrual, or null when the terms charge no fine.</returns>
    public FineAccrual? AccrualOf(Loan loan, Instant at)
    {
        var read = Read();
        return OverdueAccrual.At(Guard.Against.Null(loan), read.TermsOf(loan), read.CalendarOf(loan), at);
    }
}
