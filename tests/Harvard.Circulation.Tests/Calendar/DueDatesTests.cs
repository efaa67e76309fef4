using Harvard.Circulation.Calendar;
using Harvard.Circulation.Policies;
using NodaTime;
using static Harvard.Circulation.Tests.Calendar.CalendarFixtures;

namespace Harvard.Circulation.Tests.Calendar;

public class DueDatesTests
{
    private static LoanTerms Exact(ClosedDue closedDue, Period period) => new(period, DueTime.Exact, closedDue);

    private static LoanTerms EndOfDay(ClosedDue closedDue, Period period) => new(period, DueTime.EndOfDay, closedDue);

    private static string Due(Instant start, LoanTerms terms, LibraryCalendar? calendar = null) =>
        Local(DueDates.Compute(start, terms.Period, terms, calendar ?? Widener));

    [Fact]
    public void Compute_P1DExactAcrossSpringForward_KeepsTheClockTime()
    {
        var start = At(2026, 3, 7, 10);
        var due = DueDates.Compute(start, Period.FromDays(1), Exact(ClosedDue.Keep, Period.FromDays(1)), Lamont);
        Assert.Equal("2026-03-08 10:00:00", Local(due));
        Assert.Equal(Duration.FromHours(23), due - start);
    }

    [Fact]
    public void Compute_PT24HExactAcrossSpringForward_Is24ElapsedHours() =>
        Assert.Equal("2026-03-08 11:00:00", Due(At(2026, 3, 7, 10), Exact(ClosedDue.Keep, Period.FromHours(24)), Lamont));

    [Fact]
    public void Compute_P1DExactAcrossFallBack_KeepsTheClockTime()
    {
        var start = At(2026, 10, 31, 10);
        var due = DueDates.Compute(start, Period.FromDays(1), Exact(ClosedDue.Keep, Period.FromDays(1)), Lamont);
        Assert.Equal("2026-11-01 10:00:00", Local(due));
        Assert.Equal(Duration.FromHours(25), due - start);
    }

    [Fact]
    public void Compute_PT24HExactAcrossFallBack_Is24ElapsedHours() =>
        Assert.Equal("2026-11-01 09:00:00", Due(At(2026, 10, 31, 10), Exact(ClosedDue.Keep, Period.FromHours(24)), Lamont));

    [Fact]
    public void Compute_EndOfDayOnSpringForwardDay_Is235959Local() =>
        Assert.Equal("2026-03-08 23:59:59", Due(At(2026, 3, 7, 10), EndOfDay(ClosedDue.Keep, Period.FromDays(1))));

    [Fact]
    public void Compute_EndOfNextOpenDayOnChristmas_IsEndOfSaturday26th() =>
        Assert.Equal("2026-12-26 23:59:59", Due(At(2026, 11, 27, 14), EndOfDay(ClosedDue.EndOfNextOpenDay, Period.FromDays(28))));

    [Fact]
    public void Compute_EndOfPreviousOpenDayOnChristmas_IsEndOf24th() =>
        Assert.Equal("2026-12-24 23:59:59", Due(At(2026, 11, 27, 14), EndOfDay(ClosedDue.EndOfPreviousOpenDay, Period.FromDays(28))));

    [Fact]
    public void Compute_EndOfNextOpenDayOnClosedSundaySpringForward_IsEndOfMonday() =>
        Assert.Equal("2026-03-09 23:59:59", Due(At(2026, 2, 8, 14), EndOfDay(ClosedDue.EndOfNextOpenDay, Period.FromDays(28))));

    [Fact]
    public void Compute_EndOfPreviousOpenDayOnClosedSunday_IsEndOfSaturday() =>
        Assert.Equal("2026-03-07 23:59:59", Due(At(2026, 2, 8, 14), EndOfDay(ClosedDue.EndOfPreviousOpenDay, Period.FromDays(28))));

    [Fact]
    public void Compute_EndOfNextOpenDayOnOpenDay_Stays() =>
        Assert.Equal("2026-12-24 23:59:59", Due(At(2026, 11, 26, 14), EndOfDay(ClosedDue.EndOfNextOpenDay, Period.FromDays(28))));

    [Fact]
    public void Compute_EndOfNextOpenDayWithExactDueOnClosedDate_JudgedByTheDay() =>
        Assert.Equal("2026-12-26 23:59:59", Due(At(2026, 12, 24, 12), Exact(ClosedDue.EndOfNextOpenDay, Period.FromDays(1))));

    [Fact]
    public void Compute_EndOfNextOpenDayWithExactDueAfterHoursOnOpenDay_Stays() =>
        Assert.Equal("2026-03-10 23:00:00", Due(At(2026, 3, 10, 20), Exact(ClosedDue.EndOfNextOpenDay, Period.FromHours(3))));

    [Fact]
    public void Compute_ReserveEndOfCurrentHoursAfterClosing_IsTheClosingInstant() =>
        Assert.Equal("2026-03-10 22:00:00", Due(At(2026, 3, 10, 20), Exact(ClosedDue.EndOfCurrentHours, Period.FromHours(3))));

