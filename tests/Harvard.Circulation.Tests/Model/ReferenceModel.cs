using System.Globalization;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Model;

/// <summary>
/// A deliberately naive, independent second implementation of the scenario replay, written from the specs
/// (domain.md, scenario-format.md, policy-format.md) and the settled points, never from the engine's desk. It
/// replays event by event; before each event (and at asOf) it advances time by finding, by a scan of
/// everything, the earliest thing the policy makes happen, and applies it at its own instant.
/// </summary>
internal static class ReferenceModel
{
    public static ScenarioReport Replay(Scenario scenario) => new ModelReplay(scenario).Run();
}

internal sealed class ModelReplay
{
    private readonly Scenario scenario;
    private readonly Policy policy;
    private readonly ModelTime time;

    private readonly List<MLoan> loans = [];
    private readonly List<MRecord> ledger = [];      // numbered records, by number
    private readonly List<MRecord> unnumbered = [];  // records that arose at the current instant, not yet numbered
    private readonly List<MRequest> requests = [];
    private readonly List<MSession> sessions = [];
    private readonly List<MNotice> notices = [];
    private readonly List<(MLoan Loan, string Type, int Index, Instant Due)> sentSchedule = [];
    private readonly List<string> claims = [];       // one entry (the patron) per successful claim
    private readonly List<RefusalRow> refused = [];
    private readonly List<SearchRow> searches = [];
    private Instant now;
    private int seq;

    public ModelReplay(Scenario scenario)
    {
        this.scenario = scenario;
        policy = scenario.Policy;
        time = new ModelTime(policy);
        now = scenario.Events.Count > 0 ? scenario.Events[0].At : scenario.AsOf;
    }

    private IEnumerable<MRecord> Records => ledger.Concat(unnumbered);

    public ScenarioReport Run()
    {
        foreach (var e in scenario.Events)
        {
            AdvanceTo(e.At);
            Apply(e);
        }

        AdvanceTo(scenario.AsOf);
        Number();
        return Report();
    }

    // ---- time ----------------------------------------------------------------------------------------------

    private void MoveTo(Instant t)
    {
        if (t > now)
        {
            Number();
            now = t;
        }
    }

    private void AdvanceTo(Instant target)
    {
        for (var guard = 0; ; guard++)
        {
            if (guard > 1_000_000)
            {
                throw new InvalidOperationException("model: time does not advance");
            }

            var next = NextHappening();
            if (next is not { } h || h > target)
            {
                break;
            }

            if (h < now)
            {
                throw new InvalidOperationException($"model: a happening at {h} was missed (now {now})");
            }

            MoveTo(h);
            HappenAt(h);
        }

        MoveTo(target);
    }

    /// <summary>The earliest instant at which the policy makes something happen that has not happened yet.</summary>
    private Instant? NextHappening()
    {
        Instant? best = null;
        void Consider(Instant? candidate)
        {
            if (candidate is { } c && (best is null || c < best))
            {
                best = c;
            }
        }

        foreach (var loan in loans)
        {
            if (loan.Status == "onLoan")
            {
                if (loan.AccruingFine is null)
                {
                    Consider(FirstCharge(loan));
                }

                if (loan.Terms.LostItem?.AgedToLostAfter is { } aged)
                {
                    Consider(time.Add(loan.Due, aged));
                }

                if (loan.LoanTerms.AutoRenew && loan.AutoRenewTriedAt != loan.Due)
                {
                    Consider(loan.Due);
                }

                foreach (var (type, index, at) in Schedule(loan))
                {
                    if (at > loan.DueSetAt && !Sent(loan, type, index))
                    {
                        Consider(at);
                    }
                }
            }

            if (loan.Status == "returned" && !loan.Anonymized)
            {
                Consider(AnonymizeAt(loan));
            }
        }

        foreach (var request in requests)
        {
            if (request.Status == "onHoldShelf")
            {
                Consider(request.ExpiresAt);
            }
        }

        return best;
    }

    private Instant? FirstCharge(MLoan loan)
    {
        if (loan.FineRule is not { } rule)
        {
            return null;
        }

        if (loan.FirstChargeMemo is not { } memo || memo.Due != loan.Due || memo.Recalled != loan.Recalled)
        {
            memo = (loan.Due, loan.Recalled, time.FirstCharge(rule, loan.Item.Library, loan.Due));
            loan.FirstChargeMemo = memo;
        }

        return memo.At;
    }

