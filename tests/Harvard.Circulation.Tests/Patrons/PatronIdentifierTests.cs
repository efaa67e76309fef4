using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Tests.Patrons;

public class PatronIdentifierTests
{
    [Fact]
    public void Constructor_PaddedTypeAndValue_AreTrimmed()
    {
        var barcode = new PatronIdentifier("  barcode ", "\t21234000001 \n");
        Assert.Equal("barcode", barcode.Type);
        Assert.Equal("21234000001", barcode.Value);
    }

    [Fact]
    public void Equals_LibraryCardInOtherCase_AreEqualWithEqualHashes()
    {
        var card = new PatronIdentifier("library card", "lc-0042");
        var shouted = new PatronIdentifier("Library Card", " LC-0042 ");
        Assert.Equal(card, shouted);
        Assert.Equal(card.GetHashCode(), shouted.GetHashCode());
    }

    [Fact]
    public void Equals_SameValueOtherType_AreNotEqual() =>
        Assert.NotEqual(new PatronIdentifier("barcode", "42"), new PatronIdentifier("library card", "42"));

    [Theory]
    [InlineData("", "21234000001", "type")]
    [InlineData("barcode", "   ", "value")]
    public void Constructor_Blank_ThrowsNamingTheParameter(string type, string value, string parameter) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentException>(() => new PatronIdentifier(type, value)).ParamName);

    [Fact]
    public void ToString_Barcode_IsTypeThenValue() =>
        Assert.Equal("barcode 21234000001", new PatronIdentifier("barcode", "21234000001").ToString());
}
