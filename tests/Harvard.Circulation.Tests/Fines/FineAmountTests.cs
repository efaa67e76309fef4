using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Fines;

/// <summary>
/// The integer fine path called directly. Through <see cref="OverdueFineCalculator.Compute"/> a case it wrongly
/// declines is answered by the decimal path with the same figures, so only a direct call shows that the integers
/// cover what they claim to (rate × intervals, the cap at mixed scales, rounding half away from zero to the cent).
/// </summary>
public class FineAmountTests
{
    private static FineAmount Amount(decimal rate, decimal? cap, long intervals)
    {
        var rule = new FineRule(Money.Usd(rate), FineInterval.Hour, max: cap is { } m ? Money.Usd(m) : null);
        Assert.True(FineAmount.TryCompute(new IntegerFineRule(rule), intervals, out var amount));
        return amount;
    }

    private static void AssertAmount(FineAmount amount, ulong units, int scale, bool capped)
    {
        Assert.Equal(units, amount.Units);
        Assert.Equal(scale, amount.Scale);
        Assert.Equal(capped, amount.Capped);
    }

    [Fact]
    public void TryCompute_NoCap_IsRateTimesIntervalsAtTheRateScale() => AssertAmount(Amount(0.25m, null, 7), 175, 2, false);

    [Theory]
    [InlineData(10, 1000UL, false)] // 10 × 1.00 = 10.00: at the cap, not above it
    [InlineData(11, 1000UL, true)]  // 11.00 > 10.00
    public void TryCompute_CapAtTheRateScale_ChargesTheCapOnlyAboveIt(long intervals, ulong units, bool capped) =>
        AssertAmount(Amount(1.00m, 10.00m, intervals), units, 2, capped);

    [Theory]
    [InlineData(4, 50UL, false)] // 4 × 0.125 = 0.500, equal to 0.5: 0.50
    [InlineData(5, 5UL, true)]   // 0.625 > 0.5: the cap, at its own scale 1
    public void TryCompute_RateFinerThanCap_ComparesAtTheRateScale(long intervals, ulong units, bool capped)
    {
        var amount = Amount(0.125m, 0.5m, intervals);
        AssertAmount(amount, units, capped ? 1 : 2, capped);
        Assert.Equal(0.50m, amount.ToDecimal());
    }

    [Theory]
    [InlineData(3, 15UL, 1, false)] // 3 × 0.5 = 1.5, equal to 1.500: the rate's figure at scale 1
    [InlineData(4, 150UL, 2, true)] // 2.0 > 1.500: the cap, rounded from scale 3 to the cent
    public void TryCompute_CapFinerThanRate_ComparesAtTheCapScale(long intervals, ulong units, int scale, bool capped) =>
        AssertAmount(Amount(0.5m, 1.500m, intervals), units, scale, capped);

    [Fact]
    public void TryCompute_RateFinerThanCapAndFarBelowIt_IsNotCapped() =>
        // 1 × 0.001 against 7: a comparison at the wrong scale (1 against 7) would be right by luck; 7000 against 1 is not.
        AssertAmount(Amount(0.001m, 7m, 1), 0, 2, false);

    [Theory]
    [InlineData(0.005, 1, 1UL)]    // 0.005 → 0.01: half a cent rounds up
    [InlineData(0.005, 5, 3UL)]    // 0.025 → 0.03: away from zero, not to even (0.02)
    [InlineData(0.0049, 1, 0UL)]   // 0.0049 → 0.00: under half a cent
    [InlineData(0.0051, 1, 1UL)]   // 0.0051 → 0.01
    [InlineData(0.125, 3, 38UL)]   // 0.375 → 0.38
    [InlineData(2.675, 1, 268UL)]  // 2.675 → 2.68 (exact in decimal, unlike in binary)
    public void TryCompute_MoreDecimalsThanTheCent_RoundsHalfAwayFromZero(double rate, long intervals, ulong cents) =>
        AssertAmount(Amount((decimal)rate, null, intervals), cents, 2, false);

