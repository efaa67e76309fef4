using System.Globalization;
using Ardalis.GuardClauses;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Items;
using Harvard.Circulation.Time;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Sessions;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <content>The actions staff and patrons take.</content>
public sealed partial record CirculationDesk
{
    /// <summary>
    /// Every check-out block of the patron's user group that applies now: <c>mayBorrow</c>, <c>maxLoans</c>
    /// (loans onLoan or lost), <c>maxBalance</c> (active balance above it), <c>maxLostItems</c>.
    /// </summary>
    /// <param name="patronId">The patron.</param>
    /// <param name="includeMaxLoans">False for a renewal, which adds no loan.</param>
    /// <returns>Each block with the limit and the current figure; empty when none applies.</returns>
    public IReadOnlyList<Refusal> Blocks(string patronId, bool includeMaxLoans = true)
    {
        var patron = Patrons.FindByPrimaryId(Guard.Against.Null(patronId)) ?? throw new ArgumentException($"Patron {patronId} is not known.", nameof(patronId));
        var group = Policy.GetUserGroup(patron.GroupCode);
        var blocks = new List<Refusal>();
        if (!group.MayBorrow)
        {
            blocks.Add(new Refusal(RefusalCodes.MayNotBorrow, $"User group {group.Code} ({group.Name}) may not borrow."));
        }

        var held = Loans.Count(l => l.PatronId == patron.PrimaryId && l.Status is LoanStatus.OnLoan or LoanStatus.Lost);
        if (includeMaxLoans && group.MaxLoans is { } maxLoans && held >= maxLoans)
        {
            blocks.Add(new Refusal(RefusalCodes.MaxLoans, $"Patron {patron.PrimaryId} has {held} loans on loan or lost; the limit of user group {group.Code} is {maxLoans}."));
        }

        var balance = Ledger.ActiveBalance(patron.PrimaryId);
        if (group.MaxBalance is { } maxBalance && balance > maxBalance)
        {
            blocks.Add(new Refusal(RefusalCodes.MaxBalance, $"Patron {patron.PrimaryId} has an active balance of {balance.ToAmountString()}, above the limit of user group {group.Code} ({maxBalance.ToAmountString()})."));
        }

        var lost = Loans.Count(l => l.PatronId == patron.PrimaryId && l.Status == LoanStatus.Lost);
        if (group.MaxLostItems is { } maxLost && lost >= maxLost)
        {
            blocks.Add(new Refusal(RefusalCodes.MaxLostItems, $"Patron {patron.PrimaryId} has {lost} lost items; the limit of user group {group.Code} is {maxLost}."));
        }

        return blocks;
    }

    /// <summary>
    /// Whether a patron may check an item out now, with what decides it: the rule resolution (the match and
    /// why each earlier rule did not match), the terms, and every reason against it — the item already on loan
    /// or on the hold shelf for another patron (alone), else no rule, terms that do not loan, and every
    /// user-group block that applies, each naming the limit and the current figure.
    /// </summary>
    /// <param name="patronId">The patron's primary id.</param>
    /// <param name="barcode">The item.</param>
    /// <returns>The answer at <see cref="Now"/>.</returns>
    /// <exception cref="ArgumentException">The patron or item is not known.</exception>
    public CheckOutEligibility Eligibility(string patronId, string barcode)
    {
        var patron = Patrons.FindByPrimaryId(Guard.Against.Null(patronId)) ?? throw new ArgumentException($"Patron {patronId} is not known.", nameof(patronId));
        var item = RequireItem(barcode);
        var explanation = Policy.Resolver.Explain(patron.GroupCode, item.ItemPolicy, item.Library, item.Location);
        if (OpenLoanOf(item.Barcode) is { } open)
        {
            return new CheckOutEligibility(explanation, [new Refusal(RefusalCodes.ItemOnLoan, $"Item {item.Barcode} is already on loan ({open.Id}).")]);
        }

        var held = Requests.FirstOrDefault(r => r.ItemBarcode == item.Barcode && r.Status == RequestStatus.OnHoldShelf);
        if (held is not null && held.PatronId != patron.PrimaryId)
        {
            return new CheckOutEligibility(explanation, [new Refusal(RefusalCodes.OnHoldShelfForAnotherPatron,
                $"Item {item.Barcode} is on the hold shelf for another patron's request ({held.Id}).")]);
        }

        var reasons = new List<Refusal>();
        var match = explanation.Match;
        if (!match.IsMatch)
        {
            reasons.Add(new Refusal(RefusalCodes.NoRuleMatched,
                $"No rule matches user group {patron.GroupCode}, item policy {item.ItemPolicy}, library {item.Library}, location {item.Location ?? "(none)"}."));
        }
        else if (match.Terms!.Loan is null)
        {
            reasons.Add(new Refusal(RefusalCodes.NotLoanable,
                $"Rule '{match.Rule!.Id}' gives terms '{match.Terms.Id}', under which item {item.Barcode} may not be loaned."));
        }

        reasons.AddRange(Blocks(patron.PrimaryId));
        return new CheckOutEligibility(explanation, reasons);
    }

