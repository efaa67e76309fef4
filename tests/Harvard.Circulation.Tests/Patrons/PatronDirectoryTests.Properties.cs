using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Tests.Patrons;

public partial class PatronDirectoryTests
{
    [Property(MaxTest = 1000)]
    public Property Search_AnyPatronsStaffAndQuery_EqualsNaiveFilter() =>
        Prop.ForAll(PatronGenerators.SearchCases(), c =>
        {
            var result = new PatronDirectory(c.Patrons).Search(new StaffMember("jdoe", c.NameSearch), c.By, c.Query);
            if (c.By == PatronSearchBy.Name && !c.NameSearch)
            {
                return !result.IsAllowed
                    && result.Result.Count == 0
                    && result.Reasons.Single().Code == RefusalCodes.NameSearchNotPermitted;
            }

            return result.IsAllowed && result.Result.SequenceEqual(NaiveSearch(c.Patrons, c.By, c.Query));
        });

    [Property(MaxTest = 1000)]
    public Property Find_AnyIdInAnyCaseAndSpacing_FindsThePatron() =>
        Prop.ForAll(PatronGenerators.LookupCases(), c =>
        {
            var directory = new PatronDirectory(c.Patrons);
            var expected = c.Patrons[c.Index];
            return ReferenceEquals(expected, directory.Find(c.Typed))
                && ReferenceEquals(c.IsPrimary ? expected : null, directory.FindByPrimaryId(c.Typed))
                && ReferenceEquals(c.IsPrimary ? null : expected, directory.FindByIdentifier(c.Typed))
                && expected.IsIdentifiedBy(c.Typed);
        });

    // The model: a linear filter written independently of the directory's dictionaries and splitting. It
    // upper-cases on purpose, as an independent statement of "ignoring case" (hence CA1862 off here).
#pragma warning disable CA1862
    private static IEnumerable<Patron> NaiveSearch(Patron[] patrons, PatronSearchBy by, string query)
    {
        var wanted = query.Trim().ToUpperInvariant();
        switch (by)
        {
            case PatronSearchBy.PrimaryId:
                return patrons.Where(p => p.PrimaryId.ToUpperInvariant() == wanted);
            case PatronSearchBy.Identifier:
                return patrons.Where(p => p.Identifiers.Any(i => i.Value.ToUpperInvariant() == wanted));
            default:
                var words = Regex.Split(query, @"\s+").Where(w => w.Length > 0).Select(w => w.ToUpperInvariant()).ToArray();
                return words.Length == 0
                    ? []
                    : patrons.Where(p => p.Name is not null && words.All(w => p.Name.ToUpperInvariant().Contains(w, StringComparison.Ordinal)));
        }
    }
#pragma warning restore CA1862
}
