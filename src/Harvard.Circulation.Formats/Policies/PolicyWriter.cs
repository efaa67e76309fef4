using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Harvard.Circulation.Formats.Json;
using Ardalis.GuardClauses;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Formats.Policies;

/// <summary>
/// Writes a policy as a policy file (format 1), every field explicitly, in the format's field names and
/// spellings, so that <see cref="PolicyReader.Read(string)"/> gives back an equal policy.
/// </summary>
/// <remarks>Pure and thread-safe. Periods are written with NodaTime's round-trip pattern (<c>P28D</c>,
/// <c>PT3H</c>), amounts as invariant decimal strings with at least two decimals (<c>"3.00"</c>), times as
/// <c>HH:mm</c> (a close at midnight as <c>24:00</c>), dates as <c>yyyy-MM-dd</c>.</remarks>
public static class PolicyWriter
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd");
    private static readonly string[] Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>Writes a policy as JSON text.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="indented">Whether to indent (two spaces) for people to read; false writes one line.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public static string Write(Policy policy, bool indented = true) => Write(policy, indented, PolicyWriterOptions.Explicit);

    /// <summary>Writes a policy as JSON text, leaving out what <paramref name="options"/> says may be left out.</summary>
    internal static string Write(Policy policy, bool indented, PolicyWriterOptions options)
    {
        Guard.Against.Null(policy);
        Guard.Against.Null(options);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", PolicyReader.Format);
            w.WriteStringOrNull("name", policy.Name);
            w.WriteString("currency", policy.Currency);
            w.WriteString("timeZone", policy.TimeZone.Id);

            w.WriteStartArray("userGroups");
            foreach (var group in policy.UserGroups)
            {
                WriteUserGroup(w, group);
            }

            w.WriteEndArray();

            w.WriteStartArray("itemPolicies");
            foreach (var itemPolicy in policy.ItemPolicies)
            {
                w.WriteStartObject();
                w.WriteString("code", itemPolicy.Code);
                w.WriteString("name", itemPolicy.Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("libraries");
            foreach (var library in policy.Libraries)
            {
                WriteLibrary(w, library);
            }

            w.WriteEndArray();

            w.WriteStartArray("termsOfUse");
            foreach (var terms in policy.TermsOfUse)
            {
                WriteTerms(w, terms, options);
            }

            w.WriteEndArray();

            w.WriteStartArray("rules");
            foreach (var rule in policy.Rules)
            {
                w.WriteStartObject();
                w.WriteString("id", rule.Id);
                w.WriteString("userGroup", rule.UserGroup);
                w.WriteString("itemPolicy", rule.ItemPolicy);
                w.WriteString("library", rule.Library);
                w.WriteString("location", rule.Location);
                w.WriteString("termsOfUse", rule.TermsOfUse);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartObject("retention");
            WritePeriod(w, "anonymizeReturnsAfter", policy.Retention.AnonymizeReturnsAfter);
            w.WriteBoolean("keepLoansWithFinesFees", policy.Retention.KeepLoansWithFinesFees);
            WritePeriod(w, "returnListFor", policy.Retention.ReturnListFor);
            WritePeriod(w, "sessionIdleTimeout", policy.Retention.SessionIdleTimeout);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteUserGroup(Utf8JsonWriter w, UserGroup group)
    {
        w.WriteStartObject();
        w.WriteString("code", group.Code);
        w.WriteString("name", group.Name);
        w.WriteBoolean("mayBorrow", group.MayBorrow);
        WriteIntOrNull(w, "maxLoans", group.MaxLoans);
        WriteAmount(w, "maxBalance", group.MaxBalance);
        WriteIntOrNull(w, "maxLostItems", group.MaxLostItems);
        WriteIntOrNull(w, "maxClaimedReturned", group.MaxClaimedReturned);
        if (group.Bursar is { } bursar)
        {
            w.WriteStartObject("bursar");
            WritePeriod(w, "minimumAge", bursar.MinimumAge);
            WriteAmount(w, "minimumBalance", bursar.MinimumBalance);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("bursar");
        }

        w.WriteEndObject();
    }

    private static void WriteLibrary(Utf8JsonWriter w, Library library)
    {
        w.WriteStartObject();
        w.WriteString("code", library.Code);
        w.WriteStringOrNull("name", library.Name);
        w.WriteStartObject("hours");
        for (var d = 0; d < Weekdays.Length; d++)
        {
            var day = library.Hours[(IsoDayOfWeek)(d + 1)];
            w.WriteStartArray(Weekdays[d]);
            if (!day.IsClosedAllDay)
            {
                w.WriteStringValue(DayHours.FormatMinute(day.OpenMinute));
                w.WriteStringValue(DayHours.FormatMinute(day.CloseMinute));
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteStartArray("closedDates");
        foreach (var date in library.ClosedDates)
        {
            w.WriteStringValue(DatePattern.Format(date));
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTerms(Utf8JsonWriter w, TermsOfUse terms, PolicyWriterOptions options)
    {
        w.WriteStartObject();
        w.WriteString("id", terms.Id);
        if (terms.Loan is { } loan)
        {
            w.WriteStartObject("loan");
            WritePeriod(w, "period", loan.Period, options);
            w.WriteString("dueTime", loan.DueTime.ToSpelling());
            w.WriteString("closedDue", loan.ClosedDue.ToSpelling());
            w.WriteNumber("maxRenewals", loan.MaxRenewals);
            WritePeriod(w, "maxRenewalPeriod", loan.MaxRenewalPeriod, options);
            if (!options.Sparse || loan.RenewPeriod != loan.Period || options.RenewPeriodFor.Contains(terms.Id))
            {
                WritePeriod(w, "renewPeriod", loan.RenewPeriod, options);
            }

            if (!options.Sparse || loan.AutoRenew)
            {
                w.WriteBoolean("autoRenew", loan.AutoRenew);
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("loan");
        }

        WriteFine(w, "overdueFine", terms.OverdueFine, options);
        WriteFine(w, "recalledOverdueFine", terms.RecalledOverdueFine, options);

        if (terms.Recall is { } recall)
        {
            w.WriteStartObject("recall");
            WritePeriod(w, "returnWithin", recall.ReturnWithin, options);
            WritePeriod(w, "minimumLoan", recall.MinimumLoan, options);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("recall");
        }

        if (terms.LostItem is { } lost)
        {
            w.WriteStartObject("lostItem");
            WritePeriod(w, "agedToLostAfter", lost.AgedToLostAfter, options);
            WriteAmount(w, "defaultReplacementFee", lost.DefaultReplacementFee, options);
            WriteAmount(w, "processFee", lost.ProcessFee);
            w.WriteNumber("refundReplacementFeePercent", lost.RefundReplacementFeePercent);
            w.WriteBoolean("refundProcessFeeWhenFound", lost.RefundProcessFeeWhenFound);
            WritePeriod(w, "noRefundAfter", lost.NoRefundAfter, options);
            w.WriteBoolean("forgiveOverdueWhenLost", lost.ForgiveOverdueWhenLost);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("lostItem");
        }

        w.WriteStartObject("request");
        WritePeriod(w, "pickupWithin", terms.Request.PickupWithin, options);
        w.WriteEndObject();

        if (terms.Notices is { } notices)
        {
            w.WriteStartObject("notices");
            WritePeriod(w, "courtesy", notices.Courtesy, options);
            w.WriteStartArray("overdue");
            foreach (var delay in notices.Overdue)
            {
                w.WriteStringValue(FormatPeriod(delay, options));
            }

            w.WriteEndArray();
            w.WriteBoolean("lostItemBill", notices.LostItemBill);
            w.WriteBoolean("fineFee", notices.FineFee);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("notices");
        }

        w.WriteEndObject();
    }

    private static void WriteFine(Utf8JsonWriter w, string name, FineRule? fine, PolicyWriterOptions options)
    {
        if (fine is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        WriteAmount(w, "amount", fine.Amount);
        w.WriteString("per", fine.Per.ToSpelling());
        WritePeriod(w, "grace", fine.Grace, options);
        WriteAmount(w, "max", fine.Max, options);
        w.WriteBoolean("countClosed", fine.CountClosed);
        w.WriteBoolean("graceDeducted", fine.GraceDeducted);
        w.WriteBoolean("forgiveOnRenewal", fine.ForgiveOnRenewal);
        w.WriteEndObject();
    }

    private static void WritePeriod(Utf8JsonWriter w, string name, Period? period) => WritePeriod(w, name, period, PolicyWriterOptions.Explicit);

    private static void WritePeriod(Utf8JsonWriter w, string name, Period? period, PolicyWriterOptions options)
    {
        if (period is null)
        {
            if (!options.Sparse)
            {
                w.WriteNull(name);
            }
        }
        else
        {
            w.WriteString(name, FormatPeriod(period, options));
        }
    }

    private static string FormatPeriod(Period period, PolicyWriterOptions options) =>
        options.Sparse && period.Equals(Period.Zero) ? "PT0S" : PeriodPattern.Roundtrip.Format(period);

    private static void WriteAmount(Utf8JsonWriter w, string name, Money? money, PolicyWriterOptions options)
    {
        if (money is null && options.Sparse)
        {
            return;
        }

        WriteAmount(w, name, money);
    }

    private static void WriteAmount(Utf8JsonWriter w, string name, Money? money)
    {
        if (money is { } m)
        {
            // At least two decimals, and every decimal the amount has, so that reading gives the same amount.
            w.WriteString(name, m.Amount.ToString("0.00############################", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteIntOrNull(Utf8JsonWriter w, string name, int? value)
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

/// <summary>How <see cref="PolicyWriter"/> writes what a policy file may leave out.</summary>
internal sealed record PolicyWriterOptions
{
    /// <summary>Every field written, an absent one as null: <see cref="PolicyWriter.Write(Policy, bool)"/>.</summary>
    public static PolicyWriterOptions Explicit { get; } = new();

    /// <summary>Within terms of use, an absent optional field (null) is left out rather than written as null;
    /// <c>autoRenew</c> is written only when true, <c>renewPeriod</c> only when it differs from <c>period</c> or the
    /// terms are in <see cref="RenewPeriodFor"/>; a zero period is written <c>PT0S</c>.</summary>
    public bool Sparse { get; init; }

    /// <summary>With <see cref="Sparse"/>: the terms of use whose <c>renewPeriod</c> is written even when it equals
    /// <c>period</c>.</summary>
    public IReadOnlySet<string> RenewPeriodFor { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
