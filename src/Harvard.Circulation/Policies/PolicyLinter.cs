using Ardalis.GuardClauses;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Policies;

/// <summary>A warning about a valid policy: something that is allowed but probably not meant.</summary>
public sealed record LintWarning
{
    /// <summary>Creates the value.</summary>
    /// <param name="path">Where, in the policy format's field names with zero-based indexes, e.g. <c>rules[3]</c>.</param>
    /// <param name="code">A stable code naming the kind of warning; see <see cref="LintCodes"/>.</param>
    /// <param name="message">What looks wrong, in a sentence.</param>
    public LintWarning(string path, string code, string message)
    {
        Path = path;
        Code = code;
        Message = message;
    }

    /// <summary>Where, in the policy format's field names with zero-based indexes, e.g. <c>rules[3]</c>.</summary>
    public string Path { get; }

    /// <summary>A stable code naming the kind of warning; see <see cref="LintCodes"/>.</summary>
    public string Code { get; }

    /// <summary>What looks wrong, in a sentence.</summary>
    public string Message { get; }


    /// <summary>The warning as <c>path: message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The codes of <see cref="LintWarning"/>.</summary>
public static class LintCodes
{
    /// <summary>A rule that can never match because the earlier rules, one or several together, match everything it
    /// matches: it is the first match for no user group, item policy, library and location.</summary>
    public const string UnreachableRule = "unreachableRule";

    /// <summary>A user group × item policy pair no rule matches at any library and location: no rule's user group and
    /// item policy both admit it.</summary>
    public const string UncoveredPair = "uncoveredPair";

    /// <summary>A fine cap below the amount of one interval (a zero cap, meaning no fine, is not warned about).</summary>
    public const string MaxBelowRate = "maxBelowRate";

    /// <summary>A fine's grace period longer than the loan period.</summary>
    public const string GraceLongerThanLoan = "graceLongerThanLoan";

    /// <summary>Terms of use that no rule names.</summary>
    public const string UnusedTerms = "unusedTerms";

    /// <summary>A user group that may borrow but that no rule can give loanable terms of use: for no item policy,
    /// library and location is the first rule matching the group one with loanable terms.</summary>
    public const string GroupCannotBorrow = "groupCannotBorrow";

    /// <summary>A <c>maxRenewalPeriod</c> shorter than the loan period itself.</summary>
    public const string RenewalPeriodShorterThanLoan = "renewalPeriodShorterThanLoan";

    /// <summary><c>autoRenew</c> with <c>maxRenewals</c> 0, so the loan can never renew by itself.</summary>
    public const string AutoRenewWithoutRenewals = "autoRenewWithoutRenewals";
}

/// <summary>
/// Finds settings in a valid policy that are allowed but probably not meant: rules that can never match,
/// pairs no rule covers, contradictory settings.
/// </summary>
/// <remarks>Pure and thread-safe. Warnings come in the order their paths appear in a policy file.</remarks>
public static class PolicyLinter
{
    // Durations are compared by adding both to one fixed instant in the policy's zone, so months and days
    // are compared as the calendar counts them there. A Monday at noon, away from DST changes.
    private static readonly LocalDateTime ReferenceLocal = new(2026, 1, 5, 12, 0);

    /// <summary>Lints a policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>Every warning, in path order; empty when nothing looks wrong.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public static IReadOnlyList<LintWarning> Lint(Policy policy)
    {
        Guard.Against.Null(policy);
        var warnings = new List<LintWarning>();
        var reference = policy.TimeZone.AtLeniently(ReferenceLocal).ToInstant();

        var (reached, borrows) = FirstMatches(policy);
        for (var i = 0; i < policy.UserGroups.Count; i++)
        {
            var group = policy.UserGroups[i];
            if (group.MayBorrow && !borrows[i])
            {
                warnings.Add(new($"userGroups[{i}]", LintCodes.GroupCannotBorrow,
                    $"user group '{group.Code}' ({group.Name}) may borrow, but no rule can give it loanable terms of use"));
            }
        }

        var usedTerms = policy.Rules.Select(r => r.TermsOfUse).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < policy.TermsOfUse.Count; i++)
        {
            var terms = policy.TermsOfUse[i];
            var path = $"termsOfUse[{i}]";
            if (!usedTerms.Contains(terms.Id))
            {
                warnings.Add(new(path, LintCodes.UnusedTerms, $"terms of use '{terms.Id}' are not named by any rule"));
            }

            if (terms.Loan is { } loan)
            {
                if (loan.MaxRenewalPeriod is { } longest && Compare(reference, longest, loan.Period, policy.TimeZone) < 0)
                {
                    warnings.Add(new(path + ".loan.maxRenewalPeriod", LintCodes.RenewalPeriodShorterThanLoan,
                        $"the longest loan {longest} is shorter than the loan period {loan.Period}"));
                }

                if (loan.AutoRenew && loan.MaxRenewals == 0)
                {
                    warnings.Add(new(path + ".loan.autoRenew", LintCodes.AutoRenewWithoutRenewals,
                        "autoRenew is set but maxRenewals is 0, so the loan never renews"));
                }
            }

            LintFine(terms.OverdueFine, terms.Loan, path + ".overdueFine", reference, policy.TimeZone, warnings);
            LintFine(terms.RecalledOverdueFine, terms.Loan, path + ".recalledOverdueFine", reference, policy.TimeZone, warnings);
        }

