using System.Text.Json;

namespace Harvard.Circulation.Formats.Json;

/// <summary>The writing helpers the policy writer and the scenario report share: the formats write every field,
/// <c>null</c> where it does not apply.</summary>
internal static class JsonWriting
{
    public static void WriteStringOrNull(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>Writes a string property only when there is a value: optional fields of the file formats are
    /// left out rather than written as <c>null</c>.</summary>
    public static void WriteOptional(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
