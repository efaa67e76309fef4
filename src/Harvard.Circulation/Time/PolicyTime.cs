using NodaTime;

namespace Harvard.Circulation.Time;

/// <summary>
/// Period arithmetic on instants as the policy format defines it: the date part of a period (years, months,
/// weeks, days) moves the local date in the policy's time zone, keeping the local clock time, and is mapped
/// back leniently; the time part (hours, minutes, seconds, ...) is then added as elapsed time.
/// </summary>
/// <remarks>
/// So <c>P1D</c> from 10:00 is 10:00 the next day across a DST change, while <c>PT24H</c> is 24 elapsed hours.
/// A local time skipped by a DST gap moves forward by the gap; an ambiguous one takes the earlier instant.
/// All members are pure and thread-safe.
/// </remarks>
public static class PolicyTime
{
    /// <summary>Adds a period to an instant in a time zone.</summary>
    /// <param name="instant">The starting instant.</param>
    /// <param name="period">The period; its date part is calendar arithmetic, its time part elapsed time.</param>
    /// <param name="zone">The zone whose local calendar the date part moves in.</param>
    /// <returns>The resulting instant.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="period"/> or <paramref name="zone"/> is null.</exception>
    public static Instant Add(Instant instant, Period period, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(zone);
        var result = instant;
        if (period.HasDateComponent)
        {
            var local = instant.InZone(zone).LocalDateTime;
            result = ZoneMapping.Leniently(zone, AddDatePart(local, period, 1));
        }

        if (period.HasTimeComponent)
        {
            result += TimePart(period);
        }

        return result;
    }

    /// <summary>Subtracts a period from an instant, mirroring <see cref="Add"/>: the time part first as
    /// elapsed time, then the date part on the local calendar.</summary>
    /// <param name="instant">The starting instant.</param>
    /// <param name="period">The period to take away.</param>
    /// <param name="zone">The zone whose local calendar the date part moves in.</param>
    /// <returns>The resulting instant.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="period"/> or <paramref name="zone"/> is null.</exception>
    public static Instant Subtract(Instant instant, Period period, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(zone);
        var result = instant;
        if (period.HasTimeComponent)
        {
            result -= TimePart(period);
        }

        if (period.HasDateComponent)
        {
            var local = result.InZone(zone).LocalDateTime;
            result = ZoneMapping.Leniently(zone, AddDatePart(local, period, -1));
        }

        return result;
    }

    // The units in NodaTime's own order (years, months, weeks, days) without building a date-only Period:
    // the fine calculator adds grace periods on a path that must not allocate.
    private static LocalDateTime AddDatePart(LocalDateTime local, Period period, int sign) =>
        local.PlusYears(sign * period.Years).PlusMonths(sign * period.Months).PlusWeeks(sign * period.Weeks).PlusDays(sign * period.Days);

    /// <summary>The time part of a period (hours and smaller) as an elapsed duration.</summary>
    /// <param name="period">The period.</param>
    /// <returns>The elapsed time its time part stands for.</returns>
    public static Duration TimePart(Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return Duration.FromHours(period.Hours) + Duration.FromMinutes(period.Minutes) + Duration.FromSeconds(period.Seconds)
            + Duration.FromMilliseconds(period.Milliseconds) + Duration.FromTicks(period.Ticks) + Duration.FromNanoseconds(period.Nanoseconds);
    }

    /// <summary>Whether a period is negative in any of its parts.</summary>
    /// <param name="period">The period.</param>
    /// <returns><see langword="true"/> when any unit is below zero.</returns>
    public static bool IsNegative(Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.Years < 0 || period.Months < 0 || period.Weeks < 0 || period.Days < 0 || period.Hours < 0
            || period.Minutes < 0 || period.Seconds < 0 || period.Milliseconds < 0 || period.Ticks < 0 || period.Nanoseconds < 0;
    }
}
