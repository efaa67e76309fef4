using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Tests.Policies;

/// <summary>
/// The rule checks as first written — every rule against every earlier rule, every pair against every rule, every
/// cell against every rule — kept as the plain reference the fast resolver and linter are checked against.
/// </summary>
public static class NaiveRuleChecks
{
    /// <summary>The warnings about rules (groups that cannot borrow, uncovered pairs, unreachable rules), in the
    /// linter's order.</summary>
    public static IReadOnlyList<LintWarning> Warnings(Policy policy)
    {
        var warnings = new List<LintWarning>();
        for (var i = 0; i < policy.UserGroups.Count; i++)
        {
            var group = policy.UserGroups[i];
            if (group.MayBorrow && !CanBorrow(policy, group.Code))
            {
                warnings.Add(new($"userGroups[{i}]", LintCodes.GroupCannotBorrow,
                    $"user group '{group.Code}' ({group.Name}) may borrow, but no rule can give it loanable terms of use"));
            }
        }

        foreach (var group in policy.UserGroups)
        {
            foreach (var itemPolicy in policy.ItemPolicies)
            {
                if (!policy.Rules.Any(r => Covers(r.UserGroup, group.Code) && Covers(r.ItemPolicy, itemPolicy.Code)
                    && r.Library == Rule.Any && r.Location == Rule.Any))
                {
                    warnings.Add(new("rules", LintCodes.UncoveredPair,
                        $"no rule matches user group '{group.Code}' ({group.Name}) with item policy '{itemPolicy.Code}' ({itemPolicy.Name})"));
                }
            }
        }

        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            for (var j = 0; j < i; j++)
            {
                var earlier = policy.Rules[j];
                if (Covers(earlier.UserGroup, rule.UserGroup) && Covers(earlier.ItemPolicy, rule.ItemPolicy)
                    && Covers(earlier.Library, rule.Library) && Covers(earlier.Location, rule.Location))
                {
                    warnings.Add(new($"rules[{i}]", LintCodes.UnreachableRule,
                        $"rule '{rule.Id}' can never match: rule '{earlier.Id}' (rules[{j}]) matches everything it matches"));
                    break;
                }
            }
        }

        return warnings;
    }

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

    private static bool CanBorrow(Policy policy, string group)
    {
        foreach (var itemPolicy in policy.ItemPolicies)
        {
            for (var i = 0; i < policy.Rules.Count; i++)
            {
                var rule = policy.Rules[i];
                if (!Covers(rule.UserGroup, group) || !Covers(rule.ItemPolicy, itemPolicy.Code)
                    || policy.FindTermsOfUse(rule.TermsOfUse) is not { IsLoanable: true })
                {
                    continue;
                }

                var shadowed = false;
                for (var j = 0; j < i && !shadowed; j++)
                {
                    var earlier = policy.Rules[j];
                    shadowed = Covers(earlier.UserGroup, group) && Covers(earlier.ItemPolicy, itemPolicy.Code)
                        && Covers(earlier.Library, rule.Library) && Covers(earlier.Location, rule.Location);
                }

                if (!shadowed)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Covers(string pattern, string value) => pattern == Rule.Any || string.Equals(pattern, value, StringComparison.Ordinal);
}
