using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Cli;

/// <summary><c>circ simulate FILE [--format text|json|svg|changes] [--policy FILE] [--state-in STATE] [--state-out STATE]
/// [--utc] [--summary]</c>: replays a scenario file (continuing a state file's desk with <c>--state-in</c>) and prints
/// its report, or its changes as JSON lines; <c>--state-out</c> writes the desk at the scenario's asOf as a state file
/// (<c>docs/state.md</c>).</summary>
internal static class SimulateCommand
{
    /// <summary>The report formats <c>--format</c> accepts.</summary>
    public static readonly string[] Formats = ["text", "json", "svg", "changes"];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string path, string format, string? policyPath, TextReportOptions options, TextWriter stdout, TextWriter stderr, bool progress = false,
        string? stateIn = null, string? stateOut = null)
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

        // Checked before the replay: a run of a million events is not thrown away, nor its changes printed, for a
        // state file that could never be written. A write that fails later is still caught by WriteState.
        if (stateOut is not null && StateOutProblem(stateOut) is { } unwritable)
        {
            stderr.WriteLine($"{stateOut}: cannot be written (--state-out): {unwritable}");
            return ExitCodes.Rejected;
        }

        StateFile? from = null;
        if (stateIn is not null)
        {
            if (!File.Exists(stateIn))
            {
                stderr.WriteLine($"{stateIn}: {(Directory.Exists(stateIn) ? "is a folder, not a file" : "no such file")} (--state-in)");
                return ExitCodes.Rejected;
            }

            var state = StateReader.ReadFile(stateIn);
            if (!state.IsValid)
            {
                FileProblems.Write(stateIn, "state file", state.Problems.Select(p => (p.Path, p.Message)), stderr);
                return ExitCodes.Rejected;
            }

            from = state.State;
        }

        var read = ScenarioReader.ReadFile(path, policyOverride, from);
        if (!read.IsValid)
        {
            var kind = FileKinds.Guess(path);
            if (FileKinds.OutputGivenAsInput(kind, path, "scenario") is { } misplaced)
            {
                stderr.WriteLine(misplaced);
                return ExitCodes.Rejected;
            }

            if (kind == FileKind.Policy)
            {
                stderr.WriteLine($"{path}: this is a policy file, not a scenario: check it with 'circ lint {path}', or replay a scenario on it with 'circ simulate SCENARIO --policy {path}'");
                return ExitCodes.Rejected;
            }

            FileProblems.Write(path, "scenario", read.Problems.Select(p => (p.Path, p.Message)), stderr);
            return ExitCodes.Rejected;
        }

        var scenario = read.Scenario!;
        Action<int?, Harvard.Circulation.Desk.DeskStep>? stepped = format == "changes" ? (index, step) => ChangeLines.Write(stdout, index, step) : null;
        var replay = ScenarioReplayer.ReplayWithDesk(scenario, ReplayProgress.For(progress, stderr, scenario.Events.Count) is { } shown ? shown.Replayed : null, stepped);
        var report = replay.Report;
        if (stateOut is not null && !WriteState(stateOut, replay.Desk, stderr))
        {
            return ExitCodes.Rejected;
        }

        switch (format)
        {
            case "changes":
                // Written as the replay made them.
                break;
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

    /// <summary>Why a state file could not be written at a path, when that is plain before writing it.</summary>
    private static string? StateOutProblem(string path)
    {
        if (Directory.Exists(path))
        {
            return "it is a folder";
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is null || folder.Length == 0 || Directory.Exists(folder) ? null : $"the folder {folder} does not exist";
    }

    /// <summary>Writes the desk's state to a file: to a temporary file beside it first, then moved into place, so
    /// that a state file is never left half written. The policy is named when it is the embedded one, else inline.</summary>
    private static bool WriteState(string path, Harvard.Circulation.Desk.CirculationDesk desk, TextWriter stderr)
    {
        var name = desk.Policy.Equals(EmbeddedPolicies.HarvardDefault) ? EmbeddedPolicies.HarvardDefaultName : null;
        var temporary = path + ".tmp";
        try
        {
            using (var stream = File.Create(temporary))
            {
                StateWriter.WriteTo(stream, StateFile.Of(desk, name));
            }

            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            stderr.WriteLine($"{path}: cannot be written (--state-out): {ex.Message}");
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // The temporary file stays; the message above says what failed.
            }

            return false;
        }
    }
}
