using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using Harvard.Circulation.Policies;
using NRules;
using NRules.RuleModel;
using NRules.RuleModel.Builders;
using RulesEngine.Models;
using Rule = Harvard.Circulation.Policies.Rule;

namespace Harvard.Circulation.Benchmarks;

/// <summary>Which policy a resolution runs on.</summary>
public enum PolicyKind
{
    /// <summary>The embedded Harvard default policy (11 rules); the check-out matches the last rule.</summary>
    HarvardDefault,

    /// <summary>A generated policy of 200 rules; the check-out matches rule 190.</summary>
    Generated200,
}

/// <summary>A check-out's codes, as RulesEngine and NRules read them.</summary>
public sealed class CheckoutFact
{
    /// <summary>The patron's user group.</summary>
    public string UserGroup { get; set; } = "";

    /// <summary>The item policy.</summary>
    public string ItemPolicy { get; set; } = "";

    /// <summary>The library.</summary>
    public string Library { get; set; } = "";

    /// <summary>The location, or empty.</summary>
    public string Location { get; set; } = "";

    /// <summary>The index of the rule that matched first; -1 before any.</summary>
    public int Matched { get; set; } = -1;

    /// <summary>Records a match (first one wins).</summary>
    /// <param name="index">The rule index.</param>
    public void Match(int index)
    {
        if (Matched < 0)
        {
            Matched = index;
        }
    }
}

/// <summary>
/// Policy resolution for one check-out: the compiled resolver from pre-resolved ids and from raw codes, a naive
/// first-match scan of the rule list, RulesEngine (every rule as an expression, first success wins) and NRules
/// (every rule a Rete rule, priority by position, one activation fired).
/// </summary>
[MemoryDiagnoser]
public class PolicyResolutionBenchmarks
{
    private Policy policy = null!;
    private RuleResolver resolver = null!;
    private string group = null!, itemPolicy = null!, library = null!;
    private string? location;
    private int groupIndex, itemPolicyIndex, librarySlot;
    private string knownGroup = null!, knownItemPolicy = null!, knownLibrary = null!;
    private RulesEngine.RulesEngine rulesEngine = null!;
    private CheckoutFact fact = null!;
    private ISession nrulesSession = null!;

    /// <summary>The policy.</summary>
    [Params(PolicyKind.HarvardDefault, PolicyKind.Generated200)]
    public PolicyKind Policy { get; set; }

    /// <summary>Compiles the policy for every engine and checks they agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        policy = Policy == PolicyKind.HarvardDefault ? Fixtures.HarvardDefault : Fixtures.Generated200();
        resolver = policy.Resolver;
        if (Policy == PolicyKind.HarvardDefault)
        {
            (group, itemPolicy, library, location) = ("25", "regular", "WID", null);
        }
        else
        {
            var target = policy.Rules[190];
            (group, itemPolicy, library, location) = (target.UserGroup, target.ItemPolicy, target.Library, target.Location == Rule.Any ? null : target.Location);
        }

        groupIndex = resolver.IndexOfUserGroup(group);
        itemPolicyIndex = resolver.IndexOfItemPolicy(itemPolicy);
        librarySlot = resolver.IndexOfLibrary(library);
        fact = new CheckoutFact { UserGroup = group, ItemPolicy = itemPolicy, Library = library, Location = location ?? "" };

        var workflow = new Workflow
        {
            WorkflowName = "checkout",
            Rules = policy.Rules.Select((r, i) => new RulesEngine.Models.Rule
            {
                RuleName = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Expression = RulesEngineExpression(r),
                RuleExpressionType = RuleExpressionType.LambdaExpression,
            }).ToList(),
        };
        rulesEngine = new RulesEngine.RulesEngine([workflow], new ReSettings());

        var compiler = new RuleCompiler();
        nrulesSession = compiler.Compile(policy.Rules.Select((r, i) => NRulesRule(r, i, policy.Rules.Count))).CreateSession();

