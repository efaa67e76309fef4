using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Tests.Patrons;

public class UserGroupCatalogueTests
{
    [Fact]
    public void Catalogue_Harvard_HasExactlyTheGuidesThirteenGroupsInOrder()
    {
        string[] expected =
        [
            "21 Faculty (Proxy)",
            "22 Officer (Proxy)",
            "23 Staff (Proxy)",
            "25 Special Borrower",
            "27 Consortial Borrower",
            "30 Domestic partner",
            "41 SAO Affiliate",
            "42 Continuing Ed. - PCI",
            "45 Special Permission Borrowers",
            "57 Leganto Self-Registered Patron",
            "58 Library Guest",
            "59 Visiting Researcher",
            "84 Borrow Direct to other institution (RS Billing only)",
        ];

        Assert.Equal(expected, HarvardUserGroups.Catalogue.Groups.Select(g => $"{g.Code} {g.Name}"));
        Assert.Equal(13, HarvardUserGroups.Catalogue.Count);
    }

    [Theory]
    [InlineData(HarvardUserGroups.FacultyProxy, "Faculty (Proxy)")]
    [InlineData(HarvardUserGroups.SpecialBorrower, "Special Borrower")]
    [InlineData(HarvardUserGroups.ContinuingEdPci, "Continuing Ed. - PCI")]
    [InlineData(HarvardUserGroups.BorrowDirect, "Borrow Direct to other institution (RS Billing only)")]
    public void Indexer_KnownCode_GivesTheGroup(string code, string name) =>
        Assert.Equal(new UserGroupName(code, name), HarvardUserGroups.Catalogue[code]);

    [Fact]
    public void Indexer_CodeWithSpaces_IsTrimmed() =>
        Assert.Equal("Library Guest", HarvardUserGroups.Catalogue[" 58 "].Name);

    [Fact]
    public void Indexer_UnknownCode_ThrowsNamingTheCode()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => HarvardUserGroups.Catalogue["99"]);
        Assert.Equal("User group '99' is not in the catalogue.", ex.Message);
    }

    [Fact]
    public void Indexer_NullCode_ThrowsNamingTheParameter() =>
        Assert.Equal("code", Assert.Throws<ArgumentNullException>(() => HarvardUserGroups.Catalogue[null!]).ParamName);

    [Fact]
    public void TryGet_UnknownCode_ReturnsFalseAndNull()
    {
        Assert.False(HarvardUserGroups.Catalogue.TryGet("99", out var group));
        Assert.Null(group);
        Assert.False(HarvardUserGroups.Catalogue.Contains(null));
    }

    [Fact]
    public void TryGet_VisitingResearcher_ReturnsTheGroup()
    {
        Assert.True(HarvardUserGroups.Catalogue.TryGet(HarvardUserGroups.VisitingResearcher, out var group));
        Assert.Equal("Visiting Researcher", group.Name);
    }

    [Fact]
    public void Constructor_DuplicateCode_ThrowsNamingTheCode()
    {
        var ex = Assert.Throws<ArgumentException>(() => new UserGroupCatalogue(
            [new UserGroupName("25", "Special Borrower"), new UserGroupName("25", "Another Borrower")]));
        Assert.StartsWith("User group '25' appears twice in the catalogue.", ex.Message, StringComparison.Ordinal);
        Assert.Equal("groups", ex.ParamName);
    }

    [Fact]
    public void UserGroupName_BlankName_ThrowsNamingTheParameter() =>
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new UserGroupName("25", "  ")).ParamName);

    [Fact]
    public void UserGroupName_ToString_IsCodeThenName() =>
        Assert.Equal("30 Domestic partner", HarvardUserGroups.Catalogue[HarvardUserGroups.DomesticPartner].ToString());
}
