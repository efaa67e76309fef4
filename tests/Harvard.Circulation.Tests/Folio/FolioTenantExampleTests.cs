using System.Text.Json;
using Harvard.Circulation.Cli;
using Harvard.Circulation.Formats.Folio;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Tests.Cli;
using Harvard.Circulation.Tests.Scenarios;

namespace Harvard.Circulation.Tests.Folio;

/// <summary>
/// The realistic tenant export of <c>docs/examples/folio/export</c> (FOLIO's reference groups, material and loan
/// types, its sample institution and a second one, every policy kind with real values): imported, linted, checked
/// line by line against FOLIO's ranking, and replayed through <c>circ simulate --policy</c> against a golden report.
/// <c>policy.json</c>, <c>report.json</c> and <c>scenario.expected.json</c> beside it are the committed outputs;
/// set <c>UPDATE_EXAMPLES=1</c> to rewrite them, and check the diff by hand before committing it.
/// </summary>
public sealed class FolioTenantExampleTests : IDisposable
{
    private static readonly string Folder = Path.Combine(Root(), "docs", "examples", "folio");
    private static readonly string Export = Path.Combine(Folder, "export");
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Import_TenantExport_GivesTheCommittedPolicyAndReport()
    {
        var result = FolioImporter.Import(Export);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));

        AssertGolden("policy.json", result.WritePolicy() + "\n");
        AssertGolden("report.json", result.Report!.ToJson());
    }

    [Fact]
    public void Import_TenantExport_LintsWithOnlyTheTermsOfTheRetiredLine()
    {
        var run = CircRun.Of("import-folio", Export, "--out", Path.Combine(temp.Path, "policy.json"), "--report", Path.Combine(temp.Path, "report.json"));
        Assert.Equal(ExitCodes.Ok, run.ExitCode);

        var lint = CircRun.Of("lint", Path.Combine(temp.Path, "policy.json"));

        Assert.Equal(ExitCodes.Ok, lint.ExitCode);
        // Line 12 names a patron group that no longer exists: it never matches, so no rule gives its tuple's terms
        // (folio-5), which the import still writes (spec §4.4: one terms of use per distinct tuple of the text).
        Assert.EndsWith("valid policy 'Københavns Universitet and Roskilde Universitet (from FOLIO)', 1 warning\n", lint.Stdout, StringComparison.Ordinal);
        Assert.Equal(["warning: termsOfUse[4]: terms of use 'folio-5' are not named by any rule [unusedTerms]"], lint.Stdout.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)));
        Assert.Equal(string.Empty, lint.Stderr);
    }

    [Fact]
    public void Simulate_TenantScenarioWithTheImportedPolicy_MatchesTheGoldenReport()
    {
        var policy = Path.Combine(temp.Path, "imported.json");
        Assert.Equal(ExitCodes.Ok, CircRun.Of("import-folio", Export, "--out", policy, "--report", Path.Combine(temp.Path, "report.json")).ExitCode);

        var run = CircRun.Of("simulate", Path.Combine(Folder, "scenario.json"), "--policy", policy, "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var expectedPath = Path.Combine(Folder, "scenario.expected.json");
        if (Environment.GetEnvironmentVariable("UPDATE_EXAMPLES") == "1")
        {
            File.WriteAllText(expectedPath, run.Stdout);
        }

        using var expected = JsonDocument.Parse(File.ReadAllText(expectedPath));
        using var actual = JsonDocument.Parse(run.Stdout);
        var difference = ExampleScenarioTests.FirstDifference(expected.RootElement, actual.RootElement, "$");
        Assert.True(difference is null, difference);
    }

    [Fact]
    public void Import_TenantExport_EveryLookupGetsTheLineFolioRanksHighest()
    {
        // Independent of the compiler: evaluate every parsed line's condition and FOLIO's rank directly, for
        // every group × material type × loan type × location of the export.
        var result = FolioImporter.Import(Export);
        var policy = result.Policy!;
        var report = result.Report!;
        using var rulesFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(Export, "circulation-rules.json")));
        var rules = FolioRulesParser.Parse(rulesFile.RootElement.GetProperty("rulesAsText").GetString()!);
        Assert.Empty(rules.Problems);
        var groups = Records("groups.json", "usergroups").Select(g => (Id: g.GetProperty("id").GetString()!, Code: g.GetProperty("group").GetString()!)).ToList();
        var materials = Records("material-types.json", "mtypes").Select(Named).ToList();
        var loanTypes = Records("loan-types.json", "loantypes").Select(Named).ToList();
        var libraries = Records("libraries.json", "loclibs").ToDictionary(l => l.GetProperty("id").GetString()!, l => l.GetProperty("code").GetString()!);
        var locations = Records("locations.json", "locations").Select(l => new Dictionary<char, string>
        {
            ['s'] = l.GetProperty("id").GetString()!,
            ['c'] = l.GetProperty("libraryId").GetString()!,
            ['b'] = l.GetProperty("campusId").GetString()!,
            ['a'] = l.GetProperty("institutionId").GetString()!,
            ['#'] = l.GetProperty("code").GetString()!,
        }).ToList();

        var checkedLookups = 0;
        foreach (var group in groups)
        {
            foreach (var material in materials)
            {
                foreach (var loanType in loanTypes)
                {
                    foreach (var place in locations)
                    {
                        var values = new Dictionary<char, string>(place) { ['g'] = group.Id, ['m'] = material.Id, ['t'] = loanType.Id };
                        var expected = rules.RuleLines
                            .Where(l => l.AllCriteria.All(c => c.Holds(values[c.Letter])))
                            .Select(l => (Line: (int?)l.Line, Rank: Rank(l)))
                            .OrderByDescending(x => x.Rank)
                            .Select(x => x.Line)
                            .FirstOrDefault();

                        var match = policy.Resolver.Resolve(group.Code, $"{material.Name}|{loanType.Name}", libraries[place['c']], place['#']);
                        Assert.Equal(expected, report.Rules.Single(r => r.Id == match.Rule!.Id).Line);
                        checkedLookups++;
                    }
                }
            }
        }

        Assert.Equal(4 * 4 * 4 * 7, checkedLookups);
    }

    [Fact]
    public void Export_IsARealisticTenant()
    {
        var text = JsonDocument.Parse(File.ReadAllText(Path.Combine(Export, "circulation-rules.json"))).RootElement.GetProperty("rulesAsText").GetString()!;
        var rules = FolioRulesParser.Parse(text);

        Assert.True(Records("groups.json", "usergroups").Count() >= 3);
        Assert.True(Records("material-types.json", "mtypes").Count() >= 3 && Records("loan-types.json", "loantypes").Count() >= 3);
        Assert.Equal(2, Records("institutions.json", "locinsts").Count());
        Assert.Equal(2, Records("campuses.json", "loccamps").Select(c => c.GetProperty("institutionId").GetString()).Distinct().Count());
        Assert.Contains(rules.Lines, l => l.Parent is not null);
        Assert.Contains(rules.Lines, l => l.Policies is null);
        Assert.Contains(rules.Lines, l => l.Criteria.Any(c => c.Mode == FolioCriterionMode.NoneOf));
        Assert.Contains(rules.Lines, l => l.Criteria.Any(c => c.Mode == FolioCriterionMode.All));
        Assert.Contains(rules.Lines, l => l.Criteria.Any(c => c.Names.Count > 1));
        Assert.Equal(5, "lrnoi".Count(type => rules.References.Any(r => FolioRulesParser.LetterOf(r.Type) == type)));
    }

    [Fact]
    public void Explain_TenantLookups_JsonNamesTheRuleAndEarlierVerdicts()
    {
        var policy = Path.Combine(Folder, "policy.json");

        var undergradDvd = Explain(policy, "undergrad", "dvd|Can circulate", "DI", "KU/CC/DI/A");
        var facultyDvd = Explain(policy, "faculty", "dvd|Can circulate", "DI", "KU/CC/DI/A");
        var online = Explain(policy, "faculty", "book|Can circulate", "E", "E");

        Assert.Equal(("folio-L16-25", "folio-7"), (undergradDvd.GetProperty("rule").GetString(), undergradDvd.GetProperty("termsOfUse").GetString()));
        Assert.Equal("folio-L15-1", facultyDvd.GetProperty("rule").GetString());
        Assert.Equal("folio-L27", online.GetProperty("rule").GetString());
        var firstVerdict = undergradDvd.GetProperty("verdicts")[0];
        Assert.Equal(("folio-L6-1", "userGroup,itemPolicy"), (firstVerdict.GetProperty("rule").GetString(), string.Join(',', firstVerdict.GetProperty("mismatched").EnumerateArray().Select(e => e.GetString()))));
    }

    private static JsonElement Explain(string policy, string group, string itemPolicy, string library, string location)
    {
        var run = CircRun.Of("explain", "--policy", policy, "--group", group, "--item-policy", itemPolicy, "--library", library, "--location", location, "--format", "json");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        return JsonDocument.Parse(run.Stdout).RootElement.Clone();
    }

    /// <summary>FOLIO's rank, written out: criterium with t, s, c, b, a, m, g weighing 7 … 1, then the number of
    /// kinds (location letters as one), then the line.</summary>
    private static (int, int, int) Rank(FolioRuleLine line)
    {
        var letters = line.AllCriteria.Select(c => c.Letter).ToList();
        return (letters.Max(l => 7 - "tscbamg".IndexOf(l, StringComparison.Ordinal)), letters.Select(l => "abcs".Contains(l, StringComparison.Ordinal) ? 's' : l).Distinct().Count(), line.Line);
    }

    private static (string Id, string Name) Named(JsonElement record) => (record.GetProperty("id").GetString()!, record.GetProperty("name").GetString()!);

    private static IEnumerable<JsonElement> Records(string file, string key) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Export, file))).RootElement.GetProperty(key).EnumerateArray().Select(e => e.Clone()).ToList();

    private static void AssertGolden(string name, string actual)
    {
        var path = Path.Combine(Folder, name);
        if (Environment.GetEnvironmentVariable("UPDATE_EXAMPLES") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    private static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Harvard.Circulation.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("No folder above the tests holds Harvard.Circulation.sln.");
    }
}
