using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ardalis.GuardClauses;

namespace Harvard.Circulation.Formats.Folio;

/// <summary>Where one rule of an imported policy comes from: its FOLIO rules line, or the fallback.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record FolioRuleOrigin
{
    /// <summary>Creates the value.</summary>
    /// <param name="id">The rule id in the policy, e.g. <c>folio-L12-2</c>.</param>
    /// <param name="line">The 1-based line of the rules text it comes from; null for the fallback.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, or <paramref name="line"/> is not positive.</exception>
    public FolioRuleOrigin(string id, int? line)
    {
        Id = Guard.Against.NullOrWhiteSpace(id);
        if (line is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(line), line, "Lines are counted from 1.");
        }

        Line = line;
    }

    /// <summary>The rule id in the policy.</summary>
    public string Id { get; }

    /// <summary>The 1-based line of the rules text it comes from; null for the fallback.</summary>
    public int? Line { get; }
}

/// <summary>The five FOLIO policy records one terms of use was made from.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record FolioTermsOrigin
{
    /// <summary>Creates the value.</summary>
    /// <param name="id">The terms of use id, e.g. <c>folio-3</c>.</param>
    /// <param name="loanPolicy">The loan policy id (<c>l</c>).</param>
    /// <param name="requestPolicy">The request policy id (<c>r</c>).</param>
    /// <param name="noticePolicy">The patron notice policy id (<c>n</c>).</param>
    /// <param name="overdueFinePolicy">The overdue fine policy id (<c>o</c>).</param>
    /// <param name="lostItemFeePolicy">The lost item fee policy id (<c>i</c>).</param>
    /// <exception cref="ArgumentException">An id is empty.</exception>
    public FolioTermsOrigin(string id, string loanPolicy, string requestPolicy, string noticePolicy, string overdueFinePolicy, string lostItemFeePolicy)
    {
        Id = Guard.Against.NullOrWhiteSpace(id);
        LoanPolicy = Guard.Against.NullOrWhiteSpace(loanPolicy);
        RequestPolicy = Guard.Against.NullOrWhiteSpace(requestPolicy);
        NoticePolicy = Guard.Against.NullOrWhiteSpace(noticePolicy);
        OverdueFinePolicy = Guard.Against.NullOrWhiteSpace(overdueFinePolicy);
        LostItemFeePolicy = Guard.Against.NullOrWhiteSpace(lostItemFeePolicy);
    }

    /// <summary>The terms of use id.</summary>
    public string Id { get; }

    /// <summary>The loan policy id (<c>l</c>).</summary>
    public string LoanPolicy { get; }

    /// <summary>The request policy id (<c>r</c>).</summary>
    public string RequestPolicy { get; }

    /// <summary>The patron notice policy id (<c>n</c>).</summary>
    public string NoticePolicy { get; }

    /// <summary>The overdue fine policy id (<c>o</c>).</summary>
    public string OverdueFinePolicy { get; }

    /// <summary>The lost item fee policy id (<c>i</c>).</summary>
    public string LostItemFeePolicy { get; }
}

/// <summary>A FOLIO rules line that gives fewer rules than it expands to: it never matches an exported record, or
/// lines FOLIO ranks higher always win over (some of) it.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record FolioDroppedLine
{
    /// <summary>Creates the value.</summary>
    /// <param name="line">The 1-based line of the rules text.</param>
    /// <param name="reason">Why, in a sentence.</param>
    /// <param name="coveredBy">The lines whose rules cover what was left out; empty for a line that never matches.</param>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is empty or <paramref name="line"/> is not positive.</exception>
    public FolioDroppedLine(int line, string reason, EquatableArray<int> coveredBy)
    {
        Line = Guard.Against.NegativeOrZero(line);
        Reason = Guard.Against.NullOrWhiteSpace(reason);
        CoveredBy = coveredBy;
    }

    /// <summary>The 1-based line of the rules text.</summary>
    public int Line { get; }

    /// <summary>Why, in a sentence.</summary>
    public string Reason { get; }

    /// <summary>The lines whose rules cover what was left out, ascending; empty for a line that never matches.</summary>
    public EquatableArray<int> CoveredBy { get; }
}

