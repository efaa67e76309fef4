using Harvard.Circulation.Calendar;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Formats.Compare;

/// <summary>
/// What changes when the same scenario is replayed under a new policy instead of the old one: the figures at
/// <c>asOf</c> for the whole scenario, per user group and per item policy; the patrons who pay or are blocked
/// differently; and the first events whose outcome differs, each with both explanations and the later differences
/// that are its consequences. <see cref="PolicyComparer.Compare"/> makes it; <c>docs/compare.md</c> defines every
/// figure.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class PolicyComparison
{
    internal PolicyComparison(string? scenarioName, Instant asOf, Policy old, Policy @new, int events, int firstDifferences, int consequences,
        ComparisonFigures totals, IReadOnlyList<CategoryComparison> userGroups, IReadOnlyList<CategoryComparison> itemPolicies,
        IReadOnlyList<PatronComparison> patrons, IReadOnlyList<EventDifference> differences)
    {
        ScenarioName = scenarioName;
        AsOf = asOf;
        Old = old;
        New = @new;
        Events = events;
        FirstDifferences = firstDifferences;
        Consequences = consequences;
        Totals = totals;
        UserGroups = userGroups;
        ItemPolicies = itemPolicies;
        Patrons = patrons;
        Differences = differences;
    }

    /// <summary>The scenario's name, if it has one.</summary>
    public string? ScenarioName { get; }

    /// <summary>The instant the figures are taken at (the scenario's <c>asOf</c>).</summary>
    public Instant AsOf { get; }

    /// <summary>The old policy (the scenario's own).</summary>
    public Policy Old { get; }

    /// <summary>The new policy.</summary>
    public Policy New { get; }

    /// <summary>How many events were replayed under both policies.</summary>
    public int Events { get; }

    /// <summary>How many events had a different outcome: <see cref="FirstDifferences"/> + <see cref="Consequences"/>.</summary>
    public int DifferingEvents => FirstDifferences + Consequences;

    /// <summary>How many of them were first differences (not consequences of an earlier one).</summary>
    public int FirstDifferences { get; }

    /// <summary>How many of them were consequences of an earlier difference.</summary>
    public int Consequences { get; }

    /// <summary>The figures of the whole scenario.</summary>
    public ComparisonFigures Totals { get; }

    /// <summary>The figures per user group, for the groups the scenario's patrons are in, in the old policy's order.</summary>
    public IReadOnlyList<CategoryComparison> UserGroups { get; }

    /// <summary>The figures per item policy, for the item policies of the scenario's items, in the old policy's order;
    /// their <see cref="ComparisonFigures.Patrons"/> is null (balances, blocks and notices belong to patrons).</summary>
    public IReadOnlyList<CategoryComparison> ItemPolicies { get; }

    /// <summary>Every patron whose charges, active balance or blocks at <see cref="AsOf"/> differ, in scenario order.</summary>
    public IReadOnlyList<PatronComparison> Patrons { get; }

    /// <summary>The first differences, in event order: at most the number asked of <see cref="PolicyComparer.Compare"/>.</summary>
    public IReadOnlyList<EventDifference> Differences { get; }

    /// <summary>Whether nothing differs: no event outcome, no figure, no patron.</summary>
    public bool IsUnchanged => DifferingEvents == 0 && Patrons.Count == 0 && !Totals.IsChanged;
}

/// <summary>The figures of one part of the scenario (all of it, a user group or an item policy) under both policies.</summary>
/// <remarks>Immutable and thread-safe. Lists keyed by a spelling hold only the keys with a non-zero figure under
/// either policy.</remarks>
public sealed class ComparisonFigures
{
    internal ComparisonFigures(Compared<int> checkOuts, Compared<int> checkOutsRefused, IReadOnlyList<KeyValuePair<string, Compared<int>>> checkOutsRefusedBy,
        Compared<int> renewals, Compared<int> renewalsRefused, IReadOnlyList<KeyValuePair<string, Compared<int>>> renewalsRefusedBy, DueDateShifts dueDates,
        Compared<int> overdueLoans, Compared<int> lostItems, Compared<int> finesFeesCount, Compared<Money> finesFeesTotal, IReadOnlyList<FineFeeFigures> finesFees,
        PatronFigures? patrons)
    {
        CheckOuts = checkOuts;
        CheckOutsRefused = checkOutsRefused;
        CheckOutsRefusedBy = checkOutsRefusedBy;
        Renewals = renewals;
        RenewalsRefused = renewalsRefused;
        RenewalsRefusedBy = renewalsRefusedBy;
        DueDates = dueDates;
        OverdueLoans = overdueLoans;
        LostItems = lostItems;
        FinesFeesCount = finesFeesCount;
        FinesFeesTotal = finesFeesTotal;
        FinesFees = finesFees;
        Patrons = patrons;
    }

