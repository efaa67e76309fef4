using System.Collections.Immutable;
using NodaTime;

namespace Harvard.Circulation.Orleans.Desks;

/// <summary>
/// What a desk grain answers to one operation: whether the desk allowed it and why not, the instant the desk stands at
/// after it, and exactly what it changed — the same decision a <see cref="Desk.CirculationDesk"/> makes, since the
/// grain runs the same desk.
/// </summary>
/// <param name="OperationId">The operation id the caller gave; a retry with it gets this same answer.</param>
/// <param name="IsAllowed">Whether the action was allowed (an advance of time always is).</param>
/// <param name="Refusals">Why it was refused, each with its stable code (<see cref="RefusalCodes"/>); empty when
/// allowed.</param>
/// <param name="Now">The instant the desk stands at after the operation.</param>
/// <param name="Changes">What the operation changed, one JSON line each in the state format's change lines
/// (<c>circ simulate --changes</c>, docs/state.md): loans, fines/fees, requests, sessions and notices, including what
/// the policy made happen by itself while time advanced to the action.</param>
/// <param name="PatronsFound">For an allowed patron search, the primary ids of the patrons found; otherwise null.</param>
[GenerateSerializer, Immutable]
public sealed record DeskAnswer(
    [property: Id(0)] string OperationId,
    [property: Id(1)] bool IsAllowed,
    [property: Id(2)] ImmutableArray<Refusal> Refusals,
    [property: Id(3)] Instant Now,
    [property: Id(4)] ImmutableArray<string> Changes,
    [property: Id(5)] ImmutableArray<string>? PatronsFound)
{
    /// <summary>Whether two answers say the same: equal fields, lists compared item by item (an answer given again to a
    /// retry equals the first one).</summary>
    /// <param name="other">The other answer.</param>
    /// <returns>True when they are equal.</returns>
    public bool Equals(DeskAnswer? other) =>
        other is not null && OperationId == other.OperationId && IsAllowed == other.IsAllowed && Now == other.Now
        && Refusals.SequenceEqual(other.Refusals) && Changes.SequenceEqual(other.Changes)
        && (PatronsFound is { } found ? other.PatronsFound is { } otherFound && found.SequenceEqual(otherFound) : other.PatronsFound is null);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(OperationId, IsAllowed, Now, Refusals.Length, Changes.Length);
}
