using Harvard.Circulation.Calendar;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using NodaTime;
using static Harvard.Circulation.Tests.Calendar.CalendarFixtures;

namespace Harvard.Circulation.Tests.Fines;

public class OverdueFineCalculatorTests
{
    private static readonly Instant Due = At(2026, 3, 10, 12);

    /// <summary>FOLIO's textbook rule: 1.00 per hour, at most 10.00.</summary>
    private static FineRule PerHour(Period? grace = null, bool graceDeducted = false) =>
        new(Money.Usd(1.00m), FineInterval.Hour, grace, Money.Usd(10.00m), graceDeducted: graceDeducted);

    /// <summary>Harvard's 3-hour reserve: $3/hour, max $45, 1 hour grace, closed time left out.</summary>
    private static readonly FineRule Reserve = new(Money.Usd(3.00m), FineInterval.Hour, Period.FromHours(1), Money.Usd(45.00m), countClosed: false);

    /// <summary>Harvard's recalled overdue fine: $3/day, max $45.</summary>
    private static readonly FineRule Recalled = new(Money.Usd(3.00m), FineInterval.Day, max: Money.Usd(45.00m));

    private static FineAccrual After(FineRule rule, Duration overdue, LibraryCalendar? calendar = null) =>
        OverdueFineCalculator.Compute(rule, Due, Due + overdue, calendar ?? AlwaysOpen);

    [Fact]
    public void Compute_300MinutesAt1PerHour_Is5() => Assert.Equal(Money.Usd(5.00m), After(PerHour(), Duration.FromMinutes(300)).Amount);

    [Fact]
    public void Compute_900MinutesAt1PerHourMax10_IsCappedAt10()
    {
        var accrual = After(PerHour(), Duration.FromMinutes(900));
        Assert.Equal(Money.Usd(10.00m), accrual.Amount);
        Assert.True(accrual.Capped);
        Assert.Equal(15, accrual.Intervals);
    }

    [Fact]
    public void Compute_60MinutesWithin60MinuteGrace_IsZero() =>
        Assert.Equal(Money.Usd(0m), After(PerHour(Period.FromHours(1)), Duration.FromMinutes(60)).Amount);

    [Fact]
    public void Compute_61MinutesPast60MinuteGraceForgiven_Is2Intervals()
    {
        var accrual = After(PerHour(Period.FromHours(1)), Duration.FromMinutes(61));
        Assert.Equal(Money.Usd(2.00m), accrual.Amount);
        Assert.Equal(2, accrual.Intervals);
        Assert.Equal(61, accrual.ChargeableMinutes);
    }

    [Fact]
    public void Compute_61MinutesPast60MinuteGraceDeducted_Is1()
    {
        var accrual = After(PerHour(Period.FromHours(1), graceDeducted: true), Duration.FromMinutes(61));
        Assert.Equal(Money.Usd(1.00m), accrual.Amount);
        Assert.Equal(1, accrual.ChargeableMinutes);
    }

    [Fact]
    public void Compute_60MinutesAndOneSecond_Counts61Minutes()
    {
        var accrual = After(PerHour(), Duration.FromMinutes(60) + Duration.FromSeconds(1));
        Assert.Equal(61, accrual.OverdueMinutes);
        Assert.Equal(Money.Usd(2.00m), accrual.Amount);
    }

    [Fact]
    public void Compute_UntilAtDue_IsZeroAndNotOverdue()
    {
        var accrual = After(PerHour(), Duration.Zero);
        Assert.Equal(Money.Usd(0m), accrual.Amount);
        Assert.False(accrual.IsOverdue);
        Assert.Equal("not overdue: nothing charged", accrual.Explain());
    }

    [Fact]
    public void Compute_MaxZero_IsNoFineAtAll()
    {
        var rule = new FineRule(Money.Usd(1.00m), FineInterval.Hour, max: Money.Usd(0m));
        var accrual = After(rule, Duration.FromDays(3));
        Assert.Equal(Money.Usd(0m), accrual.Amount);
        Assert.Equal("overdue 4,320 minutes, 72 intervals of 1 hour at 1.00 = 72.00, capped at 0.00 (no fine)", accrual.Explain());
    }

    [Fact]
    public void Compute_RateOfAThirdOfACentPerMinute_RoundsHalfAwayFromZero() =>
        Assert.Equal(Money.Usd(0.01m), After(new FineRule(Money.Usd(0.0025m), FineInterval.Minute), Duration.FromMinutes(2)).Amount);

