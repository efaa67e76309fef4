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
        Assert.True(checkOut.IsAllowed);

        desk = checkOut.Value;
        Assert.StartsWith("Loan L1 is due 2026-01-05T18:00:00Z. It was checked out ", desk.DueDateOf("L1").Explain(), StringComparison.Ordinal);

        var fine = desk.FineOf("L1", monday10am + Duration.FromHours(6));
        Assert.Equal("9.00 USD", fine.Balance.ToString());
        Assert.StartsWith("Loan L1 (onLoan) owes 9.00 USD at 2026-01-05T21:00:00Z. F1: ", fine.Explain(), StringComparison.Ordinal);
        Assert.Contains("3 intervals of 1 hour at 3.00 = 9.00", fine.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void QuickStart_TheReadmesCode_IsTheCodeThisTestRuns()
    {
        // The README's lines are this test's, but for the asserts: its statements appear in this file in order.
        var readme = File.ReadAllText(Repository.PathOf("README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("```csharp\n", StringComparison.Ordinal) + 10;
        var code = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var statements = code.Split('\n').Select(l => StripComment(l).Trim()).Where(l => l.StartsWith("var ", StringComparison.Ordinal) || l.StartsWith("desk = ", StringComparison.Ordinal)).ToList();
        var test = File.ReadAllText(Repository.PathOf("tests/Harvard.Circulation.Tests/ReadmeQuickStartTests.cs"));
        var at = 0;
        foreach (var statement in statements)
        {
            at = test.IndexOf(statement, at, StringComparison.Ordinal);
            Assert.True(at >= 0, $"The README's '{statement}' is not run by this test.");
        }

        Assert.Equal(7, statements.Count(s => s.StartsWith("var ", StringComparison.Ordinal)));
    }

    private static string StripComment(string line)
    {
        var comment = line.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? line : line[..comment];
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
