using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Tests.Patrons;

public class StaffMemberTests
{
    [Fact]
    public void NameSearchRole_IsHarvardsRoleName() =>
        Assert.Equal("Fulfillment Operator Extended Plus", StaffMember.NameSearchRole);

    [Fact]
    public void Constructor_DeskStaff_HasNoNameSearchByDefault()
    {
        var staff = new StaffMember(" jdoe ");
        Assert.Equal("jdoe", staff.Id);
        Assert.False(staff.NameSearch);
    }

    [Fact]
    public void FromRoles_WithExtendedPlus_GrantsNameSearch() =>
        Assert.True(StaffMember.FromRoles("asmith", ["Circulation Desk Operator", " fulfillment operator extended plus "]).NameSearch);

    [Fact]
    public void FromRoles_WithoutExtendedPlus_DeniesNameSearch() =>
        Assert.False(StaffMember.FromRoles("jdoe", ["Fulfillment Operator Extended", "Circulation Desk Operator"]).NameSearch);

    [Fact]
    public void Constructor_BlankId_ThrowsNamingTheParameter() =>
        Assert.Equal("id", Assert.Throws<ArgumentException>(() => new StaffMember(" ")).ParamName);
}