    /// <summary>Checks an item out to a patron, or refuses with every reason that applies.</summary>
    /// <param name="patronId">The patron's primary id.</param>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <param name="location">The staff member's current location, recorded only.</param>
    /// <param name="sessionId">The patron services session, if the check-out is made in one.</param>
    /// <returns>The new desk, or a refusal with the desk advanced to <paramref name="at"/>.</returns>
    /// <exception cref="ArgumentException">The patron, item or session is not known.</exception>
    public Decision<CirculationDesk> CheckOut(string patronId, string barcode, Instant at, string? location = null, string? sessionId = null)
    {
        var desk = AdvanceTo(at);
        var patron = desk.Patrons.FindByPrimaryId(Guard.Against.Null(patronId)) ?? throw new ArgumentException($"Patron {patronId} is not known.", nameof(patronId));
        var item = desk.RequireItem(barcode);
        var (refused, touched, session) = desk.UseSession(sessionId, at, patron.PrimaryId, "check-out");
        if (refused is { } sessionRefusal)
        {
            return sessionRefusal;
        }

        desk = touched;
        var eligibility = desk.Eligibility(patron.PrimaryId, item.Barcode);
        if (!eligibility.IsAllowed)
        {
            return Decision<CirculationDesk>.Refuse(desk, eligibility.Reasons);
        }

        var match = eligibility.Match;
        var terms = match.Terms!;
        var due = DueDates.Compute(at, terms.Loan!.Period, terms.Loan, desk.CalendarOf(item));
        var loanId = "L" + (desk.Loans.Count + 1).ToString(CultureInfo.InvariantCulture);
        var loan = new Loan(loanId, patron.PrimaryId, item.Barcode, at, due, match.Rule!.Id, terms.Id, location ?? session?.Location, session?.Id);
        desk = desk.WithLoan(loan);
        foreach (var request in desk.Requests.Where(r => r.IsOpen && r.ItemBarcode == item.Barcode && r.PatronId == patron.PrimaryId).ToList())
        {
            desk = desk.WithRequest(request.Closed(RequestStatus.Fulfilled, at));
        }

        if (session is not null)
        {
            desk = desk.WithSession(desk.Sessions.First(s => s.Id == session.Id).WithLoan(loanId));
        }

        return Decision<CirculationDesk>.Allow(desk);
    }

    /// <summary>Renews an item's loan when the terms allow: under <c>maxRenewals</c>, within
    /// <c>maxRenewalPeriod</c> of the loan instant, no request by another patron, no block but <c>maxLoans</c>.
    /// The new due date counts from the renewal instant.</summary>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal listing every reason.</returns>
    public Decision<CirculationDesk> Renew(string barcode, Instant at)
    {
        var desk = AdvanceTo(at);
        return desk.WithOpenLoan(barcode, LoanTrigger.Renew, loan => desk.RenewLoan(loan, at));
    }

