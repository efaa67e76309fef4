using Harvard.Circulation.Calendar;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <content>Loans: check-out and its blocks, renewal, check-in, claimed returned, lost and found.</content>
internal sealed partial class DeskTransaction
{
    /// <summary>Every check-out block of a patron's user group that applies now (domain.md §7).</summary>
    public List<Refusal> Blocks(PatronAccount account, bool includeMaxLoans)
    {
        var group = Policy.GetUserGroup(account.Patron.GroupCode);
        var patronId = account.Patron.PrimaryId;
        var blocks = new List<Refusal>();
        if (!group.MayBorrow)
        {
            blocks.Add(new Refusal(RefusalCodes.MayNotBorrow, $"User group {group.Code} ({group.Name}) may not borrow."));
        }

        if (includeMaxLoans && group.MaxLoans is { } maxLoans && account.HeldCount is var held && held >= maxLoans)
        {
            blocks.Add(new Refusal(RefusalCodes.MaxLoans, $"Patron {patronId} has {held} loans on loan or lost; the limit of user group {group.Code} is {maxLoans}."));
        }

        if (group.MaxBalance is { } maxBalance && account.Ledger.ActiveBalance(patronId) is var balance && balance > maxBalance)
        {
            blocks.Add(new Refusal(RefusalCodes.MaxBalance, $"Patron {patronId} has an active balance of {balance.ToAmountString()}, above the limit of user group {group.Code} ({maxBalance.ToAmountString()})."));
        }

        if (group.MaxLostItems is { } maxLost && account.LostCount is var lost && lost >= maxLost)
        {
            blocks.Add(new Refusal(RefusalCodes.MaxLostItems, $"Patron {patronId} has {lost} lost items; the limit of user group {group.Code} is {maxLost}."));
        }

        return blocks;
    }

    /// <summary>Whether a patron may check an item out now, with the rule resolution explained and the due instant
    /// a check-out would get (for <see cref="CirculationDesk.MayBorrow"/>; a check-out itself needs only the match).</summary>
    public CheckOutEligibility Eligibility(PatronAccount account, ItemRecord item)
    {
        var explanation = Policy.Resolver.Explain(account.Patron.GroupCode, item.Item.ItemPolicy, item.Item.Library, item.Item.Location);
        var refusals = CheckOutRefusals(account, item, explanation.Match);
        Instant? due = refusals.Count == 0 && explanation.Match.Terms?.Loan is { } loanTerms
            ? DueDates.Compute(Now, loanTerms.Period, loanTerms, CalendarOf(item.Item))
            : null;
        return new CheckOutEligibility(account.Patron.PrimaryId, item.Item.Barcode, Now, explanation, refusals, due);
    }

    /// <summary>Every reason against a check-out: the item plans (on loan, or on the hold shelf for another
    /// patron: that reason alone), then the account (no rule, terms that do not loan, every block). Empty when
    /// allowed.</summary>
    private List<Refusal> CheckOutRefusals(PatronAccount account, ItemRecord item, RuleMatch match)
    {
        var patron = account.Patron;
        if (item.IsOut)
        {
            return [new Refusal(RefusalCodes.ItemOnLoan, $"Item {item.Item.Barcode} is already on loan ({OpenLoanIdOf(item)}).")];
        }

        if (item.OnHoldShelf is { } held && held.PatronId != patron.PrimaryId)
        {
            return [new Refusal(RefusalCodes.OnHoldShelfForAnotherPatron,
                $"Item {item.Item.Barcode} is on the hold shelf for another patron's request ({held.Id}).")];
        }

        var reasons = new List<Refusal>();
        if (!match.IsMatch)
        {
            reasons.Add(new Refusal(RefusalCodes.NoRuleMatched,
                $"No rule matches user group {patron.GroupCode}, item policy {item.Item.ItemPolicy}, library {item.Item.Library}, location {item.Item.Location ?? "(none)"}."));
        }
        else if (match.Terms!.Loan is null)
        {
            reasons.Add(new Refusal(RefusalCodes.NotLoanable,
                $"Rule '{match.Rule!.Id}' gives terms '{match.Terms.Id}', under which item {item.Item.Barcode} may not be loaned."));
        }

        reasons.AddRange(Blocks(account, includeMaxLoans: true));
        return reasons;
    }

