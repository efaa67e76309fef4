using Harvard.Circulation.Formats.Scenarios;
using NodaTime;

namespace Harvard.Circulation.Orleans.Desks;

/// <summary>
/// A circulation desk as a durable Orleans grain, keyed by the desk's name: the same actions and decisions as a
/// <see cref="Desk.CirculationDesk"/>, its state kept in grain storage, each action answered once per operation id,
/// the notices it decides handed to the host's <see cref="Notices.INoticeSender"/> through an outbox, and its time
/// moved on by a reminder reading the host's clock (or, in tests, only by <see cref="AdvanceToAsync"/>).
/// </summary>
/// <remarks>
/// <para>Calls to one desk run one at a time, in the order the grain receives them; actions must come in time order
/// (an instant before <see cref="GetNowAsync"/> is refused with an <see cref="ArgumentOutOfRangeException"/>).</para>
/// <para>An action that throws (a desk that is not open, an event naming a patron the desk does not know) changes
/// nothing and is not recorded; a retry after a storage or silo failure with the same operation id applies the
/// action at most once and gets the first answer. See docs/orleans.md.</para>
/// </remarks>
public interface ICirculationDeskGrain : IGrainWithStringKey
{
    /// <summary>Opens the desk with a state: a whole desk's state file (docs/state.md), e.g.
    /// <c>StateWriter.Write(StateFile.Of(CirculationDesk.Open(...)))</c>. Opening again with the same state does
    /// nothing (a retry); with another state it is refused.</summary>
    /// <param name="stateJson">The state file's text.</param>
    /// <returns>The instant the desk stands at.</returns>
    /// <exception cref="ArgumentException">The state file has problems (each named, as <c>path: message</c>), or is
    /// the state of part of a desk.</exception>
    /// <exception cref="InvalidOperationException">The desk is already open with another state.</exception>
    Task<Instant> OpenAsync(string stateJson);

    /// <summary>Decides one action: a scenario event of any type (docs/scenarios.md), its <see cref="ScenarioEvent.Index"/>
    /// ignored. Time first advances to the event's instant.</summary>
    /// <param name="operationId">The caller's id for this operation; a retry with the same id gets the first answer
    /// and changes nothing.</param>
    /// <param name="action">The event.</param>
    /// <returns>The decision and what changed.</returns>
    /// <exception cref="InvalidOperationException">The desk is not open, or the id was used for another
    /// operation.</exception>
    /// <exception cref="ArgumentException">The event names what the desk does not know.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The event's instant is before the desk's.</exception>
    Task<DeskAnswer> ActAsync(string operationId, ScenarioEvent action);

    /// <summary>Advances the desk's time: everything the policy makes happen by itself up to <paramref name="at"/>
    /// happens (fines arising, auto-renewals, aging to lost, request expiry, anonymization, notices, session
    /// time-outs). An instant not after the desk's changes nothing.</summary>
    /// <param name="operationId">The caller's id for this operation (as for <see cref="ActAsync"/>).</param>
    /// <param name="at">The instant.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="InvalidOperationException">The desk is not open.</exception>
    Task<DeskAnswer> AdvanceToAsync(string operationId, Instant at);

    /// <summary>The instant the desk stands at.</summary>
    /// <returns>The instant.</returns>
    /// <exception cref="InvalidOperationException">The desk is not open.</exception>
    Task<Instant> GetNowAsync();

    /// <summary>The desk's whole state as a state file (docs/state.md), for a report or a backup: reading it gives a
    /// snapshot equal to the desk's. Costs the size of the desk.</summary>
    /// <returns>The state file's text.</returns>
    /// <exception cref="InvalidOperationException">The desk is not open.</exception>
    Task<string> GetStateAsync();

    /// <summary>Hands the outbox's notices to the sender now (each action and each reminder tick does so too).</summary>
    /// <returns>How many notices are still waiting (decided for the desk's current instant, or not accepted by the
    /// sender).</returns>
    Task<int> DeliverNoticesAsync();
}
