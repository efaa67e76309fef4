using Ardalis.GuardClauses;

namespace Harvard.Circulation.Patrons;

/// <summary>A staff member who works with patron records, and whether they may search patrons by name.</summary>
/// <remarks>
/// Every staff member may search by primary ID or additional identifier. Searching by name needs the
/// name-search clearance, which Harvard grants with the Alma role <see cref="NameSearchRole"/>.
/// Immutable; value equality.
/// </remarks>
public sealed record StaffMember
{
    /// <summary>The Alma role that grants the name-search clearance at Harvard.</summary>
    public const string NameSearchRole = "Fulfillment Operator Extended Plus";

    /// <summary>Creates a staff member.</summary>
    /// <param name="id">The staff member's ID, e.g. <c>jdoe</c>; trimmed.</param>
    /// <param name="nameSearch">Whether they hold the name-search clearance.</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or white space.</exception>
    public StaffMember(string id, bool nameSearch = false)
    {
        Id = Guard.Against.NullOrWhiteSpace(id).Trim();
        NameSearch = nameSearch;
    }

    /// <summary>The staff member's ID.</summary>
    public string Id { get; }

    /// <summary>Whether they hold the name-search clearance.</summary>
    public bool NameSearch { get; }

    /// <summary>A staff member whose clearance follows from their Alma roles.</summary>
    /// <param name="id">The staff member's ID; trimmed.</param>
    /// <param name="roles">Their roles; <see cref="NameSearchRole"/> among them (trimmed, ignoring case) grants name search.</param>
    /// <returns>The staff member.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="roles"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or white space.</exception>
    public static StaffMember FromRoles(string id, IEnumerable<string> roles) =>
        new(id, Guard.Against.Null(roles).Any(r => r is not null && string.Equals(r.Trim(), NameSearchRole, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Deconstructs into ID and clearance.</summary>
    /// <param name="id">The ID.</param>
    /// <param name="nameSearch">Whether they may search by name.</param>
    public void Deconstruct(out string id, out bool nameSearch)
    {
        id = Id;
        nameSearch = NameSearch;
    }
}