    /// <summary>Checks an item in. On a claimed-returned or lost loan it resolves as <see cref="MarkFound"/>.
    /// The next waiting request on the item moves to the hold shelf.</summary>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <param name="sessionId">The patron services session, if the return is made in one.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> CheckIn(string barcode, Instant at, string? sessionId = null)
    {
        var desk = AdvanceTo(at);
        desk.RequireItem(barcode);
        var loan = desk.OpenLoanOf(barcode);
        var (refused, touched, session) = desk.UseSession(sessionId, at, loan?.PatronId, "return");
        if (refused is { } sessionRefusal)
        {
            return sessionRefusal;
        }

        desk = touched;
        if (loan is null)
        {
            return Decision<CirculationDesk>.Refuse(desk, NoOpenLoan(barcode, LoanTrigger.CheckIn));
        }

        desk = loan.Status == LoanStatus.OnLoan
            ? desk.FinalizeFine(loan, at, forgive: false, LoanTrigger.CheckIn).WithLoan(LoanStateMachine.Fire(loan, LoanTrigger.CheckIn, at).Value).ItemBack(barcode, at)
            : desk.Found(loan, at, LoanTrigger.CheckIn);
        if (session is not null)
        {
            desk = desk.WithSession(desk.Sessions.First(s => s.Id == session.Id).WithReturn(loan.Id));
        }

        return Decision<CirculationDesk>.Allow(desk);
    }

    /// <summary>Marks an item Claimed Return: it stays charged to the patron, and its overdue fine stops
    /// accruing from now. Refused beyond the group's <c>maxClaimedReturned</c>.</summary>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> ClaimReturned(string barcode, Instant at)
    {
        var desk = AdvanceTo(at);
        return desk.WithOpenLoan(barcode, LoanTrigger.ClaimReturned, loan =>
        {
            var group = desk.Policy.GetUserGroup(desk.Patrons.FindByPrimaryId(loan.PatronId!)!.GroupCode);
            var claims = desk.ClaimedReturnedCount(loan.PatronId!);
            if (group.MaxClaimedReturned is { } max && claims >= max)
            {
                return Decision<CirculationDesk>.Refuse(desk, new Refusal(RefusalCodes.MaxClaimedReturned,
                    $"Patron {loan.PatronId} has already claimed {claims} loans returned; the limit of user group {group.Code} is {max}."));
            }

            var next = desk.FinalizeFine(loan, at, forgive: false, LoanTrigger.ClaimReturned);
            return Decision<CirculationDesk>.Allow(next.WithLoan(LoanStateMachine.Fire(loan, LoanTrigger.ClaimReturned, at).Value) with
            {
                ClaimsByPatron = next.ClaimsByPatron.SetItem(loan.PatronId!, claims + 1),
            });
        });
    }

    /// <summary>Marks an item Lost: the replacement fee (and process fee, where set) is charged and the item
    /// stays on the patron's record as lost.</summary>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> DeclareLost(string barcode, Instant at)
    {
        var desk = AdvanceTo(at);
        return desk.WithOpenLoan(barcode, LoanTrigger.DeclareLost, loan => Decision<CirculationDesk>.Allow(desk.BecomeLost(loan, at, LoanTrigger.DeclareLost)));
    }

    /// <summary>Marks a claimed-returned or lost item Found: the loan closes as returned and lost fees are
    /// cancelled as the terms say.</summary>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> MarkFound(string barcode, Instant at)
    {
        var desk = AdvanceTo(at);
        return desk.WithOpenLoan(barcode, LoanTrigger.MarkFound, loan => Decision<CirculationDesk>.Allow(desk.Found(loan, at, LoanTrigger.MarkFound)));
    }

    /// <summary>A payment by a patron, of one record or (without a transaction id) oldest first.</summary>
    /// <param name="patronId">The patron.</param>
    /// <param name="amount">The amount; positive.</param>
    /// <param name="transactionId">The record, if named.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> Pay(string patronId, Money amount, string? transactionId, Instant at) =>
        OnLedger(at, ledger => ledger.Pay(patronId, amount.RoundToCent(), transactionId, at));

    /// <summary>Waives part or all of a record's balance.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="amount">The amount; null = all.</param>
    /// <param name="reason">Why.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> Waive(string transactionId, Money? amount, string? reason, Instant at) =>
        OnLedger(at, ledger => ledger.Waive(transactionId, amount?.RoundToCent(), at, reason));

    /// <summary>Puts a record in dispute.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> Dispute(string transactionId, Instant at) => OnLedger(at, ledger => ledger.Dispute(transactionId, at));

    /// <summary>Ends a dispute.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> Restore(string transactionId, Instant at) => OnLedger(at, ledger => ledger.Restore(transactionId, at));