    /// <summary>Everything the policy makes happen at <paramref name="h"/>: fines arising, aging to lost,
    /// auto-renewal, hold-shelf expiry and the next request moving up, anonymization; then the notices due.</summary>
    private void HappenAt(Instant h)
    {
        for (var again = true; again;)
        {
            again = false;
            foreach (var loan in loans.Where(l => l.Status == "onLoan" && l.AccruingFine is null).ToList())
            {
                if (FirstCharge(loan) is { } at && at <= h)
                {
                    var rule = loan.FineRule!;
                    var record = NewRecord(loan.Patron, loan, loan.Item.Title, loan.FineType, 0m, h);
                    record.Accruing = true;
                    record.Rule = rule;
                    record.FineDue = loan.Due;
                    loan.AccruingFine = record;
                    again = true;
                }
            }

            foreach (var loan in loans.Where(l => l.Status == "onLoan").ToList())
            {
                if (loan.Terms.LostItem?.AgedToLostAfter is { } aged && time.Add(loan.Due, aged) <= h)
                {
                    BecomeLost(loan, h);
                    again = true;
                }
            }

            foreach (var loan in loans.Where(l => l.Status == "onLoan").ToList())
            {
                if (loan.LoanTerms.AutoRenew && loan.Due <= h && loan.AutoRenewTriedAt != loan.Due)
                {
                    loan.AutoRenewTriedAt = loan.Due;
                    TryRenew(loan, h, auto: true);
                    again = true;
                }
            }

            foreach (var request in requests.Where(r => r.Status == "onHoldShelf").ToList())
            {
                if (request.ExpiresAt <= h)
                {
                    request.Status = "expired";
                    Notify(request.Patron, "requestCancelled", h, null, request);
                    MoveNextRequestUp(request.Item, h);
                    again = true;
                }
            }

            foreach (var loan in loans.Where(l => l.Status == "returned" && !l.Anonymized).ToList())
            {
                if (AnonymizeAt(loan) is { } at && at <= h)
                {
                    loan.Anonymized = true;
                    again = true;
                }
            }
        }

        foreach (var loan in loans.Where(l => l.Status == "onLoan"))
        {
            foreach (var (type, index, at) in Schedule(loan))
            {
                if (at == h && at > loan.DueSetAt && !Sent(loan, type, index))
                {
                    sentSchedule.Add((loan, type, index, loan.Due));
                    Notify(loan.Patron, type, h, loan, null);
                }
            }
        }
    }

    /// <summary>The courtesy and overdue notices of a loan against its due instant in force.</summary>
    private IEnumerable<(string Type, int Index, Instant At)> Schedule(MLoan loan)
    {
        if (loan.Terms.Notices is not { } n)
        {
            yield break;
        }

        if (n.Courtesy is { } courtesy)
        {
            yield return ("courtesy", 0, time.Subtract(loan.Due, courtesy));
        }

        for (var i = 0; i < n.Overdue.Count; i++)
        {
            yield return ("overdue", i, time.Add(loan.Due, n.Overdue[i]));
        }
    }

    private bool Sent(MLoan loan, string type, int index) =>
        sentSchedule.Any(s => s.Loan == loan && s.Type == type && s.Index == index && s.Due == loan.Due);

    private Instant? AnonymizeAt(MLoan loan)
    {
        if (loan.Status != "returned" || loan.ReturnedAt is not { } returned)
        {
            return null;
        }

        if (policy.Retention.KeepLoansWithFinesFees && Records.Any(r => r.Loan == loan))
        {
            return null;
        }

        return time.Add(returned, policy.Retention.AnonymizeReturnsAfter);
    }

    // ---- events --------------------------------------------------------------------------------------------


