using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Testing;

namespace Harvard.Circulation.Tests.Model;

/// <summary>
/// The model law: for any scenario, the engine's report equals the report of the independent reference model
/// (<see cref="ReferenceModel"/>), field by field over the report contract.
/// </summary>
[Trait("Category", "ModelLaw")]
public class ModelLawTests
{
    [Property(MaxTest = 1000)]
    public Property Replay_AnyGeneratedScenario_EngineReportEqualsModelReport() =>
        Prop.ForAll(CirculationGenerators.Scenario().ToArbitrary(), generated => Law(generated.Scenario));

    [Property(MaxTest = 200)]
    public Property Replay_LongRun_EngineReportEqualsModelReport() =>
        Prop.ForAll(LongRunGenerator.Scenario().ToArbitrary(), generated => Law(generated.Scenario));

    internal static Property Law(Scenario scenario)
    {
        var differences = ReportDiff.Compare(ScenarioReplayer.Replay(scenario), ReferenceModel.Replay(scenario));
        return differences.Count == 0 ? true.ToProperty() : false.Label(ReportDiff.Describe(differences));
    }
}
