using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Text;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Cli;

/// <summary>
/// <c>circ policy matrix [--policy FILE] [--library CODE] [--location CODE] [--format text|json]</c>: the whole
/// policy at a glance. One row per user group, one column per item policy; each cell names the terms of use a
/// check-out gets at that library (rules tried in order, first match wins), and a table below gives each terms'
/// loan period, renewals and fines. A group that may not borrow is blocked whatever the rules say; a pair no rule
/// matches is refused.
/// </summary>
internal static class PolicyMatrixCommand
{
    /// <summary>The formats <c>--format</c> accepts.</summary>
    public static readonly string[] Formats = ["text", "json"];

    private const string Blocked = "blocked";
    private const string NoRule = "no rule";

    /// <summary>The outcome of a check-out in one cell, as the JSON spells it.</summary>
    private enum Outcome
    {
        Loan,
        NotLoanable,
        NoRule,
        GroupMayNotBorrow,
    }

    /// <summary>Builds the <c>matrix</c> command.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var policyOption = new Option<string?>("--policy") { Description = $"A policy file; default {EmbeddedPolicies.HarvardDefaultName}.", HelpName = "FILE" };
        var library = new Option<string?>("--library") { Description = "The library of the check-outs, e.g. WID; without it, rules naming a library do not match.", HelpName = "CODE" };
        var location = new Option<string?>("--location") { Description = "The location of the check-outs, e.g. STACKS; without it, rules naming a location do not match.", HelpName = "CODE" };
        var format = new Option<string>("--format") { Description = "text (a table and the terms in words) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(Formats);
        var matrix = new Command("matrix", $"A policy at a glance: for each user group and item policy, the terms of use a check-out gets (loan period, renewals, fines) at a library. The format: {DocsLinks.Policies}")
        {
            policyOption, library, location, format,
        };
        matrix.SetAction(p => Run(p.GetValue(policyOption), p.GetValue(library), p.GetValue(location), p.GetValue(format) ?? "text", stdout, stderr));
        return matrix;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string? policyPath, string? library, string? location, string format, TextWriter stdout, TextWriter stderr)
    {
        if (library is { } given && string.IsNullOrWhiteSpace(given))
        {
            stderr.WriteLine("--library: the library code is empty; leave --library out for check-outs at no library");
            return ExitCodes.Rejected;
        }

        var policy = PolicyFiles.Load(policyPath ?? EmbeddedPolicies.HarvardDefaultName, stderr);
        if (policy is null)
        {
            return ExitCodes.Rejected;
        }

        if (library is not null && policy.FindLibrary(library) is null)
        {
            stderr.WriteLine($"--library: '{library}' is not a library of the policy ({string.Join(", ", policy.Libraries.Select(l => l.Code))})"
                + Suggestions.DidYouMean(library, policy.Libraries.Select(l => l.Code)));
            return ExitCodes.Rejected;
        }

        var cells = policy.UserGroups.Select(g => policy.ItemPolicies.Select(p => Cell(policy, g, p, library ?? string.Empty, location)).ToList()).ToList();
        if (format == "json")
        {
            WriteJson(policy, library, location, cells, stdout);
        }
        else
        {
            WriteText(policy, library, location, cells, stdout);
        }

        return ExitCodes.Ok;
    }

    private static (Outcome Outcome, RuleMatch Match) Cell(Policy policy, UserGroup group, ItemPolicy itemPolicy, string library, string? location)
    {
        var match = policy.Resolver.Resolve(group.Code, itemPolicy.Code, library, location);
        var outcome = !group.MayBorrow ? Outcome.GroupMayNotBorrow
            : !match.IsMatch ? Outcome.NoRule
            : match.Terms!.IsLoanable ? Outcome.Loan
            : Outcome.NotLoanable;
        return (outcome, match);
    }