    private void Apply(ScenarioEvent e)
    {
        var ok = e.Type switch
        {
            ScenarioEventType.CheckOut => CheckOut(e),
            ScenarioEventType.Renew => OpenLoan(e.Item!) is { } loan && TryRenew(loan, e.At, auto: false),
            ScenarioEventType.CheckIn => CheckIn(e),
            ScenarioEventType.ClaimReturned => ClaimReturned(e),
            ScenarioEventType.DeclareLost => DeclareLost(e),
            ScenarioEventType.MarkFound => MarkFound(e),
            ScenarioEventType.Pay => Pay(e),
            ScenarioEventType.Waive => Waive(e),
            ScenarioEventType.Dispute => Dispute(e),
            ScenarioEventType.Restore => Restore(e),
            ScenarioEventType.Charge => Charge(e),
            ScenarioEventType.Refund => Refund(e),
            ScenarioEventType.ExportToBursar => ExportToBursar(e),
            ScenarioEventType.PlaceRequest => PlaceRequest(e),
            ScenarioEventType.CancelRequest => CancelRequest(e),
            ScenarioEventType.OpenSession => OpenSession(e),
            ScenarioEventType.SearchPatrons => SearchPatrons(e),
            _ => throw new InvalidOperationException("model: unknown event type " + e.Type),
        };
        if (!ok)
        {
            refused.Add(new RefusalRow(e.Index, e.TypeSpelling, "refused by the model"));
        }
    }

    private Patron PatronById(string id) =>
        scenario.Patrons.FirstOrDefault(p => p.PrimaryId == id)
        ?? scenario.Patrons.First(p => string.Equals(p.PrimaryId, id.Trim(), StringComparison.OrdinalIgnoreCase));

    private Item ItemByBarcode(string barcode) => scenario.Items.First(i => i.Barcode == barcode);

    private UserGroup GroupOf(string patron) => policy.UserGroups.First(g => g.Code == PatronById(patron).GroupCode);

    private MLoan? OpenLoan(string barcode) => loans.FirstOrDefault(l => l.Item.Barcode == barcode && l.IsOpen);

    /// <summary>The first rule whose four fields are each "*" or equal.</summary>
    private (Rule? Rule, TermsOfUse? Terms) Match(string group, Item item)
    {
        foreach (var rule in policy.Rules)
        {
            if (Fits(rule.UserGroup, group) && Fits(rule.ItemPolicy, item.ItemPolicy) && Fits(rule.Library, item.Library) && Fits(rule.Location, item.Location))
            {
                return (rule, policy.TermsOfUse.First(t => t.Id == rule.TermsOfUse));
            }
        }

        return (null, null);

        static bool Fits(string pattern, string? value) => pattern == "*" || pattern == value;
    }

    private decimal Balance(string patron, Instant at) =>
        Records.Where(r => r.Patron == patron && r.Status == FineFeeStatus.Active).Sum(r => BalanceAt(r, at));

    private decimal AmountAt(MRecord r, Instant at) =>
        r.Accruing ? time.Fine(r.Rule!, r.Loan!.Item.Library, r.FineDue, at) : r.Original;

    private decimal BalanceAt(MRecord r, Instant at) => AmountAt(r, at) - r.Paid - r.Waived;

    /// <summary>The check-out blocks other than the loan count: may borrow, balance, lost items.</summary>
    private bool BlockedOtherThanLoans(string patron, Instant at)
    {
        var group = GroupOf(patron);
        var balance = Balance(patron, at);
        return !group.MayBorrow
            || (group.MaxBalance is { } maxBalance && balance > maxBalance.Amount)
            || (group.MaxLostItems is { } maxLost && loans.Count(l => l.Patron == patron && l.Status == "lost") >= maxLost);
    }

    /// <summary>Whether the session is open at t (closed by its staff member, or idle for the timeout).</summary>
    private bool SessionOpen(MSession s, Instant t) =>
        s.ClosedByStaffAt is null && t < time.Add(s.LastActivity, policy.Retention.SessionIdleTimeout);

    /// <summary>Uses a session: false when it is closed; otherwise it counts as activity.</summary>
    private bool UseSession(MSession? session, Instant t)
    {
        if (session is null)
        {
            return true;
        }

        if (!SessionOpen(session, t))
        {
            return false;
        }

        session.LastActivity = t;
        return true;
    }

