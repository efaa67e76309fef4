using System.Collections.Frozen;
using System.Numerics;
using System.Runtime.InteropServices;
using Ardalis.GuardClauses;

namespace Harvard.Circulation.Policies;

/// <summary>The outcome of resolving the rules for one check-out: the first matching rule and its terms.</summary>
/// <remarks>The default value is "no rule matched". A value type: resolving allocates nothing.</remarks>
public readonly struct RuleMatch : IEquatable<RuleMatch>
{
    // Stored plus one so that default(RuleMatch), which no initializer runs for, reads as index -1.
    private readonly int ruleIndexPlusOne;

    internal RuleMatch(int ruleIndex, Rule rule, TermsOfUse terms)
    {
        ruleIndexPlusOne = ruleIndex + 1;
        Rule = rule;
        Terms = terms;
    }

    /// <summary>Whether a rule matched.</summary>
    public bool IsMatch => Rule is not null;

    /// <summary>The zero-based index of the matching rule; -1 when none matched.</summary>
    public int RuleIndex => ruleIndexPlusOne - 1;

    /// <summary>The matching rule, or null.</summary>
    public Rule? Rule { get; }

    /// <summary>The terms of use the rule names, or null.</summary>
    public TermsOfUse? Terms { get; }

    /// <summary>Equality by the matched rule.</summary>
    /// <param name="left">One match.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they name the same rule.</returns>
    public static bool operator ==(RuleMatch left, RuleMatch right) => left.Equals(right);

    /// <summary>Inequality by the matched rule.</summary>
    /// <param name="left">One match.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(RuleMatch left, RuleMatch right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(RuleMatch other) => RuleIndex == other.RuleIndex && ReferenceEquals(Rule, other.Rule);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RuleMatch other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => RuleIndex;

    /// <summary>The match as a phrase: <c>rule 'faculty' (terms 'faculty-term')</c>, or <c>no rule</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Rule is null ? "no rule" : $"rule '{Rule.Id}' (terms '{Rule.TermsOfUse}')";
}

/// <summary>Why one rule did or did not match.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record RuleVerdict
{
    /// <summary>Creates a verdict.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="index">Its zero-based index.</param>
    /// <param name="mismatchedFields">The fields that did not match (<c>userGroup</c>, <c>itemPolicy</c>, <c>library</c>, <c>location</c>); empty for the match.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="index"/> is negative.</exception>
    public RuleVerdict(Rule rule, int index, EquatableArray<string> mismatchedFields)
    {
        Rule = Guard.Against.Null(rule);
        Index = Guard.Against.Negative(index);
        MismatchedFields = mismatchedFields;
    }

    /// <summary>The rule.</summary>
    public Rule Rule { get; }

    /// <summary>Its zero-based index in the policy.</summary>
    public int Index { get; }

    /// <summary>The fields that did not match (<c>userGroup</c>, <c>itemPolicy</c>, <c>library</c>, <c>location</c>); empty for the match.</summary>
    public EquatableArray<string> MismatchedFields { get; }

    /// <summary>Deconstructs into rule, index and mismatched fields.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="index">The index.</param>
    /// <param name="mismatchedFields">The mismatched fields.</param>
    public void Deconstruct(out Rule rule, out int index, out EquatableArray<string> mismatchedFields)
    {
        rule = Rule;
        index = Index;
        mismatchedFields = MismatchedFields;
    }

    /// <summary>Whether the rule matched.</summary>
    public bool Matched => MismatchedFields.Count == 0;

    /// <summary>A sentence: <c>rule 'x' matched</c> or <c>rule 'x' did not match: userGroup is '58', not '25'</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Matched ? $"rule '{Rule.Id}' matched" : $"rule '{Rule.Id}' did not match on {string.Join(", ", MismatchedFields)}";
}