    /// <summary>Refunds part of what was paid on a record.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="amount">The amount.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> Refund(string transactionId, Money amount, Instant at) =>
        OnLedger(at, ledger => ledger.Refund(transactionId, amount.RoundToCent(), at));

    /// <summary>A manual charge on a patron's account; it always gets a <c>fineFee</c> notice.</summary>
    /// <param name="patronId">The patron.</param>
    /// <param name="type">The fine/fee type.</param>
    /// <param name="amount">The amount; positive.</param>
    /// <param name="title">A title, if any.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk.</returns>
    public Decision<CirculationDesk> Charge(string patronId, FineFeeType type, Money amount, string? title, Instant at)
    {
        var desk = AdvanceTo(at);
        var patron = desk.Patrons.FindByPrimaryId(Guard.Against.Null(patronId)) ?? throw new ArgumentException($"Patron {patronId} is not known.", nameof(patronId));
        desk = desk.AddRecord(patron.PrimaryId, type, amount.RoundToCent(), at, null, title, accruing: false, out var id);
        return Decision<CirculationDesk>.Allow(desk.AddNotice(NoticeType.FineFee, patron.PrimaryId, at, transactionId: id));
    }

    /// <summary>Exports to the bursar what is eligible now, for one patron or every patron.</summary>
    /// <param name="patronId">The patron; null = every patron.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk (unchanged when nothing is eligible).</returns>
    public Decision<CirculationDesk> ExportToBursar(string? patronId, Instant at)
    {
        var desk = AdvanceTo(at).Flush();
        var patrons = patronId is null
            ? desk.Patrons.Patrons.ToList()
            : [desk.Patrons.FindByPrimaryId(patronId) ?? throw new ArgumentException($"Patron {patronId} is not known.", nameof(patronId))];
        foreach (var patron in patrons)
        {
            var eligible = desk.Ledger.BursarEligible(patron.PrimaryId, desk.Policy.GetUserGroup(patron.GroupCode), at, desk.Zone);
            var exported = desk.Ledger.ExportToBursar(eligible.Select(r => r.TransactionId), at);
            if (!exported.IsAllowed)
            {
                return Decision<CirculationDesk>.Refuse(desk, exported.Reasons);
            }

            desk = desk with { Ledger = exported.Value };
        }

        return Decision<CirculationDesk>.Allow(desk);
    }

    /// <summary>Places a request. On an item on loan to someone else it waits in the queue and recalls the
    /// loan where its terms have <c>recall</c>; on an item on the shelf with no queue it goes to the hold shelf.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="patronId">The requester.</param>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> PlaceRequest(string requestId, string patronId, string barcode, Instant at)
    {
        var desk = AdvanceTo(at);
        Guard.Against.NullOrWhiteSpace(requestId);
        if (desk.Requests.Any(r => r.Id == requestId))
        {
            throw new ArgumentException($"Request id {requestId} exists already.", nameof(requestId));
        }

        var patron = desk.Patrons.FindByPrimaryId(Guard.Against.Null(patronId)) ?? throw new ArgumentException($"Patron {patronId} is not known.", nameof(patronId));
        var item = desk.RequireItem(barcode);
        var loan = desk.OpenLoanOf(item.Barcode);
        if (loan is not null && loan.PatronId == patron.PrimaryId)
        {
            return Decision<CirculationDesk>.Refuse(desk, new Refusal(RefusalCodes.RequestNotAllowed, $"Patron {patron.PrimaryId} has item {item.Barcode} on loan ({loan.Id}); it cannot be requested."));
        }

        if (desk.Requests.FirstOrDefault(r => r.IsOpen && r.ItemBarcode == item.Barcode && r.PatronId == patron.PrimaryId) is { } duplicate)
        {
            return Decision<CirculationDesk>.Refuse(desk, new Refusal(RefusalCodes.RequestNotAllowed, $"Patron {patron.PrimaryId} already has request {duplicate.Id} on item {item.Barcode}."));
        }

        var match = desk.Policy.Resolver.Resolve(patron.GroupCode, item.ItemPolicy, item.Library, item.Location);
        if (!match.IsMatch || match.Terms!.Loan is null)
        {
            return Decision<CirculationDesk>.Refuse(desk, new Refusal(match.IsMatch ? RefusalCodes.NotLoanable : RefusalCodes.NoRuleMatched,
                $"Item {item.Barcode} may not be loaned to user group {patron.GroupCode}, so it cannot be requested."));
        }

        var request = new Request(requestId, patron.PrimaryId, item.Barcode, at, match.Terms.Request.PickupWithin);
        desk = desk.WithRequest(request);
        if (loan is not null)
        {
            if (loan.Status == LoanStatus.OnLoan && desk.TermsOf(loan).Recall is { } recall)
            {
                var recalledDue = Max(PolicyTime.Add(at, recall.ReturnWithin, desk.Zone), PolicyTime.Add(loan.LoanedAt, recall.MinimumLoan, desk.Zone));
                if (recalledDue < loan.DueAt)
                {
                    desk = desk.WithLoan(loan.RecalledTo(at, recalledDue));
                }
            }

            return Decision<CirculationDesk>.Allow(desk);
        }

        return Decision<CirculationDesk>.Allow(desk.ItemBack(item.Barcode, at));
    }

