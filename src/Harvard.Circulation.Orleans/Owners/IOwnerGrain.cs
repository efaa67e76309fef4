using System.Collections.Immutable;

namespace Harvard.Circulation.Orleans.Owners;

/// <summary>
/// One owner of a desk kept owner by owner (<see cref="Desk.OwnerRecords"/>): a patron's account (key
/// <c>DESK/patron/ID</c>, <see cref="OwnerKeys.Patron"/>) or an item (key <c>DESK/item/BARCODE</c>,
/// <see cref="OwnerKeys.Item"/>), where DESK names the desk (a cluster may keep several).
/// It stores its records and ties, lends them to one operation at a time (<see cref="HoldAsync"/>), takes that
/// operation's result (<see cref="InstallAsync"/>), and — an account — hands its notices to the host's sender.
/// </summary>
/// <remarks>Owners decide nothing: an <see cref="IOwnerOperationGrain"/> gathers them, the core decides, and each
/// owner stores what it holds afterwards. See docs/orleans.md.</remarks>
public interface IOwnerGrain : IGrainWithStringKey
{
    /// <summary>Stores the owner's first records (from <see cref="Desk.OwnerRecords.Split"/>). Placing the same again
    /// does nothing (a retry).</summary>
    /// <param name="state">The records and ties.</param>
    /// <exception cref="InvalidOperationException">The owner already holds other records.</exception>
    Task PlaceAsync(OwnerState state);

    /// <summary>Lends the records to an operation and holds them for it until it installs or releases them; an
    /// operation holding them already gets them again.</summary>
    /// <param name="operationId">The operation.</param>
    /// <returns>The records, or the operation that holds them now.</returns>
    /// <exception cref="InvalidOperationException">The owner was never placed.</exception>
    Task<OwnerHold> HoldAsync(string operationId);

    /// <summary>Stores what an operation holding the owner decided it holds now, and lets the owner go. Installing
    /// the same operation again does nothing.</summary>
    /// <param name="operationId">The operation.</param>
    /// <param name="state">The records and ties afterwards.</param>
    /// <exception cref="InvalidOperationException">Another operation holds the owner.</exception>
    Task InstallAsync(string operationId, OwnerState state);

    /// <summary>Lets the owner go, if the operation holds it.</summary>
    /// <param name="operationId">The operation.</param>
    Task ReleaseAsync(string operationId);

    /// <summary>The owner's records and ties; null before it is placed.</summary>
    Task<OwnerState?> GetAsync();

    /// <summary>Hands the account's notices whose instant it has moved past to the sender (nothing for an item).</summary>
    /// <returns>How many notices still wait.</returns>
    Task<int> DeliverNoticesAsync();
}

