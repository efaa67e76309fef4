using Harvard.Circulation.Cli;

namespace Harvard.Circulation.Tests.Cli;

/// <summary>Errors in words: an empty file, a file of the other kind, an unknown option named with its closest
/// option, "did you mean" for fields and codes, and a summary line — all still <c>path: message</c> on stderr,
/// exit 2.</summary>
public sealed class CircAppErrorTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("simulate", "scenario")]
    [InlineData("lint", "policy")]
    public void EmptyFile_SaysItIsEmpty(string command, string what)
    {
        var path = folder.Write("empty.json", "\n");

        var run = CircRun.Of(command, path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal([$"{path}: the file is empty: expected a JSON object {{ ... }}", $"{path}: not a valid {what}: 1 problem"], run.ErrorLines);
        Assert.DoesNotContain("isFinalBlock", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("simulate SCENARIO --format xml", "circ simulate: --format: 'xml' is not one of text, json, svg, changes")]
    [InlineData("simulate SCENARIO --format JSON", "circ simulate: --format: 'JSON' is not one of text, json, svg, changes (did you mean 'json'?)")]
    [InlineData("explain --group 21 --item-policy regular --format yaml", "circ explain: --format: 'yaml' is not one of text, json")]
    [InlineData("policy matrix --format=csv", "circ policy matrix: --format: 'csv' is not one of text, json")]
    [InlineData("compare harvard-default harvard-default --scenario SCENARIO --format txt", "circ compare: --format: 'txt' is not one of text, json (did you mean 'text'?)")]
    public void OptionValueNotAllowed_OneLineNamingTheOptionAndItsValues(string commandLine, string expected)
    {
        // Was "Argument 'xml' not recognized. Must be one of:" and then each value on a line of its own.
        var scenario = folder.Write("reserve.json", CliFixtures.ReserveScenario);
        var args = commandLine.Split(' ').Select(a => a == "SCENARIO" ? scenario : a).ToArray();

        var run = CircRun.Of(args);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var command = string.Join(' ', args.TakeWhile(a => !a.StartsWith('-') && a != scenario && a != "harvard-default"));
        Assert.Equal([expected, $"Run 'circ {command} --help' for usage."], run.ErrorLines);
    }

    [Fact]
    public void Simulate_TruncatedFile_SaysItEndsEarly()
    {
        var path = folder.Write("cut.json", CliFixtures.ReserveScenario[..120]);

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.EndsWith("not valid JSON: the text ends before the JSON is complete (an object, array or string is not closed)", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_MisspeltOption_NamesItWithTheClosestOption()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var run = CircRun.Of("simulate", path, "--fromat", "json");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(["circ simulate: unknown option '--fromat' (did you mean '--format'?)", "Run 'circ simulate --help' for usage."], run.ErrorLines);
    }

    [Fact]
    public void Simulate_UnknownOptionWithNoNeighbour_IsNamed()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var run = CircRun.Of("simulate", path, "--colour");

        Assert.Equal(["circ simulate: unknown option '--colour'", "Run 'circ simulate --help' for usage."], run.ErrorLines);
    }

    [Fact]
    public void Run_MisspeltCommand_SuggestsTheCommand()
    {
        var run = CircRun.Of("simulat", "scenario.json");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["circ: 'simulat' is not a command of circ (simulate, lint, explain, import-folio, policy, generate, compare) (did you mean 'simulate'?)", "Run 'circ --help' for usage."], run.ErrorLines);
    }

    [Fact]
    public void Simulate_MisspeltField_SuggestsTheField()
    {
        var path = folder.Write("typo.json", CliFixtures.ReserveScenario.Replace("\"itemPolicy\": \"regular\"", "\"itemPolcy\": \"regular\"", StringComparison.Ordinal));

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["items[0].itemPolcy: unknown field (did you mean 'itemPolicy'?)", "items[0].itemPolicy: is required"], run.ErrorLines[..2]);
        Assert.Equal($"{path}: not a valid scenario: {run.ErrorLines.Length - 1} problems", run.ErrorLines[^1]);
    }

    [Fact]
    public void Lint_ScenarioFile_SaysItIsAScenario()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var run = CircRun.Of("lint", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal([$"{path}: this is a scenario file, not a policy: replay it with 'circ simulate {path}'"], run.ErrorLines);
    }

    [Fact]
    public void Simulate_PolicyFile_SaysItIsAPolicy()
    {
        var path = folder.Write("widener.json", CliFixtures.WidenerPolicy);

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(
            [$"{path}: this is a policy file, not a scenario: check it with 'circ lint {path}', or replay a scenario on it with 'circ simulate SCENARIO --policy {path}'"],
            run.ErrorLines);
    }

    [Fact]
    public void Simulate_ScenarioWhosePolicyIsAScenarioFile_OneProblemNamingIt()
    {
        // The scenario names another scenario as its policy, as a path relative to its own folder. The folder is not
        // below the one circ runs from, so the advice names the file by its absolute path: 'circ simulate reserve.json'
        // would not find it from here.
        var other = folder.Write("reserve.json", CliFixtures.ReserveScenario);
        var path = folder.Write("on-reserve.json", CliFixtures.ReserveScenario.Replace("\"policy\": \"harvard-default\"", "\"policy\": \"reserve.json\"", StringComparison.Ordinal));

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(
            [$"policy: reserve.json: this is a scenario file, not a policy: replay it with 'circ simulate {other}'", $"{path}: not a valid scenario: 1 problem"],
            run.ErrorLines);
    }

    [Fact]
    public void Simulate_ScenarioWhoseInlinePolicyIsAScenario_OneProblemNamingIt()
    {
        // A scenario pasted as the policy object: one problem at "policy", then the summary; exit 2 as for any
        // rejected scenario.
        var pasted = CliFixtures.ReserveScenario;
        var path = folder.Write("pasted.json", CliFixtures.ReserveScenario.Replace("\"policy\": \"harvard-default\"", $"\"policy\": {pasted}", StringComparison.Ordinal));

        var run = CircRun.Of("simulate", path);

        Assert.Equal(2, run.ExitCode); // The scenario format's exit code for rejected input.
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(
            ["policy: this inline object is a scenario, not a policy: expected \"harvard-default\", a policy file path or a policy object", $"{path}: not a valid scenario: 1 problem"],
            run.ErrorLines);
    }

    [Theory]
    [InlineData("reserve.json", "SUB/scenarios/reserve.json")]
    [InlineData("../reserve.json", "SUB/reserve.json")]
    [InlineData("deeper/reserve.json", "SUB/scenarios/deeper/reserve.json")]
    public void Simulate_ScenarioInAFolderBelow_AdviceNamesThePolicyFileFromWhereCircRuns(string written, string advised)
    {
        // A scenario in SUB/scenarios/ names its policy relative to that folder; the user runs circ from the folder
        // above SUB. The advice must reach the file from there ('circ simulate reserve.json' would find no file, or the
        // wrong one); the line still starts with the name as the scenario writes it.
        var sub = "circ-tests-" + Guid.NewGuid().ToString("N");
        var scenarios = Path.Combine(sub, "scenarios");
        var target = Path.GetFullPath(Path.Combine(scenarios, written));
        Directory.CreateDirectory(scenarios);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.WriteAllText(target, CliFixtures.ReserveScenario);
            var path = Path.Combine(scenarios, "on-reserve.json");
            File.WriteAllText(path, CliFixtures.ReserveScenario.Replace("\"policy\": \"harvard-default\"", $"\"policy\": \"{written}\"", StringComparison.Ordinal));

            var run = CircRun.Of("simulate", path);

            Assert.Equal(ExitCodes.Rejected, run.ExitCode);
            var expected = advised.Replace("SUB", sub, StringComparison.Ordinal).Replace('/', Path.DirectorySeparatorChar);
            Assert.Equal(
                [$"policy: {written}: this is a scenario file, not a policy: replay it with 'circ simulate {expected}'", $"{path}: not a valid scenario: 1 problem"],
                run.ErrorLines);
            Assert.True(File.Exists(expected), expected);
        }
        finally
        {
            Directory.Delete(sub, recursive: true);
        }
    }

    [Theory]
    [InlineData("lint", "policy")]
    [InlineData("simulate", "scenario")]
    public void ReportGivenAsInput_SaysItIsAReport(string command, string expected)
    {
        var path = Repository.PathOf("docs/examples/anonymization.expected.json");

        var run = CircRun.Of(command, path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal([$"{path}: this is a report (what 'circ simulate --format json' writes), not a {expected}: give the scenario it was made from"], run.ErrorLines);
    }

    [Theory]
    [InlineData("lint", "policy")]
    [InlineData("simulate", "scenario")]
    public void StateGivenAsInput_SaysItIsAStateFile(string command, string expected)
    {
        var path = Repository.PathOf("docs/examples/state/recall-and-hold-shelf.state.json");

        var run = CircRun.Of(command, path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(
            [$"{path}: this is a state file (what 'circ simulate --state-out' writes), not a {expected}: continue it with 'circ simulate SCENARIO --state-in {path}'"],
            run.ErrorLines);
    }

    [Theory]
    [InlineData("lint COMPARISON")]
    [InlineData("simulate SCENARIO --policy COMPARISON")]
    [InlineData("compare COMPARISON harvard-default --scenario SCENARIO")]
    [InlineData("compare harvard-default COMPARISON --scenario SCENARIO")]
    [InlineData("explain --group 21 --item-policy regular --policy COMPARISON")]
    [InlineData("policy matrix --policy COMPARISON")]
    [InlineData("generate --patrons 1 --items 1 --days 1 --policy COMPARISON")]
    public void ComparisonReportGivenAsPolicy_SaysItIsAComparisonReport(string commandLine)
    {
        // Was one "scenario: unknown field" (and the like) per field: the report's "events" (a count) beside
        // "userGroups" (a breakdown) made it neither a scenario nor a policy to the guess.
        var comparison = Repository.PathOf("docs/examples/compare/month.expected.json");

        AssertOneLine(RunWith(commandLine, "COMPARISON", comparison),
            $"{comparison}: this is a comparison report (what 'circ compare --format json' writes), not a policy: give the policies and the scenario it was made from");
    }

    [Theory]
    [InlineData("simulate COMPARISON")]
    [InlineData("compare harvard-default harvard-default --scenario COMPARISON")]
    public void ComparisonReportGivenAsScenario_SaysItIsAComparisonReport(string commandLine)
    {
        var comparison = Repository.PathOf("docs/examples/compare/month.expected.json");

        AssertOneLine(RunWith(commandLine, "COMPARISON", comparison),
            $"{comparison}: this is a comparison report (what 'circ compare --format json' writes), not a scenario: give the policies and the scenario it was made from");
    }

    [Theory]
    [InlineData("lint IMPORT", "policy")]
    [InlineData("simulate SCENARIO --policy IMPORT", "policy")]
    [InlineData("compare IMPORT harvard-default --scenario SCENARIO", "policy")]
    [InlineData("simulate IMPORT", "scenario")]
    public void ImportReportGivenAsInput_SaysItIsAnImportReport(string commandLine, string expected)
    {
        // Was a list of unknown fields given as a policy, and "this is a policy file" given as a scenario: its
        // "rules" (the FOLIO line of each rule) made the guess take it for a policy.
        var report = Repository.PathOf("docs/examples/folio/report.json");

        AssertOneLine(RunWith(commandLine, "IMPORT", report),
            $"{report}: this is an import report (what 'circ import-folio --report' writes), not a {expected}: the policy imported with it is what 'circ import-folio' wrote to --out (or stdout)");
    }

    [Theory]
    [InlineData("lint FILE", "policy")]
    [InlineData("simulate SCENARIO --policy FILE", "policy")]
    [InlineData("compare FILE harvard-default --scenario SCENARIO", "policy")]
    [InlineData("compare harvard-default FILE --scenario SCENARIO", "policy")]
    [InlineData("explain --group 21 --item-policy regular --policy FILE", "policy")]
    [InlineData("policy matrix --policy FILE", "policy")]
    [InlineData("generate --patrons 1 --items 1 --days 1 --policy FILE", "policy")]
    [InlineData("simulate FILE", "scenario")]
    [InlineData("compare harvard-default harvard-default --scenario FILE", "scenario")]
    public void ExplanationGivenAsInput_SaysItIsAnExplanation(string commandLine, string expected)
    {
        // Was a list of unknown fields given as a policy, and "this is a policy file" given as a scenario: its
        // "termsOfUse" (the id of the matching terms) made the guess take it for a policy.
        var explanation = folder.Write("explained.json", CliFixtures.Explanation);

        AssertOneLine(RunWith(commandLine, "FILE", explanation),
            $"{explanation}: this is an explanation (what 'circ explain --format json' writes), not a {expected}: give the policy it was made from");
    }

    [Theory]
    [InlineData("lint FILE", "policy")]
    [InlineData("simulate SCENARIO --policy FILE", "policy")]
    [InlineData("compare FILE harvard-default --scenario SCENARIO", "policy")]
    [InlineData("compare harvard-default FILE --scenario SCENARIO", "policy")]
    [InlineData("explain --group 21 --item-policy regular --policy FILE", "policy")]
    [InlineData("policy matrix --policy FILE", "policy")]
    [InlineData("generate --patrons 1 --items 1 --days 1 --policy FILE", "policy")]
    [InlineData("simulate FILE", "scenario")]
    [InlineData("compare harvard-default harvard-default --scenario FILE", "scenario")]
    public void PolicyMatrixGivenAsInput_SaysItIsAPolicyMatrix(string commandLine, string expected)
    {
        // Was a list of unknown fields given as a policy, and "this is a policy file" given as a scenario: its
        // "userGroups" (the matrix's rows) made the guess take it for a policy.
        var matrix = folder.Write("matrix.json", CliFixtures.PolicyMatrix);

        AssertOneLine(RunWith(commandLine, "FILE", matrix),
            $"{matrix}: this is a policy matrix (what 'circ policy matrix --format json' writes), not a {expected}: give the policy it was made from");
    }

    /// <summary>Runs circ on a command line whose <paramref name="placeholder"/> stands for <paramref name="file"/>
    /// and <c>SCENARIO</c> for a valid scenario.</summary>
    private CircRun RunWith(string commandLine, string placeholder, string file)
    {
        var scenario = folder.Write("reserve.json", CliFixtures.ReserveScenario);
        return CircRun.Of(commandLine.Split(' ').Select(a => a == placeholder ? file : a == "SCENARIO" ? scenario : a).ToArray());
    }

    /// <summary>The input was rejected with exactly one line on stderr, and nothing on stdout.</summary>
    private static void AssertOneLine(CircRun run, string line)
    {
        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal([line], run.ErrorLines);
    }

    [Theory]
    [InlineData("explain")]
    [InlineData("matrix")]
    public void Simulate_ScenarioWhosePolicyIsAnExplanationOrMatrix_OneProblemNamingIt(string which)
    {
        // A scenario naming one of these files as its policy gets the same one line, at "policy".
        var (text, words) = which == "explain"
            ? (CliFixtures.Explanation, "an explanation (what 'circ explain --format json' writes)")
            : (CliFixtures.PolicyMatrix, "a policy matrix (what 'circ policy matrix --format json' writes)");
        folder.Write("output.json", text);
        var path = folder.Write("on-output.json", CliFixtures.ReserveScenario.Replace("\"policy\": \"harvard-default\"", "\"policy\": \"output.json\"", StringComparison.Ordinal));

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(
            [$"policy: output.json: this is {words}, not a policy: give the policy it was made from", $"{path}: not a valid scenario: 1 problem"],
            run.ErrorLines);
    }

    [Fact]
    public void Simulate_ArrayInsteadOfObject_NamesTheFile()
    {
        var path = folder.Write("array.json", "[ 1, 2 ]");

        var run = CircRun.Of("simulate", path);

        Assert.Equal([$"{path}: expected an object", $"{path}: not a valid scenario: 1 problem"], run.ErrorLines);
    }

    [Fact]
    public void Help_EveryCommand_SendsToTheDocsByUrlNeverByRelativePath()
    {
        foreach (var args in new[] { new[] { "--help" }, ["simulate", "--help"], ["lint", "--help"], ["explain", "--help"], ["policy", "--help"], ["policy", "show", "--help"], ["policy", "matrix", "--help"] })
        {
            var help = CircRun.Of(args).Stdout.Replace(Repository.DocsUrl, string.Empty, StringComparison.Ordinal);

            Assert.DoesNotContain("docs/", help, StringComparison.Ordinal);
        }

        Assert.Contains(Repository.DocsUrl + "scenarios.md", CircRun.Of("simulate", "--help").Stdout, StringComparison.Ordinal);
        Assert.Contains(Repository.DocsUrl + "policies.md", CircRun.Of("lint", "--help").Stdout, StringComparison.Ordinal);
    }
}