    private static void WriteText(Policy policy, string? library, string? location, List<List<(Outcome Outcome, RuleMatch Match)>> cells, TextWriter output)
    {
        output.WriteLine($"Policy:   {policy.Name ?? "(unnamed)"} (time zone {policy.TimeZone.Id})");
        output.WriteLine($"Library:  {(library is null ? "(none given: rules naming a library do not match)" : $"{library}{(policy.FindLibrary(library)?.Name is { } name ? $" ({name})" : string.Empty)}")}");
        output.WriteLine($"Location: {location ?? "(none given: rules naming a location do not match)"}");
        output.WriteLine();
        output.WriteLine("Terms of use a check-out gets (rows: user groups; columns: item policies)");
        var table = new TextTable(["USER GROUP", .. policy.ItemPolicies.Select(p => p.Code)]);
        for (var g = 0; g < policy.UserGroups.Count; g++)
        {
            var group = policy.UserGroups[g];
            table.Add([$"{group.Code} {group.Name}", .. cells[g].Select(c => c.Outcome switch
            {
                Outcome.GroupMayNotBorrow => Blocked,
                Outcome.NoRule => NoRule,
                _ => c.Match.Terms!.Id,
            })]);
        }

        table.Write(output);
        var used = cells.SelectMany(row => row).Where(c => c.Outcome is Outcome.Loan or Outcome.NotLoanable).Select(c => c.Match.Terms!).Distinct().ToList();
        var notes = new List<string>();
        if (cells.Any(row => row.Any(c => c.Outcome == Outcome.GroupMayNotBorrow)))
        {
            notes.Add($"{Blocked}: the user group may not borrow (mayBorrow false); every check-out is refused");
        }

        if (cells.Any(row => row.Any(c => c.Outcome == Outcome.NoRule)))
        {
            notes.Add($"{NoRule}: no rule matches; the check-out is refused");
        }

        foreach (var note in notes)
        {
            output.WriteLine("  " + note);
        }

        output.WriteLine();
        output.WriteLine("Terms of use in the matrix");
        var terms = new TextTable("TERMS", "LOAN", "RENEWALS", "OVERDUE FINE", "RECALLED FINE");
        foreach (var t in policy.TermsOfUse.Where(used.Contains))
        {
            terms.Add(t.Id, t.Loan is { } loan ? TermsWording.LoanShort(loan) : "not loaned", t.Loan is { } l ? TermsWording.RenewalsShort(l) : "-",
                t.Loan is null ? "-" : TermsWording.FineShort(t.OverdueFine), t.Loan is null ? "-" : TermsWording.FineShort(t.RecalledOverdueFine));
        }

        terms.Write(output);
        output.WriteLine();
        output.WriteLine("'circ explain --group G --item-policy P' tells which rule gives a cell and why earlier rules do not.");
    }

    private static void WriteJson(Policy policy, string? library, string? location, List<List<(Outcome Outcome, RuleMatch Match)>> cells, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStringOrNull("policy", policy.Name);
            w.WriteString("timeZone", policy.TimeZone.Id);
            w.WriteString("currency", policy.Currency);
            w.WriteStringOrNull("library", library);
            w.WriteStringOrNull("location", location);
            w.WriteStartArray("userGroups");
            foreach (var g in policy.UserGroups)
            {
                w.WriteStartObject();
                w.WriteString("code", g.Code);
                w.WriteString("name", g.Name);
                w.WriteBoolean("mayBorrow", g.MayBorrow);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("itemPolicies");
            foreach (var p in policy.ItemPolicies)
            {
                w.WriteStartObject();
                w.WriteString("code", p.Code);
                w.WriteString("name", p.Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("cells");
            for (var g = 0; g < policy.UserGroups.Count; g++)
            {
                for (var p = 0; p < policy.ItemPolicies.Count; p++)
                {
                    WriteCell(w, policy.UserGroups[g], policy.ItemPolicies[p], cells[g][p]);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        output.WriteLine();
    }

    private static void WriteCell(Utf8JsonWriter w, UserGroup group, ItemPolicy itemPolicy, (Outcome Outcome, RuleMatch Match) cell)
    {
        var (outcome, match) = cell;
        w.WriteStartObject();
        w.WriteString("userGroup", group.Code);
        w.WriteString("itemPolicy", itemPolicy.Code);
        w.WriteString("checkOut", outcome switch
        {
            Outcome.Loan => "loan",
            Outcome.NotLoanable => "notLoanable",
            Outcome.NoRule => "noRule",
            _ => "groupMayNotBorrow",
        });
        w.WriteStringOrNull("rule", match.Rule?.Id);
        w.WriteStringOrNull("termsOfUse", match.Terms?.Id);
        if (outcome == Outcome.Loan && match.Terms!.Loan is { } loan)
        {
            w.WriteStartObject("loan");
            w.WriteString("period", loan.Period.ToString());
            w.WriteString("dueTime", loan.DueTime.ToSpelling());
            w.WriteString("closedDue", loan.ClosedDue.ToSpelling());
            w.WriteNumber("maxRenewals", loan.MaxRenewals);
            w.WriteString("renewPeriod", loan.RenewPeriod.ToString());
            w.WriteStringOrNull("maxRenewalPeriod", loan.MaxRenewalPeriod?.ToString());
            w.WriteBoolean("autoRenew", loan.AutoRenew);
            w.WriteEndObject();
            WriteFine(w, "overdueFine", match.Terms.OverdueFine);
            WriteFine(w, "recalledOverdueFine", match.Terms.RecalledOverdueFine);
        }
        else
        {
            w.WriteNull("loan");
            w.WriteNull("overdueFine");
            w.WriteNull("recalledOverdueFine");
        }

        w.WriteEndObject();
    }

    private static void WriteFine(Utf8JsonWriter w, string name, FineRule? fine)
    {
        if (fine is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("amount", Exact(fine.Amount));
        w.WriteString("per", fine.Per.ToSpelling());
        w.WriteString("grace", fine.Grace.ToString());
        w.WriteStringOrNull("max", fine.Max is { } max ? Exact(max) : null);
        w.WriteEndObject();
    }

    private static string Exact(Money money) => money.Amount.ToString("0.00############################", CultureInfo.InvariantCulture);
}
