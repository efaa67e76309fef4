using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Time;

/// <summary>
/// An instant as the engine's messages quote it: ISO-8601 in UTC (<c>2026-03-02T16:30:00Z</c>), with the fraction
/// of a second only when there is one (<c>2026-03-02T16:30:00.75Z</c>), so that two instants that differ never
/// read the same. The JSON formats write instants the same way, and the tool finds them in a message to print them
/// in local time.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
internal static class IsoInstant
{
    /// <summary>The instant in ISO-8601 UTC, fractional seconds only when present.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The text.</returns>
    public static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}
