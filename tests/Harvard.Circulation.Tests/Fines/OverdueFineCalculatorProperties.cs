using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Time;
using Harvard.Circulation.Fines;
using NodaTime;

namespace Harvard.Circulation.Tests.Fines;

public class OverdueFineCalculatorProperties
{
    [Property(MaxTest = 1000, Arbitrary = [typeof(CalendarGenerators)])]
    public bool OpenTimeBetween_RandomCalendarsAndSpans_EqualsPeriodByPeriodReference(CalendarCase c) =>
        c.Calendar.OpenTimeBetween(c.From, c.To) == NaiveReference.OpenTime(c.Calendar, c.From, c.To);

    [Fact]
    public void OpenTimeBetween_ShortAlignedSpans_EqualsMinuteByMinuteCount() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(CalendarGenerators.ShortAlignedSpans().ToArbitrary(), c =>
        {
            var minutes = 0L;
            for (var m = c.From; m < c.To; m += Duration.FromMinutes(1))
            {
                if (NaiveReference.IsOpen(c.Calendar, m))
                {
                    minutes++;
                }
            }

            return c.Calendar.OpenTimeBetween(c.From, c.To) == Duration.FromMinutes(minutes);
        }));

    [Property(MaxTest = 500, Arbitrary = [typeof(CalendarGenerators)])]
    public bool IsOpen_RandomCalendars_EqualsReference(CalendarCase c) =>
        c.Calendar.IsOpen(c.From) == NaiveReference.IsOpen(c.Calendar, c.From);

    [Property(MaxTest = 500, Arbitrary = [typeof(CalendarGenerators)])]
    public bool InstantWhenOpenTimeReaches_RandomSpans_IsTheEarliestInstantReachingIt(CalendarCase c)
    {
        var open = c.Calendar.OpenTimeBetween(c.From, c.To);
        var reached = c.Calendar.InstantWhenOpenTimeReaches(c.From, open);
        return reached <= (c.To > c.From ? c.To : c.From)
            && c.Calendar.OpenTimeBetween(c.From, reached) == open
            && (reached == c.From || c.Calendar.OpenTimeBetween(c.From, reached - Duration.Epsilon) < open);
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(CalendarGenerators)])]
    public bool Compute_RandomRules_EqualsMinuteByMinuteReference(FineCase c) =>
        OverdueFineCalculator.Compute(c.Rule, c.Due, c.Until, c.Calendar).Amount == NaiveReference.Fine(c.Rule, c.Due, c.Until, c.Calendar);

    [Property(MaxTest = 1000, Arbitrary = [typeof(CalendarGenerators)])]
    public bool Compute_RandomRules_NeverAboveTheCap(FineCase c)
    {
        var accrual = OverdueFineCalculator.Compute(c.Rule, c.Due, c.Until, c.Calendar);
        return accrual.Amount.Amount >= 0m && (c.Rule.Max is not { } max || accrual.Amount <= max.RoundToCent());
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(CalendarGenerators)])]
    public bool Compute_UntilGrows_NeverDecreases(FineCase c, PositiveInt extraMinutes)
    {
        var later = c.Until + Duration.FromMinutes(extraMinutes.Get % 5_000) + Duration.FromSeconds(extraMinutes.Get % 61);
        return OverdueFineCalculator.Compute(c.Rule, c.Due, c.Until, c.Calendar).Amount
            <= OverdueFineCalculator.Compute(c.Rule, c.Due, later, c.Calendar).Amount;
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(CalendarGenerators)])]
    public bool FirstChargeInstant_RandomRules_IsWhereTheFineTurnsPositive(FineCase c)
    {
        var first = OverdueFineCalculator.FirstChargeInstant(c.Rule, c.Due, c.Calendar);
        if (first is not { } at)
        {
            // Never positive: not within the generated span either.
            return OverdueFineCalculator.Compute(c.Rule, c.Due, c.Until, c.Calendar).Amount.IsZero;
        }

        return OverdueFineCalculator.Compute(c.Rule, c.Due, at, c.Calendar).Amount.IsPositive
            && OverdueFineCalculator.Compute(c.Rule, c.Due, at - Duration.Epsilon, c.Calendar).Amount.IsZero;
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(CalendarGenerators)])]
    public bool Leniently_DstZones_EqualsNodaTime(ZonedLocal z) =>
        ZoneMapping.Leniently(z.Zone, z.Local) == z.Zone.AtLeniently(z.Local).ToInstant();

    [Property(MaxTest = 1000, Arbitrary = [typeof(CalendarGenerators)])]
    public bool PolicyTimeAdd_DateParts_EqualsNodaTimePeriodAddition(ZonedLocal z)
    {
        var start = z.Zone.AtLeniently(z.Local).ToInstant();
        var datePart = new PeriodBuilder { Months = z.Period.Months, Days = z.Period.Days }.Build();
        var expected = z.Zone.AtLeniently(start.InZone(z.Zone).LocalDateTime + datePart).ToInstant() + Duration.FromHours(z.Period.Hours);
        return PolicyTime.Add(start, z.Period, z.Zone) == expected;
    }
}
