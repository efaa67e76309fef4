using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Requests;

/// <summary>
/// A request on an item on loan to someone else recalls the loan where its terms have <c>recall</c>: the due
/// instant becomes the later of (request instant + <c>returnWithin</c>) and (loan instant + <c>minimumLoan</c>),
/// exactly (no due-time or closed-day adjustment), only if that is earlier than the current due instant; only
/// then is the loan marked recalled. A recall never lengthens a loan, and only an on-loan loan is recalled.
/// The one home of the rule.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class Recalls
{
    /// <summary>The due instant a request at <paramref name="at"/> recalls a loan to.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="terms">Its terms of use.</param>
    /// <param name="at">The request instant.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>The new, earlier due instant, or null when the loan is not recalled.</returns>
    public static Instant? RecalledDue(Loan loan, TermsOfUse terms, Instant at, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(loan);
        ArgumentNullException.ThrowIfNull(terms);
        if (loan.Status != LoanStatus.OnLoan || terms.Recall is not { } recall)
        {
            return null;
        }

        var returnBy = PolicyTime.Add(at, recall.ReturnWithin, zone);
        var minimum = PolicyTime.Add(loan.LoanedAt, recall.MinimumLoan, zone);
        var due = returnBy > minimum ? returnBy : minimum;
        return due < loan.DueAt ? due : null;
    }
}
