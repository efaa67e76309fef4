using Harvard.Circulation.Fines;

namespace Harvard.Circulation.Tests;

public class MoneyTests
{
    [Fact]
    public void ToString_TwoDecimalsInvariant_WithCurrency() => Assert.Equal("12.50 USD", Money.Usd(12.5m).ToString());

    [Fact]
    public void RoundToCent_HalfAwayFromZero() => Assert.Equal(Money.Usd(0.13m), Money.Usd(0.125m).RoundToCent());

    [Fact]
    public void Add_DifferentCurrencies_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Money.Usd(1m) + new Money(1m, "EUR"));
        Assert.Contains("currencies differ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_Overflow_ThrowsOverflowNamingTheOperation()
    {
        var ex = Assert.Throws<OverflowException>(() => Money.Usd(decimal.MaxValue) + Money.Usd(decimal.MaxValue));
        Assert.StartsWith("Adding", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadCurrency_NamesParameter() =>
        Assert.Equal("currency", Assert.Throws<ArgumentException>(() => new Money(1m, "usd")).ParamName);

    [Fact]
    public void Equals_SameNumberDifferentScale_AreEqual() => Assert.Equal(Money.Usd(1.0m), Money.Usd(1.00m));
}
