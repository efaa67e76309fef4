using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Tests.Policies;

/// <summary>
/// The rule checks written plainly — every point (user group, item policy, library, location) against every rule in
/// order, every pair against every rule — kept as the reference the fast resolver and linter are checked against.
/// </summary>
public static class NaiveRuleChecks
{
    /// <summary>The warnings about rules (groups that cannot borrow, uncovered pairs, unreachable rules), in the
    /// linter's order.</summary>
    public static IReadOnlyList<LintWarning> Warnings(Policy policy)
    {
        var warnings = new List<LintWarning>();
        var points = Points(policy).ToList();
        var firstMatches = points.Select(x => FirstMatch(policy, x.Group, x.ItemPolicy, x.Library, x.Location)).ToList();
        for (var i = 0; i < policy.UserGroups.Count; i++)
        {
            var group = policy.UserGroups[i];
            var canBorrow = Enumerable.Range(0, points.Count).Any(k => points[k].Group == group.Code && firstMatches[k] >= 0
                && policy.FindTermsOfUse(policy.Rules[firstMatches[k]].TermsOfUse) is { IsLoanable: true });
            if (group.MayBorrow && !canBorrow)
            {
                warnings.Add(new($"userGroups[{i}]", LintCodes.GroupCannotBorrow,
                    $"user group '{group.Code}' ({group.Name}) may borrow, but no rule can give it loanable terms of use"));
            }
        }

        foreach (var group in policy.UserGroups)
        {
            foreach (var itemPolicy in policy.ItemPolicies)
            {
                if (!policy.Rules.Any(r => Covers(r.UserGroup, group.Code) && Covers(r.ItemPolicy, itemPolicy.Code)))
                {
                    warnings.Add(new("rules", LintCodes.UncoveredPair,
                        $"no rule matches user group '{group.Code}' ({group.Name}) with item policy '{itemPolicy.Code}' ({itemPolicy.Name})"));
                }
            }
        }

        // A rule can never match when every point it matches is matched by an earlier rule: it is no point's first match.
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            var matched = Enumerable.Range(0, points.Count).Where(k => Matches(rule, points[k])).ToList();
            if (matched.Exists(k => firstMatches[k] == i))
            {
                continue;
            }

            var alone = Enumerable.Range(0, i).Cast<int?>().FirstOrDefault(j => matched.TrueForAll(k => Matches(policy.Rules[j!.Value], points[k])));
            warnings.Add(new($"rules[{i}]", LintCodes.UnreachableRule, alone is { } j
                ? $"rule '{rule.Id}' can never match: rule '{policy.Rules[j].Id}' (rules[{j}]) matches everything it matches"
                : $"rule '{rule.Id}' can never match: the rules before it together match everything it matches"));
        }

        return warnings;
    }

    /// <summary>Every check-out that can tell rules apart: each user group and item policy of the policy (a patron's
    /// group and an item's policy must be listed), each library the policy lists or a rule names and one named by
    /// neither, each location a rule names and none (which no rule for a location matches, as no named one does).</summary>
    private static IEnumerable<(string Group, string ItemPolicy, string Library, string? Location)> Points(Policy policy)
    {
        var libraries = policy.Libraries.Select(l => l.Code).Concat(policy.Rules.Select(r => r.Library)).Where(c => c != Rule.Any).Distinct().ToList();
        var other = "other";
        while (libraries.Contains(other))
        {
            other += "'";
        }

        libraries.Add(other);
        var locations = policy.Rules.Select(r => r.Location).Where(c => c != Rule.Any).Distinct().Append(null).ToList();
        return
            from g in policy.UserGroups
            from p in policy.ItemPolicies
            from l in libraries
            from location in locations
            select (g.Code, p.Code, l, location);
    }

    private static bool Matches(Rule rule, (string Group, string ItemPolicy, string Library, string? Location) point) =>
        Covers(rule.UserGroup, point.Group) && Covers(rule.ItemPolicy, point.ItemPolicy) && Covers(rule.Library, point.Library)
        && (rule.Location == Rule.Any || rule.Location == point.Location);

    /// <summary>The index of the first rule matching a check-out; -1 for none.</summary>
    public static int FirstMatch(Policy policy, string userGroup, string itemPolicy, string library, string? location)
    {
        if (!policy.UserGroups.Any(g => g.Code == userGroup) || !policy.ItemPolicies.Any(p => p.Code == itemPolicy))
        {
            return -1;
        }

        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            if (Covers(rule.UserGroup, userGroup) && Covers(rule.ItemPolicy, itemPolicy) && Covers(rule.Library, library)
                && (rule.Location == Rule.Any || rule.Location == location))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Covers(string pattern, string value) => pattern == Rule.Any || string.Equals(pattern, value, StringComparison.Ordinal);
}
