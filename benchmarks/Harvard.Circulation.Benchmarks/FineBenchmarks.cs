using BenchmarkDotNet.Attributes;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Time;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Benchmarks;

/// <summary>
/// The fine of one loan overdue 1 day, 1 year and 10 years, counting open time only (<c>countClosed=false</c>)
/// on Widener's calendar: the constant-time calculator against a naive loop summing each day's open time.
/// </summary>
[MemoryDiagnoser]
public class FineBenchmarks
{
    private FineRule rule = null!;
    private LibraryCalendar calendar = null!;
    private Instant due;
    private Instant until;

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
        var fast = Compute();
        var naive = NaiveDayByDay();
        if (fast != naive)
        {
            throw new InvalidOperationException($"The calculator gives {fast}, the naive loop {naive}.");
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
}
