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
    /// <summary>A rule that can never match because one earlier rule matches everything it matches.</summary>
    public const string UnreachableRule = "unreachableRule";

    /// <summary>A user group × item policy pair no rule matches (at a library and location no rule names).</summary>
    public const string UncoveredPair = "uncoveredPair";

    /// <summary>A fine cap below the amount of one interval (a zero cap, meaning no fine, is not warned about).</summary>
    public const string MaxBelowRate = "maxBelowRate";

    /// <summary>A fine's grace period longer than the loan period.</summary>
    public const string GraceLongerThanLoan = "graceLongerThanLoan";

    /// <summary>Terms of use that no rule names.</summary>
    public const string UnusedTerms = "unusedTerms";

    /// <summary>A user group that may borrow but that no rule can give loanable terms of use.</summary>
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

        for (var i = 0; i < policy.UserGroups.Count; i++)
        {
            var group = policy.UserGroups[i];
            if (group.MayBorrow && !CanBorrow(policy, group.Code))
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

    /// <summary>Whether some rule gives the group loanable terms for some item policy, at some library and
    /// location, without an earlier rule always taking that case first.</summary>
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
