using System.Text.Json;
using Harvard.Circulation.Cli;
using Harvard.Circulation.Formats.Scenarios;

namespace Harvard.Circulation.Tests.Cli;

public sealed class CircAppSimulateTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Simulate_Json_PrintsTheReportExactly()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var run = CircRun.Of("simulate", path, "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        var expected = ScenarioReportJson.Write(ScenarioReplayer.Replay(ScenarioReader.ReadFile(path).Scenario!));
        Assert.Equal(expected, run.Stdout);
    }

    [Fact]
    public void Simulate_Json_ReportsLoansFineAndRefusal()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var run = CircRun.Of("simulate", path, "--format", "json");

        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("2026-03-01T05:00:00Z", root.GetProperty("asOf").GetString());
        var reserve = root.GetProperty("loans")[1];
        Assert.Equal("L2", reserve.GetProperty("id").GetString());
        Assert.Equal("returned", reserve.GetProperty("status").GetString());
        Assert.Equal("2026-01-05T18:05:00Z", reserve.GetProperty("dueAt").GetString());
        Assert.Equal("reserves-3h", reserve.GetProperty("rule").GetString());
        var fine = root.GetProperty("finesFees")[0];
        Assert.Equal("F1", fine.GetProperty("transactionId").GetString());
        Assert.Equal("L2", fine.GetProperty("loan").GetString());
        Assert.Equal("overdueFine", fine.GetProperty("type").GetString());
        Assert.Equal("21.00", fine.GetProperty("amount").GetString());
        Assert.Equal("21.00", root.GetProperty("balances").GetProperty("10000001").GetString());
        var refused = Assert.Single(root.GetProperty("refused").EnumerateArray());
        Assert.Equal(4, refused.GetProperty("event").GetInt32());
        Assert.Equal("renew", refused.GetProperty("type").GetString());
        Assert.Equal("renew is not allowed on loan L1: it is claimedReturned.", refused.GetProperty("reason").GetString());
    }

    [Fact]
    public void Simulate_TextIsTheDefault_PrintsHeaderTimelineAndTables()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        var lines = run.OutputLines;
        Assert.Equal("Scenario: Late reserve and a claimed return", lines[0]);
        Assert.Equal("As of:    2026-03-01 00:00 EST", lines[1]);
        Assert.Equal("Times are local to America/New_York, the policy's time zone; --utc prints them in UTC.", lines[2]);
        Assert.Contains("Timeline (5 events, 1 refused)", lines);
        Assert.Contains("  2026-01-05 10:05 EST  1  checkOut       patron 10000001, item 32044000000002  ok", lines);
        Assert.Contains("  2026-02-11 09:00 EST  4  renew          item 32044000000001                   REFUSED: Renew is not allowed on loan L1: it is claimed returned.", lines);
        foreach (var title in new[] { "Loans (2)", "Fines/fees (1)", "Balances (active, per patron)", "Notices (5)", "Return lists (most recent first)",
            "Requests (0)", "Sessions (0)", "Searches (0)", "Queries (0)", "Refused (1)" })
        {
            Assert.Contains(title, lines);
        }
    }

    [Fact]
    public void Simulate_Text_AlignsColumnsAndExplainsTheFine()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var lines = CircRun.Of("simulate", path, "--format", "text").OutputLines;

        var fines = Array.IndexOf(lines, "Fines/fees (1)");
        Assert.Equal("  ID  PATRON    LOAN  TYPE          STATUS     AMOUNT    BALANCE  TITLE", lines[fines + 1]);
        Assert.Equal("  --  --------  ----  ------------  ------  ---------  ---------  -------------", lines[fines + 2]);
        Assert.Equal("  F1  10000001  L2    overdue fine  active  21.00 USD  21.00 USD  Course reader", lines[fines + 3]);
        Assert.Equal(
            "    overdue 6 hours 55 minutes, past the grace of 1 hour, so all of it is charged: 7 started hours at 3.00 USD an hour = 21.00 USD; "
                + "accrual stopped at 2026-01-05 20:00 EST: the item was checked in",
            lines[fines + 4]);
        var balances = Array.IndexOf(lines, "Balances (active, per patron)");
        Assert.Equal("  10000001  21.00 USD", lines[balances + 3]);
        var loans = Array.IndexOf(lines, "Loans (2)");
        Assert.StartsWith("  L1  10000001  32044000000001  claimed returned  2026-01-05 10:00 EST  2026-02-02 23:59:59 EST  -", lines[loans + 3], StringComparison.Ordinal);
        Assert.Equal("    claimed returned 2026-02-10 09:00 EST", lines[loans + 4]);
        Assert.Contains("  (none)", lines);
    }

    [Fact]
    public void Simulate_PolicyOption_ReplacesTheScenarioPolicy()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);
        var policy = folder.Write("widener.json", CliFixtures.WidenerPolicy);

        var run = CircRun.Of("simulate", path, "--format", "json", "--policy", policy);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("reserves", json.RootElement.GetProperty("loans")[1].GetProperty("rule").GetString());
        Assert.Equal("7.00", json.RootElement.GetProperty("finesFees")[0].GetProperty("amount").GetString());
    }

    [Fact]
    public void Simulate_BadPolicyOption_ExitsTwoWithItsProblems()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);
        var policy = folder.Write("broken.json", CliFixtures.WidenerPolicy.Replace("\"P14D\"", "\"fortnight\"", StringComparison.Ordinal));

        var run = CircRun.Of("simulate", path, "--policy", policy);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(2, run.ErrorLines.Length);
        Assert.StartsWith("termsOfUse[0].loan.period: ", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal($"{policy}: not a valid policy: 1 problem", run.ErrorLines[1]);
    }

    [Fact]
    public void Simulate_MissingFile_ExitsTwoNamingThePath()
    {
        var path = Path.Combine(folder.Path, "missing.json");

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal([$"{path}: no such file"], run.ErrorLines);
    }

    [Fact]
    public void Simulate_Folder_ExitsTwo()
    {
        var run = CircRun.Of("simulate", folder.Path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal([$"{folder.Path}: is a folder, not a file"], run.ErrorLines);
    }

    [Fact]
    public void Simulate_NullIds_ReplaysWithTheDefaultIds()
    {
        // Was exit 1, "internal error: ArgumentNullException ... (Parameter 'requestId')": a null id was read as given.
        var path = folder.Write("null-ids.json", """
            {"format":1,"policy":"harvard-default","patrons":[{"id":"10000001","group":"21"},{"id":"10000002","group":"21"}],"staff":[{"id":"a"}],
            "items":[{"barcode":"I2","itemPolicy":"regular","library":"WID"}],
            "events":[{"at":"2026-01-05T11:00:00-05:00","type":"openSession","staff":"a","location":"WID","patron":"10000001","id":null},
            {"at":"2026-01-05T11:01:00-05:00","type":"placeRequest","patron":"10000002","item":"I2","id":null}],
            "asOf":"2026-01-06T00:00:00-05:00"}
            """);

        var run = CircRun.Of("simulate", path, "--format", "json");

        Assert.Equal(string.Empty, run.Stderr);
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("R1", json.RootElement.GetProperty("requests")[0].GetProperty("id").GetString());
        Assert.True(json.RootElement.GetProperty("sessions").TryGetProperty("S1", out _));
    }

    [Fact]
    public void Simulate_NullRecordType_KeepsThePatron()
    {
        // Was a report without the patron: the patron was left out with no problem reported.
        var path = folder.Write("null-record-type.json", """
            {"format":1,"policy":"harvard-default","patrons":[{"id":"10000001","group":"21","recordType":null}],"events":[],"asOf":"2026-01-06T00:00:00-05:00"}
            """);

        var run = CircRun.Of("simulate", path, "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("0.00", json.RootElement.GetProperty("balances").GetProperty("10000001").GetString());
    }

    [Fact]
    public void Simulate_BadJson_ExitsTwoWithLineAndColumn()
    {
        var path = folder.Write("bad.json", "{\n  \"format\": 1,\n  \"policy\": \n}");

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["line 4, column 1: not valid JSON: '}' is an invalid start of a value.", $"{path}: not a valid scenario: 1 problem"], run.ErrorLines);
    }

    [Fact]
    public void Simulate_BadJsonAfterAccentedLetters_ColumnCountsCharacters()
    {
        // Was column 34, the parser's byte position: each of the six accented letters is two bytes in UTF-8.
        var path = folder.Write("accents.json", "{\n  \"name\": \"Éloïse Ünïcödé\",,\n  \"format\": 1\n}");

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["line 2, column 28: not valid JSON: ',' is an invalid start of a property name. Expected a '\"'.", $"{path}: not a valid scenario: 1 problem"], run.ErrorLines);
    }

    [Fact]
    public void Simulate_PolicyFileNotJson_NamesThePolicyFieldAndTheFile()
    {
        folder.Write("policy-broken.json", "{\n \"format\": 1,,\n}");
        var path = folder.Write("scenario.json", """{"format": 1, "policy": "policy-broken.json", "events": [], "asOf": "2026-01-06T00:00:00-05:00"}""");

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(
            [
                "policy: policy-broken.json: line 2, column 14: not valid JSON: ',' is an invalid start of a property name. Expected a '\"'.",
                $"{path}: not a valid scenario: 1 problem",
            ],
            run.ErrorLines);
    }

    [Fact]
    public void Simulate_ItemListedWithAProblem_IsNotAlsoAnUnknownItem()
    {
        // Was also "events[0].item: 'I1' is not an item of the scenario (did you mean 'I2'?)", though I1 is listed.
        var path = folder.Write("missing-library.json", """
            {"format":1,"policy":"harvard-default","patrons":[{"id":"10000001","group":"21"}],
            "items":[{"barcode":"I1","itemPolicy":"regular"},{"barcode":"I2","itemPolicy":"regular","library":"WID"}],
            "events":[{"at":"2026-01-05T10:00:00-05:00","type":"checkOut","patron":"10000001","item":"I1"}],
            "asOf":"2026-01-06T00:00:00-05:00"}
            """);

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["items[0].library: is required", $"{path}: not a valid scenario: 1 problem"], run.ErrorLines);
    }

    [Fact]
    public void Simulate_UnknownEventType_ExitsTwoWithThePath()
    {
        var path = folder.Write("lose.json", CliFixtures.ReserveScenario.Replace("\"type\": \"checkOut\", \"patron\": \"10000001\", \"item\": \"32044000000001\"",
            "\"type\": \"lose\", \"patron\": \"10000001\", \"item\": \"32044000000001\"", StringComparison.Ordinal));

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(["events[0].type: 'lose' is not an event type", $"{path}: not a valid scenario: 1 problem"], run.ErrorLines);
    }

    [Fact]
    public void Simulate_EventsOutOfOrder_ExitsTwoNamingTheEvent()
    {
        var path = folder.Write("order.json", CliFixtures.ReserveScenario.Replace("2026-01-05T20:00:00-05:00", "2026-01-05T09:00:00-05:00", StringComparison.Ordinal));

        var run = CircRun.Of("simulate", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(
            [
                "events[2].at: '2026-01-05T09:00:00-05:00' is before events[1].at '2026-01-05T10:05:00-05:00': events must be in time order",
                $"{path}: not a valid scenario: 1 problem",
            ],
            run.ErrorLines);
    }

    [Fact]
    public void Simulate_UnknownFormat_ExitsTwoWithUsage()
    {
        var path = folder.Write("reserve.json", CliFixtures.ReserveScenario);

        var run = CircRun.Of("simulate", path, "--format", "xml");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(["circ simulate: --format: 'xml' is not one of text, json, svg, changes", "Run 'circ simulate --help' for usage."], run.ErrorLines);
    }

    [Fact]
    public void Simulate_NoFile_ExitsTwo()
    {
        var run = CircRun.Of("simulate");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.StartsWith("circ simulate: ", run.Stderr, StringComparison.Ordinal);
    }
}

