using System.Globalization;
using System.Text.RegularExpressions;
using Harvard.Circulation.Formats.Json;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Cli;

/// <summary>
/// How the tool prints an instant for a person to read: local time in the policy's time zone with the zone's
/// abbreviation (<c>2026-01-05 13:00 EST</c>; seconds only when they are not zero, <c>2026-02-03 23:59:59 EST</c>),
/// or, with <c>--utc</c>, UTC exactly as the JSON report writes it (<c>2026-01-05T18:00:00Z</c>).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed partial class InstantText
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd");
    private static readonly OffsetDateTimePattern CoreLocalPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss' 'o<G>");
    private readonly DateTimeZone? zone;

    private InstantText(DateTimeZone? zone) => this.zone = zone;

    /// <summary>UTC, as the JSON report writes instants.</summary>
    public static InstantText Utc { get; } = new(null);

    /// <summary>Whether instants print in UTC.</summary>
    public bool IsUtc => zone is null;

    /// <summary>Local time in <paramref name="zone"/>.</summary>
    public static InstantText Local(DateTimeZone zone) => new(zone ?? throw new ArgumentNullException(nameof(zone)));

    /// <summary>The local-time printer for <paramref name="zone"/>, or UTC when <paramref name="utc"/>.</summary>
    public static InstantText For(DateTimeZone zone, bool utc) => utc ? Utc : Local(zone);

    /// <summary>One line saying how times are printed.</summary>
    public string Legend => zone is null
        ? "Times are UTC, as in the JSON report."
        : $"Times are local to {zone.Id}, the policy's time zone; --utc prints them in UTC.";

    /// <summary>The instant as a person reads it.</summary>
    public string Format(Instant instant)
    {
        if (zone is null)
        {
            return JsonInstant.Format(instant);
        }

        var local = instant.InZone(zone);
        var time = local.NanosecondOfSecond != 0
            ? local.TimeOfDay.ToString("HH':'mm':'ss.FFFFFFFFF", CultureInfo.InvariantCulture)
            : local.Second != 0
                ? local.TimeOfDay.ToString("HH':'mm':'ss", CultureInfo.InvariantCulture)
                : local.TimeOfDay.ToString("HH':'mm", CultureInfo.InvariantCulture);
        return $"{DatePattern.Format(local.Date)} {time} {local.GetZoneInterval().Name}";
    }

    /// <summary>The instant as a person reads it; null for null.</summary>
    public string? Format(Instant? instant) => instant is { } i ? Format(i) : null;

    /// <summary>
    /// The instants written inside an engine message (UTC, <c>2026-01-05T21:10:00Z</c>, or local with an offset,
    /// <c>2026-01-09 18:30:00 -05</c>) printed as <see cref="Format(Instant)"/> does; the rest of the text kept.
    /// </summary>
    public string Rewrite(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rewritten = IsoUtc().Replace(text, m => InstantPattern.ExtendedIso.Parse(m.Value) is { Success: true } p ? Format(p.Value) : m.Value);
        return CoreLocal().Replace(rewritten, m => CoreLocalPattern.Parse(m.Value) is { Success: true } p ? Format(p.Value.ToInstant()) : m.Value);
    }

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z\b")]
    private static partial Regex IsoUtc();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (?:[+-]\d{2}(?::\d{2})?|Z)(?![\w:])")]
    private static partial Regex CoreLocal();
}
