using System.Collections.Immutable;
using Ardalis.GuardClauses;
using NodaTime;

namespace Harvard.Circulation.Policies;

/// <summary>
/// One weekday's opening hours: closed all day, open all day, or one open period <c>[open, close)</c> in local
/// time. A close of 24:00 (<see cref="CloseMinute"/> = 1,440) closes at the next local midnight.
/// </summary>
/// <remarks>The default value is open all day. Immutable; value equality.</remarks>
public readonly record struct DayHours
{
    private const int MinutesPerDay = 1_440;
    private readonly int openMinute;
    private readonly int closeMinutePlusOne;

    private DayHours(int openMinute, int closeMinute)
    {
        this.openMinute = openMinute;
        closeMinutePlusOne = closeMinute + 1;
    }

    /// <summary>Open from local midnight to the next local midnight.</summary>
    public static DayHours OpenAllDay => default;

    /// <summary>Closed all day.</summary>
    public static DayHours ClosedAllDay => new(0, 0);

    /// <summary>Minutes after local midnight at which the day opens.</summary>
    public int OpenMinute => openMinute;

    /// <summary>Minutes after local midnight at which the day closes (1,440 = the next midnight).</summary>
    public int CloseMinute => closeMinutePlusOne == 0 ? MinutesPerDay : closeMinutePlusOne - 1;

    /// <summary>Whether the day has no open time.</summary>
    public bool IsClosedAllDay => CloseMinute <= OpenMinute;

    /// <summary>Whether the day is open from midnight to midnight.</summary>
    public bool IsOpenAllDay => OpenMinute == 0 && CloseMinute == MinutesPerDay;

    /// <summary>The local opening time.</summary>
    public LocalTime Opens => LocalTime.FromMinutesSinceMidnight(OpenMinute);

    /// <summary>The local closing time; null when the day closes at the next midnight.</summary>
    public LocalTime? Closes => CloseMinute == MinutesPerDay ? null : LocalTime.FromMinutesSinceMidnight(CloseMinute);

    /// <summary>One open period from <paramref name="opens"/> to <paramref name="closes"/> (null = midnight ending the day).</summary>
    /// <param name="opens">The opening time.</param>
    /// <param name="closes">The closing time; null for 24:00.</param>
    /// <returns>The hours.</returns>
    /// <exception cref="ArgumentException">The closing time is not after the opening time, or either has seconds.</exception>
    public static DayHours Between(LocalTime opens, LocalTime? closes)
    {
        if (opens.Second != 0 || opens.NanosecondOfSecond != 0 || closes is { } c && (c.Second != 0 || c.NanosecondOfSecond != 0))
        {
            throw new ArgumentException("Opening hours are whole minutes.", nameof(opens));
        }

        var open = (opens.Hour * 60) + opens.Minute;
        var close = closes is { } value ? (value.Hour * 60) + value.Minute : MinutesPerDay;
        if (close <= open)
        {
            throw new ArgumentException($"The closing time {FormatMinute(close)} is not after the opening time {FormatMinute(open)}.", nameof(closes));
        }

        // 00:00–24:00 is the same day as the default "open all day"; keep one representation so equality holds.
        return open == 0 && close == MinutesPerDay ? OpenAllDay : new DayHours(open, close);
    }

    /// <summary>A minute of the day as <c>HH:mm</c> (1,440 is <c>24:00</c>).</summary>
    /// <param name="minute">Minutes after midnight, 0 to 1,440.</param>
    /// <returns>The text.</returns>
    public static string FormatMinute(int minute) => $"{minute / 60:00}:{minute % 60:00}";
}

/// <summary>Opening hours for each weekday. A weekday left out is open all day.</summary>
public sealed record WeeklyHours
{
    private readonly EquatableArray<DayHours> days;

    /// <summary>Creates weekly hours from a map of weekdays; weekdays not given are open all day.</summary>
    /// <param name="hours">Hours per weekday.</param>
    public WeeklyHours(IReadOnlyDictionary<IsoDayOfWeek, DayHours> hours)
    {
        Guard.Against.Null(hours);
        var builder = ImmutableArray.CreateBuilder<DayHours>(7);
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            builder.Add(hours.TryGetValue(day, out var h) ? h : DayHours.OpenAllDay);
        }

        days = new EquatableArray<DayHours>(builder.MoveToImmutable());
    }

    /// <summary>Open all day, every day.</summary>
    public static WeeklyHours AlwaysOpen { get; } = new(new Dictionary<IsoDayOfWeek, DayHours>());

    /// <summary>The hours of one weekday.</summary>
    /// <param name="day">The weekday.</param>
    /// <returns>Its hours.</returns>
    public DayHours this[IsoDayOfWeek day] => day is >= IsoDayOfWeek.Monday and <= IsoDayOfWeek.Sunday
        ? days[(int)day - 1]
        : throw new ArgumentOutOfRangeException(nameof(day), day, "Not a weekday.");
}

/// <summary>A library: its code, opening hours and closed dates, read in the policy's time zone.</summary>
/// <remarks>A library not listed in a policy is open all the time.</remarks>
public sealed record Library
{
    /// <summary>Creates a library.</summary>
    /// <param name="code">The library code, e.g. <c>WID</c>.</param>
    /// <param name="name">The name, if any.</param>
    /// <param name="hours">Weekly hours; null = open all the time.</param>
    /// <param name="closedDates">Local dates closed all day.</param>
    public Library(string code, string? name = null, WeeklyHours? hours = null, IEnumerable<LocalDate>? closedDates = null)
    {
        Code = Guard.Against.NullOrWhiteSpace(code);
        Name = name;
        Hours = hours ?? WeeklyHours.AlwaysOpen;
        ClosedDates = (closedDates ?? []).Distinct().Order().ToEquatableArray();
    }

    /// <summary>The code.</summary>
    public string Code { get; }

    /// <summary>The name, if any.</summary>
    public string? Name { get; }

    /// <summary>Opening hours per weekday.</summary>
    public WeeklyHours Hours { get; }

    /// <summary>Local dates closed all day, ascending, without repeats.</summary>
    public EquatableArray<LocalDate> ClosedDates { get; }

    /// <summary>An open-all-the-time library for a code no policy lists.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The library.</returns>
    public static Library AlwaysOpen(string code) => new(code);
}
