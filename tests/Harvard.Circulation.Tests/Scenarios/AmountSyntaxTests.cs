using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Tests.Testing;

namespace Harvard.Circulation.Tests.Scenarios;

/// <summary>Policy and scenario files share one amount syntax, read in one place: the same text is accepted or
/// refused by both, with the same words.</summary>
public class AmountSyntaxTests
{
    [Theory]
    [InlineData("12345678901234567890.5", true)]   // 20 digits before the point
    [InlineData("1.0123456789", true)]             // 10 after it
    [InlineData("123456789012345678901", false)]   // 21 digits
    [InlineData("1.01234567891", false)]           // 11 decimals
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("1e3", false)]
    [InlineData("+1.00", false)]
    [InlineData(" 1.00", false)]
    [InlineData("1,00", false)]
    public void Read_AmountText_PolicyAndScenarioAgree(string text, bool accepted)
    {
        var policy = PolicyReader.Read(EmbeddedPolicies.HarvardDefaultJson.Replace("\"maxBalance\": \"50.00\"", $"\"maxBalance\": \"{text}\"", StringComparison.Ordinal));
        var scenario = ScenarioReader.Read(ScenarioFixtures.ClaimedReturn.Replace(
            """{ "at": "2026-02-20T09:00:00-05:00", "type": "markFound", "item": "32044000000001" }""",
            $$"""{ "at": "2026-02-20T09:00:00-05:00", "type": "pay", "patron": "10000001", "amount": "{{text}}" }""", StringComparison.Ordinal));

        var expected = $"'{text}' is not a decimal amount such as \"3.00\"";
        Assert.Equal(accepted, !policy.Problems.Any(p => p.Message == expected));
        Assert.Equal(accepted, !scenario.Problems.Any(p => p.Message == expected));
        Assert.Equal(!accepted, policy.Problems.Any());
    }

    [Fact]
    public void Read_NegativeAndZeroAmounts_PolicyAllowsZeroScenarioOnlyPositive()
    {
        var policy = PolicyReader.Read(EmbeddedPolicies.HarvardDefaultJson.Replace("\"maxBalance\": \"50.00\"", "\"maxBalance\": \"-1.00\"", StringComparison.Ordinal));
        Assert.Contains(policy.Problems, p => p.Message == "must not be negative");
        var zero = PolicyReader.Read(EmbeddedPolicies.HarvardDefaultJson.Replace("\"maxBalance\": \"50.00\"", "\"maxBalance\": \"0.00\"", StringComparison.Ordinal));
        Assert.Empty(zero.Problems);
    }
}
