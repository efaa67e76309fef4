using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Ardalis.GuardClauses;

namespace Harvard.Circulation.Patrons;

/// <summary>A user group as patron records name it: a code and a name, without the policy's limits.</summary>
/// <remarks>
/// Not to be confused with <see cref="Policies.UserGroup"/>, which is a policy's group with its check-out
/// limits. Immutable; value equality (ordinal).
/// </remarks>
public sealed record UserGroupName
{
    /// <summary>Creates a user group name.</summary>
    /// <param name="code">The code, e.g. <c>21</c>; trimmed.</param>
    /// <param name="name">The name, e.g. <c>Faculty (Proxy)</c>; trimmed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> or <paramref name="name"/> is empty or white space.</exception>
    public UserGroupName(string code, string name)
    {
        Code = Guard.Against.NullOrWhiteSpace(code).Trim();
        Name = Guard.Against.NullOrWhiteSpace(name).Trim();
    }

    /// <summary>The code, e.g. <c>21</c>.</summary>
    public string Code { get; }

    /// <summary>The name, e.g. <c>Faculty (Proxy)</c>.</summary>
    public string Name { get; }

    /// <summary>Deconstructs into code and name.</summary>
    /// <param name="code">The code.</param>
    /// <param name="name">The name.</param>
    public void Deconstruct(out string code, out string name)
    {
        code = Code;
        name = Name;
    }

    /// <summary>The group as <c>code name</c>, e.g. <c>21 Faculty (Proxy)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Code} {Name}";
}

/// <summary>A catalogue of user groups, looked up by code.</summary>
/// <remarks>
/// Codes are trimmed and compared ordinally (they are codes, not words). The groups keep the order they were
/// given in. Immutable and safe to share between threads.
/// </remarks>
public sealed class UserGroupCatalogue
{
    private readonly FrozenDictionary<string, UserGroupName> byCode;

    /// <summary>Creates a catalogue.</summary>
    /// <param name="groups">The groups, each code once.</param>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException">Two groups share a code; the message names it.</exception>
    public UserGroupCatalogue(IEnumerable<UserGroupName> groups)
    {
        var list = Guard.Against.Null(groups).ToEquatableArray();
        var map = new Dictionary<string, UserGroupName>(StringComparer.Ordinal);
        foreach (var group in list)
        {
            Guard.Against.Null(group, nameof(groups), "A user group catalogue cannot hold a null group.");
            if (!map.TryAdd(group.Code, group))
            {
                throw new ArgumentException($"User group '{group.Code}' appears twice in the catalogue.", nameof(groups));
            }
        }

        Groups = list;
        byCode = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every group, in the order given.</summary>
    public EquatableArray<UserGroupName> Groups { get; }

    /// <summary>The number of groups.</summary>
    public int Count => Groups.Count;

    /// <summary>The group with a code.</summary>
    /// <param name="code">The code; trimmed.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No group has the code; the message names it, e.g.
    /// <c>User group '99' is not in the catalogue.</c></exception>
    public UserGroupName this[string code] => TryGet(Guard.Against.Null(code), out var group)
        ? group
        : throw new KeyNotFoundException($"User group '{code.Trim()}' is not in the catalogue.");

    /// <summary>Whether a group has the code.</summary>
    /// <param name="code">The code; trimmed. Null is never in the catalogue.</param>
    /// <returns>Whether the catalogue has it.</returns>
    public bool Contains(string? code) => TryGet(code, out _);

    /// <summary>Looks a group up by code.</summary>
    /// <param name="code">The code; trimmed. Null is never in the catalogue.</param>
    /// <param name="group">The group, or null when there is none.</param>
    /// <returns>Whether the catalogue has the code.</returns>
    public bool TryGet(string? code, [NotNullWhen(true)] out UserGroupName? group)
    {
        group = null;
        return code is not null && byCode.TryGetValue(code.Trim(), out group);
    }
}

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

    /// <summary>The 13 Harvard groups, in code order.</summary>
    public static UserGroupCatalogue Catalogue { get; } = new(
    [
        new(FacultyProxy, "Faculty (Proxy)"),
        new(OfficerProxy, "Officer (Proxy)"),
        new(StaffProxy, "Staff (Proxy)"),
        new(SpecialBorrower, "Special Borrower"),
        new(ConsortialBorrower, "Consortial Borrower"),
        new(DomesticPartner, "Domestic partner"),
        new(SaoAffiliate, "SAO Affiliate"),
        new(ContinuingEdPci, "Continuing Ed. - PCI"),
        new(SpecialPermissionBorrowers, "Special Permission Borrowers"),
        new(LegantoSelfRegisteredPatron, "Leganto Self-Registered Patron"),
        new(LibraryGuest, "Library Guest"),
        new(VisitingResearcher, "Visiting Researcher"),
        new(BorrowDirect, "Borrow Direct to other institution (RS Billing only)"),
    ]);
}
