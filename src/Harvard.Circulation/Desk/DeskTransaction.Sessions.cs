using Harvard.Circulation.Sessions;
using Harvard.Circulation.Time;

namespace Harvard.Circulation.Desk;

/// <content>Patron services sessions.</content>
internal sealed partial class DeskTransaction
{
    /// <summary>Opens a session for one scanned patron at a verified current location; the staff member's
    /// previous session closes now.</summary>
    /// <exception cref="ArgumentException">The location is not a library of the policy, the patron is unknown or
    /// the id is taken.</exception>
    public void OpenSession(string sessionId, string staffId, string location, string patronId)
    {
        if (Policy.FindLibrary(location ?? throw new ArgumentNullException(nameof(location))) is null)
        {
            throw new ArgumentException($"Location '{location}' is not a library of the policy.", nameof(location));
        }

        var owner = ActingOnPatron(RequirePatron(patronId));
        if (sessionNumbers.ContainsKey(sessionId ?? throw new ArgumentNullException(nameof(sessionId))))
        {
            throw new ArgumentException($"Session id {sessionId} exists already.", nameof(sessionId));
        }

        ArgumentNullException.ThrowIfNull(staffId);
        if (lastSessionByStaff.TryGetValue(staffId, out var previousNumber))
        {
            var previousOwner = sessionOwners[previousNumber - 1];
            var previous = Account(previousOwner).SessionList.First(s => s.Number == previousNumber);
            if (previous.ClosedAt is null && !previous.IsClosedAt(Now, Policy.Retention.SessionIdleTimeout, Zone))
            {
                PutSession(previousOwner, previous.ClosedByStaff(Now));
            }
        }

        var number = sessionOwners.Count + 1;
        sessionOwners = sessionOwners.Add(owner);
        sessionNumbers = sessionNumbers.SetItem(sessionId, number);
        lastSessionByStaff = lastSessionByStaff.SetItem(staffId, number);
        PutSession(owner, new PatronServicesSession(sessionId, staffId, location, Account(owner).Patron.PrimaryId, Now)
        {
            Number = number,
            Place = Catalogue.Ids == IdNumbering.Scoped ? ActionPlace : null,
        });
    }

    /// <summary>Checks a session named by an action: refused when closed, or when it is for another patron (the
    /// activity still counts); else the session with the activity recorded.</summary>
    /// <exception cref="ArgumentException">No session has the id.</exception>
    private Refusal? UseSession(string? sessionId, string? patronId, string what, out (int Owner, PatronServicesSession Session)? used)
    {
        used = null;
        if (sessionId is null)
        {
            return null;
        }

        var session = FindSession(sessionId, out var owner)
            ?? throw (Catalogue.Scope is null ? new ArgumentException($"Session {sessionId} was never opened.", nameof(sessionId)) : OutOfScope($"Session {sessionId}"));
        if (session.ClosedAt is not null || session.IsClosedAt(Now, Policy.Retention.SessionIdleTimeout, Zone))
        {
            return new Refusal(RefusalCodes.SessionClosed,
                $"Session {session.Id} closed at {IsoInstant.Format(session.ClosedAt ?? SessionClosesAt(session))}; scan the patron again to open a new session.");
        }

        session = session.Touched(Now);
        PutSession(owner, session);
        if (patronId is not null && patronId != session.PatronId)
        {
            return new Refusal(RefusalCodes.SessionPatronMismatch,
                $"Session {session.Id} is for patron {session.PatronId}; a {what} for another patron is refused in it.");
        }

        used = (owner, session);
        return null;
    }
}
