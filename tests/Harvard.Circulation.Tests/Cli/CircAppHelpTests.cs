using Harvard.Circulation.Cli;

namespace Harvard.Circulation.Tests.Cli;

public sealed class CircAppHelpTests
{
    [Theory]
    [InlineData(new[] { "--help" }, "circ [command] [options]")]
    [InlineData(new[] { "simulate", "--help" }, "circ simulate <FILE> [options]")]
    [InlineData(new[] { "lint", "--help" }, "circ lint <FILE> [options]")]
    [InlineData(new[] { "explain", "--help" }, "circ explain [options]")]
    [InlineData(new[] { "policy", "--help" }, "circ policy [command] [options]")]
    [InlineData(new[] { "policy", "show", "--help" }, "circ policy show [<NAME>] [options]")]
    [InlineData(new[] { "policy", "matrix", "--help" }, "circ policy matrix [options]")]
    public void Help_EveryCommand_ExitsZeroWithUsage(string[] args, string usage)
    {
        var run = CircRun.Of(args);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("  " + usage, run.OutputLines);
    }

    [Fact]
    public void Run_NoCommand_ExitsTwoWithUsageHint()
    {
        var run = CircRun.Of();

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(["circ: Required command was not provided.", "Run 'circ --help' for usage."], run.ErrorLines);
    }

    [Fact]
    public void Run_UnknownCommand_ExitsTwo()
    {
        var run = CircRun.Of("replay", "scenario.json");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["circ: 'replay' is not a command of circ (simulate, lint, explain, import-folio, policy, generate, compare)", "Run 'circ --help' for usage."], run.ErrorLines);
    }
}
