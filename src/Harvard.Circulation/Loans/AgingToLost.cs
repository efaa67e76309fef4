using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Loans;

/// <summary>When an on-loan loan becomes lost by itself: at due + <c>lostItem.agedToLostAfter</c> (Harvard: 45
/// days). A claimed-returned loan never ages to lost. The one home of the rule.</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class AgingToLost
{
    /// <summary>The instant a loan due at <paramref name="dueAt"/> ages to lost under its terms.</summary>
    /// <param name="dueAt">The due instant in force.</param>
    /// <param name="terms">The loan's terms of use.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>The instant, or null when the terms never age loans.</returns>
    public static Instant? At(Instant dueAt, TermsOfUse terms, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return terms.LostItem?.AgedToLostAfter is { } after ? PolicyTime.Add(dueAt, after, zone) : null;
    }

    /// <summary>The instant a loan ages to lost, or null when it is not on loan or its terms never age loans.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="terms">Its terms of use.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>The instant, or null.</returns>
    public static Instant? At(Loan loan, TermsOfUse terms, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(loan);
        return loan.Status == LoanStatus.OnLoan ? At(loan.DueAt, terms, zone) : null;
    }
}
