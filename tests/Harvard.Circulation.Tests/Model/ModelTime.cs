using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Model;

/// <summary>
/// The reference model's time: period arithmetic, library calendars, due dates and overdue fines, written from
/// policy-format.md ("Time arithmetic", closedDue) and domain.md §3 alone. Slow on purpose: open time is found by
/// walking local dates one by one, nothing is cached.
/// </summary>
internal sealed class ModelTime
{
    /// <summary>How far the model looks for an open day or period (the engine's documented 3,660 days).</summary>
    private const int SearchDays = 3_660;

    private static readonly Duration OneNanosecond = Duration.FromNanoseconds(1);

    private readonly Policy policy;

    public ModelTime(Policy policy) => this.policy = policy;


    private DateTimeZone Zone => policy.TimeZone;

    // ---- period arithmetic -------------------------------------------------------------------------------

    /// <summary>The date part (years, months, weeks, days) on the local calendar, kept clock time, mapped back
    /// leniently; then the time part as elapsed time.</summary>
    public Instant Add(Instant instant, Period period)
    {
        var datePart = new PeriodBuilder { Years = period.Years, Months = period.Months, Weeks = period.Weeks, Days = period.Days }.Build();
        var result = instant;
        if (!datePart.Equals(Period.Zero))
        {
            var local = instant.InZone(Zone).LocalDateTime + datePart;
            result = Zone.AtLeniently(local).ToInstant();
        }

        return result + TimePart(period);
    }

    /// <summary>Subtracting mirrors adding: the date part back on the local calendar, then the time part.</summary>
    public Instant Subtract(Instant instant, Period period)
    {
        var datePart = new PeriodBuilder { Years = period.Years, Months = period.Months, Weeks = period.Weeks, Days = period.Days }.Build();
        var result = instant;
        if (!datePart.Equals(Period.Zero))
        {
            var local = instant.InZone(Zone).LocalDateTime - datePart;
            result = Zone.AtLeniently(local).ToInstant();
        }

        return result - TimePart(period);
    }

    private static Duration TimePart(Period p) =>
        Duration.FromHours(p.Hours) + Duration.FromMinutes(p.Minutes) + Duration.FromSeconds(p.Seconds)
        + Duration.FromMilliseconds(p.Milliseconds) + Duration.FromTicks(p.Ticks) + Duration.FromNanoseconds(p.Nanoseconds);

    public LocalDate DateOf(Instant instant) => instant.InZone(Zone).Date;

    private Instant EndOfDay(LocalDate date) => Zone.AtLeniently(date.At(new LocalTime(23, 59, 59))).ToInstant();

    // ---- library calendar --------------------------------------------------------------------------------

    private Library? LibraryOf(string code) => policy.Libraries.FirstOrDefault(l => l.Code == code);

    /// <summary>A closed day: the weekday's hours are [] or the date is a closed date. A library the policy
    /// does not list is never closed.</summary>
    public bool IsClosedDay(string library, LocalDate date)
    {
        var lib = LibraryOf(library);
        return lib is not null && (lib.Hours[date.DayOfWeek].IsClosedAllDay || lib.ClosedDates.Contains(date));
    }

    /// <summary>The date's open period [start, end), or null on a closed day. Open all day is local midnight to
    /// the next local midnight; the period is kept within the date's own instants.</summary>
    public (Instant Start, Instant End)? OpenPeriod(string library, LocalDate date)
    {
        if (IsClosedDay(library, date))
        {
            return null;
        }

        var dayStart = Zone.AtStartOfDay(date).ToInstant();
        var dayEnd = Zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
        var lib = LibraryOf(library);
        if (lib is null)
        {
            return (dayStart, dayEnd);
        }

        var hours = lib.Hours[date.DayOfWeek];
        var start = hours.OpenMinute == 0 ? dayStart : Zone.AtLeniently(date.At(LocalTime.FromMinutesSinceMidnight(hours.OpenMinute))).ToInstant();
        var end = hours.CloseMinute == 1_440 ? dayEnd : Zone.AtLeniently(date.At(LocalTime.FromMinutesSinceMidnight(hours.CloseMinute))).ToInstant();
        if (start < dayStart)
        {
            start = dayStart;
        }

        if (end > dayEnd)
        {
            end = dayEnd;
        }

        return end > start ? (start, end) : (start, start);
    }

