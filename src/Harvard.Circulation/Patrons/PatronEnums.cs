namespace Harvard.Circulation.Patrons;

/// <summary>Where a patron record was created, and so who owns its identity fields.</summary>
/// <remarks>
/// Alma's names are counter-intuitive: "external" records come from outside the library system, "internal"
/// ones are made inside it. The default value is <see cref="External"/>, the scenario format's default.
/// </remarks>
public enum RecordType
{
    /// <summary>
    /// Loaded from Harvard's student, staff and faculty systems; the identity fields belong to that system
    /// (spelling <c>external</c>).
    /// </summary>
    External,

    /// <summary>
    /// Created in the library system itself, e.g. for an Interlibrary Loan partner institution
    /// (spelling <c>internal</c>).
    /// </summary>
    Internal,
}

/// <summary>How patrons are searched for.</summary>
/// <remarks>Every staff member may search by <see cref="PrimaryId"/> or <see cref="Identifier"/>;
/// <see cref="Name"/> needs the name-search clearance (<see cref="StaffMember.NameSearch"/>).</remarks>
public enum PatronSearchBy
{
    /// <summary>An exact match on the primary ID, e.g. the HUID (spelling <c>primaryId</c>).</summary>
    PrimaryId,

    /// <summary>An exact match on any additional identifier's value, e.g. a barcode (spelling <c>identifier</c>).</summary>
    Identifier,

    /// <summary>Patrons whose name contains every word of the query (spelling <c>name</c>).</summary>
    Name,
}

/// <summary>The scenario-format spellings of <see cref="RecordType"/> and <see cref="PatronSearchBy"/>.</summary>
/// <remarks>Spellings are exact: parsing is ordinal and case-sensitive, as the file formats are.</remarks>
public static class PatronSpellings
{
    /// <summary>The spelling of a record type.</summary>
    /// <param name="value">The record type.</param>
    /// <returns><c>external</c> or <c>internal</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a defined record type.</exception>
    public static string ToSpelling(this RecordType value) => value switch
    {
        RecordType.External => "external",
        RecordType.Internal => "internal",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a record type."),
    };

    /// <summary>The spelling of a search kind.</summary>
    /// <param name="value">The search kind.</param>
    /// <returns><c>primaryId</c>, <c>identifier</c> or <c>name</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a defined search kind.</exception>
    public static string ToSpelling(this PatronSearchBy value) => value switch
    {
        PatronSearchBy.PrimaryId => "primaryId",
        PatronSearchBy.Identifier => "identifier",
        PatronSearchBy.Name => "name",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a patron search kind."),
    };

    /// <summary>Reads a record type from its spelling.</summary>
    /// <param name="spelling"><c>external</c> or <c>internal</c>, exactly; null is not a spelling.</param>
    /// <param name="value">The record type, or the default when the spelling is not known.</param>
    /// <returns>Whether the spelling is known.</returns>
    internal static bool TryParseRecordType(string? spelling, out RecordType value)
    {
        switch (spelling)
        {
            case "external":
                value = RecordType.External;
                return true;
            case "internal":
                value = RecordType.Internal;
                return true;
            default:
                value = default;
                return false;
        }
    }

    /// <summary>Reads a search kind from its spelling.</summary>
    /// <param name="spelling"><c>primaryId</c>, <c>identifier</c> or <c>name</c>, exactly; null is not a spelling.</param>
    /// <param name="value">The search kind, or the default when the spelling is not known.</param>
    /// <returns>Whether the spelling is known.</returns>
    internal static bool TryParseSearchBy(string? spelling, out PatronSearchBy value)
    {
        switch (spelling)
        {
            case "primaryId":
                value = PatronSearchBy.PrimaryId;
                return true;
            case "identifier":
                value = PatronSearchBy.Identifier;
                return true;
            case "name":
                value = PatronSearchBy.Name;
                return true;
            default:
                value = default;
                return false;
        }
    }
}
