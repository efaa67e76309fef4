using Ardalis.GuardClauses;
using NodaTime;

namespace Harvard.Circulation.Requests;

/// <summary>The statuses of a request.</summary>
public enum RequestStatus
{
    /// <summary>In the item's queue (<c>waiting</c>).</summary>
    Waiting,

    /// <summary>On the hold shelf for pick-up (<c>onHoldShelf</c>).</summary>
    OnHoldShelf,

    /// <summary>Checked out to the requester (<c>fulfilled</c>).</summary>
    Fulfilled,

    /// <summary>Cancelled (<c>cancelled</c>).</summary>
    Cancelled,

    /// <summary>Not picked up in time (<c>expired</c>).</summary>
    Expired,
}

/// <summary>Spellings of request statuses.</summary>
public static class RequestSpellings
{
    /// <summary>The spelling of a status, e.g. <c>onHoldShelf</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The spelling.</returns>
    public static string ToSpelling(this RequestStatus status) => status switch
    {
        RequestStatus.Waiting => "waiting",
        RequestStatus.OnHoldShelf => "onHoldShelf",
        RequestStatus.Fulfilled => "fulfilled",
        RequestStatus.Cancelled => "cancelled",
        RequestStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a request status."),
    };
}

/// <summary>A patron's request (hold) on an item. Requests on an item queue in the order placed.</summary>
public sealed record Request
{
    /// <summary>Creates a waiting request.</summary>
    /// <param name="id">The request id, e.g. <c>R1</c>.</param>
    /// <param name="patronId">The requester.</param>
    /// <param name="itemBarcode">The item.</param>
    /// <param name="placedAt">When it was placed.</param>
    /// <param name="pickupWithin">How long it will wait on the hold shelf (the requester's terms).</param>
    public Request(string id, string patronId, string itemBarcode, Instant placedAt, Period pickupWithin)
    {
        Id = Guard.Against.NullOrWhiteSpace(id);
        PatronId = Guard.Against.NullOrWhiteSpace(patronId);
        ItemBarcode = Guard.Against.NullOrWhiteSpace(itemBarcode);
        PlacedAt = placedAt;
        PickupWithin = Guard.Against.Null(pickupWithin);
        Status = RequestStatus.Waiting;
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The requester.</summary>
    public string PatronId { get; }

    /// <summary>The item.</summary>
    public string ItemBarcode { get; }

    /// <summary>When it was placed.</summary>
    public Instant PlacedAt { get; }

    /// <summary>How long it waits on the hold shelf.</summary>
    public Period PickupWithin { get; }

    /// <summary>The status.</summary>
    public RequestStatus Status { get; private init; }

    /// <summary>When it reached the hold shelf; null before.</summary>
    public Instant? OnHoldShelfAt { get; private init; }

    /// <summary>When it expires on the hold shelf: set when it reaches the shelf and kept after; null before.</summary>
    public Instant? ExpiresAt { get; private init; }

    /// <summary>When it was fulfilled, cancelled or expired; null while open.</summary>
    public Instant? ClosedAt { get; private init; }

    /// <summary>Whether it is waiting or on the hold shelf.</summary>
    public bool IsOpen => Status is RequestStatus.Waiting or RequestStatus.OnHoldShelf;

    internal Request ToHoldShelf(Instant at, Instant expiresAt) => this with { Status = RequestStatus.OnHoldShelf, OnHoldShelfAt = at, ExpiresAt = expiresAt };

    internal Request Closed(RequestStatus status, Instant at) => this with { Status = status, ClosedAt = at };

    /// <summary>The desk's number of the request: the order requests were placed in (an index only under scoped ids,
    /// where a restored desk numbers what it holds).</summary>
    internal int Number { get; init; }

    /// <summary>Under scoped ids, the place of its placing among the actions of <see cref="PlacedAt"/>: with that
    /// instant, its place in request order across items; null under dense ids.</summary>
    internal int? Place { get; init; }

    /// <summary>The request as a snapshot holds it.</summary>
    internal RequestSnapshot ToSnapshot() => new()
    {
        Id = Id,
        Number = Place is null ? Number : null,
        Place = Place,
        PatronId = PatronId,
        ItemBarcode = ItemBarcode,
        Status = Status,
        PlacedAt = PlacedAt,
        PickupWithin = PickupWithin,
        OnHoldShelfAt = OnHoldShelfAt,
        ExpiresAt = ExpiresAt,
        ClosedAt = ClosedAt,
    };

    /// <summary>A request as a snapshot holds it, back.</summary>
    /// <param name="snapshot">The request as the snapshot holds it.</param>
    /// <param name="number">The desk's number for it: the snapshot's under dense ids, the restoring desk's own under
    /// scoped ids.</param>
    internal static Request FromSnapshot(RequestSnapshot snapshot, int number) =>
        new Request(snapshot.Id, snapshot.PatronId, snapshot.ItemBarcode, snapshot.PlacedAt, snapshot.PickupWithin)
        {
            Number = number,
            Place = snapshot.Place,
            Status = snapshot.Status,
            OnHoldShelfAt = snapshot.OnHoldShelfAt,
            ExpiresAt = snapshot.ExpiresAt,
            ClosedAt = snapshot.ClosedAt,
        };
}