    /// <summary>Loans made: <c>checkOut</c> events allowed.</summary>
    public Compared<int> CheckOuts { get; }

    /// <summary><c>checkOut</c> events refused.</summary>
    public Compared<int> CheckOutsRefused { get; }

    /// <summary>Refused <c>checkOut</c> events by refusal code (<see cref="RefusalCodes"/>), ordinal order; an event
    /// refused for several reasons counts under each.</summary>
    public IReadOnlyList<KeyValuePair<string, Compared<int>>> CheckOutsRefusedBy { get; }

    /// <summary>Renewals at <c>asOf</c>: the renewals of every loan, automatic ones included.</summary>
    public Compared<int> Renewals { get; }

    /// <summary><c>renew</c> events refused.</summary>
    public Compared<int> RenewalsRefused { get; }

    /// <summary>Refused <c>renew</c> events by refusal code, ordinal order.</summary>
    public IReadOnlyList<KeyValuePair<string, Compared<int>>> RenewalsRefusedBy { get; }

    /// <summary>The due dates of check-outs and renewals allowed under both policies, compared.</summary>
    public DueDateShifts DueDates { get; }

    /// <summary>Loans on loan and past due at <c>asOf</c>.</summary>
    public Compared<int> OverdueLoans { get; }

    /// <summary>Loans lost at <c>asOf</c>.</summary>
    public Compared<int> LostItems { get; }

    /// <summary>Fines/fees charged by <c>asOf</c>, of every type and status.</summary>
    public Compared<int> FinesFeesCount { get; }

    /// <summary>Their original amounts added up (an overdue fine still accruing as accrued at <c>asOf</c>).</summary>
    public Compared<Money> FinesFeesTotal { get; }

    /// <summary>Fines/fees by type, in <see cref="FineFeeType"/> order.</summary>
    public IReadOnlyList<FineFeeFigures> FinesFees { get; }

    /// <summary>What belongs to patrons — balances, blocks, notices; null for an item policy.</summary>
    public PatronFigures? Patrons { get; }

    /// <summary>Whether any figure differs.</summary>
    public bool IsChanged =>
        CheckOuts.IsChanged || CheckOutsRefused.IsChanged || CheckOutsRefusedBy.Any(c => c.Value.IsChanged) || Renewals.IsChanged || RenewalsRefused.IsChanged
        || RenewalsRefusedBy.Any(c => c.Value.IsChanged) || DueDates.Moved > 0 || OverdueLoans.IsChanged || LostItems.IsChanged || FinesFeesCount.IsChanged
        || FinesFeesTotal.IsChanged || FinesFees.Any(f => f.Count.IsChanged || f.Total.IsChanged) || (Patrons?.IsChanged ?? false);
}

/// <summary>How due dates moved: over the check-outs and renewals allowed under both policies, those whose due
/// date differs, and by how much (new minus old: negative is earlier).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class DueDateShifts
{
    internal DueDateShifts(int compared, int earlier, int later, Duration? meanShift, Duration? maxShift)
    {
        Compared = compared;
        Earlier = earlier;
        Later = later;
        MeanShift = meanShift;
        MaxShift = maxShift;
    }

    /// <summary>How many check-outs and renewals were allowed under both policies.</summary>
    public int Compared { get; }

    /// <summary>How many of them got a different due date.</summary>
    public int Moved => Earlier + Later;

    /// <summary>How many got an earlier due date under the new policy.</summary>
    public int Earlier { get; }

    /// <summary>How many got a later one.</summary>
    public int Later { get; }

    /// <summary>The mean shift of those that moved, to the second; null when none moved.</summary>
    public Duration? MeanShift { get; }

    /// <summary>The largest shift by size, with its sign (the first such when two are as large); null when none moved.</summary>
    public Duration? MaxShift { get; }
}

