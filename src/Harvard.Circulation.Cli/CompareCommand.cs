using System.CommandLine;
using System.Globalization;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Compare;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Cli;

/// <summary>
/// <c>circ compare OLD NEW (--scenario FILE | --generate --patrons N --items M --days D [--seed S] [--events E])
/// [--format text|json] [--differences N] [--utc] [--progress]</c>: replays the same events under two policies and
/// prints what changes, and for whom (<see cref="PolicyComparer"/>; docs/compare.md).
/// </summary>
internal static class CompareCommand
{
    /// <summary>The report formats <c>--format</c> accepts.</summary>
    public static readonly string[] Formats = ["text", "json"];

    private const string Name = "circ compare";
    private const string Docs = DocsLinks.Base + "compare.md";

    /// <summary>What the command was asked.</summary>
    public sealed record Request(string Old, string New)
    {
        public string? Scenario { get; init; }

        public bool Generate { get; init; }

        public int? Patrons { get; init; }

        public int? Items { get; init; }

        public int? Days { get; init; }

        public int? Seed { get; init; }

        public int? Events { get; init; }

        public string Format { get; init; } = "text";

        public int Differences { get; init; } = PolicyComparer.DefaultDifferences;

        public bool Utc { get; init; }

        public bool Progress { get; init; }
    }

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var old = new Argument<string>("OLD") { Description = $"The policy in force: a policy file, or {EmbeddedPolicies.HarvardDefaultName}." };
        var @new = new Argument<string>("NEW") { Description = $"The policy to try: a policy file, or {EmbeddedPolicies.HarvardDefaultName}." };
        var scenario = new Option<string?>("--scenario") { Description = "The activity to replay: a scenario file (its own policy is not used).", HelpName = "FILE" };
        var generate = new Option<bool>("--generate") { Description = "Replay a generated workload instead (as circ generate writes it, on OLD): give --patrons, --items and --days." };
        var patrons = new Option<int?>("--patrons") { Description = "With --generate: how many patrons.", HelpName = "N" };
        var items = new Option<int?>("--items") { Description = "With --generate: how many items.", HelpName = "M" };
        var days = new Option<int?>("--days") { Description = "With --generate: how many days of activity.", HelpName = "D" };
        var seed = new Option<int?>("--seed") { Description = "With --generate: the seed (default 1).", HelpName = "S" };
        var events = new Option<int?>("--events") { Description = "With --generate: how many events in all; default one per ten patrons a day.", HelpName = "E" };
        var format = new Option<string>("--format")
        {
            Description = "text (the default: totals, per user group and item policy, patrons, first differences side by side) or json (the comparison report).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong(Formats);
        var differences = new Option<int>("--differences")
        {
            Description = "How many first differences (and, in the text, patrons) to list in detail; every one is counted.",
            DefaultValueFactory = _ => PolicyComparer.DefaultDifferences,
            HelpName = "N",
        };
        var utc = new Option<bool>("--utc") { Description = "Print times in UTC, as the JSON report does, instead of the old policy's local time." };
        var progress = new Option<bool>("--progress") { Description = "Report progress on stderr during a long replay; on a terminal it is shown without asking." };
        var command = new Command("compare",
            $"Replay the same events under two policies and print what changes for whom: loans, refusals, due dates, renewals, fines and fees, balances, blocks, notices, and the first events whose outcome differs, side by side. Exit 0 when compared, 2 when an input is rejected. The report: {Docs}")
        {
            old, @new, scenario, generate, patrons, items, days, seed, events, format, differences, utc, progress,
        };
        command.SetAction(p => Run(
            new Request(p.GetRequiredValue(old), p.GetRequiredValue(@new))
            {
                Scenario = p.GetValue(scenario),
                Generate = p.GetValue(generate),
                Patrons = p.GetValue(patrons),
                Items = p.GetValue(items),
                Days = p.GetValue(days),
                Seed = p.GetValue(seed),
                Events = p.GetValue(events),
                Format = p.GetValue(format) ?? "text",
                Differences = p.GetValue(differences),
                Utc = p.GetValue(utc),
                Progress = p.GetValue(progress),
            },
            stdout, stderr));
        return command;
    }

