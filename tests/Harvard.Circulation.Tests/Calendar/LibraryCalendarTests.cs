using Harvard.Circulation.Calendar;
using Harvard.Circulation.Policies;
using NodaTime;
using static Harvard.Circulation.Tests.Calendar.CalendarFixtures;

namespace Harvard.Circulation.Tests.Calendar;

public class LibraryCalendarTests
{
    [Fact]
    public void IsOpen_AtOpeningInstant_IsOpen() => Assert.True(Widener.IsOpen(At(2026, 3, 10, 9)));

    [Fact]
    public void IsOpen_AtClosingInstant_IsClosed() => Assert.False(Widener.IsOpen(At(2026, 3, 10, 22)));

    [Fact]
    public void IsOpen_OneNanosecondBeforeClosing_IsOpen() => Assert.True(Widener.IsOpen(At(2026, 3, 10, 22) - Duration.Epsilon));

    [Fact]
    public void IsOpen_OnClosedDateAtNoon_IsClosed() => Assert.False(Widener.IsOpen(At(2026, 12, 25, 12)));

    [Fact]
    public void IsClosedDay_ClosedWeekdayAndClosedDate_AreClosed()
    {
        Assert.True(Widener.IsClosedDay(new LocalDate(2026, 3, 8)));
        Assert.True(Widener.IsClosedDay(Christmas));
        Assert.False(Widener.IsClosedDay(new LocalDate(2026, 12, 24)));
    }

    [Fact]
    public void NextOpenDay_SaturdayBeforeClosedSunday_IsMonday() =>
        Assert.Equal(new LocalDate(2026, 3, 9), Widener.NextOpenDay(new LocalDate(2026, 3, 7)));

    [Fact]
    public void PreviousOpenDay_MondayAfterClosedSunday_IsSaturday() =>
        Assert.Equal(new LocalDate(2026, 3, 7), Widener.PreviousOpenDay(new LocalDate(2026, 3, 9)));

    [Fact]
    public void NextOpenDay_ChristmasThenOpenSaturday_IsTheSaturday() =>
        Assert.Equal(new LocalDate(2026, 12, 26), Widener.NextOpenDay(new LocalDate(2026, 12, 24)));

