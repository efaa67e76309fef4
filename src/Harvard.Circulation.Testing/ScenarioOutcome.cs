using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Harvard.Circulation.Formats.Scenarios;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Testing;

/// <summary>
/// The report of a replayed scenario, with fluent claims about it. Each claim returns this outcome when it holds
/// and throws <see cref="ScenarioAssertionException"/> when it does not, with a message that names the scenario,
/// the report path (as in the JSON report: <c>loans[0].status</c>) and the expected and actual values.
/// </summary>
/// <remarks>Immutable and thread-safe. Spellings and amounts are those of the JSON report (see
/// <c>docs/scenarios.md</c>): statuses such as <c>onLoan</c>, amounts as decimal strings such as <c>"12.00"</c>
/// (compared as numbers, so <c>"12"</c> equals <c>"12.00"</c>).</remarks>
public sealed class ScenarioOutcome
{
    /// <summary>The environment variable that, set to <c>1</c>, makes <see cref="MatchesGolden"/> write the
    /// actual report to the golden file instead of comparing.</summary>
    public const string UpdateGoldenVariable = "HARVARD_CIRCULATION_UPDATE_GOLDEN";

    private static readonly OffsetDateTimePattern[] InstantPatterns =
        [OffsetDateTimePattern.ExtendedIso, OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>")];

    private readonly Lazy<string> json;

    internal ScenarioOutcome(string source, ScenarioReport report)
    {
        Source = source;
        Report = report;
        json = new Lazy<string>(() => ScenarioReportJson.Write(report));
    }

    /// <summary>Where the scenario came from: its file path, or <c>scenario JSON</c>.</summary>
    public string Source { get; }

    /// <summary>The report, for claims this class does not offer.</summary>
    public ScenarioReport Report { get; }

    /// <summary>The report as the JSON that <c>circ simulate --format json</c> prints.</summary>
    public string Json => json.Value;

    /// <summary>Claims a loan's status at <c>asOf</c>.</summary>
    /// <param name="loanId">The loan, e.g. <c>L1</c>.</param>
    /// <param name="status"><c>onLoan</c>, <c>claimedReturned</c>, <c>lost</c> or <c>returned</c>.</param>
    /// <returns>This outcome.</returns>
    /// <exception cref="ArgumentException">An argument is null, empty or white space.</exception>
    /// <exception cref="ScenarioAssertionException">There is no such loan, or its status differs.</exception>
    public ScenarioOutcome LoanStatus(string loanId, string status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(loanId);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        var index = FindIndex(Report.Loans, l => l.Id == loanId, "loans", loanId, Report.Loans.Select(l => l.Id));
        Expect($"loans[{index}].status ({loanId})", status, Report.Loans[index].Status);
        return this;
    }

    /// <summary>Claims a patron's active balance at <c>asOf</c>.</summary>
    /// <param name="patronId">The patron's primary id.</param>
    /// <param name="amount">The balance as a decimal string, e.g. <c>"12.00"</c>.</param>
    /// <returns>This outcome.</returns>
    /// <exception cref="ArgumentException">An argument is empty, or <paramref name="amount"/> is not a decimal.</exception>
    /// <exception cref="ScenarioAssertionException">The patron is not in the scenario, or the balance differs.</exception>
    public ScenarioOutcome Balance(string patronId, string amount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patronId);
        var expected = Amount(amount, nameof(amount));
        var found = Report.Balances.Where(b => b.Key == patronId).Select(b => b.Value.ToAmountString()).FirstOrDefault();
        if (found is null)
        {
            Fail($"balances.{patronId}: no such patron (patrons are {List(Report.Balances.Select(b => b.Key))})");
        }

        Expect($"balances.{patronId}", expected, found);
        return this;
    }

    /// <summary>Claims what a fine/fee is at <c>asOf</c>; a null argument is not checked.</summary>
    /// <param name="transactionId">The fine/fee, e.g. <c>F1</c>.</param>
    /// <param name="type">Its type, e.g. <c>overdueFine</c>, <c>lostItemReplacementFee</c>.</param>
    /// <param name="status">Its status, e.g. <c>active</c>, <c>closed</c>.</param>
    /// <param name="amount">Its original amount as a decimal string.</param>
    /// <param name="balance">Its balance as a decimal string.</param>
    /// <returns>This outcome.</returns>
    /// <exception cref="ArgumentException"><paramref name="transactionId"/> is empty, or an amount is not a decimal.</exception>
    /// <exception cref="ScenarioAssertionException">There is no such fine/fee, or a field differs (every difference is listed).</exception>
    public ScenarioOutcome FineFee(string transactionId, string? type = null, string? status = null, string? amount = null, string? balance = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionId);
        var expectedAmount = amount is null ? null : Amount(amount, nameof(amount));
        var expectedBalance = balance is null ? null : Amount(balance, nameof(balance));
        var index = FindIndex(Report.FinesFees, f => f.TransactionId == transactionId, "finesFees", transactionId, Report.FinesFees.Select(f => f.TransactionId));
        var row = Report.FinesFees[index];
        var differences = new List<string>();
        void Check(string field, string? expected, string actual)
        {
            if (expected is not null && expected != actual)
            {
                differences.Add($"finesFees[{index}].{field} ({transactionId}): expected \"{expected}\" but was \"{actual}\"");
            }
        }

