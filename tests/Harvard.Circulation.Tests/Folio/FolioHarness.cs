using System.Text.Json;
using System.Text.RegularExpressions;
using Harvard.Circulation.Formats.Folio;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Tests.Folio;

/// <summary>
/// A lookup as FOLIO's rules engine takes it: the item's material type and loan type, the patron group, the
/// location id, and the location's institution, campus and library (the <c>Location</c> FOLIO's tests pass).
/// </summary>
internal sealed record FolioLookup(string MaterialType, string LoanType, string PatronGroup, string Location,
    string Institution = FolioHarness.OtherInstitution, string Library = FolioHarness.OtherLibrary, string Campus = FolioHarness.OtherCampus);

/// <summary>What the imported policy answers for one lookup: the first match (its FOLIO line and five policy ids)
/// and, from the compiled rules in rank order, every matching line (FOLIO's <c>/circulation/rules/*-policy-all</c>).</summary>
internal sealed record FolioAnswer(int Line, FolioPolicyTuple Policies, IReadOnlyList<(int Line, FolioPolicyTuple Policies)> Ranked)
{
    public string Loan => Policies.Loan;

    public string Request => Policies.Request;

    public string Notice => Policies.Notice;

    public string OverdueFine => Policies.OverdueFine;

    public string LostItem => Policies.LostItem;

    public string[] RankedIds(Func<FolioPolicyTuple, string> type) => Ranked.Select(r => type(r.Policies)).ToArray();

    public int[] RankedLines => Ranked.Select(r => r.Line).ToArray();
}

/// <summary>
/// The harness of the ported FOLIO vectors (spec §9): an export is built from the names in a rules text plus the
/// lookup — each a record whose id is that name — imported, and the lookup resolved through the compiled
/// first-match policy. The first matching rule's terms give the expected policy ids; the matching rules of the
/// compiled list, in order, give FOLIO's ranked list.
/// </summary>
internal static partial class FolioHarness
{
    public const string OtherInstitution = "harness-other-institution";
    public const string OtherCampus = "harness-other-campus";
    public const string OtherLibrary = "harness-other-library";
    private const string OtherLocation = "harness-other-location";

    /// <summary>Imports the rules text with a catalogue of its names and the lookup's, and resolves the lookup.</summary>
    public static FolioAnswer Lookup(string rules, FolioLookup lookup)
    {
        var (result, compilation) = FolioImporter.ImportBundleWithCompilation(Bundle(rules, lookup), new FolioImportOptions("UTC"));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        var policy = result.Policy!;
        var report = result.Report!;
        var itemPolicy = $"{lookup.MaterialType}|{lookup.LoanType}";

        var match = policy.Resolver.Resolve(lookup.PatronGroup, itemPolicy, lookup.Library, lookup.Location);
        Assert.True(match.IsMatch, "the fallback always matches");
        var line = report.Rules.Single(r => r.Id == match.Rule!.Id).Line ?? report.FallbackLine;
        var terms = report.Terms.Single(t => t.Id == match.Terms!.Id);
        var tuple = new FolioPolicyTuple(terms.LoanPolicy, terms.RequestPolicy, terms.NoticePolicy, terms.OverdueFinePolicy, terms.LostItemFeePolicy);

        var ranked = compilation!.Ranked
            .Where(r => r.Matches(lookup.PatronGroup, itemPolicy, lookup.Library, lookup.Location))
            .Select(r => (r.Line, r.Policies))
            .ToList();
        Assert.Equal(ranked.Select(r => r.Line).Distinct().Count(), ranked.Count); // a line's rules never overlap
        Assert.Equal((line, tuple), ranked[0]); // the policy's first match is the top of the ranked list
        return new FolioAnswer(line, tuple, ranked);
    }

    /// <summary>Imports a rules text that should be rejected; returns its problems as <c>path: message</c>.</summary>
    public static IReadOnlyList<string> Problems(string rules)
    {
        var result = FolioImporter.ImportBundle(Bundle(rules, new FolioLookup("harness-material", "harness-loan-type", "harness-group", OtherLocation)), new FolioImportOptions("UTC"));
        Assert.False(result.IsValid, "the rules text should be rejected");
        return result.Problems.Select(p => p.ToString()).ToList();
    }

