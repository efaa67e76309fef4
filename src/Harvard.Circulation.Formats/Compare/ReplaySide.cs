using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Formats.Compare;

/// <summary>
/// What one event did under one policy, as little as the comparison needs: the desks before and after it, whether
/// it was allowed and why not, and the loan it concerns with the loan's charges.
/// </summary>
/// <param name="Before">The desk before the event (not yet advanced to its instant).</param>
/// <param name="After">The desk after it.</param>
/// <param name="Reasons">Why it was refused; empty when allowed.</param>
/// <param name="Loan">The loan the event concerns, as it stands after the event: the loan a check-out made, the loan
/// an event on an item's loan acted on (or, refused, the item's open loan), the loan a request recalled; else
/// null.</param>
/// <param name="Charges">The original amounts of <paramref name="Loan"/>'s fines/fees added up, after an allowed
/// event on an existing loan; else null.</param>
internal readonly record struct SideOutcome(CirculationDesk Before, CirculationDesk After, EquatableArray<Refusal> Reasons, Loan? Loan, Money? Charges)
{
    public bool IsAllowed => Reasons.Count == 0;
}

/// <summary>
/// One replay of the scenario's events under one policy, an event at a time, telling what each did
/// (<see cref="SideOutcome"/>). Besides the desk it keeps, by loan number, the patron who made each loan, so that
/// an anonymized loan still counts in its patron's user group.
/// </summary>
/// <remarks>
/// What an event did is read back from the desk with at most two reads of one account and one item record
/// (measured on the 1,000,000-event workload: about a seventh of a replay's own time).
/// </remarks>
internal sealed class ReplaySide
{
    private readonly IReadOnlyDictionary<string, int> patronIndex;
    private readonly List<int> loanPatrons = [];

    public ReplaySide(Scenario scenario, Policy policy, IReadOnlyDictionary<string, int> patronIndex)
    {
        this.patronIndex = patronIndex;
        var start = scenario.Events.Count > 0 ? scenario.Events[0].At : scenario.AsOf;
        Desk = CirculationDesk.Open(policy, scenario.Patrons, scenario.Items, start);
    }

    /// <summary>The desk after the last event replayed.</summary>
    public CirculationDesk Desk { get; private set; }

    /// <summary>By loan number − 1: the index of the patron who made the loan (scenario order).</summary>
    public IReadOnlyList<int> LoanPatrons => loanPatrons;

    /// <summary>Advances the desk to the scenario's <c>asOf</c>.</summary>
    public void AdvanceTo(Instant asOf) => Desk = Desk.AdvanceTo(asOf);

    /// <summary>Replays one event and tells what it did.</summary>
    public SideOutcome Apply(ScenarioEvent e)
    {
        var before = Desk;
        if (e.Type == ScenarioEventType.SearchPatrons)
        {
            // A patron search reads the directory and the staff member's clearance, never the policy: its outcome is
            // the same under both, and it changes nothing.
            return new SideOutcome(before, before, EquatableArray<Refusal>.Empty, null, null);
        }

        var decision = ScenarioReplayer.Apply(before, e);
        var after = decision.Result;
        Desk = after;
        Loan? loan = null;
        Money? charges = null;
        switch (e.Type)
        {
            case ScenarioEventType.CheckOut when decision.IsAllowed:
                loan = after.OpenLoanOf(e.Item!);
                loanPatrons.Add(patronIndex[e.Patron!]);
                break;
            case ScenarioEventType.PlaceRequest when decision.IsAllowed:
                loan = after.OpenLoanOf(e.Item!);
                break;
            case ScenarioEventType.CheckIn or ScenarioEventType.MarkFound when decision.IsAllowed:
                // The loan is closed now: find it through the loan the item had before.
                if (before.OpenLoanOf(e.Item!) is { PatronId: { } borrower } closed)
                {
                    var account = after.Account(borrower);
                    loan = account.FindLoan(closed.Number) ?? after.FindLoan(closed.Id);
                    charges = loan is null ? null : ChargesOn(account, loan);
                }

                break;
            case ScenarioEventType.Renew or ScenarioEventType.ClaimReturned or ScenarioEventType.DeclareLost
                or ScenarioEventType.CheckIn or ScenarioEventType.MarkFound:
                loan = after.OpenLoanOf(e.Item!);
                if (decision.IsAllowed && loan?.PatronId is { } patron)
                {
                    charges = ChargesOn(after.Account(patron), loan);
                }

                break;
        }

        return new SideOutcome(before, after, decision.Reasons, loan, charges);
    }

    /// <summary>The original amounts of a loan's fines/fees on its patron's account added up.</summary>
    public static Money ChargesOn(PatronAccount account, Loan loan)
    {
        var total = Money.Zero(account.Ledger.Currency);
        foreach (var record in account.Ledger.Records)
        {
            if (record.LoanId == loan.Id)
            {
                total += record.Original;
            }
        }

        return total;
    }
}