/// <summary>The explanation of a rule resolution: the verdict on every rule tried, in order, up to the match.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record RuleExplanation
{
    /// <summary>Creates an explanation.</summary>
    /// <param name="match">The match, if any.</param>
    /// <param name="verdicts">Each rule tried, in order; the last is the match when there is one.</param>
    public RuleExplanation(RuleMatch match, EquatableArray<RuleVerdict> verdicts)
    {
        Match = match;
        Verdicts = verdicts;
    }

    /// <summary>The match, if any.</summary>
    public RuleMatch Match { get; }

    /// <summary>Each rule tried, in order; the last is the match when there is one.</summary>
    public EquatableArray<RuleVerdict> Verdicts { get; }

    /// <summary>Deconstructs into match and verdicts.</summary>
    /// <param name="match">The match.</param>
    /// <param name="verdicts">The verdicts.</param>
    public void Deconstruct(out RuleMatch match, out EquatableArray<RuleVerdict> verdicts)
    {
        match = Match;
        verdicts = Verdicts;
    }

    /// <summary>The resolution in sentences, every rule tried in order: <c>Rule 'reserves' did not match on itemPolicy
    /// (rule has 'reserve-3h', check-out has 'regular'). Rule 'faculty' matched: terms 'faculty-term'.</c>, ending
    /// <c>No rule matched.</c> when none did.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        foreach (var verdict in Verdicts)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(verdict.Matched
                ? $"Rule '{verdict.Rule.Id}' matched: terms '{verdict.Rule.TermsOfUse}'."
                : $"Rule '{verdict.Rule.Id}' did not match on {string.Join(", ", verdict.MismatchedFields)}.");
        }

        return Match.IsMatch ? text.ToString() : text.Append(text.Length == 0 ? "" : " ").Append("No rule matched.").ToString();
    }
}

/// <summary>
/// A policy's rules compiled once for constant-time first-match resolution.
/// </summary>
/// <remarks>
/// <para>For every (user group, item policy, library) the compiler precomputes the first rule that matches
/// with any location, and a table of the specific locations named by earlier rules. A resolution is then
/// three code lookups and one table lookup, whatever the number of rules, and allocates nothing.</para>
/// <para>Compiling fills each cell from the rules that can match it, in order, rather than scanning every rule per
/// cell: the rules are grouped by the (group, item policy, library) they name, each a code or any, so a cell's
/// candidates are the at most eight groups that fit it, merged in rule order up to the first rule for any
/// location. A FOLIO import of 20 groups × 600 item policies × 50 libraries and 16,742 rules compiles in a fraction
/// of a second where the scan took 28–40 s (see docs/benchmarks.md).</para>
/// <para>Libraries not named by the policy or any rule share one "other library" slot. Immutable and safe to
/// share between threads.</para>
/// </remarks>
public sealed class RuleResolver
{
    private readonly Policy policy;
    private readonly CodeIndex groupIndex;
    private readonly CodeIndex itemPolicyIndex;
    private readonly CodeIndex libraryIndex;
    private readonly int groupCount;
    private readonly int libraryCount;
    private readonly int itemPolicyCount;
    private readonly Cell[] cells;
    private readonly Rule[] rules;
    private readonly TermsOfUse[] termsByRule;

    internal RuleResolver(Policy policy)
    {
        this.policy = policy;
        groupIndex = new CodeIndex(policy.UserGroups.Select(g => g.Code));
        itemPolicyIndex = new CodeIndex(policy.ItemPolicies.Select(p => p.Code));
        var libraryCodes = policy.Libraries.Select(l => l.Code)
            .Concat(policy.Rules.Select(r => r.Library).Where(c => c != Rule.Any))
            .Distinct(StringComparer.Ordinal).ToArray();
        libraryIndex = new CodeIndex(libraryCodes);
        groupCount = policy.UserGroups.Count;
        libraryCount = libraryCodes.Length + 1; // the last slot: any library the policy does not name
        itemPolicyCount = policy.ItemPolicies.Count;
        rules = [.. policy.Rules];
        termsByRule = rules.Select(r => policy.FindTermsOfUse(r.TermsOfUse)!).ToArray();
        cells = Compile();
    }

    /// <summary>The zero-based index of a user group, for pre-resolved lookups; -1 when unknown.</summary>
    /// <param name="code">The group code.</param>
    /// <returns>The index.</returns>
    internal int IndexOfUserGroup(string code) => groupIndex.IndexOf(Guard.Against.Null(code));

    /// <summary>The zero-based index of an item policy, for pre-resolved lookups; -1 when unknown.</summary>
    /// <param name="code">The item policy code.</param>
    /// <returns>The index.</returns>
    internal int IndexOfItemPolicy(string code) => itemPolicyIndex.IndexOf(Guard.Against.Null(code));