/// <summary>A FOLIO setting this engine can only approximate: written anyway, reported, an error under
/// <see cref="FolioImportOptions.Strict"/>. Codes <c>A1</c>–<c>A24</c> are listed in <c>docs/folio.md</c>.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record FolioApproximation
{
    /// <summary>Creates the value.</summary>
    /// <param name="path">Where in the export, e.g. <c>loanPolicies[2].loansPolicy.itemLimit</c>.</param>
    /// <param name="code">The approximation's code, e.g. <c>A4</c>.</param>
    /// <param name="message">What differs, in a sentence.</param>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    public FolioApproximation(string path, string code, string message)
    {
        Path = Guard.Against.NullOrWhiteSpace(path);
        Code = Guard.Against.NullOrWhiteSpace(code);
        Message = Guard.Against.NullOrWhiteSpace(message);
    }

    /// <summary>Where in the export.</summary>
    public string Path { get; }

    /// <summary>The approximation's code, e.g. <c>A4</c>.</summary>
    public string Code { get; }

    /// <summary>What differs, in a sentence.</summary>
    public string Message { get; }

    /// <summary>The entry as <c>path: approximation: message [code]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Path}: approximation: {Message} [{Code}]";
}

/// <summary>Something the import did that changes no answer: a code replaced by an id, a FOLIO setting that has
/// the same effect here, a notice FOLIO sends that has no counterpart, a default taken.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record FolioNote
{
    /// <summary>Creates the value.</summary>
    /// <param name="path">Where in the export.</param>
    /// <param name="message">What was done, in a sentence.</param>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    public FolioNote(string path, string message)
    {
        Path = Guard.Against.NullOrWhiteSpace(path);
        Message = Guard.Against.NullOrWhiteSpace(message);
    }

    /// <summary>Where in the export.</summary>
    public string Path { get; }

    /// <summary>What was done, in a sentence.</summary>
    public string Message { get; }

    /// <summary>The entry as <c>path: message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A policy record of the export that no rule of the imported policy uses, so it was not mapped.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record FolioUnusedRecord
{
    /// <summary>Creates the value.</summary>
    /// <param name="path">Where in the export, e.g. <c>loanPolicies[4]</c>.</param>
    /// <param name="id">The record's id.</param>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    public FolioUnusedRecord(string path, string id)
    {
        Path = Guard.Against.NullOrWhiteSpace(path);
        Id = Guard.Against.NullOrWhiteSpace(id);
    }

    /// <summary>Where in the export.</summary>
    public string Path { get; }

    /// <summary>The record's id.</summary>
    public string Id { get; }
}

/// <summary>
/// The import report (format 1): the FOLIO line of every rule, the five FOLIO records of every terms of use, what
/// was dropped and why, every approximation, notes, the unused policy records, and the behaviour that differs
/// from FOLIO whatever the data. See <c>docs/folio.md</c>.
/// </summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record FolioImportReport
{
    /// <summary>The only format version this report is written in.</summary>
    public const int Format = 1;

    /// <summary>Creates a report.</summary>
    /// <param name="fallbackLine">The line of the rules text's <c>fallback-policy</c>.</param>
    /// <param name="rules">Every rule of the policy, in its order.</param>
    /// <param name="terms">Every terms of use, in its order.</param>
    /// <param name="dropped">The lines that give fewer rules than they expand to, by line.</param>
    /// <param name="approximations">Every approximation.</param>
    /// <param name="notes">Every note.</param>
    /// <param name="unused">The policy records no rule uses.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fallbackLine"/> is not positive.</exception>
    public FolioImportReport(int fallbackLine, EquatableArray<FolioRuleOrigin> rules, EquatableArray<FolioTermsOrigin> terms,
        EquatableArray<FolioDroppedLine> dropped, EquatableArray<FolioApproximation> approximations, EquatableArray<FolioNote> notes,
        EquatableArray<FolioUnusedRecord> unused)
    {
        FallbackLine = Guard.Against.NegativeOrZero(fallbackLine);
        Rules = rules;
        Terms = terms;
        Dropped = dropped;
        Approximations = approximations;
        Notes = notes;
        Unused = unused;
    }

    /// <summary>
    /// The behaviour that differs from FOLIO whatever the data (listed once in every report): the engine's design,
    /// not a setting of the export.
    /// </summary>
    public static EquatableArray<string> Differences { get; } = EquatableArray.Create(
        "FOLIO computes an overdue fine only at check-in or renewal; this engine accrues it while the loan is overdue (the totals agree at check-in).",
        "FOLIO counts overdue minutes after truncating both instants to the minute; this engine counts started minutes, so a fine may differ by one interval when the return falls within a minute of an interval's edge.",
        "FOLIO adds days, weeks and months to the UTC instant; this engine adds them to the local date, so across a DST change an end-of-day due date near midnight can fall on another date.",
        "FOLIO moves closed-library due dates by the check-out service point's calendar and counts closed time for fines by the item location's primary service point; this engine uses the item's library for both.",
        "FOLIO applies the closed-library due date rule to recalled due dates; this engine does not.",
        "FOLIO may lengthen a recalled loan up to its minimum guaranteed loan period; this engine never lengthens a loan when recalling it.",
        "FOLIO truncates due dates at the patron's expiration date; this engine does not.",
        "FOLIO lets the requester choose between a hold and a recall; this engine recalls whenever the borrower's terms allow it.",
        "FOLIO closes a lost loan when its fees are paid ('Lost and paid'); this engine keeps it lost.");

    /// <summary>The line of the rules text's <c>fallback-policy</c>.</summary>
    public int FallbackLine { get; }

    /// <summary>Every rule of the policy, in its order, with the FOLIO line it comes from (null for the fallback).</summary>
    public EquatableArray<FolioRuleOrigin> Rules { get; }

    /// <summary>Every terms of use, in its order, with the five FOLIO policy records it was made from.</summary>
    public EquatableArray<FolioTermsOrigin> Terms { get; }

    /// <summary>The lines that give fewer rules than they expand to, by line.</summary>
    public EquatableArray<FolioDroppedLine> Dropped { get; }

    /// <summary>Every approximation, in export order.</summary>
    public EquatableArray<FolioApproximation> Approximations { get; }

    /// <summary>Every note, in export order.</summary>
    public EquatableArray<FolioNote> Notes { get; }

    /// <summary>The policy records no rule uses.</summary>
    public EquatableArray<FolioUnusedRecord> Unused { get; }

    /// <summary>Writes the report as JSON (format 1, see <c>docs/folio.md</c>).</summary>
    /// <param name="indented">Whether to indent (two spaces) for people to read; false writes one line.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", Format);
            w.WriteNumber("fallbackLine", FallbackLine);
            w.WriteStartArray("rules");
            foreach (var rule in Rules)
            {
                w.WriteStartObject();
                w.WriteString("id", rule.Id);
                if (rule.Line is { } line)
                {
                    w.WriteNumber("line", line);
                }
                else
                {
                    w.WriteNull("line");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("terms");
            foreach (var terms in Terms)
            {
                w.WriteStartObject();
                w.WriteString("id", terms.Id);
                w.WriteString("loanPolicy", terms.LoanPolicy);
                w.WriteString("requestPolicy", terms.RequestPolicy);
                w.WriteString("noticePolicy", terms.NoticePolicy);
                w.WriteString("overdueFinePolicy", terms.OverdueFinePolicy);
                w.WriteString("lostItemFeePolicy", terms.LostItemFeePolicy);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("dropped");
            foreach (var dropped in Dropped)
            {
                w.WriteStartObject();
                w.WriteNumber("line", dropped.Line);
                w.WriteString("reason", dropped.Reason);
                w.WriteStartArray("coveredBy");
                foreach (var line in dropped.CoveredBy)
                {
                    w.WriteNumberValue(line);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("approximations");
            foreach (var approximation in Approximations)
            {
                w.WriteStartObject();
                w.WriteString("path", approximation.Path);
                w.WriteString("code", approximation.Code);
                w.WriteString("message", approximation.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in Notes)
            {
                w.WriteStartObject();
                w.WriteString("path", note.Path);
                w.WriteString("message", note.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("unused");
            foreach (var unused in Unused)
            {
                w.WriteStartObject();
                w.WriteString("path", unused.Path);
                w.WriteString("id", unused.Id);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("differences");
            foreach (var difference in Differences)
            {
                w.WriteStringValue(difference);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