    [Fact]
    public void TryCompute_CapWithMoreDecimalsThanTheCent_RoundsTheCap() =>
        // 100 × 0.01 = 1.00 > 0.015: the cap, 0.015 → 0.02.
        AssertAmount(Amount(0.01m, 0.015m, 100), 2, 2, true);

    [Fact]
    public void TryCompute_EighteenDecimals_IsCovered() =>
        // 10^16 × 10^−18 = 0.01: scale 18 is the last the powers of ten reach.
        AssertAmount(Amount(0.000000000000000001m, null, 10_000_000_000_000_000), 1, 2, false);

    [Fact]
    public void TryCompute_ProductFillingSixtyFourBits_IsCovered() =>
        AssertAmount(Amount(ulong.MaxValue, null, 1), ulong.MaxValue, 0, false);

    [Fact]
    public void TryCompute_ProductBeyondSixtyFourBits_Declines()
    {
        var rule = new FineRule(Money.Usd(ulong.MaxValue), FineInterval.Hour);
        Assert.False(FineAmount.TryCompute(new IntegerFineRule(rule), 2, out _));
    }

    [Fact]
    public void TryCompute_CapInAnotherCurrency_Declines()
    {
        var rule = new FineRule(Money.Usd(1m), FineInterval.Hour, max: new Money(5m, "EUR"));
        Assert.False(FineAmount.TryCompute(new IntegerFineRule(rule), 1, out _));
    }

    [Fact]
    public void TryCompute_CapOfTheDefaultMoney_IsTheRateCurrency()
    {
        // A cap left as default(Money) has no currency: it is the rate's dollars, as Money.WithAmount reads it.
        var rule = new FineRule(Money.Usd(1m), FineInterval.Hour, max: default(Money));
        Assert.True(new IntegerFineRule(rule).Integer);
    }

    [Fact]
    public void TryCompute_CapNamingTheRateCurrency_IsCovered()
    {
        var rule = new FineRule(new Money(1m, "EUR"), FineInterval.Hour, max: new Money(5m, "EUR"));
        Assert.True(new IntegerFineRule(rule).Integer);
    }

    [Fact]
    public void ToMoney_Capped_IsInTheCapCurrency()
    {
        // The default money as the rate is US dollars; the cap names dollars too, so the figures stay integers.
        var rule = new FineRule(default, FineInterval.Hour, max: Money.Usd(0m));
        Assert.True(FineAmount.TryCompute(new IntegerFineRule(rule), 1, out var amount));
        Assert.Equal(Money.Usd(0m), amount.ToMoney(rule));
        Assert.Equal("USD", amount.ToMoney(rule).Currency);
    }

    [Fact]
    public void ToDecimal_UnitsAboveThirtyTwoBits_KeepsTheHighWord() =>
        Assert.Equal(12_345_678_901.23m, new FineAmount(1_234_567_890_123, 2, false).ToDecimal());

    [Theory]
    [InlineData("1.5", true, 15UL, 1)]
    [InlineData("0.000000000000000001", true, 1UL, 18)]
    [InlineData("0.0000000000000000001", false, 1UL, 19)]      // 19 decimals: past the powers of ten
    [InlineData("18446744073709551615", true, ulong.MaxValue, 0)]
    [InlineData("18446744073709551616", false, 0UL, 0)]        // 2^64: the mantissa needs a third word
    [InlineData("-1.5", false, 15UL, 1)]
    public void TryUnits_Decimal_ReadsMantissaAndScale(string text, bool fits, ulong units, int scale)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(fits, FineAmount.TryUnits(value, out var readUnits, out var readScale));
        Assert.Equal(scale, readScale);
        Assert.Equal(units, readUnits);
    }

    [Theory]
    [InlineData(-1L, 0L)]
    [InlineData(0L, 0L)]
    [InlineData(1L, 1L)]
    [InlineData(60_000_000_000L, 1L)]
    [InlineData(60_000_000_001L, 2L)]
    [InlineData(120_000_000_000L, 2L)]
    public void CeilingMinutes_Nanoseconds_CountsAStartedMinute(long nanoseconds, long minutes) =>
        Assert.Equal(minutes, IntegerFineRule.CeilingMinutes(nanoseconds));

    [Theory]
    [InlineData(FineInterval.Minute, 61L, 61L)]
    [InlineData(FineInterval.Hour, 60L, 1L)]
    [InlineData(FineInterval.Hour, 61L, 2L)]
    [InlineData(FineInterval.Day, 1_440L, 1L)]
    [InlineData(FineInterval.Day, 1_441L, 2L)]
    [InlineData(FineInterval.Week, 10_080L, 1L)]
    [InlineData(FineInterval.Week, 10_081L, 2L)]
    public void Intervals_ChargeableMinutes_RoundsUp(FineInterval per, long chargeable, long intervals) =>
        Assert.Equal(intervals, new IntegerFineRule(new FineRule(Money.Usd(1m), per)).Intervals(chargeable));
}