    private bool CheckOut(ScenarioEvent e)
    {
        var session = e.Session is null ? null : sessions.First(s => s.Id == e.Session);
        if (!UseSession(session, e.At))
        {
            return false;
        }

        var patron = PatronById(e.Patron!);
        var item = ItemByBarcode(e.Item!);
        var group = GroupOf(patron.PrimaryId);
        var (rule, terms) = Match(patron.GroupCode, item);
        var shelf = requests.FirstOrDefault(r => r.Item.Barcode == item.Barcode && r.Status == "onHoldShelf");
        var refusedNow = (session is not null && session.Patron != patron.PrimaryId)
            || OpenLoan(item.Barcode) is not null
            || rule is null || terms?.Loan is null
            || !group.MayBorrow
            || (group.MaxLoans is { } maxLoans && loans.Count(l => l.Patron == patron.PrimaryId && l.Status is "onLoan" or "lost") >= maxLoans)
            || (group.MaxBalance is { } maxBalance && Balance(patron.PrimaryId, e.At) > maxBalance.Amount)
            || (group.MaxLostItems is { } maxLost && loans.Count(l => l.Patron == patron.PrimaryId && l.Status == "lost") >= maxLost)
            || (shelf is not null && shelf.Patron != patron.PrimaryId);
        if (refusedNow)
        {
            return false;
        }

        var loan = new MLoan
        {
            Number = loans.Count + 1,
            Patron = patron.PrimaryId,
            Item = item,
            Rule = rule!,
            Terms = terms!,
            LoanedAt = e.At,
            Due = time.DueDate(e.At, terms!.Loan!.Period, terms.Loan, item.Library),
            DueSetAt = e.At,
        };
        loans.Add(loan);
        // The requester's check-out fulfils their request (on the hold shelf; in a consistent state a waiting
        // request of the borrower cannot meet an item on the shelf, so "their open request" is the same).
        if (requests.FirstOrDefault(r => r.Item.Barcode == item.Barcode && r.Patron == patron.PrimaryId && r.IsOpen) is { } own)
        {
            own.Status = "fulfilled";
        }

        session?.Loans.Add(loan);
        return true;
    }

    /// <summary>A renewal (by an event or by itself at the due instant); false when the rules refuse it.</summary>
    private bool TryRenew(MLoan loan, Instant at, bool auto)
    {
        if (loan.Status != "onLoan" || loan.Renewals >= loan.LoanTerms.MaxRenewals)
        {
            return false;
        }

        var newDue = time.DueDate(at, loan.LoanTerms.RenewPeriod, loan.LoanTerms, loan.Item.Library);
        if (loan.LoanTerms.MaxRenewalPeriod is { } limit && newDue > time.Add(loan.LoanedAt, limit))
        {
            return false;
        }

        if (requests.Any(r => r.Item.Barcode == loan.Item.Barcode && r.Patron != loan.Patron && r.IsOpen))
        {
            return false;
        }

        if (BlockedOtherThanLoans(loan.Patron, at))
        {
            return false;
        }

        if (at > loan.Due)
        {
            StopAccrual(loan, at, forgive: loan.FineRule?.ForgiveOnRenewal == true);
        }

        loan.Due = newDue;
        loan.DueSetAt = at;
        loan.Renewals++;
        return true;
    }

    /// <summary>The overdue period running now ends: its record (if it arose) is final, forgiven or noticed.</summary>
    private void StopAccrual(MLoan loan, Instant at, bool forgive)
    {
        if (loan.AccruingFine is { } record)
        {
            record.Original = time.Fine(record.Rule!, loan.Item.Library, record.FineDue, at);
            record.Accruing = false;
            record.StoppedAt = at;
            loan.AccruingFine = null;
            if (forgive)
            {
                record.Waived += record.Original - record.Paid - record.Waived;
                record.Status = FineFeeStatus.Closed;
            }
            else if (loan.Terms.Notices?.FineFee == true)
            {
                Notify(loan.Patron, "fineFee", at, loan, null);
            }
        }
        else if (loan.FineRule is { } rule && at > loan.Due && time.Fine(rule, loan.Item.Library, loan.Due, at) > 0m)
        {
            throw new InvalidOperationException($"model: {loan.Id} owes a fine at {at} that never arose");
        }
    }

    private bool CheckIn(ScenarioEvent e)
    {
        var session = e.Session is null ? null : sessions.First(s => s.Id == e.Session);
        if (!UseSession(session, e.At))
        {
            return false;
        }

        if (OpenLoan(e.Item!) is not { } loan || (session is not null && session.Patron != loan.Patron))
        {
            return false;
        }

        if (loan.Status == "onLoan")
        {
            StopAccrual(loan, e.At, forgive: false);
            loan.Status = "returned";
            loan.ReturnedAt = e.At;
            MoveNextRequestUp(loan.Item, e.At);
        }
        else
        {
            Found(loan, e.At);
        }

        session?.Returns.Add(loan);
        return true;
    }

