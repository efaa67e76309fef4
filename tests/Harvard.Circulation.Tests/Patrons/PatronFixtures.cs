using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Tests.Patrons;

/// <summary>Domain fixtures shared by the patron tests.</summary>
internal static class PatronFixtures
{
    public static readonly Patron SpecialBorrowerAda = new(
        "10000001", HarvardUserGroups.SpecialBorrower, "Ada Lovelace",
        identifiers: [new PatronIdentifier("barcode", "21234000001")]);

    public static readonly Patron FacultyProxyCharles = new(
        "10000002", HarvardUserGroups.FacultyProxy, "Charles Babbage",
        identifiers: [new PatronIdentifier("barcode", "21234000002"), new PatronIdentifier("library card", "LC-0042")]);

    public static readonly Patron InterlibraryLoanPartner = new(
        "ILL-YALE", HarvardUserGroups.BorrowDirect, "Yale University Library", RecordType.Internal);

    public static readonly Patron UnnamedLibraryGuest = new("10000004", HarvardUserGroups.LibraryGuest);

    public static readonly Patron VisitingResearcherAdaMarie = new(
        "10000005", HarvardUserGroups.VisitingResearcher, "Ada-Marie Curie",
        identifiers: [new PatronIdentifier("barcode", "21234000005")]);

    public static readonly StaffMember DeskStaff = new("jdoe");

    public static readonly StaffMember ExtendedPlusStaff = new("asmith", nameSearch: true);

    public static PatronDirectory Directory() => new(
        [SpecialBorrowerAda, FacultyProxyCharles, InterlibraryLoanPartner, UnnamedLibraryGuest, VisitingResearcherAdaMarie]);
}
