using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Time;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Fines;

/// <summary>
/// The overdue fine accrued by one overdue period, in constant time: no loop over days, minutes or intervals.
/// </summary>
/// <remarks>
/// <para>Overdue time runs from the due instant to <c>until</c>: elapsed time when the rule counts closed time,
/// otherwise only the library's open time (<see cref="LibraryCalendar.OpenTimeBetween"/>). It is counted in whole
/// minutes, a started minute counting as one. The grace is its length in minutes (the elapsed time from the due
/// instant to <c>PolicyTime.Add(due, grace)</c>), whatever the library's hours. Within the grace (overdue minutes ≤ grace minutes) nothing is charged; past
/// it the whole overdue time is charged (the grace is forgiven, FOLIO's behaviour), or with
/// <see cref="FineRule.GraceDeducted"/> only the minutes past it. Partial intervals round up; the amount is
/// intervals × rate, never above <see cref="FineRule.Max"/> (a max of zero means no fine at all), rounded to the
/// cent half away from zero.</para>
/// <para>All members are pure and thread-safe. <see cref="Compute"/> allocates nothing (once the calendar's
/// table is built).</para>
/// </remarks>
public static class OverdueFineCalculator
{
    private const long NanosecondsPerMinute = 60_000_000_000;
    private const long MinutesPerDay = 1_440;

    // About 10,000 years of minutes: no instant NodaTime can represent lies further from the due instant.
    private const long MostMinutes = 5_300_000_000;

    /// <summary>The fine accrued from <paramref name="due"/> to <paramref name="until"/>.</summary>
    /// <param name="rule">The fine rule.</param>
    /// <param name="due">The due instant.</param>
    /// <param name="until">The instant accrual is evaluated at (now, or when accrual stopped).</param>
    /// <param name="calendar">The calendar of the item's library, in the policy's time zone.</param>
    /// <returns>The accrual; zero throughout when <paramref name="until"/> is not after <paramref name="due"/>.</returns>
    /// <remarks>In integers (nanoseconds, minutes, minor units) with <see cref="Money"/> built at the end, for
    /// instants within about 146 years of 1970 and amounts of up to 18 decimals that fit 64 bits; otherwise in
    /// <see cref="Duration"/> and <see cref="decimal"/>. Both give the same accrual, to the decimal's scale (a
    /// property checks it).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> or <paramref name="calendar"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The rule's amount and cap are in different currencies.</exception>
    /// <exception cref="OverflowException">The amount is outside the range of <see cref="decimal"/>.</exception>
    public static FineAccrual Compute(FineRule rule, Instant due, Instant until, LibraryCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(calendar);
        if (!UnixNanoseconds.TryFrom(due, out var from) || !UnixNanoseconds.TryFrom(until, out var to))
        {
            return ComputeWithDecimals(rule, due, until, calendar);
        }

        // Only scalars and the rule's figures in this frame; the accrual, with its money, is built by a call. Built
        // here, its temporaries made the JIT zero a 300-700 byte frame on every call (seen in the Tier-1 code).
        var figures = new IntegerFineRule(rule);
        var grace = figures.GraceMinutesAt(due, dueNearEpoch: true, calendar.Zone);
        if (to <= from)
        {
            return NotOverdue(rule, grace);
        }

        if (!TryCount(figures, grace, from, to, calendar, out var overdue, out var elapsed, out var chargeable, out var intervals)
            || !FineAmount.TryCompute(figures, intervals, out var amount))
        {
            return ComputeWithDecimals(rule, due, until, calendar);
        }

        return Accrual(rule, overdue, elapsed, grace, chargeable, intervals, amount);
    }