        LintCoverage(policy, warnings);
        LintReachability(policy, reached, warnings);
        return warnings;
    }

    /// <summary>Which rules are the first match somewhere, and which user groups (by position) some first match gives
    /// loanable terms: every point — each user group and item policy of the catalogues (closed: a patron's group and an
    /// item's policy must be listed), each library the policy lists or a rule names and one for every other library,
    /// each location a rule names and one for every other location or none — resolved by the policy's
    /// <see cref="RuleResolver"/>, so the linter matches rules exactly as check-outs do.</summary>
    /// <remarks>A rule matches at least one point (each field it names is one of the points' codes), so a rule that is
    /// the first match at none can never match: the rules before it together match everything it matches. A FOLIO-sized
    /// policy (20 groups × 600 item policies × 51 library slots × 13 locations) is about eight million lookups of
    /// the compiled resolver, each constant time.</remarks>
    private static (bool[] Reached, bool[] Borrows) FirstMatches(Policy policy)
    {
        var resolver = policy.Resolver;
        var reached = new bool[policy.Rules.Count];
        var borrows = new bool[policy.UserGroups.Count];

        // null stands for every location no rule names (and for an item with none): only rules for any location match it.
        string?[] locations = [.. policy.Rules.Select(r => r.Location).Where(c => c != Rule.Any).Distinct(StringComparer.Ordinal), null];
        var itemPolicies = policy.ItemPolicies.Select(p => resolver.IndexOfItemPolicy(p.Code)).ToArray();
        var librarySlots = resolver.LibrarySlotCount;
        for (var i = 0; i < policy.UserGroups.Count; i++)
        {
            var g = resolver.IndexOfUserGroup(policy.UserGroups[i].Code);
            foreach (var p in itemPolicies)
            {
                for (var l = 0; l < librarySlots; l++)
                {
                    foreach (var location in locations)
                    {
                        var match = resolver.Resolve(g, p, l, location);
                        if (match.IsMatch)
                        {
                            reached[match.RuleIndex] = true;
                            borrows[i] |= match.Terms!.IsLoanable;
                        }
                    }
                }
            }
        }

        return (reached, borrows);
    }

    /// <summary>Pairs no rule matches at any library and location (no rule's user group and item policy both admit
    /// the pair), group by group: from the sets of groups, item policies and pairs the rules name, not a scan of the
    /// rules per pair (20 × 600 pairs of 16,742 rules took seconds).</summary>
    private static void LintCoverage(Policy policy, List<LintWarning> warnings)
    {
        var everything = false;
        var groups = new HashSet<string>(StringComparer.Ordinal);
        var itemPolicies = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new HashSet<(string, string)>();
        foreach (var rule in policy.Rules)
        {
            switch (rule.UserGroup == Rule.Any, rule.ItemPolicy == Rule.Any)
            {
                case (true, true): everything = true; break;
                case (false, true): groups.Add(rule.UserGroup); break;
                case (true, false): itemPolicies.Add(rule.ItemPolicy); break;
                default: pairs.Add((rule.UserGroup, rule.ItemPolicy)); break;
            }
        }

        if (everything)
        {
            return;
        }

        foreach (var group in policy.UserGroups)
        {
            foreach (var itemPolicy in policy.ItemPolicies)
            {
                if (!groups.Contains(group.Code) && !itemPolicies.Contains(itemPolicy.Code) && !pairs.Contains((group.Code, itemPolicy.Code)))
                {
                    warnings.Add(new("rules", LintCodes.UncoveredPair,
                        $"no rule matches user group '{group.Code}' ({group.Name}) with item policy '{itemPolicy.Code}' ({itemPolicy.Name})"));
                }
            }
        }
    }