    /// <summary>Cancels a waiting or on-hold-shelf request, with a <c>requestCancelled</c> notice unless told
    /// not to notify; the next request moves up when it was on the hold shelf.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="notifyUser">Whether to notify the requester.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal (also when no request has that id).</returns>
    public Decision<CirculationDesk> CancelRequest(string requestId, bool notifyUser, Instant at)
    {
        var desk = AdvanceTo(at);
        var request = desk.Requests.FirstOrDefault(r => r.Id == Guard.Against.Null(requestId));
        if (request is null)
        {
            // The event that would have placed it may have been refused.
            return Decision<CirculationDesk>.Refuse(desk, new Refusal(RefusalCodes.RequestNotAllowed, $"Request {requestId} was never placed; there is nothing to cancel."));
        }

        if (!request.IsOpen)
        {
            return Decision<CirculationDesk>.Refuse(desk, new Refusal(RefusalCodes.RequestNotAllowed,
                $"Request {request.Id} is {request.Status.ToSpelling()}; only a waiting or on-hold-shelf request can be cancelled."));
        }

        desk = desk.WithRequest(request.Closed(RequestStatus.Cancelled, at));
        if (notifyUser)
        {
            desk = desk.AddNotice(NoticeType.RequestCancelled, request.PatronId, at, requestId: request.Id);
        }

        return Decision<CirculationDesk>.Allow(request.Status == RequestStatus.OnHoldShelf ? desk.ItemBack(request.ItemBarcode, at) : desk);
    }

    /// <summary>Opens a patron services session for one scanned patron at a verified current location; the
    /// staff member's previous session closes now.</summary>
    /// <param name="sessionId">The session id.</param>
    /// <param name="staffId">The staff member.</param>
    /// <param name="location">The current location: a library of the policy.</param>
    /// <param name="patronId">The scanned patron.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk.</returns>
    /// <exception cref="ArgumentException">The location is not a library of the policy, the patron is unknown or the id is taken.</exception>
    public Decision<CirculationDesk> OpenSession(string sessionId, string staffId, string location, string patronId, Instant at)
    {
        var desk = AdvanceTo(at);
        if (desk.Policy.FindLibrary(Guard.Against.Null(location)) is null)
        {
            throw new ArgumentException($"Location '{location}' is not a library of the policy.", nameof(location));
        }

        var patron = desk.Patrons.FindByPrimaryId(Guard.Against.Null(patronId)) ?? throw new ArgumentException($"Patron {patronId} is not known.", nameof(patronId));
        if (desk.Sessions.Any(s => s.Id == sessionId))
        {
            throw new ArgumentException($"Session id {sessionId} exists already.", nameof(sessionId));
        }

        foreach (var previous in desk.Sessions.Where(s => s.StaffId == staffId && !desk.IsClosed(s, at)).ToList())
        {
            desk = desk.WithSession(previous.ClosedByStaff(at));
        }

        return Decision<CirculationDesk>.Allow(desk.WithSession(new PatronServicesSession(sessionId, staffId, location, patron.PrimaryId, at)));
    }

