using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Cli;

/// <summary><c>circ simulate FILE [--format text|json] [--policy FILE]</c>: replays a scenario file and prints its report.</summary>
internal static class SimulateCommand
{
    /// <summary>The report formats <c>--format</c> accepts.</summary>
    public static readonly string[] Formats = ["text", "json"];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string path, string format, string? policyPath, TextWriter stdout, TextWriter stderr)
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
            foreach (var problem in read.Problems)
            {
                stderr.WriteLine(problem.ToString());
            }

            return ExitCodes.Rejected;
        }

        var report = ScenarioReplayer.Replay(read.Scenario!);
        if (format == "json")
        {
            stdout.Write(ScenarioReportJson.Write(report));
        }
        else
        {
            ReportText.Write(report, stdout);
        }

        return ExitCodes.Ok;
    }
}
