using System.Collections.Frozen;
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
/// <para>Libraries not named by the policy or any rule share one "other library" slot. Immutable and safe to
/// share between threads.</para>
/// </remarks>
public sealed class RuleResolver
{
    private readonly Policy policy;
    private readonly FrozenDictionary<string, int> groupIndex;
    private readonly FrozenDictionary<string, int> itemPolicyIndex;
    private readonly FrozenDictionary<string, int> libraryIndex;
    private readonly int libraryCount;
    private readonly int itemPolicyCount;
    private readonly Cell[] cells;
    private readonly TermsOfUse[] termsByRule;

    internal RuleResolver(Policy policy)
    {
        this.policy = policy;
        groupIndex = policy.UserGroups.Select((g, i) => (g.Code, i)).ToFrozenDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        itemPolicyIndex = policy.ItemPolicies.Select((p, i) => (p.Code, i)).ToFrozenDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var libraryCodes = policy.Libraries.Select(l => l.Code)
            .Concat(policy.Rules.Select(r => r.Library).Where(c => c != Rule.Any))
            .Distinct(StringComparer.Ordinal).ToArray();
        libraryIndex = libraryCodes.Select((c, i) => (c, i)).ToFrozenDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        libraryCount = libraryCodes.Length + 1; // the last slot: any library the policy does not name
        itemPolicyCount = policy.ItemPolicies.Count;
        termsByRule = policy.Rules.Select(r => policy.FindTermsOfUse(r.TermsOfUse)!).ToArray();

        cells = new Cell[policy.UserGroups.Count * itemPolicyCount * libraryCount];
        for (var g = 0; g < policy.UserGroups.Count; g++)
        {
            for (var p = 0; p < itemPolicyCount; p++)
            {
                for (var l = 0; l < libraryCount; l++)
                {
                    var libraryCode = l < libraryCodes.Length ? libraryCodes[l] : null;
                    cells[CellIndex(g, p, l)] = Compile(policy.UserGroups[g].Code, policy.ItemPolicies[p].Code, libraryCode);
                }
            }
        }
    }

    /// <summary>The zero-based index of a user group, for pre-resolved lookups; -1 when unknown.</summary>
    /// <param name="code">The group code.</param>
    /// <returns>The index.</returns>
    public int IndexOfUserGroup(string code) => groupIndex.TryGetValue(Guard.Against.Null(code), out var i) ? i : -1;

    /// <summary>The zero-based index of an item policy, for pre-resolved lookups; -1 when unknown.</summary>
    /// <param name="code">The item policy code.</param>
    /// <returns>The index.</returns>
    public int IndexOfItemPolicy(string code) => itemPolicyIndex.TryGetValue(Guard.Against.Null(code), out var i) ? i : -1;

    /// <summary>The library slot of a library code, for pre-resolved lookups. Every code has one: codes the
    /// policy does not name share the last slot.</summary>
    /// <param name="code">The library code.</param>
    /// <returns>The slot.</returns>
    public int IndexOfLibrary(string code) => libraryIndex.TryGetValue(Guard.Against.Null(code), out var i) ? i : libraryCount - 1;

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
    public RuleMatch Resolve(int userGroupIndex, int itemPolicyIndex, int librarySlot, string? location)
    {
        if (unchecked((uint)userGroupIndex >= (uint)policy.UserGroups.Count)) { throw new ArgumentOutOfRangeException(nameof(userGroupIndex)); }
        if (unchecked((uint)itemPolicyIndex >= (uint)itemPolicyCount)) { throw new ArgumentOutOfRangeException(nameof(itemPolicyIndex)); }
        if (unchecked((uint)librarySlot >= (uint)libraryCount)) { throw new ArgumentOutOfRangeException(nameof(librarySlot)); }
        ref readonly var cell = ref cells[CellIndex(userGroupIndex, itemPolicyIndex, librarySlot)];
        var rule = cell.Fallback;
        if (location is not null && cell.ByLocation is { } byLocation && byLocation.TryGetValue(location, out var specific))
        {
            rule = specific;
        }

        return rule < 0 ? default : new RuleMatch(rule, policy.Rules[rule], termsByRule[rule]);
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

    private Cell Compile(string group, string itemPolicy, string? library)
    {
        Dictionary<string, int>? byLocation = null;
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            if ((rule.UserGroup != Rule.Any && rule.UserGroup != group) || (rule.ItemPolicy != Rule.Any && rule.ItemPolicy != itemPolicy)
                || (rule.Library != Rule.Any && rule.Library != library))
            {
                continue;
            }

            if (rule.Location == Rule.Any)
            {
                return new Cell(i, byLocation?.ToFrozenDictionary(StringComparer.Ordinal));
            }

            byLocation ??= new Dictionary<string, int>(StringComparer.Ordinal);
            byLocation.TryAdd(rule.Location, i);
        }

        return new Cell(-1, byLocation?.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private readonly record struct Cell(int Fallback, FrozenDictionary<string, int>? ByLocation);
}
