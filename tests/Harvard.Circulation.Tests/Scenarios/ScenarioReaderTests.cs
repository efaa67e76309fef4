using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;
using Harvard.Circulation.Tests.Cli;

namespace Harvard.Circulation.Tests.Scenarios;

public class ScenarioReaderTests
{
    private const string Patrons = """
        "patrons": [ { "id": "10000001", "group": "25", "name": "Ada Lovelace" }, { "id": "10000002", "group": "21" } ]
        """;

    private const string Items = """
        "items": [ { "barcode": "32044000000001", "title": "Middlemarch", "itemPolicy": "regular", "library": "WID" },
                   { "barcode": "32044000000002", "itemPolicy": "reserve-3h", "library": "LAM" } ]
        """;

    private const string Staff = """
        "staff": [ { "id": "jdoe" }, { "id": "supervisor", "nameSearch": true } ]
        """;

    private const string CheckOut = """{ "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000001" }""";

    private const string CheckIn = """{ "at": "2026-01-06T10:00:00-05:00", "type": "checkIn", "item": "32044000000001" }""";

    public static TheoryData<string, string, string[]> MalformedScenarios() => new()
    {
        { "bad JSON", "{\n  \"format\": 1,\n  \"policy\": \"harvard-default\",,\n}", ["line 3, column 31: not valid JSON: ',' is an invalid start of a property name. Expected a '\"'."] },
        { "not an object", "[ 1 ]", ["$: expected an object"] },
        { "unknown top-level field", Doc(CheckOut, top: ", \"polcy\": \"harvard-default\""), ["polcy: unknown field"] },
        { "missing required top-level fields", """{ "format": 1 }""", ["policy: is required", "events: is required", "asOf: is required"] },
        { "unsupported format", Doc(CheckOut).Replace("\"format\": 1", "\"format\": 2", StringComparison.Ordinal), ["format: format 2 is not supported; this reader reads format 1"] },
        { "unknown event field", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patorn": "10000001", "item": "32044000000001" }"""), ["events[0].patorn: unknown field (did you mean 'patron'?)", "events[0].patron: is required"] },
        { "field of another event type", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "renew", "item": "32044000000001", "notifyUser": false }"""), ["events[0].notifyUser: unknown field"] },
        { "unknown event type", Doc(CheckOut + ", " + CheckIn + """, { "at": "2026-01-07T10:00:00-05:00", "type": "lose", "item": "32044000000001" }"""), ["events[2].type: 'lose' is not an event type"] },
        { "missing type", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "item": "32044000000001" }"""), ["events[0].type: is required"] },
        { "missing at", Doc(CheckOut + """, { "type": "checkIn", "item": "32044000000001" }"""), ["events[1].at: is required"] },
        { "instant without offset", Doc("""{ "at": "2026-01-05T10:00:00", "type": "checkIn", "item": "32044000000001" }"""), ["events[0].at: '2026-01-05T10:00:00' is not an ISO-8601 instant with an offset, such as \"2026-01-05T10:00:00-05:00\""] },
        { "unknown patron", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "99999999", "item": "32044000000001" }"""), ["events[0].patron: '99999999' is not a patron of the scenario"] },
        { "unknown item", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "declareLost", "item": "32044999999999" }"""), ["events[0].item: '32044999999999' is not an item of the scenario"] },
        { "unknown staff", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "searchPatrons", "staff": "nobody", "by": "name", "query": "ada" }"""), ["events[0].staff: 'nobody' is not a staff member of the scenario"] },
        { "unknown search kind", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "searchPatrons", "staff": "jdoe", "by": "email", "query": "ada" }"""), ["events[0].by: 'email' is not one of primaryId, identifier, name"] },
        { "zero amount", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "pay", "patron": "10000001", "amount": "0.00" }"""), ["events[0].amount: '0.00' is not a positive amount"] },
        { "negative amount", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "charge", "patron": "10000001", "feeType": "other", "amount": "-5.00" }"""), ["events[0].amount: '-5.00' is not a positive amount"] },
        { "amount below a cent", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "refund", "transactionId": "F1", "amount": "0.001" }"""), ["events[0].amount: '0.001' rounds to 0.00"] },
        { "amount as a number", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "waive", "transactionId": "F1", "amount": 5 }"""), ["events[0].amount: expected a decimal string such as \"3.00\""] },
        { "unknown fee type", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "charge", "patron": "10000001", "feeType": "lateFee", "amount": "5.00" }"""), ["events[0].feeType: 'lateFee' is not one of overdueFine, recalledOverdueFine, lostItemReplacementFee, lostItemProcessFee, cardRenewal, damagedItemFine, other"] },
        { "events out of order", Doc(CheckIn + ", " + CheckOut), ["events[1].at: '2026-01-05T10:00:00-05:00' is before events[0].at '2026-01-06T10:00:00-05:00': events must be in time order"] },
        { "every event out of order, each against the latest before it", Doc("""
            { "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000001" },
            { "at": "2026-01-05T08:00:00-05:00", "type": "renew", "item": "32044000000001" },
            { "at": "2026-01-05T09:00:00-05:00", "type": "renew", "item": "32044000000001" },
            { "at": "2026-01-05T11:00:00-05:00", "type": "renew", "item": "32044000000001" },
            { "at": "2026-01-05T10:30:00-05:00", "type": "checkIn", "item": "32044000000001" }
            """),
            [
                "events[1].at: '2026-01-05T08:00:00-05:00' is before events[0].at '2026-01-05T10:00:00-05:00': events must be in time order",
                "events[2].at: '2026-01-05T09:00:00-05:00' is before events[0].at '2026-01-05T10:00:00-05:00': events must be in time order",
                "events[4].at: '2026-01-05T10:30:00-05:00' is before events[3].at '2026-01-05T11:00:00-05:00': events must be in time order",
            ]
        },
        { "asOf before the last event", Doc(CheckOut + ", " + CheckIn, asOf: "2026-01-06T09:00:00-05:00"), ["asOf: '2026-01-06T09:00:00-05:00' is before the last event (events[1].at '2026-01-06T10:00:00-05:00')"] },
        { "session not opened by an earlier openSession", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000001", "session": "S1" }, { "at": "2026-01-05T10:01:00-05:00", "type": "openSession", "staff": "jdoe", "location": "WID", "patron": "10000001" }"""), ["events[0].session: 'S1' is not a session opened by an earlier openSession"] },
        { "cancelRequest of an unknown request", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "placeRequest", "patron": "10000002", "item": "32044000000001" }, { "at": "2026-01-05T10:01:00-05:00", "type": "cancelRequest", "request": "R2" }"""), ["events[1].request: 'R2' is not the id of an earlier placeRequest (did you mean 'R1'?)"] },
        { "openSession at a location that is not a library", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "openSession", "staff": "jdoe", "location": "XYZ", "patron": "10000001" }"""), ["events[0].location: 'XYZ' is not a library of the policy"] },
        { "duplicate request id", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "placeRequest", "patron": "10000002", "item": "32044000000001", "id": "R2" }, { "at": "2026-01-05T10:01:00-05:00", "type": "placeRequest", "patron": "10000001", "item": "32044000000002" }"""), ["events[1]: duplicate request id 'R2': the default id of the 2nd placeRequest was already given by events[0]; give this event an \"id\""] },
        { "duplicate session id", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "openSession", "staff": "jdoe", "location": "WID", "patron": "10000001", "id": "desk-1" }, { "at": "2026-01-05T10:01:00-05:00", "type": "openSession", "staff": "jdoe", "location": "WID", "patron": "10000002", "id": "desk-1" }"""), ["events[1].id: duplicate session id 'desk-1' (first given by events[0])"] },
        { "duplicate patron id", Doc(CheckOut).Replace("\"id\": \"10000002\"", "\"id\": \"10000001\"", StringComparison.Ordinal), ["patrons[1].id: duplicate patron id '10000001'"] },
        { "duplicate item barcode", Doc(CheckOut).Replace("\"barcode\": \"32044000000002\"", "\"barcode\": \"32044000000001\"", StringComparison.Ordinal), ["items[1].barcode: duplicate item barcode '32044000000001'"] },
        { "duplicate staff id", Doc(CheckOut).Replace("\"id\": \"supervisor\"", "\"id\": \"jdoe\"", StringComparison.Ordinal), ["staff[1].id: duplicate staff id 'jdoe'"] },
        { "unknown user group and item policy", Doc(CheckOut).Replace("\"group\": \"21\"", "\"group\": \"99\"", StringComparison.Ordinal).Replace("\"reserve-3h\"", "\"reserve-4h\"", StringComparison.Ordinal), ["patrons[1].group: '99' is not a user group of the policy (did you mean '59'?)", "items[1].itemPolicy: 'reserve-4h' is not an item policy of the policy (did you mean 'reserve-3h'?)"] },
        { "inline policy errors", Doc(CheckOut, policy: InlinePolicy), ["policy.rules[1].termsOfUse: 'reserve-4h' is not defined"] },
        // An entry listed with a problem rejects the file by its own problem; events naming it are not told it is unknown.
        { "item the event names lacks its library", Doc(CheckOut).Replace("\"itemPolicy\": \"regular\", \"library\": \"WID\"", "\"itemPolicy\": \"regular\"", StringComparison.Ordinal), ["items[0].library: is required"] },
        { "item the event names has an unknown item policy", Doc(CheckOut).Replace("\"itemPolicy\": \"regular\"", "\"itemPolicy\": \"regulr\"", StringComparison.Ordinal), ["items[0].itemPolicy: 'regulr' is not an item policy of the policy (did you mean 'regular'?)"] },
        { "item the event names costs zero", Doc(CheckOut).Replace("\"title\": \"Middlemarch\",", "\"title\": \"Middlemarch\", \"replacementCost\": \"0\",", StringComparison.Ordinal), ["items[0].replacementCost: '0' is not a positive amount"] },
        { "patron the event names has an unknown group", Doc(CheckOut).Replace("\"group\": \"25\"", "\"group\": \"99\"", StringComparison.Ordinal), ["patrons[0].group: '99' is not a user group of the policy (did you mean '59'?)"] },
        { "patron the event names has a misspelt record type", Doc(CheckOut).Replace("\"group\": \"25\"", "\"group\": \"25\", \"recordType\": \"External\"", StringComparison.Ordinal), ["patrons[0].recordType: 'External' is not one of external, internal (did you mean 'external'?)"] },
        { "patron the event names repeats another's identifier", Doc(CheckOut).Replace("{ \"id\": \"10000001\", \"group\": \"25\"", "{ \"id\": \"10000001\", \"group\": \"25\", \"identifiers\": [ { \"type\": \"barcode\", \"value\": \"10000002\" } ]", StringComparison.Ordinal).Replace("{ \"id\": \"10000002\", \"group\": \"21\" }", "{ \"id\": \"10000000\", \"group\": \"21\", \"identifiers\": [ { \"type\": \"barcode\", \"value\": \"10000001\" } ] }", StringComparison.Ordinal).Replace("\"patron\": \"10000001\"", "\"patron\": \"10000000\"", StringComparison.Ordinal), ["patrons[1].identifiers[0].value: '10000001' is already the primary ID of patron '10000001'; a value names one patron"] },
        { "query names a patron listed with a problem", Doc(CheckOut, top: ", \"queries\": [ { \"finesFees\": { \"patron\": \"10000002\" } } ]").Replace("\"group\": \"21\"", "\"group\": \"99\"", StringComparison.Ordinal), ["patrons[1].group: '99' is not a user group of the policy (did you mean '59'?)"] },
        { "empty file", "", ["$: the file is empty: expected a JSON object { ... }"] },
        { "misspelt event type", Doc(CheckOut.Replace("checkOut", "checkout", StringComparison.Ordinal)), ["events[0].type: 'checkout' is not an event type (did you mean 'checkOut'?)"] },
        { "misspelt patron id", Doc(CheckOut.Replace("10000001", "1000001", StringComparison.Ordinal)), ["events[0].patron: '1000001' is not a patron of the scenario (did you mean '10000001'?)"] },
        { "misspelt spelling", Doc("""{ "at": "2026-01-05T10:00:00-05:00", "type": "searchPatrons", "staff": "jdoe", "by": "names", "query": "ada" }"""), ["events[0].by: 'names' is not one of primaryId, identifier, name (did you mean 'name'?)"] },
        { "schema not a string", Doc(CheckOut, top: ", \"$schema\": true"), ["$schema: expected a string"] },
        { "unknown query field", Doc(CheckOut, top: ", \"queries\": [ { \"finesFees\": { \"patron\": \"10000001\", \"title\": \"middle\" } } ]"), ["queries[0].finesFees.title: unknown field"] },
    };

    [Theory]
    [MemberData(nameof(MalformedScenarios))]
    public void Read_MalformedScenario_ListsEveryProblemWithItsPath(string what, string json, string[] expected)
    {
        var read = ScenarioReader.Read(json);

        Assert.False(read.IsValid, what);
        Assert.Null(read.Scenario);
        Assert.Equal(expected, read.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Read_SchemaField_IsAccepted() =>
        Assert.True(ScenarioReader.Read(Doc(CheckOut, top: ", \"$schema\": \"https://example.org/scenario.schema.json\"")).IsValid);

    [Fact]
    public void Read_PolicyFileThatCannotBeRead_NamesThePolicyField()
    {
        var folder = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"));

        var read = ScenarioReader.Read(Doc(CheckOut, policy: "\"no-such-policy.json\""), folder);

        var problem = Assert.Single(read.Problems);
        Assert.Equal("policy", problem.Path);
        Assert.StartsWith("'no-such-policy.json' is neither an embedded policy (harvard-default) nor a policy file that can be read: ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PolicyFileWithErrors_PrefixesThemWithPolicy()
    {
        var folder = Directory.CreateTempSubdirectory("scenario-reader-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "tight.json"), InlinePolicy);

            var read = ScenarioReader.Read(Doc(CheckOut, policy: "\"tight.json\""), folder);

            Assert.Equal(["policy.rules[1].termsOfUse: 'reserve-4h' is not defined"], read.Problems.Select(p => p.ToString()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("{\n \"format\": 1,,\n}", "policy: broken.json: line 2, column 14: not valid JSON: ',' is an invalid start of a property name. Expected a '\"'.")]
    [InlineData("", "policy: broken.json: the file is empty: expected a JSON object { ... }")]
    [InlineData("{ \"format\": 1 ", "policy: broken.json: line 1, column 15: not valid JSON: the text ends before the JSON is complete (an object, array or string is not closed)")]
    [InlineData("[ 1 ]", "policy: expected an object")]
    public void Read_PolicyFileNotAPolicyObject_NamesThePolicyFieldAndTheFile(string policyText, string expected)
    {
        // Was "policy.line 2, column 14: ...": the file's line and column glued to the "policy." prefix of fields.
        var folder = Directory.CreateTempSubdirectory("scenario-reader-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "broken.json"), policyText);

            var read = ScenarioReader.Read(Doc(CheckOut, policy: "\"broken.json\""), folder);

            Assert.Equal([expected], read.Problems.Select(p => p.ToString()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static TheoryData<string, string, string> OtherKindsOfFile() => new()
    {
        // FILE: the file as a command run from the current folder reaches it (the temporary folder is not below it).
        {
            "a scenario", Doc(CheckIn),
            "policy: other.json: this is a scenario file, not a policy: replay it with 'circ simulate FILE'"
        },
        {
            "a report", File.ReadAllText(Repository.PathOf("docs/examples/anonymization.expected.json")),
            "policy: other.json: this is a report (what 'circ simulate --format json' writes), not a policy: give the scenario it was made from"
        },
        {
            "a state file", File.ReadAllText(Repository.PathOf("docs/examples/state/recall-and-hold-shelf.state.json")),
            "policy: other.json: this is a state file (what 'circ simulate --state-out' writes), not a policy: continue it with 'circ simulate SCENARIO --state-in FILE'"
        },
        {
            "a comparison report", File.ReadAllText(Repository.PathOf("docs/examples/compare/month.expected.json")),
            "policy: other.json: this is a comparison report (what 'circ compare --format json' writes), not a policy: give the policies and the scenario it was made from"
        },
        {
            "an import report", File.ReadAllText(Repository.PathOf("docs/examples/folio/report.json")),
            "policy: other.json: this is an import report (what 'circ import-folio --report' writes), not a policy: the policy imported with it is what 'circ import-folio' wrote to --out (or stdout)"
        },
        {
            "an explanation", CliFixtures.Explanation,
            "policy: other.json: this is an explanation (what 'circ explain --format json' writes), not a policy: give the policy it was made from"
        },
        {
            "a policy matrix", CliFixtures.PolicyMatrix,
            "policy: other.json: this is a policy matrix (what 'circ policy matrix --format json' writes), not a policy: give the policy it was made from"
        },
    };

    [Theory]
    [MemberData(nameof(OtherKindsOfFile))]
    public void Read_PolicyFileOfAnotherKind_OneProblemNamingWhatItIs(string what, string otherText, string expected)
    {
        // Was one "policy.events: unknown field" (and the like) per field of the other file.
        var folder = Directory.CreateTempSubdirectory("scenario-reader-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "other.json"), otherText);

            var read = ScenarioReader.Read(Doc(CheckOut, policy: "\"other.json\""), folder);

            expected = expected.Replace("FILE", Path.Combine(folder, "other.json"), StringComparison.Ordinal);
            Assert.True(new[] { expected }.SequenceEqual(read.Problems.Select(p => p.ToString())), $"{what}: {string.Join(" | ", read.Problems)}");
            Assert.Equal("policy", Assert.Single(read.Problems).Path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static TheoryData<string, string, string> OtherKindsInline() => new()
    {
        {
            "a scenario", Doc(CheckIn),
            "policy: this inline object is a scenario, not a policy: expected \"harvard-default\", a policy file path or a policy object"
        },
        {
            "a report", File.ReadAllText(Repository.PathOf("docs/examples/anonymization.expected.json")),
            "policy: this inline object is a report (what 'circ simulate --format json' writes), not a policy: expected \"harvard-default\", a policy file path or a policy object"
        },
        {
            "a state file", File.ReadAllText(Repository.PathOf("docs/examples/state/recall-and-hold-shelf.state.json")),
            "policy: this inline object is a state file (what 'circ simulate --state-out' writes), not a policy: expected \"harvard-default\", a policy file path or a policy object"
        },
        {
            "a comparison report", File.ReadAllText(Repository.PathOf("docs/examples/compare/month.expected.json")),
            "policy: this inline object is a comparison report (what 'circ compare --format json' writes), not a policy: expected \"harvard-default\", a policy file path or a policy object"
        },
        {
            "an explanation", CliFixtures.Explanation,
            "policy: this inline object is an explanation (what 'circ explain --format json' writes), not a policy: expected \"harvard-default\", a policy file path or a policy object"
        },
        {
            "a policy matrix", CliFixtures.PolicyMatrix,
            "policy: this inline object is a policy matrix (what 'circ policy matrix --format json' writes), not a policy: expected \"harvard-default\", a policy file path or a policy object"
        },
    };

    [Theory]
    [MemberData(nameof(OtherKindsInline))]
    public void Read_InlinePolicyOfAnotherKind_OneProblemNamingWhatItIs(string what, string otherText, string expected)
    {
        // Was one "policy.events: unknown field" (and the like) per field of the pasted object, as for a file.
        var read = ScenarioReader.Read(Doc(CheckOut, policy: otherText));

        Assert.True(new[] { expected }.SequenceEqual(read.Problems.Select(p => p.ToString())), $"{what}: {string.Join(" | ", read.Problems)}");
        Assert.Equal("policy", Assert.Single(read.Problems).Path);
    }

    [Fact]
    public void Read_InlinePolicyOfNoKnownKind_KeepsItsProblemsUnderPolicy()
    {
        // Only an object taken for another kind is named as such; a broken policy keeps its own problems.
        var read = ScenarioReader.Read(Doc(CheckOut, policy: """{ "format": 1, "name": "x" }"""));

        Assert.Contains(read.Problems, p => p.ToString() == "policy.timeZone: is required");
    }

    [Fact]
    public void Read_SeveralProblems_ListsEveryOneInFileOrder()
    {
        var json = Doc(CheckIn + ", " + CheckOut + """, { "at": "2026-01-07T10:00:00-05:00", "type": "lose", "item": "32044000000001" }""",
            asOf: "2026-01-01T00:00:00-05:00", top: ", \"extra\": true");

        Assert.Equal(
            [
                "extra: unknown field",
                "events[1].at: '2026-01-05T10:00:00-05:00' is before events[0].at '2026-01-06T10:00:00-05:00': events must be in time order",
                "events[2].type: 'lose' is not an event type",
                "asOf: '2026-01-01T00:00:00-05:00' is before the last event (events[2].at '2026-01-07T10:00:00-05:00')",
            ],
            read(json));

        static IEnumerable<string> read(string text) => ScenarioReader.Read(text).Problems.Select(p => p.ToString());
    }

    [Fact]
    public void Read_DefaultIds_AreOrdinalsAmongEventsOfTheirType()
    {
        var json = Doc("""
            { "at": "2026-01-05T10:00:00-05:00", "type": "openSession", "staff": "jdoe", "location": "WID", "patron": "10000001" },
            { "at": "2026-01-05T10:01:00-05:00", "type": "placeRequest", "patron": "10000002", "item": "32044000000001", "id": "hold-7" },
            { "at": "2026-01-05T10:02:00-05:00", "type": "placeRequest", "patron": "10000002", "item": "32044000000002" },
            { "at": "2026-01-05T10:03:00-05:00", "type": "openSession", "staff": "supervisor", "location": "LAM", "patron": "10000002" },
            { "at": "2026-01-05T10:04:00-05:00", "type": "cancelRequest", "request": "R2", "notifyUser": false }
            """);

        var read = ScenarioReader.Read(json);

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        Assert.Equal(["S1", "hold-7", "R2", "S2", "R2"], read.Scenario!.Events.Select(e => e.Id));
        Assert.False(read.Scenario.Events[4].NotifyUser);
    }

    [Fact]
    public void Read_ContinuingAScopedState_DefaultIdsFollowTheStatesRequestsAndSessions()
    {
        // A scoped state keeps no desk-wide count (numbering.requests and .sessions are 0): the requests and
        // sessions it holds are every one the desk made, so default ids continue after them.
        var first = ScenarioReader.Read(Doc("""
            { "at": "2026-01-05T10:00:00-05:00", "type": "openSession", "staff": "jdoe", "location": "WID", "patron": "10000001" },
            { "at": "2026-01-05T10:01:00-05:00", "type": "placeRequest", "patron": "10000002", "item": "32044000000001" },
            { "at": "2026-01-05T10:02:00-05:00", "type": "placeRequest", "patron": "10000001", "item": "32044000000002" }
            """)).Scenario!;
        var desk = Desk.SnapshotProperties.Run(Desk.SnapshotProperties.Open(first, IdNumbering.Scoped), first.Events);
        var state = StateReader.Read(StateWriter.Write(StateFile.Of(desk, "harvard-default"))).State!;
        Assert.Equal((0, 0), (state.Snapshot.Numbering.Requests, state.Snapshot.Numbering.Sessions));

        var second = ScenarioReader.Read(
            Doc("""
                { "at": "2026-01-06T10:00:00-05:00", "type": "placeRequest", "patron": "10000001", "item": "32044000000001" },
                { "at": "2026-01-06T10:01:00-05:00", "type": "openSession", "staff": "supervisor", "location": "LAM", "patron": "10000002" }
                """),
            null,
            null,
            state);

        Assert.True(second.IsValid, string.Join("; ", second.Problems));
        Assert.Equal(["R3", "S2"], second.Scenario!.Events.Select(e => e.Id));
    }

    [Fact]
    public void Read_ValidScenario_GivesDefaults()
    {
        var read = ScenarioReader.Read(Doc(CheckOut));

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        var scenario = read.Scenario!;
        Assert.Equal("Reader test", scenario.Name);
        Assert.Equal(["10000001", "10000002"], scenario.Patrons.Select(p => p.PrimaryId));
        Assert.Equal(Harvard.Circulation.Patrons.RecordType.External, scenario.Patrons[0].RecordType);
        Assert.Equal([false, true], scenario.Staff.Select(s => s.NameSearch));
        Assert.Empty(scenario.Queries);
    }

    private const string InlinePolicy = """
        { "format": 1, "timeZone": "America/New_York",
          "userGroups": [ { "code": "25", "name": "Special Borrower" }, { "code": "21", "name": "Faculty (Proxy)" } ],
          "itemPolicies": [ { "code": "regular", "name": "Regular loan" }, { "code": "reserve-3h", "name": "3 hour reserve" } ],
          "libraries": [ { "code": "WID" }, { "code": "LAM" } ],
          "termsOfUse": [ { "id": "regular", "loan": { "period": "P28D" } } ],
          "rules": [ { "id": "default", "termsOfUse": "regular" }, { "id": "reserves", "itemPolicy": "reserve-3h", "termsOfUse": "reserve-4h" } ] }
        """;

    private static string Doc(string events, string asOf = "2026-03-01T00:00:00-05:00", string policy = "\"harvard-default\"", string top = "") =>
        $$"""
        { "format": 1, "name": "Reader test", "policy": {{policy}},
          {{Patrons}},
          {{Items}},
          {{Staff}},
          "events": [ {{events}} ],
          "asOf": "{{asOf}}"{{top}} }
        """;
}
