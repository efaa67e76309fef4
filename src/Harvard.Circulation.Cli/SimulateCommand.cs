using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Cli;

/// <summary><c>circ simulate FILE [--format text|json|svg] [--policy FILE] [--utc] [--summary]</c>: replays a
/// scenario file and prints its report.</summary>
internal static class SimulateCommand
{
    /// <summary>The report formats <c>--format</c> accepts.</summary>
    public static readonly string[] Formats = ["text", "json", "svg"];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string path, string format, string? policyPath, TextReportOptions options, TextWriter stdout, TextWriter stderr, bool progress = false)
    {
        Policy? policyOverride = null;
        if (policyPath is not null)
        {
            policyOverride = PolicyFiles.Load(policyPath, stderr);
            if (policyOverride is null)
            {
                return ExitCodes.Rejected;
            }
        }

        if (!File.Exists(path))
        {
            stderr.WriteLine($"{path}: {(Directory.Exists(path) ? "is a folder, not a file" : "no such file")}");
            return ExitCodes.Rejected;
        }

        var read = ScenarioReader.ReadFile(path, policyOverride);
        if (!read.IsValid)
        {
            if (FileProblems.Guess(path) == FileProblems.Kind.Policy)
            {
                stderr.WriteLine($"{path}: this is a policy file, not a scenario: check it with 'circ lint {path}', or replay a scenario on it with 'circ simulate SCENARIO --policy {path}'");
                return ExitCodes.Rejected;
            }

            FileProblems.Write(path, "scenario", read.Problems.Select(p => (p.Path, p.Message)), stderr);
            return ExitCodes.Rejected;
        }

        var scenario = read.Scenario!;
        var report = ScenarioReplayer.Replay(scenario, ReplayProgress.For(progress, stderr, scenario.Events.Count) is { } shown ? shown.Replayed : null);
        switch (format)
        {
            case "json" when ReferenceEquals(stdout, Console.Out):
                // Streamed: the report of a million events is never one string.
                stdout.Flush();
                using (var output = Console.OpenStandardOutput())
                {
                    ScenarioReportJson.WriteTo(output, report);
                }

                break;
            case "json":
                stdout.Write(ScenarioReportJson.Write(report));
                break;
            case "svg":
                stdout.Write(SvgReport.Write(scenario, report, options));
                break;
            default:
                ReportText.Write(scenario, report, options, stdout);
                break;
        }

        return ExitCodes.Ok;
    }
}
