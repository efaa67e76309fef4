using System.Runtime.CompilerServices;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Fines;

/// <summary>
/// What the fine's hot path needs from a <see cref="FineRule"/>, read once: the rate and the cap as integers with
/// their decimal scales, the grace in minutes when it is elapsed time (no date part), and the flags. The loan list
/// and the nightly batch read it once per rule, not once per loan; <see cref="OverdueFineCalculator.Compute"/>
/// reads it per call.
/// </summary>
internal readonly struct IntegerFineRule
{
    private const long NanosecondsPerMinute = 60_000_000_000;

    /// <summary>Reads a rule.</summary>
    public IntegerFineRule(FineRule rule)
    {
        Rule = rule;
        CountClosed = rule.CountClosed;
        GraceDeducted = rule.GraceDeducted;
        Per = rule.Per;
        var grace = 0L;
        FixedGrace = !rule.Grace.HasDateComponent && TryTimeNanoseconds(rule.Grace, out grace);
        GraceMinutes = FixedGrace ? CeilingMinutes(grace) : 0;
        var integer = FineAmount.TryUnits(rule.Amount.Amount, out var rateUnits, out var rateScale);
        (RateUnits, RateScale) = (rateUnits, rateScale);
        if (rule.Max is { } max)
        {
            // rate × intervals is in the rate's currency (US dollars for the default money): the decimal path
            // compares it with a cap of another currency only to throw.
            HasCap = true;
            integer &= FineAmount.TryUnits(max.Amount, out var capUnits, out var capScale)
                && (max.Currency.Length == 0 || string.Equals(FineAmount.CurrencyOf(rule.Amount), max.Currency, StringComparison.Ordinal));
            (CapUnits, CapScale) = (capUnits, capScale);
        }

        Integer = integer;
    }

    /// <summary>The rule.</summary>
    public FineRule Rule { get; }

    /// <summary>Whether closed time counts.</summary>
    public bool CountClosed { get; }

    /// <summary>Whether only the minutes past the grace are charged.</summary>
    public bool GraceDeducted { get; }

    /// <summary>The interval.</summary>
    public FineInterval Per { get; }

    /// <summary>Whether the grace is elapsed time of a known length (<see cref="GraceMinutes"/>); else it is added
    /// to the due instant in the zone.</summary>
    public bool FixedGrace { get; }

    /// <summary>The grace in whole minutes, when <see cref="FixedGrace"/>.</summary>
    public long GraceMinutes { get; }

    /// <summary>Whether the rate and cap fit the integer path (64-bit mantissas, at most 18 decimals, one currency).</summary>
    public bool Integer { get; }

    /// <summary>The rate in units of 10^−<see cref="RateScale"/>.</summary>
    public ulong RateUnits { get; }

    /// <summary>The rate's decimal scale.</summary>
    public int RateScale { get; }

    /// <summary>Whether the rule has a cap.</summary>
    public bool HasCap { get; }

    /// <summary>The cap in units of 10^−<see cref="CapScale"/>.</summary>
    public ulong CapUnits { get; }

    /// <summary>The cap's decimal scale.</summary>
    public int CapScale { get; }

    /// <summary>Whole minutes of a number of nanoseconds, a started minute counting as one; zero for none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long CeilingMinutes(long nanoseconds) => nanoseconds <= 0 ? 0 : unchecked(((nanoseconds - 1) / NanosecondsPerMinute) + 1);

    /// <summary>The grace in minutes for a due instant: <see cref="GraceMinutes"/> when fixed and the due instant is
    /// within the nanosecond range (so adding the grace cannot leave NodaTime's range), else added in the zone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GraceMinutesAt(Instant due, bool dueNearEpoch, DateTimeZone zone) =>
        FixedGrace && dueNearEpoch ? GraceMinutes : GraceMinutesInZone(Rule, due, zone);

    /// <summary>The grace as the decimal path counts it: <c>PolicyTime.Add(due, grace) − due</c> in whole minutes.</summary>
    public static long GraceMinutesInZone(FineRule rule, Instant due, DateTimeZone zone)
    {
        if (rule.Grace.Equals(Period.Zero))
        {
            return 0;
        }

        // The grace is its length, whatever the library's hours (domain.md §3): a grace that falls in closed
        // time still excuses that many open minutes when closed time does not count.
        var grace = PolicyTime.Add(due, rule.Grace, zone) - due;
        return grace <= Duration.Zero ? 0 : (grace.Days * 1_440L) + ((grace.NanosecondOfDay + NanosecondsPerMinute - 1) / NanosecondsPerMinute);
    }

    /// <summary>Chargeable minutes in intervals, rounded up: one division by a constant per interval, not a 64-bit
    /// division by a variable (tens of cycles).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Intervals(long chargeable) => Per switch
    {
        FineInterval.Minute => chargeable,
        FineInterval.Hour => (chargeable + 59) / 60,
        FineInterval.Day => (chargeable + 1_439) / 1_440,
        _ => (chargeable + 10_079) / 10_080,
    };

    /// <summary>The time part of a period in nanoseconds, when no unit is negative and each is small enough that
    /// the sum fits (each term under 2^60 nanoseconds: graces of up to 36 years).</summary>
    private static bool TryTimeNanoseconds(Period period, out long nanoseconds)
    {
        const ulong Limit = 1ul << 60;
        nanoseconds = 0;
        var (hours, minutes, seconds) = (period.Hours, period.Minutes, period.Seconds);
        var (milliseconds, ticks, nanos) = (period.Milliseconds, period.Ticks, period.Nanoseconds);

        // Unsigned comparisons: a negative unit reads as a huge one and takes the zone path.
        if ((ulong)hours >= Limit / NodaConstants.NanosecondsPerHour || (ulong)minutes >= Limit / NanosecondsPerMinute
            || (ulong)seconds >= Limit / NodaConstants.NanosecondsPerSecond || (ulong)milliseconds >= Limit / NodaConstants.NanosecondsPerMillisecond
            || (ulong)ticks >= Limit / NodaConstants.NanosecondsPerTick || (ulong)nanos >= Limit)
        {
            return false;
        }

        nanoseconds = unchecked((hours * NodaConstants.NanosecondsPerHour) + (minutes * NanosecondsPerMinute) + (seconds * NodaConstants.NanosecondsPerSecond)
            + (milliseconds * NodaConstants.NanosecondsPerMillisecond) + (ticks * NodaConstants.NanosecondsPerTick) + nanos);
        return true;
    }
}