        var expected = Naive();
        // The floor compares with copies of the codes (other string instances), as a lookup compares with the policy's.
        (knownGroup, knownItemPolicy, knownLibrary) = (new string(group.AsSpan()), new string(itemPolicy.AsSpan()), new string(library.AsSpan()));
        var answers = new[] { PreResolved(), FromCodes(), CodesFloor(), RulesEngine().GetAwaiter().GetResult(), NRules() };
        if (expected < 0 || answers.Any(a => a != expected))
        {
            throw new InvalidOperationException($"The engines disagree: naive {expected}, others {string.Join(", ", answers)}.");
        }
    }

    /// <summary>The compiled resolver from pre-resolved ids (a loaded patron and item).</summary>
    /// <returns>The matching rule's index.</returns>
    [Benchmark]
    public int PreResolved() => resolver.Resolve(groupIndex, itemPolicyIndex, librarySlot, location).RuleIndex;

    /// <summary>The compiled resolver from raw codes.</summary>
    /// <returns>The matching rule's index.</returns>
    [Benchmark]
    public int FromCodes() => resolver.Resolve(group, itemPolicy, library, location).RuleIndex;

    /// <summary>The floor of resolving from codes: the three codes compared (ordinally) with the codes they name, as
    /// any lookup must do at least once, then the pre-resolved table lookup.</summary>
    /// <returns>The matching rule's index.</returns>
    [Benchmark]
    public int CodesFloor() =>
        string.Equals(group, knownGroup, StringComparison.Ordinal) && string.Equals(itemPolicy, knownItemPolicy, StringComparison.Ordinal)
        && string.Equals(library, knownLibrary, StringComparison.Ordinal)
            ? resolver.Resolve(groupIndex, itemPolicyIndex, librarySlot, location).RuleIndex
            : -1;

    /// <summary>A naive first-match scan of the rule list, comparing strings.</summary>
    /// <returns>The matching rule's index.</returns>
    [Benchmark]
    public int Naive()
    {
        var rules = policy.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            if ((r.UserGroup == Rule.Any || r.UserGroup == group) && (r.ItemPolicy == Rule.Any || r.ItemPolicy == itemPolicy)
                && (r.Library == Rule.Any || r.Library == library) && (r.Location == Rule.Any || r.Location == location))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Microsoft RulesEngine: every rule evaluated, the first success taken.</summary>
    /// <returns>The matching rule's index.</returns>
    [Benchmark(Baseline = true)]
    public async Task<int> RulesEngine()
    {
        var results = await rulesEngine.ExecuteAllRulesAsync("checkout", fact);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].IsSuccess)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>NRules: the fact inserted, the highest-priority activation fired, the fact retracted.</summary>
    /// <returns>The matching rule's index.</returns>
    [Benchmark]
    public int NRules()
    {
        fact.Matched = -1;
        nrulesSession.Insert(fact);
        nrulesSession.Fire(1);
        nrulesSession.Retract(fact);
        return fact.Matched;
    }

    private static string RulesEngineExpression(Rule rule)
    {
        var parts = new List<string>();
        void Add(string field, string pattern)
        {
            if (pattern != Rule.Any)
            {
                parts.Add($"input1.{field} == \"{pattern}\"");
            }
        }

        Add(nameof(CheckoutFact.UserGroup), rule.UserGroup);
        Add(nameof(CheckoutFact.ItemPolicy), rule.ItemPolicy);
        Add(nameof(CheckoutFact.Library), rule.Library);
        Add(nameof(CheckoutFact.Location), rule.Location);
        return parts.Count == 0 ? "true" : string.Join(" && ", parts);
    }

    private static IRuleDefinition NRulesRule(Rule rule, int index, int count)
    {
        var builder = new RuleBuilder();
        builder.Name(rule.Id);
        builder.Priority(count - index);
        var pattern = builder.LeftHandSide().Pattern(typeof(CheckoutFact), "fact");
        var parameter = Expression.Parameter(typeof(CheckoutFact), "fact");
        Expression? body = null;
        void Add(string field, string value)
        {
            if (value != Rule.Any)
            {
                var test = Expression.Equal(Expression.Property(parameter, field), Expression.Constant(value));
                body = body is null ? test : Expression.AndAlso(body, test);
            }
        }

        Add(nameof(CheckoutFact.UserGroup), rule.UserGroup);
        Add(nameof(CheckoutFact.ItemPolicy), rule.ItemPolicy);
        Add(nameof(CheckoutFact.Library), rule.Library);
        Add(nameof(CheckoutFact.Location), rule.Location);
        if (body is not null)
        {
            pattern.Condition(Expression.Lambda(body, parameter));
        }

        var context = Expression.Parameter(typeof(IContext), "ctx");
        var factParameter = Expression.Parameter(typeof(CheckoutFact), "fact");
        var action = Expression.Lambda(Expression.Call(factParameter, nameof(CheckoutFact.Match), null, Expression.Constant(index)), context, factParameter);
        builder.RightHandSide().Action(action);
        return builder.Build();
    }
}
