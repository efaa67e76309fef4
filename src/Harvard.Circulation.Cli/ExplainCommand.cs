using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Text;
using Harvard.Circulation.Policies;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Cli;

/// <summary>
/// <c>circ explain --group G --item-policy P [--library L] [--location X] [--at INSTANT] [--policy FILE] [--format text|json]</c>:
/// which rule a check-out meets and why each earlier rule did not match, the terms of use, the due date for a
/// check-out at <c>--at</c>, and the blocks the user group's limits set. The tool never reads the clock: without
/// <c>--at</c> no due date is computed. <c>--format json</c> prints one object (the matching rule, its terms of
/// use, the verdict on every earlier rule, the due date) so that a lookup can be compared by machine.
/// </summary>
internal static class ExplainCommand
{
    private static readonly OffsetDateTimePattern[] InstantPatterns =
    [
        OffsetDateTimePattern.ExtendedIso,
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>"),
    ];

    /// <summary>The output formats <c>--format</c> accepts.</summary>
    public static readonly string[] Formats = ["text", "json"];

    /// <summary>The options of one explanation.</summary>
    public sealed record Request(string Group, string ItemPolicy, string? Library, string? Location, string? At, string? PolicyPath)
    {
        /// <summary><c>text</c> (the default) or <c>json</c>.</summary>
        public string Format { get; init; } = "text";
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(Request request, TextWriter stdout, TextWriter stderr)
    {
        Instant? at = null;
        if (request.At is not null)
        {
            at = ParseInstant(request.At);
            if (at is null)
            {
                stderr.WriteLine($"--at: '{request.At}' is not an ISO-8601 instant with an offset (e.g. 2026-01-05T10:00:00-05:00)");
                return ExitCodes.Rejected;
            }
        }

        if (request.Library is { } given && string.IsNullOrWhiteSpace(given))
        {
            stderr.WriteLine("--library: the library code is empty; leave --library out for a check-out at no library");
            return ExitCodes.Rejected;
        }

        var policy = PolicyFiles.Load(request.PolicyPath ?? EmbeddedPolicies.HarvardDefaultName, stderr);
        if (policy is null)
        {
            return ExitCodes.Rejected;
        }

        var group = policy.FindUserGroup(request.Group);
        var itemPolicy = policy.FindItemPolicy(request.ItemPolicy);
        if (group is null || itemPolicy is null)
        {
            if (group is null)
            {
                stderr.WriteLine($"--group: '{request.Group}' is not a user group of the policy ({string.Join(", ", policy.UserGroups.Select(g => g.Code))})"
                    + Suggestions.DidYouMean(request.Group, policy.UserGroups.Select(g => g.Code)));
            }

            if (itemPolicy is null)
            {
                stderr.WriteLine($"--item-policy: '{request.ItemPolicy}' is not an item policy of the policy ({string.Join(", ", policy.ItemPolicies.Select(p => p.Code))})"
                    + Suggestions.DidYouMean(request.ItemPolicy, policy.ItemPolicies.Select(p => p.Code)));
            }

            return ExitCodes.Rejected;
        }

        if (request.Format == "json")
        {
            stdout.Write(Json(policy, group, itemPolicy, request, at));
            return ExitCodes.Ok;
        }

        var library = request.Library ?? string.Empty;
        var libraryKnown = request.Library is null || policy.FindLibrary(library) is not null;
        stdout.WriteLine($"Policy:      {policy.Name ?? "(unnamed)"} (time zone {policy.TimeZone.Id})");
        stdout.WriteLine($"User group:  {group.Code} ({group.Name})");
        stdout.WriteLine($"Item policy: {itemPolicy.Code} ({itemPolicy.Name})");
        stdout.WriteLine($"Library:     {(request.Library is null ? "(none given: rules naming a library do not match)" : Named(library, policy.FindLibrary(library)?.Name) + (libraryKnown ? string.Empty : " (not in the policy: open all the time)"))}");
        stdout.WriteLine($"Location:    {request.Location ?? "(none given: rules naming a location do not match)"}");

        var explanation = policy.Resolver.Explain(group.Code, itemPolicy.Code, library, request.Location);
        stdout.WriteLine($"Verdict:     {Verdict(policy, group, itemPolicy, explanation.Match, library, at)}");
        stdout.WriteLine();
        stdout.WriteLine("Rules (tried in order, first match wins)");
        var rules = new TextTable("#>", "RULE", "USER GROUP", "ITEM POLICY", "LIBRARY", "LOCATION", "TERMS OF USE", "VERDICT");
        foreach (var verdict in explanation.Verdicts)
        {
            var rule = verdict.Rule;
            rules.AddWithNote(verdict.Matched ? null : "did not match on " + string.Join("; ", verdict.MismatchedFields),
                TextTable.Number(verdict.Index), rule.Id, rule.UserGroup, rule.ItemPolicy, rule.Library, rule.Location, rule.TermsOfUse,
                verdict.Matched ? "MATCHED" : "no");
        }

        rules.Write(stdout);

        if (!explanation.Match.IsMatch)
        {
            stdout.WriteLine();
            stdout.WriteLine($"No rule matches: a check-out of a '{itemPolicy.Code}' item by user group '{group.Code}' is refused.");
            WriteBlocks(group, stdout);
            return ExitCodes.Ok;
        }

        var terms = explanation.Match.Terms!;
        stdout.WriteLine();
        stdout.WriteLine($"Matched rule '{explanation.Match.Rule!.Id}' (rules[{explanation.Match.RuleIndex}]): terms of use '{terms.Id}'");

        WriteTerms(terms, stdout);
        WriteDueDate(policy, terms, library, at, stdout);
        WriteBlocks(group, stdout);
        return ExitCodes.Ok;
    }

