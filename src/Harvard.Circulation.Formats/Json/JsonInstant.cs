using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Formats.Json;

/// <summary>
/// An instant as every JSON format writes it (state file, change lines, scenario and comparison reports): ISO-8601
/// in UTC (<c>2026-01-05T15:00:00Z</c>), with the fraction of a second only when there is one
/// (<c>2026-01-05T15:00:00.75Z</c>). The one place that says so, as the core's messages have theirs.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
internal static class JsonInstant
{
    /// <summary>The instant in ISO-8601 UTC, fractional seconds only when present.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The text.</returns>
    public static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}
