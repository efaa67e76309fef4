using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Formats.Folio;
using Harvard.Circulation.Formats.Policies;

namespace Harvard.Circulation.Tests.Folio;

/// <summary>A small exported catalogue: groups, material and loan types, and a location tree (institution → campus
/// → library → location). Every id is also the record's code.</summary>
public sealed record FolioCatalogueModel(string[] Groups, string[] Materials, string[] LoanTypes, (string Location, string Library, string Campus, string Institution)[] Locations)
{
    public string[] Ids(char letter) => letter switch
    {
        'g' => Groups,
        'm' => Materials,
        't' => LoanTypes,
        'a' => Locations.Select(l => l.Institution).Distinct().ToArray(),
        'b' => Locations.Select(l => l.Campus).Distinct().ToArray(),
        'c' => Locations.Select(l => l.Library).Distinct().ToArray(),
        _ => Locations.Select(l => l.Location).ToArray(),
    };
}

/// <summary>One criterion of a generated line: a letter, <c>all</c> (no names), names, or negated names.</summary>
public sealed record FolioCriterionModel(char Letter, bool Negated, string[] Names)
{
    public bool Holds(string value) => Names.Length == 0 || Names.Contains(value) != Negated;

    public override string ToString() => Names.Length == 0 ? $"{Letter} all"
        : $"{Letter} {string.Join(' ', Names.Select(n => (Negated ? "!" : string.Empty) + n))}";
}

/// <summary>A generated rules line: its depth of nesting, criteria and (maybe) five policies.</summary>
public sealed record FolioLineModel(int Depth, FolioCriterionModel[] Criteria, string[]? Policies);

/// <summary>A random rules text over a random catalogue, with what §3 of the spec says it means.</summary>
public sealed record FolioRulesCase(FolioCatalogueModel Catalogue, string Priority, string? Letters, string[] Kinds, bool FirstLine, FolioLineModel[] Lines, string[] Fallback)
{
    /// <summary>The text FOLIO would store, and each line's number in it.</summary>
    public (string Text, int[] LineNumbers, int FallbackLine) Render()
    {
        var text = new StringBuilder("priority: " + Priority + "\n");
        var number = 1;
        var fallbackLine = 0;
        var bareFirstLine = Kinds.Length == 0 && FirstLine;
        var fallback = $"fallback-policy: l {Fallback[0]} r {Fallback[1]} n {Fallback[2]} o {Fallback[3]} i {Fallback[4]}";
        if (!bareFirstLine)
        {
            text.Append(fallback).Append('\n');
            fallbackLine = ++number;
        }

        var numbers = new int[Lines.Length];
        for (var i = 0; i < Lines.Length; i++)
        {
            var line = Lines[i];
            text.Append(new string(' ', 4 * line.Depth)).Append(string.Join(" + ", line.Criteria.Select(c => c.ToString())));
            if (line.Policies is { } p)
            {
                text.Append(CultureInfo.InvariantCulture, $": l {p[0]} r {p[1]} n {p[2]} o {p[3]} i {p[4]}");
            }

            text.Append('\n');
            numbers[i] = ++number;
        }

        if (bareFirstLine)
        {
            text.Append(fallback).Append('\n');
            fallbackLine = ++number;
        }

        return (text.ToString(), numbers, fallbackLine);
    }

