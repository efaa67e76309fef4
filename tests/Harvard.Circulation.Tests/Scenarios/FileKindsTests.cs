using System.Text.Json;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Tests.Cli;

namespace Harvard.Circulation.Tests.Scenarios;

/// <summary>What a JSON file is taken for from its top-level field names, and the words that name a file of
/// another kind given where a policy was expected.</summary>
public sealed class FileKindsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string, string, string> Files() => new()
    {
        { "a scenario", """{ "format": 1, "policy": "harvard-default", "events": [], "asOf": "2026-01-06T00:00:00Z" }""", "Scenario" },
        { "a scenario with asOf only", """{ "format": 1, "asOf": "2026-01-06T00:00:00Z" }""", "Scenario" },
        { "a policy", """{ "format": 1, "userGroups": [], "termsOfUse": [], "rules": [] }""", "Policy" },
        { "a report", """{ "asOf": "2026-01-06T00:00:00Z", "loans": [], "refused": [], "balances": [] }""", "Report" },
        { "a state file", """{ "format": 1, "asOf": "2026-01-06T00:00:00Z", "numbering": {} }""", "State" },
        { "a comparison report", """{ "format": 1, "asOf": "2026-01-06T00:00:00Z", "old": {}, "new": {}, "events": 3, "differingEvents": 1, "userGroups": [] }""", "Comparison" },
        { "an import report", """{ "format": 1, "fallbackLine": 3, "rules": [], "terms": [], "dropped": [], "approximations": [] }""", "ImportReport" },
        { "events beside a policy's lists", """{ "events": [], "rules": [] }""", "Unknown" },
        { "no telling field", """{ "format": 1, "name": "x" }""", "Unknown" },
        { "not an object", "[ 1 ]", "Unknown" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Guess_TopLevelFieldNames_GiveTheKind(string what, string json, string kind)
    {
        // The kind by name: a public test cannot take the internal enum.
        var expected = Enum.Parse<FileKind>(kind);
        using var document = JsonDocument.Parse(json);

        Assert.True(expected == FileKinds.Guess(document.RootElement), what);
        Assert.True(expected == FileKinds.Guess(folder.Write("file.json", json)), what + " (from the file)");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"events\": ")]
    public void Guess_FileThatDoesNotParse_IsUnknown(string text) =>
        Assert.Equal(FileKind.Unknown, FileKinds.Guess(folder.Write("broken.json", text)));

    [Fact]
    public void Guess_NoSuchFile_IsUnknown() =>
        Assert.Equal(FileKind.Unknown, FileKinds.Guess(Path.Combine(folder.Path, "absent.json")));

    [Fact]
    public void GivenAsPolicy_Scenario_NamesItAndHowToReplayIt() =>
        Assert.Equal(
            "reserve.json: this is a scenario file, not a policy: replay it with 'circ simulate reserve.json'",
            FileKinds.GivenAsPolicy(FileKind.Scenario, "reserve.json"));

    [Fact]
    public void GivenAsPolicy_FileNamedInAnotherFile_StartsWithTheNameAndAdvisesTheUsablePath()
    {
        Assert.Equal(
            "reserve.json: this is a scenario file, not a policy: replay it with 'circ simulate scenarios/reserve.json'",
            FileKinds.GivenAsPolicy(FileKind.Scenario, "reserve.json", "scenarios/reserve.json"));
        Assert.Equal(
            "x.state.json: this is a state file (what 'circ simulate --state-out' writes), not a policy: continue it with 'circ simulate SCENARIO --state-in /data/x.state.json'",
            FileKinds.GivenAsPolicy(FileKind.State, "x.state.json", "/data/x.state.json"));
    }

    [Theory]
    [InlineData("here.json", "here.json")]
    [InlineData("scenarios/reserve.json", "scenarios/reserve.json")]
    [InlineData("CWD/scenarios/../reserve.json", "reserve.json")]
    [InlineData("../elsewhere/reserve.json", "PARENT/elsewhere/reserve.json")]
    [InlineData("CWD-sibling/reserve.json", "CWD-sibling/reserve.json")]
    public void FromCurrentDirectory_BelowIsRelativeElseAbsolute(string file, string expected)
    {
        // CWD: the current folder; PARENT: its parent. A sibling whose name starts with the current folder's name is
        // not below it.
        var cwd = Path.Combine(folder.Path, "work");
        string Expand(string path) => path
            .Replace("CWD", cwd, StringComparison.Ordinal)
            .Replace("PARENT", folder.Path, StringComparison.Ordinal)
            .Replace('/', Path.DirectorySeparatorChar);

        Assert.Equal(Expand(expected), FileKinds.FromCurrentDirectory(Expand(file), cwd));
    }

    [Theory]
    [InlineData("Policy")]
    [InlineData("Unknown")]
    public void InlineAsPolicy_PolicyOrUnknown_IsNull(string kind) =>
        Assert.Null(FileKinds.InlineAsPolicy(Enum.Parse<FileKind>(kind), "expected a policy object"));

    [Theory]
    [InlineData("Policy")]
    [InlineData("Unknown")]
    public void GivenAsPolicy_PolicyOrUnknown_IsNull(string kind) =>
        Assert.Null(FileKinds.GivenAsPolicy(Enum.Parse<FileKind>(kind), "widener.json"));
}
