using Ardalis.GuardClauses;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Sessions;

/// <summary>
/// A patron services session: opened by a staff member for one scanned patron at a verified current location;
/// records the loans and returns made in it. It closes after the idle timeout without activity, or when its
/// staff member opens another.
/// </summary>
public sealed record PatronServicesSession
{
    /// <summary>Opens a session.</summary>
    /// <param name="id">The session id, e.g. <c>S1</c>.</param>
    /// <param name="staffId">The staff member.</param>
    /// <param name="location">The verified current location (a library of the policy).</param>
    /// <param name="patronId">The scanned patron.</param>
    /// <param name="openedAt">When it opened.</param>
    public PatronServicesSession(string id, string staffId, string location, string patronId, Instant openedAt)
    {
        Id = Guard.Against.NullOrWhiteSpace(id);
        StaffId = Guard.Against.NullOrWhiteSpace(staffId);
        Location = Guard.Against.NullOrWhiteSpace(location);
        PatronId = Guard.Against.NullOrWhiteSpace(patronId);
        OpenedAt = openedAt;
        LastActivityAt = openedAt;
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The staff member.</summary>
    public string StaffId { get; }

    /// <summary>The current location.</summary>
    public string Location { get; }

    /// <summary>The patron.</summary>
    public string PatronId { get; }

    /// <summary>When it opened.</summary>
    public Instant OpenedAt { get; }

    /// <summary>The latest activity.</summary>
    public Instant LastActivityAt { get; private init; }

    /// <summary>When the staff member closed it by opening another; null otherwise.</summary>
    public Instant? ClosedByStaffAt { get; private init; }

    /// <summary>Loans made in this session ("Loans of this session").</summary>
    public EquatableArray<string> LoanIds { get; private init; }

    /// <summary>Returns made in this session ("Returns of this session").</summary>
    public EquatableArray<string> ReturnIds { get; private init; }

    /// <summary>The instant the session closes by idleness: last activity + the timeout.</summary>
    /// <param name="idleTimeout">The idle timeout.</param>
    /// <param name="zone">The policy's zone, for period arithmetic.</param>
    /// <returns>The instant.</returns>
    public Instant IdleCloseAt(Period idleTimeout, DateTimeZone zone) => PolicyTime.Add(LastActivityAt, idleTimeout, zone);

    /// <summary>When the session closed or will close with no further activity.</summary>
    /// <param name="idleTimeout">The idle timeout.</param>
    /// <param name="zone">The policy's zone.</param>
    /// <returns>The earlier of the staff close and the idle close.</returns>
    public Instant ClosesAt(Period idleTimeout, DateTimeZone zone)
    {
        var idle = IdleCloseAt(idleTimeout, zone);
        return ClosedByStaffAt is { } staff && staff < idle ? staff : idle;
    }

    /// <summary>Whether the session is closed at an instant (closing instants are closed).</summary>
    /// <param name="at">The instant.</param>
    /// <param name="idleTimeout">The idle timeout.</param>
    /// <param name="zone">The policy's zone.</param>
    /// <returns>The answer.</returns>
    public bool IsClosedAt(Instant at, Period idleTimeout, DateTimeZone zone) => at >= ClosesAt(idleTimeout, zone);

    internal PatronServicesSession Touched(Instant at) => this with { LastActivityAt = at };

    internal PatronServicesSession WithLoan(string loanId) => this with { LoanIds = LoanIds.Append(loanId).ToEquatableArray() };

    internal PatronServicesSession WithReturn(string loanId) => this with { ReturnIds = ReturnIds.Append(loanId).ToEquatableArray() };

    internal PatronServicesSession ClosedByStaff(Instant at) => this with { ClosedByStaffAt = at, ClosedAt = at };

    internal PatronServicesSession TimedOut(Instant at) => this with { ClosedAt = at };

    /// <summary>The session without a loan that was anonymized: "this session" lists no longer name it.</summary>
    internal PatronServicesSession WithoutLoan(string loanId) => this with
    {
        LoanIds = LoanIds.Where(id => id != loanId).ToEquatableArray(),
        ReturnIds = ReturnIds.Where(id => id != loanId).ToEquatableArray(),
    };

    /// <summary>The desk's number of the session: the order sessions were opened in (an index only under scoped ids,
    /// where a restored desk numbers what it holds).</summary>
    internal int Number { get; init; }

    /// <summary>Under scoped ids, the place of the action that opened it among those of <see cref="OpenedAt"/>: with
    /// that instant, its place in the order sessions were opened in; null under dense ids.</summary>
    internal int? Place { get; init; }

    /// <summary>The session as a snapshot holds it.</summary>
    internal SessionSnapshot ToSnapshot() => new()
    {
        Id = Id,
        Number = Place is null ? Number : null,
        Place = Place,
        StaffId = StaffId,
        Location = Location,
        PatronId = PatronId,
        OpenedAt = OpenedAt,
        LastActivityAt = LastActivityAt,
        ClosedByStaffAt = ClosedByStaffAt,
        ClosedAt = ClosedAt,
        LoanIds = LoanIds,
        ReturnIds = ReturnIds,
    };

    /// <summary>A session as a snapshot holds it, back.</summary>
    /// <param name="snapshot">The session as the snapshot holds it.</param>
    /// <param name="number">The desk's number for it: the snapshot's under dense ids, the restoring desk's own under
    /// scoped ids.</param>
    internal static PatronServicesSession FromSnapshot(SessionSnapshot snapshot, int number) =>
        new PatronServicesSession(snapshot.Id, snapshot.StaffId, snapshot.Location, snapshot.PatronId, snapshot.OpenedAt)
        {
            Number = number,
            Place = snapshot.Place,
            LastActivityAt = snapshot.LastActivityAt,
            ClosedByStaffAt = snapshot.ClosedByStaffAt,
            ClosedAt = snapshot.ClosedAt,
            LoanIds = snapshot.LoanIds,
            ReturnIds = snapshot.ReturnIds,
        };

    /// <summary>When the desk closed the session — its staff member opened another, or it timed out — once it
    /// has; null while open. <see cref="ClosesAt"/> gives the instant ahead of time.</summary>
    public Instant? ClosedAt { get; private init; }
}