    /// <summary>When a session closed or closes: idle timeout after its last activity, or when its staff
    /// member opened another.</summary>
    /// <param name="session">The session.</param>
    /// <returns>The instant.</returns>
    public Instant SessionClosesAt(PatronServicesSession session) =>
        Guard.Against.Null(session).ClosesAt(Policy.Retention.SessionIdleTimeout, Zone);

    private bool IsClosed(PatronServicesSession session, Instant at) => session.IsClosedAt(at, Policy.Retention.SessionIdleTimeout, Zone);

    /// <summary>Checks a session named by an action: refused when closed, or when it is for another patron
    /// (the activity still counts); else the desk with the activity recorded.</summary>
    private (Decision<CirculationDesk>? Refused, CirculationDesk Desk, PatronServicesSession? Session) UseSession(string? sessionId, Instant at, string? patronId, string what)
    {
        if (sessionId is null)
        {
            return (null, this, null);
        }

        var session = Sessions.FirstOrDefault(s => s.Id == sessionId) ?? throw new ArgumentException($"Session {sessionId} was never opened.", nameof(sessionId));
        if (IsClosed(session, at))
        {
            return (Decision<CirculationDesk>.Refuse(this, new Refusal(RefusalCodes.SessionClosed,
                $"Session {session.Id} closed at {SessionClosesAt(session)}; scan the patron again to open a new session.")), this, session);
        }

        session = session.Touched(at);
        var touched = WithSession(session);
        if (patronId is not null && patronId != session.PatronId)
        {
            return (Decision<CirculationDesk>.Refuse(touched, new Refusal(RefusalCodes.SessionPatronMismatch,
                $"Session {session.Id} is for patron {session.PatronId}; a {what} for another patron is refused in it.")), touched, session);
        }

        return (null, touched, session);
    }

    private Decision<CirculationDesk> OnLedger(Instant at, Func<Ledger, Decision<Ledger>> transaction)
    {
        var desk = AdvanceTo(at).Flush();
        var decision = transaction(desk.Ledger);
        return decision.IsAllowed
            ? Decision<CirculationDesk>.Allow(desk with { Ledger = decision.Value })
            : Decision<CirculationDesk>.Refuse(desk, decision.Reasons);
    }

    private Item RequireItem(string barcode) =>
        ItemsByBarcode.TryGetValue(Guard.Against.Null(barcode), out var item) ? item : throw new ArgumentException($"Item {barcode} is not known.", nameof(barcode));

    private static Refusal NoOpenLoan(string barcode, LoanTrigger trigger) =>
        new(RefusalCodes.NoOpenLoan, $"{trigger.ToSpelling()} is refused: item {barcode} has no open loan.");

    private Decision<CirculationDesk> WithOpenLoan(string barcode, LoanTrigger trigger, Func<Loan, Decision<CirculationDesk>> action)
    {
        RequireItem(barcode);
        if (OpenLoanOf(barcode) is not { } loan)
        {
            return Decision<CirculationDesk>.Refuse(this, NoOpenLoan(barcode, trigger));
        }

        return LoanStateMachine.CanFire(loan.Status, trigger) && (trigger != LoanTrigger.MarkFound || loan.Status != LoanStatus.OnLoan)
            ? action(loan)
            : Decision<CirculationDesk>.Refuse(this, LoanStateMachine.NotAllowed(loan.Id, loan.Status, trigger));
    }