    /// <summary>Checks an item out; null when done, else every reason against it.</summary>
    public IReadOnlyList<Refusal>? CheckOut(string patronId, string barcode, string? location, string? sessionId)
    {
        var owner = ActingOnPatron(RequirePatron(patronId));
        var item = Item(ActingOnItem(RequireItem(barcode)));
        var account = Account(owner);
        if (UseSession(sessionId, account.Patron.PrimaryId, "check-out", out var session) is { } sessionRefusal)
        {
            return [sessionRefusal];
        }

        var match = Policy.Resolver.Resolve(account.Patron.GroupCode, item.Item.ItemPolicy, item.Item.Library, item.Item.Location);
        if (CheckOutRefusals(Account(owner), item, match) is [_, ..] refusals)
        {
            return refusals;
        }

        var terms = match.Terms!;
        var due = DueDates.Compute(Now, terms.Loan!.Period, terms.Loan, CalendarOf(item.Item));
        var number = loanLocations.Count + 1;
        loanLocations = loanLocations.Add(owner);
        var scoped = Catalogue.Ids == IdNumbering.Scoped;
        var loansMade = scoped ? item.LoansMade + 1 : 0;
        var id = scoped ? DeskIds.ScopedLoan(item.Item.Barcode, loansMade) : LoanId(number);
        if (scoped)
        {
            loanNumbers = loanNumbers.SetItem(id, number);
        }

        var loan = PutLoan(owner, new Loan(number, id, account.Patron.PrimaryId, item.Item.Barcode, Now, due, match.Rule!.Id, terms.Id,
            location ?? session?.Session.Location, session?.Session.Id, place: scoped ? ActionPlace : null));
        Put(item.Lent(number, owner, loansMade));
        if (item.OpenRequestOf(account.Patron.PrimaryId) is { } fulfilled)
        {
            PutRequest(Item(item.Index), fulfilled.Closed(RequestStatus.Fulfilled, Now));
        }

        if (session is { } used)
        {
            PutSession(used.Owner, FindSession(used.Session.Id, out _)!.WithLoan(loan.Id));
        }

        return null;
    }

    /// <summary>Renews an item's loan; null when done, else every reason against it.</summary>
    public IReadOnlyList<Refusal>? Renew(string barcode)
    {
        if (OpenLoanFor(barcode, LoanTrigger.Renew, out var owner, out var loan) is { } refusal)
        {
            return [refusal];
        }

        if (RenewalRefusals(loan, Now, out var newDue) is { } reasons)
        {
            return reasons;
        }

        Renew(owner, loan, newDue);
        return null;
    }

    /// <summary>Why a loan may not be renewed now (null when it may): no renewals left, beyond
    /// <c>maxRenewalPeriod</c>, a request by another patron on the item, or a block other than <c>maxLoans</c>.</summary>
    private List<Refusal>? RenewalRefusals(Loan loan, Instant at, out Instant newDue)
    {
        newDue = default;
        if (!LoanStateMachine.CanFire(loan.Status, LoanTrigger.Renew))
        {
            return [LoanStateMachine.NotAllowed(loan.Id, loan.Status, LoanTrigger.Renew)];
        }

        var terms = TermsOf(loan);
        var loanTerms = terms.Loan!;
        var reasons = new List<Refusal>();
        if (loan.Renewals >= loanTerms.MaxRenewals)
        {
            reasons.Add(new Refusal(RefusalCodes.NoRenewalsLeft, $"Loan {loan.Id} has been renewed {loan.Renewals} times; terms '{terms.Id}' allow {loanTerms.MaxRenewals}."));
        }

        newDue = DueDates.Compute(at, loanTerms.RenewPeriod, loanTerms, CalendarOf(loan));
        if (loanTerms.MaxRenewalPeriod is { } maxPeriod && PolicyTime.Add(loan.LoanedAt, maxPeriod, Zone) is var latest && newDue > latest)
        {
            reasons.Add(new Refusal(RefusalCodes.MaxRenewalPeriod,
                $"Renewing loan {loan.Id} would make it due {IsoInstant.Format(newDue)}, later than {IsoInstant.Format(latest)} (loan instant + {maxPeriod})."));
        }

        var item = Item(Catalogue.IndexOfItem(loan.ItemBarcode));
        if (item.OpenRequestByAnotherPatron(loan.PatronId!) is { } request)
        {
            reasons.Add(new Refusal(RefusalCodes.RequestedByAnotherPatron, $"Item {loan.ItemBarcode} has a {request.Status.ToSpelling()} request by another patron ({request.Id})."));
        }

        reasons.AddRange(Blocks(Account(loanLocations[loan.Number - 1]), includeMaxLoans: false));
        return reasons.Count > 0 ? reasons : null;
    }

