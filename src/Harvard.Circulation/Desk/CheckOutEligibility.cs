using System.Globalization;
using System.Text;
using Ardalis.GuardClauses;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>
/// Whether a patron may check an item out at an instant, with what decides it: the rule resolution explained,
/// the terms, the due instant a check-out would get, and every reason against it. Immutable.
/// </summary>
public sealed record CheckOutEligibility
{
    /// <summary>Creates the answer.</summary>
    /// <param name="patronId">The patron's primary id.</param>
    /// <param name="itemBarcode">The item.</param>
    /// <param name="at">The instant asked about.</param>
    /// <param name="resolution">The rule resolution, with the verdict on every rule tried.</param>
    /// <param name="reasons">Every reason against the check-out; none when it is allowed.</param>
    /// <param name="dueAt">The due instant a check-out at <paramref name="at"/> gets; null when refused.</param>
    public CheckOutEligibility(string patronId, string itemBarcode, Instant at, RuleExplanation resolution, IEnumerable<Refusal> reasons, Instant? dueAt)
    {
        PatronId = Guard.Against.NullOrWhiteSpace(patronId);
        ItemBarcode = Guard.Against.NullOrWhiteSpace(itemBarcode);
        At = at;
        Resolution = Guard.Against.Null(resolution);
        Reasons = Guard.Against.Null(reasons).ToEquatableArray();
        DueAt = Reasons.Count == 0 ? dueAt : null;
    }

    private const int MaxRulesNamed = 5;

    /// <summary>The patron's primary id.</summary>
    public string PatronId { get; }

    /// <summary>The item.</summary>
    public string ItemBarcode { get; }

    /// <summary>The instant asked about.</summary>
    public Instant At { get; }

    /// <summary>The rule resolution: the match and why each earlier rule did not match.</summary>
    public RuleExplanation Resolution { get; }

    /// <summary>The match (no match when no rule applies).</summary>
    public RuleMatch Match => Resolution.Match;

    /// <summary>The terms of use the matching rule names, or null.</summary>
    public TermsOfUse? Terms => Resolution.Match.Terms;

    /// <summary>Every reason against the check-out, in order: the item on loan or on the hold shelf for another
    /// patron (alone), else no rule or not loanable, then each block.</summary>
    public EquatableArray<Refusal> Reasons { get; }

    /// <summary>Whether the check-out is allowed.</summary>
    public bool IsAllowed => Reasons.Count == 0;

    /// <summary>The due instant a check-out at <see cref="At"/> would get; null when it is refused.</summary>
    public Instant? DueAt { get; }

    /// <summary>The answer in sentences: may or may not, under which rule and terms, until when, and every reason
    /// against it; then how the rule was found.</summary>
    /// <returns>The text (invariant culture, instants in UTC).</returns>
    /// <example><c>Patron 10000001 may borrow item 32044000000001 at 2026-01-05T15:00:00Z: rule 'faculty' matched and
    /// gives terms 'faculty-term'; it would be due 2026-05-31T03:59:59Z. Rule 'reserves' did not match on
    /// itemPolicy.</c></example>
    public string Explain()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        if (IsAllowed)
        {
            text.Append(culture, $"Patron {PatronId} may borrow item {ItemBarcode} at {IsoInstant.Format(At)}: rule '{Match.Rule!.Id}' matched and gives terms '{Terms!.Id}'");
            text.Append(DueAt is { } due ? string.Create(culture, $"; it would be due {IsoInstant.Format(due)}.") : ".");
        }
        else
        {
            text.Append(culture, $"Patron {PatronId} may not borrow item {ItemBarcode} at {IsoInstant.Format(At)}:");
            foreach (var reason in Reasons)
            {
                text.Append(' ').Append(reason.Message);
            }
        }

        // The rules passed over before the match, the first few by name (a large policy tries hundreds).
        var passed = Resolution.Verdicts.Where(v => !v.Matched).ToList();
        foreach (var verdict in passed.Take(MaxRulesNamed))
        {
            text.Append(culture, $" Rule '{verdict.Rule.Id}' did not match on {string.Join(", ", verdict.MismatchedFields)}.");
        }

        if (passed.Count > MaxRulesNamed)
        {
            text.Append(culture, $" {passed.Count - MaxRulesNamed} more rules before it did not match (see {nameof(Resolution)}).");
        }

        return text.ToString();
    }

    /// <summary>The answer in sentences (<see cref="Explain"/>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Explain();
}
