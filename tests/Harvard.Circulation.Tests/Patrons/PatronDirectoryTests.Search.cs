using Harvard.Circulation.Patrons;
using static Harvard.Circulation.Tests.Patrons.PatronFixtures;

namespace Harvard.Circulation.Tests.Patrons;

public partial class PatronDirectoryTests
{
    private const string RefusalForJdoe =
        "Searching patrons by name needs the name-search clearance (Fulfillment Operator Extended Plus); staff 'jdoe' does not have it.";

    [Fact]
    public void Search_ByPrimaryIdAsDeskStaff_FindsThePatron()
    {
        var result = Directory().Search(DeskStaff, PatronSearchBy.PrimaryId, " 10000002 ");
        Assert.True(result.IsAllowed);
        Assert.Equal([FacultyProxyCharles], result.Result);
    }

    [Fact]
    public void Search_ByIdentifierAsDeskStaff_FindsThePatron()
    {
        var result = Directory().Search(DeskStaff, PatronSearchBy.Identifier, "LC-0042");
        Assert.True(result.IsAllowed);
        Assert.Equal([FacultyProxyCharles], result.Result);
    }

    [Fact]
    public void Search_ByIdentifierWithAPrimaryId_FindsNobody()
    {
        var result = Directory().Search(DeskStaff, PatronSearchBy.Identifier, "10000002");
        Assert.True(result.IsAllowed);
        Assert.Empty(result.Result);
    }

    [Fact]
    public void Search_ByNameWithoutClearance_IsRefusedNotEmpty()
    {
        var result = Directory().Search(DeskStaff, PatronSearchBy.Name, "ada");
        Assert.False(result.IsAllowed);
        Assert.Empty(result.Result);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal(RefusalCodes.NameSearchNotPermitted, reason.Code);
        Assert.Equal("nameSearchNotPermitted", reason.Code);
        Assert.Equal(RefusalForJdoe, reason.Message);
    }

    [Fact]
    public void Search_ByBlankNameWithoutClearance_IsStillRefused() =>
        Assert.False(Directory().Search(DeskStaff, PatronSearchBy.Name, "  ").IsAllowed);

    [Fact]
    public void Search_ByNameWithoutClearance_ValueCarriesTheMessage()
    {
        var ex = Assert.Throws<RefusedException>(() => Directory().Search(DeskStaff, PatronSearchBy.Name, "ada").Value);
        Assert.Equal(RefusalForJdoe, ex.Message);
    }

    [Fact]
    public void Search_ByNameAdaLove_MatchesAdaLovelaceOnly()
    {
        var result = Directory().Search(ExtendedPlusStaff, PatronSearchBy.Name, "ada love");
        Assert.True(result.IsAllowed);
        Assert.Equal([SpecialBorrowerAda], result.Result);
    }

    [Fact]
    public void Search_ByNameAdaBabbage_MatchesNobody()
    {
        var result = Directory().Search(ExtendedPlusStaff, PatronSearchBy.Name, "ada babbage");
        Assert.True(result.IsAllowed);
        Assert.Empty(result.Result);
    }

    [Fact]
    public void Search_ByNameAda_MatchesBothAdasInDirectoryOrder() =>
        Assert.Equal(
            [SpecialBorrowerAda, VisitingResearcherAdaMarie],
            Directory().Search(ExtendedPlusStaff, PatronSearchBy.Name, "ADA").Value);

    [Fact]
    public void Search_ByNameWordsInAnyOrderAndSpacing_Match() =>
        Assert.Equal(
            [FacultyProxyCharles],
            Directory().Search(ExtendedPlusStaff, PatronSearchBy.Name, "\tbabbage   CHARLES \n").Value);

    [Fact]
    public void Search_ByNameForAnInstitution_FindsTheInternalRecord() =>
        Assert.Equal(
            [InterlibraryLoanPartner],
            Directory().Search(ExtendedPlusStaff, PatronSearchBy.Name, "yale library").Value);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Search_ByBlankNameWithClearance_IsAllowedAndEmpty(string query)
    {
        var result = Directory().Search(ExtendedPlusStaff, PatronSearchBy.Name, query);
        Assert.True(result.IsAllowed);
        Assert.Empty(result.Result);
    }

    [Fact]
    public void Search_UndefinedSearchKind_Throws() =>
        Assert.Equal("by", Assert.Throws<ArgumentOutOfRangeException>(() => Directory().Search(DeskStaff, (PatronSearchBy)5, "x")).ParamName);

    [Fact]
    public void Search_NullStaff_ThrowsNamingTheParameter() =>
        Assert.Equal("staff", Assert.Throws<ArgumentNullException>(() => Directory().Search(null!, PatronSearchBy.PrimaryId, "x")).ParamName);
}
