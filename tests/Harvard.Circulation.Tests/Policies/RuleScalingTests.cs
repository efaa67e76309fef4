using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Tests.Policies;

/// <summary>The resolver and the linter at scale: the same answers as the plain reference on policies whose rules
/// overlap, and a FOLIO-sized policy compiled and linted within a few seconds.</summary>
public class RuleScalingTests
{
    [Property(MaxTest = 1000, Arbitrary = [typeof(PolicyGenerators)])]
    public void Resolve_RuleHeavyPolicies_AgreesWithFirstMatchScan(RuleHeavyCheckout heavy)
    {
        var c = heavy.Checkout;

        var match = c.Policy.Resolver.Resolve(c.UserGroup, c.ItemPolicy, c.Library, c.Location);

        Assert.Equal(NaiveRuleChecks.FirstMatch(c.Policy, c.UserGroup, c.ItemPolicy, c.Library, c.Location), match.RuleIndex);
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(PolicyGenerators)])]
    public void Lint_RuleHeavyPolicies_RuleWarningsEqualNaiveChecks(RuleHeavyPolicy heavy)
    {
        string[] ruleCodes = [LintCodes.GroupCannotBorrow, LintCodes.UncoveredPair, LintCodes.UnreachableRule];

        var warnings = PolicyLinter.Lint(heavy.Policy).Where(w => ruleCodes.Contains(w.Code));

        Assert.Equal(NaiveRuleChecks.Warnings(heavy.Policy), warnings);
    }

    [Property(MaxTest = 300)]
    public Property IndexOf_AnyCodes_IsTheFirstPositionOrMinusOne() =>
        Prop.ForAll(
            // Few letters and lengths, so that the cheap hash collides and the table must fall back to whole codes.
            Gen.ListOf(CodeGen()).ToArbitrary(),
            CodeGen().ToArbitrary(),
            (codes, probe) =>
            {
                var index = new CodeIndex(codes);
                return codes.All(c => index.IndexOf(c) == codes.IndexOf(c)) && index.IndexOf(probe) == codes.IndexOf(probe);
            });

    [Fact]
    public void IndexOf_CodesAlikeButForTheirSecondCharacter_FallsBackAndFindsEach()
    {
        // Same length, first, middle and last characters: the cheap hash puts all 26 in one slot.
        var codes = Enumerable.Range(0, 26).Select(i => $"a{(char)('a' + i)}xyz").ToArray();

        var index = new CodeIndex(codes);

        Assert.Equal(Enumerable.Range(0, 26), codes.Select(index.IndexOf));
        Assert.Equal(-1, index.IndexOf("aAxyz"));
    }

    [Fact]
    public void Policy_FolioSized_CompilesAndLintsInSecondsWithTheNaiveAnswers()
    {
        var clock = Stopwatch.StartNew();
        var policy = PolicyGenerators.FolioSized();
        var compiled = clock.Elapsed;
        var warnings = PolicyLinter.Lint(policy);
        var linted = clock.Elapsed - compiled;

        // Measured on the 2-core CI machine: about 0.3 s to compile and 0.2 s to lint; before, 28–40 s and 52 s.
        // The bound leaves room for a loaded machine, not for the old quadratic work.
        Assert.True(compiled < TimeSpan.FromSeconds(10), $"Compiling took {compiled}.");
        Assert.True(linted < TimeSpan.FromSeconds(10), $"Linting took {linted}.");
        Assert.Contains(warnings, w => w.Code == LintCodes.UnreachableRule);

        var random = new Random(5);
        for (var n = 0; n < 2_000; n++)
        {
            var rule = policy.Rules[random.Next(policy.Rules.Count)];
            var group = rule.UserGroup == Rule.Any ? policy.UserGroups[random.Next(20)].Code : rule.UserGroup;
            var itemPolicy = rule.ItemPolicy == Rule.Any ? policy.ItemPolicies[random.Next(600)].Code : rule.ItemPolicy;
            var library = rule.Library == Rule.Any ? policy.Libraries[random.Next(50)].Code : rule.Library;
            var location = rule.Location == Rule.Any ? (random.Next(3) == 0 ? null : $"loc-{random.Next(12)}") : rule.Location;
            Assert.Equal(NaiveRuleChecks.FirstMatch(policy, group, itemPolicy, library, location), policy.Resolver.Resolve(group, itemPolicy, library, location).RuleIndex);
        }
    }

    private static Gen<string> CodeGen() =>
        from length in Gen.Choose(0, 4)
        from chars in Gen.ArrayOf(Gen.Elements('a', 'b', 'c'), length)
        select new string(chars);
}
