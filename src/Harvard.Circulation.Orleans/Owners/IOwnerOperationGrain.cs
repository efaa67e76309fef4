using System.Collections.Immutable;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Orleans.Desks;
using NodaTime;

namespace Harvard.Circulation.Orleans.Owners;

/// <summary>
/// One operation on a desk kept owner by owner, keyed by its operation id: it holds the owners the operation names
/// and every owner they are tied to, decides with the core, stores its intent (the answer and every owner's records
/// afterwards), then installs each owner. A retry with the same id — after a silo died or a storage write failed
/// anywhere between — finishes what was stored and gets the same answer; nothing is applied twice.
/// </summary>
public interface IOwnerOperationGrain : IGrainWithStringKey
{
    /// <summary>Decides one action (a scenario event, its index ignored) in its place among the actions of its instant
    /// (the caller's order: <see cref="Desk.CirculationDesk.AtPlace"/>).</summary>
    /// <param name="action">The action.</param>
    /// <param name="place">Its place among the actions of its instant, from 0.</param>
    /// <param name="owners">The keys of the owners it names (<see cref="OwnerKeys"/>); their ties are found here. A
    /// bursar export of everyone names every owner.</param>
    /// <returns>The answer, as a desk grain's.</returns>
    /// <exception cref="InvalidOperationException">The id was used for another operation.</exception>
    Task<DeskAnswer> ActAsync(ScenarioEvent action, int place, ImmutableArray<string> owners);

    /// <summary>Moves owners, and every owner they are tied to, on to an instant.</summary>
    /// <param name="at">The instant.</param>
    /// <param name="owners">The keys of the owners.</param>
    /// <returns>The answer (allowed, with what changed).</returns>
    Task<DeskAnswer> AdvanceAsync(Instant at, ImmutableArray<string> owners);

    /// <summary>Finishes the operation if its intent is stored, else lets go of the owners it holds (it gathers them
    /// again when retried). Called by an operation that found an owner held by this one.</summary>
    /// <param name="heldOwner">The key of the owner found held, let go too unless the intent covers it.</param>
    Task FinishAsync(string heldOwner);
}