/// <summary>An owner's stored records: its <see cref="Desk.OwnerRecords.Records"/> as a state file's text (docs/state.md)
/// and its ties.</summary>
/// <param name="RecordsJson">The records as state file text.</param>
/// <param name="TiedPatrons">The patrons it is tied to.</param>
/// <param name="TiedItems">The items it is tied to.</param>
[GenerateSerializer, Immutable]
public sealed record OwnerState(
    [property: Id(0)] string RecordsJson,
    [property: Id(1)] ImmutableArray<string> TiedPatrons,
    [property: Id(2)] ImmutableArray<string> TiedItems)
{
    /// <summary>When the owner is next to be moved on, by its reminder when
    /// <see cref="Desks.CirculationDeskOptions.AdvanceByClock"/> is on: the next thing the policy makes happen by
    /// itself to it or to an owner tied to it (a fine arising, a loan aging to lost, a notice, a hold shelf expiring,
    /// an anonymization), or, for an account holding notices of its own instant, one reminder period after it (they are
    /// sent once it has moved past it); null when nothing is to come. Records placed by a host
    /// (<see cref="Of"/>) give their own instant: the first reminder moves them on and learns the next.</summary>
    [Id(3)]
    public NodaTime.Instant? WakeAt { get; init; }

    /// <summary>An owner's records as its grain stores them.</summary>
    /// <param name="owner">The owner (<see cref="Desk.OwnerRecords.Split"/>, <see cref="Desk.OwnerRecords.Scatter"/>).</param>
    /// <param name="policy">The policy the desk decides by.</param>
    /// <param name="policyName">Its name among the embedded policies, stored in its place; null stores the policy itself.</param>
    /// <returns>The state to place.</returns>
    public static OwnerState Of(Desk.OwnerRecords owner, Policies.Policy policy, string? policyName = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(policy);
        return OwnerRecordsText.Write(owner, policy, policyName) with { WakeAt = owner.AsOf };
    }

    /// <summary>The owner's records back.</summary>
    /// <returns>The records and ties.</returns>
    /// <exception cref="InvalidOperationException">The text is not a state file's.</exception>
    public Desk.OwnerRecords ToRecords() => OwnerRecordsText.Read(this);

    /// <summary>The keys of the owners it is tied to.</summary>
    /// <param name="desk">The desk the owner is of.</param>
    /// <returns>The keys.</returns>
    public IEnumerable<string> TiedKeys(string desk) => TiedPatrons.Select(p => OwnerKeys.Patron(desk, p)).Concat(TiedItems.Select(i => OwnerKeys.Item(desk, i)));

    /// <inheritdoc/>
    public bool Equals(OwnerState? other) =>
        other is not null && RecordsJson == other.RecordsJson && TiedPatrons.SequenceEqual(other.TiedPatrons) && TiedItems.SequenceEqual(other.TiedItems)
        && WakeAt == other.WakeAt;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(RecordsJson, TiedPatrons.Length, TiedItems.Length, WakeAt);
}

/// <summary>What <see cref="IOwnerGrain.HoldAsync"/> answers: the records, or who holds them.</summary>
/// <param name="State">The records, when lent.</param>
/// <param name="HeldBy">The operation holding the owner, when not lent.</param>
[GenerateSerializer, Immutable]
public sealed record OwnerHold([property: Id(0)] OwnerState? State, [property: Id(1)] string? HeldBy);

/// <summary>The keys of owner grains: <c>DESK/patron/ID</c> and <c>DESK/item/BARCODE</c>.</summary>
public static class OwnerKeys
{
    /// <summary>The key of a patron's account.</summary>
    /// <param name="desk">The desk's name (no <c>/</c> in it).</param>
    /// <param name="patronId">The patron's primary id.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The desk's name is empty or holds a <c>/</c>.</exception>
    public static string Patron(string desk, string patronId) => $"{Desk(desk)}/patron/{patronId}";

    /// <summary>The key of an item.</summary>
    /// <param name="desk">The desk's name (no <c>/</c> in it).</param>
    /// <param name="barcode">The item's barcode.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The desk's name is empty or holds a <c>/</c>.</exception>
    public static string Item(string desk, string barcode) => $"{Desk(desk)}/item/{barcode}";

    /// <summary>The desk, the kind (<c>patron</c> or <c>item</c>) and the id a key names.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Its parts.</returns>
    /// <exception cref="ArgumentException">The key is not an owner's.</exception>
    public static (string Desk, string Kind, string Id) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/', 3);
        return parts.Length == 3 && parts[0].Length > 0 && parts[1] is "patron" or "item" && parts[2].Length > 0
            ? (parts[0], parts[1], parts[2])
            : throw new ArgumentException($"'{key}' is not an owner's key (DESK/patron/ID or DESK/item/BARCODE).", nameof(key));
    }

    private static string Desk(string desk) =>
        !string.IsNullOrEmpty(desk) && !desk.Contains('/', StringComparison.Ordinal) ? desk
            : throw new ArgumentException($"'{desk}' is not a desk's name: it is not empty and holds no '/'.", nameof(desk));
}
