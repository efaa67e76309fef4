using System.Collections.Frozen;
using Ardalis.GuardClauses;
using NodaTime;

namespace Harvard.Circulation.Policies;

/// <summary>
/// The whole circulation configuration of one institution: user groups, item policies, libraries, terms of
/// use and ordered rules, read in one time zone.
/// </summary>
/// <remarks>
/// <para>A policy is validated as a whole when it is created: duplicate ids and codes, references to terms,
/// groups or item policies that are not defined, and amounts in another currency are rejected together by
/// <see cref="InvalidPolicyException"/>, each problem with its path. The rules are compiled once into a
/// <see cref="RuleResolver"/>.</para>
/// <para>Immutable, value equality over its data, and safe to share between threads.</para>
/// </remarks>
public sealed record Policy
{
    private readonly FrozenDictionary<string, UserGroup> groupsByCode;
    private readonly FrozenDictionary<string, ItemPolicy> itemPoliciesByCode;
    private readonly FrozenDictionary<string, Library> librariesByCode;
    private readonly FrozenDictionary<string, TermsOfUse> termsById;

    /// <summary>Creates and validates a policy.</summary>
    /// <param name="name">The institution's name, if any.</param>
    /// <param name="currency">The ISO 4217 currency of every amount.</param>
    /// <param name="timeZone">The zone local times and dates are read in.</param>
    /// <param name="userGroups">The user group catalogue.</param>
    /// <param name="itemPolicies">The item policies.</param>
    /// <param name="libraries">The libraries with their calendars.</param>
    /// <param name="termsOfUse">The terms of use.</param>
    /// <param name="rules">The rules, tried in order.</param>
    /// <param name="retention">Retention settings; null = defaults.</param>
    /// <exception cref="InvalidPolicyException">The parts do not form a valid policy; every problem is listed.</exception>
    public Policy(string? name, string currency, DateTimeZone timeZone, IEnumerable<UserGroup> userGroups, IEnumerable<ItemPolicy> itemPolicies,
        IEnumerable<Library> libraries, IEnumerable<TermsOfUse> termsOfUse, IEnumerable<Rule> rules, RetentionTerms? retention = null)
    {
        Name = name;
        Currency = Guard.Against.NullOrWhiteSpace(currency);
        TimeZone = Guard.Against.Null(timeZone);
        UserGroups = Guard.Against.Null(userGroups).ToEquatableArray();
        ItemPolicies = Guard.Against.Null(itemPolicies).ToEquatableArray();
        Libraries = Guard.Against.Null(libraries).ToEquatableArray();
        TermsOfUse = Guard.Against.Null(termsOfUse).ToEquatableArray();
        Rules = Guard.Against.Null(rules).ToEquatableArray();
        Retention = retention ?? RetentionTerms.Default;

        var problems = FindProblems(currency, UserGroups, ItemPolicies, Libraries, TermsOfUse, Rules);
        if (problems.Count > 0)
        {
            throw new InvalidPolicyException(problems);
        }

        groupsByCode = UserGroups.ToFrozenDictionary(g => g.Code, StringComparer.Ordinal);
        itemPoliciesByCode = ItemPolicies.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal);
        librariesByCode = Libraries.ToFrozenDictionary(l => l.Code, StringComparer.Ordinal);
        termsById = TermsOfUse.ToFrozenDictionary(t => t.Id, StringComparer.Ordinal);
        Resolver = new RuleResolver(this);
    }

    /// <summary>The institution's name, if any.</summary>
    public string? Name { get; }

    /// <summary>The ISO 4217 currency of every amount.</summary>
    public string Currency { get; }

    /// <summary>The zone local times and dates are read in.</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>The user group catalogue.</summary>
    public EquatableArray<UserGroup> UserGroups { get; }

    /// <summary>The item policies.</summary>
    public EquatableArray<ItemPolicy> ItemPolicies { get; }

    /// <summary>The libraries.</summary>
    public EquatableArray<Library> Libraries { get; }

    /// <summary>The terms of use.</summary>
    public EquatableArray<TermsOfUse> TermsOfUse { get; }

    /// <summary>The rules, tried in order; the first match wins.</summary>
    public EquatableArray<Rule> Rules { get; }

    /// <summary>Retention and session settings.</summary>
    public RetentionTerms Retention { get; }

    /// <summary>The compiled rules.</summary>
    public RuleResolver Resolver { get; }

    /// <summary>Finds a user group by code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The group, or null when the catalogue has none with that code.</returns>
    public UserGroup? FindUserGroup(string code) => groupsByCode.GetValueOrDefault(Guard.Against.Null(code));

    /// <summary>Finds an item policy by code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The item policy, or null.</returns>
    public ItemPolicy? FindItemPolicy(string code) => itemPoliciesByCode.GetValueOrDefault(Guard.Against.Null(code));

    /// <summary>Finds a library by code; a library not listed is open all the time.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The library, or null when the policy does not list it.</returns>
    public Library? FindLibrary(string code) => librariesByCode.GetValueOrDefault(Guard.Against.Null(code));

    /// <summary>Finds terms of use by id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The terms, or null.</returns>
    public TermsOfUse? FindTermsOfUse(string id) => termsById.GetValueOrDefault(Guard.Against.Null(id));

    /// <summary>Gets a user group by code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The group.</returns>
    /// <exception cref="KeyNotFoundException">The catalogue has no such group; the message names the code.</exception>
    public UserGroup GetUserGroup(string code) =>
        FindUserGroup(code) ?? throw new KeyNotFoundException($"User group '{code}' is not in the policy's catalogue.");

    /// <summary>Money in this policy's currency.</summary>
    /// <param name="amount">The amount.</param>
    /// <returns>The money.</returns>
    public Money Money(decimal amount) => new(amount, Currency);

    /// <inheritdoc/>
    public bool Equals(Policy? other) =>
        other is not null && Name == other.Name && Currency == other.Currency && TimeZone.Id == other.TimeZone.Id
        && UserGroups == other.UserGroups && ItemPolicies == other.ItemPolicies && Libraries == other.Libraries
        && TermsOfUse == other.TermsOfUse && Rules == other.Rules && Retention == other.Retention;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Currency, TimeZone.Id, UserGroups, ItemPolicies, Libraries, TermsOfUse, Rules);

    /// <summary>
    /// Every cross-reference problem of a set of policy parts, each with its path in the policy format:
    /// duplicate codes and ids (named at their second occurrence), rules naming undefined terms, groups,
    /// item policies or libraries, and amounts in another currency. Entries that are null (parts a reader
    /// could not read) are skipped but keep their index.
    /// </summary>
    /// <param name="currency">The policy's currency.</param>
    /// <param name="userGroups">The user groups.</param>
    /// <param name="itemPolicies">The item policies.</param>
    /// <param name="libraries">The libraries.</param>
    /// <param name="termsOfUse">The terms of use.</param>
    /// <param name="rules">The rules.</param>
    /// <returns>The problems; empty when the parts fit together.</returns>
    public static IReadOnlyList<PolicyProblem> FindProblems(string currency, IReadOnlyList<UserGroup?> userGroups, IReadOnlyList<ItemPolicy?> itemPolicies,
        IReadOnlyList<Library?> libraries, IReadOnlyList<TermsOfUse?> termsOfUse, IReadOnlyList<Rule?> rules)
    {
        Guard.Against.Null(userGroups);
        Guard.Against.Null(itemPolicies);
        Guard.Against.Null(libraries);
        Guard.Against.Null(termsOfUse);
        Guard.Against.Null(rules);
        var problems = new List<PolicyProblem>();
        var groupCodes = Unique(userGroups, g => g?.Code, "userGroups", "code", "user group code", problems);
        var itemPolicyCodes = Unique(itemPolicies, p => p?.Code, "itemPolicies", "code", "item policy code", problems);
        Unique(libraries, l => l?.Code, "libraries", "code", "library code", problems);
        var termsIds = Unique(termsOfUse, t => t?.Id, "termsOfUse", "id", "terms of use id", problems);
        Unique(rules, r => r?.Id, "rules", "id", "rule id", problems);

        for (var i = 0; i < userGroups.Count; i++)
        {
            if (userGroups[i] is { } group)
            {
                CheckCurrency(group.MaxBalance, currency, $"userGroups[{i}].maxBalance", problems);
                CheckCurrency(group.Bursar?.MinimumBalance, currency, $"userGroups[{i}].bursar.minimumBalance", problems);
            }
        }

        for (var i = 0; i < termsOfUse.Count; i++)
        {
            if (termsOfUse[i] is { } terms)
            {
                var path = $"termsOfUse[{i}]";
                CheckCurrency(terms.OverdueFine?.Amount, currency, path + ".overdueFine.amount", problems);
                CheckCurrency(terms.OverdueFine?.Max, currency, path + ".overdueFine.max", problems);
                CheckCurrency(terms.RecalledOverdueFine?.Amount, currency, path + ".recalledOverdueFine.amount", problems);
                CheckCurrency(terms.RecalledOverdueFine?.Max, currency, path + ".recalledOverdueFine.max", problems);
                CheckCurrency(terms.LostItem?.DefaultReplacementFee, currency, path + ".lostItem.defaultReplacementFee", problems);
                CheckCurrency(terms.LostItem?.ProcessFee, currency, path + ".lostItem.processFee", problems);
            }
        }

        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not { } rule)
            {
                continue;
            }

            if (!termsIds.Contains(rule.TermsOfUse))
            {
                problems.Add(new($"rules[{i}].termsOfUse", $"'{rule.TermsOfUse}' is not defined"));
            }

            if (rule.UserGroup != Rule.Any && !groupCodes.Contains(rule.UserGroup))
            {
                problems.Add(new($"rules[{i}].userGroup", $"'{rule.UserGroup}' is not a user group of the policy"));
            }

            if (rule.ItemPolicy != Rule.Any && !itemPolicyCodes.Contains(rule.ItemPolicy))
            {
                problems.Add(new($"rules[{i}].itemPolicy", $"'{rule.ItemPolicy}' is not an item policy of the policy"));
            }
        }

        return problems;
    }

    private static HashSet<string> Unique<T>(IReadOnlyList<T?> items, Func<T?, string?> key, string listName, string field, string what, List<PolicyProblem> problems)
        where T : class
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (key(items[i]) is { } value && !seen.Add(value))
            {
                problems.Add(new($"{listName}[{i}].{field}", $"duplicate {what} '{value}'"));
            }
        }

        return seen;
    }

    private static void CheckCurrency(Money? money, string currency, string path, List<PolicyProblem> problems)
    {
        if (money is { } m && m.Currency.Length > 0 && m.Currency != currency)
        {
            problems.Add(new(path, $"the amount is in {m.Currency}, not the policy's currency {currency}"));
        }
    }
}
