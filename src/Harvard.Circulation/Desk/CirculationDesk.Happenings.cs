using System.Globalization;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Time;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Requests;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <content>What the policy makes happen by itself as time passes.</content>
public sealed partial record CirculationDesk
{
    /// <summary>
    /// Advances the desk to an instant, applying in time order everything the policy makes happen by itself up
    /// to and including it: overdue fines arising, auto-renewals at the due instant, aging to lost, request
    /// expiry (the next request moving up), anonymization, then the notices due at each instant.
    /// </summary>
    /// <param name="at">The instant; not before <see cref="Now"/>.</param>
    /// <returns>The advanced desk; overdue fines still accruing show what accrued up to <paramref name="at"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before <see cref="Now"/>.</exception>
    public CirculationDesk AdvanceTo(Instant at)
    {
        if (at < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, $"The desk is at {Now}; it cannot go back to {at}.");
        }

        var desk = this;
        var guard = 0;
        while (desk.NextHappening(at) is { } next)
        {
            var instant = next > desk.Now ? next : desk.Now;
            if (instant > desk.Now)
            {
                desk = desk.Flush() with { Now = instant };
                guard = 0;
            }

            desk = desk.HappenAt(instant);
            if (++guard > 100_000)
            {
                throw new InvalidOperationException($"Scheduled happenings at {instant} did not settle.");
            }
        }

        if (at > desk.Now)
        {
            desk = desk.Flush() with { Now = at };
        }

