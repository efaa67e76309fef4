using System.Globalization;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Formats.Folio;

/// <summary>One rule of the compiled first-match list: our four criteria, the FOLIO line it comes from and that
/// line's five policies. <see cref="K"/> numbers the rule within its line's expansion (from 1), 0 when the line
/// expands to one rule (and for the fallback).</summary>
internal sealed record FolioCompiledRule(int Line, bool IsFallback, string UserGroup, string ItemPolicy, string Library, string Location, FolioPolicyTuple Policies, int K = 0)
{
    /// <summary>The rule's id: <c>folio-L{line}</c>, <c>folio-L{line}-{k}</c> when the line expands to several,
    /// <c>folio-fallback</c>.</summary>
    public string Id => IsFallback ? "folio-fallback"
        : K == 0 ? string.Create(CultureInfo.InvariantCulture, $"folio-L{Line}")
        : string.Create(CultureInfo.InvariantCulture, $"folio-L{Line}-{K}");

    /// <summary>Whether the rule matches a check-out, with our format's semantics (<c>*</c> matches anything).</summary>
    public bool Matches(string userGroup, string itemPolicy, string library, string? location) =>
        Field(UserGroup, userGroup) && Field(ItemPolicy, itemPolicy) && Field(Library, library) && Field(Location, location);

    private static bool Field(string pattern, string? value) => pattern == Rule.Any || string.Equals(pattern, value, StringComparison.Ordinal);
}

/// <summary>A rule of the written policy: its id, where it comes from, and its terms of use id.</summary>
internal sealed record FolioEmittedRule(string Id, FolioCompiledRule Rule, string TermsId);

/// <summary>
/// The outcome of compiling a rules text over a catalogue: the ranked list of every rule (FOLIO's order, the
/// fallback last; enumerated on demand), the rules written after clean-up with their ids, the distinct policy
/// tuples of the text as terms ids, and what was dropped; or the problems.
/// </summary>
internal sealed record FolioCompilation(
    IEnumerable<FolioCompiledRule> Ranked,
    IReadOnlyList<FolioEmittedRule> Emitted,
    IReadOnlyList<(string Id, FolioPolicyTuple Policies)> Terms,
    IReadOnlyList<FolioDroppedLine> Dropped,
    IReadOnlyList<FolioRulesProblem> Problems);

/// <summary>
/// Compiles parsed FOLIO rules into our first-match rules (<c>docs/folio.md</c>, "How the rules compile"). A
/// line's rank never depends on the lookup, so "the highest-ranked matching line" is "the first matching line in
/// descending rank order": sorting the lines by rank is exact for every priority form. Each line's condition is
/// then expanded over the closed catalogue into rules of single codes, and rules an earlier rule covers are
/// dropped (FOLIO could never choose them either).
/// </summary>
internal static class FolioRulesCompiler
{
    /// <summary>The most rules a compiled policy may have, counted after clean-up (spec §4.5).</summary>
    public const int MaxRules = 100_000;

    /// <summary>A safety bound on the work of the clean-up: the most rules the lines may expand to before the
    /// rules earlier rules cover are dropped. Far above <see cref="MaxRules"/>, so that a text whose written policy
    /// is within the limit is only refused when its expansion alone would take too much time and memory.</summary>
    public const int MaxExpandedRules = 1_000_000;

    private const string Any = Rule.Any;

