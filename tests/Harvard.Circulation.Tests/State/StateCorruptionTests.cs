using System.Text.Json.Nodes;
using Harvard.Circulation.Cli;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Tests.Cli;

namespace Harvard.Circulation.Tests.State;

/// <summary>
/// A state file with any kind of corruption, or a scenario that cannot continue it, is rejected by
/// <c>circ simulate --state-in</c> with exit 2, the problem named at its path, nothing replayed and no
/// <c>--state-out</c> file written; the library reader gives no state either.
/// </summary>
public sealed class StateCorruptionTests
{
    /// <summary>Two patrons, two items: L1 returned, a damage fine partly paid, L2 still out.</summary>
    private const string Scenario = """
        {
          "format": 1,
          "policy": "harvard-default",
          "patrons": [ { "id": "P1", "group": "21", "name": "Ada Lovelace" }, { "id": "P2", "group": "25" } ],
          "items": [
            { "barcode": "I1", "title": "Middlemarch", "itemPolicy": "regular", "library": "WID" },
            { "barcode": "I2", "itemPolicy": "regular", "library": "WID" }
          ],
          "events": [
            { "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "P1", "item": "I1" },
            { "at": "2026-01-05T11:00:00-05:00", "type": "checkOut", "patron": "P2", "item": "I2" },
            { "at": "2026-03-10T10:00:00-05:00", "type": "checkIn", "item": "I1" },
            { "at": "2026-03-10T10:30:00-05:00", "type": "charge", "patron": "P1", "feeType": "damagedItemFine", "amount": "5.00" },
            { "at": "2026-03-11T10:00:00-05:00", "type": "pay", "patron": "P1", "amount": "1.00" }
          ],
          "asOf": "2026-03-12T00:00:00-05:00"
        }
        """;

    private const string Continuation = """
        {
          "format": 1,
          "policy": "harvard-default",
          "events": [ { "at": "2026-03-13T10:00:00-05:00", "type": "checkIn", "item": "I2" } ],
          "asOf": "2026-03-20T00:00:00-05:00"
        }
        """;

