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

    private readonly FineRuleFigures figures;

    /// <summary>Reads a rule (its figures were computed when it was made).</summary>
    public IntegerFineRule(FineRule rule)
    {
        Rule = rule;
        figures = rule.Figures;
    }

    /// <summary>The rule.</summary>
    public FineRule Rule { get; }

    /// <summary>Whether closed time counts.</summary>
    public bool CountClosed => figures.CountClosed;

    /// <summary>Whether only the minutes past the grace are charged.</summary>
    public bool GraceDeducted => figures.GraceDeducted;

    /// <summary>The interval.</summary>
    public FineInterval Per => figures.Per;

    /// <summary>Whether the grace is elapsed time of a known length (<see cref="GraceMinutes"/>); else it is added
    /// to the due instant in the zone.</summary>
    public bool FixedGrace => figures.FixedGrace;

    /// <summary>The grace in whole minutes, when <see cref="FixedGrace"/>.</summary>
    public long GraceMinutes => figures.GraceMinutes;

    /// <summary>Whether the rate and cap fit the integer path (64-bit mantissas, at most 18 decimals, one currency).</summary>
    public bool Integer => figures.Integer;

    /// <summary>The rate in units of 10^−<see cref="RateScale"/>.</summary>
    public ulong RateUnits => figures.RateUnits;

    /// <summary>The rate's decimal scale.</summary>
    public int RateScale => figures.RateScale;

    /// <summary>Whether the rule has a cap.</summary>
    public bool HasCap => figures.HasCap;

    /// <summary>The cap in units of 10^−<see cref="CapScale"/>.</summary>
    public ulong CapUnits => figures.CapUnits;

    /// <summary>The cap's decimal scale.</summary>
    public int CapScale => figures.CapScale;

    /// <summary>Whole minutes of a number of nanoseconds, a started minute counting as one; zero for none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long CeilingMinutes(long nanoseconds) => FineRuleFigures.CeilingMinutes(nanoseconds);

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
    internal static string CurrencyOf(Money money) => FineRuleFigures.CurrencyOf(money);

    /// <summary>A non-negative decimal's mantissa and scale, when the mantissa fits 64 bits and the scale is at most 18.</summary>
    internal static bool TryUnits(decimal value, out ulong units, out int scale) => FineRuleFigures.TryUnits(value, out units, out scale);
}
