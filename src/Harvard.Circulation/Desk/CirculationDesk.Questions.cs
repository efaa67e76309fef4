using Ardalis.GuardClauses;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <content>The everyday questions, one call each, with the answer explained in sentences: may this patron borrow
/// this item, when is this loan due, what does this loan owe, what does this patron owe and what could block them.
/// Each is asked at an instant not before <see cref="Now"/>; the desk itself does not change.</content>
public sealed partial class CirculationDesk
{
    /// <summary>
    /// Whether a patron may check an item out at an instant, and why: the rule resolution (the match and why each
    /// earlier rule did not match), the terms, the due instant a check-out would get, and every reason against it —
    /// the item already on loan or on the hold shelf for another patron (alone), else no rule, terms that do not
    /// loan, and every user-group block that applies, each naming the limit and the figure.
    /// </summary>
    /// <param name="patronId">The patron's primary id.</param>
    /// <param name="barcode">The item.</param>
    /// <param name="at">The instant; not before <see cref="Now"/>. What the policy makes happen by then (fines
    /// arising, aging to lost, a request expiring) is taken into account.</param>
    /// <returns>The answer; <see cref="CheckOutEligibility.Explain"/> says it in sentences.</returns>
    /// <exception cref="ArgumentException">The patron or item is not known.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before <see cref="Now"/>.</exception>
    public CheckOutEligibility MayBorrow(string patronId, string barcode, Instant at)
    {
        Guard.Against.Null(patronId);
        Guard.Against.Null(barcode);
        var read = ReadAt(at, [patronId], [barcode]);
        return read.Eligibility(read.AccountOf(patronId), read.Item(read.RequireItem(barcode)));
    }

    /// <summary>
    /// A loan's due instant and why: what set it (the check-out, the latest renewal or a recall), when, under which
    /// rule and terms, and for a check-out or renewal the period, due time and closed-day move that gave it.
    /// </summary>
    /// <param name="loanId">The loan id (<c>L1, L2, ...</c>).</param>
    /// <returns>The answer at <see cref="Now"/>; <see cref="DueDateAnswer.Explain"/> says it in sentences.</returns>
    /// <exception cref="ArgumentException">No loan has the id.</exception>
    public DueDateAnswer DueDateOf(string loanId)
    {
        var loan = FindLoan(Guard.Against.Null(loanId)) ?? throw new ArgumentException($"Loan {loanId} is not known.", nameof(loanId));
        var read = Read();
        var terms = read.TermsOf(loan);
        var renewedLast = loan.RenewedAt.Count > 0 && loan.RenewedAt[^1] == loan.DueSetAt && (loan.RecalledAt is null || loan.RecalledAt < loan.DueSetAt);
        var recalledLast = loan.RecalledAt == loan.DueSetAt && !renewedLast && loan.DueSetAt != loan.LoanedAt;
        if (recalledLast)
        {
            return new DueDateAnswer(loan.Id, loan.DueAt, DueDateSetBy.Recall, loan.DueSetAt, loan.RuleId, loan.TermsOfUseId, null, loan.Renewals);
        }

        var period = renewedLast ? terms.Loan!.RenewPeriod : terms.Loan!.Period;
        var calculation = DueDates.Explain(loan.DueSetAt, period, terms.Loan, read.CalendarOf(loan));
        return new DueDateAnswer(loan.Id, loan.DueAt, renewedLast ? DueDateSetBy.Renewal : DueDateSetBy.CheckOut, loan.DueSetAt, loan.RuleId, loan.TermsOfUseId,
            calculation, loan.Renewals);
    }

    /// <summary>
    /// What a loan owes in fines and fees as of an instant, and why: every fine/fee recorded on it, and the overdue
    /// fine of its current overdue period with its breakdown (accrued to the instant while on loan, where accrual
    /// stopped otherwise).
    /// </summary>
    /// <param name="loanId">The loan id.</param>
    /// <param name="at">The instant; not before <see cref="Now"/>.</param>
    /// <returns>The answer; <see cref="LoanFineAnswer.Explain"/> says it in sentences.</returns>
    /// <exception cref="ArgumentException">No loan has the id.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before <see cref="Now"/>.</exception>
    public LoanFineAnswer FineOf(string loanId, Instant at)
    {
        var known = FindLoan(Guard.Against.Null(loanId)) ?? throw new ArgumentException($"Loan {loanId} is not known.", nameof(loanId));
        var read = ReadAt(at, known.PatronId is { } patron ? [patron] : [], [known.ItemBarcode]);
        var loan = read.FindLoan(known.Number)!;
        var records = loan.PatronId is { } owner ? read.AccountOf(owner).Ledger.ForLoan(loan.Id).ToEquatableArray() : EquatableArray<FineFee>.Empty;
        var balance = records.Where(r => r.Status == FineFeeStatus.Active).Aggregate(Money.Zero(Policy.Currency), (sum, r) => sum + r.Balance);
        return new LoanFineAnswer(loan.Id, at, loan.Status, balance, OverdueAccrual.At(loan, read.TermsOf(loan), read.CalendarOf(loan), at), records);
    }

    /// <summary>
    /// What a patron owes at an instant and what could block them: the active balance (fines still accruing counted
    /// as accrued so far), what is in dispute or with the bursar, what can be paid now, and every check-out block of
    /// the patron's user group that applies.
    /// </summary>
    /// <param name="patronId">The patron's primary id.</param>
    /// <param name="at">The instant; not before <see cref="Now"/>.</param>
    /// <returns>The answer; <see cref="PatronBalance.Explain"/> says it in sentences.</returns>
    /// <exception cref="ArgumentException">The patron is not known.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before <see cref="Now"/>.</exception>
    public PatronBalance BalanceOf(string patronId, Instant at)
    {
        Guard.Against.Null(patronId);
        var read = ReadAt(at, [patronId], []);
        var account = read.AccountOf(patronId);
        var ledger = account.Ledger;
        var id = account.Patron.PrimaryId;
        var accruing = ledger.Records.Where(r => r.IsAccruing && r.Status == FineFeeStatus.Active).Aggregate(Money.Zero(Policy.Currency), (sum, r) => sum + r.Balance);
        return new PatronBalance(id, at, ledger.ActiveBalance(id), accruing, ledger.InDisputeBalance(id), ledger.ExportedBalance(id), ledger.Payable(id),
            read.Blocks(account, includeMaxLoans: true).ToEquatableArray());
    }

    /// <summary>
    /// A read-only transaction at an instant: this desk's own when the instant is <see cref="Now"/>; else a desk
    /// restored from the part of this one the question concerns, advanced to the instant — what the policy makes
    /// happen by then to those accounts, without advancing everything the desk holds.
    /// </summary>
    private DeskTransaction ReadAt(Instant at, IEnumerable<string> patronIds, IEnumerable<string> itemBarcodes)
    {
        if (at < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, $"The desk is at {IsoInstant.Format(Now)}; a question is asked at that instant or later.");
        }

        var read = new DeskTransaction(at == Now ? state : DeskSnapshots.Restore(Policy, ToSnapshot(patronIds, itemBarcodes)));
        read.AdvanceTo(at);
        return read;
    }
}