/// <summary>
/// A fine's amount in minor units: an unsigned integer and a decimal scale of 0, 1 or 2 (the scale the
/// <see cref="decimal"/> rounded to the cent would have), and whether the cap was charged (its currency is then the
/// cap's, else the rate's). The fine's hot path computes it in integers and builds <see cref="Money"/> only at the
/// end; the loan list and the nightly batch total it in cents. No references: the JIT need not zero it.
/// </summary>
internal readonly struct FineAmount
{
    private static readonly ulong[] PowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000, 100_000_000_000,
        1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000, 10_000_000_000_000_000,
        100_000_000_000_000_000, 1_000_000_000_000_000_000,
    ];

    internal FineAmount(ulong units, int scale, bool capped)
    {
        Units = units;
        Scale = scale;
        Capped = capped;
    }

    /// <summary>The amount in units of 10^−<see cref="Scale"/>.</summary>
    public ulong Units { get; }

    /// <summary>The scale: 0, 1 or 2.</summary>
    public int Scale { get; }

    /// <summary>Whether the cap was charged.</summary>
    public bool Capped { get; }

    /// <summary>10^0 to 10^18.</summary>
    internal static ReadOnlySpan<ulong> Pow10 => PowersOfTen;

    /// <summary>
    /// The rule's rate × <paramref name="intervals"/>, at most its cap, rounded to the cent half away from zero —
    /// what <c>(capped ? max : rate * intervals).RoundToCent()</c> gives in <see cref="decimal"/>, to the scale.
    /// False when the integers would not hold it (<see cref="IntegerFineRule.Integer"/> false, or a product
    /// beyond 64 bits): the decimal path then answers (or throws).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryCompute(in IntegerFineRule rule, long intervals, out FineAmount amount)
    {
        amount = default;
        if (!rule.Integer || Math.BigMul(rule.RateUnits, (ulong)intervals, out var raw) != 0)
        {
            return false;
        }

        var units = raw;
        var scale = rule.RateScale;
        var capped = false;
        if (rule.HasCap)
        {
            // raw > cap, compared at the larger of the two scales (each at most 10^18 × 2^64: within 128 bits).
            var (capUnits, capScale) = (rule.CapUnits, rule.CapScale);
            var above = scale == capScale ? raw > capUnits
                : scale > capScale ? raw > (UInt128)capUnits * PowersOfTen[scale - capScale]
                : (UInt128)raw * PowersOfTen[capScale - scale] > capUnits;
            if (above)
            {
                (units, scale, capped) = (capUnits, capScale, true);
            }
        }

        if (scale > 2)
        {
            // decimal.Round(x, 2, AwayFromZero) on a positive amount: the scale becomes 2.
            var divisor = PowersOfTen[scale - 2];
            var (quotient, remainder) = Math.DivRem(units, divisor);
            units = remainder >= divisor - remainder ? quotient + 1 : quotient;
            scale = 2;
        }

        amount = new FineAmount(units, scale, capped);
        return true;
    }

    /// <summary>The amount as money: in the cap's currency when capped, else the rate's (US dollars for the default
    /// money, as <see cref="Money.WithAmount"/> gives).</summary>
    public Money ToMoney(FineRule rule) => new(ToDecimal(), CurrencyOf(Capped ? rule.Max.GetValueOrDefault() : rule.Amount));

    /// <summary>The amount as a decimal.</summary>
    public decimal ToDecimal() => new(unchecked((int)(uint)Units), unchecked((int)(uint)(Units >> 32)), 0, false, (byte)Scale);

    /// <summary>A money's currency, US dollars for the default money (as <see cref="Money.WithAmount"/> gives).</summary>
    internal static string CurrencyOf(Money money) => money.Currency.Length == 0 ? Money.DefaultCurrency : money.Currency;

    /// <summary>A non-negative decimal's mantissa and scale, when the mantissa fits 64 bits and the scale is at most 18.</summary>
    internal static bool TryUnits(decimal value, out ulong units, out int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        scale = (bits[3] >> 16) & 0xFF;
        units = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        return bits[2] == 0 && bits[3] >= 0 && scale <= 18;
    }
}
