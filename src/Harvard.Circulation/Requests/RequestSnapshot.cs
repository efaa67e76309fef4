using NodaTime;

namespace Harvard.Circulation.Requests;

/// <summary>A request as a snapshot holds it.</summary>
public sealed record RequestSnapshot
{
    /// <summary>The request id.</summary>
    public required string Id { get; init; }

    /// <summary>Under dense ids the desk's number of the request, the order requests were placed in; null under
    /// scoped ids, where <see cref="PlacedAt"/> and <see cref="Place"/> give that order with no desk-wide number.</summary>
    public int? Number { get; init; }

    /// <summary>Under scoped ids, the place of its placing among the actions taken at <see cref="PlacedAt"/> (from
    /// 0), which with that instant puts requests on different items in request order; null under dense ids.</summary>
    public int? Place { get; init; }

    /// <summary>The requester.</summary>
    public required string PatronId { get; init; }

    /// <summary>The item.</summary>
    public required string ItemBarcode { get; init; }

    /// <summary>The status.</summary>
    public required RequestStatus Status { get; init; }

    /// <summary>When it was placed.</summary>
    public required Instant PlacedAt { get; init; }

    /// <summary>How long it waits on the hold shelf.</summary>
    public required Period PickupWithin { get; init; }

    /// <summary>When it reached the hold shelf, if it did.</summary>
    public Instant? OnHoldShelfAt { get; init; }

    /// <summary>When it expires (or expired) on the hold shelf, if it reached it.</summary>
    public Instant? ExpiresAt { get; init; }

    /// <summary>When it was fulfilled, cancelled or expired; null while open.</summary>
    public Instant? ClosedAt { get; init; }
}