    private bool ClaimReturned(ScenarioEvent e)
    {
        if (OpenLoan(e.Item!) is not { Status: "onLoan" } loan)
        {
            return false;
        }

        if (GroupOf(loan.Patron).MaxClaimedReturned is { } max && claims.Count(c => c == loan.Patron) >= max)
        {
            return false;
        }

        StopAccrual(loan, e.At, forgive: false);
        loan.Status = "claimedReturned";
        loan.ClaimedReturnedAt = e.At;
        claims.Add(loan.Patron);
        return true;
    }

    private bool DeclareLost(ScenarioEvent e)
    {
        if (OpenLoan(e.Item!) is not { Status: "onLoan" or "claimedReturned" } loan)
        {
            return false;
        }

        BecomeLost(loan, e.At);
        return true;
    }

    private void BecomeLost(MLoan loan, Instant at)
    {
        var lost = loan.Terms.LostItem;
        var forgive = lost?.ForgiveOverdueWhenLost == true;
        if (loan.Status == "onLoan")
        {
            StopAccrual(loan, at, forgive);
        }
        else if (forgive)
        {
            // claimed returned: the fine that stopped at the claim is waived, if still active with a balance
            var fine = Records.LastOrDefault(r => r.Loan == loan && r.TypeOrder == 0 && r.StoppedAt == loan.ClaimedReturnedAt);
            if (fine is { Status: FineFeeStatus.Active } && fine.Original - fine.Paid - fine.Waived > 0m)
            {
                fine.Waived += fine.Original - fine.Paid - fine.Waived;
                fine.Status = FineFeeStatus.Closed;
            }
        }

        loan.Status = "lost";
        loan.LostAt = at;
        if (loan.Terms.Notices?.LostItemBill == true)
        {
            Notify(loan.Patron, "lostItemBill", at, loan, null);
        }

        if (lost is null)
        {
            return;
        }

        var replacement = loan.Item.ReplacementCost?.Amount ?? lost.DefaultReplacementFee?.Amount ?? 0m;
        if (replacement > 0m)
        {
            NewRecord(loan.Patron, loan, loan.Item.Title, FineFeeType.LostItemReplacementFee, replacement, at);
            if (loan.Terms.Notices?.FineFee == true)
            {
                Notify(loan.Patron, "fineFee", at, loan, null);
            }
        }

        if (lost.ProcessFee is { Amount: > 0m } process)
        {
            NewRecord(loan.Patron, loan, loan.Item.Title, FineFeeType.LostItemProcessFee, process.Amount, at);
            if (loan.Terms.Notices?.FineFee == true)
            {
                Notify(loan.Patron, "fineFee", at, loan, null);
            }
        }
    }

    private bool MarkFound(ScenarioEvent e)
    {
        if (OpenLoan(e.Item!) is not { Status: "claimedReturned" or "lost" } loan)
        {
            return false;
        }

        Found(loan, e.At);
        return true;
    }

    /// <summary>A claimed-returned or lost loan comes back: returned; lost fees cancelled as the terms say.</summary>
    private void Found(MLoan loan, Instant at)
    {
        var wasLost = loan.Status == "lost";
        loan.Status = "returned";
        loan.ReturnedAt = at;
        if (wasLost && loan.Terms.LostItem is { } lost && (lost.NoRefundAfter is null || at <= time.Add(loan.LostAt!.Value, lost.NoRefundAfter)))
        {
            if (Records.FirstOrDefault(r => r.Loan == loan && r.Type == FineFeeType.LostItemReplacementFee) is { } fee)
            {
                Cancel(fee, decimal.Round(fee.Original * lost.RefundReplacementFeePercent / 100m, 2, MidpointRounding.AwayFromZero));
            }

            if (lost.RefundProcessFeeWhenFound && Records.FirstOrDefault(r => r.Loan == loan && r.Type == FineFeeType.LostItemProcessFee) is { } process)
            {
                Cancel(process, process.Original);
            }
        }

        MoveNextRequestUp(loan.Item, at);
    }

