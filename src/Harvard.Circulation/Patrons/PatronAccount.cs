using System.Collections.Immutable;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Collections;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Sessions;
using NodaTime;

namespace Harvard.Circulation.Patrons;

/// <summary>
/// One patron's account at the desk, as Alma's Manage Patron Services shows it: the loans (open, and returned
/// ones not yet anonymized), the fines/fees with their active balance, the claims made, the notices sent (the
/// Attachments tab) and the patron services sessions opened for the patron.
/// </summary>
/// <remarks>
/// <para>An immutable value: the desk keeps one per patron and an action changes only the accounts it concerns
/// (a check-out: this account and the item's record). Nothing in it names another patron.</para>
/// <para>Overdue fines still accruing are stored as accrued at <see cref="AccruedAsOf"/>; the desk brings an
/// account up to the instant it reads it at, so every figure it answers is as of that instant.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class PatronAccount
{
    private PatronAccount(
        Patron patron,
        int index,
        PersistentSortedMap<int, Loan> open,
        PersistentSortedMap<int, Loan> returned,
        Ledger ledger,
        int claimedReturnedCount,
        PersistentVector<Notice> notices,
        ImmutableList<PatronServicesSession> sessions,
        Instant accruedAsOf)
    {
        Patron = patron;
        Index = index;
        Open = open;
        Returned = returned;
        Ledger = ledger;
        ClaimedReturnedCount = claimedReturnedCount;
        NoticeList = notices;
        SessionList = sessions;
        AccruedAsOf = accruedAsOf;
    }

    /// <summary>The patron.</summary>
    public Patron Patron { get; }

    /// <summary>The patron's fines/fees, in the order they arose; accruing fines as of <see cref="AccruedAsOf"/>.</summary>
    public Ledger Ledger { get; }

    /// <summary>How many loans the patron has claimed returned (every claim counts, whatever happened after).</summary>
    public int ClaimedReturnedCount { get; }

    /// <summary>The instant the accruing overdue fines in <see cref="Ledger"/> are evaluated at.</summary>
    public Instant AccruedAsOf { get; }

    /// <summary>The open loans (on loan, claimed returned or lost), by loan number.</summary>
    public IEnumerable<Loan> OpenLoans => Open.Select(e => e.Value);

    /// <summary>The returned loans not yet anonymized, by loan number.</summary>
    public IEnumerable<Loan> ReturnedLoans => Returned.Select(e => e.Value);

    /// <summary>The notices sent to the patron (the Attachments tab), in the order decided.</summary>
    public IReadOnlyList<Notice> Notices => NoticeList;

    /// <summary>The patron services sessions opened for the patron, in the order opened.</summary>
    public IReadOnlyList<PatronServicesSession> Sessions => SessionList;

    /// <summary>The account's position in the desk (patrons in the order the desk was given them).</summary>
    internal int Index { get; }

    internal PersistentSortedMap<int, Loan> Open { get; }

    internal PersistentSortedMap<int, Loan> Returned { get; }

    internal PersistentVector<Notice> NoticeList { get; }

    internal ImmutableList<PatronServicesSession> SessionList { get; }

    /// <summary>A loan of the account by number (open or returned, not anonymized).</summary>
    /// <param name="number">The loan number.</param>
    /// <returns>The loan, or null.</returns>
    public Loan? FindLoan(int number) =>
        Open.TryGetValue(number, out var open) ? open : Returned.TryGetValue(number, out var returned) ? returned : null;

    /// <summary>How many loans are on loan or lost (what <c>maxLoans</c> counts; claimed returns do not).</summary>
    public int HeldCount => Open.Count(e => e.Value.Status is LoanStatus.OnLoan or LoanStatus.Lost);

    /// <summary>How many loans are lost (what <c>maxLostItems</c> counts).</summary>
    public int LostCount => Open.Count(e => e.Value.Status == LoanStatus.Lost);

    /// <summary>An empty account.</summary>
    internal static PatronAccount Empty(Patron patron, int index, string currency, Instant at) =>
        new(patron, index, PersistentSortedMap<int, Loan>.Empty(), PersistentSortedMap<int, Loan>.Empty(), Ledger.Empty(currency), 0, PersistentVector<Notice>.Empty, [], at);

    /// <summary>An account as a snapshot gives it. Its accruing fines are evaluated again when the desk first reads
    /// it (<see cref="AccruedAsOf"/> is unknown).</summary>
    internal static PatronAccount Restored(Patron patron, int index, IEnumerable<Loan> loans, Ledger ledger, int claims,
        PersistentVector<Notice> notices, ImmutableList<PatronServicesSession> sessions)
    {
        var open = PersistentSortedMap<int, Loan>.Empty();
        var returned = PersistentSortedMap<int, Loan>.Empty();
        foreach (var loan in loans)
        {
            if (loan.IsOpen)
            {
                open = open.SetItem(loan.Number, loan);
            }
            else
            {
                returned = returned.SetItem(loan.Number, loan);
            }
        }

        return new(patron, index, open, returned, ledger, claims, notices, sessions, Instant.MinValue);
    }

    /// <summary>The account with a loan put in its place: open or returned by its status.</summary>
    internal PatronAccount WithLoan(Loan loan) => loan.IsOpen
        ? With(open: Open.SetItem(loan.Number, loan), returned: Returned.Remove(loan.Number))
        : With(open: Open.Remove(loan.Number), returned: Returned.SetItem(loan.Number, loan));

    /// <summary>The account without an anonymized loan: the loan leaves it, and its records, notices and sessions
    /// no longer name it.</summary>
    internal PatronAccount Forgetting(Loan loan)
    {
        var notices = NoticeList;
        for (var i = 0; i < notices.Count; i++)
        {
            if (notices[i].LoanId == loan.Id)
            {
                notices = notices.SetItem(i, notices[i].WithoutLoan());
            }
        }

        var sessions = SessionList;
        for (var i = 0; i < sessions.Count; i++)
        {
            if (sessions[i].LoanIds.Contains(loan.Id) || sessions[i].ReturnIds.Contains(loan.Id))
            {
                sessions = sessions.SetItem(i, sessions[i].WithoutLoan(loan.Id));
            }
        }

        return With(open: Open.Remove(loan.Number), returned: Returned.Remove(loan.Number), ledger: Ledger.WithoutLoan(loan.Id), notices: notices, sessions: sessions);
    }

    internal PatronAccount WithLedger(Ledger ledger) => With(ledger: ledger);

    internal PatronAccount WithNotice(Notice notice) => With(notices: NoticeList.Add(notice));

    internal PatronAccount WithNotices(PersistentVector<Notice> notices) => With(notices: notices);

    internal PatronAccount WithClaim() => With(claims: ClaimedReturnedCount + 1);

    internal PatronAccount WithSession(PatronServicesSession session)
    {
        for (var i = SessionList.Count - 1; i >= 0; i--)
        {
            if (SessionList[i].Id == session.Id)
            {
                return With(sessions: SessionList.SetItem(i, session));
            }
        }

        return With(sessions: SessionList.Add(session));
    }

    /// <summary>The account with every accruing overdue fine evaluated at an instant.</summary>
    /// <param name="at">The instant; not before <see cref="AccruedAsOf"/>.</param>
    /// <param name="termsOf">The terms of a loan.</param>
    /// <param name="calendarOf">The calendar of a loan's item library.</param>
    internal PatronAccount AccruedTo(Instant at, Func<Loan, TermsOfUse> termsOf, Func<Loan, LibraryCalendar> calendarOf)
    {
        if (at == AccruedAsOf)
        {
            return this;
        }

        var ledger = Ledger;
        foreach (var (_, loan) in Open)
        {
            if (loan.AccruingRecordKey is { } key && ledger.FindByKey(key) is { } record
                && OverdueAccrual.At(loan, termsOf(loan), calendarOf(loan), at) is { } accrual)
            {
                ledger = ledger.Replace(record.Accrued(accrual));
            }
        }

        return With(ledger: ledger, accruedAsOf: at);
    }

    private PatronAccount With(
        PersistentSortedMap<int, Loan>? open = null,
        PersistentSortedMap<int, Loan>? returned = null,
        Ledger? ledger = null,
        int? claims = null,
        PersistentVector<Notice>? notices = null,
        ImmutableList<PatronServicesSession>? sessions = null,
        Instant? accruedAsOf = null) =>
        new(Patron, Index, open ?? Open, returned ?? Returned, ledger ?? Ledger, claims ?? ClaimedReturnedCount, notices ?? NoticeList,
            sessions ?? SessionList, accruedAsOf ?? AccruedAsOf);
}