    /// <summary>The amount of <see cref="Compute"/> alone, in minor units, for instants given also as Unix
    /// nanoseconds: the loan list and the nightly batch, which read each rule once and total fines in cents.</summary>
    /// <param name="rule">The rule's figures.</param>
    /// <param name="due">The due instant.</param>
    /// <param name="from">The due instant in Unix nanoseconds.</param>
    /// <param name="to">The instant accrual is evaluated at in Unix nanoseconds, after <paramref name="from"/>.</param>
    /// <param name="calendar">The calendar of the item's library.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>False when the integers do not cover the case: the caller takes <see cref="Compute"/>.</returns>
    internal static bool TryAmount(in IntegerFineRule rule, Instant due, long from, long to, LibraryCalendar calendar, out FineAmount amount)
    {
        var grace = rule.GraceMinutesAt(due, dueNearEpoch: true, calendar.Zone);
        amount = default;
        return TryCount(rule, grace, from, to, calendar, out _, out _, out _, out var intervals) && FineAmount.TryCompute(rule, intervals, out amount);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FineAccrual Accrual(FineRule rule, long overdue, long elapsed, long grace, long chargeable, long intervals, FineAmount amount) =>
        new(overdue, elapsed - overdue, grace, chargeable, intervals, rule, amount.Capped, amount.ToDecimal());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FineAccrual NotOverdue(FineRule rule, long grace) => new(0, 0, grace, 0, 0, rule, false, 0m);

    /// <summary>The fine in <see cref="Duration"/> and <see cref="decimal"/> <see cref="Money"/> throughout: the
    /// reference the integer path is checked against, and the path for what it does not cover.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static FineAccrual ComputeWithDecimals(FineRule rule, Instant due, Instant until, LibraryCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(calendar);
        var zero = rule.Amount.WithAmount(0m);
        var graceMinutes = IntegerFineRule.GraceMinutesInZone(rule, due, calendar.Zone);
        if (until <= due)
        {
            return new FineAccrual(0, 0, graceMinutes, 0, 0, rule, false, zero.Amount);
        }

        var elapsedMinutes = CeilingMinutes(until - due);
        var overdueMinutes = rule.CountClosed ? elapsedMinutes : CeilingMinutes(calendar.OpenTimeBetween(due, until));
        var chargeable = overdueMinutes <= graceMinutes ? 0 : rule.GraceDeducted ? overdueMinutes - graceMinutes : overdueMinutes;
        var intervalMinutes = rule.Per.Minutes();
        var intervals = (chargeable + intervalMinutes - 1) / intervalMinutes;
        var raw = rule.Amount * intervals;
        var capped = rule.Max is { } max && raw > max;
        var amount = (capped ? rule.Max!.Value : raw).RoundToCent();
        return new FineAccrual(overdueMinutes, elapsedMinutes - overdueMinutes, graceMinutes, chargeable, intervals, rule, capped, amount.Amount);
    }

    /// <summary>The earliest instant at which <see cref="Compute"/> gives a positive amount: just after the
    /// counted overdue time passes the grace (and, for a rate below half a cent, enough intervals to round up).</summary>
    /// <param name="rule">The fine rule.</param>
    /// <param name="due">The due instant.</param>
    /// <param name="calendar">The calendar of the item's library.</param>
    /// <returns>The instant; null when the fine is never positive (a zero rate, a cap that rounds to zero, a
    /// library never open when closed time does not count, or an instant beyond the representable range).</returns>
    /// <remarks>At the instant <c>Compute</c> is positive; one nanosecond before it, zero. When closed time does not
    /// count, the instant lies in an open period (closed time adds no counted time).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> or <paramref name="calendar"/> is null.</exception>
    public static Instant? FirstChargeInstant(FineRule rule, Instant due, LibraryCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(calendar);
        if (rule.Amount.Amount <= 0m || rule.Max is { } max && max.RoundToCent().Amount <= 0m)
        {
            return null;
        }

        // The fewest intervals whose amount rounds to at least one cent.
        var intervalsNeeded = decimal.Max(1m, decimal.Ceiling(0.005m / rule.Amount.Amount));
        var graceMinutes = new IntegerFineRule(rule).GraceMinutesAt(due, UnixNanoseconds.TryFrom(due, out _), calendar.Zone);
        var intervalMinutes = rule.Per.Minutes();
        if (intervalsNeeded > MostMinutes || graceMinutes > MostMinutes)
        {
            return null;
        }

        var chargeableNeeded = (((long)intervalsNeeded - 1) * intervalMinutes) + 1;
        var overdueNeeded = rule.GraceDeducted ? graceMinutes + chargeableNeeded : Math.Max(graceMinutes + 1, chargeableNeeded);
        if (overdueNeeded > MostMinutes)
        {
            return null;
        }

        // Counted time reaches (overdueNeeded - 1) whole minutes, then one nanosecond more starts the next minute.
        var counted = Duration.FromMinutes(overdueNeeded - 1) + Duration.Epsilon;
        if (rule.CountClosed)
        {
            return Instant.MaxValue - due < counted ? null : due + counted;
        }

        return calendar.TryInstantWhenOpenTimeReaches(due, counted, out var instant) ? instant : null;
    }

