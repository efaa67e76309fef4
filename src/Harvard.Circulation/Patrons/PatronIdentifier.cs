using Ardalis.GuardClauses;

namespace Harvard.Circulation.Patrons;

/// <summary>A typed additional identifier of a patron, such as a barcode or a library card number.</summary>
/// <remarks>
/// Type and value are trimmed. Equality compares both ordinally ignoring case, as patron lookups do, so
/// <c>barcode 21234ABC</c> equals <c>Barcode 21234abc</c>. Immutable.
/// </remarks>
public sealed record PatronIdentifier
{
    /// <summary>Creates an identifier.</summary>
    /// <param name="type">The kind of identifier, e.g. <c>barcode</c>; trimmed.</param>
    /// <param name="value">The identifier; trimmed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="type"/> or <paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="type"/> or <paramref name="value"/> is empty or white space.</exception>
    public PatronIdentifier(string type, string value)
    {
        Type = Guard.Against.NullOrWhiteSpace(type).Trim();
        Value = Guard.Against.NullOrWhiteSpace(value).Trim();
    }

    /// <summary>The kind of identifier, e.g. <c>barcode</c>.</summary>
    public string Type { get; }

    /// <summary>The identifier, trimmed.</summary>
    public string Value { get; }

    /// <summary>Whether two identifiers have the same type and value, ignoring case.</summary>
    /// <param name="other">The other identifier.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(PatronIdentifier? other) =>
        other is not null
        && StringComparer.OrdinalIgnoreCase.Equals(Type, other.Type)
        && StringComparer.OrdinalIgnoreCase.Equals(Value, other.Value);

    /// <summary>A hash consistent with the case-insensitive equality.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(Type),
        StringComparer.OrdinalIgnoreCase.GetHashCode(Value));

    /// <summary>Deconstructs into type and value.</summary>
    /// <param name="type">The type.</param>
    /// <param name="value">The value.</param>
    public void Deconstruct(out string type, out string value)
    {
        type = Type;
        value = Value;
    }

    /// <summary>The identifier as <c>type value</c>, e.g. <c>barcode 21234000001</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Type} {Value}";
}

/// <summary>Harvard's primary patron ID, the HUID: eight ASCII digits.</summary>
/// <remarks>
/// The check is offered to hosts that want it; <see cref="Patron"/> does not require a HUID, because internal
/// records (e.g. Interlibrary Loan partner institutions) and patrons of other institutions may have none, and
/// scenario files may use any ID string.
/// </remarks>
public static class Huid
{
    /// <summary>The number of digits of a HUID.</summary>
    public const int Length = 8;

    /// <summary>Whether a value, once trimmed, is a HUID: exactly eight ASCII digits.</summary>
    /// <param name="value">The value; null is not a HUID.</param>
    /// <returns>Whether it is a HUID.</returns>
    public static bool IsValid(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var span = value.AsSpan().Trim();
        return span.Length == Length && !span.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>The value as it is stored and compared: trimmed.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The trimmed value; it is not checked (see <see cref="IsValid"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static string Normalize(string value) => Guard.Against.Null(value).Trim();
}
