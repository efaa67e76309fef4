using Harvard.Circulation.Calendar;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Loans;

namespace Harvard.Circulation.Formats.Compare;

/// <summary>What an event concerns: a patron, an item (and its open loan), a fine/fee, a request or a session.</summary>
internal enum SubjectKind : byte
{
    Patron,
    Item,
    FineFee,
    Request,
    Session,
}

/// <summary>One thing an event concerns, by kind and id (a patron's primary id, a barcode, a transaction id ...).</summary>
internal readonly record struct Subject(SubjectKind Kind, string Key);

/// <summary>
/// Tells first differences from their consequences (docs/compare.md, "First differences and consequences").
/// </summary>
/// <remarks>
/// <para>An event's outcome differs when it is allowed under one policy and refused under the other, refused for
/// other reasons (refusal codes), or allowed under both with another effect: another loan, terms of use, due date
/// or state of its loan, or other charges on it.</para>
/// <para>A thing the event concerns is <em>diverged</em> from the first differing event that concerned it for as
/// long as its state still differs between the two replays. A differing event is a consequence when something it
/// concerns is diverged — for an event allowed under both whose effect differs, only the item and its loan count,
/// since its patron's state decides nothing of that effect — and it belongs to the earliest first difference among
/// them; otherwise it is a first difference itself. Whether a state still differs is checked only for the things of
/// a differing event (a few reads each), so the cost per event stays constant.</para>
/// </remarks>
internal sealed class DifferenceTracker(int detailLimit)
{
    private const int ConsequencesListed = 10;
    private readonly Dictionary<Subject, int> diverged = [];
    private readonly Dictionary<int, Root> detailed = [];
    private readonly List<Root> roots = [];

    public int FirstDifferences { get; private set; }

    public int Consequences { get; private set; }

    /// <summary>Whether two outcomes of one event differ.</summary>
    public static bool Differs(SideOutcome old, SideOutcome @new)
    {
        if (IsDecisionDifference(old, @new))
        {
            return true;
        }

        if (!old.IsAllowed)
        {
            return false;
        }

        if (old.Loan is null || @new.Loan is null)
        {
            return old.Loan is null != @new.Loan is null;
        }

        return old.Loan.TermsOfUseId != @new.Loan.TermsOfUseId || old.Loan.DueAt != @new.Loan.DueAt || old.Loan.Status != @new.Loan.Status
            || old.Charges != @new.Charges;
    }

    /// <summary>Records a differing event: a first difference, or a consequence of one.</summary>
    public void Record(ScenarioEvent e, SideOutcome old, SideOutcome @new)
    {
        var decision = IsDecisionDifference(old, @new);
        var subjects = Subjects(e, old, @new);
        int? cause = null;
        foreach (var subject in subjects)
        {
            if (!diverged.TryGetValue(subject, out var root) || (!decision && subject.Kind != SubjectKind.Item))
            {
                continue;
            }

            if (!StillDiffers(subject, old.Before, @new.Before))
            {
                diverged.Remove(subject);
                continue;
            }

            cause = cause is { } known ? Math.Min(known, root) : root;
        }

        if (cause is { } first)
        {
            Consequences++;
            if (detailed.TryGetValue(first, out var root))
            {
                root.Add(e);
            }
        }
        else
        {
            FirstDifferences++;
            if (roots.Count < detailLimit)
            {
                var root = new Root(e, Outcome(e, old), Outcome(e, @new));
                roots.Add(root);
                detailed.Add(e.Index, root);
            }
        }

        foreach (var subject in subjects)
        {
            diverged.TryAdd(subject, cause ?? e.Index);
        }
    }

    /// <summary>The first differences listed, in event order.</summary>
    public IReadOnlyList<EventDifference> Differences() =>
        roots.Select(r => new EventDifference(r.Event, r.Old, r.New, r.ConsequenceCount, r.Listed)).ToList();

    private static bool IsDecisionDifference(SideOutcome old, SideOutcome @new) =>
        old.IsAllowed != @new.IsAllowed || (!old.IsAllowed && !SameCodes(old.Reasons, @new.Reasons));

    private static bool SameCodes(EquatableArray<Refusal> a, EquatableArray<Refusal> b) =>
        a.All(r => b.Any(s => s.Code == r.Code)) && b.All(r => a.Any(s => s.Code == r.Code));

    /// <summary>Everything the event concerns under either policy, each once.</summary>
    private static List<Subject> Subjects(ScenarioEvent e, SideOutcome old, SideOutcome @new)
    {
        var subjects = new List<Subject>(8);
        void Add(SubjectKind kind, string? key)
        {
            if (key is not null && !subjects.Contains(new Subject(kind, key)))
            {
                subjects.Add(new Subject(kind, key));
            }
        }

        Add(SubjectKind.Patron, e.Patron);
        Add(SubjectKind.Item, e.Item);
        Add(SubjectKind.FineFee, e.TransactionId);
        Add(SubjectKind.Session, e.Session);
        if (e.Type is ScenarioEventType.PlaceRequest or ScenarioEventType.CancelRequest)
        {
            Add(SubjectKind.Request, e.Id);
        }

        if (e.Type == ScenarioEventType.OpenSession)
        {
            Add(SubjectKind.Session, e.Id);
        }

        foreach (var side in (ReadOnlySpan<SideOutcome>)[old, @new])
        {
            Add(SubjectKind.Patron, side.Loan?.PatronId);
            if (e.TransactionId is { } transaction)
            {
                Add(SubjectKind.Patron, side.Before.FindFineFee(transaction)?.PatronId);
            }

            if (e.Type == ScenarioEventType.CancelRequest && side.Before.FindRequest(e.Id!) is { } request)
            {
                Add(SubjectKind.Patron, request.PatronId);
                Add(SubjectKind.Item, request.ItemBarcode);
            }

            if (e.Session is { } session)
            {
                Add(SubjectKind.Patron, side.Before.FindSession(session)?.PatronId);
            }
        }

        return subjects;
    }

