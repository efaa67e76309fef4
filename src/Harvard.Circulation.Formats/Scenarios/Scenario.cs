using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Formats.Scenarios;

/// <summary>The event types of a scenario file.</summary>
public enum ScenarioEventType
{
    /// <summary><c>checkOut</c>: patron, item, optional location and session.</summary>
    CheckOut,

    /// <summary><c>renew</c>: item.</summary>
    Renew,

    /// <summary><c>checkIn</c>: item, optional session.</summary>
    CheckIn,

    /// <summary><c>claimReturned</c>: item.</summary>
    ClaimReturned,

    /// <summary><c>declareLost</c>: item.</summary>
    DeclareLost,

    /// <summary><c>markFound</c>: item.</summary>
    MarkFound,

    /// <summary><c>pay</c>: patron, amount, optional transactionId.</summary>
    Pay,

    /// <summary><c>waive</c>: transactionId, optional amount and reason.</summary>
    Waive,

    /// <summary><c>dispute</c>: transactionId.</summary>
    Dispute,

    /// <summary><c>restore</c>: transactionId.</summary>
    Restore,

    /// <summary><c>charge</c>: patron, feeType, amount, optional title.</summary>
    Charge,

    /// <summary><c>refund</c>: transactionId, amount.</summary>
    Refund,

    /// <summary><c>exportToBursar</c>: optional patron.</summary>
    ExportToBursar,

    /// <summary><c>placeRequest</c>: patron, item, optional id.</summary>
    PlaceRequest,

    /// <summary><c>cancelRequest</c>: request, optional notifyUser.</summary>
    CancelRequest,

    /// <summary><c>openSession</c>: staff, location, patron, optional id.</summary>
    OpenSession,

    /// <summary><c>searchPatrons</c>: staff, by, query.</summary>
    SearchPatrons,
}

/// <summary>One event of a scenario; the fields its type does not use are null.</summary>
/// <param name="Index">Its zero-based index in <c>events</c>.</param>
/// <param name="At">When.</param>
/// <param name="Type">What.</param>
public sealed record ScenarioEvent(int Index, Instant At, ScenarioEventType Type)
{
    /// <summary>The event type as the file spells it.</summary>
    public string TypeSpelling => ScenarioSpellings.ToSpelling(Type);

    /// <summary>The patron's primary id.</summary>
    public string? Patron { get; init; }

    /// <summary>The item barcode.</summary>
    public string? Item { get; init; }

    /// <summary>The staff member's current location (checkOut) or the session's location (openSession).</summary>
    public string? Location { get; init; }

    /// <summary>The patron services session the event is made in.</summary>
    public string? Session { get; init; }

    /// <summary>An amount.</summary>
    public Money? Amount { get; init; }

    /// <summary>A fine/fee transaction id.</summary>
    public string? TransactionId { get; init; }

    /// <summary>A reason.</summary>
    public string? Reason { get; init; }

    /// <summary>The fine/fee type of a charge.</summary>
    public FineFeeType? FeeType { get; init; }

    /// <summary>The title of a charge.</summary>
    public string? Title { get; init; }

    /// <summary>The request id (placed or cancelled) or the session id (opened).</summary>
    public string? Id { get; init; }

    /// <summary>Whether a cancellation notifies the requester.</summary>
    public bool NotifyUser { get; init; } = true;

    /// <summary>The staff member.</summary>
    public string? Staff { get; init; }

    /// <summary>What a patron search searches by.</summary>
    public PatronSearchBy? SearchBy { get; init; }

    /// <summary>The search query.</summary>
    public string? Query { get; init; }
}

/// <summary>A scenario: a policy, patrons, items, staff, events in time order, the instant to report at and
/// the Fines/Fees queries to answer there.</summary>
/// <param name="Name">The scenario's name, if any.</param>
/// <param name="Policy">The policy.</param>
/// <param name="Patrons">The patrons, in file order.</param>
/// <param name="Items">The items, in file order.</param>
/// <param name="Staff">The staff members.</param>
/// <param name="Events">The events, in time order.</param>
/// <param name="AsOf">The instant the report describes.</param>
/// <param name="Queries">The Fines/Fees tab queries.</param>
public sealed record Scenario(string? Name, Policy Policy, IReadOnlyList<Patron> Patrons, IReadOnlyList<Item> Items, IReadOnlyList<StaffMember> Staff,
    IReadOnlyList<ScenarioEvent> Events, Instant AsOf, IReadOnlyList<FineFeeQuery> Queries);

/// <summary>Spellings of the scenario format.</summary>
public static class ScenarioSpellings
{
    private static readonly (string Spelling, ScenarioEventType Value)[] EventTypes =
        Enum.GetValues<ScenarioEventType>().Select(t => (ToSpelling(t), t)).ToArray();

    /// <summary>Every event type with its spelling.</summary>
    public static IReadOnlyList<(string Spelling, ScenarioEventType Value)> All => EventTypes;

    /// <summary>The spelling of an event type, e.g. <c>checkOut</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The spelling.</returns>
    public static string ToSpelling(ScenarioEventType type)
    {
        var name = type.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