/// <summary><c>circ generate</c> and a replay's progress.</summary>
public sealed class CircAppGenerateTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Generate_ToFile_ReplaysWithExitZero()
    {
        var path = Path.Combine(folder.Path, "workload.json");

        var generated = CircRun.Of("generate", "--patrons", "30", "--items", "60", "--days", "10", "--seed", "4", "--out", path);
        var replayed = CircRun.Of("simulate", path, "--format", "json");

        Assert.Equal((0, string.Empty, string.Empty), (generated.ExitCode, generated.Stdout, generated.Stderr));
        Assert.Equal(0, replayed.ExitCode);
        Assert.StartsWith("{\n  \"format\": 1,", replayed.Stdout, StringComparison.Ordinal);
        Assert.Equal(CircRun.Of("generate", "--patrons", "30", "--items", "60", "--days", "10", "--seed", "4").Stdout.TrimEnd('\n'), File.ReadAllText(path));
    }

    [Fact]
    public void Generate_UnknownPolicyFile_NamedWithExitTwo()
    {
        var run = CircRun.Of("generate", "--patrons", "3", "--items", "3", "--days", "1", "--policy", "no-such-policy.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["no-such-policy.json: no such file"], run.ErrorLines);
    }

    [Fact]
    public void Simulate_Progress_LinesOnStderrReportAloneOnStdout()
    {
        var path = Path.Combine(folder.Path, "workload.json");
        Assert.Equal(0, CircRun.Of("generate", "--patrons", "20", "--items", "40", "--days", "5", "--out", path).ExitCode);
        var plain = CircRun.Of("simulate", path, "--format", "json");
        var stderr = new StringWriter();
        var events = Harvard.Circulation.Formats.Scenarios.ScenarioReader.ReadFile(path).Scenario!.Events.Count;

        // Shown from the first event on, every event: the thresholds of a real replay are two seconds and one.
        var progress = ReplayProgress.For(asked: true, stderr, events, firstAfter: TimeSpan.Zero, every: TimeSpan.Zero)!;
        for (var done = 1; done <= events; done++)
        {
            progress.Replayed(done);
        }

        Assert.Equal(plain.Stdout, CircRun.Of("simulate", path, "--format", "json", "--progress").Stdout);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.Matches(@"^replayed [\d,]+ of [\d,]+ events \(\d+ %, [\d,]+ events/s\)$", lines[0]);
        Assert.StartsWith($"replayed {events:N0} of {events:N0} events (100 %", lines[^1], StringComparison.Ordinal);
    }
}