    [Fact]
    public void Compute_ReserveAcrossClosedNightAndClosedDate_CountsOnlyOpenTime()
    {
        // Due Thursday 24 December 21:00; Widener closes at 22:00, is closed on Christmas, opens Saturday at 10:00.
        var accrual = OverdueFineCalculator.Compute(Reserve, At(2026, 12, 24, 21), At(2026, 12, 26, 12), Widener);
        Assert.Equal(180, accrual.OverdueMinutes);
        Assert.Equal(2_160, accrual.ClosedMinutesLeftOut);
        Assert.Equal(60, accrual.GraceMinutes);
        Assert.Equal(Money.Usd(9.00m), accrual.Amount);
        Assert.Equal("overdue 180 minutes (2,160 closed left out), grace 60 minutes forgiven, 3 intervals of 1 hour at 3.00 = 9.00", accrual.Explain());
    }

    [Fact]
    public void ToString_PrintsTheSentenceNotAFieldDump()
    {
        var accrual = OverdueFineCalculator.Compute(Reserve, At(2026, 12, 24, 21), At(2026, 12, 26, 12), Widener);
        Assert.Equal(accrual.Explain(), accrual.ToString());
        Assert.Equal("overdue 180 minutes (2,160 closed left out), grace 60 minutes forgiven, 3 intervals of 1 hour at 3.00 = 9.00", $"{accrual}");
    }

    [Theory]
    [InlineData(10, 1, 31, "0.00")]   // 30 open minutes before closing + 1 after opening: within the hour of grace
    [InlineData(10, 30, 60, "0.00")]  // exactly the grace's length
    [InlineData(10, 31, 61, "6.00")]  // past it: the whole 61 open minutes, 2 started hours
    public void Compute_ReserveGraceFallingInClosedTime_GraceIsItsLengthInOpenMinutes(int hour, int minute, long overdueMinutes, string expected)
    {
        // Due 21:30, Widener closes at 22:00, is closed on Christmas and opens Saturday at 10:00: most of the
        // hour of grace falls in closed time, yet it still excuses 60 open minutes (Harvard, FOLIO and Koha).
        var accrual = OverdueFineCalculator.Compute(Reserve, At(2026, 12, 24, 21, 30), At(2026, 12, 26, hour, minute), Widener);
        Assert.Equal(60, accrual.GraceMinutes);
        Assert.Equal(overdueMinutes, accrual.OverdueMinutes);
        Assert.Equal(Money.Usd(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), accrual.Amount);
    }

    [Fact]
    public void Compute_ReserveGraceWhollyInOpenTime_ChargesPastTheHour()
    {
        // Due 12:00 on an open Monday: the grace is 12:00-13:00, all open.
        Assert.Equal(Money.Usd(0m), OverdueFineCalculator.Compute(Reserve, At(2026, 3, 2, 12), At(2026, 3, 2, 13), Widener).Amount);
        Assert.Equal(Money.Usd(6.00m), OverdueFineCalculator.Compute(Reserve, At(2026, 3, 2, 12), At(2026, 3, 2, 13, 1), Widener).Amount);
    }

    [Theory]
    [InlineData(false, "6.00")] // 61 open minutes past the grace's length, forgiven: 2 started hours
    [InlineData(true, "3.00")]  // deducted: 1 minute charged, 1 started hour
    public void Compute_ReserveGracePartlyInClosedTime_ForgivenOrDeducted(bool graceDeducted, string expected)
    {
        // Due 21:30 Monday, closes 22:00; Tuesday opens 09:00. Open overdue minutes by 09:31: 30 + 31 = 61.
        var rule = new FineRule(Money.Usd(3.00m), FineInterval.Hour, Period.FromHours(1), Money.Usd(45.00m), countClosed: false, graceDeducted: graceDeducted);
        var accrual = OverdueFineCalculator.Compute(rule, At(2026, 3, 2, 21, 30), At(2026, 3, 3, 9, 31), Widener);
        Assert.Equal(61, accrual.OverdueMinutes);
        Assert.Equal(Money.Usd(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), accrual.Amount);
    }