    private Decision<CirculationDesk> RenewLoan(Loan loan, Instant at)
    {
        if (!LoanStateMachine.CanFire(loan.Status, LoanTrigger.Renew))
        {
            return Decision<CirculationDesk>.Refuse(this, LoanStateMachine.NotAllowed(loan.Id, loan.Status, LoanTrigger.Renew));
        }

        var terms = TermsOf(loan);
        var loanTerms = terms.Loan!;
        var reasons = new List<Refusal>();
        if (loan.Renewals >= loanTerms.MaxRenewals)
        {
            reasons.Add(new Refusal(RefusalCodes.NoRenewalsLeft, $"Loan {loan.Id} has been renewed {loan.Renewals} times; terms '{terms.Id}' allow {loanTerms.MaxRenewals}."));
        }

        var newDue = DueDates.Compute(at, loanTerms.RenewPeriod, loanTerms, CalendarOf(ItemOf(loan)));
        if (loanTerms.MaxRenewalPeriod is { } maxPeriod && newDue > PolicyTime.Add(loan.LoanedAt, maxPeriod, Zone))
        {
            reasons.Add(new Refusal(RefusalCodes.MaxRenewalPeriod,
                $"Renewing loan {loan.Id} would make it due {newDue}, later than {PolicyTime.Add(loan.LoanedAt, maxPeriod, Zone)} (loan instant + {maxPeriod})."));
        }

        if (Requests.FirstOrDefault(r => r.IsOpen && r.ItemBarcode == loan.ItemBarcode && r.PatronId != loan.PatronId) is { } request)
        {
            reasons.Add(new Refusal(RefusalCodes.RequestedByAnotherPatron, $"Item {loan.ItemBarcode} has a {request.Status.ToSpelling()} request by another patron ({request.Id})."));
        }

        reasons.AddRange(Blocks(loan.PatronId!, includeMaxLoans: false));
        if (reasons.Count > 0)
        {
            return Decision<CirculationDesk>.Refuse(this, reasons);
        }

        var forgive = FineRuleOf(loan)?.Rule.ForgiveOnRenewal ?? false;
        var desk = FinalizeFine(loan, at, forgive, LoanTrigger.Renew);
        return Decision<CirculationDesk>.Allow(desk.WithLoan(LoanStateMachine.Fire(loan, LoanTrigger.Renew, at, newDue).Value));
    }

    /// <summary>Stops the accrual of a loan's current overdue fine at an instant: the record is final, or
    /// waived with reason <c>forgiven</c>; a final fine gets a <c>fineFee</c> notice where the terms say.</summary>
    private CirculationDesk FinalizeFine(Loan loan, Instant at, bool forgive, LoanTrigger stoppedBy)
    {
        if (!AccruingFineByLoan.TryGetValue(loan.Id, out var transactionId))
        {
            return this;
        }

        var accrual = AccrualOf(loan, at)!.Value;
        var record = Ledger.Find(transactionId)!.Accrued(accrual.Amount, $"{accrual.Explain()}; accrual stopped at {at}: {StopReason(stoppedBy)}{(forgive ? ", and the fine was forgiven" : string.Empty)}").AccrualStopped();
        var desk = this with { Ledger = Ledger.Replace(record), AccruingFineByLoan = AccruingFineByLoan.Remove(loan.Id) };
        if (forgive)
        {
            return desk with { Ledger = desk.Ledger.Waive(transactionId, null, at, "forgiven").Value };
        }

        return TermsOf(loan).Notices is { FineFee: true }
            ? desk.AddNotice(NoticeType.FineFee, loan.PatronId!, at, loan.Id, transactionId: transactionId)
            : desk;
    }

    private static string StopReason(LoanTrigger trigger) => trigger switch
    {
        LoanTrigger.CheckIn => "the item was checked in",
        LoanTrigger.ClaimReturned => "the item was marked Claimed Return",
        LoanTrigger.DeclareLost => "the item was marked Lost",
        LoanTrigger.AgeToLost => "the loan aged to lost",
        LoanTrigger.Renew => "the loan was renewed (a new overdue period starts from the new due date)",
        _ => trigger.ToSpelling(),
    };

    private CirculationDesk BecomeLost(Loan loan, Instant at, LoanTrigger trigger)
    {
        var terms = TermsOf(loan);
        var forgive = terms.LostItem?.ForgiveOverdueWhenLost ?? false;
        var desk = FinalizeFine(loan, at, forgive, trigger);
        if (forgive && loan.Status == LoanStatus.ClaimedReturned
            && desk.Ledger.ForLoan(loan.Id).LastOrDefault(r => r.Type is FineFeeType.OverdueFine or FineFeeType.RecalledOverdueFine) is { Status: FineFeeStatus.Active } earlier
            && earlier.Balance.IsPositive)
        {
            desk = desk with { Ledger = desk.Ledger.Waive(earlier.TransactionId, null, at, "forgiven").Value };
        }

        desk = desk.WithLoan(LoanStateMachine.Fire(loan, trigger, at).Value);
        if (terms.Notices is { LostItemBill: true })
        {
            desk = desk.AddNotice(NoticeType.LostItemBill, loan.PatronId!, at, loan.Id);
        }

        if (terms.LostItem is not { } lost)
        {
            return desk;
        }

        var item = ItemOf(loan);
        if ((item.ReplacementCost ?? lost.DefaultReplacementFee) is { IsPositive: true } replacement)
        {
            desk = desk.ChargeLoan(loan, FineFeeType.LostItemReplacementFee, replacement.RoundToCent(), at, terms);
        }

        if (lost.ProcessFee is { IsPositive: true } process)
        {
            desk = desk.ChargeLoan(loan, FineFeeType.LostItemProcessFee, process.RoundToCent(), at, terms);
        }

        return desk;
    }

