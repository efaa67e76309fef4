using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Tests.Policies;

/// <summary>Explaining a resolution: codes given in the wrong order are refused, naming the argument and what the
/// code is; explanations and matches print as sentences.</summary>
public class RuleExplanationTests
{
    private static readonly Policy Harvard = EmbeddedPolicies.HarvardDefault;

    [Fact]
    public void Explain_GroupAndItemPolicySwapped_NamesTheArgumentAndWhatTheCodeIs()
    {
        var ex = Assert.Throws<ArgumentException>(() => Harvard.Resolver.Explain("regular", "21", "WID", null));
        Assert.Equal("userGroup", ex.ParamName);
        Assert.StartsWith("'regular' is not a user group of the policy; it is an item policy code: were the arguments given in the wrong order?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_LibraryInTheItemPolicysPlace_NamesItemPolicy()
    {
        var ex = Assert.Throws<ArgumentException>(() => Harvard.Resolver.Explain("21", "WID", "regular", null));
        Assert.Equal("itemPolicy", ex.ParamName);
        Assert.Contains("it is a library code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ItemPolicyInTheLibrarysPlace_NamesLibrary()
    {
        var ex = Assert.Throws<ArgumentException>(() => Harvard.Resolver.Explain("21", "regular", "reserve-3h", null));
        Assert.Equal("library", ex.ParamName);
        Assert.StartsWith("'reserve-3h' is not a library of the policy; it is an item policy code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_UnknownGroup_SaysSoWithoutAHint()
    {
        var ex = Assert.Throws<ArgumentException>(() => Harvard.Resolver.Explain("99", "regular", "WID", null));
        Assert.StartsWith("'99' is not a user group of the policy (Parameter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_LibraryThePolicyDoesNotList_IsExplainedAsAnyOtherLibrary()
    {
        var explanation = Harvard.Resolver.Explain("21", "regular", "ELSEWHERE", null);
        Assert.Equal(Harvard.Resolver.Resolve("21", "regular", "ELSEWHERE", null), explanation.Match);
    }

    [Fact]
    public void ToString_NamesEveryRuleTriedThenTheMatch()
    {
        var explanation = Harvard.Resolver.Explain("21", "regular", "WID", null);
        var text = explanation.ToString();
        Assert.EndsWith($"Rule '{explanation.Match.Rule!.Id}' matched: terms '{explanation.Match.Terms!.Id}'.", text, StringComparison.Ordinal);
        Assert.Equal(explanation.Verdicts.Count, text.Split("Rule '").Length - 1);
        foreach (var verdict in explanation.Verdicts.Where(v => !v.Matched))
        {
            Assert.Contains($"Rule '{verdict.Rule.Id}' did not match on {string.Join(", ", verdict.MismatchedFields)}.", text, StringComparison.Ordinal);
        }

        Assert.Equal($"rule '{explanation.Match.Rule.Id}' (terms '{explanation.Match.Terms.Id}')", explanation.Match.ToString());
    }

    [Fact]
    public void ToString_NoMatch_EndsSayingSo()
    {
        var policy = new Policy(null, "USD", NodaTime.DateTimeZone.Utc, [new UserGroup("g", "G")], [new ItemPolicy("a", "A"), new ItemPolicy("b", "B")], [],
            [new TermsOfUse("t", loan: null)], [new Rule("only-a", "t", itemPolicy: "a")]);
        var explanation = policy.Resolver.Explain("g", "b", "X", null);
        Assert.Equal("Rule 'only-a' did not match on itemPolicy (rule has 'a', check-out has 'b'). No rule matched.", explanation.ToString());
        Assert.Equal("no rule", explanation.Match.ToString());
    }
}
