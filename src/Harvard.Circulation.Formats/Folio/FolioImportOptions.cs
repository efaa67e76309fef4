namespace Harvard.Circulation.Formats.Folio;

/// <summary>
/// What an import adds to a FOLIO export: the settings FOLIO keeps elsewhere (its tenant locale) and how strict to be.
/// Each option given here wins over the export's <c>settings</c>.
/// </summary>
/// <remarks>Immutable; value equality. The default value of every option is "not given".</remarks>
public sealed record FolioImportOptions
{
    /// <summary>Creates import options.</summary>
    /// <param name="timeZone">The tenant's IANA time zone id (e.g. <c>America/New_York</c>); null = the export's
    /// <c>settings.timeZone</c>. One of the two is required.</param>
    /// <param name="currency">The ISO 4217 currency of every amount; null = <c>settings.currency</c>, else <c>USD</c>.</param>
    /// <param name="name">The policy's name; null = <c>settings.name</c>, else none.</param>
    /// <param name="strict">Whether each approximation (a FOLIO setting this engine can only approximate) is an
    /// error instead of a report entry.</param>
    public FolioImportOptions(string? timeZone = null, string? currency = null, string? name = null, bool strict = false)
    {
        TimeZone = timeZone;
        Currency = currency;
        Name = name;
        Strict = strict;
    }

    /// <summary>No option given: everything comes from the export's settings.</summary>
    public static FolioImportOptions Default { get; } = new();

    /// <summary>The tenant's IANA time zone id; null = the export's <c>settings.timeZone</c>.</summary>
    public string? TimeZone { get; }

    /// <summary>The ISO 4217 currency; null = <c>settings.currency</c>, else <c>USD</c>.</summary>
    public string? Currency { get; }

    /// <summary>The policy's name; null = <c>settings.name</c>, else none.</summary>
    public string? Name { get; }

    /// <summary>Whether each approximation is an error.</summary>
    public bool Strict { get; }
}
