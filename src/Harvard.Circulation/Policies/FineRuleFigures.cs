using NodaTime;

namespace Harvard.Circulation.Policies;

/// <summary>
/// What the fine's integer path needs from a <see cref="FineRule"/>, read once when the rule is made: the rate and
/// the cap as integers with their decimal scales, the grace in minutes when it is elapsed time (no date part), and
/// the flags. Derived from the rule's values, it takes no part in the rule's equality: all figures are equal to one
/// another (equal rules may differ in the scale of an amount, 3 against 3.00, and so in their units here).
/// </summary>
internal readonly struct FineRuleFigures : IEquatable<FineRuleFigures>
{
    private const long NanosecondsPerMinute = 60_000_000_000;

    /// <summary>Reads a rule's parts.</summary>
    public FineRuleFigures(Money amount, FineInterval per, Period grace, Money? max, bool countClosed, bool graceDeducted)
    {
        CountClosed = countClosed;
        GraceDeducted = graceDeducted;
        Per = per;
        var graceNanoseconds = 0L;
        FixedGrace = !grace.HasDateComponent && TryTimeNanoseconds(grace, out graceNanoseconds);
        GraceMinutes = FixedGrace ? CeilingMinutes(graceNanoseconds) : 0;
        var integer = TryUnits(amount.Amount, out var rateUnits, out var rateScale);
        (RateUnits, RateScale) = (rateUnits, rateScale);
        if (max is { } cap)
        {
            // rate × intervals is in the rate's currency (US dollars for the default money): the decimal path
            // compares it with a cap of another currency only to throw.
            HasCap = true;
            integer &= TryUnits(cap.Amount, out var capUnits, out var capScale)
                && (cap.Currency.Length == 0 || string.Equals(CurrencyOf(amount), cap.Currency, StringComparison.Ordinal));
            (CapUnits, CapScale) = (capUnits, capScale);
        }

        Integer = integer;
    }

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

    /// <summary>Always true: the figures follow from the rule and take no part in its equality.</summary>
    /// <param name="other">Other figures.</param>
    /// <returns>True.</returns>
    public bool Equals(FineRuleFigures other) => true;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FineRuleFigures;

    /// <inheritdoc/>
    public override int GetHashCode() => 0;

    /// <summary>Whole minutes of a number of nanoseconds, a started minute counting as one; zero for none.</summary>
    public static long CeilingMinutes(long nanoseconds) => nanoseconds <= 0 ? 0 : unchecked(((nanoseconds - 1) / NanosecondsPerMinute) + 1);

    /// <summary>A money's currency, US dollars for the default money (as <see cref="Money.WithAmount"/> gives).</summary>
    public static string CurrencyOf(Money money) => money.Currency.Length == 0 ? Money.DefaultCurrency : money.Currency;

    /// <summary>A non-negative decimal's mantissa and scale, when the mantissa fits 64 bits and the scale is at most 18.</summary>
    public static bool TryUnits(decimal value, out ulong units, out int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        scale = (bits[3] >> 16) & 0xFF;
        // Unchecked: a word with its top bit set is a negative int (the build checks overflow).
        units = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        return bits[2] == 0 && bits[3] >= 0 && scale <= 18;
    }

    /// <summary>The time part of a period in nanoseconds, when no unit is negative and each is small enough that
    /// the sum fits (each term under 2^60 nanoseconds: graces of up to 36 years).</summary>
    private static bool TryTimeNanoseconds(Period period, out long nanoseconds)
    {
        const ulong Limit = 1ul << 60;
        nanoseconds = 0;
        var (hours, minutes, seconds) = (period.Hours, period.Minutes, period.Seconds);
        var (milliseconds, ticks, nanos) = (period.Milliseconds, period.Ticks, period.Nanoseconds);

        // Unsigned comparisons, unchecked (the build checks overflow): a negative unit reads as a huge one and
        // takes the zone path.
        if (unchecked((ulong)hours >= Limit / NodaConstants.NanosecondsPerHour || (ulong)minutes >= Limit / NanosecondsPerMinute
            || (ulong)seconds >= Limit / NodaConstants.NanosecondsPerSecond || (ulong)milliseconds >= Limit / NodaConstants.NanosecondsPerMillisecond
            || (ulong)ticks >= Limit / NodaConstants.NanosecondsPerTick || (ulong)nanos >= Limit))
        {
            return false;
        }

        nanoseconds = unchecked((hours * NodaConstants.NanosecondsPerHour) + (minutes * NanosecondsPerMinute) + (seconds * NodaConstants.NanosecondsPerSecond)
            + (milliseconds * NodaConstants.NanosecondsPerMillisecond) + (ticks * NodaConstants.NanosecondsPerTick) + nanos);
        return true;
    }
}
