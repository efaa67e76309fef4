using Harvard.Circulation.Formats.Scenarios;
using NodaTime;

namespace Harvard.Circulation.Cli;

/// <summary>
/// Writes a <see cref="ScenarioReport"/> as text: a header, the timeline, then one fixed-width table per part
/// of the JSON report, in the JSON report's order. Every instant is printed in UTC exactly as the JSON report
/// writes it (<c>2026-02-03T04:59:59Z</c>), so the two outputs can be compared by eye; a missing value
/// prints as <c>-</c>.
/// </summary>
internal static class ReportText
{
    /// <summary>Writes the report.</summary>
    public static void Write(ScenarioReport report, TextWriter output)
    {
        output.WriteLine($"Scenario: {report.Name ?? "(unnamed)"}");
        output.WriteLine($"As of:    {Iso(report.AsOf)}");
        output.WriteLine("Instants are UTC.");

        Section(output, $"Timeline ({Count(report.Timeline.Count, "event")}, {report.Refused.Count} refused)");
        var timeline = new TextTable("AT", "#>", "EVENT", "SUMMARY", "OUTCOME");
        foreach (var row in report.Timeline)
        {
            timeline.Add(Iso(row.At), TextTable.Number(row.Event), row.Type, row.Summary, row.Refusal is null ? "ok" : "REFUSED: " + row.Refusal);
        }

        timeline.Write(output);

        Section(output, $"Loans ({report.Loans.Count})");
        var loans = new TextTable("ID", "PATRON", "ITEM", "STATUS", "LOANED", "DUE", "RETURNED", "OVERDUE", "RENEWALS>", "ALLOWED ACTIONS", "RULE");
        foreach (var l in report.Loans)
        {
            loans.AddWithNote(LoanNote(l), l.Id, l.Patron ?? "(anonymized)", l.Item, l.Status, Iso(l.LoanedAt), Iso(l.DueAt), Iso(l.ReturnedAt),
                l.Overdue ? "yes" : "no", TextTable.Number(l.Renewals), List(l.AllowedActions), l.Rule);
        }

        loans.Write(output);

        Section(output, $"Fines/fees ({report.FinesFees.Count})");
        var fines = new TextTable("ID", "PATRON", "LOAN", "TYPE", "STATUS", "AMOUNT>", "BALANCE>", "TITLE");
        foreach (var f in report.FinesFees)
        {
            fines.AddWithNote(f.Explanation, f.TransactionId, f.Patron, f.Loan, f.Type, f.Status, f.Amount.ToAmountString(), f.Balance.ToAmountString(), f.Title);
        }

        fines.Write(output);

        Section(output, "Balances (active, per patron)");
        var balances = new TextTable("PATRON", "BALANCE>");
        foreach (var (patron, balance) in report.Balances)
        {
            balances.Add(patron, balance.ToAmountString());
        }

        balances.Write(output);

        Section(output, $"Notices ({report.Notices.Count})");
        var notices = new TextTable("AT", "PATRON", "TYPE", "LOAN", "REQUEST");
        foreach (var n in report.Notices)
        {
            notices.Add(Iso(n.At), n.Patron, n.Type, n.Loan, n.Request);
        }

        notices.Write(output);

        Section(output, "Return lists (most recent first)");
        var returns = new TextTable("PATRON", "LOANS");
        foreach (var (patron, list) in report.ReturnList)
        {
            returns.Add(patron, List(list));
        }

        returns.Write(output);

        Section(output, $"Requests ({report.Requests.Count})");
        var requests = new TextTable("ID", "PATRON", "ITEM", "STATUS", "EXPIRES");
        foreach (var r in report.Requests)
        {
            requests.Add(r.Id, r.Patron, r.Item, r.Status, Iso(r.ExpiresAt));
        }

        requests.Write(output);

        Section(output, $"Sessions ({report.Sessions.Count})");
        var sessions = new TextTable("ID", "PATRON", "LOCATION", "LOANS", "RETURNS", "CLOSED");
        foreach (var s in report.Sessions)
        {
            sessions.Add(s.Id, s.Patron, s.Location, List(s.Loans), List(s.Returns), s.ClosedAt is { } closed ? Iso(closed) : "open");
        }

        sessions.Write(output);

        Section(output, $"Searches ({report.Searches.Count})");
        var searches = new TextTable("EVENT>", "RESULTS");
        foreach (var s in report.Searches)
        {
            searches.Add(TextTable.Number(s.Event), s.Results.Count == 0 ? "(no match)" : List(s.Results));
        }

        searches.Write(output);

        Section(output, $"Queries ({report.Queries.Count})");
        var queries = new TextTable("QUERY>", "TRANSACTION IDS");
        for (var i = 0; i < report.Queries.Count; i++)
        {
            queries.Add(TextTable.Number(i), report.Queries[i].Count == 0 ? "(no match)" : List(report.Queries[i]));
        }

        queries.Write(output);

        Section(output, $"Refused ({report.Refused.Count})");
        var refused = new TextTable("EVENT>", "TYPE", "REASON");
        foreach (var r in report.Refused)
        {
            refused.Add(TextTable.Number(r.Event), r.Type, r.Reason);
        }

        refused.Write(output);
    }

    private static string? LoanNote(LoanRow loan)
    {
        var parts = new List<string>();
        if (loan.Recalled)
        {
            parts.Add("recalled");
        }

        if (loan.ClaimedReturnedAt is { } claimed)
        {
            parts.Add("claimed returned " + Iso(claimed));
        }

        if (loan.LostAt is { } lost)
        {
            parts.Add("lost " + Iso(lost));
        }

        if (loan.Anonymized)
        {
            parts.Add("anonymized");
        }
        else if (loan.AnonymizeAt is { } anonymizeAt)
        {
            parts.Add("anonymized from " + Iso(anonymizeAt));
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

    private static string? Iso(Instant? instant) => instant is { } i ? ScenarioReportJson.Iso(i) : null;

    private static string Iso(Instant instant) => ScenarioReportJson.Iso(instant);
}
