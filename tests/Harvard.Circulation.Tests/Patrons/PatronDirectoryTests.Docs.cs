using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Tests.Patrons;

public partial class PatronDirectoryTests
{
    // The example of docs/patrons.md, line for line; keep the two in step.
    [Fact]
    public void DocsExample_SpecialBorrowerAda_RunsAsDocumented()
    {
        var ada = new Patron("10000001", HarvardUserGroups.SpecialBorrower, "Ada Lovelace",
            identifiers: [new PatronIdentifier("barcode", "21234000001")]);
        var directory = new PatronDirectory([ada]);

        Assert.Same(ada, directory.Find(" 21234000001 "));
        var refused = directory.Search(new StaffMember("jdoe"), PatronSearchBy.Name, "ada");
        Assert.Equal(RefusalCodes.NameSearchNotPermitted, Assert.Single(refused.Reasons).Code);
        Assert.Equal([ada], directory.Search(new StaffMember("asmith", nameSearch: true), PatronSearchBy.Name, "ada love").Value);
    }
}