    /// <summary>§3 directly: among the lines whose condition (with their enclosing lines') holds, the greatest
    /// (R1, R2, L); the fallback when none.</summary>
    public (int Line, string[] Policies) Expected(string group, string material, string loanType, (string Location, string Library, string Campus, string Institution) place)
    {
        var (_, numbers, fallbackLine) = Render();
        (int R1, int R2, int L)? best = null;
        var answer = (fallbackLine, Fallback);
        for (var i = 0; i < Lines.Length; i++)
        {
            if (Lines[i].Policies is not { } policies)
            {
                continue;
            }

            var criteria = Enclosing(i).SelectMany(k => Lines[k].Criteria).ToList();
            var holds = criteria.All(c => c.Holds(c.Letter switch
            {
                'g' => group,
                'm' => material,
                't' => loanType,
                'a' => place.Institution,
                'b' => place.Campus,
                'c' => place.Library,
                _ => place.Location,
            }));
            if (!holds)
            {
                continue;
            }

            var letters = criteria.Select(c => c.Letter).ToList();
            int Value(string kind) => kind switch
            {
                "criterium" => letters.Max(l => 7 - Letters!.IndexOf(l, StringComparison.Ordinal)),
                "number-of-criteria" => letters.Select(l => "abcs".Contains(l, StringComparison.Ordinal) ? 's' : l).Distinct().Count(),
                _ => 0,
            };
            var rank = (Kinds.Length > 1 ? Value(Kinds[0]) : 0, Value(Kinds.Length > 1 ? Kinds[1] : Kinds.Length == 1 ? Kinds[0] : string.Empty), FirstLine ? -numbers[i] : numbers[i]);
            if (best is null || rank.CompareTo(best.Value) > 0)
            {
                best = rank;
                answer = (numbers[i], policies);
            }
        }

        return answer;
    }

    /// <summary>The bundle export of this case.</summary>
    public string Bundle()
    {
        var policies = Lines.Where(l => l.Policies is not null).Select(l => l.Policies!).Append(Fallback).ToList();
        string[] Of(int k) => policies.Select(p => p[k]).Distinct().ToArray();
        var bundle = new Dictionary<string, object>
        {
            ["rulesAsText"] = Render().Text,
            ["loanPolicies"] = Of(0).Select(id => new { id, name = id, loanable = true, loansPolicy = new { profileId = "Rolling", period = new { duration = 3, intervalId = "Weeks" } }, renewable = false }),
            ["requestPolicies"] = Of(1).Select(id => new { id, name = id, requestTypes = new[] { "Hold", "Page", "Recall" } }),
            ["patronNoticePolicies"] = Of(2).Select(id => new { id, name = id }),
            ["overdueFinePolicies"] = Of(3).Select(id => new { id, name = id }),
            ["lostItemFeePolicies"] = Of(4).Select(id => new { id, name = id }),
            ["usergroups"] = Catalogue.Groups.Select(id => new { id, group = id }),
            ["mtypes"] = Catalogue.Materials.Select(id => new { id, name = id }),
            ["loantypes"] = Catalogue.LoanTypes.Select(id => new { id, name = id }),
            ["locinsts"] = Catalogue.Ids('a').Select(id => new { id, code = id }),
            ["loccamps"] = Catalogue.Locations.DistinctBy(l => l.Campus).Select(l => new { id = l.Campus, code = l.Campus, institutionId = l.Institution }),
            ["loclibs"] = Catalogue.Locations.DistinctBy(l => l.Library).Select(l => new { id = l.Library, code = l.Library, campusId = l.Campus }),
            ["locations"] = Catalogue.Locations.Select(l => new { id = l.Location, code = l.Location, libraryId = l.Library }),
        };
        return JsonSerializer.Serialize(bundle);
    }

    public override string ToString() => Render().Text;

    private IEnumerable<int> Enclosing(int index)
    {
        var chain = new List<int> { index };
        var depth = Lines[index].Depth;
        for (var k = index - 1; k >= 0 && depth > 0; k--)
        {
            if (Lines[k].Depth < depth)
            {
                chain.Add(k);
                depth = Lines[k].Depth;
            }
        }

        return chain;
    }
}

/// <summary>The generators of random FOLIO rules texts over random small catalogues.</summary>
public static class FolioGenerators
{
    private const string AllLetters = "tabcsmg";

    public static Arbitrary<FolioRulesCase> RulesCases() => Arb.From(RulesCase());

