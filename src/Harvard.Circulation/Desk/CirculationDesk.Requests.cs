using Ardalis.GuardClauses;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <content>Requests: placing and cancelling.</content>
public sealed partial class CirculationDesk
{
    /// <summary>Places a request. On an item out it waits in the queue and recalls an on-loan loan whose terms
    /// have <c>recall</c>; on an item on the shelf with no queue it goes to the hold shelf.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="patronId">The requester.</param>
    /// <param name="barcode">The item.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal (the requester has the item, already requested it, or may not borrow it).</returns>
    /// <exception cref="ArgumentException">The id is taken, or the patron or item is not known.</exception>
    public Decision<CirculationDesk> PlaceRequest(string requestId, string patronId, string barcode, Instant at) =>
        Act(at, t => t.PlaceRequest(Guard.Against.NullOrWhiteSpace(requestId), patronId, barcode));

    /// <summary>Cancels a waiting or on-hold-shelf request, with a <c>requestCancelled</c> notice unless told
    /// not to notify; the next request moves up when it was on the hold shelf.</summary>
    /// <param name="requestId">The request.</param>
    /// <param name="notifyUser">Whether to notify the requester.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal (also when no request has that id).</returns>
    public Decision<CirculationDesk> CancelRequest(string requestId, bool notifyUser, Instant at) =>
        Act(at, t => t.CancelRequest(Guard.Against.Null(requestId), notifyUser));
}
