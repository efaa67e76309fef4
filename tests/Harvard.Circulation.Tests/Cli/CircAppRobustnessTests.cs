using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Harvard.Circulation.Cli;
using Harvard.Circulation.Formats.Policies;

namespace Harvard.Circulation.Tests.Cli;

/// <summary>Whatever bytes a user hands the tool, it answers 0 or 2, never an internal error.</summary>
public sealed class CircAppRobustnessTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Property(MaxTest = 100)]
    public bool Simulate_AnyBytes_ExitsZeroOrTwo(byte[] bytes) =>
        ZeroOrTwo(CircRun.Of("simulate", folder.WriteBytes("any.json", bytes)));

    [Property(MaxTest = 100)]
    public bool Lint_AnyBytes_ExitsZeroOrTwo(byte[] bytes) =>
        ZeroOrTwo(CircRun.Of("lint", folder.WriteBytes("any.json", bytes)));

    [Property(MaxTest = 150)]
    public bool Simulate_ScenarioWithOneCharacterChanged_ExitsZeroOrTwo(NonNegativeInt position, char replacement) =>
        ZeroOrTwo(CircRun.Of("simulate", folder.Write("changed.json", Change(CliFixtures.ReserveScenario, position.Get, replacement)), "--format", "json"));

    [Property(MaxTest = 150)]
    public bool Simulate_ScenarioCut_ExitsTwo(NonNegativeInt length) =>
        CircRun.Of("simulate", folder.Write("cut.json", CliFixtures.ReserveScenario[..(length.Get % CliFixtures.ReserveScenario.Length)])).ExitCode == ExitCodes.Rejected;

    [Property(MaxTest = 150)]
    public bool Lint_PolicyWithOneCharacterChanged_ExitsZeroOrTwo(NonNegativeInt position, char replacement) =>
        ZeroOrTwo(CircRun.Of("lint", folder.Write("changed.json", Change(EmbeddedPolicies.HarvardDefaultJson, position.Get, replacement))));

    [Property(MaxTest = 100)]
    public bool Explain_AnyCodes_ExitsZeroOrTwo(NonNull<string> group, NonNull<string> itemPolicy, NonNull<string> library, NonNull<string> at) =>
        ZeroOrTwo(CircRun.Of("explain", "--group", group.Get, "--item-policy", itemPolicy.Get, "--library", library.Get, "--at", at.Get))
        && ZeroOrTwo(CircRun.Of("explain", "--group", "21", "--item-policy", "reserve-3h", "--library", library.Get, "--at", "2026-01-09T15:30:00-05:00"));

    [Property(MaxTest = 100)]
    public bool Run_AnyArguments_ExitsZeroOrTwo(NonNull<string>[] args, byte command)
    {
        string[][] commands = [[], ["simulate"], ["lint"], ["explain"], ["policy", "show"]];
        return ZeroOrTwo(CircRun.Of([.. commands[command % commands.Length], .. args.Select(a => a.Get)]));
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x7B })]
    [InlineData(new byte[] { 0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D })]
    [InlineData(new byte[] { 0x00 })]
    public void Simulate_InvalidUtf8_ExitsTwo(byte[] bytes)
    {
        var run = CircRun.Of("simulate", folder.WriteBytes("bytes.json", bytes));

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.NotEqual(string.Empty, run.Stderr);
    }

    [Fact]
    public void Simulate_DeeplyNestedJson_ExitsTwo()
    {
        var run = CircRun.Of("simulate", folder.Write("deep.json", new string('[', 10_000) + new string(']', 10_000)));

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
    }

    private static bool ZeroOrTwo(CircRun run) =>
        run.ExitCode is ExitCodes.Ok or ExitCodes.Rejected && !run.Stderr.Contains("internal error", StringComparison.Ordinal);

    private static string Change(string text, int position, char replacement)
    {
        var builder = new StringBuilder(text);
        builder[position % text.Length] = replacement;
        return builder.ToString();
    }
}
