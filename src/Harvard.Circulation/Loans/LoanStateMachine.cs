using System.Collections.Immutable;
using Harvard.Circulation.Time;

namespace Harvard.Circulation.Loans;

/// <summary>
/// The loan state machine of the staff guide: which row actions each state offers, in the guide's order, and
/// which transitions each trigger makes.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>state</term><description>row actions offered</description></listheader>
/// <item><term>onLoan</term><description>claimReturned, declareLost</description></item>
/// <item><term>claimedReturned</term><description>declareLost, markFound</description></item>
/// <item><term>lost</term><description>markFound</description></item>
/// <item><term>returned</term><description>(none)</description></item>
/// </list>
/// Besides the row actions: checkIn (onLoan → returned; on claimedReturned or lost it resolves as markFound),
/// renew (onLoan → onLoan, when the policy allows) and aging to lost (onLoan → lost). Lost → claimedReturned is
/// not allowed. Every member is pure, allocation-free and thread-safe.
/// </remarks>
public static class LoanStateMachine
{
    private static readonly ImmutableArray<LoanTrigger> OnLoanActions = [LoanTrigger.ClaimReturned, LoanTrigger.DeclareLost];
    private static readonly ImmutableArray<LoanTrigger> ClaimedReturnedActions = [LoanTrigger.DeclareLost, LoanTrigger.MarkFound];
    private static readonly ImmutableArray<LoanTrigger> LostActions = [LoanTrigger.MarkFound];

    /// <summary>Every state, in declaration order.</summary>
    public static ImmutableArray<LoanStatus> States { get; } = [LoanStatus.OnLoan, LoanStatus.ClaimedReturned, LoanStatus.Lost, LoanStatus.Returned];

    /// <summary>Every trigger, in declaration order.</summary>
    public static ImmutableArray<LoanTrigger> Triggers { get; } =
        [LoanTrigger.ClaimReturned, LoanTrigger.DeclareLost, LoanTrigger.MarkFound, LoanTrigger.CheckIn, LoanTrigger.Renew, LoanTrigger.AgeToLost];

    /// <summary>The row actions a state offers, in the guide's order. Allocates nothing.</summary>
    /// <param name="status">The loan's state.</param>
    /// <returns>The actions; empty for a returned loan.</returns>
    public static ImmutableArray<LoanTrigger> AllowedActions(LoanStatus status) => status switch
    {
        LoanStatus.OnLoan => OnLoanActions,
        LoanStatus.ClaimedReturned => ClaimedReturnedActions,
        LoanStatus.Lost => LostActions,
        _ => [],
    };

    /// <summary>The state a trigger leads to from a state, or null when the machine does not allow it.</summary>
    /// <param name="status">The current state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The next state, or null.</returns>
    public static LoanStatus? Target(LoanStatus status, LoanTrigger trigger) => (status, trigger) switch
    {
        (LoanStatus.OnLoan, LoanTrigger.ClaimReturned) => LoanStatus.ClaimedReturned,
        (LoanStatus.OnLoan, LoanTrigger.DeclareLost) => LoanStatus.Lost,
        (LoanStatus.OnLoan, LoanTrigger.AgeToLost) => LoanStatus.Lost,
        (LoanStatus.OnLoan, LoanTrigger.CheckIn) => LoanStatus.Returned,
        (LoanStatus.OnLoan, LoanTrigger.Renew) => LoanStatus.OnLoan,
        (LoanStatus.ClaimedReturned, LoanTrigger.DeclareLost) => LoanStatus.Lost,
        (LoanStatus.ClaimedReturned, LoanTrigger.MarkFound) => LoanStatus.Returned,
        (LoanStatus.ClaimedReturned, LoanTrigger.CheckIn) => LoanStatus.Returned,
        (LoanStatus.Lost, LoanTrigger.MarkFound) => LoanStatus.Returned,
        (LoanStatus.Lost, LoanTrigger.CheckIn) => LoanStatus.Returned,
        _ => null,
    };

