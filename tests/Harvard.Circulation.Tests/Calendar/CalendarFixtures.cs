using Harvard.Circulation.Calendar;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Calendar;

/// <summary>Harvard-like calendars in America/New_York.</summary>
internal static class CalendarFixtures
{
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    public static readonly LocalDate Christmas = new(2026, 12, 25);

    /// <summary>Widener: weekdays 09:00–22:00, Saturday 10:00–17:00, Sunday closed; closed on Christmas 2026.</summary>
    public static readonly Library WidenerLibrary = new("WID", "Widener Library", new WeeklyHours(new Dictionary<IsoDayOfWeek, DayHours>
    {
        [IsoDayOfWeek.Monday] = Hours(9, 22),
        [IsoDayOfWeek.Tuesday] = Hours(9, 22),
        [IsoDayOfWeek.Wednesday] = Hours(9, 22),
        [IsoDayOfWeek.Thursday] = Hours(9, 22),
        [IsoDayOfWeek.Friday] = Hours(9, 22),
        [IsoDayOfWeek.Saturday] = Hours(10, 17),
        [IsoDayOfWeek.Sunday] = DayHours.ClosedAllDay,
    }), [Christmas]);

    public static readonly LibraryCalendar Widener = new(WidenerLibrary, NewYork);

    /// <summary>Lamont: open all day every day except closed on Christmas 2026.</summary>
    public static readonly LibraryCalendar Lamont = new(new Library("LAM", "Lamont Library", closedDates: [Christmas]), NewYork);

    public static readonly LibraryCalendar AlwaysOpen = LibraryCalendar.AlwaysOpen("ONLINE", NewYork);

    public static DayHours Hours(int open, int close) =>
        DayHours.Between(new LocalTime(open, 0), close == 24 ? null : new LocalTime(close, 0));

    /// <summary>A local date-time in New York as an instant (leniently).</summary>
    public static Instant At(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        NewYork.AtLeniently(new LocalDateTime(year, month, day, hour, minute, second)).ToInstant();

    public static string Local(Instant instant) => instant.InZone(NewYork).LocalDateTime.ToString("uuuu-MM-dd HH:mm:ss", null);
}