    /// <summary>Whether a thing's state differs between the two desks.</summary>
    private static bool StillDiffers(Subject subject, CirculationDesk old, CirculationDesk @new)
    {
        switch (subject.Kind)
        {
            case SubjectKind.Patron:
                var a = old.Account(subject.Key);
                var b = @new.Account(subject.Key);
                return a.Ledger.ActiveBalance(subject.Key) != b.Ledger.ActiveBalance(subject.Key) || a.HeldCount != b.HeldCount
                    || a.LostCount != b.LostCount || a.ClaimedReturnedCount != b.ClaimedReturnedCount;
            case SubjectKind.Item:
                var loanA = old.OpenLoanOf(subject.Key);
                var loanB = @new.OpenLoanOf(subject.Key);
                if (loanA is null != loanB is null)
                {
                    return true;
                }

                if (loanA is not null && loanB is not null && (loanA.Status != loanB.Status || loanA.DueAt != loanB.DueAt || loanA.TermsOfUseId != loanB.TermsOfUseId
                    || loanA.PatronId != loanB.PatronId || loanA.Renewals != loanB.Renewals || Charges(old, loanA) != Charges(@new, loanB)))
                {
                    return true;
                }

                return !OpenRequests(old, subject.Key).SequenceEqual(OpenRequests(@new, subject.Key));
            case SubjectKind.FineFee:
                var recordA = old.FindFineFee(subject.Key);
                var recordB = @new.FindFineFee(subject.Key);
                return recordA is null || recordB is null
                    ? recordA is null != recordB is null
                    : recordA.PatronId != recordB.PatronId || recordA.Type != recordB.Type || recordA.Status != recordB.Status
                        || recordA.Original != recordB.Original || recordA.Balance != recordB.Balance;
            case SubjectKind.Request:
                var requestA = old.FindRequest(subject.Key);
                var requestB = @new.FindRequest(subject.Key);
                return requestA is null || requestB is null
                    ? requestA is null != requestB is null
                    : requestA.Status != requestB.Status || requestA.ExpiresAt != requestB.ExpiresAt || requestA.PatronId != requestB.PatronId;
            default:
                var sessionA = old.FindSession(subject.Key);
                var sessionB = @new.FindSession(subject.Key);
                return sessionA is null || sessionB is null
                    ? sessionA is null != sessionB is null
                    : sessionA.PatronId != sessionB.PatronId || old.SessionClosesAt(sessionA) != @new.SessionClosesAt(sessionB);
        }
    }

    private static Money? Charges(CirculationDesk desk, Loan loan) => loan.PatronId is { } patron ? ReplaySide.ChargesOn(desk.Account(patron), loan) : null;

    private static IEnumerable<(string Id, Requests.RequestStatus Status)> OpenRequests(CirculationDesk desk, string barcode) =>
        desk.ItemRecord(barcode).Requests.Where(r => r.IsOpen).Select(r => (r.Id, r.Status));

    /// <summary>What the event did under one policy, with the explanations: the rule and terms, the due date's
    /// reasoning, the loan's fines/fees.</summary>
    private static EventOutcome Outcome(ScenarioEvent e, SideOutcome side)
    {
        var desk = side.After;
        var loan = side.Loan;
        var rule = loan?.RuleId;
        var terms = loan?.TermsOfUseId;
        if (e.Type == ScenarioEventType.CheckOut && !side.IsAllowed)
        {
            // A refused check-out made no loan: say what the policy resolves to (the refusal left the desk at the
            // event's instant).
            var match = desk.MayBorrow(e.Patron!, e.Item!, e.At).Match;
            rule = match.Rule?.Id;
            terms = match.Terms?.Id;
        }

        DueDateExplanation? due = null;
        if (side.IsAllowed && loan is not null && e.Type is ScenarioEventType.CheckOut or ScenarioEventType.Renew
            && desk.Policy.FindTermsOfUse(loan.TermsOfUseId)?.Loan is { } loanTerms && desk.FindItem(loan.ItemBarcode) is { } item)
        {
            var period = e.Type == ScenarioEventType.CheckOut ? loanTerms.Period : loanTerms.RenewPeriod;
            var explained = DueDates.Explain(e.At, period, loanTerms, desk.Calendars.For(item.Library));
            due = explained.Due == loan.DueAt ? explained : null;
        }

        // The loan's fines/fees; for an event on a fine/fee, the record it names (numbers are given per replay, so the
        // same transaction id may name another record under the other policy).
        IReadOnlyList<FineFee> finesFees = loan?.PatronId is { } patron
            ? desk.Account(patron).Ledger.Records.Where(r => r.LoanId == loan.Id).ToList()
            : e.TransactionId is { } transaction && desk.FindFineFee(transaction) is { } record ? [record] : [];
        return new EventOutcome(side.Reasons, loan?.Id, rule, terms, loan?.DueAt, due, loan?.Status, finesFees);
    }

    /// <summary>A first difference listed in detail, and its consequences.</summary>
    private sealed class Root(ScenarioEvent e, EventOutcome old, EventOutcome @new)
    {
        private readonly List<ScenarioEvent> listed = [];

        public ScenarioEvent Event => e;

        public EventOutcome Old => old;

        public EventOutcome New => @new;

        public int ConsequenceCount { get; private set; }

        public IReadOnlyList<ScenarioEvent> Listed => listed;

        public void Add(ScenarioEvent consequence)
        {
            ConsequenceCount++;
            if (listed.Count < ConsequencesListed)
            {
                listed.Add(consequence);
            }
        }
    }
}
