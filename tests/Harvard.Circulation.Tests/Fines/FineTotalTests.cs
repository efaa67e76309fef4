using Harvard.Circulation.Fines;

namespace Harvard.Circulation.Tests.Fines;

/// <summary>
/// The running total of fines in cents against what adding the decimals in order gives: the same value and the
/// largest scale of the terms (a decimal sum keeps it), or no answer where a decimal would have to round.
/// </summary>
public class FineTotalTests
{
    private static decimal Total(FineTotal total)
    {
        Assert.True(total.TryToDecimal(out var value));
        return value;
    }

    /// <summary>Value and scale, which <see cref="decimal"/> equality alone does not compare.</summary>
    private static void AssertSameDecimal(decimal expected, decimal actual) =>
        Assert.Equal(decimal.GetBits(expected), decimal.GetBits(actual));

    [Fact]
    public void TryToDecimal_NothingAdded_IsZeroAtScaleZero() => AssertSameDecimal(0m, Total(default));

    [Theory]
    [InlineData(7UL, 0, "7")]
    [InlineData(75UL, 1, "7.5")]
    [InlineData(750UL, 2, "7.50")]
    public void Add_OneAmount_KeepsItsScale(ulong units, int scale, string expected)
    {
        var total = default(FineTotal);
        total.Add(units, scale);
        AssertSameDecimal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Total(total));
    }

    [Fact]
    public void Add_MixedScales_SumsAtTheLargestScale()
    {
        // 5 + 2.5 + 0.01 + 3 = 10.51, at scale 2 whatever the order the scales came in.
        var total = default(FineTotal);
        total.Add(5, 0);
        total.Add(25, 1);
        total.Add(1, 2);
        total.Add(3, 0);
        AssertSameDecimal(5m + 2.5m + 0.01m + 3m, Total(total));
    }

    [Fact]
    public void Add_ScaleOneAfterScaleTwo_KeepsScaleTwo()
    {
        var total = default(FineTotal);
        total.Add(150, 2);
        total.Add(5, 1);
        AssertSameDecimal(1.50m + 0.5m, Total(total));
    }

    [Fact]
    public void Add_Decimals_SumsAsDecimalAdditionDoes()
    {
        var total = default(FineTotal);
        total.Add(1.5m);
        total.Add(2m);
        total.Add(0.25m);
        AssertSameDecimal(1.5m + 2m + 0.25m, Total(total));
    }

    [Fact]
    public void Add_DecimalAndUnits_MixInOneTotal()
    {
        var total = default(FineTotal);
        total.Add(3m);
        total.Add(5, 1);
        AssertSameDecimal(3m + 0.5m, Total(total));
    }

    [Theory]
    [InlineData("21474836.48")]         // mantissa 2^31: the low word's top bit set
    [InlineData("92233720368547758.08")] // mantissa 2^63: the middle word's top bit set
    [InlineData("396140812571321687967719751.68")] // mantissa 2^95: the high word's top bit set
    public void Add_DecimalWithAWordsTopBitSet_IsAddedWhole(string text)
    {
        var amount = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var total = default(FineTotal);
        total.Add(amount);
        AssertSameDecimal(amount, Total(total));
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("0.001")]
    public void Add_DecimalNegativeOrFinerThanTheCent_Throws(string text)
    {
        var total = default(FineTotal);
        Assert.Throws<ArgumentOutOfRangeException>(() => total.Add(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void TryToDecimal_CentsBeyondSixtyFourBits_DividesInOneHundredTwentyEightBits(int scale)
    {
        // Two amounts of (2^64 − 1) units: 2^65 − 2 units, past 64 bits as units and as cents.
        var total = default(FineTotal);
        total.Add(ulong.MaxValue, scale);
        total.Add(ulong.MaxValue, scale);
        var one = new decimal(-1, -1, 0, false, (byte)scale);
        AssertSameDecimal(one + one, Total(total));
    }

    [Fact]
    public void TryToDecimal_LargestDecimal_Fits() =>
        AssertSameDecimal(decimal.MaxValue, Total(With(decimal.MaxValue)));

    [Theory]
    [InlineData("1")]    // 2^96 units at scale 0
    [InlineData("0.01")] // 2^96 − 1 + 10^−2 at scale 2: a decimal would round it
    public void TryToDecimal_BeyondNinetySixBits_Declines(string text)
    {
        var total = With(decimal.MaxValue);
        total.Add(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(total.TryToDecimal(out var value));
        Assert.Equal(0m, value);
    }

    private static FineTotal With(decimal amount)
    {
        var total = default(FineTotal);
        total.Add(amount);
        return total;
    }
}
