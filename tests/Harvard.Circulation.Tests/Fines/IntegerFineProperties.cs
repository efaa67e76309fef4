using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Fines;

/// <summary>
/// The fine's integer path (the calendar's per-date table, minutes and minor units) against the decimal path it
/// replaced, kept as the reference: the same accrual, figure by figure, on random calendars in seven zones — near
/// offset changes, across year boundaries and the table's edges, over spans of up to ten years.
/// </summary>
public class IntegerFineProperties
{
    [Property(MaxTest = 1500, Arbitrary = [typeof(CalendarGenerators)])]
    public bool Compute_RandomRulesAndSpans_EqualsDecimalPath(FineCase c) => SameAccrual(c);

    [Property(MaxTest = 1500)]
    public Property Compute_NearOffsetChangesAndYearEnds_EqualsDecimalPath() =>
        Prop.ForAll(Awkward().ToArbitrary(), SameAccrual);

    [Property(MaxTest = 300)]
    public Property Compute_SpansOfUpToTenYears_EqualsDecimalPath() =>
        Prop.ForAll(Long().ToArbitrary(), SameAccrual);

    [Property(MaxTest = 1000)]
    public Property OpenTimeBetween_NearOffsetChanges_EqualsPeriodByPeriodReference() =>
        Prop.ForAll(Awkward().ToArbitrary(), c => c.Calendar.OpenTimeBetween(c.Due, c.Until) == NaiveReference.OpenTime(c.Calendar, c.Due, c.Until));

    [Fact]
    public void Compute_CapInAnotherCurrency_ThrowsAsTheDecimalPath()
    {
        var calendar = CalendarGenerators.Calendars().Sample(1, 1).Single().Calendar;
        var rule = new FineRule(Money.Usd(1m), FineInterval.Hour, max: new Money(5m, "EUR"));
        var due = Instant.FromUtc(2026, 3, 2, 12, 0);

        Assert.Throws<InvalidOperationException>(() => OverdueFineCalculator.ComputeWithDecimals(rule, due, due + Duration.FromDays(3), calendar));
        Assert.Throws<InvalidOperationException>(() => OverdueFineCalculator.Compute(rule, due, due + Duration.FromDays(3), calendar));
    }

    private static bool SameAccrual(FineCase c)
    {
        var fast = OverdueFineCalculator.Compute(c.Rule, c.Due, c.Until, c.Calendar);
        var reference = OverdueFineCalculator.ComputeWithDecimals(c.Rule, c.Due, c.Until, c.Calendar);
        return fast == reference && fast.Amount.Currency == reference.Amount.Currency
            && decimal.GetBits(fast.Amount.Amount).SequenceEqual(decimal.GetBits(reference.Amount.Amount));
    }

    /// <summary>Rates and caps with more decimals than the cent (rounding half away from zero), zero, and a cap in the
    /// rate's currency named or left as the default.</summary>
    private static Gen<FineRule> Rules() =>
        from amount in Gen.Elements(0m, 0.0001m, 0.005m, 0.125m, 0.25m, 1.00m, 2.675m, 3m, 1234.5678m)
        from per in Gen.Elements(FineInterval.Minute, FineInterval.Hour, FineInterval.Day, FineInterval.Week)
        from grace in Gen.Elements(Period.Zero, Period.FromMinutes(15), Period.FromSeconds(90), Period.FromHours(1), Period.FromDays(1), Period.FromMonths(1))
        from max in Gen.Elements<decimal?>(null, 0m, 0.015m, 0.50m, 7.125m, 45m, 100_000m)
        from countClosed in Gen.Elements(true, false)
        from deducted in Gen.Elements(true, false)
        select new FineRule(Money.Usd(amount), per, grace, max is { } m ? Money.Usd(m) : null, countClosed, deducted);

    /// <summary>Due instants within three hours of an offset change of the calendar's zone (2025–2027), of a local new
    /// year (1970, 2026, 2100: the table's first and last years) or of the table's first and last instants.</summary>
    private static Gen<FineCase> Awkward() =>
        from pick in CalendarGenerators.Calendars()
        from anchorIndex in Gen.Choose(0, 1_000)
        from minutes in Gen.Choose(-180, 180)
        from seconds in Gen.Choose(0, 59)
        from spanMinutes in Gen.Frequency((3, Gen.Choose(0, 3 * 1_440)), (1, Gen.Choose(0, 400 * 1_440)))
        from spanSeconds in Gen.Choose(-30, 30)
        from rule in Rules()
        let anchors = Anchors(pick.Calendar.Zone)
        let due = anchors[anchorIndex % anchors.Length] + Duration.FromMinutes(minutes) + Duration.FromSeconds(seconds)
        select new FineCase(rule, pick.Calendar, pick.Description, due, due + Duration.FromMinutes(spanMinutes) + Duration.FromSeconds(spanSeconds));

    private static Gen<FineCase> Long() =>
        from pick in CalendarGenerators.Calendars()
        from startDay in Gen.Choose(0, 20 * 366)
        from startMinute in Gen.Choose(0, 1_439)
        from spanDays in Gen.Choose(0, 3_653)
        from spanMinute in Gen.Choose(0, 1_439)
        from rule in Rules()
        let due = Instant.FromUtc(2015, 1, 1, 0, 0) + Duration.FromDays(startDay) + Duration.FromMinutes(startMinute)
        select new FineCase(rule, pick.Calendar, pick.Description, due, due + Duration.FromDays(spanDays) + Duration.FromMinutes(spanMinute));

    private static readonly Dictionary<DateTimeZone, Instant[]> AnchorCache = [];

    private static Instant[] Anchors(DateTimeZone zone)
    {
        lock (AnchorCache)
        {
            if (!AnchorCache.TryGetValue(zone, out var anchors))
            {
                var changes = zone.GetZoneIntervals(Instant.FromUtc(2025, 1, 1, 0, 0), Instant.FromUtc(2028, 1, 1, 0, 0))
                    .Where(i => i.HasStart).Select(i => i.Start);
                var newYears = new[] { 1970, 2026, 2100 }.Select(y => zone.AtLeniently(new LocalDateTime(y, 1, 1, 0, 0)).ToInstant());
                var edges = new[] { zone.AtLeniently(LibraryCalendar.TableFirstDate.AtMidnight()).ToInstant(),
                    zone.AtLeniently(LibraryCalendar.TableLastDate.PlusDays(1).AtMidnight()).ToInstant() };
                AnchorCache[zone] = anchors = [.. changes, .. newYears, .. edges];
            }

            return anchors;
        }
    }
}