    /// <summary>Whether the machine allows a trigger in a state ("can fire"). Policy guards (renewal limits,
    /// claim limits) are decided elsewhere.</summary>
    /// <param name="status">The current state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <returns><see langword="true"/> when a transition exists.</returns>
    public static bool CanFire(LoanStatus status, LoanTrigger trigger) => Target(status, trigger).HasValue;

    /// <summary>
    /// The machine as a Mermaid <c>stateDiagram-v2</c>, generated from <see cref="States"/>,
    /// <see cref="Triggers"/> and <see cref="Target"/>: the start at <c>onLoan</c>, one line per allowed
    /// (state, trigger) pair in declaration order, and the end after <c>returned</c>. Lines end with <c>\n</c>.
    /// </summary>
    /// <returns>The diagram text, the same on every call.</returns>
    public static string ToMermaid()
    {
        var text = new System.Text.StringBuilder();
        text.Append("stateDiagram-v2\n");
        text.Append("    [*] --> ").Append(LoanStatus.OnLoan.ToSpelling()).Append('\n');
        foreach (var state in States)
        {
            foreach (var trigger in Triggers)
            {
                if (Target(state, trigger) is { } target)
                {
                    text.Append("    ").Append(state.ToSpelling()).Append(" --> ").Append(target.ToSpelling())
                        .Append(" : ").Append(trigger.ToSpelling()).Append('\n');
                }
            }
        }

        foreach (var state in States)
        {
            if (!Triggers.Any(t => CanFire(state, t)))
            {
                text.Append("    ").Append(state.ToSpelling()).Append(" --> [*]\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The refusal for a trigger the state does not allow, naming both.</summary>
    /// <param name="loanId">The loan's id.</param>
    /// <param name="status">The current state.</param>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The refusal.</returns>
    public static Refusal NotAllowed(string loanId, LoanStatus status, LoanTrigger trigger)
    {
        var hint = (status, trigger) switch
        {
            (LoanStatus.Lost, LoanTrigger.ClaimReturned) => " Mark it found first.",
            (LoanStatus.Lost, LoanTrigger.Renew) => " A lost loan cannot be renewed.",
            (LoanStatus.Returned, _) => " The loan is closed.",
            _ => string.Empty,
        };
        return new Refusal(RefusalCodes.ActionNotAllowed, $"{trigger.ToSpelling()} is not allowed on loan {loanId}: it is {status.ToSpelling()}.{hint}");
    }

    /// <summary>
    /// Fires a trigger on a loan: the new loan when the machine allows it, else the unchanged loan and a
    /// refusal naming the state and the action. For <see cref="LoanTrigger.Renew"/> give the new due instant.
    /// </summary>
    /// <param name="loan">The loan.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="at">When it happens; must not be before the loan's last transition.</param>
    /// <param name="newDueAt">For a renewal, the new due instant.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="loan"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="at"/> is before the loan's last transition, or a renewal has no due instant.</exception>
    public static Decision<Loan> Fire(Loan loan, LoanTrigger trigger, NodaTime.Instant at, NodaTime.Instant? newDueAt = null)
    {
        ArgumentNullException.ThrowIfNull(loan);
        if (at < loan.LastTransitionAt)
        {
            throw new ArgumentException($"The instant {IsoInstant.Format(at)} is before the last transition of loan {loan.Id} at {IsoInstant.Format(loan.LastTransitionAt)}.", nameof(at));
        }

        if (Target(loan.Status, trigger) is not { } target)
        {
            return Decision<Loan>.Refuse(loan, NotAllowed(loan.Id, loan.Status, trigger));
        }

        if (trigger == LoanTrigger.Renew)
        {
            if (newDueAt is not { } due)
            {
                throw new ArgumentException("A renewal needs the new due instant.", nameof(newDueAt));
            }

            return Decision<Loan>.Allow(loan.Renewed(at, due));
        }

        return Decision<Loan>.Allow(loan.Transitioned(trigger, target, at));
    }
}