    private CirculationDesk ChargeLoan(Loan loan, FineFeeType type, Money amount, Instant at, TermsOfUse terms)
    {
        var desk = AddRecord(loan.PatronId!, type, amount, at, loan.Id, ItemOf(loan).Title, accruing: false, out var id);
        return terms.Notices is { FineFee: true } ? desk.AddNotice(NoticeType.FineFee, loan.PatronId!, at, loan.Id, transactionId: id) : desk;
    }

    /// <summary>A claimed-returned or lost loan comes back: refunds as the lost item terms say, the loan
    /// closes as returned, and the next request moves up.</summary>
    private CirculationDesk Found(Loan loan, Instant at, LoanTrigger trigger)
    {
        var desk = this;
        var lost = TermsOf(loan).LostItem;
        if (loan.Status == LoanStatus.Lost && lost is not null
            && (lost.NoRefundAfter is null || at <= PolicyTime.Add(loan.LostAt!.Value, lost.NoRefundAfter, Zone)))
        {
            foreach (var record in desk.Ledger.ForLoan(loan.Id).ToList())
            {
                if (record.Type == FineFeeType.LostItemReplacementFee)
                {
                    var share = record.Original.WithAmount(record.Original.Amount * lost.RefundReplacementFeePercent / 100m).RoundToCent();
                    desk = desk.Cancel(record, share, at);
                }
                else if (record.Type == FineFeeType.LostItemProcessFee && lost.RefundProcessFeeWhenFound)
                {
                    desk = desk.Cancel(record, record.Original, at);
                }
            }
        }

        return desk.WithLoan(LoanStateMachine.Fire(loan, trigger, at).Value).ItemBack(loan.ItemBarcode, at);
    }

    /// <summary>Cancels an amount of a fee: first by waiving the unpaid balance, then by refunding payments;
    /// records in dispute, exported or transferred are left as they are.</summary>
    private CirculationDesk Cancel(FineFee record, Money amount, Instant at)
    {
        if (record.Status is FineFeeStatus.InDispute or FineFeeStatus.ExportedToBursar or FineFeeStatus.Transferred || !amount.IsPositive)
        {
            return this;
        }

        var ledger = Ledger;
        var waive = Money.Min(amount, record.Balance);
        if (waive.IsPositive)
        {
            ledger = ledger.Waive(record.TransactionId, waive, at, "found").Value;
        }

        var refund = Money.Min(amount - waive, record.Paid - record.Refunded);
        if (refund.IsPositive)
        {
            ledger = ledger.Refund(record.TransactionId, refund, at, "found").Value;
        }

        return this with { Ledger = ledger };
    }

    /// <summary>The item is back on the shelf: when no request holds it, the first waiting request goes to
    /// the hold shelf now, with a <c>requestAvailable</c> notice.</summary>
    private CirculationDesk ItemBack(string barcode, Instant at)
    {
        if (OpenLoanByItem.ContainsKey(barcode) || Requests.Any(r => r.ItemBarcode == barcode && r.Status == RequestStatus.OnHoldShelf))
        {
            return this;
        }

        if (Requests.FirstOrDefault(r => r.ItemBarcode == barcode && r.Status == RequestStatus.Waiting) is not { } next)
        {
            return this;
        }

        var expires = PolicyTime.Add(at, next.PickupWithin, Zone);
        return WithRequest(next.ToHoldShelf(at, expires)).AddNotice(NoticeType.RequestAvailable, next.PatronId, at, requestId: next.Id);
    }

    private static Instant Max(Instant left, Instant right) => left > right ? left : right;
}
