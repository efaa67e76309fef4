using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <content>What the policy makes happen by itself as time passes, taken from the schedule in time order.</content>
internal sealed partial class DeskTransaction
{
    /// <summary>
    /// Moves time to an instant, applying every scheduled action up to and including it in (instant, kind,
    /// number) order: fines arising, then auto-renewal and aging to lost, request expiry, anonymization, notices
    /// and session time-outs. The cost is that of the scheduled actions met, whatever the desk holds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before <see cref="Now"/>.</exception>
    public void AdvanceTo(Instant at)
    {
        if (at < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, $"The desk is at {IsoInstant.Format(Now)}; it cannot go back to {IsoInstant.Format(at)}.");
        }

        while (!schedule.IsEmpty && schedule.First.Key is var next && next.At <= at)
        {
            if (next.At > Now)
            {
                MoveTo(next.At);
            }

            Run(next);
            if (schedule.ContainsKey(next))
            {
                throw new InvalidOperationException($"The scheduled {next.Kind} of number {next.Number} at {IsoInstant.Format(next.At)} did not happen.");
            }
        }

        if (at > Now)
        {
            MoveTo(at);
        }
    }

    /// <summary>Time moves on: the notices of the instant left behind get their places now, while this advance
    /// pays for what happened at it, rather than the next action that decides a notice.</summary>
    private void MoveTo(Instant instant)
    {
        if (noticeBatch.At < instant && (noticeEntries ?? [.. noticeBatch.Entries]).Count > 0)
        {
            CloseNoticeBatch();
        }

        recorder?.Flush(this, Now);
        Now = instant;
        actionsAtNow = 0;
    }

    private void Run(ScheduleEntry entry)
    {
        switch (entry.Kind)
        {
            case ScheduledAction.FineArises:
                FineArises(entry.Number);
                break;
            case ScheduledAction.LoanActs:
                LoanActs(entry.Number);
                break;
            case ScheduledAction.RequestExpires:
                RequestExpires(entry.Number);
                break;
            case ScheduledAction.Anonymization:
                Anonymize(entry.Number);
                break;
            case ScheduledAction.Notice:
                SendNotices(entry.Number);
                break;
            case ScheduledAction.SessionTimesOut:
                TimeOut(entry.Number);
                break;
            default:
                throw new InvalidOperationException($"Unknown scheduled action {entry.Kind}.");
        }
    }

    /// <summary>The overdue fine record of a loan's current overdue period arises, accruing from now on.</summary>
    private void FineArises(int loanNumber)
    {
        var owner = loanLocations[loanNumber - 1];
        var loan = Account(owner).FindLoan(loanNumber)!;
        var terms = TermsOf(loan);
        var (_, type) = OverdueAccrual.RuleFor(loan, terms)!.Value;
        var accrual = OverdueAccrual.At(loan, terms, CalendarOf(loan), Now)!.Value;
        var record = AddRecord(owner, type, accrual.Amount, Now, loan, Catalogue.Items[Catalogue.IndexOfItem(loan.ItemBarcode)].Title, accruing: true);
        var account = Account(owner);
        Put(account.WithLedger(account.Ledger.Replace(record.Accrued(accrual))));
        PutLoan(owner, loan.WithAccruingRecord(record.Key));
    }

    /// <summary>A loan renews by itself at its due instant (once per due instant; a refused try is silent), then
    /// ages to lost if its time has come.</summary>
    private void LoanActs(int loanNumber)
    {
        var owner = loanLocations[loanNumber - 1];
        var loan = Account(owner).FindLoan(loanNumber)!;
        var terms = TermsOf(loan);
        if (AutoRenewal.At(loan, terms) is { } renewAt && renewAt <= Now)
        {
            loan = PutLoan(owner, loan.WithAutoRenewTried());
            if (RenewalRefusals(loan, Now, out var newDue) is null)
            {
                loan = Renew(owner, loan, newDue);
            }
        }

        if (AgingToLost.At(loan, terms, Zone) is { } lostAt && lostAt <= Now)
        {
            BecomeLost(owner, loan, LoanTrigger.AgeToLost);
        }
    }

    /// <summary>A request left on the hold shelf past its pickup time expires; the next request moves up.</summary>
    private void RequestExpires(int requestNumber)
    {
        var item = Item(requestItems[requestNumber - 1]);
        var request = item.RequestList.First(r => r.Number == requestNumber);
        PutRequest(item, request.Closed(RequestStatus.Expired, Now));
        AddNotice(Catalogue.IndexOfPatron(request.PatronId), NoticeType.RequestCancelled, Now, request: request);
        ItemBack(item.Index);
    }

    /// <summary>A returned loan loses its patron: it leaves the account (whose records, notices and sessions stop
    /// naming it) and stays with its item, for statistics.</summary>
    private void Anonymize(int loanNumber)
    {
        var owner = loanLocations[loanNumber - 1];
        var account = Account(owner);
        var loan = account.FindLoan(loanNumber)!;
        schedule = schedule.Remove(new ScheduleEntry(loan.Scheduled!.Value.At, (ScheduledAction)loan.Scheduled.Value.Kind, loan.Number));
        Put(account.Forgetting(loan));
        var itemIndex = Catalogue.IndexOfItem(loan.ItemBarcode);
        Put(Item(itemIndex).WithAnonymizedLoan(loan.Anonymized() with { Scheduled = null }));
        loanLocations = loanLocations.SetItem(loanNumber - 1, ~itemIndex);
    }

    /// <summary>Decides the courtesy and overdue notices of a loan that are due by now.</summary>
    private void SendNotices(int loanNumber)
    {
        var owner = loanLocations[loanNumber - 1];
        var loan = Account(owner).FindLoan(loanNumber)!;
        var terms = TermsOf(loan);
        while (NoticeSchedule.Next(loan, terms, Zone) is { } notice && notice.At <= Now)
        {
            AddNotice(owner, notice.Type, notice.At, loan);
            loan = loan.WithNoticeSent(notice.Index);
        }

        PutLoan(owner, loan);
    }

    /// <summary>A patron services session closes after its idle time-out.</summary>
    private void TimeOut(int sessionNumber)
    {
        var owner = sessionOwners[sessionNumber - 1];
        var session = Account(owner).SessionList.First(s => s.Number == sessionNumber);
        PutSession(owner, session.TimedOut(SessionClosesAt(session)));
    }
}
