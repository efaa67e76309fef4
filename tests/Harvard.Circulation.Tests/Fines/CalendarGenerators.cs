using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Time;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Fines;

/// <summary>A random calendar and a span of instants on it.</summary>
public sealed record CalendarCase(LibraryCalendar Calendar, string Description, Instant From, Instant To)
{
    public override string ToString() => $"{Description}; from {From} to {To}";
}

/// <summary>A random fine rule, calendar, due instant and evaluation instant.</summary>
public sealed record FineCase(FineRule Rule, LibraryCalendar Calendar, string Description, Instant Due, Instant Until)
{
    public override string ToString() =>
        $"{Description}; rule {Rule.Amount}/{Rule.Per} grace {Rule.Grace} max {Rule.Max?.ToString() ?? "none"} countClosed {Rule.CountClosed} deducted {Rule.GraceDeducted}; due {Due} until {Until}";
}

/// <summary>A zone and a local date-time in it.</summary>
public sealed record ZonedLocal(DateTimeZone Zone, LocalDateTime Local, Period Period)
{
    public override string ToString() => $"{Zone.Id} {Local} + {Period}";
}

/// <summary>FsCheck generators for calendars, spans and fine rules (registered with <c>Arbitrary = [typeof(CalendarGenerators)]</c>).</summary>
public static class CalendarGenerators
{
    /// <summary>Zones with DST of one hour, half an hour, at midnight, and none.</summary>
    public static readonly string[] ZoneIds =
        ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "America/Havana", "Asia/Kolkata", "UTC"];

    public static Arbitrary<CalendarCase> CalendarCases() => SpanCases(maxSpanMinutes: 400 * 1_440, minuteAligned: false).ToArbitrary();

    public static Arbitrary<FineCase> FineCases() =>
        (from rule in FineRules()
         from span in SpanCases(maxSpanMinutes: 20 * 1_440, minuteAligned: false)
         select new FineCase(rule, span.Calendar, span.Description, span.From, span.To)).ToArbitrary();

    public static Arbitrary<ZonedLocal> ZonedLocals() =>
        (from zoneId in Gen.Elements(ZoneIds)
         from day in Gen.Choose(0, 3 * 366)
         from minute in Gen.Choose(0, 1_439)
         from days in Gen.Choose(0, 40)
         from hours in Gen.Choose(0, 30)
         from months in Gen.Choose(0, 2)
         select new ZonedLocal(DateTimeZoneProviders.Tzdb[zoneId], new LocalDate(2025, 1, 1).PlusDays(day).At(LocalTime.FromMinutesSinceMidnight(minute)),
             new PeriodBuilder { Months = months, Days = days, Hours = hours }.Build())).ToArbitrary();

    /// <summary>Spans of minute-aligned instants up to a few days, for the minute-by-minute reference.</summary>
    public static Gen<CalendarCase> ShortAlignedSpans() => SpanCases(maxSpanMinutes: 3 * 1_440, minuteAligned: true);

    public static Gen<CalendarCase> SpanCases(int maxSpanMinutes, bool minuteAligned) =>
        from index in Gen.Choose(0, Pool.Length - 1)
        from era in Gen.Frequency((17, Gen.Constant(new LocalDate(2025, 1, 1))), (2, Gen.Constant(new LocalDate(2099, 11, 1))), (1, Gen.Constant(new LocalDate(1969, 11, 1))))
        from startMinute in Gen.Choose(0, 2 * 366 * 1_440)
        from startSecond in minuteAligned ? Gen.Constant(0) : Gen.Choose(0, 59)
        from spanMinutes in Gen.Frequency((3, Gen.Choose(0, 3 * 1_440)), (1, Gen.Choose(0, maxSpanMinutes)))
        from spanSecond in minuteAligned ? Gen.Constant(0) : Gen.Choose(-30, 30)
        select Span(Pool[index], era, startMinute, startSecond, spanMinutes, spanSecond);

    /// <summary>One of the pool's random calendars (seven zones) with its description.</summary>
    public static Gen<(LibraryCalendar Calendar, string Description)> Calendars() => Gen.Elements(Pool);

    public static Gen<FineRule> FineRules() =>
        from amount in Gen.Elements(0m, 0.001m, 0.25m, 1.00m, 3.00m)
        from per in Gen.Elements(FineInterval.Minute, FineInterval.Hour, FineInterval.Day, FineInterval.Week)
        from grace in Gen.Elements(Period.Zero, Period.FromMinutes(15), Period.FromSeconds(90), Period.FromHours(1), Period.FromDays(1))
        from max in Gen.Elements<decimal?>(null, 0m, 0.50m, 10m, 45m)
        from countClosed in Gen.Elements(true, false)
        from deducted in Gen.Elements(true, false)
        select new FineRule(Money.Usd(amount), per, grace, max is { } m ? Money.Usd(m) : null, countClosed, deducted);

    /// <summary>Random calendars built once: each builds its prefix table (tens of milliseconds), so cases share them.
    /// Weekday hours: closed, open all day, or a random [open, close) in 15-minute steps; about one date in eight
    /// closed around 2025–2027, 2099–2100 and 1969–1970.</summary>
    private static readonly (LibraryCalendar Calendar, string Description)[] Pool = BuildPool(21, seed: 20_260_308);

    private static (LibraryCalendar, string)[] BuildPool(int count, int seed)
    {
#pragma warning disable CA5394 // Not security: a fixed seed keeps the pool the same on every run.
        var random = new Random(seed);
        var result = new (LibraryCalendar, string)[count];
        for (var n = 0; n < count; n++)
        {
            var zoneId = ZoneIds[n % ZoneIds.Length];
            var hours = new Dictionary<IsoDayOfWeek, DayHours>();
            for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
            {
                var kind = random.Next(10);
                var open = random.Next(96);
                var close = open + 1 + random.Next(96 - open);
                hours[day] = kind < 2 ? DayHours.ClosedAllDay : kind < 4 ? DayHours.OpenAllDay
                    : DayHours.Between(LocalTime.FromMinutesSinceMidnight(open * 15), close >= 96 ? null : LocalTime.FromMinutesSinceMidnight(close * 15));
            }

            var closed = new List<LocalDate>();
            foreach (var (first, days) in new[] { (new LocalDate(2024, 12, 1), 3 * 366 + 60), (new LocalDate(2099, 10, 1), 2 * 366 + 60), (new LocalDate(1969, 10, 1), 2 * 366 + 60) })
            {
                for (var i = 0; i < days; i++)
                {
                    if (random.Next(8) == 0)
                    {
                        closed.Add(first.PlusDays(i));
                    }
                }
            }
#pragma warning restore CA5394

            var library = new Library($"RANDOM{n}", hours: new WeeklyHours(hours), closedDates: closed);
            var week = string.Join(", ", Enumerable.Range(1, 7).Select(d => hours[(IsoDayOfWeek)d]).Select(h =>
                h.IsClosedAllDay ? "closed" : $"{DayHours.FormatMinute(h.OpenMinute)}-{DayHours.FormatMinute(h.CloseMinute)}"));
            result[n] = (new LibraryCalendar(library, DateTimeZoneProviders.Tzdb[zoneId]), $"RANDOM{n} {zoneId} [{week}]");
        }

        return result;
    }

    private static CalendarCase Span((LibraryCalendar Calendar, string Description) pick, LocalDate era, int startMinute, int startSecond, int spanMinutes, int spanSecond)
    {
        var zone = pick.Calendar.Zone;
        var from = zone.AtLeniently(era.AtMidnight()).ToInstant() + Duration.FromMinutes(startMinute) + Duration.FromSeconds(startSecond);
        var to = from + Duration.FromMinutes(spanMinutes) + Duration.FromSeconds(spanSecond);
        return new CalendarCase(pick.Calendar, pick.Description, from, to);
    }
}