    [Fact]
    public void Compute_ReserveBeginningOfNextOpenHoursAfterClosing_IsNextOpening() =>
        Assert.Equal("2026-03-11 09:00:00", Due(At(2026, 3, 10, 20), Exact(ClosedDue.BeginningOfNextOpenHours, Period.FromHours(3))));

    [Fact]
    public void Compute_ReserveKeepAfterClosing_Stays() =>
        Assert.Equal("2026-03-10 23:00:00", Due(At(2026, 3, 10, 20), Exact(ClosedDue.Keep, Period.FromHours(3))));

    [Fact]
    public void Compute_ReserveSaturdayEveningBeginningOfNextOpenHours_IsMondayOpeningAfterDstChange() =>
        Assert.Equal("2026-03-09 09:00:00", Due(At(2026, 3, 7, 16), Exact(ClosedDue.BeginningOfNextOpenHours, Period.FromHours(3))));

    [Fact]
    public void Compute_ReserveSaturdayEveningEndOfCurrentHours_IsSaturdayClosing() =>
        Assert.Equal("2026-03-07 17:00:00", Due(At(2026, 3, 7, 16), Exact(ClosedDue.EndOfCurrentHours, Period.FromHours(3))));

    [Theory]
    [InlineData(ClosedDue.EndOfCurrentHours)]
    [InlineData(ClosedDue.BeginningOfNextOpenHours)]
    public void Compute_DueExactlyAtOpening_IsOpenAndStays(ClosedDue mode) =>
        Assert.Equal("2026-03-10 09:00:00", Due(At(2026, 3, 10, 6), Exact(mode, Period.FromHours(3))));

    [Fact]
    public void Compute_DueExactlyAtClosingEndOfCurrentHours_IsThatClosingInstant()
    {
        var terms = Exact(ClosedDue.EndOfCurrentHours, Period.FromHours(3));
        var explanation = DueDates.Explain(At(2026, 3, 10, 19), terms.Period, terms, Widener);
        Assert.Equal("2026-03-10 22:00:00", Local(explanation.Due));
        Assert.False(explanation.Moved);
    }

    [Fact]
    public void Compute_DueExactlyAtClosingBeginningOfNextOpenHours_IsClosedAndMovesToNextOpening() =>
        Assert.Equal("2026-03-11 09:00:00", Due(At(2026, 3, 10, 19), Exact(ClosedDue.BeginningOfNextOpenHours, Period.FromHours(3))));

    [Fact]
    public void Explain_ClosedDate_SaysWhyAndWhere()
    {
        var terms = EndOfDay(ClosedDue.EndOfNextOpenDay, Period.FromDays(28));
        var explanation = DueDates.Explain(At(2026, 11, 27, 14), terms.Period, terms, Widener);
        Assert.True(explanation.Moved);
        Assert.Equal(ClosedDue.EndOfNextOpenDay, explanation.ClosedDue);
        Assert.Equal("2026-12-25 23:59:59", Local(explanation.BaseDue));
        Assert.Equal("2026-12-25 is a closed date of WID: moved to 23:59:59 on the next open day 2026-12-26", explanation.Reason);
    }

    [Fact]
    public void Explain_StartAtAFractionOfASecond_TextQuotesTheInstantsWithIt()
    {
        var terms = Exact(ClosedDue.Keep, Period.FromHours(3));

        var explanation = DueDates.Explain(At(2026, 3, 10, 6).PlusNanoseconds(1), terms.Period, terms, Widener);

        Assert.Equal(
            "due 2026-03-10T13:00:00.000000001Z = 2026-03-10T10:00:00.000000001Z + PT3H (exact) gives 2026-03-10T13:00:00.000000001Z; "
            + $"closedDue 'keep': {explanation.Reason}",
            explanation.ToString());
    }

    [Fact]
    public void Explain_AfterHours_SaysWhyAndWhere()
    {
        var terms = Exact(ClosedDue.EndOfCurrentHours, Period.FromHours(3));
        var explanation = DueDates.Explain(At(2026, 3, 10, 20), terms.Period, terms, Widener);
        Assert.Equal(
            "2026-03-10 23:00:00 -04 is outside the open hours of WID: moved to the end of the latest open period, 2026-03-10 22:00:00 -04",
            explanation.Reason);
        Assert.Contains("closedDue 'endOfCurrentHours'", explanation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ClosedWeekday_NamesTheWeekday()
    {
        var terms = EndOfDay(ClosedDue.EndOfPreviousOpenDay, Period.FromDays(28));
        Assert.Equal("2026-03-08 is a closed weekday (Sunday) of WID: moved to 23:59:59 on the previous open day 2026-03-07",
            DueDates.Explain(At(2026, 2, 8, 14), terms.Period, terms, Widener).Reason);
    }

    [Fact]
    public void Compute_NullTerms_ThrowsNamingTerms() =>
        Assert.Equal("terms", Assert.Throws<ArgumentNullException>(() => DueDates.Compute(At(2026, 3, 10, 6), Period.FromDays(1), null!, Widener)).ParamName);
}
