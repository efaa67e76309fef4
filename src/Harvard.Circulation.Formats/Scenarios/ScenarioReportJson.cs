using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Harvard.Circulation.Formats.Json;
using Ardalis.GuardClauses;
using NodaTime;

namespace Harvard.Circulation.Formats.Scenarios;

/// <summary>
/// Writes a <see cref="ScenarioReport"/> as the JSON report of the scenario format: field names, order and
/// spellings exactly as <c>docs/scenarios.md</c> gives them; instants in UTC (<c>Z</c>); amounts as
/// two-decimal strings; every field present, <c>null</c> where it does not apply.
/// </summary>
public static class ScenarioReportJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The report as indented JSON text, ending with a new line.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON.</returns>
    public static string Write(ScenarioReport report)
    {
        Guard.Against.Null(report);
        using var stream = new MemoryStream();
        WriteTo(stream, report);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the report as indented UTF-8 JSON, ending with a new line, to a stream as it goes (a report
    /// of a million events is never one string).</summary>
    /// <param name="stream">The stream; left open.</param>
    /// <param name="report">The report.</param>
    public static void WriteTo(Stream stream, ScenarioReport report)
    {
        Guard.Against.Null(stream);
        Guard.Against.Null(report);
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            Write(w, report);
        }

        stream.WriteByte((byte)'\n');
    }

    private static void Write(Utf8JsonWriter w, ScenarioReport report)
    {
        w.WriteStartObject();
        w.WriteNumber("format", 1);
        w.WriteString("asOf", Iso(report.AsOf));

        w.WriteStartArray("loans");
        foreach (var l in report.Loans)
        {
            FlushSometimes(w);
            w.WriteStartObject();
            w.WriteString("id", l.Id);
            w.WriteStringOrNull("patron", l.Patron);
            w.WriteString("item", l.Item);
            w.WriteString("status", l.Status);
            w.WriteString("loanedAt", Iso(l.LoanedAt));
            w.WriteString("dueAt", Iso(l.DueAt));
            InstantOrNull(w, "returnedAt", l.ReturnedAt);
            w.WriteBoolean("overdue", l.Overdue);
            w.WriteNumber("renewals", l.Renewals);
            w.WriteStartArray("allowedActions");
            foreach (var action in l.AllowedActions)
            {
                w.WriteStringValue(action);
            }

            w.WriteEndArray();
            w.WriteString("rule", l.Rule);
            InstantOrNull(w, "anonymizeAt", l.AnonymizeAt);
            w.WriteBoolean("anonymized", l.Anonymized);
            w.WriteBoolean("recalled", l.Recalled);
            InstantOrNull(w, "claimedReturnedAt", l.ClaimedReturnedAt);
            InstantOrNull(w, "lostAt", l.LostAt);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("finesFees");
        foreach (var f in report.FinesFees)
        {
            FlushSometimes(w);
            w.WriteStartObject();
            w.WriteString("transactionId", f.TransactionId);
            w.WriteString("patron", f.Patron);
            w.WriteStringOrNull("loan", f.Loan);
            w.WriteStringOrNull("title", f.Title);
            w.WriteString("type", f.Type);
            w.WriteString("status", f.Status);
            w.WriteString("amount", f.Amount.ToAmountString());
            w.WriteString("balance", f.Balance.ToAmountString());
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("balances");
        foreach (var (patron, balance) in report.Balances)
        {
            w.WriteString(patron, balance.ToAmountString());
        }

        w.WriteEndObject();

        w.WriteStartArray("notices");
        foreach (var n in report.Notices)
        {
            FlushSometimes(w);
            w.WriteStartObject();
            w.WriteString("patron", n.Patron);
            w.WriteString("type", n.Type);
            w.WriteString("at", Iso(n.At));
            w.WriteStringOrNull("loan", n.Loan);
            if (n.Request is not null)
            {
                w.WriteString("request", n.Request);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("returnList");
        foreach (var (patron, loans) in report.ReturnList)
        {
            StringArray(w, patron, loans);
        }

        w.WriteEndObject();

        w.WriteStartArray("requests");
        foreach (var r in report.Requests)
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("patron", r.Patron);
            w.WriteString("item", r.Item);
            w.WriteString("status", r.Status);
            InstantOrNull(w, "expiresAt", r.ExpiresAt);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("sessions");
        foreach (var s in report.Sessions)
        {
            w.WriteStartObject(s.Id);
            w.WriteString("patron", s.Patron);
            w.WriteString("location", s.Location);
            StringArray(w, "loans", s.Loans);
            StringArray(w, "returns", s.Returns);
            InstantOrNull(w, "closedAt", s.ClosedAt);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        w.WriteStartArray("searches");
        foreach (var s in report.Searches)
        {
            w.WriteStartObject();
            w.WriteNumber("event", s.Event);
            StringArray(w, "results", s.Results);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("queries");
        foreach (var q in report.Queries)
        {
            w.WriteStartObject();
            StringArray(w, "transactionIds", q);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("refused");
        foreach (var r in report.Refused)
        {
            w.WriteStartObject();
            w.WriteNumber("event", r.Event);
            w.WriteString("type", r.Type);
            w.WriteString("reason", r.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>An instant as the report writes it: UTC ISO-8601 with <c>Z</c>, fractions only when present.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The text, e.g. <c>2026-02-03T04:59:59Z</c>.</returns>
    public static string Iso(Instant instant) => JsonInstant.Format(instant);

    private static void InstantOrNull(Utf8JsonWriter w, string name, Instant? value) => w.WriteStringOrNull(name, value is { } i ? Iso(i) : null);

    private static void StringArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void FlushSometimes(Utf8JsonWriter w)
    {
        if (w.BytesPending > 1 << 16)
        {
            w.Flush();
        }
    }
}
