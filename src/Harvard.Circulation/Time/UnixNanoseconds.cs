using System.Runtime.CompilerServices;
using NodaTime;

namespace Harvard.Circulation.Time;

/// <summary>
/// Instants as whole nanoseconds since the Unix epoch in a <see cref="long"/>, for the hot arithmetic of the fine
/// and the calendar: integer additions and comparisons instead of NodaTime's day-and-nanosecond pairs. Exact, to the
/// nanosecond, within about 146 years of 1970 (1824–2116), so that the difference of two such instants fits too.
/// </summary>
internal static class UnixNanoseconds
{
    /// <summary>The earliest and latest instants converted: ±2^62 nanoseconds from the epoch.</summary>
    private static readonly Instant Earliest = NodaConstants.UnixEpoch - Duration.FromNanoseconds(1L << 62);
    private static readonly Instant Latest = NodaConstants.UnixEpoch + Duration.FromNanoseconds(1L << 62);

    /// <summary>The instant in nanoseconds since the epoch; false outside ±2^62 nanoseconds of it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryFrom(Instant instant, out long nanoseconds)
    {
        if (instant < Earliest || instant > Latest)
        {
            nanoseconds = 0;
            return false;
        }

        nanoseconds = (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
        return true;
    }

    /// <summary>The instant in nanoseconds since the epoch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instant lies beyond ±2^62 nanoseconds of the epoch.</exception>
    public static long From(Instant instant) =>
        TryFrom(instant, out var nanoseconds) ? nanoseconds : throw new ArgumentOutOfRangeException(nameof(instant), instant, "The instant lies too far from 1970 for 64-bit nanoseconds.");

    /// <summary>The instant of a number of nanoseconds since the epoch.</summary>
    public static Instant ToInstant(long nanoseconds) => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanoseconds);
}
