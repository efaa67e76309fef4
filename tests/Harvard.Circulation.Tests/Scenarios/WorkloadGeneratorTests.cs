using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using NodaTime;

namespace Harvard.Circulation.Tests.Scenarios;

public class WorkloadGeneratorTests
{
    private static readonly Lazy<(Scenario Scenario, ScenarioReport Report)> Month = new(() =>
    {
        var scenario = WorkloadGenerator.Generate(new WorkloadOptions(patrons: 300, items: 1_200, days: 45, seed: 11));
        return (scenario, ScenarioReplayer.Replay(scenario));
    });

    [Fact]
    public void Generate_SameOptions_SameText()
    {
        var options = new WorkloadOptions(patrons: 40, items: 90, days: 20, seed: 5);

        var first = ScenarioWriter.Write(WorkloadGenerator.Generate(options), EmbeddedPolicies.HarvardDefaultName);
        var second = ScenarioWriter.Write(WorkloadGenerator.Generate(options), EmbeddedPolicies.HarvardDefaultName);

        Assert.Equal(first, second);
        Assert.NotEqual(first, ScenarioWriter.Write(WorkloadGenerator.Generate(new WorkloadOptions(40, 90, 20, seed: 6)), EmbeddedPolicies.HarvardDefaultName));
    }

    [Fact]
    public void Generate_AMonthAndAHalf_ValidFileOfTheAskedSize()
    {
        var (scenario, _) = Month.Value;

        var read = ScenarioReader.Read(ScenarioWriter.Write(scenario, EmbeddedPolicies.HarvardDefaultName));

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        Assert.Equal(300, scenario.Patrons.Count);
        Assert.Equal(1_200, scenario.Items.Count);
        Assert.InRange(scenario.Events.Count, 300 / 10 * 45, 300 / 10 * 45 + 10);
        Assert.Equal(Instant.FromUtc(2026, 2, 19, 5, 0), scenario.AsOf);
        Assert.All(scenario.Events.Zip(scenario.Events.Skip(1)), pair => Assert.True(pair.First.At <= pair.Second.At));
    }

    [Fact]
    public void Generate_AMonthAndAHalf_EveryKindOfActivityMostlyAllowed()
    {
        var (scenario, report) = Month.Value;

        var types = scenario.Events.Select(e => e.Type).ToHashSet();
        Assert.Superset(Enum.GetValues<ScenarioEventType>().Except([ScenarioEventType.Refund, ScenarioEventType.Dispute, ScenarioEventType.Restore]).ToHashSet(), types);
        Assert.InRange(report.Refused.Count, 1, scenario.Events.Count / 5);
        var checkOuts = scenario.Events.Where(e => e.Type == ScenarioEventType.CheckOut).Select(e => e.Index).ToHashSet();
        Assert.True(report.Refused.Count(r => checkOuts.Contains(r.Event)) < checkOuts.Count / 5, "most check-outs succeed");

        // Loans are kept until about their due date, some come back late, some are lost or claimed.
        Assert.Contains(report.Loans, l => l.Status == "onLoan");
        Assert.Contains(report.Loans, l => l.Status == "returned" && l.ReturnedAt > l.DueAt);
        Assert.Contains(report.Loans, l => l.Status == "returned" && l.ReturnedAt <= l.DueAt);
        Assert.Contains(report.Loans, l => l.LostAt is not null);
        Assert.Contains(report.Loans, l => l.ClaimedReturnedAt is not null);
        Assert.Contains(report.Loans, l => l.Renewals > 0);
        Assert.Contains(report.Loans, l => l.Recalled);
        Assert.Contains(report.FinesFees, f => f.Type == "overdueFine");
        Assert.Contains(report.FinesFees, f => f.Status == "closed");
        Assert.Contains(report.Requests, r => r.Status == "onHoldShelf" || r.Status == "fulfilled" || r.Status == "expired");
        Assert.NotEmpty(report.Sessions);
        Assert.NotEmpty(report.Searches);
        Assert.All(report.Searches, s => Assert.InRange(s.Results.Count, 0, 20));
    }

    [Fact]
    public void Generate_OwnPolicyWithoutLibraries_NoSessionsAndStillValid()
    {
        var policy = PolicyReader.Read("""
            {"format":1,"timeZone":"Europe/London","userGroups":[{"code":"25","name":"G"},{"code":"58","name":"Guest","mayBorrow":false}],
             "itemPolicies":[{"code":"reg","name":"R"},{"code":"ref","name":"Reference"}],
             "termsOfUse":[{"id":"t","loan":{"period":"P7D","maxRenewals":1},"overdueFine":{"amount":"0.50","per":"day"}},{"id":"none","loan":null}],
             "rules":[{"id":"ref","itemPolicy":"ref","termsOfUse":"none"},{"id":"r1","termsOfUse":"t"}]}
            """).Policy!;
        var scenario = WorkloadGenerator.Generate(new WorkloadOptions(20, 30, 10, seed: 2, policy: policy, events: 150));

        var read = ScenarioReader.Read(ScenarioWriter.Write(scenario));

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        Assert.InRange(scenario.Events.Count, 140, 165);
        Assert.Equal(policy.Libraries.Count == 0, scenario.Events.All(e => e.Type != ScenarioEventType.OpenSession));
    }

    [Theory]
    [InlineData(0, 1, 1, "patrons")]
    [InlineData(1, 0, 1, "items")]
    [InlineData(1, 1, 0, "days")]
    public void Options_CountBelowOne_Throws(int patrons, int items, int days, string parameter) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentException>(() => new WorkloadOptions(patrons, items, days, 1)).ParamName);
}
