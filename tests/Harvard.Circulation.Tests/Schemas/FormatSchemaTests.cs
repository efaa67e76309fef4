using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.Schemas;
using Harvard.Circulation.Testing;
using Harvard.Circulation.Tests.Cli;
using Harvard.Circulation.Tests.Policies;
using Harvard.Circulation.Tests.Scenarios;
using Harvard.Circulation.Tests.Testing;
using Json.Schema;

namespace Harvard.Circulation.Tests.Schemas;

/// <summary>
/// The JSON Schemas of the formats agree with the readers: every valid file the project has — the docs examples,
/// their golden reports, the embedded policy, the tool's docs and fixtures, generated policies, scenarios and
/// their reports — is valid for its schema, and every malformed test input the readers reject is rejected by the
/// schema too, wherever a schema can say so (it cannot check references, uniqueness, time order or time zone
/// ids: those inputs are listed as the reader's alone).
/// </summary>
public sealed partial class FormatSchemaTests
{
    private static readonly Lazy<(JsonSchema Policy, JsonSchema Scenario, JsonSchema Report)> Schemas = new(Build);

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    public static TheoryData<string> ExampleScenarios() => Files("docs/examples", f => !f.EndsWith(".expected.json", StringComparison.Ordinal));

    public static TheoryData<string> GoldenReports() => Files("docs/examples", f => f.EndsWith(".expected.json", StringComparison.Ordinal));

    public static TheoryData<string> MalformedPolicies() => [.. PolicyReaderTests.Malformed.Keys];

    [Theory]
    [InlineData("policy.schema.json")]
    [InlineData("scenario.schema.json")]
    [InlineData("report.schema.json")]
    [InlineData("state.schema.json")]
    public void Schema_DocsFile_IsDraft202012WithItsIdAndIsWhatThePackageEmbeds(string file)
    {
        var text = File.ReadAllText(Repository.PathOf("docs/schemas/" + file));
        using var json = JsonDocument.Parse(text);

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", json.RootElement.GetProperty("$schema").GetString());
        var (embedded, id) = file switch
        {
            "policy.schema.json" => (FormatSchemas.Policy, FormatSchemas.PolicyId),
            "scenario.schema.json" => (FormatSchemas.Scenario, FormatSchemas.ScenarioId),
            "state.schema.json" => (FormatSchemas.State, FormatSchemas.StateId),
            _ => (FormatSchemas.Report, FormatSchemas.ReportId),
        };
        Assert.Equal(id, json.RootElement.GetProperty("$id").GetString());
        Assert.Equal(text, embedded);
    }

    [Theory]
    [MemberData(nameof(ExampleScenarios))]
    public void ScenarioSchema_Example_IsValid(string file) => AssertValid(Schemas.Value.Scenario, File.ReadAllText(Repository.PathOf(file)), file);

    [Theory]
    [MemberData(nameof(GoldenReports))]
    public void ReportSchema_GoldenReport_IsValid(string file) => AssertValid(Schemas.Value.Report, File.ReadAllText(Repository.PathOf(file)), file);

