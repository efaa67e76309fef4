using Harvard.Circulation.Loans;

namespace Harvard.Circulation.Tests.Loans;

public partial class LoanStateMachineTests
{
    private const string ExpectedMermaid = """
        stateDiagram-v2
            [*] --> onLoan
            onLoan --> claimedReturned : claimReturned
            onLoan --> lost : declareLost
            onLoan --> returned : checkIn
            onLoan --> onLoan : renew
            onLoan --> lost : agedToLost
            claimedReturned --> lost : declareLost
            claimedReturned --> returned : markFound
            claimedReturned --> returned : checkIn
            lost --> returned : markFound
            lost --> returned : checkIn
            returned --> [*]

        """;

    [Fact]
    public void ToMermaid_Machine_OneLinePerTransitionStartAndEnd() =>
        Assert.Equal(ExpectedMermaid.ReplaceLineEndings("\n"), LoanStateMachine.ToMermaid());

    [Fact]
    public void ToMermaid_DocsLoanStates_SameDiagram()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "loan-states.md")).ReplaceLineEndings("\n");
        const string open = "```mermaid\n";
        var start = page.IndexOf(open, StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/loan-states.md has no ```mermaid block");
        var end = page.IndexOf("```", start + open.Length, StringComparison.Ordinal);

        Assert.Equal(LoanStateMachine.ToMermaid(), page[(start + open.Length)..end]);
    }

    internal static string RepositoryRoot()
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
