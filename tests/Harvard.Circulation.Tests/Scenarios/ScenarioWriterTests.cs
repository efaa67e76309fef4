using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Testing;

namespace Harvard.Circulation.Tests.Scenarios;

public class ScenarioWriterTests
{
    [Property(MaxTest = 300)]
    public Property Write_ThenRead_SameScenarioAndSameReport() =>
        Prop.ForAll(CirculationGenerators.Scenario().ToArbitrary(), generated =>
        {
            var scenario = generated.Scenario;
            var read = ScenarioReader.Read(ScenarioWriter.Write(scenario));
            if (!read.IsValid)
            {
                return false.Label(string.Join("; ", read.Problems));
            }

            var back = read.Scenario!;
            return (back.Policy == scenario.Policy && back.AsOf == scenario.AsOf && back.Name == scenario.Name
                    && back.Patrons.SequenceEqual(scenario.Patrons) && back.Items.SequenceEqual(scenario.Items)
                    && back.Staff.SequenceEqual(scenario.Staff) && back.Queries.SequenceEqual(scenario.Queries)
                    && back.Events.SequenceEqual(scenario.Events))
                .Label("the scenario read back differs")
                .And(ScenarioReportJson.Write(ScenarioReplayer.Replay(back)) == ScenarioReportJson.Write(ScenarioReplayer.Replay(scenario)));
        });

    [Fact]
    public void Write_ExampleScenario_PolicyByNameOrInline()
    {
        var scenario = ScenarioReader.ReadFile(Repository.PathOf("docs/examples/claimed-returned.json")).Scenario!;

        var named = ScenarioWriter.Write(scenario, EmbeddedPolicies.HarvardDefaultName, indented: false);
        var inline = ScenarioWriter.Write(scenario);

        Assert.Contains("\"policy\":\"harvard-default\"", named, StringComparison.Ordinal);
        Assert.Contains("\"timeZone\":\"America/New_York\"", inline, StringComparison.Ordinal);
        Assert.Equal(scenario.Events, ScenarioReader.Read(named).Scenario!.Events);
        Assert.Equal(scenario.Policy, ScenarioReader.Read(inline).Scenario!.Policy);
    }
}