    /// <summary>Renews a loan that may be renewed: the current overdue period ends (forgiven where the terms say).</summary>
    private Loan Renew(int owner, Loan loan, Instant newDue)
    {
        var forgive = OverdueAccrual.RuleFor(loan, TermsOf(loan))?.Rule.ForgiveOnRenewal ?? false;
        StopAccrual(owner, loan, forgive, LoanTrigger.Renew);
        return PutLoan(owner, LoanStateMachine.Fire(loan, LoanTrigger.Renew, Now, newDue).Value);
    }

    /// <summary>Checks an item in (resolving a claimed-returned or lost loan as found); null when done.</summary>
    public IReadOnlyList<Refusal>? CheckIn(string barcode, string? sessionId)
    {
        var item = Item(ActingOnItem(RequireItem(barcode)));
        var loan = OpenLoanOf(item);
        if (UseSession(sessionId, loan?.PatronId, "return", out var session) is { } sessionRefusal)
        {
            return [sessionRefusal];
        }

        if (loan is null)
        {
            return [NoOpenLoan(barcode, LoanTrigger.CheckIn)];
        }

        var owner = item.BorrowerIndex;
        if (loan.Status == LoanStatus.OnLoan)
        {
            StopAccrual(owner, loan, forgive: false, LoanTrigger.CheckIn);
            PutLoan(owner, LoanStateMachine.Fire(loan, LoanTrigger.CheckIn, Now).Value);
            Put(Item(item.Index).Back());
            ItemBack(item.Index);
        }
        else
        {
            Found(owner, loan, LoanTrigger.CheckIn);
        }

        if (session is { } used)
        {
            PutSession(used.Owner, FindSession(used.Session.Id, out _)!.WithReturn(loan.Id));
        }

        return null;
    }

    /// <summary>Marks an item Claimed Return (refused beyond <c>maxClaimedReturned</c>); null when done.</summary>
    public IReadOnlyList<Refusal>? ClaimReturned(string barcode)
    {
        if (OpenLoanFor(barcode, LoanTrigger.ClaimReturned, out var owner, out var loan) is { } refusal)
        {
            return [refusal];
        }

        var account = Account(owner);
        var group = Policy.GetUserGroup(account.Patron.GroupCode);
        if (group.MaxClaimedReturned is { } max && account.ClaimedReturnedCount >= max)
        {
            return [new Refusal(RefusalCodes.MaxClaimedReturned,
                $"Patron {loan.PatronId} has already claimed {account.ClaimedReturnedCount} loans returned; the limit of user group {group.Code} is {max}.")];
        }

        StopAccrual(owner, loan, forgive: false, LoanTrigger.ClaimReturned);
        PutLoan(owner, LoanStateMachine.Fire(loan, LoanTrigger.ClaimReturned, Now).Value);
        Put(Account(owner).WithClaim());
        return null;
    }

    /// <summary>Marks an item Lost; null when done.</summary>
    public IReadOnlyList<Refusal>? DeclareLost(string barcode)
    {
        if (OpenLoanFor(barcode, LoanTrigger.DeclareLost, out var owner, out var loan) is { } refusal)
        {
            return [refusal];
        }

        BecomeLost(owner, loan, LoanTrigger.DeclareLost);
        return null;
    }

    /// <summary>Marks a claimed-returned or lost item Found; null when done.</summary>
    public IReadOnlyList<Refusal>? MarkFound(string barcode)
    {
        if (OpenLoanFor(barcode, LoanTrigger.MarkFound, out var owner, out var loan) is { } refusal)
        {
            return [refusal];
        }

        Found(owner, loan, LoanTrigger.MarkFound);
        return null;
    }

