using BenchmarkDotNet.Attributes;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Time;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Benchmarks;

/// <summary>
/// The fine of one loan overdue 1 day, 1 year and 10 years, counting open time only (<c>countClosed=false</c>)
/// on Widener's calendar: the constant-time calculator against a naive loop summing each day's open time, and the
/// floor — the same arithmetic written by hand for this one rule over plain arrays of the days' midnights, open periods
/// and open time before them (no rule reading, no fallbacks, no accrual figures), with the money built the same way.
/// </summary>
[MemoryDiagnoser]
public class FineBenchmarks
{
    private FineRule rule = null!;
    private LibraryCalendar calendar = null!;
    private Instant due;
    private Instant until;
    private long[] midnights = null!, opens = null!, closes = null!, openBefore = null!;
    private long firstMidnight, fromNanoseconds, toNanoseconds;

    /// <summary>How many days overdue.</summary>
    [Params(1, 365, 3650)]
    public int OverdueDays { get; set; }

    /// <summary>The 3-hour reserve's fine rule ($3.00 an hour, 1 hour grace, $45.00 cap, open time only), with
    /// the cap lifted so the amount keeps growing with the overdue time.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var reserve = Fixtures.HarvardDefault.FindTermsOfUse("reserve-3h")!.OverdueFine!;
        rule = new FineRule(reserve.Amount, reserve.Per, reserve.Grace, max: null, countClosed: false);
        calendar = Fixtures.Widener;
        due = Instant.FromUtc(2016, 11, 8, 19, 0);
        until = due + Duration.FromDays(OverdueDays) + Duration.FromMinutes(17);
        BuildFloorTable();
        var fast = Compute();
        var naive = NaiveDayByDay();
        var floor = Floor();
        if (fast != naive || floor != fast)
        {
            throw new InvalidOperationException($"The calculator gives {fast}, the naive loop {naive}, the floor {floor}.");
        }
    }

    /// <summary>The constant-time calculator.</summary>
    /// <returns>The fine.</returns>
    [Benchmark]
    public Money Compute() => OverdueFineCalculator.Compute(rule, due, until, calendar).Amount;

    /// <summary>A naive loop over the overdue days, adding each day's open period overlap.</summary>
    /// <returns>The fine.</returns>
    [Benchmark(Baseline = true)]
    public Money NaiveDayByDay()
    {
        var open = Duration.Zero;
        var grace = Duration.Zero;
        var graceEnd = PolicyTime.Add(due, rule.Grace, calendar.Zone);
        var last = calendar.LocalDateOf(until);
        for (var date = calendar.LocalDateOf(due); date <= last; date = date.PlusDays(1))
        {
            if (calendar.TryOpenPeriod(date, out var start, out var end))
            {
                open += Overlap(start, end, due, until);
                grace += Overlap(start, end, due, graceEnd);
            }
        }

        var overdueMinutes = CeilingMinutes(open);
        var graceMinutes = CeilingMinutes(grace);
        var chargeable = overdueMinutes <= graceMinutes ? 0 : overdueMinutes;
        var intervals = (chargeable + rule.Per.Minutes() - 1) / rule.Per.Minutes();
        return (rule.Amount * intervals).RoundToCent();

        static Duration Overlap(Instant start, Instant end, Instant from, Instant to)
        {
            var begin = start > from ? start : from;
            var finish = end < to ? end : to;
            return finish > begin ? finish - begin : Duration.Zero;
        }

        static long CeilingMinutes(Duration d) => d <= Duration.Zero ? 0 : (d.Days * 1_440L) + ((d.NanosecondOfDay + 59_999_999_999L) / 60_000_000_000L);
    }

    /// <summary>The floor: the open time from a table of the days from due to until, by the day index the instant
    /// gives (corrected by a step), then minutes, the hour's grace, hours and cents in integers for this rule.</summary>
    /// <returns>The fine.</returns>
    [Benchmark]
    public Money Floor()
    {
        var open = OpenBefore(toNanoseconds) - OpenBefore(fromNanoseconds);
        var minutes = open <= 0 ? 0 : ((open - 1) / 60_000_000_000L) + 1;
        var chargeable = minutes <= 60 ? 0 : minutes;
        var cents = ((chargeable + 59) / 60) * 300;
        return new Money(new decimal(unchecked((int)cents), (int)(cents >> 32), 0, false, 2), "USD");
    }

    private long OpenBefore(long instant)
    {
        // Whole days from the first midnight: the right day or the next one's neighbour near an offset change.
        var i = (int)((instant - firstMidnight) / 86_400_000_000_000L);
        while (instant < midnights[i])
        {
            i--;
        }

        while (instant >= midnights[i + 1])
        {
            i++;
        }

        var within = Math.Clamp(instant, opens[i], closes[i]);
        return openBefore[i] + (within - opens[i]);
    }

    private void BuildFloorTable()
    {
        var first = calendar.LocalDateOf(due).PlusDays(-1);
        var days = Period.Between(first, calendar.LocalDateOf(until), PeriodUnits.Days).Days + 3;
        (midnights, opens, closes, openBefore) = (new long[days + 1], new long[days], new long[days], new long[days]);
        var sum = 0L;
        for (var i = 0; i <= days; i++)
        {
            var date = first.PlusDays(i);
            midnights[i] = (calendar.Zone.AtStartOfDay(date).ToInstant() - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
            if (i == days)
            {
                break;
            }

            opens[i] = closes[i] = midnights[i];
            if (calendar.TryOpenPeriod(date, out var start, out var end))
            {
                (opens[i], closes[i]) = ((start - NodaConstants.UnixEpoch).ToInt64Nanoseconds(), (end - NodaConstants.UnixEpoch).ToInt64Nanoseconds());
            }

            openBefore[i] = sum;
            sum += closes[i] - opens[i];
        }

        firstMidnight = midnights[0];
        fromNanoseconds = (due - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
        toNanoseconds = (until - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
    }
}
