using NodaTime;

namespace Harvard.Circulation.Desk;

/// <content>Patron services sessions.</content>
public sealed partial class CirculationDesk
{
    /// <summary>Opens a patron services session for one scanned patron at a verified current location; the
    /// staff member's previous session closes now.</summary>
    /// <param name="sessionId">The session id.</param>
    /// <param name="staffId">The staff member.</param>
    /// <param name="location">The current location: a library of the policy.</param>
    /// <param name="patronId">The scanned patron.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk.</returns>
    /// <exception cref="ArgumentException">The location is not a library of the policy, the patron is unknown or the id is taken.</exception>
    public Decision<CirculationDesk> OpenSession(string sessionId, string staffId, string location, string patronId, Instant at) =>
        Act(at, t =>
        {
            t.OpenSession(sessionId, staffId, location, patronId);
            return null;
        });
}
