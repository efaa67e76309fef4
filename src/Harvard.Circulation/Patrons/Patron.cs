using System.Text;
using Ardalis.GuardClauses;

namespace Harvard.Circulation.Patrons;

/// <summary>A patron record: a primary ID, a user group, where the record comes from, and its additional
/// identifiers.</summary>
/// <remarks>
/// <para>The primary ID is any non-empty string, trimmed. At Harvard it is the 8-digit HUID, but internal
/// records and patrons of other institutions may have none, so the check is left to hosts
/// (<see cref="Huid.IsValid"/>). The group code is not checked against a catalogue either: the policy in force
/// decides which groups exist.</para>
/// <para>The name is personal data. It is used only for name search and never appears in
/// <see cref="ToString"/> or in any exception message.</para>
/// <para>Immutable; value equality (identifiers compare ignoring case). Every property is validated by the
/// constructor, so a <c>with</c> expression cannot produce an invalid patron.</para>
/// </remarks>
public sealed record Patron
{
    /// <summary>Creates a patron.</summary>
    /// <param name="primaryId">The primary ID, e.g. a HUID; trimmed.</param>
    /// <param name="groupCode">The user group code, e.g. <c>25</c>; trimmed.</param>
    /// <param name="name">The patron's name, if known; trimmed, and white space alone counts as none.</param>
    /// <param name="recordType">Where the record was created; external by default.</param>
    /// <param name="identifiers">Additional identifiers, each (type, value) once; none by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="primaryId"/>, <paramref name="groupCode"/> or an
    /// identifier is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="primaryId"/> or <paramref name="groupCode"/> is empty
    /// or white space, or an identifier appears twice (the message names it).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recordType"/> is not defined.</exception>
    public Patron(string primaryId, string groupCode, string? name = null, RecordType recordType = RecordType.External,
        IEnumerable<PatronIdentifier>? identifiers = null)
    {
        PrimaryId = Guard.Against.NullOrWhiteSpace(primaryId).Trim();
        GroupCode = Guard.Against.NullOrWhiteSpace(groupCode).Trim();
        Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        RecordType = Enum.IsDefined(recordType)
            ? recordType
            : throw new ArgumentOutOfRangeException(nameof(recordType), recordType, "Not a record type.");
        var list = (identifiers ?? []).ToEquatableArray();
        var seen = new HashSet<PatronIdentifier>();
        foreach (var identifier in list)
        {
            Guard.Against.Null(identifier, nameof(identifiers), "A patron's identifiers cannot include null.");
            if (!seen.Add(identifier))
            {
                throw new ArgumentException(
                    $"Patron '{PrimaryId}' has the identifier '{identifier}' twice.", nameof(identifiers));
            }
        }

        Identifiers = list;
    }

    /// <summary>The primary ID, trimmed.</summary>
    public string PrimaryId { get; }

    /// <summary>The name, or null when unknown. Personal data: never printed.</summary>
    public string? Name { get; }

    /// <summary>The user group code.</summary>
    public string GroupCode { get; }

    /// <summary>Where the record was created.</summary>
    public RecordType RecordType { get; }

    /// <summary>The additional identifiers, in the order given.</summary>
    public EquatableArray<PatronIdentifier> Identifiers { get; }

    /// <summary>Whether a value is the primary ID or an additional identifier's value, trimmed and ignoring case.</summary>
    /// <param name="id">The value; null matches nothing.</param>
    /// <returns>Whether it identifies this patron.</returns>
    public bool IsIdentifiedBy(string? id)
    {
        if (id is null)
        {
            return false;
        }

        var trimmed = id.Trim();
        if (string.Equals(PrimaryId, trimmed, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var identifier in Identifiers)
        {
            if (string.Equals(identifier.Value, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Sealed records take a private PrintMembers: the generated one would print the name.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("PrimaryId = ").Append(PrimaryId)
            .Append(", GroupCode = ").Append(GroupCode)
            .Append(", RecordType = ").Append(RecordType.ToSpelling())
            .Append(", Identifiers = [").AppendJoin(", ", Identifiers).Append(']');
        return true;
    }
}
