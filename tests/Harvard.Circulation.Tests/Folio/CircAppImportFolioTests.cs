using System.Text.Json;
using Harvard.Circulation.Cli;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Tests.Cli;

namespace Harvard.Circulation.Tests.Folio;

/// <summary><c>circ import-folio</c> and <c>circ explain --format json</c>, run in-process.</summary>
public sealed class CircAppImportFolioTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ImportFolio_NoOut_PolicyToStdoutSummaryToStderr()
    {
        var bundle = folder.Write("bundle.json", FolioExportFixture.Export().ToJsonString());

        var run = CircRun.Of("import-folio", bundle);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.True(PolicyReader.Read(run.Stdout).IsValid);
        Assert.Equal(
        [
            "Imported 3 rules from 2 FOLIO rule lines and the fallback (line 2), 2 terms of use.",
            "Notes (1):",
            "  retention: FOLIO's anonymization settings are not part of the export: the retention defaults apply (returns anonymized after P60D, loans with fines/fees kept, return lists for P6M, sessions idle after PT5M)",
            "FOLIO also behaves differently whatever the data, in 9 ways: see docs/folio.md, or --report.",
        ], run.ErrorLines);
    }

    [Fact]
    public void ImportFolio_OutAndReport_WritesBothAndSaysSo()
    {
        var bundle = folder.Write("bundle.json", FolioExportFixture.Export().ToJsonString());
        var policy = Path.Combine(folder.Path, "policy.json");
        var report = Path.Combine(folder.Path, "report.json");

        var run = CircRun.Of("import-folio", bundle, "--out", policy, "--report", report, "--name", "Main Library");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal($"{policy}: 3 rules, 2 terms of use; report in {report}\n", run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Equal("Main Library", PolicyReader.Read(File.ReadAllText(policy)).PolicyOrThrow().Name);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(1, json.RootElement.GetProperty("format").GetInt32());
        Assert.Equal(["folio-L5", "folio-L4", "folio-fallback"], json.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("rules")[2].GetProperty("line").ValueKind);
        Assert.Equal(9, json.RootElement.GetProperty("differences").GetArrayLength());
    }

    [Fact]
    public void ImportFolio_Errors_PathMessageExit2NothingWritten()
    {
        var export = FolioExportFixture.Export();
        export.Record("loanPolicies")["loansPolicy"]!["profileId"] = "Fixed";
        export["rulesAsText"] = FolioExportFixture.Rules.ReplaceLineEndings("\n") + "\n\tm dvd: l x";
        var bundle = folder.Write("bundle.json", export.ToJsonString());
        var policy = Path.Combine(folder.Path, "policy.json");
        var report = Path.Combine(folder.Path, "report.json");

        var run = CircRun.Of("import-folio", bundle, "--out", policy, "--report", report);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(
        [
            "rulesAsText:6:1: a tab character is not allowed: indent and separate with spaces",
            "loanPolicies[0].loansPolicy.profileId: 'Fixed' has no equivalent: due dates from a fixed due date schedule cannot be imported, only 'Rolling' loan periods",
        ], run.ErrorLines);
        Assert.False(File.Exists(policy));
        Assert.False(File.Exists(report));
    }

    [Fact]
    public void ImportFolio_ReportCannotBeWritten_Exit2AndNoPolicyWrittenEither()
    {
        // §1: exit 2, nothing written — a report that cannot be written leaves no policy file behind.
        var bundle = folder.Write("bundle.json", FolioExportFixture.Export().ToJsonString());
        var policy = Path.Combine(folder.Path, "policy.json");
        var report = Path.Combine(folder.Path, "a-folder");
        Directory.CreateDirectory(report);

        var run = CircRun.Of("import-folio", bundle, "--out", policy, "--report", report);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal([$"--report: {report} cannot be written: it is a folder"], run.ErrorLines);
        Assert.False(File.Exists(policy));
        Assert.Equal(["a-folder", "bundle.json"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ImportFolio_ReportCannotBeWritten_AnEarlierPolicyFileIsKept()
    {
        var bundle = folder.Write("bundle.json", FolioExportFixture.Export().ToJsonString());
        var policy = folder.Write("policy.json", "the previous policy");
        var report = Path.Combine(folder.Path, "a-folder");
        Directory.CreateDirectory(report);

        var run = CircRun.Of("import-folio", bundle, "--out", policy, "--report", report);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal("the previous policy", File.ReadAllText(policy));
    }

    [Fact]
    public void ImportFolio_ReportFailsWhileWriting_NoPolicyAndNoTemporaryFileStays()
    {
        // A report name that is a valid file name, but too long for the temporary file beside it: the report fails
        // after the policy's temporary file was written, which goes again.
        var bundle = folder.Write("bundle.json", FolioExportFixture.Export().ToJsonString());
        var policy = folder.Write("policy.json", "the previous policy");
        var report = Path.Combine(folder.Path, new string('r', 230) + ".json");

        var run = CircRun.Of("import-folio", bundle, "--out", policy, "--report", report);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.StartsWith($"--report: {report} cannot be written: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Equal("the previous policy", File.ReadAllText(policy));
        Assert.Equal(["bundle.json", "policy.json"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ImportFolio_OutOverAnEarlierFile_ReplacedAndNoTemporaryFileStays()
    {
        var bundle = folder.Write("bundle.json", FolioExportFixture.Export().ToJsonString());
        var policy = folder.Write("policy.json", "the previous policy");
        var report = folder.Write("report.json", "the previous report");

        var run = CircRun.Of("import-folio", bundle, "--out", policy, "--report", report);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.True(PolicyReader.Read(File.ReadAllText(policy)).IsValid);
        Assert.StartsWith("{", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Equal(["bundle.json", "policy.json", "report.json"], Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ImportFolio_Strict_ApproximationIsAnError()
    {
        var export = FolioExportFixture.Export();
        export.Record("loanPolicies")["loansPolicy"]!["itemLimit"] = 3;
        var bundle = folder.Write("bundle.json", export.ToJsonString());

        var lenient = CircRun.Of("import-folio", bundle);
        var strict = CircRun.Of("import-folio", bundle, "--strict");

        Assert.Equal(ExitCodes.Ok, lenient.ExitCode);
        Assert.Contains("  loanPolicies[0].loansPolicy.itemLimit: approximation: the item limit of 3 per patron for the items this rule matches is dropped [A4]", lenient.ErrorLines);
        Assert.Equal(ExitCodes.Rejected, strict.ExitCode);
        Assert.Equal(["loanPolicies[0].loansPolicy.itemLimit: the item limit of 3 per patron for the items this rule matches is dropped [A4; an error under --strict]"], strict.ErrorLines);
    }

    [Fact]
    public void ImportFolio_BadOptionsAndMissingSource_AllNamed()
    {
        var run = CircRun.Of("import-folio", Path.Combine(folder.Path, "nothing-here"), "--time-zone", "Mars/Base", "--currency", "dkk",
            "--out", Path.Combine(folder.Path, "no-folder", "policy.json"));

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(
        [
            $"{Path.Combine(folder.Path, "nothing-here")}: no such file or folder",
            "--time-zone: 'Mars/Base' is not a time zone id (an IANA id such as America/New_York)",
            "--currency: 'dkk' is not a three-letter upper-case currency code",
            $"--out: no folder '{Path.Combine(folder.Path, "no-folder")}' to write {Path.Combine(folder.Path, "no-folder", "policy.json")} in",
        ], run.ErrorLines);
    }

    [Fact]
    public void ImportFolio_TimeZoneOption_WinsOverSettings()
    {
        var export = FolioExportFixture.Export();
        export["settings"]!.AsObject().Remove("timeZone");
        var bundle = folder.Write("bundle.json", export.ToJsonString());

        var run = CircRun.Of("import-folio", bundle, "--time-zone", "America/Chicago", "--currency", "USD");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var policy = PolicyReader.Read(run.Stdout).PolicyOrThrow();
        Assert.Equal(("America/Chicago", "USD"), (policy.TimeZone.Id, policy.Currency));
    }

    [Fact]
    public void ExplainJson_HarvardDefault_RuleTermsVerdictsAndDue()
    {
        var run = CircRun.Of("explain", "--group", "21", "--item-policy", "reserve-3h", "--library", "WID", "--at", "2026-01-09T15:30:00-05:00", "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(("reserves-3h", 7, "reserve-3h"), (root.GetProperty("rule").GetString(), root.GetProperty("ruleIndex").GetInt32(), root.GetProperty("termsOfUse").GetString()));
        Assert.Equal(7, root.GetProperty("verdicts").GetArrayLength());
        Assert.Equal(["userGroup"], root.GetProperty("verdicts")[0].GetProperty("mismatched").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["userGroup", "itemPolicy"], root.GetProperty("verdicts")[1].GetProperty("mismatched").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2026-01-09T22:00:00Z", root.GetProperty("due").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("location").ValueKind);
    }

    [Fact]
    public void ExplainJson_NoRuleMatches_NullsAndEveryVerdict()
    {
        var policy = folder.Write("widener.json", CliFixtures.WidenerPolicy.Replace("""{ "id": "default", "termsOfUse": "regular" }""", """{ "id": "stacks", "location": "STACKS", "termsOfUse": "regular" }""", StringComparison.Ordinal));

        var run = CircRun.Of("explain", "--policy", policy, "--group", "25", "--item-policy", "regular", "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("rule").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("termsOfUse").ValueKind);
        Assert.Equal(["itemPolicy", "location"], json.RootElement.GetProperty("verdicts").EnumerateArray()
            .Select(v => string.Join('+', v.GetProperty("mismatched").EnumerateArray().Select(e => e.GetString()))));
    }

    [Fact]
    public void ExplainText_FormatOptionLeftOut_Unchanged()
    {
        var text = CircRun.Of("explain", "--group", "21", "--item-policy", "reserve-3h", "--library", "WID");
        var explicitText = CircRun.Of("explain", "--group", "21", "--item-policy", "reserve-3h", "--library", "WID", "--format", "text");

        Assert.Equal(text.Stdout, explicitText.Stdout);
        Assert.StartsWith("Policy:", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Rejected, CircRun.Of("explain", "--group", "21", "--item-policy", "regular", "--format", "xml").ExitCode);
    }
}
