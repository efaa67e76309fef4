using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ardalis.GuardClauses;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Schemas;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Sessions;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Formats.State;

/// <summary>
/// Writes a desk's snapshot and its policy as a state file (format 1, <c>docs/state.md</c>): patrons, items and staff
/// in the scenario file's shapes, every other record with every field (<c>null</c> where it does not apply),
/// instants in UTC, amounts as decimal strings. The same snapshot always gives the same bytes, and
/// <see cref="StateReader"/> reads them back to an equal snapshot.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class StateWriter
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>Writes a state file as JSON text.</summary>
    /// <param name="state">The state.</param>
    /// <param name="indented">Whether to indent (the default; a state file is meant to be read).</param>
    /// <returns>The text.</returns>
    public static string Write(StateFile state, bool indented = true)
    {
        using var stream = new MemoryStream();
        WriteTo(stream, state, indented);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a state file as UTF-8 JSON to a stream.</summary>
    /// <param name="stream">The stream; left open.</param>
    /// <param name="state">The state.</param>
    /// <param name="indented">Whether to indent.</param>
    public static void WriteTo(Stream stream, StateFile state, bool indented = true)
    {
        Guard.Against.Null(stream);
        Guard.Against.Null(state);
        var s = state.Snapshot;
        using var w = new Utf8JsonWriter(stream, indented ? Indented : Compact);
        w.WriteStartObject();
        w.WriteString("$schema", FormatSchemas.StateId);
        w.WriteNumber("format", StateReader.Format);
        if (state.PolicyName is { } policyName)
        {
            w.WriteString("policy", policyName);
        }
        else
        {
            w.WritePropertyName("policy");
            w.WriteRawValue(PolicyWriter.Write(state.Policy, indented: false));
        }

        w.WriteString("asOf", At(s.AsOf));
        CatalogueJson.WritePatrons(w, s.Patrons);
        CatalogueJson.WriteItems(w, s.Items);
        CatalogueJson.WriteStaff(w, s.Staff);
        WriteArray(w, "loans", s.Loans, WriteLoan);
        WriteArray(w, "finesFees", s.FinesFees, WriteFineFee);
        WriteArray(w, "requests", s.Requests, WriteRequest);
        WriteArray(w, "sessions", s.Sessions, WriteSession);
        WriteArray(w, "notices", s.Notices, WriteNotice);
        WriteArray(w, "claims", s.Claims, (w, c) =>
        {
            w.WriteString("patronId", c.PatronId);
            w.WriteNumber("count", c.Count);
        });
        w.WriteStartObject("numbering");
        w.WriteNumber("loans", s.Numbering.Loans);
        w.WriteNumber("finesFees", s.Numbering.FinesFees);
        w.WriteNumber("requests", s.Numbering.Requests);
        w.WriteNumber("sessions", s.Numbering.Sessions);
        w.WriteNumber("notices", s.Numbering.Notices);
        if (s.Numbering.Ids == IdNumbering.Scoped)
        {
            // Written only under scoped ids, so that a desk with dense ids writes what it always wrote.
            w.WriteString("ids", "scoped");
            WriteArray(w, "loansByItem", s.Numbering.LoansByItem, (w, e) =>
            {
                w.WriteString("itemBarcode", e.ItemBarcode);
                w.WriteNumber("count", e.Count);
            });
        }

        w.WriteEndObject();
        WriteArray(w, "loansElsewhere", s.LoansElsewhere, (w, l) =>
        {
            w.WriteString("loanId", l.LoanId);
            w.WriteString("itemBarcode", l.ItemBarcode);
        });
        if (s.Scope is { } scope)
        {
            w.WriteStartObject("scope");
            WriteStrings(w, "patronIds", scope.PatronIds);
            WriteStrings(w, "itemBarcodes", scope.ItemBarcodes);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("scope");
        }

        if (s.SameInstant is { } order)
        {
            w.WriteStartObject("sameInstant");
            WriteSameInstant(w, order);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("sameInstant");
        }

        w.WriteEndObject();
    }

    /// <summary>An instant as the state file writes it: ISO-8601 in UTC (<c>Z</c>), with as many fractional digits
    /// as it needs.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The text, e.g. <c>2026-01-05T15:00:00Z</c>.</returns>
    public static string At(Instant instant) => JsonInstant.Format(instant);

    /// <summary>A loan's fields, as the state file and the changes lines write it.</summary>
    internal static void WriteLoan(Utf8JsonWriter w, LoanSnapshot l)
    {
        w.WriteString("id", l.Id);
        if (l.Place is { } place)
        {
            w.WriteNumber("place", place);
        }

        w.WriteStringOrNull("patronId", l.PatronId);
        w.WriteString("itemBarcode", l.ItemBarcode);
        w.WriteString("status", l.Status.ToSpelling());
        w.WriteString("loanedAt", At(l.LoanedAt));
        w.WriteString("dueAt", At(l.DueAt));
        w.WriteString("ruleId", l.RuleId);
        w.WriteString("termsOfUseId", l.TermsOfUseId);
        w.WriteStringOrNull("location", l.Location);
        w.WriteStringOrNull("sessionId", l.SessionId);
        WriteStrings(w, "notes", l.Notes);
        w.WriteStartArray("renewedAt");
        foreach (var at in l.RenewedAt)
        {
            w.WriteStringValue(At(at));
        }

        w.WriteEndArray();
        WriteInstantOrNull(w, "recalledAt", l.RecalledAt);
        WriteInstantOrNull(w, "claimedReturnedAt", l.ClaimedReturnedAt);
        WriteInstantOrNull(w, "lostAt", l.LostAt);
        w.WriteBoolean("agedToLost", l.AgedToLost);
        WriteInstantOrNull(w, "returnedAt", l.ReturnedAt);
        w.WriteStartArray("noticesSent");
        foreach (var n in l.NoticesSent)
        {
            w.WriteNumberValue(n);
        }

        w.WriteEndArray();
        w.WriteBoolean("autoRenewTried", l.AutoRenewTried);
        w.WriteBoolean("incurredFineOrFee", l.IncurredFineOrFee);
    }

    /// <summary>A same-instant order's fields.</summary>
    internal static void WriteSameInstant(Utf8JsonWriter w, SameInstantOrder order)
    {
        w.WriteString("at", At(order.At));
        if (order.Actions != 0)
        {
            w.WriteNumber("actions", order.Actions);
        }

        WriteArray(w, "finesFees", order.FinesFees, (w, f) =>
        {
            w.WriteString("transactionId", f.TransactionId);
            WriteNumberOrNull(w, "loanNumber", f.LoanNumber);
            w.WriteNumber("rank", f.Rank);
            if (f.Loan is { } loan)
            {
                w.WriteStartObject("loan");
                w.WriteString("at", At(loan.At));
                w.WriteNumber("place", loan.Place);
                w.WriteEndObject();
            }
        });
        WriteArray(w, "notices", order.Notices, (w, n) =>
        {
            w.WriteNumber("sequence", n.Sequence);
            w.WriteString("type", n.Type.ToSpelling());
            WriteNumberOrNull(w, "loanNumber", n.LoanNumber);
            WriteNumberOrNull(w, "requestNumber", n.RequestNumber);
            if (n.PatronId is { } patron)
            {
                w.WriteString("patronId", patron);
            }

            WriteNoticePlace(w, n.Place);
        });
    }

    /// <summary>Under scoped ids, what places a notice: <c>"place": {"by": "loan", "at": ..., "place": 2}</c>; nothing
    /// under dense ids.</summary>
    private static void WriteNoticePlace(Utf8JsonWriter w, NoticePlace? place)
    {
        if (place is null)
        {
            return;
        }

        w.WriteStartObject("place");
        w.WriteString("by", StateReader.NoticeOrderings.Single(o => o.By == place.By).Spelling);
        w.WriteString("at", At(place.At));
        w.WriteNumber("place", place.Place);
        w.WriteEndObject();
    }

    /// <summary>A fine/fee's fields.</summary>
    internal static void WriteFineFee(Utf8JsonWriter w, FineFeeSnapshot f)
    {
        w.WriteString("transactionId", f.TransactionId);
        w.WriteString("patronId", f.PatronId);
        w.WriteString("type", f.Type.ToSpelling());
        w.WriteString("status", f.Status.ToSpelling());
        w.WriteString("original", Amount(f.Original));
        w.WriteString("balance", Amount(f.Balance));
        w.WriteString("paid", Amount(f.Paid));
        w.WriteString("waived", Amount(f.Waived));
        w.WriteString("refunded", Amount(f.Refunded));
        w.WriteString("createdAt", At(f.CreatedAt));
        w.WriteStringOrNull("loanId", f.LoanId);
        w.WriteStringOrNull("title", f.Title);
        w.WriteBoolean("isAccruing", f.IsAccruing);
        WriteArray(w, "transactions", f.Transactions, (w, t) =>
        {
            w.WriteString("type", t.Type.ToSpelling());
            w.WriteString("at", At(t.At));
            w.WriteString("amount", Amount(t.Amount));
            w.WriteStringOrNull("reason", t.Reason);
        });
        if (f.Accrual is { } a)
        {
            w.WriteStartObject("accrual");
            w.WriteNumber("overdueMinutes", a.OverdueMinutes);
            w.WriteNumber("closedMinutesLeftOut", a.ClosedMinutesLeftOut);
            w.WriteNumber("graceMinutes", a.GraceMinutes);
            w.WriteNumber("chargeableMinutes", a.ChargeableMinutes);
            w.WriteNumber("intervals", a.Intervals);
            w.WriteString("per", a.Per.ToSpelling());
            w.WriteBoolean("graceDeducted", a.GraceDeducted);
            w.WriteString("rate", Amount(a.Rate));
            w.WriteStringOrNull("cap", a.Cap is { } cap ? Amount(cap) : null);
            w.WriteBoolean("capped", a.Capped);
            w.WriteString("amount", Amount(a.Amount));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("accrual");
        }

        if (f.AccrualStop is { } stop)
        {
            w.WriteStartObject("accrualStop");
            w.WriteString("at", At(stop.At));
            w.WriteString("by", AccrualStop.ToSpelling(stop.By));
            w.WriteBoolean("forgiven", stop.Forgiven);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("accrualStop");
        }
    }

    /// <summary>A request's fields.</summary>
    internal static void WriteRequest(Utf8JsonWriter w, RequestSnapshot r)
    {
        w.WriteString("id", r.Id);
        if (r.Number is { } number)
        {
            w.WriteNumber("number", number);
        }

        if (r.Place is { } place)
        {
            w.WriteNumber("place", place);
        }

        w.WriteString("patronId", r.PatronId);
        w.WriteString("itemBarcode", r.ItemBarcode);
        w.WriteString("status", r.Status.ToSpelling());
        w.WriteString("placedAt", At(r.PlacedAt));
        w.WriteString("pickupWithin", PeriodPattern.Roundtrip.Format(r.PickupWithin));
        WriteInstantOrNull(w, "onHoldShelfAt", r.OnHoldShelfAt);
        WriteInstantOrNull(w, "expiresAt", r.ExpiresAt);
        WriteInstantOrNull(w, "closedAt", r.ClosedAt);
    }

    /// <summary>A session's fields.</summary>
    internal static void WriteSession(Utf8JsonWriter w, SessionSnapshot s)
    {
        w.WriteString("id", s.Id);
        if (s.Number is { } number)
        {
            w.WriteNumber("number", number);
        }

        if (s.Place is { } place)
        {
            w.WriteNumber("place", place);
        }

        w.WriteString("staffId", s.StaffId);
        w.WriteString("location", s.Location);
        w.WriteString("patronId", s.PatronId);
        w.WriteString("openedAt", At(s.OpenedAt));
        w.WriteString("lastActivityAt", At(s.LastActivityAt));
        WriteInstantOrNull(w, "closedByStaffAt", s.ClosedByStaffAt);
        WriteInstantOrNull(w, "closedAt", s.ClosedAt);
        WriteStrings(w, "loanIds", s.LoanIds);
        WriteStrings(w, "returnIds", s.ReturnIds);
    }

    /// <summary>A notice's fields.</summary>
    internal static void WriteNotice(Utf8JsonWriter w, NoticeSnapshot n)
    {
        w.WriteString("type", n.Type.ToSpelling());
        w.WriteString("patronId", n.PatronId);
        w.WriteString("at", At(n.At));
        w.WriteNumber("sequence", n.Sequence);
        w.WriteStringOrNull("loanId", n.LoanId);
        w.WriteStringOrNull("requestId", n.RequestId);
        w.WriteStringOrNull("transactionId", n.TransactionId);
        WriteNumberOrNull(w, "order", n.Order);
        WriteNoticePlace(w, n.Place);
    }

    /// <summary>An amount as every format spells it: a decimal string. Kept exact (a snapshot's amounts are
    /// already rounded where the desk rounds; a rate may be below a cent), with at least two decimals.</summary>
    internal static string Amount(Money money) =>
        decimal.Round(money.Amount, 2) == money.Amount ? money.ToAmountString() : money.Amount.ToString("0.00########", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteArray<T>(Utf8JsonWriter w, string name, EquatableArray<T> values, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStartObject();
            write(w, value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, EquatableArray<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteInstantOrNull(Utf8JsonWriter w, string name, Instant? instant) =>
        w.WriteStringOrNull(name, instant is { } i ? At(i) : null);

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
