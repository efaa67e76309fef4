using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ardalis.GuardClauses;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Schemas;
using Harvard.Circulation.Patrons;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Formats.Scenarios;

/// <summary>
/// Writes a scenario as a scenario file (format 1): every id given explicitly, instants in the policy's time zone
/// with their offset, the policy by name or inline. Reading the text back gives an equal scenario.
/// </summary>
/// <remarks>Pure and thread-safe. Writes to a stream as it goes, so a file of a million events needs no string
/// of that size.</remarks>
public static class ScenarioWriter
{
    private static readonly OffsetDateTimePattern InstantPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<Z+HH:mm>");
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>Writes a scenario as JSON text.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="policyName">The name to write for the policy (e.g. <c>harvard-default</c>, or a path the
    /// reader will resolve), which must name the scenario's policy; null writes the policy inline.</param>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The text.</returns>
    public static string Write(Scenario scenario, string? policyName = null, bool indented = true)
    {
        using var stream = new MemoryStream();
        WriteTo(stream, scenario, policyName, indented);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a scenario as UTF-8 JSON to a stream.</summary>
    /// <param name="stream">The stream; left open.</param>
    /// <param name="scenario">The scenario.</param>
    /// <param name="policyName">The name to write for the policy; null writes it inline.</param>
    /// <param name="indented">Whether to indent.</param>
    public static void WriteTo(Stream stream, Scenario scenario, string? policyName = null, bool indented = false)
    {
        Guard.Against.Null(stream);
        Guard.Against.Null(scenario);
        var zone = scenario.Policy.TimeZone;
        string At(Instant instant) => InstantPattern.Format(instant.InZone(zone).ToOffsetDateTime());
        using var w = new Utf8JsonWriter(stream, indented ? Indented : Compact);
        w.WriteStartObject();
        w.WriteString("$schema", FormatSchemas.ScenarioId);
        w.WriteNumber("format", 1);
        if (scenario.Name is { } name)
        {
            w.WriteString("name", name);
        }

        if (policyName is not null)
        {
            w.WriteString("policy", policyName);
        }
        else
        {
            w.WritePropertyName("policy");
            w.WriteRawValue(PolicyWriter.Write(scenario.Policy, indented: false));
        }

        CatalogueJson.WritePatrons(w, scenario.Patrons);
        CatalogueJson.WriteItems(w, scenario.Items);
        CatalogueJson.WriteStaff(w, scenario.Staff);
        w.WriteStartArray("events");
        foreach (var e in scenario.Events)
        {
            WriteEvent(w, e, At(e.At));
            if (w.BytesPending > 1 << 16)
            {
                w.Flush();
            }
        }

        w.WriteEndArray();
        w.WriteString("asOf", At(scenario.AsOf));
        if (scenario.Queries.Count > 0)
        {
            w.WriteStartArray("queries");
            foreach (var query in scenario.Queries)
            {
                w.WriteStartObject();
                w.WriteStartObject("finesFees");
                w.WriteOptional("patron", query.PatronId);
                w.WriteOptional("search", query.Search);
                w.WriteOptional("type", query.Type?.ToSpelling());
                w.WriteOptional("status", query.Status?.ToSpelling());
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter w, ScenarioEvent e, string at)
    {
        w.WriteStartObject();
        w.WriteString("at", at);
        w.WriteString("type", e.TypeSpelling);
        switch (e.Type)
        {
            case ScenarioEventType.CheckOut:
                w.WriteString("patron", e.Patron);
                w.WriteString("item", e.Item);
                w.WriteOptional("location", e.Location);
                w.WriteOptional("session", e.Session);
                break;
            case ScenarioEventType.CheckIn:
                w.WriteString("item", e.Item);
                w.WriteOptional("session", e.Session);
                break;
            case ScenarioEventType.Renew or ScenarioEventType.ClaimReturned or ScenarioEventType.DeclareLost or ScenarioEventType.MarkFound:
                w.WriteString("item", e.Item);
                break;
            case ScenarioEventType.Pay:
                w.WriteString("patron", e.Patron);
                w.WriteString("amount", e.Amount!.Value.ToAmountString());
                w.WriteOptional("transactionId", e.TransactionId);
                break;
            case ScenarioEventType.Waive:
                w.WriteString("transactionId", e.TransactionId);
                w.WriteOptional("amount", e.Amount?.ToAmountString());
                w.WriteOptional("reason", e.Reason);
                break;
            case ScenarioEventType.Dispute or ScenarioEventType.Restore:
                w.WriteString("transactionId", e.TransactionId);
                break;
            case ScenarioEventType.Charge:
                w.WriteString("patron", e.Patron);
                w.WriteString("feeType", e.FeeType!.Value.ToSpelling());
                w.WriteString("amount", e.Amount!.Value.ToAmountString());
                w.WriteOptional("title", e.Title);
                break;
            case ScenarioEventType.Refund:
                w.WriteString("transactionId", e.TransactionId);
                w.WriteString("amount", e.Amount!.Value.ToAmountString());
                break;
            case ScenarioEventType.ExportToBursar:
                w.WriteOptional("patron", e.Patron);
                break;
            case ScenarioEventType.PlaceRequest:
                w.WriteString("patron", e.Patron);
                w.WriteString("item", e.Item);
                w.WriteString("id", e.Id);
                break;
            case ScenarioEventType.CancelRequest:
                w.WriteString("request", e.Id);
                if (!e.NotifyUser)
                {
                    w.WriteBoolean("notifyUser", false);
                }

                break;
            case ScenarioEventType.OpenSession:
                w.WriteString("staff", e.Staff);
                w.WriteString("location", e.Location);
                w.WriteString("patron", e.Patron);
                w.WriteString("id", e.Id);
                break;
            case ScenarioEventType.SearchPatrons:
                w.WriteString("staff", e.Staff);
                w.WriteString("by", e.SearchBy!.Value.ToSpelling());
                w.WriteString("query", e.Query);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.Type, "Not an event type.");
        }

        w.WriteEndObject();
    }
}
