using Harvard.Circulation.Desk;
using Harvard.Circulation.Items;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using NodaTime;

namespace Harvard.Circulation.Tests;

/// <summary>The README's quick start, line for line, with its printed values pinned.</summary>
public class ReadmeQuickStartTests
{
    [Fact]
    public void QuickStart_ReserveOverdueSixHours_DueAt18ZAndNineDollarFine()
    {
        var policy = EmbeddedPolicies.HarvardDefault;
        var patron = new Patron("10000001", groupCode: "25");
        var reserve = new Item("32044000000001", itemPolicy: "reserve-3h", library: "WID", title: "Middlemarch");
        var monday10am = Instant.FromUtc(2026, 1, 5, 15, 0);

        var desk = CirculationDesk.Open(policy, [patron], [reserve], monday10am);
        var checkOut = desk.CheckOut("10000001", "32044000000001", monday10am);
        var loan = checkOut.Value.OpenLoanOf("32044000000001")!;
        Assert.Equal("L1 due 2026-01-05T18:00:00Z", $"{loan.Id} due {loan.DueAt}");

        var sixHoursLater = checkOut.Value.AdvanceTo(monday10am + Duration.FromHours(6));
        var fine = Assert.Single(sixHoursLater.FinesFees);
        Assert.Equal("F1 overdueFine 9.00 USD", $"{fine.TransactionId} {fine.Type.ToSpelling()} {fine.Balance}");
        Assert.NotNull(fine.Explanation);
    }
}

/// <summary>The README's test-harness example, against the shipped example scenario.</summary>
public class ReadmeHarnessExampleTests
{
    [Fact]
    public void ScenarioAssert_ClaimedReturnedExample_HoldsAsTheReadmeSays()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Harvard.Circulation.sln")))
        {
            root = root.Parent!;
        }

        Harvard.Circulation.Testing.ScenarioAssert.Replay(Path.Combine(root.FullName, "docs/examples/claimed-returned.json"))
            .LoanStatus("L1", "claimedReturned")
            .FineFee("F1", type: "overdueFine", status: "active", amount: "12.00", balance: "12.00");
    }
}

/// <summary>The package READMEs' examples: the engine's is the README's quick start (pinned above), the formats'
/// runs here line for line.</summary>
public class PackageReadmeTests
{
    [Fact]
    public void EngineReadme_Example_IsTheReadmeQuickStart() =>
        Assert.Equal(CSharpBlock("README.md"), CSharpBlock("src/Harvard.Circulation/README.md"));

    [Fact]
    public void FormatsReadme_Example_ReplaysAsItSays()
    {
        Assert.Contains("var read = ScenarioReader.ReadFile(\"claimed-returned.json\");", CSharpBlock("src/Harvard.Circulation.Formats/README.md"), StringComparison.Ordinal);

        var read = Harvard.Circulation.Formats.Scenarios.ScenarioReader.ReadFile(Repository.PathOf("docs/examples/claimed-returned.json"));
        Assert.True(read.IsValid);
        var report = Harvard.Circulation.Formats.Scenarios.ScenarioReplayer.Replay(read.Scenario!);
        Assert.Equal("12.00 USD", report.FinesFees[0].Amount.ToString());
        Assert.NotNull(Harvard.Circulation.Formats.Policies.PolicyReader.Read(EmbeddedPolicies.HarvardDefaultJson).PolicyOrThrow());
    }

    private static string CSharpBlock(string file)
    {
        var text = File.ReadAllText(Repository.PathOf(file)).ReplaceLineEndings("\n");
        var start = text.IndexOf("```csharp\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{file} has no C# example");
        var end = text.IndexOf("```", start + 10, StringComparison.Ordinal);
        return text[(start + 10)..end];
    }
}