    public static TheoryData<string, string> Corruptions() => new()
    {
        { "malformed JSON", "line " },
        { "format 2", "format: format 2 is not supported" },
        { "unknown field", "loans[0].colour: unknown field" },
        { "missing field", "loans[1].dueAt: is required" },
        { "wrong type", "numbering.loans: expected a whole number" },
        { "loan of an unknown patron", "loans[0].patronId: patron nobody is not among the patrons" },
        { "two open loans of an item", "two open loans" },
        { "balance that does not add up", "finesFees[0].balance: does not add up" },
        { "instant after asOf", "loans[1].loanedAt: " },
        { "unknown policy name", "policy: 'harvard-special' is not an embedded policy" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void StateIn_CorruptState_IsRejectedAtItsPathAndNothingIsWritten(string corruption, string expected)
    {
        using var folder = new TempFolder();
        var state = folder.Write("corrupt.state.json", Corrupt(ValidState(folder), corruption));
        var next = folder.Write("next.json", Continuation);
        var output = Path.Combine(folder.Path, "out.state.json");

        var run = CircRun.Of("simulate", next, "--state-in", state, "--state-out", output);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{state}: not a valid state file", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.False(File.Exists(output));
        Assert.DoesNotContain("Ada Lovelace", run.Stderr, StringComparison.Ordinal);
        var read = StateReader.ReadFile(state);
        Assert.Null(read.State);
        Assert.NotEmpty(read.Problems);
    }

    public static TheoryData<string, string, string> BadContinuations() => new()
    {
        {
            "policy mismatch",
            Continuation.Replace("\"policy\": \"harvard-default\"", "\"policy\": " + CliFixtures.WidenerPolicy.ReplaceLineEndings(" "), StringComparison.Ordinal),
            "policy: is not the policy of the state the scenario continues"
        },
        {
            "event before the state's instant",
            Continuation.Replace("2026-03-13T10:00:00-05:00", "2026-03-11T10:00:00-05:00", StringComparison.Ordinal),
            "events[0].at: '2026-03-11T10:00:00-05:00' is before the state's instant (2026-03-12T05:00:00Z)"
        },
        {
            "conflicting patron",
            Continuation.Replace("\"events\"", "\"patrons\": [ { \"id\": \"P2\", \"group\": \"25\" }, { \"id\": \"P1\", \"group\": \"25\" } ], \"events\"", StringComparison.Ordinal),
            "patrons[1].id: patron 'P1' is already in the state with other data"
        },
        {
            "conflicting item",
            Continuation.Replace("\"events\"", "\"items\": [ { \"barcode\": \"I2\", \"itemPolicy\": \"regular\", \"library\": \"LAM\" } ], \"events\"", StringComparison.Ordinal),
            "items[0].barcode: item 'I2' is already in the state with other data"
        },
        {
            "staff member neither the state nor the scenario has",
            Continuation.Replace("\"events\": [", "\"events\": [ { \"at\": \"2026-03-13T09:00:00-05:00\", \"type\": \"openSession\", \"staff\": \"S-1\", \"location\": \"WID\", \"patron\": \"P1\", \"id\": \"x\" },", StringComparison.Ordinal),
            "events[0].staff: 'S-1' is not a staff member of the scenario"
        },
    };

    [Theory]
    [MemberData(nameof(BadContinuations))]
    public void StateIn_ScenarioThatCannotContinueTheState_IsRejectedNamingThePath(string what, string scenario, string expected)
    {
        using var folder = new TempFolder();
        var state = ValidState(folder);
        var next = folder.Write("next.json", scenario);
        var output = Path.Combine(folder.Path, "out.state.json");

        var run = CircRun.Of("simulate", next, "--state-in", state, "--state-out", output);

        Assert.True(run.ExitCode == ExitCodes.Rejected, what + ": " + run.Stderr);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{next}: not a valid scenario", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void StateIn_ScenarioRepeatingThePatronsUnchanged_ContinuesAndAddsNewOnes()
    {
        using var folder = new TempFolder();
        var state = ValidState(folder);
        var next = folder.Write("next.json", Continuation.Replace(
            "\"events\"", "\"patrons\": [ { \"id\": \"P1\", \"group\": \"21\", \"name\": \"Ada Lovelace\" }, { \"id\": \"P3\", \"group\": \"21\" } ], \"events\"", StringComparison.Ordinal));

        var run = CircRun.Of("simulate", next, "--state-in", state, "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        var balances = JsonNode.Parse(run.Stdout)!["balances"]!.AsObject().Select(b => b.Key);
        Assert.Equal(["P1", "P2", "P3"], balances);
    }

    [Fact]
    public void StateIn_MissingFile_IsRejectedNamingIt()
    {
        using var folder = new TempFolder();
        var next = folder.Write("next.json", Continuation);
        var missing = Path.Combine(folder.Path, "missing.json");

        var run = CircRun.Of("simulate", next, "--state-in", missing);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal($"{missing}: no such file (--state-in)", run.ErrorLines.Single());
    }

    [Fact]
    public void StateOut_IntoAFolderThatDoesNotExist_IsRejectedNamingIt()
    {
        using var folder = new TempFolder();
        var scenario = folder.Write("first.json", Scenario);
        var output = Path.Combine(folder.Path, "no-such-folder", "out.state.json");

        var run = CircRun.Of("simulate", scenario, "--state-out", output);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.StartsWith($"{output}: cannot be written (--state-out)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void StateOut_UnwritableWithTheChangesFormat_IsRejectedBeforeAnyChangeIsPrinted()
    {
        using var folder = new TempFolder();
        var scenario = folder.Write("first.json", Scenario);
        var output = Path.Combine(folder.Path, "no-such-folder", "out.state.json");

        var run = CircRun.Of("simulate", scenario, "--format", "changes", "--state-out", output);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.StartsWith($"{output}: cannot be written (--state-out): the folder ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void StateOut_ThatIsAFolder_IsRejectedNamingIt()
    {
        using var folder = new TempFolder();
        var scenario = folder.Write("first.json", Scenario);

        var run = CircRun.Of("simulate", scenario, "--format", "changes", "--state-out", folder.Path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal($"{folder.Path}: cannot be written (--state-out): it is a folder", run.Stderr.Trim());
        Assert.Empty(run.Stdout);
    }

    private static string ValidState(TempFolder folder)
    {
        var scenario = folder.Write("first.json", Scenario);
        var state = Path.Combine(folder.Path, "valid.state.json");
        var run = CircRun.Of("simulate", scenario, "--state-out", state);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.True(StateReader.ReadFile(state).IsValid);
        return state;
    }

    private static string Corrupt(string path, string corruption)
    {
        var text = File.ReadAllText(path);
        if (corruption == "malformed JSON")
        {
            return text[..(text.Length / 2)];
        }

        var state = JsonNode.Parse(text)!.AsObject();
        var loans = state["loans"]!.AsArray();
        switch (corruption)
        {
            case "format 2":
                state["format"] = 2;
                break;
            case "unknown field":
                loans[0]!["colour"] = "red";
                break;
            case "missing field":
                loans[1]!.AsObject().Remove("dueAt");
                break;
            case "wrong type":
                state["numbering"]!["loans"] = "two";
                break;
            case "loan of an unknown patron":
                loans[0]!["patronId"] = "nobody";
                break;
            case "two open loans of an item":
                loans[0]!["itemBarcode"] = loans[1]!["itemBarcode"]!.GetValue<string>();
                loans[0]!["status"] = "onLoan";
                loans[0]!["returnedAt"] = null;
                break;
            case "balance that does not add up":
                state["finesFees"]![0]!["balance"] = "999.00";
                break;
            case "instant after asOf":
                loans[1]!["loanedAt"] = "2027-01-01T00:00:00Z";
                break;
            case "unknown policy name":
                state["policy"] = "harvard-special";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(corruption), corruption, "Not a corruption.");
        }

        return state.ToJsonString();
    }
}
