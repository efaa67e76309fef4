using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Tests.Patrons;

public class HarvardUserGroupsTests
{
    // The guide's list of user groups, code and name, in its order: the embedded default policy is where they live.
    private static readonly (string Code, string Name)[] GuideGroups =
    [
        (HarvardUserGroups.FacultyProxy, "Faculty (Proxy)"),
        (HarvardUserGroups.OfficerProxy, "Officer (Proxy)"),
        (HarvardUserGroups.StaffProxy, "Staff (Proxy)"),
        (HarvardUserGroups.SpecialBorrower, "Special Borrower"),
        (HarvardUserGroups.ConsortialBorrower, "Consortial Borrower"),
        (HarvardUserGroups.DomesticPartner, "Domestic partner"),
        (HarvardUserGroups.SaoAffiliate, "SAO Affiliate"),
        (HarvardUserGroups.ContinuingEdPci, "Continuing Ed. - PCI"),
        (HarvardUserGroups.SpecialPermissionBorrowers, "Special Permission Borrowers"),
        (HarvardUserGroups.LegantoSelfRegisteredPatron, "Leganto Self-Registered Patron"),
        (HarvardUserGroups.LibraryGuest, "Library Guest"),
        (HarvardUserGroups.VisitingResearcher, "Visiting Researcher"),
        (HarvardUserGroups.BorrowDirect, "Borrow Direct to other institution (RS Billing only)"),
    ];

    [Fact]
    public void Codes_AreTheGuides()
    {
        string[] expected = ["21", "22", "23", "25", "27", "30", "41", "42", "45", "57", "58", "59", "84"];
        Assert.Equal(expected, GuideGroups.Select(g => g.Code));
        var constants = typeof(HarvardUserGroups).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal);
        Assert.Equal(expected, constants);
    }

    [Fact]
    public void HarvardDefault_HasExactlyTheGuidesThirteenGroupsInOrder() =>
        Assert.Equal(GuideGroups, EmbeddedPolicies.HarvardDefault.UserGroups.Select(g => (g.Code, g.Name)));
}
