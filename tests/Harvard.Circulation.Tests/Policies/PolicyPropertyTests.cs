using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Tests.Policies;

public class PolicyPropertyTests
{
    [Property(MaxTest = 1000, Arbitrary = [typeof(PolicyGenerators)])]
    public void Write_ThenRead_EqualPolicy(Policy policy)
    {
        Assert.Equal(policy, PolicyReader.Read(PolicyWriter.Write(policy)).PolicyOrThrow());
        Assert.Equal(policy, PolicyReader.Read(PolicyWriter.Write(policy, indented: false)).PolicyOrThrow());
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(PolicyGenerators)])]
    public void Resolve_AnyCodes_AgreesWithFirstMatchScan(CheckoutCodes checkout)
    {
        var policy = checkout.Policy;
        var match = policy.Resolver.Resolve(checkout.UserGroup, checkout.ItemPolicy, checkout.Library, checkout.Location);

        Assert.Equal(NaiveFirstMatch(checkout), match.RuleIndex);
        if (match.IsMatch)
        {
            Assert.Same(policy.FindTermsOfUse(match.Rule!.TermsOfUse), match.Terms);
        }
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(PolicyGenerators)])]
    public void Read_HostileText_ProblemsOrPolicyNeverThrows(HostileText text)
    {
        var result = PolicyReader.Read(text.Text);

        Assert.NotEqual(result.IsValid, result.Problems.Count > 0);
        if (result.Policy is { } policy)
        {
            Assert.Equal(policy, PolicyReader.Read(PolicyWriter.Write(policy)).Policy);
        }
    }

    [Fact]
    public void Read_HostileTextSample_MostlyInvalid()
    {
        // Guards the generator: damaged files must actually reach the reader's checks, not only the parser.
        var samples = PolicyGenerators.HostileTexts().Generator.Sample(300);
        var results = samples.Select(s => PolicyReader.Read(s.Text)).ToList();

        Assert.Contains(results, r => r.Problems.Any(p => !p.Path.StartsWith("line ", StringComparison.Ordinal)));
        Assert.Contains(results, r => r.Problems.Any(p => p.Path.StartsWith("line ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Resolve_UserGroupNotInCatalogue_NoMatchAtIndexMinusOne()
    {
        // Shrunk from Resolve_AnyCodes_AgreesWithFirstMatchScan: default(RuleMatch) used to report rule 0.
        var match = EmbeddedPolicies.HarvardDefault.Resolver.Resolve("99", "term-loan", "LAM", "stacks");

        Assert.False(match.IsMatch);
        Assert.Equal(-1, match.RuleIndex);
    }

    /// <summary>The model: the catalogue must know the group and item policy; then the first rule that matches.</summary>
    private static int NaiveFirstMatch(CheckoutCodes c)
    {
        if (c.Policy.FindUserGroup(c.UserGroup) is null || c.Policy.FindItemPolicy(c.ItemPolicy) is null)
        {
            return -1;
        }

        for (var i = 0; i < c.Policy.Rules.Count; i++)
        {
            if (c.Policy.Rules[i].Matches(c.UserGroup, c.ItemPolicy, c.Library, c.Location))
            {
                return i;
            }
        }

        return -1;
    }
}