    /// <summary>The explanation as one JSON object: <c>rule</c> and <c>termsOfUse</c> (null when no rule matches),
    /// <c>verdicts</c> (each earlier rule and the criteria it failed on) and <c>due</c> (with <c>--at</c>).</summary>
    private static string Json(Policy policy, UserGroup group, ItemPolicy itemPolicy, Request request, Instant? at)
    {
        var library = request.Library ?? string.Empty;
        var explanation = policy.Resolver.Explain(group.Code, itemPolicy.Code, library, request.Location);
        var match = explanation.Match;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("userGroup", group.Code);
            w.WriteString("itemPolicy", itemPolicy.Code);
            StringOrNull(w, "library", request.Library);
            StringOrNull(w, "location", request.Location);
            StringOrNull(w, "rule", match.Rule?.Id);
            if (match.IsMatch)
            {
                w.WriteNumber("ruleIndex", match.RuleIndex);
            }
            else
            {
                w.WriteNull("ruleIndex");
            }

            StringOrNull(w, "termsOfUse", match.Terms?.Id);
            w.WriteStartArray("verdicts");
            foreach (var verdict in explanation.Verdicts.Where(v => !v.Matched))
            {
                w.WriteStartObject();
                w.WriteString("rule", verdict.Rule.Id);
                w.WriteNumber("index", verdict.Index);
                w.WriteStartArray("mismatched");
                foreach (var (field, pattern, value) in new[]
                {
                    ("userGroup", verdict.Rule.UserGroup, group.Code),
                    ("itemPolicy", verdict.Rule.ItemPolicy, itemPolicy.Code),
                    ("library", verdict.Rule.Library, library),
                    ("location", verdict.Rule.Location, request.Location),
                })
                {
                    if (pattern != Rule.Any && !string.Equals(pattern, value, StringComparison.Ordinal))
                    {
                        w.WriteStringValue(field);
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            Instant? due = null;
            if (at is { } start && match.Terms?.Loan is { } loan)
            {
                var calendar = library.Length == 0 ? LibraryCalendar.AlwaysOpen("(none)", policy.TimeZone) : PolicyCalendars.Of(policy).For(library);
                due = DueDates.Explain(start, loan.Period, loan, calendar).Due;
            }

            StringOrNull(w, "due", due is { } d ? JsonInstant.Format(d) : null);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";

        static void StringOrNull(Utf8JsonWriter w, string name, string? value)
        {
            if (value is null)
            {
                w.WriteNull(name);
            }
            else
            {
                w.WriteString(name, value);
            }
        }
    }

    private static void WriteTerms(TermsOfUse terms, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Terms of use '{terms.Id}'");
        var lines = new List<(string Label, string Text)>();
        if (terms.Loan is not { } loan)
        {
            lines.Add(("loan", "none: the item may not be loaned (loan: null)"));
        }
        else
        {
            lines.Add(("loan period", TermsWording.Loan(loan)));
            lines.Add(("renewals", TermsWording.Renewals(loan)));
        }

        lines.Add(("overdue fine", TermsWording.Fine(terms.OverdueFine)));
        lines.Add(("recalled fine", TermsWording.Fine(terms.RecalledOverdueFine)));
        lines.Add(("recall", TermsWording.Recall(terms.Recall)));
        lines.Add(("lost item", TermsWording.Lost(terms.LostItem)));
        lines.Add(("request pickup", $"within {Wording.Period(terms.Request.PickupWithin)} on the hold shelf"));
        lines.Add(("notices", TermsWording.Notices(terms.Notices)));
        Labelled(lines, output);
    }

    /// <summary>The answer in one line: <c>may borrow: yes — ...</c> or <c>may borrow: no — ...</c>.</summary>
    private static string Verdict(Policy policy, UserGroup group, ItemPolicy itemPolicy, RuleMatch match, string library, Instant? at)
    {
        if (!group.MayBorrow)
        {
            return $"may borrow: no — user group {group.Code} ({group.Name}) may not borrow";
        }

        if (!match.IsMatch)
        {
            return $"may borrow: no — no rule matches user group '{group.Code}' with item policy '{itemPolicy.Code}'";
        }

        var terms = match.Terms!;
        if (terms.Loan is not { } loan)
        {
            return $"may borrow: no — terms '{terms.Id}' do not lend (rule '{match.Rule!.Id}')";
        }

        var renewals = loan.MaxRenewals == 0 ? "no renewals" : $"renewals {TermsWording.RenewalsShort(loan)}";
        var fine = terms.OverdueFine is null ? "no overdue fine" : $"overdue fine {TermsWording.FineShort(terms.OverdueFine)}";
        var due = at is { } start ? $"; due {InstantText.Local(policy.TimeZone).Format(Due(policy, loan, library, start).Due)}" : string.Empty;
        return $"may borrow: yes — terms '{terms.Id}' (rule '{match.Rule!.Id}'): {Wording.Period(loan.Period)}, {renewals}, {fine}{due}";
    }

    private static DueDateExplanation Due(Policy policy, LoanTerms loan, string library, Instant start)
    {
        var calendar = library.Length == 0 ? LibraryCalendar.AlwaysOpen("(none)", policy.TimeZone) : PolicyCalendars.Of(policy).For(library);
        return DueDates.Explain(start, loan.Period, loan, calendar);
    }

    private static void WriteDueDate(Policy policy, TermsOfUse terms, string library, Instant? at, TextWriter output)
    {
        output.WriteLine();
        if (terms.Loan is not { } loan)
        {
            output.WriteLine("Due date: none, the item may not be loaned.");
            return;
        }

        if (at is not { } start)
        {
            output.WriteLine("Due date: give --at INSTANT (ISO-8601 with an offset, e.g. 2026-01-05T10:00:00-05:00) for the due date of a check-out then.");
            return;
        }

        var due = Due(policy, loan, library, start);
        var time = InstantText.Local(policy.TimeZone);
        output.WriteLine($"Due date of a check-out at {Both(start, time)}");
        Labelled(
        [
            ("loan period", $"+ {Wording.Period(due.Period)}, {TermsWording.DueTime(due.DueTime)}: {time.Format(due.BaseDue)}"),
            ("closedDue", $"{due.ClosedDue.ToSpelling()}: {time.Rewrite(due.Reason)}"),
            ("due", Both(due.Due, time)),
        ], output);
    }

    private static void WriteBlocks(UserGroup group, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Blocks for a patron of user group {group.Code} ({group.Name})");
        Labelled(
        [
            ("group may borrow", group.MayBorrow ? "yes (mayBorrow true)" : "no: every check-out is refused (mayBorrow false)"),
            ("maximum loans", group.MaxLoans is { } loans ? $"{loans}: a check-out is refused once the patron has {loans} loans on loan or lost" : "no limit"),
            ("maximum balance", group.MaxBalance is { } balance ? $"{Wording.Amount(balance)}: a check-out is refused while the active balance is above it" : "no limit"),
            ("maximum lost items", group.MaxLostItems is { } lost ? $"{lost}: a check-out is refused once the patron has {lost} lost items" : "no limit"),
            ("maximum claims", group.MaxClaimedReturned is { } claims ? $"{claims}: a claim of return is refused once the patron has claimed {claims} loans returned" : "no limit"),
        ], output);
    }

    private static void Labelled(IReadOnlyList<(string Label, string Text)> lines, TextWriter output)
    {
        var width = lines.Max(l => l.Label.Length) + 1;
        foreach (var (label, text) in lines)
        {
            output.WriteLine($"  {(label + ":").PadRight(width)} {text}");
        }
    }

    private static string Named(string code, string? name) => name is null ? code : $"{code} ({name})";

    // Local time for the reader, UTC in parentheses for the record: explain has no --utc of its own.
    private static string Both(Instant instant, InstantText time) => $"{time.Format(instant)} ({JsonInstant.Format(instant)})";

    private static Instant? ParseInstant(string text)
    {
        foreach (var pattern in InstantPatterns)
        {
            var result = pattern.Parse(text);
            if (result.Success)
            {
                return result.Value.ToInstant();
            }
        }

        return null;
    }
}
