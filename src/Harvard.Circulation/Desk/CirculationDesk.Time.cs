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
}
