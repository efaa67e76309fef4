using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Testing;

namespace Harvard.Circulation.Tests.Testing;

public class CirculationGeneratorsTests
{
    [Property(MaxTest = 300, Arbitrary = [typeof(CirculationGenerators)])]
    public void Scenario_Generated_ReadsWithoutProblemsAndReplays(ScenarioCase generated)
    {
        var read = ScenarioReader.Read(generated.Json);

        Assert.Empty(read.Problems);
        var report = ScenarioReplayer.Replay(read.Scenario!);
        Assert.Equal(read.Scenario!.Events.Count, report.Timeline.Count);
        Assert.StartsWith("{", ScenarioReportJson.Write(report), StringComparison.Ordinal);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(CirculationGenerators)])]
    public void Policy_Generated_RoundTripsAndEveryCheckoutMatchesARule(Policy policy)
    {
        Assert.Equal(policy, PolicyReader.Read(PolicyWriter.Write(policy)).PolicyOrThrow());
        Assert.Equal("default", policy.Rules[^1].Id);
        Assert.True(policy.Resolver.Resolve(policy.UserGroups[0].Code, policy.ItemPolicies[0].Code, "WID", null).IsMatch);
    }

    [Fact]
    public void Scenario_Sample_CoversEveryEventTypeRefusalsAndFines()
    {
        // Guards the generator itself: a property over scenarios that never renew or never refuse proves little.
        // Seeded, so the sample is the same on every run; the seeds cover several draws of the generator.
        var reports = new ulong[] { 1, 2, 3 }
            .SelectMany(seed => CirculationGenerators.Scenario().Sample(300, new FsCheck.Rnd(seed), 200))
            .Select(c => (c.Scenario, Report: ScenarioReplayer.Replay(c.Scenario))).ToList();

        var types = reports.SelectMany(r => r.Scenario.Events).Select(e => e.Type).ToHashSet();
        Assert.Equal(Enum.GetValues<ScenarioEventType>().Length, types.Count);
        Assert.Contains(reports, r => r.Report.Refused.Count > 0);
        Assert.Contains(reports, r => r.Report.Loans.Count > 0 && r.Report.Refused.Count == 0);
        Assert.Contains(reports, r => r.Report.FinesFees.Any(f => f.Type == "overdueFine"));
        Assert.Contains(reports, r => r.Report.Loans.Any(l => l.Status == "lost"));
        Assert.Contains(reports, r => r.Report.Notices.Count > 0);
        Assert.Contains(reports, r => r.Scenario.Policy == EmbeddedPolicies.HarvardDefault);
    }

    [Fact]
    public void PatronsAndItems_OfHarvardDefault_UsePolicyCodes()
    {
        var policy = EmbeddedPolicies.HarvardDefault;

        var patrons = CirculationGenerators.Patrons(policy).Sample(50).SelectMany(p => p).ToList();
        var items = CirculationGenerators.Items(policy).Sample(50).SelectMany(i => i).ToList();

        Assert.All(patrons, p => Assert.NotNull(policy.FindUserGroup(p.GroupCode)));
        Assert.All(items, i => Assert.NotNull(policy.FindItemPolicy(i.ItemPolicy)));
        Assert.All(items, i => Assert.NotNull(policy.FindLibrary(i.Library)));
    }

    [Fact]
    public void Scenario_OfGivenPolicy_InlinesThatPolicy()
    {
        var policy = CirculationGenerators.Policy().Sample(1, 1)[0];

        var generated = CirculationGenerators.Scenario(policy).Sample(5);

        Assert.All(generated, c => Assert.Equal(policy, c.Scenario.Policy));
    }

    [Fact]
    public void ScenarioCase_ToString_IsTheJson()
    {
        var generated = new ScenarioCase(ScenarioFixtures.ClaimedReturn);

        Assert.Equal(ScenarioFixtures.ClaimedReturn, generated.ToString());
        Assert.Equal("Claimed return suspends overdue fines", generated.Scenario.Name);
    }
}
