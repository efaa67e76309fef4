using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Retention;

/// <summary>
/// When a returned loan loses its patron link: at returned + <c>anonymizeReturnsAfter</c> exactly (Harvard: 60
/// days), never when it incurred any fine/fee and the policy keeps those ("Returns which incurred fines/fees for
/// any reason are not anonymized"). The one home of the rule.
/// </summary>
/// <remarks>What anonymization hides: the loan's patron and session; the patron's fines/fees and notices keep
/// their other fields but no longer name the loan; session lists and the return list leave it out. Pure and
/// thread-safe.</remarks>
public static class Anonymization
{
    /// <summary>When a loan returned at <paramref name="returnedAt"/> is anonymized.</summary>
    /// <param name="returnedAt">When it was returned.</param>
    /// <param name="incurredFineOrFee">Whether any fine/fee was ever recorded on it.</param>
    /// <param name="retention">The policy's retention terms.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>The instant, or null when it is kept for a fine/fee.</returns>
    public static Instant? At(Instant returnedAt, bool incurredFineOrFee, RetentionTerms retention, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(retention);
        return retention.KeepLoansWithFinesFees && incurredFineOrFee ? null : PolicyTime.Add(returnedAt, retention.AnonymizeReturnsAfter, zone);
    }

    /// <summary>When a loan is (or was) anonymized.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="retention">The policy's retention terms.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>The instant, or null when the loan is open or kept for a fine/fee.</returns>
    public static Instant? At(Loan loan, RetentionTerms retention, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(loan);
        return loan.ReturnedAt is { } returned ? At(returned, loan.IncurredFineOrFee, retention, zone) : null;
    }
}