    private static Gen<FolioRulesCase> RulesCase() =>
        from catalogue in Catalogue()
        from priority in Priority()
        from count in Gen.Choose(1, 6)
        from depths in Gen.ListOf(Gen.Choose(0, 2), count)
        from lines in Gen.CollectToArray(Depths(depths).Select((depth, i) => Line(catalogue, depth, HasChildren(Depths(depths), i))))
        from fallback in Tuple()
        select new FolioRulesCase(catalogue, priority.Text, priority.Letters, priority.Kinds, priority.FirstLine, lines.ToArray(), fallback);

    /// <summary>Depths a text can have: each line at most one deeper than the one above it.</summary>
    private static List<int> Depths(IEnumerable<int> wished)
    {
        var depths = new List<int>();
        foreach (var wish in wished)
        {
            depths.Add(Math.Min(wish, depths.Count == 0 ? 0 : depths[^1] + 1));
        }

        return depths;
    }

    private static bool HasChildren(List<int> depths, int i) => i + 1 < depths.Count && depths[i + 1] > depths[i];

    private static Gen<FolioCatalogueModel> Catalogue() =>
        from groups in Gen.Choose(1, 3)
        from materials in Gen.Choose(1, 3)
        from loanTypes in Gen.Choose(1, 2)
        from institutions in Gen.Choose(1, 2)
        from campuses in Gen.Choose(1, 2)
        from libraries in Gen.Choose(1, 2)
        from locations in Gen.Choose(1, 2)
        select new FolioCatalogueModel(
            Names("g", groups), Names("m", materials), Names("t", loanTypes),
            Tree(institutions, campuses, libraries, locations));

    private static string[] Names(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    private static (string, string, string, string)[] Tree(int institutions, int campusesEach, int librariesEach, int locationsEach)
    {
        var result = new List<(string, string, string, string)>();
        int campus = 0, library = 0, location = 0;
        for (var a = 1; a <= institutions; a++)
        {
            for (var b = 0; b < campusesEach; b++)
            {
                campus++;
                for (var c = 0; c < librariesEach; c++)
                {
                    library++;
                    for (var s = 0; s < locationsEach; s++)
                    {
                        location++;
                        result.Add(($"s{location}", $"c{library}", $"b{campus}", $"a{a}"));
                    }
                }
            }
        }

        return [.. result];
    }

    private static Gen<(string Text, string? Letters, string[] Kinds, bool FirstLine)> Priority() =>
        from letters in Gen.Shuffle(AllLetters.ToCharArray()).Select(l => new string(l))
        from form in Gen.Choose(0, 6)
        from firstLine in Gen.Elements(true, false)
        let line = firstLine ? "first-line" : "last-line"
        let criterium = $"criterium({string.Join(", ", letters.ToCharArray())})"
        select form switch
        {
            0 => (line, (string?)null, Array.Empty<string>(), firstLine),
            1 => ($"number-of-criteria, {line}", null, ["number-of-criteria"], firstLine),
            2 => ($"{criterium}, {line}", letters, ["criterium"], firstLine),
            3 => ($"{criterium}, number-of-criteria, {line}", letters, ["criterium", "number-of-criteria"], firstLine),
            4 => ($"number-of-criteria, {criterium}, {line}", letters, ["number-of-criteria", "criterium"], firstLine),
            _ => (string.Join(", ", letters.ToCharArray()), letters, ["criterium", "number-of-criteria"], false),
        };

    private static Gen<FolioLineModel> Line(FolioCatalogueModel catalogue, int depth, bool hasChildren) =>
        from criteria in Gen.CollectToArray(Enumerable.Range(0, 2).Select(_ => Criterion(catalogue)))
        from count in Gen.Choose(1, 2)
        from grouping in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from policies in Tuple()
        select new FolioLineModel(depth, criteria.Take(count).ToArray(), hasChildren && grouping ? null : policies);

    private static Gen<FolioCriterionModel> Criterion(FolioCatalogueModel catalogue) =>
        from letter in Gen.Elements(AllLetters.ToCharArray())
        from mode in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)))
        from names in Gen.SubListOf(catalogue.Ids(letter).Append("zz").ToArray())
        let chosen = names.Count == 0 ? [catalogue.Ids(letter)[0]] : names.ToArray()
        select new FolioCriterionModel(letter, mode == 2, mode == 0 ? [] : chosen);

    private static Gen<string[]> Tuple() =>
        Gen.CollectToArray("lrnoi".Select(type => Gen.Elements(Enumerable.Range(1, 3).Select(i => $"{type}{i}").ToArray())))
            .Select(ids => ids.ToArray());
}

