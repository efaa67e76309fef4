using Harvard.Circulation.Cli;

namespace Harvard.Circulation.Tests.Cli;

/// <summary>What one in-process run of <c>circ</c> printed and returned.</summary>
internal sealed record CircRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The stderr lines, without the final empty one.</summary>
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The stdout lines, without the final empty one.</summary>
    public string[] OutputLines => Stdout.TrimEnd('\n').Split('\n');

    public static CircRun Of(params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exit = CircApp.Run(args, stdout, stderr);
        return new CircRun(exit, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>A temporary folder for the files one test writes; deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "circ-tests-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}

/// <summary>Scenario and policy files the CLI tests replay: a faculty member and a 3-hour reserve at Widener.</summary>
internal static class CliFixtures
{
    /// <summary>
    /// A special borrower (group 25) borrows Middlemarch (regular) and a 3-hour reserve; the reserve comes back
    /// at 20:00, 415 minutes late (7 hours at 3.00 = 21.00); a renewal of the claimed-returned book is refused.
    /// </summary>
    public const string ReserveScenario = """
        {
          "format": 1,
          "name": "Late reserve and a claimed return",
          "policy": "harvard-default",
          "patrons": [ { "id": "10000001", "group": "25", "name": "Ada Lovelace" } ],
          "items": [
            { "barcode": "32044000000001", "title": "Middlemarch", "itemPolicy": "regular", "library": "WID", "replacementCost": "45.00" },
            { "barcode": "32044000000002", "title": "Course reader", "itemPolicy": "reserve-3h", "library": "WID", "location": "RESERVES" }
          ],
          "events": [
            { "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000001" },
            { "at": "2026-01-05T10:05:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000002" },
            { "at": "2026-01-05T20:00:00-05:00", "type": "checkIn", "item": "32044000000002" },
            { "at": "2026-02-10T09:00:00-05:00", "type": "claimReturned", "item": "32044000000001" },
            { "at": "2026-02-11T09:00:00-05:00", "type": "renew", "item": "32044000000001" }
          ],
          "asOf": "2026-03-01T00:00:00-05:00"
        }
        """;

    /// <summary>What <c>circ explain --format json</c> writes: a faculty member's 3-hour reserve at Widener.</summary>
    public static string Explanation => ExplanationText.Value;

    /// <summary>What <c>circ policy matrix --format json</c> writes for <c>harvard-default</c> at Widener.</summary>
    public static string PolicyMatrix => PolicyMatrixText.Value;

    // Run, not written out: the tests that give these files back must follow what the tool really writes.
    private static readonly Lazy<string> ExplanationText = new(() => Output("explain", "--group", "21", "--item-policy", "reserve-3h", "--library", "WID", "--at", "2026-01-09T15:30:00-05:00", "--format", "json"));
    private static readonly Lazy<string> PolicyMatrixText = new(() => Output("policy", "matrix", "--library", "WID", "--format", "json"));

    /// <summary>A small valid policy: Widener, a special borrower, regular loans and 3-hour reserves.</summary>
    public const string WidenerPolicy = """
        {
          "format": 1,
          "name": "Widener only",
          "timeZone": "America/New_York",
          "userGroups": [ { "code": "25", "name": "Special Borrower", "maxLoans": 50 } ],
          "itemPolicies": [ { "code": "regular", "name": "Regular loan" }, { "code": "reserve-3h", "name": "3 hour reserve" } ],
          "libraries": [ { "code": "WID", "name": "Widener Library" } ],
          "termsOfUse": [
            { "id": "regular", "loan": { "period": "P14D" } },
            { "id": "reserve-3h", "loan": { "period": "PT3H", "dueTime": "exact" },
              "overdueFine": { "amount": "1.00", "per": "hour", "max": "10.00" } }
          ],
          "rules": [
            { "id": "reserves", "itemPolicy": "reserve-3h", "termsOfUse": "reserve-3h" },
            { "id": "default", "termsOfUse": "regular" }
          ]
        }
        """;

    private static string Output(params string[] args)
    {
        var run = CircRun.Of(args);
        return run.ExitCode == ExitCodes.Ok ? run.Stdout : throw new InvalidOperationException($"circ {string.Join(' ', args)} exited {run.ExitCode}: {run.Stderr}");
    }
}