    /// <summary>The line of the first problem in the rules text (FOLIO reports only its first).</summary>
    public static int FirstProblemLine(string rules)
    {
        var first = Problems(rules)[0];
        var match = RulesPath().Match(first);
        Assert.True(match.Success, first);
        return int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A bundle export holding a record for every name the rules text uses and for the lookup.</summary>
    public static string Bundle(string rules, FolioLookup lookup, IReadOnlyDictionary<char, IEnumerable<string>>? extraPolicies = null)
    {
        var names = Names(rules);
        var policies = PolicyNames(rules);
        foreach (var (type, ids) in extraPolicies ?? new Dictionary<char, IEnumerable<string>>())
        {
            policies[type].UnionWith(ids);
        }

        // One record per id; the lookup's own location hierarchy wins over a name the rules also use.
        var institutions = ById(names['a'].Append(OtherInstitution).Append(lookup.Institution), id => new { id, code = id });
        var campuses = ById(names['b'].Append(OtherCampus), id => new { id, code = id, institutionId = OtherInstitution });
        campuses[lookup.Campus] = new { id = lookup.Campus, code = lookup.Campus, institutionId = lookup.Institution };
        var libraries = ById(names['c'].Append(OtherLibrary), id => new { id, code = id, campusId = OtherCampus });
        libraries[lookup.Library] = new { id = lookup.Library, code = lookup.Library, campusId = lookup.Campus };
        var locations = ById(names['s'].Append(OtherLocation), id => new { id, code = id, libraryId = OtherLibrary, campusId = OtherCampus, institutionId = OtherInstitution });
        locations[lookup.Location] = new { id = lookup.Location, code = lookup.Location, libraryId = lookup.Library, campusId = lookup.Campus, institutionId = lookup.Institution };

        var bundle = new Dictionary<string, object>
        {
            ["rulesAsText"] = rules,
            ["loanPolicies"] = policies['l'].Select(id => new { id, name = id, loanable = true, loansPolicy = new { profileId = "Rolling", period = new { duration = 14, intervalId = "Days" } }, renewable = false }),
            ["requestPolicies"] = policies['r'].Select(id => new { id, name = id, requestTypes = new[] { "Hold", "Page", "Recall" } }),
            ["patronNoticePolicies"] = policies['n'].Select(id => new { id, name = id }),
            ["overdueFinePolicies"] = policies['o'].Select(id => new { id, name = id }),
            ["lostItemFeePolicies"] = policies['i'].Select(id => new { id, name = id }),
            ["usergroups"] = ById(names['g'].Append(lookup.PatronGroup), id => new { id, group = id }).Values,
            ["mtypes"] = ById(names['m'].Append(lookup.MaterialType), id => new { id, name = id }).Values,
            ["loantypes"] = ById(names['t'].Append(lookup.LoanType), id => new { id, name = id }).Values,
            ["locinsts"] = institutions.Values,
            ["loccamps"] = campuses.Values,
            ["loclibs"] = libraries.Values,
            ["locations"] = locations.Values,
        };
        return JsonSerializer.Serialize(bundle);
    }

    private static Dictionary<string, object> ById(IEnumerable<string> ids, Func<string, object> record)
    {
        var records = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            records[id] = record(id);
        }

        return records;
    }

    /// <summary>The names each criterion letter uses in a rules text (an independent, forgiving scan: it reads
    /// what follows each letter up to '+' or ':').</summary>
    private static Dictionary<char, HashSet<string>> Names(string rules)
    {
        var names = "gmtabcs".ToDictionary(c => c, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var raw in rules.Split('\n'))
        {
            var line = Uncommented(raw);
            if (line.TrimStart().StartsWith("priority", StringComparison.Ordinal) || line.TrimStart().StartsWith("fallback-policy", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var criteria = colon < 0 ? line : line[..colon];
            foreach (var criterion in criteria.Split('+'))
            {
                var words = Word().Matches(criterion).Select(m => m.Value).ToList();
                if (words.Count > 1 && words[0].Length == 1 && names.TryGetValue(words[0][0], out var set))
                {
                    set.UnionWith(words.Skip(1).Where(w => w != "all"));
                }
            }
        }

        return names;
    }

    /// <summary>The policy ids each policy letter names after a ':' (rule lines and the fallback).</summary>
    private static Dictionary<char, HashSet<string>> PolicyNames(string rules)
    {
        var policies = "lrnoi".ToDictionary(c => c, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var raw in rules.Split('\n'))
        {
            var line = Uncommented(raw);
            if (line.TrimStart().StartsWith("priority", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var words = Word().Matches(line[(colon + 1)..]).Select(m => m.Value).ToList();
            for (var i = 0; i + 1 < words.Count; i++)
            {
                if (words[i].Length == 1 && policies.TryGetValue(words[i][0], out var set))
                {
                    set.Add(words[i + 1]);
                    i++;
                }
            }
        }

        return policies;
    }

    private static string Uncommented(string line)
    {
        var cut = line.IndexOfAny(['#', '/']);
        return (cut < 0 ? line : line[..cut]).TrimEnd('\r');
    }

    [GeneratedRegex("[0-9a-zA-Z-]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^rulesAsText:(?<line>\d+):\d+: ")]
    private static partial Regex RulesPath();
}