    /// <summary>
    /// The minutes of <see cref="Compute"/> in integers, for <paramref name="to"/> after <paramref name="from"/> (Unix
    /// nanoseconds): open time from the calendar's per-date table, minutes and intervals by division by constants.
    /// False when, counting open time only, an instant lies outside the calendar's table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryCount(in IntegerFineRule rule, long grace, long from, long to, LibraryCalendar calendar,
        out long overdue, out long elapsed, out long chargeable, out long intervals)
    {
        overdue = elapsed = chargeable = intervals = 0;

        // Both within ±2^62 nanoseconds of 1970: the difference fits.
        var elapsedNanoseconds = unchecked(to - from);
        var counted = elapsedNanoseconds;
        if (!rule.CountClosed && !calendar.TryOpenNanosecondsBetween(from, to, out counted))
        {
            return false;
        }

        elapsed = IntegerFineRule.CeilingMinutes(elapsedNanoseconds);
        overdue = IntegerFineRule.CeilingMinutes(counted);
        chargeable = overdue <= grace ? 0 : rule.GraceDeducted ? overdue - grace : overdue;
        intervals = rule.Intervals(chargeable);
        return true;
    }

    /// <summary>Whole minutes, a started minute counting as one; zero for a duration not above zero.</summary>
    private static long CeilingMinutes(Duration duration) =>
        duration <= Duration.Zero ? 0 : (duration.Days * MinutesPerDay) + ((duration.NanosecondOfDay + NanosecondsPerMinute - 1) / NanosecondsPerMinute);
}

