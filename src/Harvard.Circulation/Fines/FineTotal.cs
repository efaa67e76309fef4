namespace Harvard.Circulation.Fines;

/// <summary>
/// A running total of fines rounded to the cent, kept as whole cents and the largest scale added: what adding
/// their <see cref="decimal"/> amounts in order gives (a decimal sum keeps the largest scale of its terms), without a
/// decimal addition per fine. The loan list and the nightly batch total their rows with it.
/// </summary>
internal struct FineTotal
{
    private UInt128 cents;
    private int scale;

    /// <summary>Adds an amount of <paramref name="units"/> × 10^−<paramref name="unitScale"/> (a scale of 0 to 2).</summary>
    public void Add(ulong units, int unitScale)
    {
        cents += unitScale == 2 ? units : (UInt128)units * FineAmount.Pow10[2 - unitScale];
        scale = Math.Max(scale, unitScale);
    }

    /// <summary>Adds a decimal amount rounded to the cent (the decimal path's answers).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or has more than two decimals.</exception>
    public void Add(decimal amount)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(amount, bits);
        var amountScale = (bits[3] >> 16) & 0xFF;
        if (bits[3] < 0 || amountScale > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A fine is rounded to the cent and not negative.");
        }

        // Unchecked: a word with its top bit set is a negative int (the build checks overflow).
        var units = unchecked(((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0]);
        cents += units * FineAmount.Pow10[2 - amountScale];
        scale = Math.Max(scale, amountScale);
    }

    /// <summary>The total as a decimal with the largest scale added; false when it does not fit a decimal's 96 bits at
    /// that scale (where a decimal sum would start rounding: the caller adds the decimals instead).</summary>
    public readonly bool TryToDecimal(out decimal total)
    {
        // 128-bit division is a software routine: divide in 64 bits when the total fits, by a constant.
        var units = cents >> 64 != 0 ? cents / FineAmount.Pow10[2 - scale] : scale switch
        {
            2 => cents,
            1 => (ulong)cents / 10,
            _ => (ulong)cents / 100,
        };
        if (units >> 96 != 0)
        {
            total = 0m;
            return false;
        }

        total = new decimal(unchecked((int)(uint)units), unchecked((int)(uint)(units >> 32)), unchecked((int)(uint)(units >> 64)), false, (byte)scale);
        return true;
    }
}
