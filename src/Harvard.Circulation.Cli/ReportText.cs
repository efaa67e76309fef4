using System.Text.RegularExpressions;
using Harvard.Circulation.Formats.Scenarios;

namespace Harvard.Circulation.Cli;

/// <summary>How the text report is laid out: <c>--utc</c> and <c>--summary</c>.</summary>
/// <param name="Utc">Instants in UTC as the JSON report writes them, instead of local time.</param>
/// <param name="Summary">Leave out the sections with nothing in them, the balances of 0.00 and the empty return
/// lists.</param>
internal sealed record TextReportOptions(bool Utc = false, bool Summary = false);

/// <summary>
/// Writes a <see cref="ScenarioReport"/> as text for a person: a header, the timeline, then one fixed-width table
/// per part of the JSON report, in the JSON report's order. Instants are in the policy's local time with the zone's
/// abbreviation (<c>2026-01-05 13:00 EST</c>), or in UTC with <c>--utc</c>; states, types and refusals are in words;
/// amounts carry their currency; a missing value prints as <c>-</c>. With <c>--summary</c> the sections with
/// nothing in them, the balances of 0.00 and the empty return lists are left out, and a last line says what was.
/// </summary>
internal static partial class ReportText
{
    /// <summary>Writes the report of a scenario.</summary>
    public static void Write(Scenario scenario, ScenarioReport report, TextReportOptions options, TextWriter output)
    {
        var time = InstantText.For(scenario.Policy.TimeZone, options.Utc);
        var currency = scenario.Policy.Currency;
        var leftOut = new List<string>();

        output.WriteLine($"Scenario: {report.Name ?? "(unnamed)"}");
        output.WriteLine($"As of:    {time.Format(report.AsOf)}");
        output.WriteLine(time.Legend);

        Section(output, $"Timeline ({Count(report.Timeline.Count, "event")}, {report.Refused.Count} refused)");
        var timeline = new TextTable("AT", "#>", "EVENT", "SUMMARY", "OUTCOME");
        foreach (var row in report.Timeline)
        {
            timeline.Add(time.Format(row.At), TextTable.Number(row.Event), row.Type, SummaryAmount().Replace(row.Summary, $"$0 {currency}"),
                row.Refusal is null ? "ok" : "REFUSED: " + Wording.Refusal(row.Refusal, time, currency));
        }

        timeline.Write(output);

        var loans = new TextTable("ID", "PATRON", "ITEM", "STATUS", "LOANED", "DUE", "RETURNED", "OVERDUE", "RENEWALS>", "ALLOWED ACTIONS", "RULE");
        foreach (var l in report.Loans)
        {
            loans.AddWithNote(LoanNote(l, time), l.Id, l.Patron ?? "(anonymized)", l.Item, Wording.Spelling(l.Status), time.Format(l.LoanedAt), time.Format(l.DueAt),
                time.Format(l.ReturnedAt), l.Overdue ? "yes" : "no", TextTable.Number(l.Renewals), Wording.Spellings(l.AllowedActions), l.Rule);
        }

        Table(output, options, leftOut, $"Loans ({report.Loans.Count})", "loans", loans);

        var fines = new TextTable("ID", "PATRON", "LOAN", "TYPE", "STATUS", "AMOUNT>", "BALANCE>", "TITLE");
        foreach (var f in report.FinesFees)
        {
            fines.AddWithNote(f.Explanation is { } explanation ? Wording.FineExplanation(explanation, time, currency) : null,
                f.TransactionId, f.Patron, f.Loan, Wording.Spelling(f.Type), Wording.Spelling(f.Status), Wording.Amount(f.Amount), Wording.Amount(f.Balance), f.Title);
        }

        Table(output, options, leftOut, $"Fines/fees ({report.FinesFees.Count})", "fines/fees", fines);

        var balances = new TextTable("PATRON", "BALANCE>");
        var zeroBalances = 0;
        foreach (var (patron, balance) in report.Balances)
        {
            if (options.Summary && balance.IsZero)
            {
                zeroBalances++;
                continue;
            }

            balances.Add(patron, Wording.Amount(balance));
        }

        if (zeroBalances > 0)
        {
            leftOut.Add(zeroBalances == 1 ? $"1 balance of 0.00 {currency}" : $"{zeroBalances} balances of 0.00 {currency}");
        }

        Table(output, options, leftOut, "Balances (active, per patron)", "balances", balances, noted: zeroBalances > 0);

        var notices = new TextTable("AT", "PATRON", "TYPE", "LOAN", "REQUEST");
        foreach (var n in report.Notices)
        {
            notices.Add(time.Format(n.At), n.Patron, Wording.Spelling(n.Type), n.Loan, n.Request);
        }

        Table(output, options, leftOut, $"Notices ({report.Notices.Count})", "notices", notices);

        var returns = new TextTable("PATRON", "LOANS");
        var emptyLists = 0;
        foreach (var (patron, list) in report.ReturnList)
        {
            if (options.Summary && list.Count == 0)
            {
                emptyLists++;
                continue;
            }

            returns.Add(patron, List(list));
        }

        if (emptyLists > 0)
        {
            leftOut.Add(emptyLists == 1 ? "1 empty return list" : $"{emptyLists} empty return lists");
        }

        Table(output, options, leftOut, "Return lists (most recent first)", "return lists", returns, noted: emptyLists > 0);

        var requests = new TextTable("ID", "PATRON", "ITEM", "STATUS", "EXPIRES");
        foreach (var r in report.Requests)
        {
            requests.Add(r.Id, r.Patron, r.Item, Wording.Spelling(r.Status), time.Format(r.ExpiresAt));
        }

        Table(output, options, leftOut, $"Requests ({report.Requests.Count})", "requests", requests);

        var sessions = new TextTable("ID", "PATRON", "LOCATION", "LOANS", "RETURNS", "CLOSED");
        foreach (var s in report.Sessions)
        {
            sessions.Add(s.Id, s.Patron, s.Location, List(s.Loans), List(s.Returns), s.ClosedAt is { } closed ? time.Format(closed) : "open");
        }

        Table(output, options, leftOut, $"Sessions ({report.Sessions.Count})", "sessions", sessions);

        var searches = new TextTable("EVENT>", "RESULTS");
        foreach (var s in report.Searches)
        {
            searches.Add(TextTable.Number(s.Event), s.Results.Count == 0 ? "(no match)" : List(s.Results));
        }

        Table(output, options, leftOut, $"Searches ({report.Searches.Count})", "searches", searches);

        var queries = new TextTable("QUERY>", "TRANSACTION IDS");
        for (var i = 0; i < report.Queries.Count; i++)
        {
            queries.Add(TextTable.Number(i), report.Queries[i].Count == 0 ? "(no match)" : List(report.Queries[i]));
        }

        Table(output, options, leftOut, $"Queries ({report.Queries.Count})", "queries", queries);

        var refused = new TextTable("EVENT>", "TYPE", "REASON");
        foreach (var r in report.Refused)
        {
            refused.Add(TextTable.Number(r.Event), r.Type, Wording.Refusal(r.Reason, time, currency));
        }

        Table(output, options, leftOut, $"Refused ({report.Refused.Count})", "refusals", refused);

        if (options.Summary && leftOut.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Left out by --summary: {string.Join(", ", leftOut)}.");
        }
    }

