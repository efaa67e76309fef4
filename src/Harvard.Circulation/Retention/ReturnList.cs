using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Retention;

/// <summary>A patron's return list ("Patron return lists are purged after a period of time, approximately six
/// months"): the patron's returned, not anonymized loans whose return is less than <c>returnListFor</c> ago, most
/// recent first, ties in loan order. The one home of the rule.</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class ReturnList
{
    /// <summary>The return list at an instant.</summary>
    /// <param name="returned">The patron's returned loans, in any order.</param>
    /// <param name="at">The instant.</param>
    /// <param name="retention">The policy's retention terms.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>The loans listed, most recent return first.</returns>
    public static IReadOnlyList<Loan> At(IEnumerable<Loan> returned, Instant at, RetentionTerms retention, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(returned);
        ArgumentNullException.ThrowIfNull(retention);
        return returned
            .Where(l => !l.IsAnonymized && l.ReturnedAt is { } back && at < PolicyTime.Add(back, retention.ReturnListFor, zone))
            .OrderByDescending(l => l.ReturnedAt).ThenBy(l => l.Number).ThenBy(l => l.Id, StringComparer.Ordinal)
            .ToList();
    }
}
