using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Testing;

namespace Harvard.Circulation.Tests.Testing;

/// <summary>The property example of docs/testing.md, as it is written there.</summary>
public class TestingDocsTests
{
    // Or your own file: PolicyReader.Read(File.ReadAllText("my-policy.json")).PolicyOrThrow().
    private static readonly Policy Mine = EmbeddedPolicies.HarvardDefault;

    [Property(MaxTest = 200)]
    public Property FineFee_Balance_NeverAboveItsAmount() =>
        Prop.ForAll(CirculationGenerators.Scenario(Mine).ToArbitrary(), generated =>
            ScenarioAssert.Replay(generated.Scenario).Report.FinesFees.All(f => f.Balance.Amount <= f.Amount.Amount));

    [Fact]
    public void Docs_PropertyExample_IsTheOneTested()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "testing.md"));

        Assert.Contains("Prop.ForAll(CirculationGenerators.Scenario(Mine).ToArbitrary(), generated =>", docs, StringComparison.Ordinal);
        Assert.Contains("ScenarioAssert.Replay(generated.Scenario).Report.FinesFees.All(f => f.Balance.Amount <= f.Amount.Amount));", docs, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Harvard.Circulation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Harvard.Circulation.sln not found above " + AppContext.BaseDirectory);
    }
}