    /// <summary>The library slot of a library code, for pre-resolved lookups. Every code has one: codes the
    /// policy does not name share the last slot.</summary>
    /// <param name="code">The library code.</param>
    /// <returns>The slot.</returns>
    internal int IndexOfLibrary(string code) => libraryIndex.IndexOf(Guard.Against.Null(code)) is var i && i >= 0 ? i : libraryCount - 1;

    /// <summary>The number of library slots: one per library the policy lists or a rule names, and the last one shared
    /// by every other library. Slots run from 0 to this less one.</summary>
    internal int LibrarySlotCount => libraryCount;

    /// <summary>Resolves from codes: the first rule matching the group, item policy, library and location.</summary>
    /// <param name="userGroup">The patron's user group code.</param>
    /// <param name="itemPolicy">The item's policy code.</param>
    /// <param name="library">The item's library code.</param>
    /// <param name="location">The item's location, if any.</param>
    /// <returns>The match; no match when no rule applies or a code is not in the policy.</returns>
    public RuleMatch Resolve(string userGroup, string itemPolicy, string library, string? location)
    {
        var g = IndexOfUserGroup(userGroup);
        var p = IndexOfItemPolicy(itemPolicy);
        return g < 0 || p < 0 ? default : Resolve(g, p, IndexOfLibrary(library), location);
    }

    /// <summary>Resolves from pre-resolved indexes (see <see cref="IndexOfUserGroup"/> and its siblings).</summary>
    /// <param name="userGroupIndex">The group's index.</param>
    /// <param name="itemPolicyIndex">The item policy's index.</param>
    /// <param name="librarySlot">The library's slot.</param>
    /// <param name="location">The item's location, if any.</param>
    /// <returns>The match, or no match.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    internal RuleMatch Resolve(int userGroupIndex, int itemPolicyIndex, int librarySlot, string? location)
    {
        if (unchecked((uint)userGroupIndex >= (uint)groupCount)) { throw new ArgumentOutOfRangeException(nameof(userGroupIndex)); }
        if (unchecked((uint)itemPolicyIndex >= (uint)itemPolicyCount)) { throw new ArgumentOutOfRangeException(nameof(itemPolicyIndex)); }
        if (unchecked((uint)librarySlot >= (uint)libraryCount)) { throw new ArgumentOutOfRangeException(nameof(librarySlot)); }
        ref readonly var cell = ref cells[CellIndex(userGroupIndex, itemPolicyIndex, librarySlot)];
        var rule = cell.Fallback;
        if (location is not null && cell.ByLocation is { } byLocation && byLocation.IndexOf(location) is var at && at >= 0)
        {
            rule = byLocation.Rules[at];
        }

        return rule < 0 ? default : new RuleMatch(rule, rules[rule], termsByRule[rule]);
    }

    /// <summary>Explains a resolution: the verdict on every rule tried, in order, up to the match.</summary>
    /// <param name="userGroup">The patron's user group code.</param>
    /// <param name="itemPolicy">The item's policy code.</param>
    /// <param name="library">The item's library code.</param>
    /// <param name="location">The item's location, if any.</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="ArgumentNullException">A code is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="userGroup"/> is not a user group of the policy,
    /// <paramref name="itemPolicy"/> not one of its item policies, or <paramref name="library"/> is no library but a
    /// group or item policy code: the message names the argument and, when the code is of another kind, says so
    /// (arguments given in the wrong order answer about no rule, so they are refused rather than explained).</exception>
    public RuleExplanation Explain(string userGroup, string itemPolicy, string library, string? location)
    {
        Guard.Against.Null(userGroup);
        Guard.Against.Null(itemPolicy);
        Guard.Against.Null(library);
        if (policy.FindUserGroup(userGroup) is null)
        {
            throw WrongCode(userGroup, nameof(userGroup), "a user group");
        }

        if (policy.FindItemPolicy(itemPolicy) is null)
        {
            throw WrongCode(itemPolicy, nameof(itemPolicy), "an item policy");
        }

        // A library the policy does not list is a real place (it shares the "other library" slot); a group or item
        // policy code in its place is a mistake.
        if (policy.FindLibrary(library) is null && !policy.Rules.Any(r => r.Library == library) && KindOf(library) is not null)
        {
            throw WrongCode(library, nameof(library), "a library");
        }

        var verdicts = new List<RuleVerdict>();
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            var mismatched = new List<string>(4);
            Check(rule.UserGroup, userGroup, "userGroup", mismatched);
            Check(rule.ItemPolicy, itemPolicy, "itemPolicy", mismatched);
            Check(rule.Library, library, "library", mismatched);
            Check(rule.Location, location, "location", mismatched);
            verdicts.Add(new RuleVerdict(rule, i, mismatched.ToEquatableArray()));
            if (mismatched.Count == 0)
            {
                return new RuleExplanation(new RuleMatch(i, rule, termsByRule[i]), verdicts.ToEquatableArray());
            }
        }

