using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ardalis.GuardClauses;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Loans;
using NodaTime;

namespace Harvard.Circulation.Formats.Compare;

/// <summary>
/// Writes a <see cref="PolicyComparison"/> as the comparison report (what <c>circ compare --format json</c> prints):
/// field names, order and spellings as <c>docs/compare.md</c> gives them, its JSON Schema
/// <c>docs/schemas/compare.schema.json</c>. Every figure is a pair <c>{ "old": ..., "new": ... }</c>; instants are
/// UTC (<c>Z</c>); amounts are two-decimal strings; every field is present, <c>null</c> where it does not apply.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class ComparisonReportJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The report as indented JSON text, ending with a new line.</summary>
    /// <param name="comparison">The comparison.</param>
    /// <returns>The JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="comparison"/> is null.</exception>
    public static string Write(PolicyComparison comparison)
    {
        Guard.Against.Null(comparison);
        using var stream = new MemoryStream();
        WriteTo(stream, comparison);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the report as indented UTF-8 JSON, ending with a new line, to a stream as it goes.</summary>
    /// <param name="stream">The stream; left open.</param>
    /// <param name="comparison">The comparison.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteTo(Stream stream, PolicyComparison comparison)
    {
        Guard.Against.Null(stream);
        Guard.Against.Null(comparison);
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            Write(w, comparison);
        }

        stream.WriteByte((byte)'\n');
    }

    private static void Write(Utf8JsonWriter w, PolicyComparison c)
    {
        w.WriteStartObject();
        w.WriteNumber("format", 1);
        w.WriteStringOrNull("scenario", c.ScenarioName);
        w.WriteString("asOf", JsonInstant.Format(c.AsOf));
        w.WriteStartObject("old");
        w.WriteStringOrNull("name", c.Old.Name);
        w.WriteEndObject();
        w.WriteStartObject("new");
        w.WriteStringOrNull("name", c.New.Name);
        w.WriteEndObject();
        w.WriteNumber("events", c.Events);
        w.WriteNumber("differingEvents", c.DifferingEvents);
        w.WriteNumber("firstDifferences", c.FirstDifferences);
        w.WriteNumber("consequences", c.Consequences);
        w.WritePropertyName("totals");
        Figures(w, c.Totals);
        Categories(w, "userGroups", "patrons", c.UserGroups);
        Categories(w, "itemPolicies", "items", c.ItemPolicies);

        w.WriteStartArray("patrons");
        foreach (var p in c.Patrons)
        {
            FlushSometimes(w);
            w.WriteStartObject();
            w.WriteString("patron", p.PatronId);
            w.WriteString("userGroup", p.GroupCode);
            Pair(w, "charged", p.Charged);
            Pair(w, "balance", p.Balance);
            w.WriteStartObject("blocks");
            Codes(w, "old", p.Blocks.Old);
            Codes(w, "new", p.Blocks.New);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("differences");
        foreach (var d in c.Differences)
        {
            w.WriteStartObject();
            w.WriteNumber("event", d.Event.Index);
            w.WriteString("at", JsonInstant.Format(d.Event.At));
            w.WriteString("type", d.Event.TypeSpelling);
            w.WriteString("summary", EventSummary.Of(d.Event));
            w.WritePropertyName("old");
            Outcome(w, d.Old);
            w.WritePropertyName("new");
            Outcome(w, d.New);
            w.WriteStartObject("consequences");
            w.WriteNumber("count", d.ConsequenceCount);
            w.WriteStartArray("events");
            foreach (var e in d.Consequences)
            {
                w.WriteStartObject();
                w.WriteNumber("event", e.Index);
                w.WriteString("type", e.TypeSpelling);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Categories(Utf8JsonWriter w, string name, string members, IReadOnlyList<CategoryComparison> categories)
    {
        w.WriteStartArray(name);
        foreach (var category in categories)
        {
            w.WriteStartObject();
            w.WriteString("code", category.Code);
            w.WriteString("name", category.Name);
            w.WriteNumber(members, category.Members);
            w.WritePropertyName("figures");
            Figures(w, category.Figures);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Figures(Utf8JsonWriter w, ComparisonFigures f)
    {
        w.WriteStartObject();
        w.WriteStartObject("checkOuts");
        Pair(w, "made", f.CheckOuts);
        Pair(w, "refused", f.CheckOutsRefused);
        Keyed(w, "refusedBy", f.CheckOutsRefusedBy);
        w.WriteEndObject();
        w.WriteStartObject("renewals");
        Pair(w, "made", f.Renewals);
        Pair(w, "refused", f.RenewalsRefused);
        Keyed(w, "refusedBy", f.RenewalsRefusedBy);
        w.WriteEndObject();

        w.WriteStartObject("dueDates");
        w.WriteNumber("compared", f.DueDates.Compared);
        w.WriteNumber("moved", f.DueDates.Moved);
        w.WriteNumber("earlier", f.DueDates.Earlier);
        w.WriteNumber("later", f.DueDates.Later);
        Seconds(w, "meanShiftSeconds", f.DueDates.MeanShift);
        Seconds(w, "maxShiftSeconds", f.DueDates.MaxShift);
        w.WriteEndObject();

        Pair(w, "overdueLoans", f.OverdueLoans);
        Pair(w, "lostItems", f.LostItems);

        w.WriteStartObject("finesFees");
        Pair(w, "count", f.FinesFeesCount);
        Pair(w, "total", f.FinesFeesTotal);
        w.WriteStartObject("byType");
        foreach (var type in f.FinesFees)
        {
            w.WriteStartObject(type.Type.ToSpelling());
            Pair(w, "count", type.Count);
            Pair(w, "total", type.Total);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();

        if (f.Patrons is not { } p)
        {
            w.WriteNull("balances");
            w.WriteNull("blocks");
            w.WriteNull("notices");
        }
        else
        {
            w.WriteStartObject("balances");
            Pair(w, "total", p.Balances);
            Pair(w, "owing", p.PatronsOwing);
            w.WriteNumber("payingMore", p.PayingMore);
            w.WriteNumber("payingLess", p.PayingLess);
            w.WriteEndObject();
            w.WriteStartObject("blocks");
            foreach (var block in p.Blocks)
            {
                w.WriteStartObject(block.Code);
                Pair(w, "patrons", block.Patrons);
                w.WriteNumber("newlyBlocked", block.NewlyBlocked);
                w.WriteNumber("unblocked", block.Unblocked);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            Keyed(w, "notices", p.Notices);
        }

        w.WriteEndObject();
    }

    private static void Outcome(Utf8JsonWriter w, EventOutcome o)
    {
        w.WriteStartObject();
        w.WriteString("outcome", o.IsAllowed ? "ok" : "refused");
        w.WriteStartArray("refusals");
        foreach (var r in o.Refusals)
        {
            w.WriteStartObject();
            w.WriteString("code", r.Code);
            w.WriteString("message", r.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStringOrNull("loan", o.LoanId);
        w.WriteStringOrNull("rule", o.RuleId);
        w.WriteStringOrNull("termsOfUse", o.TermsOfUseId);
        if (o.DueAt is { } due)
        {
            w.WriteString("dueAt", JsonInstant.Format(due));
        }
        else
        {
            w.WriteNull("dueAt");
        }

        w.WriteStringOrNull("dueExplanation", o.Due?.ToString());
        w.WriteStringOrNull("status", o.Status?.ToSpelling());
        w.WriteStartArray("finesFees");
        foreach (var f in o.FinesFees)
        {
            w.WriteStartObject();
            w.WriteString("transactionId", f.TransactionId);
            w.WriteString("type", f.Type.ToSpelling());
            w.WriteString("status", f.Status.ToSpelling());
            w.WriteString("amount", f.Original.ToAmountString());
            w.WriteString("balance", f.Balance.ToAmountString());
            w.WriteStringOrNull("explanation", f.Explanation);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Pair(Utf8JsonWriter w, string name, Compared<int> pair)
    {
        w.WriteStartObject(name);
        w.WriteNumber("old", pair.Old);
        w.WriteNumber("new", pair.New);
        w.WriteEndObject();
    }

    private static void Pair(Utf8JsonWriter w, string name, Compared<Money> pair)
    {
        w.WriteStartObject(name);
        w.WriteString("old", pair.Old.ToAmountString());
        w.WriteString("new", pair.New.ToAmountString());
        w.WriteEndObject();
    }

    private static void Keyed(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, Compared<int>>> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, pair) in counts)
        {
            Pair(w, key, pair);
        }

        w.WriteEndObject();
    }

    private static void Codes(Utf8JsonWriter w, string name, EquatableArray<string> codes)
    {
        w.WriteStartArray(name);
        foreach (var code in codes)
        {
            w.WriteStringValue(code);
        }

        w.WriteEndArray();
    }

    private static void Seconds(Utf8JsonWriter w, string name, Duration? duration)
    {
        if (duration is { } d)
        {
            w.WriteNumber(name, (long)d.TotalSeconds);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    // A long list is handed to the stream now and then, so the writer's buffer stays small.
    private static void FlushSometimes(Utf8JsonWriter w)
    {
        if (w.BytesPending > 64 * 1024)
        {
            w.Flush();
        }
    }
}

/// <summary>One line saying what an event names, as the simulate timeline does: <c>patron 10000001, item 32044000000002</c>.</summary>
internal static class EventSummary
{
    public static string Of(ScenarioEvent e)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name} {value}");
            }
        }

        Add("patron", e.Patron);
        Add("item", e.Item);
        Add("session", e.Session);
        Add("transaction", e.TransactionId);
        Add("amount", e.Amount?.ToAmountString());
        Add("type", e.FeeType?.ToSpelling());
        Add("id", e.Id);
        Add("staff", e.Staff);
        Add("location", e.Location);
        Add("query", e.Query);
        return string.Join(", ", parts);
    }
}