    /// <summary>Rules that are the first match nowhere (see <see cref="FirstMatches"/>). The message names the earliest
    /// rule that alone matches everything such a rule matches, when there is one; otherwise it says the rules before it
    /// do together. The rules that alone cover a rule are those whose every field is its value or any (or, for a field
    /// it leaves any, the one code of a user group or item policy catalogue of one): at most sixteen patterns, each
    /// looked up among the earlier rules' patterns (the first rule of each pattern kept), where comparing each rule with
    /// every earlier one was 140 million comparisons at 16,742 rules.</summary>
    private static void LintReachability(Policy policy, bool[] reached, List<LintWarning> warnings)
    {
        var onlyGroup = policy.UserGroups.Count == 1 ? policy.UserGroups[0].Code : null;
        var onlyItemPolicy = policy.ItemPolicies.Count == 1 ? policy.ItemPolicies[0].Code : null;
        var firstOfPattern = new Dictionary<(string, string, string, string), int>();
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            if (!reached[i])
            {
                var earliest = int.MaxValue;
                for (var mask = 0; mask < 16; mask++)
                {
                    if (Generalizes(rule, mask) is { } pattern && firstOfPattern.TryGetValue(pattern, out var j))
                    {
                        earliest = Math.Min(earliest, j);
                    }
                }

                warnings.Add(new($"rules[{i}]", LintCodes.UnreachableRule, earliest == int.MaxValue
                    ? $"rule '{rule.Id}' can never match: the rules before it together match everything it matches"
                    : $"rule '{rule.Id}' can never match: rule '{policy.Rules[earliest].Id}' (rules[{earliest}]) matches everything it matches"));
            }

            firstOfPattern.TryAdd((rule.UserGroup, rule.ItemPolicy, rule.Library, rule.Location), i);
        }

        // The rule's fields with those whose bit is set in the mask swapped for the other value a covering rule may have:
        // a code for any; for any, the only user group or item policy of a catalogue of one (which covers them all), and
        // otherwise nothing, so null (libraries and locations are open: only any covers any).
        (string, string, string, string)? Generalizes(Rule rule, int mask)
        {
            var fields = (Field(rule.UserGroup, mask & 1, onlyGroup), Field(rule.ItemPolicy, mask & 2, onlyItemPolicy), Field(rule.Library, mask & 4, null), Field(rule.Location, mask & 8, null));
            return fields.Item1 is null || fields.Item2 is null || fields.Item3 is null || fields.Item4 is null ? null : (fields.Item1, fields.Item2, fields.Item3, fields.Item4);
        }

        static string? Field(string value, int bit, string? only) => bit == 0 ? value : value == Rule.Any ? only : Rule.Any;
    }

    private static void LintFine(FineRule? fine, LoanTerms? loan, string path, Instant reference, DateTimeZone zone, List<LintWarning> warnings)
    {
        if (fine is null)
        {
            return;
        }

        if (loan is not null && Compare(reference, fine.Grace, loan.Period, zone) > 0)
        {
            warnings.Add(new(path + ".grace", LintCodes.GraceLongerThanLoan,
                $"the grace period {fine.Grace} is longer than the loan period {loan.Period}"));
        }

        if (fine.Max is { } max && max.IsPositive && max.Amount < fine.Amount.Amount)
        {
            warnings.Add(new(path + ".max", LintCodes.MaxBelowRate,
                $"the cap {max.ToAmountString()} is below one {fine.Per.ToSpelling()}'s amount {fine.Amount.ToAmountString()}"));
        }
    }

    /// <summary>Compares two periods by adding each to the reference instant; periods too long to add compare as longest.</summary>
    private static int Compare(Instant reference, Period left, Period right, DateTimeZone zone) =>
        Comparer<Instant?>.Default.Compare(AddOrNull(reference, left, zone) ?? Instant.MaxValue, AddOrNull(reference, right, zone) ?? Instant.MaxValue);

    private static Instant? AddOrNull(Instant reference, Period period, DateTimeZone zone)
    {
        try
        {
            return PolicyTime.Add(reference, period, zone);
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException or InvalidOperationException)
        {
            return null;
        }
    }
}