    /// <summary>The open loan of an item for a row action, or why the action is refused.</summary>
    private Refusal? OpenLoanFor(string barcode, LoanTrigger trigger, out int owner, out Loan loan)
    {
        var item = Item(ActingOnItem(RequireItem(barcode)));
        owner = item.BorrowerIndex;
        if (OpenLoanOf(item) is not { } open)
        {
            loan = null!;
            return NoOpenLoan(barcode, trigger);
        }

        loan = open;
        // markFound is a row action of claimed-returned and lost loans only (check-in ends an on-loan one).
        return LoanStateMachine.CanFire(loan.Status, trigger) && (trigger != LoanTrigger.MarkFound || loan.Status != LoanStatus.OnLoan)
            ? null
            : LoanStateMachine.NotAllowed(loan.Id, loan.Status, trigger);
    }

    private static Refusal NoOpenLoan(string barcode, LoanTrigger trigger) =>
        new(RefusalCodes.NoOpenLoan, $"{trigger.ToSpelling()} is refused: item {barcode} has no open loan.");

    /// <summary>Stops the accrual of a loan's current overdue fine now: the record is final — waived as
    /// <c>forgiven</c> (no notice: nothing is owed), or with a <c>fineFee</c> notice where the terms say.</summary>
    private void StopAccrual(int owner, Loan loan, bool forgive, LoanTrigger stoppedBy)
    {
        if (loan.AccruingRecordKey is not { } key)
        {
            return;
        }

        var account = Account(owner);
        var record = account.Ledger.FindByKey(key)!;
        var accrual = OverdueAccrual.At(loan, TermsOf(loan), CalendarOf(loan), Now)!.Value;
        var ledger = account.Ledger.Replace(record.AccrualStopped(accrual, new AccrualStop(Now, StopReason(stoppedBy), forgive)));
        if (forgive)
        {
            Put(account.WithLedger(ledger.Waive(record.TransactionId, null, Now, "forgiven").Value));
            return;
        }

        Put(account.WithLedger(ledger));
        if (TermsOf(loan).Notices is { FineFee: true })
        {
            AddNotice(owner, NoticeType.FineFee, Now, loan, transactionId: record.TransactionId);
        }
    }