/// <summary>Plain, slow references the fast code is checked against.</summary>
public static class NaiveReference
{
    /// <summary>The open period of a date straight from the policy words, unclipped: <c>[open, close)</c> leniently.</summary>
    public static (Instant Start, Instant End)? Period(LibraryCalendar calendar, LocalDate date)
    {
        if (calendar.IsClosedDay(date))
        {
            return null;
        }

        var hours = calendar.Library.Hours[date.DayOfWeek];
        var zone = calendar.Zone;
        var start = zone.AtLeniently(date + LocalTime.FromMinutesSinceMidnight(hours.OpenMinute)).ToInstant();
        var end = hours.CloseMinute == 1_440
            ? zone.AtLeniently(date.PlusDays(1).AtMidnight()).ToInstant()
            : zone.AtLeniently(date + LocalTime.FromMinutesSinceMidnight(hours.CloseMinute)).ToInstant();
        return (start, end);
    }

    /// <summary>Open time in [from, to), period by period.</summary>
    public static Duration OpenTime(LibraryCalendar calendar, Instant from, Instant to)
    {
        var total = Duration.Zero;
        if (to <= from)
        {
            return total;
        }

        for (var date = from.InZone(calendar.Zone).Date.PlusDays(-1); date <= to.InZone(calendar.Zone).Date.PlusDays(1); date = date.PlusDays(1))
        {
            if (Period(calendar, date) is var (start, end))
            {
                var begin = start > from ? start : from;
                var finish = end < to ? end : to;
                total += finish > begin ? finish - begin : Duration.Zero;
            }
        }

        return total;
    }

    /// <summary>Whether an instant is open, by looking at its own and the previous date's periods.</summary>
    public static bool IsOpen(LibraryCalendar calendar, Instant instant)
    {
        var date = instant.InZone(calendar.Zone).Date;
        return new[] { date.PlusDays(-1), date }.Any(d => Period(calendar, d) is var (start, end) && start <= instant && instant < end);
    }

    /// <summary>The fine, accrued interval by interval over the chargeable minutes.</summary>
    public static Money Fine(FineRule rule, Instant due, Instant until, LibraryCalendar calendar)
    {
        static long CeilMinutes(Duration d) => d <= Duration.Zero ? 0 : (d.ToInt64Nanoseconds() + 59_999_999_999) / 60_000_000_000;

        var counted = rule.CountClosed ? until - due : OpenTime(calendar, due, until);
        // The grace is its length whatever the library's hours (domain.md §3).
        var grace = PolicyTime.Add(due, rule.Grace, calendar.Zone) - due;
        var overdue = until > due ? CeilMinutes(counted) : 0;
        var graceMinutes = CeilMinutes(grace);
        var amount = Money.Usd(0m);
        if (overdue <= graceMinutes)
        {
            return amount;
        }

        var charge = rule.GraceDeducted ? overdue - graceMinutes : overdue;
        var intervalMinutes = rule.Per.Minutes();
        for (var minute = 0L; minute < charge; minute++)
        {
            if (minute % intervalMinutes == 0)
            {
                amount += rule.Amount;
                if (rule.Max is { } max && amount > max)
                {
                    amount = max;
                    break;
                }
            }
        }

        return amount.RoundToCent();
    }
}
