using Ardalis.GuardClauses;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Formats.Folio;

/// <summary>
/// The outcome of importing a FOLIO export: either the policy and its report, or every problem found — never a
/// half-imported policy.
/// </summary>
/// <remarks>Immutable. Equality compares the policy and report by value and the problem list by reference.</remarks>
public sealed record FolioImportResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="policy">The imported policy; null when the export could not be imported.</param>
    /// <param name="report">The import report; given exactly when <paramref name="policy"/> is.</param>
    /// <param name="problems">Every problem found, as <c>path: message</c>; empty exactly when a policy is given.</param>
    /// <exception cref="ArgumentNullException"><paramref name="problems"/> is null.</exception>
    /// <exception cref="ArgumentException">A policy is given with problems or without a report, or nothing is given.</exception>
    public FolioImportResult(Policy? policy, FolioImportReport? report, IReadOnlyList<PolicyProblem> problems)
    {
        Guard.Against.Null(problems);
        if ((policy is null) == (problems.Count == 0) || (policy is null) != (report is null))
        {
            throw new ArgumentException("An import result holds either a policy and its report, or at least one problem.", nameof(problems));
        }

        Policy = policy;
        Report = report;
        Problems = problems;
    }

    /// <summary>The imported policy; null when the export could not be imported.</summary>
    public Policy? Policy { get; }

    /// <summary>The import report; null when the export could not be imported.</summary>
    public FolioImportReport? Report { get; }

    /// <summary>Every problem found, each as path and message: <c>rulesAsText:LINE:COLUMN</c> for the rules text,
    /// <c>loanPolicies[3].loansPolicy.period</c> style for records. Empty when the import succeeded.</summary>
    public IReadOnlyList<PolicyProblem> Problems { get; }

    /// <summary>Whether the import succeeded.</summary>
    public bool IsValid => Policy is not null;

    /// <summary>The terms of use whose loan policy gives a renewal period of its own (FOLIO's
    /// <c>differentPeriod</c>): their <c>renewPeriod</c> is written even when it equals the loan period.</summary>
    internal EquatableArray<string> TermsWithRenewPeriod { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Writes the imported policy as a policy file (format 1), as the import writes it (spec §5): fields
    /// FOLIO has no counterpart for (<c>maxRenewalPeriod</c>, <c>autoRenew</c>) and absent optional fields of the
    /// terms of use (a fine's <c>max</c>, <c>agedToLostAfter</c>, …) are left out rather than written as null,
    /// <c>renewPeriod</c> is written only for a loan policy with a renewal period of its own, and a zero period is
    /// <c>PT0S</c>.</summary>
    /// <param name="indented">Whether to indent (two spaces) for people to read; false writes one line.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="InvalidOperationException">The import failed: there is no policy.</exception>
    public string WritePolicy(bool indented = true) => Policy is { } policy
        ? PolicyWriter.Write(policy, indented, new PolicyWriterOptions { Sparse = true, RenewPeriodFor = TermsWithRenewPeriod.ToHashSet(StringComparer.Ordinal) })
        : throw new InvalidOperationException("The import failed: there is no policy to write.");
}