/// <summary>The ranking law of the FOLIO import: the compiled first-match policy picks, for every lookup of the
/// catalogue, the line a direct implementation of FOLIO's ranking picks.</summary>
public sealed class FolioRankingProperties
{
    [Property(MaxTest = 300, Arbitrary = [typeof(FolioGenerators)])]
    public void CompiledFirstMatch_EveryLookup_PicksTheLineFolioRanksHighest(FolioRulesCase rules)
    {
        var result = FolioImporter.ImportBundle(rules.Bundle(), new FolioImportOptions("UTC"));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        var policy = result.Policy!;
        var report = result.Report!;
        Assert.Equal(policy, PolicyReader.Read(PolicyWriter.Write(policy)).PolicyOrThrow());
        Assert.Equal(policy, PolicyReader.Read(result.WritePolicy()).PolicyOrThrow());

        var catalogue = rules.Catalogue;
        foreach (var group in catalogue.Groups)
        {
            foreach (var material in catalogue.Materials)
            {
                foreach (var loanType in catalogue.LoanTypes)
                {
                    foreach (var place in catalogue.Locations)
                    {
                        var (line, policies) = rules.Expected(group, material, loanType, place);
                        var match = policy.Resolver.Resolve(group, $"{material}|{loanType}", place.Library, place.Location);
                        var origin = report.Rules.Single(r => r.Id == match.Rule!.Id).Line ?? report.FallbackLine;
                        var terms = report.Terms.Single(t => t.Id == match.Terms!.Id);
                        var actual = new[] { terms.LoanPolicy, terms.RequestPolicy, terms.NoticePolicy, terms.OverdueFinePolicy, terms.LostItemFeePolicy };
                        Assert.True(line == origin && policies.SequenceEqual(actual),
                            $"{group} {material}|{loanType} at {place}: expected line {line} ({string.Join(' ', policies)}), got line {origin} ({string.Join(' ', actual)})");
                    }
                }
            }
        }
    }

    [Fact]
    public void Generator_ReachesEveryPriorityFormNestingNegationAndRuleAnswers()
    {
        // Guards the property: its texts must exercise what the ranking depends on, and lookups must mostly be
        // answered by rule lines, not the fallback.
        var samples = FolioGenerators.RulesCases().Generator.Sample(300).ToList();
        var texts = samples.Select(s => s.Render().Text).ToList();

        Assert.Contains(texts, t => t.StartsWith("priority: first-line\n", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("priority: last-line\n", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("priority: number-of-criteria, criterium(", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("), number-of-criteria, first-line", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Kinds.Length == 2 && !s.Priority.Contains("line", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Lines.Any(l => l.Depth == 2));
        Assert.Contains(samples, s => s.Lines.Any(l => l.Policies is null));
        Assert.Contains(samples, s => s.Lines.Any(l => l.Criteria.Any(c => c.Negated)));
        Assert.Contains(samples, s => s.Lines.Any(l => l.Criteria.Any(c => c.Names.Length == 0)));

        var answers = samples.SelectMany(s => s.Catalogue.Groups.SelectMany(g => s.Catalogue.Locations.Select(place =>
            s.Expected(g, s.Catalogue.Materials[0], s.Catalogue.LoanTypes[0], place).Line != s.Render().FallbackLine))).ToList();
        Assert.InRange(answers.Count(byRule => byRule) / (double)answers.Count, 0.3, 0.95);
    }
}