/// <summary>The grace as the integer path reads it once per rule: elapsed minutes when it has no date part and no
/// unit out of range, else left to the zone.</summary>
public class FineRuleFiguresTests
{
    private static FineRuleFigures Figures(Period grace) => new FineRule(Money.Usd(1m), FineInterval.Hour, grace).Figures;

    [Theory]
    [InlineData(0, 0, 90, 2L)]  // 90 s: a started minute counts
    [InlineData(1, 15, 0, 75L)]
    public void Figures_TimeGrace_IsFixedInWholeMinutes(long hours, long minutes, long seconds, long graceMinutes)
    {
        var figures = Figures(Period.FromHours(hours) + Period.FromMinutes(minutes) + Period.FromSeconds(seconds));
        Assert.True(figures.FixedGrace);
        Assert.Equal(graceMinutes, figures.GraceMinutes);
    }

    [Fact]
    public void Figures_NegativeUnit_IsLeftToTheZone()
    {
        // 2 h − 30 min: the zone path adds it and counts 90 minutes; the figures do not try.
        var figures = Figures(Period.FromHours(2) + Period.FromMinutes(-30));
        Assert.False(figures.FixedGrace);
        Assert.Equal(0L, figures.GraceMinutes);
    }

    [Fact]
    public void Figures_MillisecondsTicksAndNanoseconds_AddUp()
    {
        // 59 s + 999 ms + 9,999 ticks + 100 ns = 60 s exactly: one minute, not two.
        var grace = Period.FromSeconds(59) + Period.FromMilliseconds(999) + Period.FromTicks(9_999) + Period.FromNanoseconds(100);
        Assert.True(Figures(grace).FixedGrace);
        Assert.Equal(1L, Figures(grace).GraceMinutes);
        Assert.Equal(2L, Figures(grace + Period.FromNanoseconds(1)).GraceMinutes);
    }

    [Fact]
    public void Figures_DateGrace_IsLeftToTheZone()
    {
        var figures = Figures(Period.FromDays(1));
        Assert.False(figures.FixedGrace);
        Assert.Equal(0L, figures.GraceMinutes);
    }

    [Theory]
    [InlineData(320_254L, true)]   // under 2^60 ns
    [InlineData(320_256L, false)]  // over 2^60 ns: the zone path
    public void Figures_HoursNearTheLimit_AreFixedOnlyBelowIt(long hours, bool fixedGrace) =>
        Assert.Equal(fixedGrace, Figures(Period.FromHours(hours)).FixedGrace);

    [Theory]
    [InlineData("minutes")]
    [InlineData("seconds")]
    [InlineData("milliseconds")]
    [InlineData("ticks")]
    [InlineData("nanoseconds")]
    public void Figures_UnitOfTwoToTheSixtyNanoseconds_IsLeftToTheZone(string unit)
    {
        // Each unit's limit is 2^60 ns: a term at it could overflow the sum of six.
        const long Limit = 1L << 60;
        var grace = unit switch
        {
            "minutes" => Period.FromMinutes((Limit / 60_000_000_000) + 1),
            "seconds" => Period.FromSeconds((Limit / 1_000_000_000) + 1),
            "milliseconds" => Period.FromMilliseconds((Limit / 1_000_000) + 1),
            "ticks" => Period.FromTicks((Limit / 100) + 1),
            _ => Period.FromNanoseconds(Limit),
        };
        Assert.False(Figures(grace).FixedGrace);
    }
}