        return new RuleExplanation(default, verdicts.ToEquatableArray());

        static void Check(string pattern, string? value, string field, List<string> mismatched)
        {
            if (pattern != Rule.Any && !string.Equals(pattern, value, StringComparison.Ordinal))
            {
                mismatched.Add($"{field} (rule has '{pattern}', check-out has '{value ?? "(none)"}')");
            }
        }
    }

    private ArgumentException WrongCode(string code, string parameter, string expected)
    {
        var kind = KindOf(code);
        var hint = kind is null ? "" : $"; it is {kind} code: were the arguments given in the wrong order?";
        return new ArgumentException($"'{code}' is not {expected} of the policy{hint}", parameter);
    }

    private string? KindOf(string code) =>
        policy.FindUserGroup(code) is not null ? "a user group"
        : policy.FindItemPolicy(code) is not null ? "an item policy"
        : policy.FindLibrary(code) is not null ? "a library"
        : null;

    private int CellIndex(int g, int p, int l) => (((g * itemPolicyCount) + p) * libraryCount) + l;

    /// <summary>Every cell's first rule for any location and the earlier rules for specific locations.</summary>
    /// <remarks>The rules are grouped by the codes they name: for each (group or any, item policy or any) the rules
    /// naming each library, and any library, in rule order. A cell (g, p, l) draws from the groups (g or any, p or any,
    /// l or any): at most eight lists, merged by rule index until a rule for any location closes the cell. The work is
    /// the cells plus the rules each cell actually reads, not cells × rules.</remarks>
    private Cell[] Compile()
    {
        // Slot libraryCount - 1 ("other library") doubles as "any library" here: no rule names it.
        var anyLibrary = libraryCount - 1;
        var byCodes = new Dictionary<(int Group, int ItemPolicy), List<int>?[]>();
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            var g = rule.UserGroup == Rule.Any ? -1 : groupIndex.IndexOf(rule.UserGroup);
            var p = rule.ItemPolicy == Rule.Any ? -1 : itemPolicyIndex.IndexOf(rule.ItemPolicy);
            var l = rule.Library == Rule.Any ? anyLibrary : libraryIndex.IndexOf(rule.Library);
            if ((g < 0 && rule.UserGroup != Rule.Any) || (p < 0 && rule.ItemPolicy != Rule.Any))
            {
                continue; // names a code no cell has: matches nothing
            }

            if (!byCodes.TryGetValue((g, p), out var byLibrary))
            {
                byCodes[(g, p)] = byLibrary = new List<int>?[libraryCount];
            }

            (byLibrary[l] ??= []).Add(i);
        }

        // Each list cut after its first rule for any location (the cell is closed by then) and keeping one rule per
        // location (a later one of the same list never wins): a cell merges a few short lists.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var listCount = 0;
        var compact = byCodes.ToDictionary(x => x.Key, x => Array.ConvertAll(x.Value, list => list is null ? null : new RuleList(++listCount, Compact(list, seen))));

        var result = new Cell[groupCount * itemPolicyCount * libraryCount];
        var pairs = new RuleList?[4][];
        var lists = new RuleList[8];
        var heads = new int[8];
        var locations = new List<int>();
        var tables = new Dictionary<int[], LocationTable>(RuleSequence.Comparer).GetAlternateLookup<ReadOnlySpan<int>>();
        var merged = new Dictionary<Candidates, Cell>();

        // The (group, item policy) pairs a cell draws from: its own, its group's with any item policy, any group's with its
        // item policy, and any with any. (An array, not a span of an inline array: the architecture tests cannot read those.)
        var keys = new (int Group, int ItemPolicy)[] { default, default, default, (-1, -1) };
        for (var g = 0; g < groupCount; g++)
        {
            for (var p = 0; p < itemPolicyCount; p++)
            {
                var pairCount = 0;
                (keys[0], keys[1], keys[2]) = ((g, p), (g, -1), (-1, p));
                foreach (var key in keys)
                {
                    if (compact.TryGetValue(key, out var byLibrary))
                    {
                        pairs[pairCount++] = byLibrary;
                    }
                }

                for (var l = 0; l < libraryCount; l++)
                {
                    var count = 0;
                    for (var k = 0; k < pairCount; k++)
                    {
                        if (l != anyLibrary && pairs[k][l] is { } forLibrary)
                        {
                            lists[count++] = forLibrary;
                        }

                        if (pairs[k][anyLibrary] is { } forAnyLibrary)
                        {
                            lists[count++] = forAnyLibrary;
                        }
                    }

                    // Cells drawing from the same lists are the same cell (e.g. every group and item policy at a library
                    // with rules only for any group and item policy): merged once.
                    var candidates = new Candidates(lists.AsSpan(0, count));
                    if (!merged.TryGetValue(candidates, out var cell))
                    {
                        var fallback = Merge(lists.AsSpan(0, count), heads.AsSpan(0, count), locations, seen);
                        var table = locations.Count == 0 ? null : Shared(CollectionsMarshal.AsSpan(locations), tables);
                        merged[candidates] = cell = new Cell(fallback, table);
                    }

                    result[CellIndex(g, p, l)] = cell;
                }
            }
        }

        return result;
    }

    /// <summary>A list's rules up to its first rule for any location, the first rule of each location only.</summary>
    private int[] Compact(List<int> list, HashSet<string> seen)
    {
        seen.Clear();
        var kept = new List<int>();
        foreach (var i in list)
        {
            var location = rules[i].Location;
            if (location == Rule.Any)
            {
                kept.Add(i);
                break;
            }

            if (seen.Add(location))
            {
                kept.Add(i);
            }
        }

        return [.. kept];
    }

    /// <summary>Merges a cell's candidate lists (each in rule order) in rule order: the rules of the specific
    /// locations met (the first rule per location) into <paramref name="locations"/>, until the first rule for any
    /// location, whose index is returned; -1 when none.</summary>
    private int Merge(ReadOnlySpan<RuleList> lists, Span<int> heads, List<int> locations, HashSet<string> seen)
    {
        heads.Clear();
        locations.Clear();
        seen.Clear();
        while (true)
        {
            var next = int.MaxValue;
            var from = -1;
            for (var k = 0; k < lists.Length; k++)
            {
                var list = lists[k].Rules;
                if (heads[k] < list.Length && list[heads[k]] < next)
                {
                    next = list[heads[k]];
                    from = k;
                }
            }

            if (from < 0)
            {
                return -1;
            }

            heads[from]++;
            var location = rules[next].Location;
            if (location == Rule.Any)
            {
                return next;
            }

            if (seen.Add(location))
            {
                locations.Add(next);
            }
        }
    }

    /// <summary>The table of a cell's location rules, one instance per distinct sequence of rules: many cells share
    /// theirs (every cell of a library under the same rules for any group), and building one per cell was most of the
    /// compile time of a FOLIO-sized policy.</summary>
    private LocationTable Shared(ReadOnlySpan<int> locationRules, Dictionary<int[], LocationTable>.AlternateLookup<ReadOnlySpan<int>> tables)
    {
        if (!tables.TryGetValue(locationRules, out var table))
        {
            var key = locationRules.ToArray();
            table = new LocationTable(key, rules);
            tables.Dictionary[key] = table;
        }

        return table;
    }

    private readonly record struct Cell(int Fallback, LocationTable? ByLocation);

    /// <summary>One group of rules naming the same codes, compacted (see <see cref="Compact"/>), with a number for
    /// hashing sets of them.</summary>
    private sealed record RuleList(int Id, int[] Rules);

    /// <summary>The (at most eight) candidate lists of a cell, by their numbers, in the order they are drawn.</summary>
    private readonly record struct Candidates(int A, int B, int C, int D, int E, int F, int G, int H)
    {
        public Candidates(ReadOnlySpan<RuleList> lists)
            : this(Id(lists, 0), Id(lists, 1), Id(lists, 2), Id(lists, 3), Id(lists, 4), Id(lists, 5), Id(lists, 6), Id(lists, 7))
        {
        }

        private static int Id(ReadOnlySpan<RuleList> lists, int k) => k < lists.Length ? lists[k].Id : 0;
    }

    /// <summary>The rules of a cell's specific locations, by location: compared one by one for a few (most cells
    /// name one to four), through a <see cref="CodeIndex"/> for more.</summary>
    private sealed class LocationTable
    {
        private const int Few = 8;
        private readonly string[] locations;
        private readonly CodeIndex? index;

        public LocationTable(int[] locationRules, Rule[] rules)
        {
            Rules = locationRules;
            locations = Array.ConvertAll(locationRules, r => rules[r].Location);
            index = locations.Length > Few ? new CodeIndex(locations) : null;
        }

        public int[] Rules { get; }

        public int IndexOf(string location)
        {
            if (index is not null)
            {
                return index.IndexOf(location);
            }

            for (var i = 0; i < locations.Length; i++)
            {
                if (string.Equals(locations[i], location, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>Sequences of rule indexes compared by content, looked up by span without allocating.</summary>
    private sealed class RuleSequence : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
    {
        public static readonly RuleSequence Comparer = new();

        public bool Equals(int[]? x, int[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(int[] obj) => GetHashCode((ReadOnlySpan<int>)obj);

        public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<int> alternate)
        {
            var hash = (uint)alternate.Length;
            foreach (var rule in alternate)
            {
                hash = unchecked((BitOperations.RotateLeft(hash, 5) ^ (uint)rule) * 0x9E3779B1u);
            }

            return unchecked((int)hash);
        }

        public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();
    }
}

/// <summary>
/// A fixed set of codes and their positions, looked up by a hash of the code's length and three of its characters:
/// a few multiplications and one ordinal comparison, where a <see cref="FrozenDictionary{TKey, TValue}"/> lookup costs
/// a virtual call and a hash of a substring (three of them were most of a resolution from codes).
/// </summary>
/// <remarks>Open addressing in a power-of-two table at most half full; when the cheap hash collides too often for
/// a set of codes (more than four probes for some code), the table hashes whole codes instead. Immutable and safe to
/// share between threads.</remarks>
internal sealed class CodeIndex
{
    private const int MaxProbes = 4;
    private readonly string?[] codes;
    private readonly int[] positions;
    private readonly int mask;
    private readonly bool wholeCode;

    /// <summary>Indexes codes by their position; a repeated code keeps its first position.</summary>
    public CodeIndex(IEnumerable<string> codes)
    {
        var all = codes.ToList();
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, all.Count * 2));
        (this.codes, positions, wholeCode) = (new string?[size], new int[size], false);
        mask = size - 1;
        if (!TryFill(all))
        {
            wholeCode = true;
            Array.Clear(this.codes);
            _ = TryFill(all);
        }
    }

    /// <summary>The position of a code; -1 when it is not in the set.</summary>
    public int IndexOf(string code)
    {
        var slot = Hash(code) & mask;
        while (codes[slot] is { } candidate)
        {
            if (string.Equals(candidate, code, StringComparison.Ordinal))
            {
                return positions[slot];
            }

            slot = (slot + 1) & mask;
        }

        return -1;
    }

    /// <summary>Fills the table; false when some code needs more than <see cref="MaxProbes"/> probes (whole codes
    /// are then hashed, without that limit).</summary>
    private bool TryFill(List<string> all)
    {
        for (var position = 0; position < all.Count; position++)
        {
            var code = all[position];
            var slot = Hash(code) & mask;
            var probes = 0;
            while (codes[slot] is { } taken)
            {
                if (string.Equals(taken, code, StringComparison.Ordinal))
                {
                    break;
                }

                if (++probes > MaxProbes && !wholeCode)
                {
                    return false;
                }

                slot = (slot + 1) & mask;
            }

            if (codes[slot] is null)
            {
                (codes[slot], positions[slot]) = (code, position);
            }
        }

        return true;
    }

    private int Hash(string code)
    {
        if (wholeCode)
        {
            return code.GetHashCode(StringComparison.Ordinal) & int.MaxValue;
        }

        var length = code.Length;
        if (length == 0)
        {
            return 0;
        }

        // Length, first, middle and last characters: codes of a catalogue mostly differ in one of them.
        var hash = unchecked(((uint)length * 0x9E3779B1u) ^ ((uint)code[0] * 0x85EBCA77u) ^ ((uint)code[length >> 1] * 0xC2B2AE3Du) ^ ((uint)code[length - 1] * 0x27D4EB2Fu));
        return (int)((hash ^ (hash >> 15)) & int.MaxValue);
    }
}