/// <summary>The fines/fees of one type under both policies.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class FineFeeFigures
{
    internal FineFeeFigures(FineFeeType type, Compared<int> count, Compared<Money> total)
    {
        Type = type;
        Count = count;
        Total = total;
    }

    /// <summary>The type.</summary>
    public FineFeeType Type { get; }

    /// <summary>How many.</summary>
    public Compared<int> Count { get; }

    /// <summary>Their original amounts added up.</summary>
    public Compared<Money> Total { get; }
}

/// <summary>The figures that belong to patrons: active balances, who pays more, blocks and notices.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class PatronFigures
{
    internal PatronFigures(Compared<Money> balances, Compared<int> patronsOwing, int payingMore, int payingLess, IReadOnlyList<BlockFigures> blocks,
        IReadOnlyList<KeyValuePair<string, Compared<int>>> notices)
    {
        Balances = balances;
        PatronsOwing = patronsOwing;
        PayingMore = payingMore;
        PayingLess = payingLess;
        Blocks = blocks;
        Notices = notices;
    }

    /// <summary>The active balances at <c>asOf</c> added up.</summary>
    public Compared<Money> Balances { get; }

    /// <summary>How many patrons have an active balance above zero at <c>asOf</c>.</summary>
    public Compared<int> PatronsOwing { get; }

    /// <summary>How many patrons were charged more (their fines/fees' original amounts added up) under the new policy.</summary>
    public int PayingMore { get; }

    /// <summary>How many were charged less.</summary>
    public int PayingLess { get; }

    /// <summary>The check-out blocks at <c>asOf</c>, in the order <c>mayNotBorrow</c>, <c>maxLoans</c>, <c>maxBalance</c>,
    /// <c>maxLostItems</c>.</summary>
    public IReadOnlyList<BlockFigures> Blocks { get; }

    /// <summary>Notices decided by <c>asOf</c>, by type spelling, in the order of the notice types.</summary>
    public IReadOnlyList<KeyValuePair<string, Compared<int>>> Notices { get; }

    /// <summary>Whether any figure differs.</summary>
    public bool IsChanged => Balances.IsChanged || PatronsOwing.IsChanged || PayingMore > 0 || PayingLess > 0
        || Blocks.Any(b => b.Patrons.IsChanged || b.NewlyBlocked > 0 || b.Unblocked > 0) || Notices.Any(n => n.Value.IsChanged);
}

/// <summary>One check-out block under both policies: who has it at <c>asOf</c>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class BlockFigures
{
    internal BlockFigures(string code, Compared<int> patrons, int newlyBlocked, int unblocked)
    {
        Code = code;
        Patrons = patrons;
        NewlyBlocked = newlyBlocked;
        Unblocked = unblocked;
    }

    /// <summary>The block's refusal code: <c>mayNotBorrow</c>, <c>maxLoans</c>, <c>maxBalance</c> or <c>maxLostItems</c>.</summary>
    public string Code { get; }

    /// <summary>How many patrons have the block.</summary>
    public Compared<int> Patrons { get; }

    /// <summary>How many have it under the new policy and not under the old.</summary>
    public int NewlyBlocked { get; }

    /// <summary>How many have it under the old policy and not under the new.</summary>
    public int Unblocked { get; }
}

/// <summary>The figures of one user group or item policy.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CategoryComparison
{
    internal CategoryComparison(string code, string name, int members, ComparisonFigures figures)
    {
        Code = code;
        Name = name;
        Members = members;
        Figures = figures;
    }

    /// <summary>The code.</summary>
    public string Code { get; }

    /// <summary>The name (the old policy's).</summary>
    public string Name { get; }

    /// <summary>How many patrons (a user group) or items (an item policy) of the scenario it has.</summary>
    public int Members { get; }

    /// <summary>The figures.</summary>
    public ComparisonFigures Figures { get; }
}

