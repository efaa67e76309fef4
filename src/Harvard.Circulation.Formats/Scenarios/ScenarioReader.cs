using System.Globalization;
using System.Text.Json;
using Ardalis.GuardClauses;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Formats.Text;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Formats.Scenarios;

/// <summary>One problem of a scenario file, at a path such as <c>events[2].type</c>.</summary>
/// <param name="Path">Where: field names with zero-based indexes, <c>policy.</c> for the policy, or
/// <c>line L, column C</c> for JSON that does not parse.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ScenarioProblem(string Path, string Message)
{
    /// <summary>The problem as <c>path: message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The result of reading a scenario: the scenario, or every problem found.</summary>
/// <param name="Scenario">The scenario; null when there are problems.</param>
/// <param name="Problems">Every problem found; empty when the scenario is valid.</param>
public sealed record ScenarioReadResult(Scenario? Scenario, IReadOnlyList<ScenarioProblem> Problems)
{
    /// <summary>Whether the file is a valid scenario.</summary>
    public bool IsValid => Scenario is not null && Problems.Count == 0;
}

/// <summary>
/// Reads scenario files (format 1, see <c>docs/scenarios.md</c>), collecting every problem as
/// <c>path: message</c>: bad JSON (with line and column), unknown fields and event types, unknown patrons,
/// items, staff, sessions and requests, amounts that are not positive, events out of time order, and the
/// problems of the policy (prefixed <c>policy.</c>; a policy file of another kind, such as a scenario, is one
/// problem at <c>policy</c> naming what it is). Never throws on any input text.
/// </summary>
public static class ScenarioReader
{
    /// <summary>The only format version this reader reads.</summary>
    public const int Format = 1;

    private static readonly string[] TopFields = ["$schema", "format", "name", "policy", "patrons", "items", "staff", "events", "asOf", "queries"];
    private static readonly string[] QueryFields = ["finesFees"];
    private static readonly string[] FinesFeesQueryFields = ["patron", "search", "type", "status"];
    private static readonly (string, PatronSearchBy)[] SearchKinds =
        [("primaryId", PatronSearchBy.PrimaryId), ("identifier", PatronSearchBy.Identifier), ("name", PatronSearchBy.Name)];

    private static readonly (string, FineFeeType)[] FeeTypes = Enum.GetValues<FineFeeType>().Select(t => (t.ToSpelling(), t)).ToArray();
    private static readonly (string, FineFeeStatus)[] FeeStatuses = Enum.GetValues<FineFeeStatus>().Select(t => (t.ToSpelling(), t)).ToArray();

    private static readonly Dictionary<ScenarioEventType, string[]> EventFields = new()
    {
        [ScenarioEventType.CheckOut] = ["patron", "item", "location", "session"],
        [ScenarioEventType.Renew] = ["item"],
        [ScenarioEventType.CheckIn] = ["item", "session"],
        [ScenarioEventType.ClaimReturned] = ["item"],
        [ScenarioEventType.DeclareLost] = ["item"],
        [ScenarioEventType.MarkFound] = ["item"],
        [ScenarioEventType.Pay] = ["patron", "amount", "transactionId"],
        [ScenarioEventType.Waive] = ["transactionId", "amount", "reason"],
        [ScenarioEventType.Dispute] = ["transactionId"],
        [ScenarioEventType.Restore] = ["transactionId"],
        [ScenarioEventType.Charge] = ["patron", "feeType", "amount", "title"],
        [ScenarioEventType.Refund] = ["transactionId", "amount"],
        [ScenarioEventType.ExportToBursar] = ["patron"],
        [ScenarioEventType.PlaceRequest] = ["patron", "item", "id"],
        [ScenarioEventType.CancelRequest] = ["request", "notifyUser"],
        [ScenarioEventType.OpenSession] = ["staff", "location", "patron", "id"],
        [ScenarioEventType.SearchPatrons] = ["staff", "by", "query"],
    };

    private static readonly Dictionary<ScenarioEventType, string[]> KnownEventFields =
        EventFields.ToDictionary(e => e.Key, e => e.Value.Concat(["at", "type"]).ToArray());

    /// <summary>Reads a scenario from JSON text.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="baseDirectory">The folder a policy path is relative to; null = the current folder.</param>
    /// <param name="policyOverride">A policy to use instead of the one the file names (the tool's <c>--policy</c>).</param>
    /// <returns>The scenario, or every problem found.</returns>
    public static ScenarioReadResult Read(string json, string? baseDirectory = null, Policy? policyOverride = null)
    {
        Guard.Against.Null(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var (path, message) = ProblemList.SyntaxError(ex, json);
            return new ScenarioReadResult(null, [new ScenarioProblem(path, message)]);
        }

        return Read(document, baseDirectory, policyOverride);
    }

    /// <summary>Reads a scenario from UTF-8 JSON (a leading byte order mark is skipped): a large file is parsed
    /// from its bytes, never copied into a string.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="baseDirectory">The folder a policy path is relative to; null = the current folder.</param>
    /// <param name="policyOverride">A policy to use instead of the one the file names.</param>
    /// <returns>The scenario, or every problem found.</returns>
    public static ScenarioReadResult Read(ReadOnlyMemory<byte> utf8, string? baseDirectory = null, Policy? policyOverride = null)
    {
        if (utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var (path, message) = ProblemList.SyntaxError(ex, utf8.Span);
            return new ScenarioReadResult(null, [new ScenarioProblem(path, message)]);
        }
        catch (ArgumentException ex)
        {
            return new ScenarioReadResult(null, [new ScenarioProblem("line 1, column 1", "the file is not UTF-8 JSON: " + ex.Message)]);
        }

        return Read(document, baseDirectory, policyOverride);
    }

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Reads a scenario that continues a desk's state (<c>circ simulate --state-in</c>, <c>docs/state.md</c>):
    /// its policy must equal the state's; its patrons, items and staff are added to the state's (one the state already
    /// has must be given unchanged); its events and asOf must not be before the state's instant; its events may name the
    /// state's patrons, items, staff, sessions and requests; default request and session ids continue the state's
    /// numbering.</summary>
    /// <param name="json">The scenario file's text.</param>
    /// <param name="baseDirectory">The folder a policy path is relative to; null = the current folder.</param>
    /// <param name="policyOverride">A policy to use instead of the one the file names; null = the file's.</param>
    /// <param name="from">The state the scenario continues; null reads a scenario that starts from an empty desk.</param>
    /// <returns>The scenario (its <see cref="Scenario.Start"/> the state's snapshot, its patrons, items and staff the
    /// state's followed by the new ones), or every problem found.</returns>
    public static ScenarioReadResult Read(string json, string? baseDirectory, Policy? policyOverride, StateFile? from)
    {
        Guard.Against.Null(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var (path, message) = ProblemList.SyntaxError(ex, json);
            return new ScenarioReadResult(null, [new ScenarioProblem(path, message)]);
        }

        return Read(document, baseDirectory, policyOverride, from);
    }

    /// <summary>Reads a scenario file that continues a desk's state; see
    /// <see cref="Read(string, string?, Policy?, StateFile?)"/>.</summary>
    /// <param name="path">The scenario file.</param>
    /// <param name="policyOverride">A policy to use instead of the one the file names; null = the file's.</param>
    /// <param name="from">The state the scenario continues; null = an empty desk.</param>
    /// <returns>The scenario, or every problem found.</returns>
    public static ScenarioReadResult ReadFile(string path, Policy? policyOverride, StateFile? from)
    {
        Guard.Against.NullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new ScenarioReadResult(null, [new ScenarioProblem(path, "cannot be read: " + ex.Message)]);
        }

        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var (problemPath, message) = ProblemList.SyntaxError(ex, bytes);
            return new ScenarioReadResult(null, [new ScenarioProblem(problemPath, message)]);
        }

        return Read(document, Path.GetDirectoryName(Path.GetFullPath(path)), policyOverride, from);
    }

    private static ScenarioReadResult Read(JsonDocument document, string? baseDirectory, Policy? policyOverride, StateFile? from = null)
    {
        using (document)
        {
            var problems = new ProblemList();
            Scenario? scenario = null;
            try
            {
                scenario = new Reading(problems, baseDirectory, policyOverride, from).Read(document.RootElement);
            }
            catch (InvalidOperationException ex)
            {
                problems.Add("$", "cannot be read: " + ex.Message);
            }

            var list = problems.All.Select(p => new ScenarioProblem(p.Path, p.Message)).ToList();
            return list.Count > 0 || scenario is null
                ? new ScenarioReadResult(null, list.Count > 0 ? list : [new ScenarioProblem("$", "is not a scenario")])
                : new ScenarioReadResult(scenario, []);
        }
    }

    /// <summary>Reads a scenario file; a policy path in it is relative to the file's folder.</summary>
    /// <param name="path">The scenario file.</param>
    /// <param name="policyOverride">A policy to use instead of the one the file names.</param>
    /// <returns>The scenario, or every problem found (a file that cannot be read is one problem).</returns>
    public static ScenarioReadResult ReadFile(string path, Policy? policyOverride = null)
    {
        Guard.Against.NullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new ScenarioReadResult(null, [new ScenarioProblem(path, "cannot be read: " + ex.Message)]);
        }

        return Read(bytes, Path.GetDirectoryName(Path.GetFullPath(path)), policyOverride);
    }

    private sealed class Reading(ProblemList problems, string? baseDirectory, Policy? policyOverride, StateFile? from)
    {
        private Policy? policy;
        private string currency = Money.DefaultCurrency;
        private (Instant At, int Index, string Text)? latestEvent;

        // Listed but left out for their own problems (reported): events naming them are not told they name no one.
        private RejectedEntries rejected = new();

        public Scenario? Read(JsonElement root)
        {
            var f = JsonObjectReader.Open(problems, root, string.Empty, TopFields);
            if (f is null)
            {
                return null;
            }

            if (f.Int("format", required: true) is { } format && format != Format)
            {
                problems.Add(f.PathOf("format"), string.Create(CultureInfo.InvariantCulture, $"format {format} is not supported; this reader reads format {Format}"));
            }

            // "$schema" names the file's JSON Schema for editors; the reader only checks it is a string.
            _ = f.String("$schema", required: false, nonEmpty: false);
            var name = f.Has("name") ? f.String("name", required: false) : null;
            policy = ReadPolicy(f);
            currency = policy?.Currency ?? Money.DefaultCurrency;
            if (from is not null && policy is not null && !policy.Equals(from.Policy))
            {
                problems.Add(f.PathOf("policy"), "is not the policy of the state the scenario continues; a scenario continues a state under the same policy");
            }

            var (patrons, items, staff) = CatalogueJson.Read(problems, f, policy, out rejected);
            if (from is not null)
            {
                (patrons, items, staff) = Continue(f, from.Snapshot, patrons, items, staff);
            }

            var events = ReadEvents(f, patrons, items, staff);
            var asOf = f.Instant("asOf", required: true);
            if (from is not null && asOf is { } end && end < from.Snapshot.AsOf)
            {
                problems.Add(f.PathOf("asOf"), $"'{TextOf(f, "asOf")}' is before the state's instant ({StateWriter.At(from.Snapshot.AsOf)})");
            }

            // Judged against the latest instant of any event, even one with other problems, so that a file out of
            // order or with a bad event type still names the event asOf falls before.
            if (asOf is { } reportAt && latestEvent is { } last && reportAt < last.At)
            {
                problems.Add(f.PathOf("asOf"), $"'{TextOf(f, "asOf")}' is before the last event (events[{last.Index}].at '{last.Text}')");
            }

            var queries = ReadQueries(f, patrons);
            return problems.Count > 0 || policy is null || asOf is null
                ? null
                : new Scenario(name, policy, patrons.Values.ToList(), items.Values.ToList(), staff.Values.ToList(), events, asOf.Value, queries) { Start = from?.Snapshot };
        }

        /// <summary>The state's patrons, items and staff followed by the scenario's new ones. One the state already
        /// has must be given exactly as the state has it: otherwise it is named at its path.</summary>
        private (Dictionary<string, Patron>, Dictionary<string, Item>, Dictionary<string, StaffMember>) Continue(JsonObjectReader f, DeskSnapshot state,
            Dictionary<string, Patron> patrons, Dictionary<string, Item> items, Dictionary<string, StaffMember> staff)
        {
            var allPatrons = Merge(f, "patrons", "id", "patron", state.Patrons, patrons, p => p.PrimaryId, StringComparer.OrdinalIgnoreCase);
            try
            {
                _ = new PatronDirectory(allPatrons.Values);
            }
            catch (ArgumentException ex)
            {
                problems.Add(f.PathOf("patrons"), ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
            }

            return (allPatrons, Merge(f, "items", "barcode", "item", state.Items, items, i => i.Barcode, StringComparer.Ordinal),
                Merge(f, "staff", "id", "staff member", state.Staff, staff, s => s.Id, StringComparer.Ordinal));
        }

        private Dictionary<string, T> Merge<T>(JsonObjectReader f, string array, string key, string what, IEnumerable<T> inState, Dictionary<string, T> inFile,
            Func<T, string> keyOf, StringComparer comparer)
            where T : notnull
        {
            var all = new Dictionary<string, T>(comparer);
            foreach (var value in inState)
            {
                all[keyOf(value)] = value;
            }

            foreach (var (id, value) in inFile)
            {
                if (!all.TryGetValue(id, out var existing))
                {
                    all.Add(id, value);
                }
                else if (!existing.Equals(value))
                {
                    problems.Add(ProblemList.Child(ProblemList.Index(f.PathOf(array), IndexOf(f, array, key, id, comparer)), key),
                        $"{what} '{id}' is already in the state with other data; a continuing scenario may repeat it only unchanged");
                }
            }

            return all;
        }

        private static int IndexOf(JsonObjectReader f, string array, string key, string id, StringComparer comparer)
        {
            var index = 0;
            foreach (var element in f.Raw(array, required: false)!.Value.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
                    && comparer.Equals(value.GetString()!.Trim(), id))
                {
                    return index;
                }

                index++;
            }

            return 0;
        }

        private Policy? ReadPolicy(JsonObjectReader f)
        {
            if (f.Raw("policy", required: true) is not { } element)
            {
                return policyOverride;
            }

            if (policyOverride is not null)
            {
                return policyOverride;
            }

            const string Expected = "expected \"harvard-default\", a policy file path or a policy object";
            var path = f.PathOf("policy");
            if (element.ValueKind == JsonValueKind.Object)
            {
                // A scenario, report or state pasted here is named for what it is, as a file of that kind named here
                // is, instead of as one unknown field per field of it.
                var inline = PolicyReader.Read(element, "policy.");
                if (!inline.IsValid && FileKinds.InlineAsPolicy(FileKinds.Guess(element), Expected) is { } pasted)
                {
                    problems.Add(path, pasted);
                    return null;
                }

                return Take(inline);
            }

            if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
            {
                problems.Add(path, Expected);
                return null;
            }

            var name = element.GetString()!;
            if (EmbeddedPolicies.TryGet(name, out var embedded))
            {
                return embedded;
            }

            string text;
            var file = Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), name);
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                problems.Add(path, $"'{name}' is neither an embedded policy (harvard-default) nor a policy file that can be read: {ex.Message}");
                return null;
            }

            // The file's own problems are named at "policy", after the file as the scenario names it; the problems
            // of its content at their paths under "policy.", as for an inline policy.
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, DocumentOptions);
            }
            catch (JsonException ex)
            {
                var (where, message) = ProblemList.SyntaxError(ex, text);
                problems.Add(path, where == "$" ? $"{name}: {message}" : $"{name}: {where}: {message}");
                return null;
            }

            using (document)
            {
                // A scenario, report or state file named here would be a list of unknown fields: it is named for what
                // it is instead, in the words the tool uses for the same file given as a policy. The line starts with
                // the name as the scenario writes it; the advice names the file as it is reached from where circ runs,
                // since the name is relative to the scenario's folder.
                var read = PolicyReader.Read(document.RootElement, "policy.");
                if (!read.IsValid
                    && FileKinds.GivenAsPolicy(FileKinds.Guess(document.RootElement), name, FileKinds.FromCurrentDirectory(file, Directory.GetCurrentDirectory())) is { } misplaced)
                {
                    problems.Add(path, misplaced);
                    return null;
                }

                return Take(read);
            }

            Policy? Take(PolicyReadResult result)
            {
                foreach (var problem in result.Problems)
                {
                    problems.Add(problem.Path, problem.Message);
                }

                return result.Policy;
            }
        }

        private List<ScenarioEvent> ReadEvents(JsonObjectReader f, Dictionary<string, Patron> patrons, Dictionary<string, Item> items, Dictionary<string, StaffMember> staff)
        {
            var events = new List<ScenarioEvent>();
            if (f.Array("events", required: true) is not { } array)
            {
                return events;
            }

            // Each id with the index of the event that gave it, so a duplicate can name the first one.
            // A continuing scenario may name the state's requests and sessions (given by no event: -1), and its
            // default ids continue the state's numbering. It may also name ids the state does not know: the part
            // before it may have given them to events the desk refused, which the state does not keep; the desk
            // refuses what names them, as one run would.
            var requestIds = from?.Snapshot.Requests.ToDictionary(r => r.Id, _ => -1, StringComparer.Ordinal) ?? new Dictionary<string, int>(StringComparer.Ordinal);
            var sessionIds = from?.Snapshot.Sessions.ToDictionary(r => r.Id, _ => -1, StringComparer.Ordinal) ?? new Dictionary<string, int>(StringComparer.Ordinal);
            // Under scoped ids the state keeps no desk-wide count (0): it holds every request and session it made.
            var requestCount = from is null ? 0 : Math.Max(from.Snapshot.Numbering.Requests, from.Snapshot.Requests.Count);
            var sessionCount = from is null ? 0 : Math.Max(from.Snapshot.Numbering.Sessions, from.Snapshot.Sessions.Count);
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var eventIndex = index++;
                var path = ProblemList.Index(f.PathOf("events"), eventIndex);
                if (element.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(path, "expected an object");
                    continue;
                }

                // Read the type first: which fields are allowed depends on it.
                var type = ReadType(element, path);
                var known = type is { } t ? KnownEventFields[t] : element.EnumerateObject().Select(p => p.Name).ToArray();
                var fields = JsonObjectReader.Open(problems, element, path, known)!;
                var at = fields.Instant("at", required: true);
                // Instants are quoted as the file writes them, in its own offsets, so that they can be found there.
                var atText = TextOf(fields, "at");
                // Each event is judged against the latest one before it, so that every event out of order is named, not
                // only the first (10:00, 08:00, 09:00: both later events are before events[0]).
                if (at is { } instant && latestEvent is { } latestBefore && instant < latestBefore.At)
                {
                    problems.Add(fields.PathOf("at"), $"'{atText}' is before events[{latestBefore.Index}].at '{latestBefore.Text}': events must be in time order");
                }

                if (at is { } early && from is not null && early < from.Snapshot.AsOf)
                {
                    problems.Add(fields.PathOf("at"), $"'{atText}' is before the state's instant ({StateWriter.At(from.Snapshot.AsOf)}): a continuing scenario's events come at or after it");
                }

                if (at is { } valid && (latestEvent is not { } latest || valid >= latest.At))
                {
                    latestEvent = (valid, eventIndex, atText);
                }

                if (type is null)
                {
                    continue;
                }

                if (type == ScenarioEventType.PlaceRequest)
                {
                    requestCount++;
                }
                else if (type == ScenarioEventType.OpenSession)
                {
                    sessionCount++;
                }

                var read = ReadEventFields(fields, eventIndex, type.Value, patrons, items, staff, requestIds, sessionIds, requestCount, sessionCount);
                if (at is { } when && read is not null)
                {
                    events.Add(read with { Index = eventIndex, At = when });
                }
            }

            return events;
        }

        private ScenarioEventType? ReadType(JsonElement element, string path)
        {
            if (!element.TryGetProperty("type", out var typeElement))
            {
                problems.Add(ProblemList.Child(path, "type"), "is required");
                return null;
            }

            if (typeElement.ValueKind != JsonValueKind.String)
            {
                problems.Add(ProblemList.Child(path, "type"), "expected a string");
                return null;
            }

            var text = typeElement.GetString();
            foreach (var (spelling, value) in ScenarioSpellings.All)
            {
                if (spelling == text)
                {
                    return value;
                }
            }

            problems.Add(ProblemList.Child(path, "type"), $"'{text}' is not an event type" + Suggestions.DidYouMean(text ?? string.Empty, ScenarioSpellings.All.Select(s => s.Spelling)));
            return null;
        }

        private ScenarioEvent? ReadEventFields(JsonObjectReader e, int eventIndex, ScenarioEventType type, Dictionary<string, Patron> patrons, Dictionary<string, Item> items,
            Dictionary<string, StaffMember> staff, Dictionary<string, int> requestIds, Dictionary<string, int> sessionIds, int requestCount, int sessionCount)
        {
            var before = problems.Count;
            string? Patron(bool required) => Known(e, "patron", required, IsPatron, "a patron of the scenario", patrons.Keys);
            string? KnownItem() => Known(e, "item", true, IsItem, "an item of the scenario", items.Keys);
            bool IsPatron(string id) => patrons.ContainsKey(id) || rejected.PatronIds.Contains(id);
            bool IsItem(string barcode) => items.ContainsKey(barcode) || rejected.ItemBarcodes.Contains(barcode);
            var ev = new ScenarioEvent(0, default, type);
            switch (type)
            {
                case ScenarioEventType.CheckOut:
                    ev = ev with
                    {
                        Patron = Patron(true),
                        Item = KnownItem(),
                        Location = e.Has("location") ? e.String("location", required: false) : null,
                        Session = Known(e, "session", false, id => from is not null || sessionIds.ContainsKey(id), "a session opened by an earlier openSession", sessionIds.Keys),
                    };
                    break;
                case ScenarioEventType.CheckIn:
                    ev = ev with
                    {
                        Item = KnownItem(),
                        Session = Known(e, "session", false, id => from is not null || sessionIds.ContainsKey(id), "a session opened by an earlier openSession", sessionIds.Keys),
                    };
                    break;
                case ScenarioEventType.Renew or ScenarioEventType.ClaimReturned or ScenarioEventType.DeclareLost or ScenarioEventType.MarkFound:
                    ev = ev with { Item = KnownItem() };
                    break;
                case ScenarioEventType.Pay:
                    ev = ev with
                    {
                        Patron = Patron(true),
                        Amount = e.PositiveAmount("amount", required: true, currency),
                        TransactionId = e.String("transactionId", required: false),
                    };
                    break;
                case ScenarioEventType.Waive:
                    ev = ev with
                    {
                        TransactionId = e.String("transactionId", required: true),
                        Amount = e.PositiveAmount("amount", required: false, currency),
                        Reason = e.String("reason", required: false),
                    };
                    break;
                case ScenarioEventType.Dispute or ScenarioEventType.Restore:
                    ev = ev with { TransactionId = e.String("transactionId", required: true) };
                    break;
                case ScenarioEventType.Charge:
                    ev = ev with
                    {
                        Patron = Patron(true),
                        FeeType = e.Spelling("feeType", FeeTypes, required: true),
                        Amount = e.PositiveAmount("amount", required: true, currency),
                        Title = e.String("title", required: false),
                    };
                    break;
                case ScenarioEventType.Refund:
                    ev = ev with
                    {
                        TransactionId = e.String("transactionId", required: true),
                        Amount = e.PositiveAmount("amount", required: true, currency),
                    };
                    break;
                case ScenarioEventType.ExportToBursar:
                    ev = ev with { Patron = Patron(false) };
                    break;
                case ScenarioEventType.PlaceRequest:
                    ev = ev with
                    {
                        Patron = Patron(true),
                        Item = KnownItem(),
                        Id = NewId(e, eventIndex, "R", requestCount, requestIds, "request", "placeRequest"),
                    };
                    break;
                case ScenarioEventType.CancelRequest:
                    ev = ev with
                    {
                        Id = Known(e, "request", true, id => from is not null || requestIds.ContainsKey(id), "the id of an earlier placeRequest", requestIds.Keys),
                        NotifyUser = e.Bool("notifyUser") ?? true,
                    };
                    break;
                case ScenarioEventType.OpenSession:
                    ev = ev with
                    {
                        Staff = Known(e, "staff", true, staff.ContainsKey, "a staff member of the scenario", staff.Keys),
                        Location = Known(e, "location", true, code => policy is null || policy.FindLibrary(code) is not null, "a library of the policy", policy?.Libraries.Select(l => l.Code) ?? []),
                        Patron = Patron(true),
                        Id = NewId(e, eventIndex, "S", sessionCount, sessionIds, "session", "openSession"),
                    };
                    break;
                case ScenarioEventType.SearchPatrons:
                    ev = ev with
                    {
                        Staff = Known(e, "staff", true, staff.ContainsKey, "a staff member of the scenario", staff.Keys),
                        SearchBy = e.Spelling("by", SearchKinds, required: true),
                        Query = e.String("query", required: true),
                    };
                    break;
                default:
                    throw new InvalidOperationException($"Event type {type} has no reader.");
            }

            return problems.Count == before ? ev : null;
        }

        private string? Known(JsonObjectReader e, string field, bool required, Func<string, bool> exists, string what, IEnumerable<string> candidates)
        {
            if (e.String(field, required) is not { } value)
            {
                return null;
            }

            if (!exists(value))
            {
                problems.Add(e.PathOf(field), $"'{value}' is not {what}" + Suggestions.DidYouMean(value, candidates));
                return null;
            }

            return value;
        }

        /// <summary>The id an event gives (its <c>id</c> field, else the prefix and the event's ordinal among the
        /// events of its type); a duplicate is named at its second occurrence — the event itself when the id is a
        /// default it did not write. An <c>"id": null</c> is an id not given, as null is for every optional field.</summary>
        private string? NewId(JsonObjectReader e, int eventIndex, string prefix, int ordinal, Dictionary<string, int> ids, string what, string eventType)
        {
            var given = e.Raw("id", required: false) is not null;
            var id = given ? e.String("id", required: false) : prefix + ordinal.ToString(CultureInfo.InvariantCulture);
            if (id is null)
            {
                return null;
            }

            if (ids.TryGetValue(id, out var first))
            {
                problems.Add(
                    given ? e.PathOf("id") : e.Path,
                    first < 0
                        ? $"duplicate {what} id '{id}': the state already has it"
                        : given
                        ? string.Create(CultureInfo.InvariantCulture, $"duplicate {what} id '{id}' (first given by events[{first}])")
                        : string.Create(CultureInfo.InvariantCulture, $"duplicate {what} id '{id}': the default id of the {Ordinal(ordinal)} {eventType} was already given by events[{first}]; give this event an \"id\""));
                return null;
            }

            ids.Add(id, eventIndex);
            return id;
        }

        private static string Ordinal(int n) => string.Create(CultureInfo.InvariantCulture, $"{n}{(n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" })}");

        private List<FineFeeQuery> ReadQueries(JsonObjectReader f, Dictionary<string, Patron> patrons)
        {
            var queries = new List<FineFeeQuery>();
            if (f.Array("queries", required: false) is not { } array)
            {
                return queries;
            }

            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = ProblemList.Index(f.PathOf("queries"), index++);
                if (JsonObjectReader.Open(problems, element, path, QueryFields) is not { } q
                    || q.Object("finesFees", FinesFeesQueryFields, required: true) is not { } ff)
                {
                    continue;
                }

                var patron = Known(ff, "patron", false, id => patrons.ContainsKey(id) || rejected.PatronIds.Contains(id), "a patron of the scenario", patrons.Keys);
                var search = ff.Has("search") ? ff.String("search", required: false) : null;
                var type = ff.Spelling("type", FeeTypes, required: false);
                var status = ff.Spelling("status", FeeStatuses, required: false);
                queries.Add(new FineFeeQuery(patron, search, type, status));
            }

            return queries;
        }

        /// <summary>A string field's text as the file writes it (only called for a field read as a valid instant).</summary>
        private static string TextOf(JsonObjectReader fields, string name) =>
            fields.Raw(name, required: false) is { ValueKind: JsonValueKind.String } e ? e.GetString()! : string.Empty;
    }
}
