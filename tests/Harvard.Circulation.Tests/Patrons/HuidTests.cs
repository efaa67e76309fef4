using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Tests.Patrons;

public class HuidTests
{
    [Theory]
    [InlineData("10000001")]
    [InlineData(" 81234567 ")]
    public void IsValid_EightDigits_IsTrue(string value) => Assert.True(Huid.IsValid(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1000000")]
    [InlineData("100000011")]
    [InlineData("1000000A")]
    [InlineData("1000 001")]
    [InlineData("١٠٠٠٠٠٠١")]
    [InlineData("ILL-YALE")]
    public void IsValid_NotEightAsciiDigits_IsFalse(string? value) => Assert.False(Huid.IsValid(value));

    [Fact]
    public void Normalize_PaddedHuid_IsTrimmed() => Assert.Equal("10000001", Huid.Normalize("  10000001\t"));

    [Fact]
    public void Normalize_Null_ThrowsNamingTheParameter() =>
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => Huid.Normalize(null!)).ParamName);
}
