using Harvard.Circulation.Patrons;
using static Harvard.Circulation.Tests.Patrons.PatronFixtures;

namespace Harvard.Circulation.Tests.Patrons;

public class PatronTests
{
    [Fact]
    public void Constructor_PaddedValues_AreTrimmedAndDefaultsApplied()
    {
        var patron = new Patron(" 10000001 ", " 25 ", "  Ada Lovelace ");
        Assert.Equal("10000001", patron.PrimaryId);
        Assert.Equal("25", patron.GroupCode);
        Assert.Equal("Ada Lovelace", patron.Name);
        Assert.Equal(RecordType.External, patron.RecordType);
        Assert.Empty(patron.Identifiers);
    }

    [Fact]
    public void Constructor_BlankName_MeansNoName() => Assert.Null(new Patron("10000004", "58", "   ").Name);

    [Fact]
    public void Constructor_NonHuidPrimaryId_IsAccepted() =>
        Assert.Equal("ILL-YALE", InterlibraryLoanPartner.PrimaryId);

    [Theory]
    [InlineData(" ", "25", "primaryId")]
    [InlineData("10000001", "", "groupCode")]
    public void Constructor_BlankRequiredField_ThrowsNamingTheParameter(string primaryId, string groupCode, string parameter) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentException>(() => new Patron(primaryId, groupCode, "Ada Lovelace")).ParamName);

    [Fact]
    public void Constructor_UndefinedRecordType_Throws() =>
        Assert.Equal("recordType", Assert.Throws<ArgumentOutOfRangeException>(() => new Patron("10000001", "25", recordType: (RecordType)9)).ParamName);

    [Fact]
    public void Constructor_SameBarcodeTwice_ThrowsNamingIdNotName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Patron("10000001", "25", "Ada Lovelace",
            identifiers: [new PatronIdentifier("barcode", "21234000001"), new PatronIdentifier("BARCODE", "21234000001 ")]));
        Assert.StartsWith("Patron '10000001' has the identifier 'BARCODE 21234000001' twice.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("identifiers", ex.ParamName);
    }

    [Fact]
    public void ToString_NamedPatron_OmitsTheName()
    {
        var text = FacultyProxyCharles.ToString();
        Assert.Equal(
            "Patron { PrimaryId = 10000002, GroupCode = 21, RecordType = external, Identifiers = [barcode 21234000002, library card LC-0042] }",
            text);
        Assert.DoesNotContain("Charles", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Babbage", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToString_PatronInsideAnotherRecord_OmitsTheName() =>
        Assert.DoesNotContain("Lovelace", new Holder(SpecialBorrowerAda).ToString(), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Equals_SameFieldsIdentifiersInOtherCase_AreEqual()
    {
        var again = new Patron("10000002", "21", "Charles Babbage",
            identifiers: [new PatronIdentifier("barcode", "21234000002"), new PatronIdentifier("Library Card", "lc-0042")]);
        Assert.Equal(FacultyProxyCharles, again);
        Assert.Equal(FacultyProxyCharles.GetHashCode(), again.GetHashCode());
    }

    [Fact]
    public void With_NoChanges_KeepsTheValidatedValues() =>
        Assert.Equal(SpecialBorrowerAda, SpecialBorrowerAda with { });

    [Theory]
    [InlineData("10000002")]
    [InlineData(" lc-0042 ")]
    [InlineData("21234000002")]
    public void IsIdentifiedBy_AnyIdInAnyCase_IsTrue(string id) => Assert.True(FacultyProxyCharles.IsIdentifiedBy(id));

    [Theory]
    [InlineData(null)]
    [InlineData("Charles Babbage")]
    [InlineData("library card")]
    public void IsIdentifiedBy_NotAnId_IsFalse(string? id) => Assert.False(FacultyProxyCharles.IsIdentifiedBy(id));

    private sealed record Holder(Patron Patron);
}
