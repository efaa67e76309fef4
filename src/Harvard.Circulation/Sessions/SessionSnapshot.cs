using NodaTime;

namespace Harvard.Circulation.Sessions;

/// <summary>A patron services session as a snapshot holds it.</summary>
public sealed record SessionSnapshot
{
    /// <summary>The session id.</summary>
    public required string Id { get; init; }

    /// <summary>Under dense ids the desk's number of the session, the order sessions were opened in; null under
    /// scoped ids, where <see cref="OpenedAt"/> and <see cref="Place"/> give that order with no desk-wide number.</summary>
    public int? Number { get; init; }

    /// <summary>Under scoped ids, the place of the action that opened it among those taken at <see cref="OpenedAt"/>
    /// (from 0); null under dense ids.</summary>
    public int? Place { get; init; }

    /// <summary>The staff member.</summary>
    public required string StaffId { get; init; }

    /// <summary>The verified current location.</summary>
    public required string Location { get; init; }

    /// <summary>The patron.</summary>
    public required string PatronId { get; init; }

    /// <summary>When it opened.</summary>
    public required Instant OpenedAt { get; init; }

    /// <summary>The latest activity.</summary>
    public required Instant LastActivityAt { get; init; }

    /// <summary>When the staff member closed it by opening another, if they did.</summary>
    public Instant? ClosedByStaffAt { get; init; }

    /// <summary>When the desk closed it (staff or time-out), once it has.</summary>
    public Instant? ClosedAt { get; init; }

    /// <summary>Loans made in it (anonymized ones removed).</summary>
    public EquatableArray<string> LoanIds { get; init; }

    /// <summary>Returns made in it (anonymized ones removed).</summary>
    public EquatableArray<string> ReturnIds { get; init; }
}