    [Fact]
    public void Compute_ReserveOverAWeekend_IsCappedAt45()
    {
        var accrual = OverdueFineCalculator.Compute(Reserve, At(2026, 3, 6, 12), At(2026, 3, 12, 12), Widener);
        Assert.True(accrual.Capped);
        Assert.Equal(Money.Usd(45.00m), accrual.Amount);
        Assert.EndsWith("capped at 45.00", accrual.Explain(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(15, "45.00", false)]
    [InlineData(16, "45.00", true)]
    [InlineData(14, "42.00", false)]
    public void Compute_RecalledThreeDollarsPerDay_CapsAt45(int days, string expected, bool capped)
    {
        var accrual = After(Recalled, Duration.FromDays(days));
        Assert.Equal(Money.Usd(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), accrual.Amount);
        Assert.Equal(capped, accrual.Capped);
    }

    [Fact]
    public void Explain_GraceDeducted_SaysHowManyCharged() =>
        Assert.Equal("overdue 61 minutes, grace 60 minutes deducted (1 charged), 1 interval of 1 hour at 1.00 = 1.00",
            After(PerHour(Period.FromHours(1), graceDeducted: true), Duration.FromMinutes(61)).Explain());

    [Fact]
    public void Explain_WithinGrace_SaysNothingCharged() =>
        Assert.Equal("overdue 30 minutes, within the grace of 60 minutes: nothing charged",
            After(PerHour(Period.FromHours(1)), Duration.FromMinutes(30)).Explain());

    [Fact]
    public void FirstChargeInstant_ReserveDueBeforeChristmasClosing_IsOneNanosecondAfterTheGracesLengthInOpenTime()
    {
        // 30 open minutes before the Christmas closing, then 30 after Saturday's opening reach the hour of grace.
        var first = OverdueFineCalculator.FirstChargeInstant(Reserve, At(2026, 12, 24, 21, 30), Widener);
        Assert.Equal(At(2026, 12, 26, 10, 30) + Duration.Epsilon, first);
    }

    [Fact]
    public void FirstChargeInstant_GraceForgivenAlwaysOpen_IsDuePlusGracePlusOneNanosecond() =>
        Assert.Equal(Due + Duration.FromHours(1) + Duration.Epsilon, OverdueFineCalculator.FirstChargeInstant(PerHour(Period.FromHours(1)), Due, AlwaysOpen));

    [Fact]
    public void FirstChargeInstant_ZeroRateOrZeroMax_IsNull()
    {
        Assert.Null(OverdueFineCalculator.FirstChargeInstant(new FineRule(Money.Usd(0m), FineInterval.Hour), Due, AlwaysOpen));
        Assert.Null(OverdueFineCalculator.FirstChargeInstant(new FineRule(Money.Usd(1m), FineInterval.Hour, max: Money.Usd(0m)), Due, AlwaysOpen));
    }

    [Fact]
    public void FirstChargeInstant_RateBelowHalfACent_WaitsForTheFirstCent()
    {
        var rule = new FineRule(Money.Usd(0.001m), FineInterval.Minute);
        var first = OverdueFineCalculator.FirstChargeInstant(rule, Due, AlwaysOpen);
        Assert.Equal(Due + Duration.FromMinutes(4) + Duration.Epsilon, first);
        Assert.Equal(Money.Usd(0.01m), OverdueFineCalculator.Compute(rule, Due, first!.Value, AlwaysOpen).Amount);
        Assert.Equal(Money.Usd(0m), OverdueFineCalculator.Compute(rule, Due, first.Value - Duration.Epsilon, AlwaysOpen).Amount);
    }

    [Fact]
    public void Compute_ReserveWarm_AllocatesNothing()
    {
        var rule = new FineRule(Money.Usd(3.00m), FineInterval.Hour, Period.FromDays(1), Money.Usd(45.00m), countClosed: false);
        var due = At(2026, 3, 6, 12);
        var until = At(2027, 3, 12, 12);
        var accrual = default(FineAccrual);
        for (var i = 0; i < 3; i++)
        {
            accrual = OverdueFineCalculator.Compute(rule, due, until, Widener);
            _ = GC.GetAllocatedBytesForCurrentThread();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            accrual = OverdueFineCalculator.Compute(rule, due, until, Widener);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(accrual.Capped);
    }

    [Fact]
    public void Compute_NullRule_ThrowsNamingRule() =>
        Assert.Equal("rule", Assert.Throws<ArgumentNullException>(() => OverdueFineCalculator.Compute(null!, Due, Due, AlwaysOpen)).ParamName);

    [Fact]
    public void Compute_RateWhoseMantissaHasBit31Set_IsRateTimesIntervals()
    {
        // 21.47483648 has the mantissa 2^31: its low word reads as a negative int. 2 hours: 42.94967296 → 42.95.
        var rule = new FineRule(Money.Usd(21.47483648m), FineInterval.Hour);
        Assert.Equal(Money.Usd(42.95m), After(rule, Duration.FromMinutes(120)).Amount);
    }

    [Fact]
    public void Compute_GraceWithANegativeUnit_CountsItsLength()
    {
        // 2 hours − 30 minutes of grace is 90 minutes: 100 minutes overdue leave 10 chargeable, one started hour.
        var rule = new FineRule(Money.Usd(1.00m), FineInterval.Hour, Period.FromHours(2) + Period.FromMinutes(-30), graceDeducted: true);
        var accrual = After(rule, Duration.FromMinutes(100));
        Assert.Equal(90, accrual.GraceMinutes);
        Assert.Equal(10, accrual.ChargeableMinutes);
        Assert.Equal(Money.Usd(1.00m), accrual.Amount);
    }
}
