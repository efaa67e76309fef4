using Ardalis.GuardClauses;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Desk;

/// <summary>
/// Whether a patron may check an item out, with what decides it: the rule resolution explained, the terms,
/// and every reason against it. Immutable.
/// </summary>
public sealed record CheckOutEligibility
{
    /// <summary>Creates the answer.</summary>
    /// <param name="resolution">The rule resolution, with the verdict on every rule tried.</param>
    /// <param name="reasons">Every reason against the check-out; none when it is allowed.</param>
    public CheckOutEligibility(RuleExplanation resolution, IEnumerable<Refusal> reasons)
    {
        Resolution = Guard.Against.Null(resolution);
        Reasons = Guard.Against.Null(reasons).ToEquatableArray();
    }

    /// <summary>The rule resolution: the match and why each earlier rule did not match.</summary>
    public RuleExplanation Resolution { get; }

    /// <summary>The match (no match when no rule applies).</summary>
    public RuleMatch Match => Resolution.Match;

    /// <summary>The terms of use the matching rule names, or null.</summary>
    public TermsOfUse? Terms => Resolution.Match.Terms;

    /// <summary>Every reason against the check-out, in order: no rule or not loanable, then each block.</summary>
    public EquatableArray<Refusal> Reasons { get; }

    /// <summary>Whether the check-out is allowed.</summary>
    public bool IsAllowed => Reasons.Count == 0;
}