/// <summary>One patron whose charges, balance or blocks at <c>asOf</c> differ between the policies.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class PatronComparison
{
    internal PatronComparison(string patronId, string groupCode, Compared<Money> charged, Compared<Money> balance, Compared<EquatableArray<string>> blocks)
    {
        PatronId = patronId;
        GroupCode = groupCode;
        Charged = charged;
        Balance = balance;
        Blocks = blocks;
    }

    /// <summary>The patron's primary id.</summary>
    public string PatronId { get; }

    /// <summary>The patron's user group.</summary>
    public string GroupCode { get; }

    /// <summary>The original amounts of the patron's fines/fees added up.</summary>
    public Compared<Money> Charged { get; }

    /// <summary>The active balance.</summary>
    public Compared<Money> Balance { get; }

    /// <summary>The codes of the check-out blocks that apply.</summary>
    public Compared<EquatableArray<string>> Blocks { get; }
}

/// <summary>
/// An event whose outcome differs and that is not the consequence of an earlier difference: both outcomes side by
/// side, and the later differing events that are its consequences.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class EventDifference
{
    internal EventDifference(ScenarioEvent @event, EventOutcome old, EventOutcome @new, int consequenceCount, IReadOnlyList<ScenarioEvent> consequences)
    {
        Event = @event;
        Old = old;
        New = @new;
        ConsequenceCount = consequenceCount;
        Consequences = consequences;
    }

    /// <summary>The event.</summary>
    public ScenarioEvent Event { get; }

    /// <summary>Its outcome under the old policy.</summary>
    public EventOutcome Old { get; }

    /// <summary>Its outcome under the new policy.</summary>
    public EventOutcome New { get; }

    /// <summary>How many later differing events are its consequences.</summary>
    public int ConsequenceCount { get; }

    /// <summary>The first of them (at most 10), in event order.</summary>
    public IReadOnlyList<ScenarioEvent> Consequences { get; }
}

/// <summary>What an event did under one policy: allowed or refused and why, and the loan it concerns as it stood
/// after — the rule and terms of use, the due date with its reasoning, the loan's fines/fees.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class EventOutcome
{
    internal EventOutcome(EquatableArray<Refusal> refusals, string? loanId, string? ruleId, string? termsOfUseId, Instant? dueAt, DueDateExplanation? due,
        LoanStatus? status, IReadOnlyList<FineFee> finesFees)
    {
        Refusals = refusals;
        LoanId = loanId;
        RuleId = ruleId;
        TermsOfUseId = termsOfUseId;
        DueAt = dueAt;
        Due = due;
        Status = status;
        FinesFees = finesFees;
    }

    /// <summary>Whether the event was allowed.</summary>
    public bool IsAllowed => Refusals.Count == 0;

    /// <summary>Why it was refused; empty when allowed.</summary>
    public EquatableArray<Refusal> Refusals { get; }

    /// <summary>The loan the event made or acted on (loans are numbered per replay); null when none.</summary>
    public string? LoanId { get; }

    /// <summary>The rule that matched: the loan's, or for a check-out the rule the policy resolves to even when
    /// the check-out is refused; null when none.</summary>
    public string? RuleId { get; }

    /// <summary>The terms of use that rule names; null when none.</summary>
    public string? TermsOfUseId { get; }

    /// <summary>The loan's due instant after the event; null when no loan.</summary>
    public Instant? DueAt { get; }

    /// <summary>How the due date of an allowed check-out or renewal came about; null otherwise.</summary>
    public DueDateExplanation? Due { get; }

    /// <summary>The loan's state after the event; null when no loan.</summary>
    public LoanStatus? Status { get; }

    /// <summary>The loan's fines/fees after the event, in number order (an overdue fine with its explanation); for an
    /// event naming a fine/fee and no loan, that record as it stands after the event.</summary>
    public IReadOnlyList<FineFee> FinesFees { get; }
}
