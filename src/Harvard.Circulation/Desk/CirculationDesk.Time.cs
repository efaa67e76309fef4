using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <content>Time: what the policy makes happen by itself.</content>
public sealed partial class CirculationDesk
{
    /// <summary>
    /// Advances the desk to an instant, applying in time order everything the policy makes happen by itself up
    /// to and including it: overdue fines arising, auto-renewals at the due instant, aging to lost, request
    /// expiry (the next request moving up), anonymization, the notices due, session time-outs.
    /// </summary>
    /// <param name="at">The instant; not before <see cref="Now"/>.</param>
    /// <returns>The advanced desk; views show overdue fines still accruing as accrued up to <paramref name="at"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before <see cref="Now"/>.</exception>
    public CirculationDesk AdvanceTo(Instant at)
    {
        var transaction = new DeskTransaction(state);
        transaction.AdvanceTo(at);
        return new CirculationDesk(transaction.Commit());
    }

    /// <summary>
    /// Advances the desk to an instant and gives the next action there its place among that instant's actions. For
    /// a host that spreads one desk over parts acting apart (a grain per account or per item): under scoped ids one
    /// instant's loans, requests and charges are ordered across owners by the places of the actions that made them,
    /// so parts given the caller's order of actions order their notices as the one desk would.
    /// </summary>
    /// <remarks>Only the order of places counts, not their values: a host may pass each action's position among
    /// everything it was asked to do at that instant. A desk given no place takes the next one itself
    /// (<see cref="ActionsAtNow"/>).</remarks>
    /// <param name="at">The instant; not before <see cref="Now"/>.</param>
    /// <param name="place">The place, from 0; not before a place already taken at <paramref name="at"/>.</param>
    /// <returns>The advanced desk, its next action at <paramref name="at"/> taking <paramref name="place"/>.</returns>
    /// <exception cref="InvalidOperationException">The desk numbers ids densely: its own numbers order everything.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before <see cref="Now"/>, or
    /// <paramref name="place"/> comes before an action already taken at <paramref name="at"/>.</exception>
    public CirculationDesk AtPlace(Instant at, int place)
    {
        if (Ids != IdNumbering.Scoped)
        {
            throw new InvalidOperationException("Places order actions only under scoped ids; a desk with dense ids orders them by its own numbers.");
        }

        var transaction = new DeskTransaction(state);
        transaction.AdvanceTo(at);
        if (place < transaction.ActionPlace)
        {
            throw new ArgumentOutOfRangeException(nameof(place), place,
                $"{transaction.ActionPlace} actions were taken at {IsoInstant.Format(at)} already; the next one's place is {transaction.ActionPlace} or later.");
        }

        transaction.PlaceNextAction(place);
        return new CirculationDesk(transaction.Commit());
    }
}
