using System.Text;
using FsCheck.Fluent;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Testing;

namespace Harvard.Circulation.Tests.Model;

/// <summary>
/// A survey for whoever triages the model law: replays <c>MODEL_SURVEY_CASES</c> generated scenarios (default
/// 1,000) through the engine and the model and writes every disagreement, with its scenario JSON, to
/// <c>MODEL_SURVEY_OUT</c> (default the temp folder). Always passes; it only reports.
/// </summary>
[Trait("Category", "ModelLaw")]
public class ModelSurveyTests
{
    [TriageFact("MODEL_SURVEY_CASES")]
    public void Survey_GeneratedScenarios_WritesEveryDisagreement()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("MODEL_SURVEY_CASES"), out var n) ? n : 1_000;
        var longRun = Environment.GetEnvironmentVariable("MODEL_SURVEY_LONG") == "1";
        var output = Environment.GetEnvironmentVariable("MODEL_SURVEY_OUT") ?? Path.Combine(Path.GetTempPath(), "model-survey.txt");
        var generator = longRun ? LongRunGenerator.Scenario() : CirculationGenerators.Scenario();
        var text = new StringBuilder();
        var failed = 0;
        var total = 0;
        var coverage = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var crashed = 0;
        var (loans, fines, notices, refusals) = (0, 0, 0, 0);
        foreach (var generated in generator.Sample(cases))
        {
            total++;
            IReadOnlyList<string> differences;
            try
            {
                var engine = ScenarioReplayer.Replay(generated.Scenario);
                foreach (var key in engine.Notices.Select(x => "notice " + x.Type)
                             .Concat(engine.FinesFees.Select(x => $"fine/fee {x.Type} {x.Status}"))
                             .Concat(engine.Loans.Select(x => $"loan {x.Status}{(x.Anonymized ? " anonymized" : "")}{(x.Recalled ? " recalled" : "")}{(x.Renewals > 0 ? " renewed" : "")}"))
                             .Concat(engine.Requests.Select(x => "request " + x.Status))
                             .Concat(engine.Sessions.Select(x => x.ClosedAt is null ? "session open" : "session closed"))
                             .Concat(generated.Scenario.Events.Select(x => "event " + x.TypeSpelling))
                             .Concat(engine.Refused.Select(x => "refused " + x.Type)))
                {
                    coverage[key] = coverage.GetValueOrDefault(key) + 1;
                }

                (loans, fines, notices, refusals) = (loans + engine.Loans.Count, fines + engine.FinesFees.Count, notices + engine.Notices.Count, refusals + engine.Refused.Count);
                differences = ReportDiff.Compare(engine, ReferenceModel.Replay(generated.Scenario));
            }
            catch (InvalidOperationException ex)
            {
                crashed++;
                differences = ["model threw: " + ex.Message];
            }

            if (differences.Count > 0)
            {
                failed++;
                var caseFile = Path.ChangeExtension(output, null) + "-" + failed.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".json";
                File.WriteAllText(caseFile, generated.Json);
                text.AppendLine("=== case " + caseFile).AppendLine(ReportDiff.Describe(differences)).AppendLine(Minified(generated.Json));
            }
        }

        static string Minified(string json) => System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(json).RootElement);
        File.WriteAllText(output, $"{failed} of {total} disagree ({crashed} model errors); engine totals: {loans} loans, {fines} fines/fees, {notices} notices, {refusals} refusals\n" + "\n"
            + "coverage (engine reports): " + string.Join(", ", coverage.Select(x => $"{x.Key} {x.Value}")) + "\n" + text);
    }
}

/// <summary>Replays one scenario file (<c>MODEL_CASE</c>) through both and writes both JSON reports and the
/// differences beside it, for triage.</summary>
[Trait("Category", "ModelLaw")]
public class ModelCaseTests
{
    [TriageFact("MODEL_CASE")]
    public void Case_FromEnvironment_WritesBothReports()
    {
        var path = Environment.GetEnvironmentVariable("MODEL_CASE")!;
        var read = ScenarioReader.ReadFile(path);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        var engine = ScenarioReplayer.Replay(read.Scenario!);
        var model = ReferenceModel.Replay(read.Scenario!);
        File.WriteAllText(path + ".engine.json", ScenarioReportJson.Write(engine));
        File.WriteAllText(path + ".model.json", ScenarioReportJson.Write(model));
        File.WriteAllText(path + ".diff.txt", ReportDiff.Describe(ReportDiff.Compare(engine, model)));
    }
}
