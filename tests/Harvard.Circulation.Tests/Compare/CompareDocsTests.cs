using System.Text.Json;
using System.Text.RegularExpressions;
using FsCheck.Fluent;
using Harvard.Circulation.Formats.Compare;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.Schemas;
using Harvard.Circulation.Tests.Cli;
using Json.Schema;

namespace Harvard.Circulation.Tests.Compare;

/// <summary>
/// The worked example of docs/compare.md cannot drift: every <c>circ-example</c> block of the page is run from the
/// repository's root and must print what the page shows; the example's full reports are golden files beside its
/// policy (<c>docs/examples/compare/month.expected.txt</c> and <c>.json</c>); the JSON is valid for
/// <c>docs/schemas/compare.schema.json</c>, which is the schema the package embeds. <c>UPDATE_EXAMPLES=1</c>
/// rewrites the page's outputs and the golden files.
/// </summary>
public sealed partial class CompareDocsTests
{
    /// <summary>The docs example: a month of generated activity on harvard-default against the proposed policy.</summary>
    private static readonly string[] MonthArguments =
        ["compare", "harvard-default", "docs/examples/compare/new-policy.json", "--generate", "--patrons", "500", "--items", "2000", "--days", "30", "--seed", "1"];

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(FormatSchemas.Compare, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (Match m in ExampleBlock().Matches(Page()))
        {
            data.Add(m.Groups["command"].Value);
        }

        return data;
    }

    [Fact]
    public void Page_HasTheWorkedExample() => Assert.Contains(ExampleBlock().Matches(Page()), m => m.Groups["command"].Value.StartsWith(string.Join(' ', MonthArguments), StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_PrintsWhatThePageShows(string command)
    {
        var page = Page();
        var example = ExampleBlock().Matches(page).Single(m => m.Groups["command"].Value == command);
        var expectedExit = example.Groups["exit"].Success ? int.Parse(example.Groups["exit"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

        var printed = Run(command.Split(' '));

        if (Update && printed.Output != example.Groups["output"].Value)
        {
            var exit = printed.ExitCode == 0 ? string.Empty : $" exit={printed.ExitCode}";
            File.WriteAllText(PagePath(), page.Remove(example.Index, example.Length).Insert(example.Index, $"<!-- circ-example{exit} -->\n```text\n$ circ {command}\n{printed.Output}```"));
            return;
        }

        Assert.Equal(example.Groups["output"].Value, printed.Output);
        Assert.Equal(expectedExit, printed.ExitCode);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public void MonthExample_Report_IsTheGoldenFile(string format)
    {
        var golden = Repository.PathOf($"docs/examples/compare/month.expected.{(format == "json" ? "json" : "txt")}");

        var printed = Run([.. MonthArguments, "--format", format]);

        Assert.Equal(0, printed.ExitCode);
        if (Update && (!File.Exists(golden) || File.ReadAllText(golden).ReplaceLineEndings("\n") != printed.Output))
        {
            File.WriteAllText(golden, printed.Output);
            return;
        }

        Assert.Equal(File.ReadAllText(golden).ReplaceLineEndings("\n"), printed.Output);
    }

    [Fact]
    public void MonthExample_GoldenJson_IsValidForTheSchema() =>
        AssertValid(File.ReadAllText(Repository.PathOf("docs/examples/compare/month.expected.json")), "month.expected.json");

    [Fact]
    public void MonthExample_LibraryCall_GivesWhatTheToolPrints()
    {
        var scenario = WorkloadGenerator.Generate(new WorkloadOptions(500, 2000, 30, 1));
        var proposed = PolicyReader.Read(File.ReadAllText(Repository.PathOf("docs/examples/compare/new-policy.json"))).PolicyOrThrow();

        var json = ComparisonReportJson.Write(PolicyComparer.Compare(scenario, proposed));

        Assert.Equal(File.ReadAllText(Repository.PathOf("docs/examples/compare/month.expected.json")).ReplaceLineEndings("\n"), json);
    }

    [Fact]
    public void Schema_DocsFile_IsDraft202012WithItsIdAndIsWhatThePackageEmbeds()
    {
        var text = File.ReadAllText(Repository.PathOf("docs/schemas/compare.schema.json"));
        using var json = JsonDocument.Parse(text);

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", json.RootElement.GetProperty("$schema").GetString());
        Assert.Equal(FormatSchemas.CompareId, json.RootElement.GetProperty("$id").GetString());
        Assert.Equal(text, FormatSchemas.Compare);
    }

    [Fact]
    public void Schema_ReportWithAnExtraFieldOrANonUtcInstantOrAMissingPair_IsRejected()
    {
        var golden = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.PathOf("docs/examples/compare/month.expected.json")))!.AsObject();
        var extra = golden.DeepClone().AsObject();
        extra["policy"] = "not in the format";
        var local = golden.DeepClone().AsObject();
        local["asOf"] = "2026-02-04T00:00:00-05:00";
        var half = golden.DeepClone().AsObject();
        half["totals"]!["overdueLoans"]!.AsObject().Remove("new");

        Assert.False(Evaluate(extra.ToJsonString()).IsValid);
        Assert.False(Evaluate(local.ToJsonString()).IsValid);
        Assert.False(Evaluate(half.ToJsonString()).IsValid);
    }

    [Fact]
    public void Schema_GeneratedComparisons_AreValid()
    {
        foreach (var c in CompareFixtures.FineRateChanges(withoutBalanceLimits: false).Sample(20, 30))
        {
            AssertValid(ComparisonReportJson.Write(PolicyComparer.Compare(c.Scenario, c.New, int.MaxValue)), c.Case.Json);
        }
    }

    private static void AssertValid(string json, string what)
    {
        var result = Evaluate(json);
        Assert.True(result.IsValid, $"{what}: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5)));
    }

    private static EvaluationResults Evaluate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static bool Update => Environment.GetEnvironmentVariable("UPDATE_EXAMPLES") == "1";

    /// <summary>Runs circ from the repository's root: arguments naming a file of the repository are given as their full
    /// path, and the root is taken out of what is printed (stdout, then stderr).</summary>
    private static (int ExitCode, string Output) Run(string[] args)
    {
        var root = Repository.Root + Path.DirectorySeparatorChar;
        var run = CircRun.Of(args.Select(a => File.Exists(Repository.PathOf(a)) ? Repository.PathOf(a) : a).ToArray());
        return (run.ExitCode, (run.Stdout + run.Stderr).Replace(root, string.Empty, StringComparison.Ordinal));
    }

    private static string Page() => File.ReadAllText(PagePath()).ReplaceLineEndings("\n");

    private static string PagePath() => Repository.PathOf("docs/compare.md");

    [GeneratedRegex(@"<!-- circ-example(?: exit=(?<exit>\d))? -->\n```text\n\$ circ (?<command>[^\n]*)\n(?<output>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