    public bool IsOpen(string library, Instant instant)
    {
        var date = DateOf(instant);
        for (var d = date.PlusDays(-1); d <= date.PlusDays(1); d = d.PlusDays(1))
        {
            if (OpenPeriod(library, d) is { } p && p.Start <= instant && instant < p.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Open time in [from, to), by walking every local date.</summary>
    public Duration OpenTimeBetween(string library, Instant from, Instant to)
    {
        var total = Duration.Zero;
        if (to <= from)
        {
            return total;
        }

        var last = DateOf(to).PlusDays(1);
        for (var d = DateOf(from).PlusDays(-1); d <= last; d = d.PlusDays(1))
        {
            if (OpenPeriod(library, d) is { } p)
            {
                var a = p.Start > from ? p.Start : from;
                var b = p.End < to ? p.End : to;
                if (b > a)
                {
                    total += b - a;
                }
            }
        }

        return total;
    }

    // ---- due dates ---------------------------------------------------------------------------------------

    /// <summary>The due instant of a loan or renewal made at <paramref name="start"/> for <paramref name="period"/>.</summary>
    public Instant DueDate(Instant start, Period period, LoanTerms terms, string library)
    {
        var raw = Add(start, period);
        var due = terms.DueTime == DueTime.EndOfDay ? EndOfDay(DateOf(raw)) : raw;
        Instant? moved = null;
        switch (terms.ClosedDue)
        {
            case ClosedDue.EndOfPreviousOpenDay:
            case ClosedDue.EndOfNextOpenDay:
                var date = DateOf(due);
                if (IsClosedDay(library, date))
                {
                    var step = terms.ClosedDue == ClosedDue.EndOfNextOpenDay ? 1 : -1;
                    for (var i = 1; i <= SearchDays; i++)
                    {
                        var candidate = date.PlusDays(i * step);
                        if (!IsClosedDay(library, candidate))
                        {
                            moved = EndOfDay(candidate);
                            break;
                        }
                    }
                }

                break;
            case ClosedDue.EndOfCurrentHours:
                if (!IsOpen(library, due))
                {
                    // the end of the latest open period that ended at or before the due
                    var d0 = DateOf(due);
                    for (var i = 1; i >= -SearchDays; i--)
                    {
                        if (OpenPeriod(library, d0.PlusDays(i)) is { } p && p.End > p.Start && p.End <= due)
                        {
                            moved = p.End;
                            break;
                        }
                    }
                }

                break;
            case ClosedDue.BeginningOfNextOpenHours:
                if (!IsOpen(library, due))
                {
                    var d0 = DateOf(due);
                    for (var i = -1; i <= SearchDays; i++)
                    {
                        if (OpenPeriod(library, d0.PlusDays(i)) is { } p && p.End > p.Start && p.Start > due)
                        {
                            moved = p.Start;
                            break;
                        }
                    }
                }

                break;
            default:
                break;
        }

        // A move never puts the due before the loan or renewal instant: then the due stays.
        return moved is { } m && m >= start ? m : due;
    }

    // ---- overdue fines -----------------------------------------------------------------------------------

    /// <summary>The grace in minutes: its length, the elapsed minutes from due to due + grace (period
    /// arithmetic; PT1H = 60), whatever the library's hours (docs/design-choices.md).</summary>
    private long GraceMinutes(FineRule rule, Instant due) => CeilMinutes(Add(due, rule.Grace) - due);

    private static long CeilMinutes(Duration d)
    {
        var ns = d.ToInt64Nanoseconds();
        const long perMinute = 60_000_000_000L;
        return ns <= 0 ? 0 : ((ns - 1) / perMinute) + 1;
    }

    /// <summary>The amount for a number of counted overdue minutes.</summary>
    private static decimal AmountFor(FineRule rule, long minutes, long grace)
    {
        if (minutes <= grace)
        {
            return 0m;
        }

        var chargeable = rule.GraceDeducted ? minutes - grace : minutes;
        var length = rule.Per.Minutes();
        var intervals = ((chargeable - 1) / length) + 1;
        var amount = rule.Amount.Amount * intervals;
        if (rule.Max is { } max && amount > max.Amount)
        {
            amount = max.Amount;
        }

        return decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Counted overdue time from due to until: elapsed, or only open time of the item's library.</summary>
    private Duration Counted(FineRule rule, string library, Instant due, Instant until) =>
        until <= due ? Duration.Zero : rule.CountClosed ? until - due : OpenTimeBetween(library, due, until);

    /// <summary>The fine one overdue period has accrued at <paramref name="until"/>.</summary>
    public decimal Fine(FineRule rule, string library, Instant due, Instant until) =>
        AmountFor(rule, CeilMinutes(Counted(rule, library, due, until)), GraceMinutes(rule, due));

    /// <summary>The first instant the fine is positive (null: never, or not within the search window).</summary>
    public Instant? FirstCharge(FineRule rule, string library, Instant due)
    {
        var grace = GraceMinutes(rule, due);

        // The fewest counted minutes with a positive amount: scan the interval counts.
        long? minutes = null;
        for (long k = 1; k <= 1_000_000; k++)
        {
            var chargeable = ((k - 1) * rule.Per.Minutes()) + 1;
            var m = rule.GraceDeducted ? grace + chargeable : Math.Max(grace + 1, chargeable);
            if (AmountFor(rule, m, grace) > 0m)
            {
                minutes = m;
                break;
            }

            if (rule.Max is { } max && rule.Amount.Amount * k >= max.Amount)
            {
                break; // capped at a zero-rounding amount: never positive
            }

            if (rule.Amount.Amount <= 0m)
            {
                break;
            }
        }

        if (minutes is not { } needed)
        {
            return null;
        }

        // Counted time must pass (needed - 1) minutes: the instant one nanosecond of counted time later.
        var before = Duration.FromMinutes(needed - 1);
        if (rule.CountClosed)
        {
            return due + before + OneNanosecond;
        }

        var remaining = before;
        var date = DateOf(due).PlusDays(-1);
        for (var i = 0; i <= SearchDays + 2; i++, date = date.PlusDays(1))
        {
            if (OpenPeriod(library, date) is not { } p)
            {
                continue;
            }

            var a = p.Start > due ? p.Start : due;
            if (p.End <= a)
            {
                continue;
            }

            var length = p.End - a;
            if (remaining < length)
            {
                return a + remaining + OneNanosecond;
            }

            remaining -= length;
        }

        return null;
    }
}