        Check("type", type, row.Type);
        Check("status", status, row.Status);
        Check("amount", expectedAmount, row.Amount.ToAmountString());
        Check("balance", expectedBalance, row.Balance.ToAmountString());
        if (differences.Count > 0)
        {
            Fail(string.Join(Environment.NewLine + "  ", differences));
        }

        return this;
    }

    /// <summary>Claims that a notice of a type was decided for a patron at an instant.</summary>
    /// <param name="type"><c>courtesy</c>, <c>overdue</c>, <c>lostItemBill</c>, <c>fineFee</c>, <c>requestAvailable</c>
    /// or <c>requestCancelled</c>.</param>
    /// <param name="patronId">The recipient's primary id.</param>
    /// <param name="at">The instant, ISO-8601 with an offset, e.g. <c>2026-02-04T09:00:00-05:00</c> or <c>...Z</c>.</param>
    /// <returns>This outcome.</returns>
    /// <exception cref="ArgumentException">An argument is empty, or <paramref name="at"/> is not an instant with an offset.</exception>
    /// <exception cref="ScenarioAssertionException">No such notice; the message lists the patron's notices.</exception>
    public ScenarioOutcome Notice(string type, string patronId, string at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(patronId);
        ArgumentException.ThrowIfNullOrWhiteSpace(at);
        var instant = InstantPatterns.Select(p => p.Parse(at)).FirstOrDefault(r => r.Success)?.Value.ToInstant()
            ?? throw new ArgumentException($"'{at}' is not an ISO-8601 instant with an offset.", nameof(at));
        if (!Report.Notices.Any(n => n.Type == type && n.Patron == patronId && n.At == instant))
        {
            var theirs = Report.Notices.Where(n => n.Patron == patronId).Select(n => $"{n.Type} at {Iso(n.At)}").ToList();
            Fail($"notices: expected a '{type}' notice to {patronId} at {Iso(instant)} but there is none; "
                + (theirs.Count == 0 ? $"{patronId} has no notices" : $"{patronId} has: {string.Join(", ", theirs)}"));
        }

        return this;
    }

    /// <summary>Claims that an event was refused, for a reason containing some text (ordinal, ignoring case).</summary>
    /// <param name="eventIndex">The zero-based index of the event in <c>events</c>.</param>
    /// <param name="reasonContains">Text the reason contains; empty accepts any reason.</param>
    /// <returns>This outcome.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventIndex"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="reasonContains"/> is null.</exception>
    /// <exception cref="ScenarioAssertionException">The event was applied, or refused for another reason.</exception>
    public ScenarioOutcome Refused(int eventIndex, string reasonContains)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(eventIndex);
        ArgumentNullException.ThrowIfNull(reasonContains);
        var index = Report.Refused.Select((r, i) => (r, i)).Where(x => x.r.Event == eventIndex).Select(x => (int?)x.i).FirstOrDefault();
        if (index is null)
        {
            Fail($"refused: expected events[{eventIndex}] to be refused but it was applied"
                + (Report.Refused.Count == 0 ? " (no event was refused)" : $" (refused: {List(Report.Refused.Select(r => $"events[{r.Event}]"))})"));
        }

        var reason = Report.Refused[index!.Value].Reason;
        if (!reason.Contains(reasonContains, StringComparison.OrdinalIgnoreCase))
        {
            Fail($"refused[{index}].reason (events[{eventIndex}]): expected a reason containing \"{reasonContains}\" but was \"{reason}\"");
        }

        return this;
    }

    /// <summary>Claims that no event was refused.</summary>
    /// <returns>This outcome.</returns>
    /// <exception cref="ScenarioAssertionException">Some event was refused; the message lists each with its reason.</exception>
    public ScenarioOutcome NoRefusals()
    {
        if (Report.Refused.Count > 0)
        {
            Fail($"refused: expected no refusals but {Report.Refused.Count} event(s) were refused:" + Environment.NewLine + "  "
                + string.Join(Environment.NewLine + "  ", Report.Refused.Select(r => $"events[{r.Event}] ({r.Type}): {r.Reason}")));
        }

        return this;
    }

    /// <summary>
    /// Claims that the JSON report equals a golden file, compared as JSON (white space and the order of object
    /// fields do not matter; array order does). With the environment variable <see cref="UpdateGoldenVariable"/>
    /// set to <c>1</c>, writes the actual report to the file instead (creating its folder) and passes.
    /// </summary>
    /// <param name="expectedJsonPath">The golden file's path.</param>
    /// <returns>This outcome.</returns>
    /// <exception cref="ArgumentException"><paramref name="expectedJsonPath"/> is null, empty or white space.</exception>
    /// <exception cref="ScenarioAssertionException">The file is missing or not JSON, or the first difference, by
    /// its JSON path (<c>$.loans[0].dueAt</c>), with both values.</exception>
    public ScenarioOutcome MatchesGolden(string expectedJsonPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedJsonPath);
        if (Environment.GetEnvironmentVariable(UpdateGoldenVariable) == "1")
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(expectedJsonPath));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(expectedJsonPath, Json);
            return this;
        }

        if (!File.Exists(expectedJsonPath))
        {
            Fail($"golden file '{expectedJsonPath}' does not exist; set {UpdateGoldenVariable}=1 and run the test again to write it");
        }

        JsonDocument expected;
        try
        {
            expected = JsonDocument.Parse(File.ReadAllText(expectedJsonPath));
        }
        catch (JsonException ex)
        {
            Fail($"golden file '{expectedJsonPath}' is not valid JSON: {ex.Message}");
            throw;
        }

        using (expected)
        using (var actual = JsonDocument.Parse(Json))
        {
            if (FirstDifference("$", expected.RootElement, actual.RootElement) is { } difference)
            {
                Fail($"{difference} (golden file '{expectedJsonPath}'; set {UpdateGoldenVariable}=1 to accept the actual report)");
            }
        }

        return this;
    }

    private static string? FirstDifference(string path, JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {Show(expected)} but was {Show(actual)}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var actualFields = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                foreach (var field in expected.EnumerateObject())
                {
                    var fieldPath = path + "." + field.Name;
                    if (!actualFields.Remove(field.Name, out var value))
                    {
                        return $"{fieldPath}: expected {Show(field.Value)} but the field is missing";
                    }

                    if (FirstDifference(fieldPath, field.Value, value) is { } inner)
                    {
                        return inner;
                    }
                }

                return actualFields.Count > 0
                    ? $"{path}.{actualFields.Keys.First()}: expected no such field but was {Show(actualFields.Values.First())}"
                    : null;
            case JsonValueKind.Array:
                var expectedItems = expected.EnumerateArray().ToList();
                var actualItems = actual.EnumerateArray().ToList();
                for (var i = 0; i < Math.Min(expectedItems.Count, actualItems.Count); i++)
                {
                    if (FirstDifference(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), expectedItems[i], actualItems[i]) is { } inner)
                    {
                        return inner;
                    }
                }

                return expectedItems.Count == actualItems.Count
                    ? null
                    : string.Create(CultureInfo.InvariantCulture, $"{path}: expected {expectedItems.Count} element(s) but was {actualItems.Count}");
            case JsonValueKind.Number:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{path}: expected {Show(expected)} but was {Show(actual)}";
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: expected {Show(expected)} but was {Show(actual)}";
            default:
                return null;
        }
    }

    private static string Show(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 120 ? text : text[..117] + "...";
    }

    private static string Amount(string amount, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(amount, parameter);
        return decimal.TryParse(amount, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture)
            : throw new ArgumentException($"'{amount}' is not a decimal amount such as \"12.00\".", parameter);
    }

    private static string Iso(Instant instant) => ScenarioReportJson.Iso(instant);

    private static string List(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private int FindIndex<T>(IReadOnlyList<T> rows, Func<T, bool> match, string array, string id, IEnumerable<string> ids)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (match(rows[i]))
            {
                return i;
            }
        }

        Fail($"{array}: expected an entry '{id}' but there is none ({array} are {List(ids)})");
        return -1;
    }

    private void Expect(string path, string expected, string actual)
    {
        if (expected != actual)
        {
            Fail($"{path}: expected \"{expected}\" but was \"{actual}\"");
        }
    }

    [DoesNotReturn]
    private void Fail(string message) => throw new ScenarioAssertionException($"Scenario '{Source}': {message}");
}
