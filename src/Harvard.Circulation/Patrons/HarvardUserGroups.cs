namespace Harvard.Circulation.Patrons;

/// <summary>Harvard Library's user groups, as the patron-records guide lists them, and their codes.</summary>
/// <remarks>Access policies vary by user group; the limits of each live in a policy
/// (<see cref="Policies.UserGroup"/>), not here.</remarks>
public static class HarvardUserGroups
{
    /// <summary>Code of Faculty (Proxy).</summary>
    public const string FacultyProxy = "21";

    /// <summary>Code of Officer (Proxy).</summary>
    public const string OfficerProxy = "22";

    /// <summary>Code of Staff (Proxy).</summary>
    public const string StaffProxy = "23";

    /// <summary>Code of Special Borrower.</summary>
    public const string SpecialBorrower = "25";

    /// <summary>Code of Consortial Borrower.</summary>
    public const string ConsortialBorrower = "27";

    /// <summary>Code of Domestic partner.</summary>
    public const string DomesticPartner = "30";

    /// <summary>Code of SAO Affiliate.</summary>
    public const string SaoAffiliate = "41";

    /// <summary>Code of Continuing Ed. - PCI.</summary>
    public const string ContinuingEdPci = "42";

    /// <summary>Code of Special Permission Borrowers.</summary>
    public const string SpecialPermissionBorrowers = "45";

    /// <summary>Code of Leganto Self-Registered Patron.</summary>
    public const string LegantoSelfRegisteredPatron = "57";

    /// <summary>Code of Library Guest.</summary>
    public const string LibraryGuest = "58";

    /// <summary>Code of Visiting Researcher.</summary>
    public const string VisitingResearcher = "59";

    /// <summary>Code of Borrow Direct to other institution (RS Billing only).</summary>
    public const string BorrowDirect = "84";
}
