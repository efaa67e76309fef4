using Harvard.Circulation.Patrons;
using static Harvard.Circulation.Tests.Patrons.PatronFixtures;

namespace Harvard.Circulation.Tests.Patrons;

public partial class PatronDirectoryTests
{
    [Theory]
    [InlineData("10000001")]
    [InlineData("  10000001\t")]
    public void FindByPrimaryId_HuidWithOrWithoutSpaces_FindsThePatron(string id) =>
        Assert.Same(SpecialBorrowerAda, Directory().FindByPrimaryId(id));

    [Theory]
    [InlineData("ill-yale")]
    [InlineData(" ILL-Yale ")]
    public void FindByPrimaryId_InternalRecordInAnyCase_FindsThePartner(string id) =>
        Assert.Same(InterlibraryLoanPartner, Directory().FindByPrimaryId(id));

    [Fact]
    public void FindByPrimaryId_Barcode_FindsNobody() => Assert.Null(Directory().FindByPrimaryId("21234000001"));

    [Theory]
    [InlineData("21234000002")]
    [InlineData("lc-0042")]
    [InlineData(" LC-0042 ")]
    public void FindByIdentifier_BarcodeOrLibraryCard_FindsTheFacultyProxy(string value) =>
        Assert.Same(FacultyProxyCharles, Directory().FindByIdentifier(value));

    [Fact]
    public void FindByIdentifier_PrimaryId_FindsNobody() => Assert.Null(Directory().FindByIdentifier("10000002"));

    [Theory]
    [InlineData("10000002")]
    [InlineData("21234000002")]
    [InlineData("Lc-0042")]
    public void Find_AnyId_FindsTheFacultyProxy(string anyId) => Assert.Same(FacultyProxyCharles, Directory().Find(anyId));

    [Theory]
    [InlineData("")]
    [InlineData("99999999")]
    [InlineData("Charles Babbage")]
    public void Find_UnknownOrName_FindsNobody(string anyId) => Assert.Null(Directory().Find(anyId));

    [Fact]
    public void Find_Null_ThrowsNamingTheParameter() =>
        Assert.Equal("anyId", Assert.Throws<ArgumentNullException>(() => Directory().Find(null!)).ParamName);

    [Fact]
    public void Constructor_DuplicatePrimaryIdInOtherCase_ThrowsNamingTheIdNotTheName()
    {
        var twin = new Patron("ill-yale ", HarvardUserGroups.ConsortialBorrower, "Yale Law Library");
        var ex = Assert.Throws<ArgumentException>(() => new PatronDirectory([InterlibraryLoanPartner, twin]));
        Assert.StartsWith("Patron ID 'ill-yale' appears twice in the directory.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Yale Law", ex.Message, StringComparison.Ordinal);
        Assert.Equal("patrons", ex.ParamName);
    }

    [Fact]
    public void Constructor_BarcodeSharedByTwoPatrons_ThrowsNamingBothIds()
    {
        var impostor = new Patron("10000009", HarvardUserGroups.LibraryGuest, "Grace Hopper",
            identifiers: [new PatronIdentifier("library card", "21234000001")]);
        var ex = Assert.Throws<ArgumentException>(() => new PatronDirectory([SpecialBorrowerAda, impostor]));
        Assert.StartsWith(
            "Identifier '21234000001' of patron '10000009' is also an identifier of patron '10000001'.",
            ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Hopper", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Lovelace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_IdentifierIsAnotherPatronsPrimaryId_Throws()
    {
        var confusing = new Patron("10000009", HarvardUserGroups.LibraryGuest,
            identifiers: [new PatronIdentifier("barcode", "10000001")]);
        var ex = Assert.Throws<ArgumentException>(() => new PatronDirectory([SpecialBorrowerAda, confusing]));
        Assert.StartsWith(
            "Identifier '10000001' of patron '10000009' is the primary ID of patron '10000001'.",
            ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_IdentifierEqualToOwnPrimaryId_IsAccepted()
    {
        var patron = new Patron("10000009", HarvardUserGroups.LibraryGuest,
            identifiers: [new PatronIdentifier("barcode", "10000009"), new PatronIdentifier("library card", "10000009")]);
        Assert.Same(patron, new PatronDirectory([patron]).Find("10000009"));
    }

    [Fact]
    public void Patrons_KeepInsertionOrder() =>
        Assert.Equal(
            ["10000001", "10000002", "ILL-YALE", "10000004", "10000005"],
            Directory().Patrons.Select(p => p.PrimaryId));

    [Fact]
    public void Empty_HasNoPatrons()
    {
        Assert.Equal(0, PatronDirectory.Empty.Count);
        Assert.Null(PatronDirectory.Empty.Find("10000001"));
    }
}
