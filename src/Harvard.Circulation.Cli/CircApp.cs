using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Harvard.Circulation.Formats.Policies;

namespace Harvard.Circulation.Cli;

/// <summary>
/// The <c>circ</c> tool, runnable in-process: parses the arguments, runs the command and returns its exit code
/// (<see cref="ExitCodes"/>), writing the output to <c>stdout</c> and every problem to <c>stderr</c>, one per
/// line. It never throws: anything unexpected is printed as <c>internal error: ...</c> with exit code 1.
/// </summary>
/// <remarks>Thread-safe: each call builds its own command tree and touches only the writers it is given.</remarks>
public static class CircApp
{
    /// <summary>Runs <c>circ</c> with the given arguments.</summary>
    /// <param name="args">The arguments after the command name, e.g. <c>["simulate", "overdue.json", "--format", "json"]</c>.</param>
    /// <param name="stdout">Where the output goes.</param>
    /// <param name="stderr">Where problems go, as <c>path: message</c>.</param>
    /// <returns>0 the command did its work; 2 the input was rejected; 1 an internal error.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var root = Build(stdout, stderr);
            // No response files: an argument starting with '@' is a value like any other, never a file to read.
            var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
            {
                var command = CommandPath(parsed.CommandResult);
                foreach (var message in UsageErrors.Describe(parsed))
                {
                    stderr.WriteLine($"{command}: {message}");
                }

                stderr.WriteLine($"Run '{command} --help' for usage.");
                return ExitCodes.Rejected;
            }

            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
#pragma warning disable CA1031 // The tool's last line of defence: any exception becomes exit code 1 with its message.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"internal error: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.InternalError;
        }
    }

    private static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Harvard.Circulation: replay scenarios against a circulation policy, check and explain policies.")
        {
            HelpName = "circ",
        };

        // simulate
        var scenarioFile = new Argument<string>("FILE") { Description = "The scenario file (JSON, format 1)." };
        var format = new Option<string>("--format")
        {
            Description = "The report's format: text (a timeline and tables, in local time), json (the scenario report, in UTC), svg (a picture: one lane per loan over time) or changes (JSON lines: each change the desk made, with its event and the record after it).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong(SimulateCommand.Formats);
        var simulatePolicy = new Option<string?>("--policy")
        {
            Description = "A policy file (or harvard-default) to use instead of the one the scenario names.",
            HelpName = "FILE",
        };
        var utc = new Option<bool>("--utc") { Description = "Print times in UTC, as the JSON report does, instead of the policy's local time (text and svg)." };
        var summary = new Option<bool>("--summary") { Description = "Text report: leave out the sections with nothing in them, the balances of 0.00 and the empty return lists." };
        var progress = new Option<bool>("--progress") { Description = "Report progress on stderr (events done of the total, and the rate) during a replay longer than about two seconds; on a terminal it is shown without asking." };
        var stateIn = new Option<string?>("--state-in")
        {
            Description = $"A state file to continue from (written by --state-out): the scenario's policy must be the state's, its events not before the state's instant. The format: {DocsLinks.State}",
            HelpName = "STATE",
        };
        var stateOut = new Option<string?>("--state-out")
        {
            Description = "Write the desk at the scenario's asOf to this state file (besides the report), to continue from later with --state-in.",
            HelpName = "STATE",
        };
        var simulate = new Command("simulate", $"Replay a scenario file and print what it shows at its asOf instant. Exit 0 when the replay ran (refused events included), 2 when the file is rejected. The format: {DocsLinks.Scenarios}")
        {
            scenarioFile, format, simulatePolicy, stateIn, stateOut, utc, summary, progress,
        };
        simulate.SetAction(p => SimulateCommand.Run(p.GetRequiredValue(scenarioFile), p.GetValue(format) ?? "text", p.GetValue(simulatePolicy),
            new TextReportOptions(p.GetValue(utc), p.GetValue(summary)), stdout, stderr, p.GetValue(progress), p.GetValue(stateIn), p.GetValue(stateOut)));

        // lint
        var policyFile = new Argument<string>("FILE") { Description = $"The policy file, or {EmbeddedPolicies.HarvardDefaultName} for the embedded policy." };
        var lint = new Command("lint", $"Check a policy file: problems to stderr (exit 2); a valid policy's warnings to stdout (exit 0). The format: {DocsLinks.Policies}") { policyFile };
        lint.SetAction(p => LintCommand.Run(p.GetRequiredValue(policyFile), stdout, stderr));

        // explain
        var group = new Option<string>("--group") { Description = "The patron's user group code, e.g. 21.", Required = true, HelpName = "CODE" };
        var itemPolicy = new Option<string>("--item-policy") { Description = "The item policy code, e.g. reserve-3h.", Required = true, HelpName = "CODE" };
        var library = new Option<string?>("--library") { Description = "The item's library code, e.g. WID (its calendar sets the due date).", HelpName = "CODE" };
        var location = new Option<string?>("--location") { Description = "The item's location code, e.g. STACKS.", HelpName = "CODE" };
        var at = new Option<string?>("--at") { Description = "The check-out instant, ISO-8601 with an offset (2026-01-05T10:00:00-05:00); without it no due date is computed.", HelpName = "INSTANT" };
        var explainPolicy = new Option<string?>("--policy") { Description = $"A policy file; default {EmbeddedPolicies.HarvardDefaultName}.", HelpName = "FILE" };
        var explainFormat = new Option<string>("--format")
        {
            Description = "text (the default: for people) or json (one object: rule, termsOfUse and the earlier rules' verdicts, to compare by machine).",
            DefaultValueFactory = _ => "text",
        };
        explainFormat.AcceptOnlyFromAmong(ExplainCommand.Formats);
        var explain = new Command("explain", "Explain a check-out: the rule that matches and why earlier rules do not, the terms of use, the due date, the group's blocks.")
        {
            group, itemPolicy, library, location, at, explainPolicy, explainFormat,
        };
        explain.SetAction(p => ExplainCommand.Run(
            new ExplainCommand.Request(p.GetRequiredValue(group), p.GetRequiredValue(itemPolicy), p.GetValue(library), p.GetValue(location), p.GetValue(at), p.GetValue(explainPolicy))
            {
                Format = p.GetValue(explainFormat) ?? "text",
            },
            stdout, stderr));

        // import-folio
        var source = new Argument<string>("SOURCE") { Description = "The FOLIO export: a folder of API response bodies (circulation-rules.json, loan-policies.json, …) or one bundle JSON file (docs/folio.md)." };
        var timeZone = new Option<string?>("--time-zone") { Description = "The tenant's IANA time zone (e.g. America/New_York); default: the export's settings.timeZone.", HelpName = "ZONE" };
        var currency = new Option<string?>("--currency") { Description = "The currency of every amount; default: settings.currency, else USD.", HelpName = "CODE" };
        var policyName = new Option<string?>("--name") { Description = "The policy's name; default: settings.name.", HelpName = "TEXT" };
        var strict = new Option<bool>("--strict") { Description = "Make every approximation an error: import only what runs exactly as in FOLIO." };
        var output = new Option<string?>("--out") { Description = "Write the policy to FILE instead of stdout.", HelpName = "FILE" };
        var reportFile = new Option<string?>("--report") { Description = "Write the import report (JSON) to FILE instead of a summary on stderr.", HelpName = "FILE" };
        var importFolio = new Command("import-folio", "Import a FOLIO circulation configuration (rules and policies) as a policy file that gives the same answers; report what was dropped and approximated. Exit 0 when written, 2 when the export is rejected.")
        {
            source, timeZone, currency, policyName, strict, output, reportFile,
        };
        importFolio.SetAction(p => ImportFolioCommand.Run(
            new ImportFolioCommand.Request(p.GetRequiredValue(source), p.GetValue(timeZone), p.GetValue(currency), p.GetValue(policyName), p.GetValue(strict), p.GetValue(output), p.GetValue(reportFile)),
            stdout, stderr));

        // policy show
        var name = new Argument<string>("NAME")
        {
            Description = "The embedded policy's name.",
            DefaultValueFactory = _ => EmbeddedPolicies.HarvardDefaultName,
        };
        var show = new Command("show", "Print an embedded policy's JSON, ready to copy and edit.") { name };
        show.SetAction(p => PolicyShowCommand.Run(p.GetRequiredValue(name), stdout, stderr));
        var matrix = PolicyMatrixCommand.Build(stdout, stderr);
        var policy = new Command("policy", "A policy at a glance (matrix) and the embedded policy (show).") { show, matrix };

        root.Add(simulate);
        root.Add(lint);
        root.Add(explain);
        root.Add(importFolio);
        root.Add(policy);
        root.Add(GenerateCommand.Build(stdout, stderr));
        root.Add(CompareCommand.Build(stdout, stderr));
        return root;
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? s = result; s is not null; s = s.Parent)
        {
            if (s is CommandResult c)
            {
                names.Add(c.Command is RootCommand ? "circ" : c.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