        return desk.RefreshAccruals();
    }

    /// <summary>When a returned loan will be anonymized: returned + <c>anonymizeReturnsAfter</c>; null for an
    /// open loan, or one that incurred any fine/fee when the policy keeps those.</summary>
    /// <param name="loan">The loan.</param>
    /// <returns>The instant, or null when it never will be.</returns>
    public Instant? AnonymizeAt(Loan loan)
    {
        ArgumentNullException.ThrowIfNull(loan);
        if (loan.ReturnedAt is not { } returned)
        {
            return null;
        }

        if (Policy.Retention.KeepLoansWithFinesFees && IncurredFineOrFee(loan.Id))
        {
            return null;
        }

        return PolicyTime.Add(returned, Policy.Retention.AnonymizeReturnsAfter, Zone);
    }

    /// <summary>Whether any fine/fee of any type or status was ever recorded on a loan.</summary>
    /// <param name="loanId">The loan.</param>
    /// <returns>The answer.</returns>
    public bool IncurredFineOrFee(string loanId) => Ledger.Records.Any(r => r.LoanId == loanId);

    /// <summary>The overdue fine rule a loan accrues under: the recalled rule once recalled.</summary>
    /// <param name="loan">The loan.</param>
    /// <returns>The rule and its fine type, or null when the terms charge none.</returns>
    public (FineRule Rule, FineFeeType Type)? FineRuleOf(Loan loan)
    {
        var terms = TermsOf(loan);
        return loan.Recalled
            ? terms.RecalledOverdueFine is { } recalled ? (recalled, FineFeeType.RecalledOverdueFine) : null
            : terms.OverdueFine is { } overdue ? (overdue, FineFeeType.OverdueFine) : null;
    }

    /// <summary>The overdue fine of a loan's current overdue period as accrued up to an instant.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="until">The instant.</param>
    /// <returns>The accrual, or null when the terms charge no fine.</returns>
    public FineAccrual? AccrualOf(Loan loan, Instant until) =>
        FineRuleOf(loan) is { } fine ? OverdueFineCalculator.Compute(fine.Rule, loan.DueAt, until, CalendarOf(ItemOf(loan))) : null;

    private Instant? NextHappening(Instant upTo)
    {
        Instant? best = null;
        void Consider(Instant? candidate)
        {
            if (candidate is { } c && c <= upTo && (best is null || c < best))
            {
                best = c;
            }
        }

        foreach (var loan in Loans)
        {
            if (loan.Status == LoanStatus.OnLoan)
            {
                Consider(FineArisesAt(loan));
                Consider(AutoRenewAt(loan));
                Consider(AgesToLostAt(loan));
                foreach (var (at, _, _) in NoticeSchedule(loan))
                {
                    Consider(at);
                }
            }
            else if (loan.Status == LoanStatus.Returned && !AnonymizedLoans.Contains(loan.Id))
            {
                Consider(AnonymizeAt(loan));
            }
        }

        foreach (var request in Requests)
        {
            if (request.Status == RequestStatus.OnHoldShelf)
            {
                Consider(request.ExpiresAt);
            }
        }

        return best;
    }

    private CirculationDesk HappenAt(Instant at)
    {
        // Everything decided at this instant (an auto-renewal's balance block above all) sees every accruing
        // fine as of this instant, not as of the last event.
        var desk = RefreshAccruals();
        for (var i = 0; i < desk.Loans.Count; i++)
        {
            if (desk.Loans[i] is { Status: LoanStatus.OnLoan } loan && desk.FineArisesAt(loan) is { } arises && arises <= at)
            {
                var fine = desk.FineRuleOf(loan)!.Value;
                var accrual = OverdueFineCalculator.Compute(fine.Rule, loan.DueAt, at, desk.CalendarOf(desk.ItemOf(loan)));
                desk = desk.AddRecord(loan.PatronId!, fine.Type, accrual.Amount, arises, loan.Id, desk.ItemOf(loan).Title, accruing: true, out var id);
                desk = desk with
                {
                    AccruingFineByLoan = desk.AccruingFineByLoan.SetItem(loan.Id, id),
                    Ledger = desk.Ledger.Replace(desk.Ledger.Find(id)!.Accrued(accrual.Amount, accrual.Explain())),
                };
            }

            if (desk.Loans[i] is { Status: LoanStatus.OnLoan } renewable && desk.AutoRenewAt(renewable) is { } renewAt && renewAt <= at)
            {
                desk = desk with { AutoRenewTried = desk.AutoRenewTried.SetItem(renewable.Id, renewable.DueAt) };
                var renewal = desk.RenewLoan(renewable, at);
                if (renewal.IsAllowed)
                {
                    desk = renewal.Value;
                }
            }

            if (desk.Loans[i] is { Status: LoanStatus.OnLoan } aging && desk.AgesToLostAt(aging) is { } lostAt && lostAt <= at)
            {
                desk = desk.BecomeLost(aging, at, LoanTrigger.AgeToLost);
            }
        }

        foreach (var request in desk.Requests)
        {
            if (request.Status == RequestStatus.OnHoldShelf && request.ExpiresAt is { } expires && expires <= at)
            {
                desk = desk.WithRequest(request.Closed(RequestStatus.Expired, at))
                    .AddNotice(NoticeType.RequestCancelled, request.PatronId, at, requestId: request.Id)
                    .ItemBack(request.ItemBarcode, at);
            }
        }

        for (var i = 0; i < desk.Loans.Count; i++)
        {
            var loan = desk.Loans[i];
            if (loan.Status == LoanStatus.Returned && !desk.AnonymizedLoans.Contains(loan.Id) && desk.AnonymizeAt(loan) is { } anonymizeAt && anonymizeAt <= at)
            {
                desk = desk.WithLoan(loan.Anonymized()) with { AnonymizedLoans = desk.AnonymizedLoans.Add(loan.Id) };
            }
        }

        for (var i = 0; i < desk.Loans.Count; i++)
        {
            var loan = desk.Loans[i];
            if (loan.Status != LoanStatus.OnLoan)
            {
                continue;
            }

            foreach (var (noticeAt, key, type) in desk.NoticeSchedule(loan))
            {
                if (noticeAt <= at)
                {
                    desk = desk.AddNotice(type, loan.PatronId!, noticeAt, loan.Id) with { ScheduledNoticesSent = desk.ScheduledNoticesSent.Add(key) };
                }
            }
        }

        return desk;
    }

    private Instant? FineArisesAt(Loan loan) =>
        !AccruingFineByLoan.ContainsKey(loan.Id) && FineRuleOf(loan) is { } fine
            ? OverdueFineCalculator.FirstChargeInstant(fine.Rule, loan.DueAt, CalendarOf(ItemOf(loan)))
            : null;

    private Instant? AutoRenewAt(Loan loan) =>
        TermsOf(loan).Loan is { AutoRenew: true } && (!AutoRenewTried.TryGetValue(loan.Id, out var tried) || tried != loan.DueAt)
            ? loan.DueAt
            : null;

    private Instant? AgesToLostAt(Loan loan) =>
        TermsOf(loan).LostItem?.AgedToLostAfter is { } after ? PolicyTime.Add(loan.DueAt, after, Zone) : null;

    /// <summary>The courtesy and overdue notices still to decide for an onLoan loan, against the due instant
    /// in force; a notice not after the check-out, renewal or recall that set the due is never sent.</summary>
    private IEnumerable<(Instant At, string Key, NoticeType Type)> NoticeSchedule(Loan loan)
    {
        if (TermsOf(loan).Notices is not { } notices)
        {
            yield break;
        }

        var due = loan.DueAt.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture);
        if (notices.Courtesy is { } courtesy)
        {
            var at = PolicyTime.Subtract(loan.DueAt, courtesy, Zone);
            var key = $"{loan.Id}|courtesy|{due}";
            if (at > loan.DueSetAt && !ScheduledNoticesSent.Contains(key))
            {
                yield return (at, key, NoticeType.Courtesy);
            }
        }

        for (var i = 0; i < notices.Overdue.Count; i++)
        {
            var at = PolicyTime.Add(loan.DueAt, notices.Overdue[i], Zone);
            var key = $"{loan.Id}|overdue|{due}|{i}";
            if (at > loan.DueSetAt && !ScheduledNoticesSent.Contains(key))
            {
                yield return (at, key, NoticeType.Overdue);
            }
        }
    }

    private CirculationDesk RefreshAccruals()
    {
        var desk = this;
        foreach (var (loanId, transactionId) in AccruingFineByLoan)
        {
            var loan = FindLoan(loanId)!;
            var record = desk.Ledger.Find(transactionId)!;
            var accrual = AccrualOf(loan, Now)!.Value;

            // The explanation (overdue time, closed time left out) moves on even when a capped amount no longer
            // does; refreshing only on a new amount made it depend on the instants the desk was asked at.
            var explanation = accrual.Explain();
            if (accrual.Amount != record.Original || explanation != record.Explanation)
            {
                desk = desk with { Ledger = desk.Ledger.Replace(record.Accrued(accrual.Amount, explanation)) };
            }
        }

        return desk;
    }
}
