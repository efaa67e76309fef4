using NodaTime;

namespace Harvard.Circulation.Orleans.Notices;

/// <summary>
/// A notice a desk decided, as its outbox hands it to the host's <see cref="INoticeSender"/>: who gets it, what about
/// and its stable id.
/// </summary>
/// <param name="NoticeId">Stable and unique: the desk's key and the notice's sequence (<c>harvard/17</c>); under scoped
/// ids, where a sequence counts within the patron's account, the desk's key, the patron and the sequence
/// (<c>harvard/10000001/3</c>). A notice handed over again (after a silo died between sending it and recording that it
/// was sent) has the same id, so a sender that drops an id it has seen sends each notice exactly once.</param>
/// <param name="DeskKey">The desk grain's key.</param>
/// <param name="Sequence">The notice's sequence (the order decided): in its desk under dense ids, in its patron's
/// account under scoped ids.</param>
/// <param name="Type">The trigger, as the scenario report spells it (<c>courtesy</c>, <c>overdue</c>,
/// <c>requestAvailable</c>, ...).</param>
/// <param name="PatronId">The patron's primary id.</param>
/// <param name="At">When the notice was decided.</param>
/// <param name="LoanId">The loan it is about, if any.</param>
/// <param name="RequestId">The request it is about, if any.</param>
/// <param name="TransactionId">The fine/fee it is about, if any.</param>
[GenerateSerializer, Immutable]
public sealed record DeskNotice(
    [property: Id(0)] string NoticeId,
    [property: Id(1)] string DeskKey,
    [property: Id(2)] long Sequence,
    [property: Id(3)] string Type,
    [property: Id(4)] string PatronId,
    [property: Id(5)] Instant At,
    [property: Id(6)] string? LoanId,
    [property: Id(7)] string? RequestId,
    [property: Id(8)] string? TransactionId);

/// <summary>
/// Sends a desk's notices (e-mail, a letter queue): the host's part. The desk grain hands each notice over after the
/// action that decided it is stored and the desk has moved past its instant, in time order, and forgets it once this
/// returns.
/// </summary>
public interface INoticeSender
{
    /// <summary>Sends one notice. Throwing keeps it, and every later one, in the outbox for the next attempt.</summary>
    /// <param name="notice">The notice.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task completing when the notice is sent.</returns>
    Task SendAsync(DeskNotice notice, CancellationToken cancellationToken);
}