    [Fact]
    public void PolicySchema_EmbeddedPolicy_IsValidAndNamesItsSchema()
    {
        AssertValid(Schemas.Value.Policy, EmbeddedPolicies.HarvardDefaultJson, "harvard-default");
        Assert.StartsWith($"{{\n  \"$schema\": \"{FormatSchemas.PolicyId}\",", EmbeddedPolicies.HarvardDefaultJson.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Schemas_FixturesAndDocsFiles_AreValid()
    {
        AssertValid(Schemas.Value.Scenario, CliFixtures.ReserveScenario, "CliFixtures.ReserveScenario");
        AssertValid(Schemas.Value.Policy, CliFixtures.WidenerPolicy, "CliFixtures.WidenerPolicy");
        AssertValid(Schemas.Value.Policy, PolicyReaderTests.Widener, "PolicyReaderTests.Widener");
        AssertValid(Schemas.Value.Policy, PolicyWriter.Write(EmbeddedPolicies.HarvardDefault), "PolicyWriter.Write(harvard-default)");
        var page = File.ReadAllText(Repository.PathOf("docs/cli.md")).ReplaceLineEndings("\n");
        foreach (Match block in CliFileBlock().Matches(page))
        {
            var name = block.Groups["name"].Value;
            var body = block.Groups["body"].Value;
            var valid = name.Contains("policy", StringComparison.Ordinal) || name.Contains("warnings", StringComparison.Ordinal)
                ? PolicyReader.Read(body).IsValid
                : ScenarioReader.Read(body).IsValid;
            var schema = body.Contains("\"events\"", StringComparison.Ordinal) ? Schemas.Value.Scenario : Schemas.Value.Policy;
            Assert.True(valid == Evaluate(schema, body).IsValid, $"docs/cli.md {name}: reader says {(valid ? "valid" : "not valid")}, the schema does not agree");
        }
    }

    [Fact]
    public void Schemas_GeneratedPoliciesScenariosAndReports_AreValid()
    {
        var cases = CirculationGenerators.Scenario().Sample(40, 30);
        foreach (var scenario in cases)
        {
            AssertValid(Schemas.Value.Scenario, scenario.Json, scenario.Json);
            AssertValid(Schemas.Value.Report, ScenarioReportJson.Write(ScenarioReplayer.Replay(scenario.Scenario)), scenario.Json);
        }

        foreach (var policy in CirculationGenerators.Policy().Sample(40, 30))
        {
            var json = PolicyWriter.Write(policy);
            AssertValid(Schemas.Value.Policy, json, json);
        }
    }

    [Theory]
    [MemberData(nameof(MalformedPolicies))]
    public void PolicySchema_MalformedPolicy_RejectedWhereASchemaCanSay(string name)
    {
        var (breakIt, expected) = PolicyReaderTests.Malformed[name];
        var policy = JsonNode.Parse(PolicyReaderTests.Widener)!.AsObject();
        breakIt(policy);
        var json = policy.ToJsonString();

        AssertAgrees(Schemas.Value.Policy, json, PolicyReader.Read(json).Problems.Select(p => p.Message).ToList(), name);
    }

    [Theory]
    [MemberData(nameof(ScenarioReaderTests.MalformedScenarios), MemberType = typeof(ScenarioReaderTests))]
    public void ScenarioSchema_MalformedScenario_RejectedWhereASchemaCanSay(string what, string json, string[] expected)
    {
        Assert.NotEmpty(expected);
        AssertAgrees(Schemas.Value.Scenario, json, ScenarioReader.Read(json).Problems.Select(p => p.Message).ToList(), what);
    }

    [Theory]
    [InlineData("""{ "at": "2026-01-05T10:00:00-05:00", "type": "pay", "patron": "10000001", "amount": "0.004" }""")]
    [InlineData("""{ "at": "2026-01-05T10:00:00-05:00", "type": "pay", "patron": "10000001", "amount": "00.00" }""")]
    [InlineData("""{ "at": "2026-01-05T10:00:00-05:00", "type": "pay", "patron": "10000001", "amount": "1." }""")]
    [InlineData("""{ "at": "2026-01-05T10:00", "type": "checkIn", "item": "32044000000001", "session": 5 }""")]
    [InlineData("""{ "at": "1899-12-31T23:59:00Z", "type": "checkIn", "item": "32044000000001" }""")]
    [InlineData("""{ "at": "2026-01-05T10:00:00-05:00", "type": "cancelRequest", "request": "R1", "notifyUser": "no" }""")]
    public void ScenarioSchema_BadEventField_IsRejected(string badEvent)
    {
        var json = ScenarioFixtures.ClaimedReturn.Replace(
            """{ "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000001" }""", badEvent, StringComparison.Ordinal);

        Assert.NotEqual(ScenarioFixtures.ClaimedReturn, json);
        Assert.False(ScenarioReader.Read(json).IsValid);
        Assert.False(Evaluate(Schemas.Value.Scenario, json).IsValid);
    }

    [Theory]
    [InlineData("0.005")]
    [InlineData("0.01")]
    [InlineData("12")]
    [InlineData("3.00")]
    [InlineData("0010.5")]
    public void ScenarioSchema_PositiveAmount_IsAccepted(string amount)
    {
        var json = ScenarioFixtures.ClaimedReturn.Replace(
            """{ "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000001" }""",
            $$"""{ "at": "2026-01-05T10:00:00-05:00", "type": "charge", "patron": "10000001", "feeType": "other", "amount": "{{amount}}" }""", StringComparison.Ordinal);

        Assert.True(ScenarioReader.Read(json).IsValid, amount);
        AssertValid(Schemas.Value.Scenario, json, amount);
    }

    [Fact]
    public void ScenarioSchema_InlinePolicy_IsCheckedByThePolicySchema()
    {
        var scenario = JsonNode.Parse(ScenarioFixtures.ClaimedReturn)!.AsObject();
        scenario["policy"] = JsonNode.Parse(CliFixtures.WidenerPolicy);
        AssertValid(Schemas.Value.Scenario, scenario.ToJsonString(), "inline Widener policy");

        scenario["policy"]!["termsOfUse"]![1]!["overdueFine"]!["per"] = "fortnight";

        Assert.False(ScenarioReader.Read(scenario.ToJsonString()).IsValid);
        Assert.False(Evaluate(Schemas.Value.Scenario, scenario.ToJsonString()).IsValid);
    }

    [Fact]
    public void ReportSchema_ReportWithAnExtraFieldOrANonUtcInstant_IsRejected()
    {
        var golden = JsonNode.Parse(File.ReadAllText(Repository.PathOf("docs/examples/claimed-returned.expected.json")))!.AsObject();
        var extra = golden.DeepClone().AsObject();
        extra["name"] = "not in the report format";
        var local = golden.DeepClone().AsObject();
        local["asOf"] = "2026-02-03T12:00:00-05:00";
        var requestOnALoanNotice = golden.DeepClone().AsObject();
        requestOnALoanNotice["notices"]![0]!["request"] = "R1";

        Assert.False(Evaluate(Schemas.Value.Report, extra.ToJsonString()).IsValid);
        Assert.False(Evaluate(Schemas.Value.Report, local.ToJsonString()).IsValid);
        Assert.False(Evaluate(Schemas.Value.Report, requestOnALoanNotice.ToJsonString()).IsValid);
    }

    /// <summary>A malformed input: when any of the reader's problems is one a schema can express, the schema must
    /// reject the input too; an input that is not JSON at all is not given to the schema.</summary>
    private static void AssertAgrees(JsonSchema schema, string json, List<string> readerProblems, string what)
    {
        Assert.NotEmpty(readerProblems);
        if (readerProblems.Any(p => p.StartsWith("not valid JSON", StringComparison.Ordinal) || p.StartsWith("the file is empty", StringComparison.Ordinal)))
        {
            return;
        }

        var expressible = readerProblems.Where(p => !ReaderOnly().IsMatch(p)).ToList();
        var result = Evaluate(schema, json);
        Assert.True(
            expressible.Count == 0 || !result.IsValid,
            $"{what}: the reader rejects it ({string.Join("; ", expressible)}) but the schema accepts it");
    }

    private static void AssertValid(JsonSchema schema, string json, string what)
    {
        var result = Evaluate(schema, json);
        Assert.True(result.IsValid, $"{what}: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5)));
    }

    private static EvaluationResults Evaluate(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement.Clone(), Options);
    }

    private static (JsonSchema Policy, JsonSchema Scenario, JsonSchema Report) Build()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var policy = JsonSchema.FromText(FormatSchemas.Policy, options);
        var scenario = JsonSchema.FromText(FormatSchemas.Scenario, options);
        var report = JsonSchema.FromText(FormatSchemas.Report, options);
        return (policy, scenario, report);
    }

    private static TheoryData<string> Files(string folder, Func<string, bool> keep)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repository.PathOf(folder), "*.json").Where(keep).Order(StringComparer.Ordinal))
        {
            data.Add(folder + "/" + Path.GetFileName(file));
        }

        return data;
    }

    /// <summary>What only a reader can check: references between codes and ids, uniqueness, time order, time zone
    /// ids, the order of opening hours, and limits that depend on arithmetic.</summary>
    [GeneratedRegex(@"is not defined|is not a user group of the policy|is not an item policy of the policy|is not a library of the policy|is not a patron of the scenario|is not an item of the scenario|is not a staff member|is not a session opened|is not the id of an earlier|duplicate |is already .* of patron|is before|is not a time zone id|is not after open|can only close a day|is too long|is given more than once|is neither an embedded policy")]
    private static partial Regex ReaderOnly();

    [GeneratedRegex(@"<!-- circ-file (?<name>\S+) -->\n```json\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CliFileBlock();
}