    /// <summary>Compiles a parsed rules text (that has no problems) over a catalogue.</summary>
    public static FolioCompilation Compile(FolioRulesText rules, FolioCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(catalogue);
        if (rules.Problems.Count > 0 || rules.Fallback is null)
        {
            throw new ArgumentException("Only a rules text without problems compiles.", nameof(rules));
        }

        var dropped = new List<FolioDroppedLine>();
        var expansions = new List<(FolioRuleLine Line, Expansion Expansion)>();
        foreach (var line in rules.RuleLines.OrderByDescending(rules.Priority.Rank))
        {
            var expansion = Expand(line, catalogue);
            if (expansion.EmptyDimension is { } empty)
            {
                dropped.Add(new FolioDroppedLine(line.Line, "never matches: " + empty, EquatableArray<int>.Empty));
                continue;
            }

            expansions.Add((line, expansion));
        }

        var expanded = expansions.Sum(e => e.Expansion.Count) + 1;
        if (expanded > MaxExpandedRules)
        {
            var problems = Largest(expansions.Select(e => (e.Line, e.Expansion, e.Expansion.Count)), expanded)
                .Select(e => new FolioRulesProblem(e.Line.Line, e.Line.Criteria[0].Column, string.Create(CultureInfo.InvariantCulture,
                    $"the rules would expand to {expanded:N0} rules before the rules that earlier rules cover are left out, more than the {MaxExpandedRules:N0} the import checks; this line alone expands to {e.Count:N0} ({e.Expansion.Describe()}): narrow its criteria, or export fewer records")))
                .ToList();
            return new FolioCompilation([], [], [], [], problems);
        }

        var fallback = new FolioCompiledRule(rules.FallbackLine, true, Any, Any, Any, Any, rules.Fallback);
        var kept = CleanUp(Ranked(expansions, fallback), dropped);

        // The limit is on the rules written, after clean-up (spec §4.5).
        if (kept.Count > MaxRules)
        {
            var keptByLine = kept.Where(r => !r.IsFallback).GroupBy(r => r.Line).ToDictionary(g => g.Key, g => (long)g.Count());
            var problems = Largest(expansions.Where(e => keptByLine.ContainsKey(e.Line.Line)).Select(e => (e.Line, e.Expansion, keptByLine[e.Line.Line])), kept.Count)
                .Select(e => new FolioRulesProblem(e.Line.Line, e.Line.Criteria[0].Column, string.Create(CultureInfo.InvariantCulture,
                    $"the rules would compile to {kept.Count:N0} rules, more than {MaxRules:N0}; this line alone gives {e.Count:N0} ({e.Expansion.Describe()}{(e.Count == e.Expansion.Count ? string.Empty : $", less {e.Expansion.Count - e.Count:N0} that earlier rules cover")}): narrow its criteria, or export fewer records")))
                .ToList();
            return new FolioCompilation([], [], [], [], problems);
        }

        var (emitted, terms) = Name(rules, kept);
        return new FolioCompilation(Ranked(expansions, fallback), emitted, terms, dropped.OrderBy(d => d.Line).ToList(), []);
    }

    /// <summary>The lines to name in an error about size: the largest, as many as it takes to make up most of the
    /// total (at most three).</summary>
    private static List<(FolioRuleLine Line, Expansion Expansion, long Count)> Largest(IEnumerable<(FolioRuleLine Line, Expansion Expansion, long Count)> lines, long total)
    {
        var largest = new List<(FolioRuleLine Line, Expansion Expansion, long Count)>();
        foreach (var e in lines.OrderByDescending(e => e.Count).ThenBy(e => e.Line.Line))
        {
            if (largest.Count == 3 || (largest.Count > 0 && largest.Sum(l => l.Count) >= total * 0.9))
            {
                break;
            }

            largest.Add(e);
        }

        return largest;
    }

    /// <summary>Every rule in FOLIO's rank order, the fallback last, generated line by line.</summary>
    private static IEnumerable<FolioCompiledRule> Ranked(List<(FolioRuleLine Line, Expansion Expansion)> expansions, FolioCompiledRule fallback)
    {
        foreach (var (line, expansion) in expansions)
        {
            var several = expansion.Count > 1;
            var k = 0;
            foreach (var (group, itemPolicy, library, location) in expansion.Rules())
            {
                k++;
                yield return new FolioCompiledRule(line.Line, false, group, itemPolicy, library, location, line.Policies!, several ? k : 0);
            }
        }

        yield return fallback;
    }

    /// <summary>Drops the rules an earlier rule covers, as <c>circ lint</c> would flag them, and says so per line.</summary>
    private static List<FolioCompiledRule> CleanUp(IEnumerable<FolioCompiledRule> ranked, List<FolioDroppedLine> dropped)
    {
        // An earlier rule covers a rule when each of its fields is '*' or the same code: one of the 16 keys that
        // replace some of the rule's fields by '*'. A hash lookup per key keeps the clean-up linear.
        var firstByKey = new Dictionary<(string, string, string, string), FolioCompiledRule>();
        var kept = new List<FolioCompiledRule>();
        var perLine = new Dictionary<int, (int Total, int Covered, SortedSet<int> By)>();
        foreach (var rule in ranked)
        {
            FolioCompiledRule? cover = null;
            for (var mask = 0; mask < 16 && cover is null; mask++)
            {
                var key = ((mask & 1) != 0 ? Any : rule.UserGroup, (mask & 2) != 0 ? Any : rule.ItemPolicy,
                    (mask & 4) != 0 ? Any : rule.Library, (mask & 8) != 0 ? Any : rule.Location);
                if (firstByKey.TryGetValue(key, out var earlier))
                {
                    cover = earlier;
                }
            }

            (int Total, int Covered, SortedSet<int> By) stats = perLine.TryGetValue(rule.Line, out var s) ? s : (0, 0, new SortedSet<int>());
            stats.Total++;
            if (cover is null)
            {
                kept.Add(rule);
                firstByKey.TryAdd((rule.UserGroup, rule.ItemPolicy, rule.Library, rule.Location), rule);
            }
            else
            {
                stats.Covered++;
                stats.By.Add(cover.Line);
            }

            perLine[rule.Line] = stats;
        }

        foreach (var (line, (total, covered, by)) in perLine)
        {
            if (covered == 0)
            {
                continue;
            }

            dropped.Add(new FolioDroppedLine(line, covered == total
                ? "never chosen: every rule it gives is covered by an earlier rule, from a line FOLIO ranks higher"
                : string.Create(CultureInfo.InvariantCulture, $"{covered} of its {total} rules {(covered == 1 ? "is" : "are")} covered by earlier rules, from lines FOLIO ranks higher, and left out"),
                by.ToEquatableArray()));
        }

        return kept;
    }