    /// <summary>A section: its title and table, or with <c>--summary</c> nothing when the table has no rows.</summary>
    private static void Table(TextWriter output, TextReportOptions options, List<string> leftOut, string title, string what, TextTable table, bool noted = false)
    {
        if (options.Summary && table.Count == 0)
        {
            if (!noted)
            {
                leftOut.Add("no " + what);
            }

            return;
        }

        Section(output, title);
        table.Write(output);
    }

    private static string? LoanNote(LoanRow loan, InstantText time)
    {
        var parts = new List<string>();
        if (loan.Recalled)
        {
            parts.Add("recalled");
        }

        if (loan.ClaimedReturnedAt is { } claimed)
        {
            parts.Add("claimed returned " + time.Format(claimed));
        }

        if (loan.LostAt is { } lost)
        {
            parts.Add("lost " + time.Format(lost));
        }

        if (loan.Anonymized)
        {
            parts.Add("anonymized");
        }
        else if (loan.AnonymizeAt is { } anonymizeAt)
        {
            parts.Add("anonymized from " + time.Format(anonymizeAt));
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static void Section(TextWriter output, string title)
    {
        output.WriteLine();
        output.WriteLine(title);
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string List(IReadOnlyList<string> values) => values.Count == 0 ? "-" : string.Join(", ", values);

    // "amount 3.00" in an event's summary, as the replayer writes it.
    [GeneratedRegex(@"(?<=\bamount )\d+\.\d{2}\b")]
    private static partial Regex SummaryAmount();
}