/// <summary>The fine one overdue period has accrued, with every figure that led to it.</summary>
/// <remarks>
/// <para>The default value is no overdue time and a zero amount. Immutable; value equality (of the figures shown:
/// the rule's rate, cap, interval and grace deduction, not the rest of the rule).</para>
/// <para>It keeps the rule and the amount's decimal rather than five copies of money: 80 bytes instead of 136, which
/// made returning one a third of the fine's time (measured with FineBenchmarks).</para>
/// </remarks>
public readonly record struct FineAccrual
{
    // A FineRule when computed, an AccrualFigures when built from figures (a snapshot's); null for the default.
    private readonly object? terms;
    private readonly decimal amount;

    internal FineAccrual(long overdueMinutes, long closedMinutesLeftOut, long graceMinutes, long chargeableMinutes, long intervals,
        FineRule rule, bool capped, decimal amount)
    {
        OverdueMinutes = overdueMinutes;
        ClosedMinutesLeftOut = closedMinutesLeftOut;
        GraceMinutes = graceMinutes;
        ChargeableMinutes = chargeableMinutes;
        Intervals = intervals;
        terms = rule;
        Capped = capped;
        this.amount = amount;
    }

    /// <summary>Creates an accrual from its figures (as a snapshot keeps them); <see cref="OverdueFineCalculator"/>
    /// computes them.</summary>
    /// <param name="overdueMinutes">The overdue minutes counted.</param>
    /// <param name="closedMinutesLeftOut">Elapsed minutes left out because the library was closed.</param>
    /// <param name="graceMinutes">The grace's length in minutes.</param>
    /// <param name="chargeableMinutes">The minutes charged for.</param>
    /// <param name="intervals">The intervals charged.</param>
    /// <param name="per">The interval the rate is charged per.</param>
    /// <param name="graceDeducted">Whether the grace was deducted rather than forgiven.</param>
    /// <param name="rate">The amount per interval.</param>
    /// <param name="cap">The cap per overdue period; null = none.</param>
    /// <param name="capped">Whether the cap was charged.</param>
    /// <param name="amount">The fine.</param>
    public FineAccrual(long overdueMinutes, long closedMinutesLeftOut, long graceMinutes, long chargeableMinutes, long intervals,
        FineInterval per, bool graceDeducted, Money rate, Money? cap, bool capped, Money amount)
    {
        OverdueMinutes = overdueMinutes;
        ClosedMinutesLeftOut = closedMinutesLeftOut;
        GraceMinutes = graceMinutes;
        ChargeableMinutes = chargeableMinutes;
        Intervals = intervals;
        terms = new AccrualFigures(per, graceDeducted, rate, cap, amount);
        Capped = capped;
        this.amount = amount.Amount;
    }

    /// <summary>The overdue minutes counted (a started minute counts as one); open minutes only when closed time does not count.</summary>
    public long OverdueMinutes { get; }

    /// <summary>Elapsed minutes left out because the library was closed (zero when closed time counts).</summary>
    public long ClosedMinutesLeftOut { get; }

    /// <summary>The grace's length in minutes (whatever the library's hours).</summary>
    public long GraceMinutes { get; }

    /// <summary>The minutes charged for: zero within the grace; past it all overdue minutes, or with a deducted grace only those past it.</summary>
    public long ChargeableMinutes { get; }

    /// <summary>The intervals charged: chargeable minutes divided by the interval length, rounded up.</summary>
    public long Intervals { get; }

    /// <summary>The interval the rate is charged per.</summary>
    public FineInterval Per => terms switch { FineRule r => r.Per, AccrualFigures f => f.Per, _ => default };

    /// <summary>Whether the grace was deducted rather than forgiven.</summary>
    public bool GraceDeducted => terms switch { FineRule r => r.GraceDeducted, AccrualFigures f => f.GraceDeducted, _ => false };

    /// <summary>The amount per interval.</summary>
    public Money Rate => terms switch { FineRule r => r.Amount, AccrualFigures f => f.Rate, _ => default };

    /// <summary>The cap per overdue period; null = none.</summary>
    public Money? Cap => terms switch { FineRule r => r.Max, AccrualFigures f => f.Cap, _ => null };

    /// <summary>Whether intervals × rate went above the cap, so the cap was charged.</summary>
    public bool Capped { get; }

    /// <summary>The fine: intervals × rate, at most the cap, rounded to the cent half away from zero; in the cap's
    /// currency when capped, else the rate's (US dollars for a rate of the default money).</summary>
    public Money Amount => terms switch
    {
        FineRule r => new Money(amount, FineAmount.CurrencyOf(Capped ? r.Max.GetValueOrDefault() : r.Amount)),
        AccrualFigures f => f.Amount,
        _ => default,
    };

    /// <summary>Whether the loan was overdue at all.</summary>
    public bool IsOverdue => OverdueMinutes > 0 || ClosedMinutesLeftOut > 0;

    /// <summary>Value equality of every figure shown.</summary>
    /// <param name="other">The other accrual.</param>
    /// <returns>Whether the minutes, intervals, rate, cap, interval, grace deduction, capping and amount are equal.</returns>
    public bool Equals(FineAccrual other) =>
        OverdueMinutes == other.OverdueMinutes && ClosedMinutesLeftOut == other.ClosedMinutesLeftOut && GraceMinutes == other.GraceMinutes
        && ChargeableMinutes == other.ChargeableMinutes && Intervals == other.Intervals && Per == other.Per && GraceDeducted == other.GraceDeducted
        && Rate == other.Rate && Nullable.Equals(Cap, other.Cap) && Capped == other.Capped && Amount == other.Amount;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(OverdueMinutes, ClosedMinutesLeftOut, GraceMinutes, Intervals, Rate, Capped, Amount);

    /// <summary>The accrual in words, e.g. <c>overdue 1,500 minutes (600 closed left out), grace 60 minutes
    /// forgiven, 25 intervals of 1 hour at 3.00 = 75.00, capped at 45.00</c>.</summary>
    /// <returns>The text (invariant culture).</returns>
    public string Explain()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        if (!IsOverdue)
        {
            return "not overdue: nothing charged";
        }

        text.Append(culture, $"overdue {OverdueMinutes:N0} minutes");
        if (ClosedMinutesLeftOut > 0)
        {
            text.Append(culture, $" ({ClosedMinutesLeftOut:N0} closed left out)");
        }

        if (ChargeableMinutes == 0)
        {
            text.Append(GraceMinutes > 0 ? string.Create(culture, $", within the grace of {GraceMinutes:N0} minutes: nothing charged") : ": nothing charged");
            return text.ToString();
        }

        if (GraceMinutes > 0)
        {
            text.Append(GraceDeducted
                ? string.Create(culture, $", grace {GraceMinutes:N0} minutes deducted ({ChargeableMinutes:N0} charged)")
                : string.Create(culture, $", grace {GraceMinutes:N0} minutes forgiven"));
        }

        var raw = (Rate * Intervals).RoundToCent();
        text.Append(culture, $", {Intervals:N0} {(Intervals == 1 ? "interval" : "intervals")} of 1 {Per.ToSpelling()} at {Rate.ToAmountString()} = {raw.ToAmountString()}");
        if (Capped)
        {
            text.Append(Cap is { IsZero: true } ? ", capped at 0.00 (no fine)" : $", capped at {Cap?.ToAmountString()}");
        }

        return text.ToString();
    }

    /// <summary>The accrual in words: the same sentence as <see cref="Explain"/>.</summary>
    /// <returns>The text (invariant culture).</returns>
    public override string ToString() => Explain();

    /// <summary>The figures of an accrual built from them rather than computed from a rule.</summary>
    private sealed record AccrualFigures(FineInterval Per, bool GraceDeducted, Money Rate, Money? Cap, Money Amount);
}