    [Fact]
    public void NextOpenDay_LibraryClosedEveryDay_ThrowsNamingTheLibrary()
    {
        var closed = new LibraryCalendar(new Library("ANNEX", hours: new WeeklyHours(
            Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).ToDictionary(d => d, _ => DayHours.ClosedAllDay))), NewYork);
        var ex = Assert.Throws<InvalidOperationException>(() => closed.NextOpenDay(new LocalDate(2026, 1, 1)));
        Assert.Equal("Library 'ANNEX' has no open day within 3,660 days after 2026-01-01: it is closed every day.", ex.Message);
    }

    [Fact]
    public void EndOfDay_SpringForwardDay_Is235959Local() =>
        Assert.Equal("2026-03-08 23:59:59", Local(Widener.EndOfDay(new LocalDate(2026, 3, 8))));

    [Fact]
    public void OpenTimeBetween_OpenAllDayOnSpringForwardDay_Is23Hours() =>
        Assert.Equal(Duration.FromHours(23), Lamont.OpenTimeBetween(At(2026, 3, 8, 0), At(2026, 3, 9, 0)));

    [Fact]
    public void OpenTimeBetween_OpenAllDayOnFallBackDay_Is25Hours() =>
        Assert.Equal(Duration.FromHours(25), Lamont.OpenTimeBetween(At(2026, 11, 1, 0), At(2026, 11, 2, 0)));

    [Fact]
    public void OpenTimeBetween_WidenerWeekAroundChristmas_SumsEachDaysHours()
    {
        // Mon 21st .. Thu 24th: 4 × 13 h; Fri 25th closed; Sat 26th 7 h; Sun 27th closed.
        var open = Widener.OpenTimeBetween(At(2026, 12, 21, 0), At(2026, 12, 28, 0));
        Assert.Equal(Duration.FromHours((4 * 13) + 7), open);
    }

    [Fact]
    public void OpenTimeBetween_ToNotAfterFrom_IsZero() =>
        Assert.Equal(Duration.Zero, Widener.OpenTimeBetween(At(2026, 3, 10, 12), At(2026, 3, 10, 11)));

    [Fact]
    public void OpenTimeBetween_AcrossTheTableEnd_MatchesDayByDaySum()
    {
        var calendar = Widener;
        var from = calendar.Zone.AtLeniently(new LocalDateTime(2200, 12, 20, 12, 0)).ToInstant();
        var to = calendar.Zone.AtLeniently(new LocalDateTime(2201, 1, 10, 12, 0)).ToInstant();
        var expected = Duration.Zero;
        for (var date = new LocalDate(2200, 12, 20); date <= new LocalDate(2201, 1, 10); date = date.PlusDays(1))
        {
            if (calendar.TryOpenPeriod(date, out var start, out var end))
            {
                var begin = start > from ? start : from;
                var finish = end < to ? end : to;
                expected += finish > begin ? finish - begin : Duration.Zero;
            }
        }

        Assert.Equal(expected, calendar.OpenTimeBetween(from, to));
    }

    [Fact]
    public void EndOfLatestOpenPeriodAtOrBefore_SundayNoon_IsSaturdayClosing() =>
        Assert.Equal(At(2026, 3, 7, 17), Widener.EndOfLatestOpenPeriodAtOrBefore(At(2026, 3, 8, 12)));

    [Fact]
    public void EndOfLatestOpenPeriodAtOrBefore_ExactlyAtClosing_IsThatInstant() =>
        Assert.Equal(At(2026, 3, 10, 22), Widener.EndOfLatestOpenPeriodAtOrBefore(At(2026, 3, 10, 22)));

    [Fact]
    public void StartOfNextOpenPeriodAfter_SundayNoon_IsMondayOpening() =>
        Assert.Equal(At(2026, 3, 9, 9), Widener.StartOfNextOpenPeriodAfter(At(2026, 3, 8, 12)));

    [Fact]
    public void InstantWhenOpenTimeReaches_OneHourFromSaturdayEvening_IsMondayTen() =>
        Assert.Equal(At(2026, 3, 9, 10), Widener.InstantWhenOpenTimeReaches(At(2026, 3, 7, 17), Duration.FromHours(1)));

    [Fact]
    public void InstantWhenOpenTimeReaches_ExactlyTheDaysRemainder_IsTheClosingInstant() =>
        Assert.Equal(At(2026, 3, 10, 22), Widener.InstantWhenOpenTimeReaches(At(2026, 3, 10, 21), Duration.FromHours(1)));

    [Fact]
    public void InstantWhenOpenTimeReaches_Zero_IsFrom() =>
        Assert.Equal(At(2026, 3, 8, 12), Widener.InstantWhenOpenTimeReaches(At(2026, 3, 8, 12), Duration.Zero));

    [Fact]
    public void InstantWhenOpenTimeReaches_Negative_ThrowsNamingOpenTime() =>
        Assert.Equal("openTime", Assert.Throws<ArgumentOutOfRangeException>(() => Widener.InstantWhenOpenTimeReaches(At(2026, 3, 8, 12), Duration.FromSeconds(-1))).ParamName);

    [Fact]
    public void InstantWhenOpenTimeReaches_AYearOfOpenTime_RoundTripsThroughOpenTimeBetween()
    {
        var from = At(2026, 3, 8, 12);
        var reached = Widener.InstantWhenOpenTimeReaches(from, Duration.FromHours(4_000));
        Assert.Equal(Duration.FromHours(4_000), Widener.OpenTimeBetween(from, reached));
        Assert.True(Widener.IsOpen(reached - Duration.Epsilon));
    }

    [Fact]
    public void AlwaysOpen_OpenTimeBetween_IsElapsedTime() =>
        Assert.Equal(Duration.FromHours(49), AlwaysOpen.OpenTimeBetween(At(2026, 3, 7, 0), At(2026, 3, 9, 2)));

    [Fact]
    public void Constructor_NullZone_ThrowsNamingZone() =>
        Assert.Equal("zone", Assert.Throws<ArgumentNullException>(() => new LibraryCalendar(WidenerLibrary, null!)).ParamName);
}
