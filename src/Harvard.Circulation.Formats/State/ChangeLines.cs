using System.Text.Encodings.Web;
using System.Text.Json;
using Ardalis.GuardClauses;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Json;

namespace Harvard.Circulation.Formats.State;

/// <summary>
/// A desk's changes as JSON lines (<c>circ simulate --format changes</c>, <c>docs/state.md</c>): one compact object per
/// change, in the order the desk made them, each with the scenario event that made it (<c>event</c>, null for the
/// advance to <c>asOf</c>), its instant (<c>at</c>), its kind (<c>change</c>, e.g. <c>loanCreated</c>), the fields
/// that changed (<c>what</c>) and the record as it is after the change, in the state file's shape.
/// </summary>
/// <remarks>Pure and thread-safe. Applying the records to the state before the step gives the state after it
/// (<see cref="DeskSnapshot.Apply"/>).</remarks>
public static class ChangeLines
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The spelling of a change's kind: <c>loanCreated</c> / <c>loanChanged</c>, <c>fineFeeCreated</c> /
    /// <c>fineFeeChanged</c>, <c>requestPlaced</c> / <c>requestChanged</c>, <c>sessionOpened</c> /
    /// <c>sessionChanged</c>, <c>noticeDecided</c> / <c>noticeChanged</c>, <c>claimsCounted</c>,
    /// <c>sameInstantOrderChanged</c>.</summary>
    /// <param name="change">The change.</param>
    /// <returns>The spelling.</returns>
    public static string KindOf(DeskChange change) => Guard.Against.Null(change) switch
    {
        LoanChanged c => c.What.HasFlag(LoanChanges.Created) ? "loanCreated" : "loanChanged",
        FineFeeChanged c => c.What.HasFlag(FineFeeChanges.Created) ? "fineFeeCreated" : "fineFeeChanged",
        RequestChanged c => c.What.HasFlag(RequestChanges.Placed) ? "requestPlaced" : "requestChanged",
        SessionChanged c => c.What.HasFlag(SessionChanges.Opened) ? "sessionOpened" : "sessionChanged",
        NoticeChanged c => c.What.HasFlag(NoticeChanges.Decided) ? "noticeDecided" : "noticeChanged",
        ClaimsCounted => "claimsCounted",
        SameInstantOrderChanged => "sameInstantOrderChanged",
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.GetType().Name, "Not a kind of change."),
    };

    /// <summary>The spellings of a change's flags, in the order the flags are declared: the flag's name with its first
    /// letter in lower case (<c>dueDate</c>, <c>noticesSent</c>, <c>accrualStopped</c>, ...); empty for a change
    /// with no flags (<c>claimsCounted</c>, <c>sameInstantOrderChanged</c>).</summary>
    /// <param name="change">The change.</param>
    /// <returns>The spellings.</returns>
    public static IReadOnlyList<string> WhatOf(DeskChange change) => Guard.Against.Null(change) switch
    {
        LoanChanged c => Flags(c.What),
        FineFeeChanged c => Flags(c.What),
        RequestChanged c => Flags(c.What),
        SessionChanged c => Flags(c.What),
        NoticeChanged c => Flags(c.What),
        _ => [],
    };

    /// <summary>Writes one step's changes, one line each (each line ends with <c>\n</c>).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="eventIndex">The index of the scenario event that made the step; null for the advance to
    /// <c>asOf</c>.</param>
    /// <param name="step">The step.</param>
    public static void Write(TextWriter output, int? eventIndex, DeskStep step)
    {
        Guard.Against.Null(output);
        Guard.Against.Null(step);
        foreach (var change in step.Changes)
        {
            output.Write(Line(eventIndex, change));
            output.Write('\n');
        }
    }

    /// <summary>One change as one line of JSON (without the line end).</summary>
    /// <param name="eventIndex">The index of the scenario event that made it; null for the advance to <c>asOf</c>.</param>
    /// <param name="change">The change.</param>
    /// <returns>The line.</returns>
    public static string Line(int? eventIndex, DeskChange change)
    {
        Guard.Against.Null(change);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            if (eventIndex is { } index)
            {
                w.WriteNumber("event", index);
            }
            else
            {
                w.WriteNull("event");
            }

            w.WriteString("at", StateWriter.At(change.At));
            w.WriteString("change", KindOf(change));
            w.WriteStartArray("what");
            foreach (var what in WhatOf(change))
            {
                w.WriteStringValue(what);
            }

            w.WriteEndArray();
            switch (change)
            {
                case LoanChanged c:
                    Record(w, "loan", () => StateWriter.WriteLoan(w, c.Loan));
                    break;
                case FineFeeChanged c:
                    w.WriteStringOrNull("formerTransactionId", c.FormerTransactionId);
                    Record(w, "fineFee", () => StateWriter.WriteFineFee(w, c.Record));
                    break;
                case RequestChanged c:
                    Record(w, "request", () => StateWriter.WriteRequest(w, c.Request));
                    break;
                case SessionChanged c:
                    Record(w, "session", () => StateWriter.WriteSession(w, c.Session));
                    break;
                case NoticeChanged c:
                    Record(w, "notice", () => StateWriter.WriteNotice(w, c.Notice));
                    break;
                case ClaimsCounted c:
                    Record(w, "claims", () =>
                    {
                        w.WriteString("patronId", c.Claims.PatronId);
                        w.WriteNumber("count", c.Claims.Count);
                    });
                    break;
                case SameInstantOrderChanged c:
                    if (c.Order is { } order)
                    {
                        Record(w, "sameInstant", () => StateWriter.WriteSameInstant(w, order));
                    }
                    else
                    {
                        w.WriteNull("sameInstant");
                    }

                    break;
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Record(Utf8JsonWriter w, string name, Action write)
    {
        w.WriteStartObject(name);
        write();
        w.WriteEndObject();
    }

    private static string[] Flags<T>(T value)
        where T : struct, Enum
    {
        var bits = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        return Enum.GetValues<T>()
            .Where(flag => Convert.ToInt64(flag, System.Globalization.CultureInfo.InvariantCulture) is var f && f != 0 && (bits & f) == f)
            .Select(flag => flag.ToString() is var name ? char.ToLowerInvariant(name[0]) + name[1..] : string.Empty)
            .ToArray();
    }
}