    public static int Run(Request request, TextWriter stdout, TextWriter stderr)
    {
        var problems = Check(request);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                stderr.WriteLine($"{Name}: {problem}");
            }

            return ExitCodes.Rejected;
        }

        // Both policies are read before giving up, so that every problem is shown at once.
        var oldPolicy = PolicyFiles.Load(request.Old, stderr);
        var newPolicy = PolicyFiles.Load(request.New, stderr);
        if (oldPolicy is null || newPolicy is null)
        {
            return ExitCodes.Rejected;
        }

        Scenario scenario;
        string source;
        if (request.Scenario is { } path)
        {
            if (Read(path, oldPolicy, stderr) is not { } read)
            {
                return ExitCodes.Rejected;
            }

            scenario = read;
            source = scenario.Name ?? path;
        }
        else
        {
            var seed = request.Seed ?? 1;
            scenario = WorkloadGenerator.Generate(new WorkloadOptions(request.Patrons!.Value, request.Items!.Value, request.Days!.Value, seed, oldPolicy, request.Events));
            source = string.Create(CultureInfo.InvariantCulture,
                $"generated: {request.Patrons:N0} patrons, {request.Items:N0} items, {request.Days:N0} days, seed {seed}{(request.Events is { } e ? $", {e:N0} events" : string.Empty)}");
        }

        var missing = PolicyComparer.FindProblems(scenario, newPolicy);
        if (missing.Count > 0)
        {
            foreach (var problem in missing)
            {
                stderr.WriteLine($"{request.New}: {problem}");
            }

            stderr.WriteLine($"{request.New}: cannot replay the scenario: {(missing.Count == 1 ? "1 problem" : $"{missing.Count} problems")}");
            return ExitCodes.Rejected;
        }

        var shown = ReplayProgress.For(request.Progress, stderr, scenario.Events.Count);
        var comparison = PolicyComparer.Compare(scenario, newPolicy, request.Differences, shown is null ? null : shown.Replayed);
        if (request.Format == "json")
        {
            if (ReferenceEquals(stdout, Console.Out))
            {
                stdout.Flush();
                using var output = Console.OpenStandardOutput();
                ComparisonReportJson.WriteTo(output, comparison);
            }
            else
            {
                stdout.Write(ComparisonReportJson.Write(comparison));
            }
        }
        else
        {
            Text.Write(comparison, request, source, stdout);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The options' problems: one source of events, the generator's counts only with --generate.</summary>
    private static List<string> Check(Request request)
    {
        var problems = new List<string>();
        var counts = new (string Option, int? Value)[] { ("--patrons", request.Patrons), ("--items", request.Items), ("--days", request.Days), ("--events", request.Events) };
        if (request.Scenario is not null && request.Generate)
        {
            problems.Add("give --scenario FILE or --generate, not both");
        }
        else if (request.Scenario is null && !request.Generate)
        {
            problems.Add("give the events to replay: --scenario FILE, or --generate --patrons N --items M --days D");
        }

        if (request.Generate)
        {
            var absent = counts.Take(3).Where(c => c.Value is null).Select(c => c.Option).ToList();
            if (absent.Count > 0)
            {
                problems.Add($"--generate needs {string.Join(", ", absent)}");
            }

            foreach (var (option, value) in counts)
            {
                if (value is < 1)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{option}: {value} is not a count; give at least 1"));
                }
            }
        }
        else
        {
            foreach (var (option, _) in counts.Append((Option: "--seed", Value: request.Seed)).Where(c => c.Value is not null))
            {
                problems.Add($"{option} is an option of --generate; with --scenario the file gives the events");
            }
        }

        if (request.Differences < 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--differences: {request.Differences} is not a count; give 0 or more"));
        }

        return problems;
    }

    private static Scenario? Read(string path, Policy oldPolicy, TextWriter stderr)
    {
        if (!File.Exists(path))
        {
            stderr.WriteLine($"{path}: {(Directory.Exists(path) ? "is a folder, not a file" : "no such file")}");
            return null;
        }

        var read = ScenarioReader.ReadFile(path, oldPolicy);
        if (read.IsValid)
        {
            return read.Scenario;
        }

        var kind = FileKinds.Guess(path);
        if (FileKinds.OutputGivenAsInput(kind, path, "scenario") is { } misplaced)
        {
            stderr.WriteLine(misplaced);
            return null;
        }

        if (kind == FileKind.Policy)
        {
            stderr.WriteLine($"{path}: this is a policy file, not a scenario: give it as OLD or NEW, and the events with --scenario FILE or --generate");
            return null;
        }

        FileProblems.Write(path, "scenario", read.Problems.Select(p => (p.Path, p.Message)), stderr);
        return null;
    }

    /// <summary>The text report: a header, the totals, one row per user group and per item policy, the patrons
    /// whose charges, balance or blocks differ, then the first differences with both outcomes side by side.</summary>
    private static class Text
    {
        private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
        {
            [RefusalCodes.ActionNotAllowed] = "not allowed in the loan's state",
            [RefusalCodes.NoOpenLoan] = "no open loan",
            [RefusalCodes.ItemOnLoan] = "item already on loan",
            [RefusalCodes.NoRuleMatched] = "no rule matches",
            [RefusalCodes.NotLoanable] = "terms do not lend",
            [RefusalCodes.MayNotBorrow] = "group may not borrow",
            [RefusalCodes.MaxLoans] = "maximum loans",
            [RefusalCodes.MaxBalance] = "maximum balance",
            [RefusalCodes.MaxLostItems] = "maximum lost items",
            [RefusalCodes.MaxClaimedReturned] = "maximum claims",
            [RefusalCodes.NoRenewalsLeft] = "no renewals left",
            [RefusalCodes.MaxRenewalPeriod] = "past the longest loan",
            [RefusalCodes.RequestedByAnotherPatron] = "requested by another patron",
            [RefusalCodes.OnHoldShelfForAnotherPatron] = "on the hold shelf for another patron",
            [RefusalCodes.RequestNotAllowed] = "request not allowed",
            [RefusalCodes.TransactionNotAllowed] = "fine/fee transaction not allowed",
            [RefusalCodes.SessionClosed] = "session closed",
            [RefusalCodes.SessionPatronMismatch] = "session of another patron",
        };

        public static void Write(PolicyComparison c, Request request, string source, TextWriter output)
        {
            var time = InstantText.For(c.Old.TimeZone, request.Utc);
            var currency = c.Old.Currency;
            output.WriteLine($"Old policy: {Label(request.Old, c.Old)}");
            output.WriteLine($"New policy: {Label(request.New, c.New)}");
            output.WriteLine($"Scenario:   {source}");
            output.WriteLine($"As of:      {time.Format(c.AsOf)}");
            output.WriteLine(time.IsUtc ? time.Legend : $"Times are local to {c.Old.TimeZone.Id}, the old policy's time zone; --utc prints them in UTC.");
            output.WriteLine();
            output.WriteLine(c.DifferingEvents == 0
                ? $"Events: {N(c.Events)} replayed under both policies, every one with the same outcome."
                : $"Events: {N(c.Events)} replayed under both policies; {N(c.DifferingEvents)} with another outcome: {Count(c.FirstDifferences, "first difference")} and {Count(c.Consequences, "consequence")} of them.");

            Section(output, "Totals (every patron and item)");
            Totals(c.Totals).Write(output);

            Section(output, $"By user group ({c.UserGroups.Count})");
            var groups = new TextTable("USER GROUP", "PATRONS>", "CHECK-OUTS", "REFUSED", "DUE DATES MOVED", "OVERDUE", "LOST", "FINES/FEES", "BALANCES", "BLOCKS", "NOTICES");
            foreach (var g in c.UserGroups)
            {
                var f = g.Figures;
                var p = f.Patrons!;
                groups.Add($"{g.Code} {g.Name}", N(g.Members), Pair(f.CheckOuts), Pair(f.CheckOutsRefused), Moved(f.DueDates), Pair(f.OverdueLoans), Pair(f.LostItems),
                    Pair(f.FinesFeesTotal), Pair(p.Balances), Blocked(p), Pair(new Compared<int>(p.Notices.Sum(n => n.Value.Old), p.Notices.Sum(n => n.Value.New))));
            }

            groups.Write(output);

            Section(output, $"By item policy ({c.ItemPolicies.Count})");
            var policies = new TextTable("ITEM POLICY", "ITEMS>", "CHECK-OUTS", "REFUSED", "DUE DATES MOVED", "RENEWALS", "OVERDUE", "LOST", "FINES/FEES");
            foreach (var i in c.ItemPolicies)
            {
                var f = i.Figures;
                policies.Add($"{i.Code} {i.Name}", N(i.Members), Pair(f.CheckOuts), Pair(f.CheckOutsRefused), Moved(f.DueDates), Pair(f.Renewals), Pair(f.OverdueLoans),
                    Pair(f.LostItems), Pair(f.FinesFeesTotal));
            }

            policies.Write(output);
            output.WriteLine("  A cell shows old → new where the figures differ, the figure alone where they are the same.");

            var listed = c.Patrons
                .OrderByDescending(p => Math.Abs(p.Charged.New.Amount - p.Charged.Old.Amount))
                .Take(request.Differences)
                .ToList();
            Section(output, c.Patrons.Count == listed.Count
                ? $"Patrons charged, owing or blocked differently ({N(c.Patrons.Count)})"
                : $"Patrons charged, owing or blocked differently ({N(listed.Count)} of {N(c.Patrons.Count)}, the largest changes in charges first; all in --format json)");
            var patrons = new TextTable("PATRON", "GROUP", "CHARGED", "BALANCE", "BLOCKS");
            foreach (var p in listed)
            {
                patrons.Add(p.PatronId, p.GroupCode, Pair(p.Charged), Pair(p.Balance), Blocks(p.Blocks));
            }

            patrons.Write(output);

            Section(output, c.Differences.Count == c.FirstDifferences
                ? $"First differences ({N(c.FirstDifferences)})"
                : $"First differences ({N(c.Differences.Count)} of {N(c.FirstDifferences)}; --differences N lists more)");
            if (c.Differences.Count == 0)
            {
                output.WriteLine("  (none)");
            }

            foreach (var d in c.Differences)
            {
                Difference(d, c, time, output);
            }
        }

        private static TextTable Totals(ComparisonFigures f)
        {
            var table = new TextTable("FIGURE", "OLD>", "NEW>", "CHANGE");
            void Row(string figure, Compared<int> pair) => table.Add(figure, N(pair.Old), N(pair.New), Change(pair));
            void Amount(string figure, Compared<Money> pair) => table.Add(figure, Wording.Amount(pair.Old), Wording.Amount(pair.New), Change(pair));
            Row("check-outs made", f.CheckOuts);
            Row("check-outs refused", f.CheckOutsRefused);
            foreach (var (code, pair) in f.CheckOutsRefusedBy)
            {
                Row("  " + Reason(code), pair);
            }

            Row("renewals (automatic included)", f.Renewals);
            Row("renewals refused", f.RenewalsRefused);
            foreach (var (code, pair) in f.RenewalsRefusedBy)
            {
                Row("  " + Reason(code), pair);
            }

            table.Add($"due dates moved (of {N(f.DueDates.Compared)} compared)", null, null, Shifts(f.DueDates));
            Row("overdue loans at as of", f.OverdueLoans);
            Row("lost items at as of", f.LostItems);
            Row("fines/fees", f.FinesFeesCount);
            Amount("fines/fees charged", f.FinesFeesTotal);
            foreach (var type in f.FinesFees)
            {
                Row("  " + Wording.Spelling(type.Type.ToSpelling()), type.Count);
                Amount("  " + Wording.Spelling(type.Type.ToSpelling()) + " charged", type.Total);
            }

            if (f.Patrons is { } p)
            {
                Amount("active balances", p.Balances);
                Row("patrons owing", p.PatronsOwing);
                table.Add("patrons charged more / less", null, null, p.PayingMore + p.PayingLess == 0 ? "same" : $"{N(p.PayingMore)} more, {N(p.PayingLess)} less");
                foreach (var block in p.Blocks)
                {
                    var moves = block.NewlyBlocked + block.Unblocked == 0 ? string.Empty : $": {N(block.NewlyBlocked)} newly blocked, {N(block.Unblocked)} unblocked";
                    table.Add($"patrons blocked: {Reason(block.Code)}", N(block.Patrons.Old), N(block.Patrons.New), Change(block.Patrons) + moves);
                }

                foreach (var (type, pair) in p.Notices)
                {
                    Row($"notices: {Wording.Spelling(type)}", pair);
                }
            }

            return table;
        }

        private static void Difference(EventDifference d, PolicyComparison c, InstantText time, TextWriter output)
        {
            var e = d.Event;
            output.WriteLine();
            var summary = EventSummary.Of(e);
            output.WriteLine($"  event {N(e.Index)} at {time.Format(e.At)}: {Wording.Spelling(e.TypeSpelling)}{(summary.Length == 0 ? string.Empty : ", " + summary)}");
            var table = new TextTable(string.Empty, "OLD", "NEW");
            table.Add("outcome", Outcome(d.Old, time, c.Old.Currency), Outcome(d.New, time, c.New.Currency));
            table.Add("loan", d.Old.LoanId, d.New.LoanId);
            table.Add("rule", d.Old.RuleId, d.New.RuleId);
            table.Add("terms of use", Terms(d.Old, c.Old), Terms(d.New, c.New));
            table.Add("overdue fine", Fine(d.Old, c.Old, t => t.OverdueFine), Fine(d.New, c.New, t => t.OverdueFine));
            table.Add("recalled fine", Fine(d.Old, c.Old, t => t.RecalledOverdueFine), Fine(d.New, c.New, t => t.RecalledOverdueFine));
            table.Add("due", time.Format(d.Old.DueAt), time.Format(d.New.DueAt));
            table.Add("state", d.Old.Status?.ToSpelling() is { } a ? Wording.Spelling(a) : null, d.New.Status?.ToSpelling() is { } b ? Wording.Spelling(b) : null);
            table.Add("fines/fees", Charges(d.Old), Charges(d.New));
            var lines = new StringWriter { NewLine = "\n" };
            table.Write(lines);
            foreach (var line in lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                output.WriteLine("  " + line);
            }

            foreach (var (side, outcome, currency) in new[] { ("old", d.Old, c.Old.Currency), ("new", d.New, c.New.Currency) })
            {
                if (outcome.Due is { } due)
                {
                    output.WriteLine($"    {side} due: + {Wording.Period(due.Period)}, {TermsWording.DueTime(due.DueTime)}: {time.Format(due.BaseDue)}; {due.ClosedDue.ToSpelling()}: {time.Rewrite(due.Reason)}");
                }

                foreach (var fine in outcome.FinesFees.Where(f => f.Explanation is not null))
                {
                    output.WriteLine($"    {side} {fine.TransactionId}: {Wording.FineExplanation(fine.Explanation!, time, currency)}");
                }
            }

            output.WriteLine(d.ConsequenceCount == 0
                ? "    consequences: none"
                : $"    consequences: {N(d.ConsequenceCount)}: {string.Join(", ", d.Consequences.Select(x => $"event {N(x.Index)} ({Wording.Spelling(x.TypeSpelling)})"))}{(d.ConsequenceCount > d.Consequences.Count ? ", ..." : string.Empty)}");
        }

        private static string Outcome(EventOutcome outcome, InstantText time, string currency) => outcome.IsAllowed
            ? "ok"
            : "REFUSED: " + string.Join(" ", outcome.Refusals.Select(r => Wording.Refusal(r.Message, time, currency)));

        private static string? Terms(EventOutcome outcome, Policy policy) =>
            outcome.TermsOfUseId is not { } id ? null
            : policy.FindTermsOfUse(id)?.Loan is { } loan ? $"{id}: {TermsWording.LoanShort(loan)}, renewals {TermsWording.RenewalsShort(loan)}"
            : $"{id}: not loaned";

        private static string? Fine(EventOutcome outcome, Policy policy, Func<TermsOfUse, FineRule?> rule) =>
            outcome.TermsOfUseId is { } id && policy.FindTermsOfUse(id) is { } terms ? TermsWording.FineShort(rule(terms)) : null;

        private static string? Charges(EventOutcome outcome) => outcome.FinesFees.Count == 0
            ? null
            : string.Join("; ", outcome.FinesFees.Select(f => $"{f.TransactionId} {Wording.Spelling(f.Type.ToSpelling())} {Wording.Amount(f.Original)} ({Wording.Spelling(f.Status.ToSpelling())})"));

        private static string Label(string given, Policy policy) => policy.Name is { } name ? $"{given} ({name})" : given;

        private static string Reason(string code) => Reasons.TryGetValue(code, out var words) ? words : code;

        private static string Pair(Compared<int> pair) => pair.IsChanged ? $"{N(pair.Old)} → {N(pair.New)}" : N(pair.Old);

        private static string Pair(Compared<Money> pair) => pair.IsChanged ? $"{Wording.Amount(pair.Old)} → {Wording.Amount(pair.New)}" : Wording.Amount(pair.Old);

        private static string Blocks(Compared<EquatableArray<string>> blocks)
        {
            static string List(EquatableArray<string> codes) => codes.Count == 0 ? "none" : string.Join(", ", codes.Select(Reason));
            return blocks.IsChanged ? $"{List(blocks.Old)} → {List(blocks.New)}" : List(blocks.Old);
        }

        private static string Blocked(PatronFigures p)
        {
            var newly = p.Blocks.Sum(b => b.NewlyBlocked);
            var lifted = p.Blocks.Sum(b => b.Unblocked);
            return newly + lifted == 0 ? "same" : string.Join(' ', new[] { newly > 0 ? "+" + N(newly) : null, lifted > 0 ? "-" + N(lifted) : null }.OfType<string>());
        }

        private static string Moved(DueDateShifts shifts) => shifts.Moved == 0 ? "none" : $"{N(shifts.Moved)} of {N(shifts.Compared)}";

        private static string Shifts(DueDateShifts shifts) => shifts.Moved == 0
            ? "none"
            : $"{N(shifts.Moved)}: {N(shifts.Earlier)} earlier, {N(shifts.Later)} later; mean {Shift(shifts.MeanShift!.Value)}, largest {Shift(shifts.MaxShift!.Value)}";

        private static string Shift(Duration shift)
        {
            var minutes = (long)Math.Round(Math.Abs(shift.TotalMinutes), MidpointRounding.AwayFromZero);
            return minutes == 0 ? "under a minute" : $"{Wording.Minutes(minutes)} {(shift < Duration.Zero ? "earlier" : "later")}";
        }

        private static string Change(Compared<int> pair)
        {
            var delta = (long)pair.New - pair.Old;
            return delta == 0 ? "same" : delta > 0 ? "+" + N(delta) : "-" + N(-delta);
        }

        private static string Change(Compared<Money> pair)
        {
            var delta = pair.New - pair.Old;
            return delta.IsZero ? "same" : delta.IsPositive ? "+" + Wording.Amount(delta) : "-" + Wording.Amount(pair.Old - pair.New);
        }

        private static void Section(TextWriter output, string title)
        {
            output.WriteLine();
            output.WriteLine(title);
        }

        private static string Count(int count, string what) => count == 1 ? $"1 {what}" : $"{N(count)} {what}s";

        private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