    /// <summary>Cancels a share of a record: waive the unpaid balance first, then refund payments for the rest.</summary>
    private static void Cancel(MRecord record, decimal share)
    {
        if (record.Status is FineFeeStatus.InDispute or FineFeeStatus.ExportedToBursar or FineFeeStatus.Transferred)
        {
            return;
        }

        var balance = record.Original - record.Paid - record.Waived;
        var waive = Math.Min(balance, share);
        record.Waived += waive;
        var refund = Math.Min(share - waive, record.Paid - record.Refunded);
        record.Refunded += refund;
        if (record.Original - record.Paid - record.Waived == 0m)
        {
            record.Status = FineFeeStatus.Closed;
        }
    }

    // ---- the ledger ----------------------------------------------------------------------------------------

    private MRecord NewRecord(string patron, MLoan? loan, string? title, FineFeeType type, decimal amount, Instant at)
    {
        var record = new MRecord { Seq = ++seq, Patron = patron, Loan = loan, Title = title, Type = type, Original = amount, CreatedAt = at };
        unnumbered.Add(record);
        return record;
    }

    /// <summary>Numbers the records that arose at the current instant: by loan (overdue fine, replacement fee,
    /// process fee), then those with no loan in the order they arose.</summary>
    private void Number()
    {
        foreach (var record in unnumbered.OrderBy(r => r.Loan is null ? 1 : 0).ThenBy(r => r.Loan?.Number ?? 0).ThenBy(r => r.Loan is null ? 0 : r.TypeOrder).ThenBy(r => r.Seq))
        {
            record.Id = "F" + (ledger.Count + 1).ToString(CultureInfo.InvariantCulture);
            ledger.Add(record);
        }

        unnumbered.Clear();
    }

    private MRecord? Find(string? id) => id is null ? null : ledger.FirstOrDefault(r => r.Id == id);

    private bool Pay(ScenarioEvent e)
    {
        Number();
        var amount = e.Amount!.Value.Amount;
        if (e.TransactionId is not null)
        {
            if (Find(e.TransactionId) is not { } record || record.Patron != e.Patron || record.Accruing
                || record.Status != FineFeeStatus.Active || amount > record.Original - record.Paid - record.Waived)
            {
                return false;
            }

            PayOn(record, amount);
            return true;
        }

        var payable = ledger.Where(r => r.Patron == e.Patron && r.Status == FineFeeStatus.Active && !r.Accruing).ToList();
        if (amount > payable.Sum(r => r.Original - r.Paid - r.Waived))
        {
            return false;
        }

        foreach (var record in payable)
        {
            var part = Math.Min(amount, record.Original - record.Paid - record.Waived);
            if (part > 0m)
            {
                PayOn(record, part);
                amount -= part;
            }
        }

        return true;
    }

    private static void PayOn(MRecord record, decimal amount)
    {
        record.Paid += amount;
        if (record.Original - record.Paid - record.Waived == 0m)
        {
            record.Status = FineFeeStatus.Closed;
        }
    }

    private bool Waive(ScenarioEvent e)
    {
        Number();
        if (Find(e.TransactionId) is not { Accruing: false, Status: FineFeeStatus.Active } record)
        {
            return false;
        }

        var balance = record.Original - record.Paid - record.Waived;
        var amount = e.Amount?.Amount ?? balance;
        if (balance <= 0m || amount > balance)
        {
            return false;
        }

        record.Waived += amount;
        if (record.Original - record.Paid - record.Waived == 0m)
        {
            record.Status = FineFeeStatus.Closed;
        }

        return true;
    }

    private bool Dispute(ScenarioEvent e)
    {
        Number();
        if (Find(e.TransactionId) is not { Accruing: false, Status: FineFeeStatus.Active } record)
        {
            return false;
        }

        record.Status = FineFeeStatus.InDispute;
        return true;
    }

    private bool Restore(ScenarioEvent e)
    {
        Number();
        if (Find(e.TransactionId) is not { Accruing: false, Status: FineFeeStatus.InDispute } record)
        {
            return false;
        }

        record.Status = record.Original - record.Paid - record.Waived == 0m ? FineFeeStatus.Closed : FineFeeStatus.Active;
        return true;
    }

    private bool Refund(ScenarioEvent e)
    {
        Number();
        if (Find(e.TransactionId) is not { Accruing: false } record || e.Amount!.Value.Amount > record.Paid - record.Refunded)
        {
            return false;
        }

        record.Refunded += e.Amount!.Value.Amount;
        return true;
    }

