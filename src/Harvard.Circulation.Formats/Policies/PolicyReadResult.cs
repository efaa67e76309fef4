using Ardalis.GuardClauses;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Formats.Policies;

/// <summary>
/// The outcome of reading a policy file: either the policy, or every problem found — never a half-loaded policy.
/// </summary>
/// <remarks>Immutable. Equality compares the policy by value and the problem list by reference.</remarks>
public sealed record PolicyReadResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="policy">The policy read; null when the file is not valid.</param>
    /// <param name="problems">Every problem found; empty exactly when <paramref name="policy"/> is given.</param>
    /// <exception cref="ArgumentNullException"><paramref name="problems"/> is null.</exception>
    /// <exception cref="ArgumentException">A policy is given with problems, or neither is given.</exception>
    public PolicyReadResult(Policy? policy, IReadOnlyList<PolicyProblem> problems)
    {
        Guard.Against.Null(problems);
        if ((policy is null) == (problems.Count == 0))
        {
            throw new ArgumentException("A read result holds either a policy or at least one problem, not both.", nameof(problems));
        }

        Policy = policy;
        Problems = problems;
    }

    /// <summary>The policy; null when the file is not valid.</summary>
    public Policy? Policy { get; }

    /// <summary>Every problem found, each as path and message, in the order found; empty when valid.</summary>
    public IReadOnlyList<PolicyProblem> Problems { get; }

    /// <summary>Whether the file is a valid policy.</summary>
    public bool IsValid => Policy is not null;

    /// <summary>The policy, or an exception listing every problem.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="InvalidPolicyException">The file is not valid; <see cref="InvalidPolicyException.Problems"/> lists why.</exception>
    public Policy PolicyOrThrow() => Policy ?? throw new InvalidPolicyException(Problems);
}
