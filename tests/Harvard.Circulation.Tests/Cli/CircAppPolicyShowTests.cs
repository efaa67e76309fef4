using Harvard.Circulation.Cli;
using Harvard.Circulation.Formats.Policies;

namespace Harvard.Circulation.Tests.Cli;

public sealed class CircAppPolicyShowTests
{
    [Fact]
    public void PolicyShow_NoName_PrintsTheEmbeddedJson()
    {
        var run = CircRun.Of("policy", "show");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Equal(EmbeddedPolicies.HarvardDefaultJson.TrimEnd('\n'), run.Stdout.TrimEnd('\n'));
    }

    [Fact]
    public void PolicyShow_Output_ReadsBackAsTheEmbeddedPolicy()
    {
        var run = CircRun.Of("policy", "show", "harvard-default");

        var read = PolicyReader.Read(run.Stdout);
        Assert.True(read.IsValid, string.Join("\n", read.Problems));
        Assert.Equal(EmbeddedPolicies.HarvardDefault, read.Policy);
    }

    [Fact]
    public void PolicyShow_UnknownName_ExitsTwo()
    {
        var run = CircRun.Of("policy", "show", "yale-default");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(["yale-default: not an embedded policy (the embedded policies: harvard-default)"], run.ErrorLines);
    }

    [Fact]
    public void Policy_NoSubcommand_ExitsTwo()
    {
        var run = CircRun.Of("policy");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.StartsWith("circ policy: ", run.Stderr, StringComparison.Ordinal);
    }
}