    private static AccrualStopReason StopReason(LoanTrigger trigger) => trigger switch
    {
        LoanTrigger.CheckIn => AccrualStopReason.CheckIn,
        LoanTrigger.Renew => AccrualStopReason.Renew,
        LoanTrigger.ClaimReturned => AccrualStopReason.ClaimReturned,
        LoanTrigger.DeclareLost => AccrualStopReason.DeclareLost,
        LoanTrigger.AgeToLost => AccrualStopReason.AgeToLost,
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "This action does not stop accrual."),
    };

    /// <summary>A loan becomes lost (declared or aged): its fine stops (forgiven where the terms say), a lost item
    /// bill, and the replacement and process fees.</summary>
    private void BecomeLost(int owner, Loan loan, LoanTrigger trigger)
    {
        var terms = TermsOf(loan);
        var forgive = terms.LostItem?.ForgiveOverdueWhenLost ?? false;
        StopAccrual(owner, loan, forgive, trigger);
        if (forgive && loan.Status == LoanStatus.ClaimedReturned
            && Account(owner).Ledger.Records.LastOrDefault(r => r.LoanId == loan.Id && r.Type is FineFeeType.OverdueFine or FineFeeType.RecalledOverdueFine)
                is { Status: FineFeeStatus.Active, Balance.IsPositive: true, AccrualStop: { By: AccrualStopReason.ClaimReturned } stop } earlier
            && stop.At == loan.ClaimedReturnedAt)
        {
            // The fine that stopped at the claim is forgiven too (docs/design-choices.md); a fine of an earlier
            // overdue period, ended by a renewal before the claim, was final already and stays charged.
            var account = Account(owner);
            Put(account.WithLedger(account.Ledger.Waive(earlier.TransactionId, null, Now, "forgiven").Value));
        }

        loan = PutLoan(owner, LoanStateMachine.Fire(loan, trigger, Now).Value);
        if (terms.Notices is { LostItemBill: true })
        {
            AddNotice(owner, NoticeType.LostItemBill, Now, loan);
        }

        if (terms.LostItem is not { } lost)
        {
            return;
        }

        var item = Catalogue.Items[Catalogue.IndexOfItem(loan.ItemBarcode)];
        if ((item.ReplacementCost ?? lost.DefaultReplacementFee) is { IsPositive: true } replacement)
        {
            ChargeLoan(owner, loan, FineFeeType.LostItemReplacementFee, replacement.RoundToCent(), item, terms);
        }

        if (lost.ProcessFee is { IsPositive: true } process)
        {
            ChargeLoan(owner, loan, FineFeeType.LostItemProcessFee, process.RoundToCent(), item, terms);
        }
    }

    private void ChargeLoan(int owner, Loan loan, FineFeeType type, Money amount, Item item, TermsOfUse terms)
    {
        var record = AddRecord(owner, type, amount, Now, loan, item.Title, accruing: false);
        PutLoan(owner, Account(owner).FindLoan(loan.Number)!.WithFineOrFeeIncurred());
        if (terms.Notices is { FineFee: true })
        {
            AddNotice(owner, NoticeType.FineFee, Now, loan, transactionId: record.TransactionId);
        }
    }

    /// <summary>A claimed-returned or lost loan comes back: refunds as the lost item terms say (nothing at all
    /// past <c>noRefundAfter</c>), the loan closes as returned, and the next request moves up.</summary>
    private void Found(int owner, Loan loan, LoanTrigger trigger)
    {
        var lost = TermsOf(loan).LostItem;
        if (loan.Status == LoanStatus.Lost && lost is not null
            && (lost.NoRefundAfter is null || Now <= PolicyTime.Add(loan.LostAt!.Value, lost.NoRefundAfter, Zone)))
        {
            foreach (var record in Account(owner).Ledger.Records.Where(r => r.LoanId == loan.Id).ToList())
            {
                if (record.Type == FineFeeType.LostItemReplacementFee)
                {
                    var share = record.Original.WithAmount(record.Original.Amount * lost.RefundReplacementFeePercent / 100m).RoundToCent();
                    Cancel(owner, record.TransactionId, share);
                }
                else if (record.Type == FineFeeType.LostItemProcessFee && lost.RefundProcessFeeWhenFound)
                {
                    Cancel(owner, record.TransactionId, record.Original);
                }
            }
        }

        PutLoan(owner, LoanStateMachine.Fire(loan, trigger, Now).Value);
        var item = Catalogue.IndexOfItem(loan.ItemBarcode);
        Put(Item(item).Back());
        ItemBack(item);
    }

    /// <summary>Cancels an amount of a fee: first by waiving the unpaid balance, then by refunding payments;
    /// records in dispute, exported or transferred are left as they are.</summary>
    private void Cancel(int owner, string transactionId, Money amount)
    {
        var account = Account(owner);
        var record = account.Ledger.Find(transactionId)!;
        if (record.Status is FineFeeStatus.InDispute or FineFeeStatus.ExportedToBursar or FineFeeStatus.Transferred || !amount.IsPositive)
        {
            return;
        }

        var ledger = account.Ledger;
        var waive = Money.Min(amount, record.Balance);
        if (waive.IsPositive)
        {
            ledger = ledger.Waive(transactionId, waive, Now, "found").Value;
        }

        var refund = Money.Min(amount - waive, record.Paid - record.Refunded);
        if (refund.IsPositive)
        {
            ledger = ledger.Refund(transactionId, refund, Now, "found").Value;
        }

        Put(account.WithLedger(ledger));
    }

    public static string LoanId(int number) => DeskIds.DenseLoan(number);

    /// <summary>The id of an item's open loan, also when a partial desk does not hold it: under scoped ids the item's
    /// latest loan.</summary>
    public string OpenLoanIdOf(ItemRecord item) => DeskIds.OpenLoanOf(Catalogue.Ids, item);

    /// <summary>The desk's number of a loan id; 0 when no loan has it.</summary>
    public int NumberOfLoan(string loanId)
    {
        if (Catalogue.Ids == IdNumbering.Scoped)
        {
            return loanNumbers.TryGetValue(loanId, out var scoped) ? scoped : 0;
        }

        var number = Loan.NumberOf(loanId);
        return number > 0 && LoanId(number) == loanId ? number : 0;
    }
}
