using Ardalis.GuardClauses;
using NodaTime;

namespace Harvard.Circulation.Policies;

/// <summary>
/// A user group of the policy's catalogue, with its check-out limits. Access policies vary by user group.
/// </summary>
/// <remarks>An absent limit (<see langword="null"/>) means no limit. Immutable; value equality.</remarks>
public sealed record UserGroup
{
    /// <summary>Creates a user group.</summary>
    /// <param name="code">The group code, e.g. <c>25</c>.</param>
    /// <param name="name">The group name, e.g. <c>Special Borrower</c>.</param>
    /// <param name="mayBorrow">False refuses every check-out for the group.</param>
    /// <param name="maxLoans">Check-out refused when the patron already has this many loans onLoan or lost.</param>
    /// <param name="maxBalance">Check-out refused when the active balance is above this.</param>
    /// <param name="maxLostItems">Check-out refused when this many loans are lost.</param>
    /// <param name="maxClaimedReturned">A claim refused when the patron already claimed this many loans returned.</param>
    /// <param name="bursar">Bursar export thresholds; null means never exported.</param>
    /// <exception cref="ArgumentException">A code or name is empty, or a limit is negative.</exception>
    public UserGroup(string code, string name, bool mayBorrow = true, int? maxLoans = null, Money? maxBalance = null,
        int? maxLostItems = null, int? maxClaimedReturned = null, BursarTerms? bursar = null)
    {
        Code = Guard.Against.NullOrWhiteSpace(code);
        Name = Guard.Against.NullOrWhiteSpace(name);
        if (maxLoans is < 0) { throw new ArgumentOutOfRangeException(nameof(maxLoans), maxLoans, "A limit cannot be negative."); }
        if (maxLostItems is < 0) { throw new ArgumentOutOfRangeException(nameof(maxLostItems), maxLostItems, "A limit cannot be negative."); }
        if (maxClaimedReturned is < 0) { throw new ArgumentOutOfRangeException(nameof(maxClaimedReturned), maxClaimedReturned, "A limit cannot be negative."); }
        if (maxBalance is { Amount: < 0 }) { throw new ArgumentOutOfRangeException(nameof(maxBalance), maxBalance, "A limit cannot be negative."); }
        MayBorrow = mayBorrow;
        MaxLoans = maxLoans;
        MaxBalance = maxBalance;
        MaxLostItems = maxLostItems;
        MaxClaimedReturned = maxClaimedReturned;
        Bursar = bursar;
    }

    /// <summary>The group code.</summary>
    public string Code { get; }

    /// <summary>The group name.</summary>
    public string Name { get; }

    /// <summary>Whether the group may borrow at all.</summary>
    public bool MayBorrow { get; }

    /// <summary>The most loans onLoan or lost a patron may hold before check-out is refused; null = no limit.</summary>
    public int? MaxLoans { get; }

    /// <summary>The active balance above which check-out is refused; null = no limit.</summary>
    public Money? MaxBalance { get; }

    /// <summary>The number of lost loans at which check-out is refused; null = no limit.</summary>
    public int? MaxLostItems { get; }

    /// <summary>The number of claims after which a further claim is refused; null = no limit.</summary>
    public int? MaxClaimedReturned { get; }

    /// <summary>Bursar export thresholds; null = never exported.</summary>
    public BursarTerms? Bursar { get; }
}

/// <summary>When a group's fines/fees go to the bursar: records at least <see cref="MinimumAge"/> old whose
/// balances add up to at least <see cref="MinimumBalance"/>.</summary>
public sealed record BursarTerms
{
    /// <summary>Creates bursar thresholds.</summary>
    /// <param name="minimumAge">How long a record must have existed.</param>
    /// <param name="minimumBalance">The least total of eligible balances.</param>
    public BursarTerms(Period minimumAge, Money minimumBalance)
    {
        MinimumAge = Guard.Against.Null(minimumAge);
        MinimumBalance = minimumBalance;
    }

    /// <summary>How long a record must have existed to be exported.</summary>
    public Period MinimumAge { get; }

    /// <summary>The least total of eligible balances for an export.</summary>
    public Money MinimumBalance { get; }
}

/// <summary>An item policy of the catalogue (e.g. regular loan, 3 hour reserve).</summary>
public sealed record ItemPolicy
{
    /// <summary>Creates an item policy.</summary>
    /// <param name="code">Its code, e.g. <c>reserve-3h</c>.</param>
    /// <param name="name">Its name.</param>
    public ItemPolicy(string code, string name)
    {
        Code = Guard.Against.NullOrWhiteSpace(code);
        Name = Guard.Against.NullOrWhiteSpace(name);
    }

    /// <summary>The code.</summary>
    public string Code { get; }

    /// <summary>The name.</summary>
    public string Name { get; }
}