    /// <summary>Terms ids <c>folio-1</c>, … for every distinct tuple of the text, in order of first appearance in
    /// the text (the fallback where it stands), whether or not a rule of the tuple is kept (spec §4.4: one terms of
    /// use per distinct tuple); and the written rules with their ids (<see cref="FolioCompiledRule.Id"/>).</summary>
    private static (List<FolioEmittedRule>, List<(string, FolioPolicyTuple)>) Name(FolioRulesText rules, List<FolioCompiledRule> kept)
    {
        var terms = new Dictionary<FolioPolicyTuple, string>();
        var termList = new List<(string, FolioPolicyTuple)>();
        var tuples = rules.RuleLines.Select(l => (l.Line, Policies: l.Policies!)).Append((Line: rules.FallbackLine, Policies: rules.Fallback!));
        foreach (var (_, policies) in tuples.OrderBy(t => t.Line))
        {
            if (!terms.ContainsKey(policies))
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"folio-{terms.Count + 1}");
                terms.Add(policies, id);
                termList.Add((id, policies));
            }
        }

        var emitted = kept.Select(rule => new FolioEmittedRule(rule.Id, rule, terms[rule.Policies])).ToList();
        return (emitted, termList);
    }

    private static Expansion Expand(FolioRuleLine line, FolioCatalogue catalogue)
    {
        var criteria = line.AllCriteria.Where(c => c.Mode != FolioCriterionMode.All).ToList();
        List<FolioCriterion> Of(string letters) => criteria.Where(c => letters.Contains(c.Letter, StringComparison.Ordinal)).ToList();

        var groupTests = Of("g");
        var groups = groupTests.Count == 0 ? null
            : catalogue.Groups.Where(g => groupTests.All(c => c.Holds(g.Id))).Select(g => g.Code).ToList();

        var materialTests = Of("m");
        var loanTypeTests = Of("t");
        var itemPolicies = materialTests.Count + loanTypeTests.Count == 0 ? null
            : catalogue.ItemPolicies.Where(p => materialTests.All(c => c.Holds(p.MaterialTypeId)) && loanTypeTests.All(c => c.Holds(p.LoanTypeId)))
                .Select(p => p.Code).ToList();

        var placeTests = Of("abcs");
        List<(string Library, string Location)>? places = null;
        if (placeTests.Count > 0)
        {
            places = [];
            foreach (var library in catalogue.Locations.Where(l => placeTests.All(c => c.Holds(l.IdFor(c.Letter)))).GroupBy(l => l.LibraryCode, StringComparer.Ordinal))
            {
                var allowed = library.ToList();
                if (allowed.Count == catalogue.LocationCountByLibrary[library.Key])
                {
                    places.Add((library.Key, Any));
                }
                else
                {
                    places.AddRange(allowed.Select(l => (library.Key, l.Code)));
                }
            }
        }

        return new Expansion(groups, itemPolicies, places);
    }

    /// <summary>A line's allowed codes per dimension; null = untested (<c>*</c>).</summary>
    private sealed record Expansion(List<string>? Groups, List<string>? ItemPolicies, List<(string Library, string Location)>? Places)
    {
        public long Count => (long)(Groups?.Count ?? 1) * (ItemPolicies?.Count ?? 1) * (Places?.Count ?? 1);

        public string? EmptyDimension =>
            Groups is { Count: 0 } ? "no patron group of the export passes its g criteria"
            : ItemPolicies is { Count: 0 } ? "no material type × loan type pair of the export passes its m and t criteria"
            : Places is { Count: 0 } ? "no location of the export passes its a, b, c and s criteria"
            : null;

        public string Describe() =>
            $"{Many(Groups?.Count ?? 1, "group", "groups")} × {Many(ItemPolicies?.Count ?? 1, "item policy", "item policies")} × {Many(Places?.Count ?? 1, "place", "places")}";

        private static string Many(int count, string one, string many) =>
            string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? one : many)}");

        public IEnumerable<(string, string, string, string)> Rules()
        {
            foreach (var group in Groups ?? [Any])
            {
                foreach (var itemPolicy in ItemPolicies ?? [Any])
                {
                    foreach (var (library, location) in Places ?? [(Any, Any)])
                    {
                        yield return (group, itemPolicy, library, location);
                    }
                }
            }
        }
    }
}