    private bool Charge(ScenarioEvent e)
    {
        NewRecord(e.Patron!, null, e.Title, e.FeeType!.Value, e.Amount!.Value.Amount, e.At);
        Notify(e.Patron!, "fineFee", e.At, null, null);
        return true;
    }

    private bool ExportToBursar(ScenarioEvent e)
    {
        Number();
        var patrons = e.Patron is null ? scenario.Patrons.Select(p => p.PrimaryId).ToList() : [e.Patron];
        foreach (var patron in patrons)
        {
            if (GroupOf(patron).Bursar is not { } bursar)
            {
                continue;
            }

            var eligible = ledger.Where(r => r.Patron == patron && r.Status == FineFeeStatus.Active && !r.Accruing
                && time.Add(r.CreatedAt, bursar.MinimumAge) <= e.At).ToList();
            if (eligible.Count > 0 && eligible.Sum(r => r.Original - r.Paid - r.Waived) >= bursar.MinimumBalance.Amount)
            {
                foreach (var record in eligible)
                {
                    record.Status = FineFeeStatus.ExportedToBursar;
                }
            }
        }

        return true;
    }

    // ---- requests ------------------------------------------------------------------------------------------

    private bool PlaceRequest(ScenarioEvent e)
    {
        var patron = PatronById(e.Patron!);
        var item = ItemByBarcode(e.Item!);
        var loan = OpenLoan(item.Barcode);
        if (loan?.Patron == patron.PrimaryId
            || requests.Any(r => r.Item.Barcode == item.Barcode && r.Patron == patron.PrimaryId && r.IsOpen))
        {
            return false;
        }

        var (rule, terms) = Match(patron.GroupCode, item);
        if (rule is null || terms?.Loan is null)
        {
            return false;
        }

        requests.Add(new MRequest
        {
            Number = requests.Count + 1, Id = e.Id!, Patron = patron.PrimaryId, Item = item, PickupWithin = terms.Request.PickupWithin,
        });

        if (loan is { Status: "onLoan", Terms.Recall: { } recall })
        {
            var recalledDue = Max(time.Add(e.At, recall.ReturnWithin), time.Add(loan.LoanedAt, recall.MinimumLoan));
            if (recalledDue < loan.Due)
            {
                loan.Due = recalledDue;
                loan.DueSetAt = e.At;
                loan.Recalled = true;
            }
        }

        MoveNextRequestUp(item, e.At);
        return true;
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private bool CancelRequest(ScenarioEvent e)
    {
        if (requests.FirstOrDefault(r => r.Id == e.Id) is not { IsOpen: true } request)
        {
            return false;
        }

        var wasOnShelf = request.Status == "onHoldShelf";
        request.Status = "cancelled";
        if (e.NotifyUser)
        {
            Notify(request.Patron, "requestCancelled", e.At, null, request);
        }

        if (wasOnShelf)
        {
            MoveNextRequestUp(request.Item, e.At);
        }

        return true;
    }

    /// <summary>When the item is on the shelf and nobody's request is on the hold shelf, the first waiting request
    /// moves up: hold shelf, expiry pickupWithin later, a requestAvailable notice.</summary>
    private void MoveNextRequestUp(Item item, Instant at)
    {
        if (OpenLoan(item.Barcode) is not null || requests.Any(r => r.Item.Barcode == item.Barcode && r.Status == "onHoldShelf"))
        {
            return;
        }

        if (requests.FirstOrDefault(r => r.Item.Barcode == item.Barcode && r.Status == "waiting") is { } next)
        {
            next.Status = "onHoldShelf";
            next.ExpiresAt = time.Add(at, next.PickupWithin);
            Notify(next.Patron, "requestAvailable", at, null, next);
        }
    }

    // ---- sessions and searches -----------------------------------------------------------------------------

    private bool OpenSession(ScenarioEvent e)
    {
        foreach (var open in sessions.Where(s => s.Staff == e.Staff && SessionOpen(s, e.At)))
        {
            open.ClosedByStaffAt = e.At;
        }

        sessions.Add(new MSession { Id = e.Id!, Staff = e.Staff!, Patron = PatronById(e.Patron!).PrimaryId, Location = e.Location!, LastActivity = e.At });
        return true;
    }

    private bool SearchPatrons(ScenarioEvent e)
    {
        var staff = scenario.Staff.First(s => s.Id == e.Staff);
        var decision = new PatronDirectory(scenario.Patrons).Search(staff, e.SearchBy!.Value, e.Query!);
        if (!decision.IsAllowed)
        {
            return false;
        }

        searches.Add(new SearchRow(e.Index, [.. decision.Value.Select(p => p.PrimaryId)]));
        return true;
    }

    private void Notify(string patron, string type, Instant at, MLoan? loan, MRequest? request) =>
        notices.Add(new MNotice { Seq = ++seq, Patron = patron, Type = type, At = at, Loan = loan, Request = request });

    // ---- the report ----------------------------------------------------------------------------------------

    private ScenarioReport Report()
    {
        var asOf = scenario.AsOf;
        Money M(decimal amount) => new(amount, policy.Currency);
        string? LoanId(MLoan? loan) => loan is null || loan.Anonymized ? null : loan.Id;

        var loanRows = loans.Select(l => new LoanRow(
            l.Id, l.Anonymized ? null : l.Patron, l.Item.Barcode, l.Status, l.LoanedAt, l.Due, l.ReturnedAt,
            l.Status == "onLoan" && asOf > l.Due, l.Renewals, AllowedActions(l.Status), l.Rule.Id, AnonymizeAt(l), l.Anonymized, l.Recalled,
            l.ClaimedReturnedAt, l.LostAt)).ToList();

        var fineRows = ledger.Select(r => new FineFeeRow(
            r.Id!, r.Patron, LoanId(r.Loan), r.Title, r.Type.ToSpelling(), r.Status.ToSpelling(), M(AmountAt(r, asOf)), M(BalanceAt(r, asOf)), null)).ToList();

        var balances = scenario.Patrons.Select(p => new KeyValuePair<string, Money>(p.PrimaryId, M(Balance(p.PrimaryId, asOf)))).ToList();

        var noticeRows = notices
            .OrderBy(n => n.At)
            .ThenBy(n => n.Loan is not null ? 0 : n.Request is null ? 1 : 2)
            .ThenBy(n => n.Loan?.Number ?? n.Request?.Number ?? n.Seq)
            .ThenBy(n => n.TypeOrder)
            .ThenBy(n => n.Seq)
            .Select(n => new NoticeRow(n.Patron, n.Type, n.At, LoanId(n.Loan), n.Request?.Id)).ToList();

        var returnList = scenario.Patrons.Select(p => new KeyValuePair<string, IReadOnlyList<string>>(p.PrimaryId,
            [.. loans.Where(l => l.Patron == p.PrimaryId && l.Status == "returned" && !l.Anonymized
                    && asOf < time.Add(l.ReturnedAt!.Value, policy.Retention.ReturnListFor))
                .OrderByDescending(l => l.ReturnedAt).ThenBy(l => l.Number).Select(l => l.Id)])).ToList();

        var requestRows = requests.Select(r => new RequestRow(r.Id, r.Patron, r.Item.Barcode, r.Status, r.ExpiresAt)).ToList();

        var sessionRows = sessions.Select(s =>
        {
            var idleClose = time.Add(s.LastActivity, policy.Retention.SessionIdleTimeout);
            Instant? closedAt = s.ClosedByStaffAt ?? (idleClose <= asOf ? idleClose : null);
            return new SessionRow(s.Id, s.Patron, s.Location,
                [.. s.Loans.Where(l => !l.Anonymized).Select(l => l.Id)], [.. s.Returns.Where(l => !l.Anonymized).Select(l => l.Id)], closedAt);
        }).ToList();

        var queryRows = scenario.Queries.Select(q => (IReadOnlyList<string>)[.. ledger.Where(r =>
            (q.PatronId is null || r.Patron == q.PatronId)
            && (q.Type is null || r.Type == q.Type)
            && (q.Status is null || r.Status == q.Status)
            && (q.Search is null || r.Id == q.Search || (r.Title is not null && r.Title.Contains(q.Search, StringComparison.OrdinalIgnoreCase))))
            .Select(r => r.Id!)]).ToList();

        return new ScenarioReport(scenario.Name, asOf, loanRows, fineRows, balances, noticeRows, returnList, requestRows, sessionRows,
            searches, queryRows, refused, []);
    }

    private static IReadOnlyList<string> AllowedActions(string status) => status switch
    {
        "onLoan" => ["claimReturned", "declareLost"],
        "claimedReturned" => ["declareLost", "markFound"],
        "lost" => ["markFound"],
        _ => [],
    };
}
