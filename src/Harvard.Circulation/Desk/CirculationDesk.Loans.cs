using NodaTime;

namespace Harvard.Circulation.Desk;

/// <content>Loans: check-out, renewal, check-in, claimed returned, lost and found.</content>
public sealed partial class CirculationDesk
{
    /// <summary>Checks an item out to a patron, or refuses with every reason that applies (see <see cref="MayBorrow"/> to ask first).</summary>
    /// <param name="patronId">The patron's primary id.</param>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <param name="location">The staff member's current location, recorded only.</param>
    /// <param name="sessionId">The patron services session, if the check-out is made in one.</param>
    /// <returns>The new desk, or a refusal with the desk advanced to <paramref name="at"/>.</returns>
    /// <exception cref="ArgumentException">The patron, item or session is not known.</exception>
    public Decision<CirculationDesk> CheckOut(string patronId, string barcode, Instant at, string? location = null, string? sessionId = null) =>
        Act(at, t => t.CheckOut(patronId, barcode, location, sessionId));

    /// <summary>Renews an item's loan when the terms allow: under <c>maxRenewals</c>, within
    /// <c>maxRenewalPeriod</c> of the loan instant, no request by another patron, no block but <c>maxLoans</c>.
    /// The new due date counts from the renewal instant.</summary>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal listing every reason.</returns>
    /// <exception cref="ArgumentException">The item is not known.</exception>
    public Decision<CirculationDesk> Renew(string barcode, Instant at) => Act(at, t => t.Renew(barcode));

    /// <summary>Checks an item in. On a claimed-returned or lost loan it resolves as <see cref="MarkFound"/>.
    /// The next waiting request on the item moves to the hold shelf.</summary>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <param name="sessionId">The patron services session, if the return is made in one.</param>
    /// <returns>The new desk, or a refusal.</returns>
    /// <exception cref="ArgumentException">The item or session is not known.</exception>
    public Decision<CirculationDesk> CheckIn(string barcode, Instant at, string? sessionId = null) => Act(at, t => t.CheckIn(barcode, sessionId));

    /// <summary>Marks an item Claimed Return: it stays charged to the patron, and its overdue fine stops
    /// accruing from now. Refused beyond the group's <c>maxClaimedReturned</c>.</summary>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    /// <exception cref="ArgumentException">The item is not known.</exception>
    public Decision<CirculationDesk> ClaimReturned(string barcode, Instant at) => Act(at, t => t.ClaimReturned(barcode));

    /// <summary>Marks an item Lost: the replacement fee (and process fee, where set) is charged and the item
    /// stays on the patron's record as lost.</summary>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    /// <exception cref="ArgumentException">The item is not known.</exception>
    public Decision<CirculationDesk> DeclareLost(string barcode, Instant at) => Act(at, t => t.DeclareLost(barcode));

    /// <summary>Marks a claimed-returned or lost item Found: the loan closes as returned and lost fees are
    /// cancelled as the terms say.</summary>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    /// <exception cref="ArgumentException">The item is not known.</exception>
    public Decision<CirculationDesk> MarkFound(string barcode, Instant at) => Act(at, t => t.MarkFound(barcode));
}
