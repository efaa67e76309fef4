using System.CommandLine;
using System.Globalization;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using NodaTime.Text;

namespace Harvard.Circulation.Cli;

/// <summary><c>circ generate</c>: writes a valid, realistic scenario of any size, the same for a seed
/// (<see cref="WorkloadGenerator"/>) — for the scale benchmarks and for anyone benchmarking their own policy.</summary>
internal static class GenerateCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var patrons = new Option<int>("--patrons") { Description = "How many patrons (at least 1).", Required = true, HelpName = "N" };
        var items = new Option<int>("--items") { Description = "How many items (at least 1).", Required = true, HelpName = "M" };
        var days = new Option<int>("--days") { Description = "How many days of activity (at least 1).", Required = true, HelpName = "D" };
        var seed = new Option<int>("--seed") { Description = "The seed: the same options always write the same scenario.", DefaultValueFactory = _ => 1, HelpName = "S" };
        var events = new Option<int?>("--events") { Description = "How many events in all; default one per ten patrons a day.", HelpName = "E" };
        var start = new Option<string?>("--start") { Description = "The first day, yyyy-MM-dd in the policy's time zone; default 2026-01-05.", HelpName = "DATE" };
        var policy = new Option<string?>("--policy")
        {
            Description = $"The policy to run on: {EmbeddedPolicies.HarvardDefaultName} (the default, named in the scenario) or a policy file (written inline).",
            HelpName = "FILE",
        };
        var output = new Option<string?>("--out") { Description = "The file to write; default stdout.", HelpName = "FILE" };
        var command = new Command("generate",
            "Write a generated scenario: daily check-outs, returns (most on time, some late), renewals, claims, losses and finds, payments and waivers, requests and recalls, sessions and searches. Replay it with 'circ simulate'.")
        {
            patrons, items, days, seed, events, start, policy, output,
        };
        command.SetAction(p => Run(p.GetValue(patrons), p.GetValue(items), p.GetValue(days), p.GetValue(seed), p.GetValue(events), p.GetValue(start),
            p.GetValue(policy), p.GetValue(output), stdout, stderr));
        return command;
    }

    public static int Run(int patrons, int items, int days, int seed, int? events, string? start, string? policyPath, string? output, TextWriter stdout, TextWriter stderr)
    {
        var problems = new List<string>();
        void AtLeastOne(string option, int value)
        {
            if (value < 1)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{option}: {value} is not a count; give at least 1"));
            }
        }

        AtLeastOne("--patrons", patrons);
        AtLeastOne("--items", items);
        AtLeastOne("--days", days);
        if (events is { } count)
        {
            AtLeastOne("--events", count);
        }

        NodaTime.LocalDate? first = null;
        if (start is not null)
        {
            if (LocalDatePattern.Iso.Parse(start) is { Success: true } parsed)
            {
                first = parsed.Value;
            }
            else
            {
                problems.Add($"--start: '{start}' is not a date such as 2026-01-05");
            }
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                stderr.WriteLine("circ generate: " + problem);
            }

            return ExitCodes.Rejected;
        }

        var policyName = policyPath ?? EmbeddedPolicies.HarvardDefaultName;
        if (PolicyFiles.Load(policyName, stderr) is not { } policy)
        {
            return ExitCodes.Rejected;
        }

        var scenario = WorkloadGenerator.Generate(new WorkloadOptions(patrons, items, days, seed, policy, events, first));
        var reference = EmbeddedPolicies.TryGet(policyName, out _) ? policyName : null;
        if (output is null)
        {
            stdout.Write(ScenarioWriter.Write(scenario, reference, indented: false));
            stdout.WriteLine();
            return ExitCodes.Ok;
        }

        try
        {
            using var file = File.Create(output);
            ScenarioWriter.WriteTo(file, scenario, reference, indented: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            stderr.WriteLine($"{output}: {PolicyFiles.Unreadable(output, ex).Replace("cannot be read", "cannot be written", StringComparison.Ordinal)}");
            return ExitCodes.Rejected;
        }

        return ExitCodes.Ok;
    }
}
