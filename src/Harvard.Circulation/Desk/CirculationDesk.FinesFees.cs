using Harvard.Circulation.Fines;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <content>Fines and fees: payments, waivers, disputes, refunds, transfers, charges and the bursar.</content>
public sealed partial class CirculationDesk
{
    /// <summary>A payment by a patron, of one record or (without a transaction id) oldest first, passing over
    /// fines still accruing. Fixes the numbers of the records that arose before it at its instant.</summary>
    /// <param name="patronId">The patron.</param>
    /// <param name="amount">The amount; positive, rounded to the cent.</param>
    /// <param name="transactionId">The record, if named.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    /// <exception cref="ArgumentException">The patron is not known.</exception>
    public Decision<CirculationDesk> Pay(string patronId, Money amount, string? transactionId, Instant at) =>
        Act(at, t => t.Pay(patronId, amount, transactionId));

    /// <summary>Waives part or all of a record's balance.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="amount">The amount; null = all.</param>
    /// <param name="reason">Why.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> Waive(string transactionId, Money? amount, string? reason, Instant at) =>
        Act(at, t => t.Waive(transactionId, amount, reason));

    /// <summary>Puts a record in dispute: it leaves the active balance until restored.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> Dispute(string transactionId, Instant at) => Act(at, t => t.Dispute(transactionId));

    /// <summary>Ends a dispute: the record is active again.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> Restore(string transactionId, Instant at) => Act(at, t => t.Restore(transactionId));

    /// <summary>Refunds part of what was paid on a record; the balance does not change.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="amount">The amount.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> Refund(string transactionId, Money amount, Instant at) => Act(at, t => t.Refund(transactionId, amount));

    /// <summary>Transfers a record elsewhere (e.g. to another account); its balance is no longer active.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="reason">Why, if given.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk, or a refusal.</returns>
    public Decision<CirculationDesk> Transfer(string transactionId, string? reason, Instant at) => Act(at, t => t.Transfer(transactionId, reason));

    /// <summary>A manual charge on a patron's account; it always gets a <c>fineFee</c> notice.</summary>
    /// <param name="patronId">The patron.</param>
    /// <param name="type">The fine/fee type.</param>
    /// <param name="amount">The amount; positive, rounded to the cent.</param>
    /// <param name="title">A title, if any.</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk.</returns>
    /// <exception cref="ArgumentException">The patron is not known.</exception>
    public Decision<CirculationDesk> Charge(string patronId, FineFeeType type, Money amount, string? title, Instant at) =>
        Act(at, t =>
        {
            t.Charge(patronId, type, amount, title);
            return null;
        });

    /// <summary>Exports to the bursar what is eligible now, for one patron or every patron.</summary>
    /// <param name="patronId">The patron; null = every patron (a batch over every account).</param>
    /// <param name="at">When.</param>
    /// <returns>The new desk (unchanged when nothing is eligible).</returns>
    /// <exception cref="ArgumentException">The patron is not known.</exception>
    public Decision<CirculationDesk> ExportToBursar(string? patronId, Instant at) => Act(at, t => t.ExportToBursar(patronId));
}
