using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Policies;

public class PolicyReaderTests
{
    /// <summary>A small valid policy: two groups, a regular loan, a 3-hour reserve, guests barred from reserves.</summary>
    internal const string Widener = """
        {
          "format": 1,
          "name": "Widener",
          "timeZone": "America/New_York",
          "userGroups": [
            { "code": "25", "name": "Special Borrower", "maxLoans": 50, "maxBalance": "50.00" },
            { "code": "58", "name": "Library Guest", "maxLoans": 10 }
          ],
          "itemPolicies": [ { "code": "regular", "name": "Regular loan" }, { "code": "reserve-3h", "name": "3 hour reserve" } ],
          "libraries": [
            { "code": "WID", "name": "Widener Library", "hours": { "monday": ["09:00", "22:00"], "sunday": [] }, "closedDates": ["2026-12-25"] }
          ],
          "termsOfUse": [
            { "id": "regular", "loan": { "period": "P28D", "maxRenewals": 5 },
              "lostItem": { "agedToLostAfter": "P45D", "defaultReplacementFee": "100.00", "refundReplacementFeePercent": 100 },
              "recall": { "returnWithin": "P14D" },
              "notices": { "overdue": ["P1D", "P7D"] } },
            { "id": "reserve-3h", "loan": { "period": "PT3H", "dueTime": "exact", "closedDue": "endOfCurrentHours" },
              "overdueFine": { "amount": "3.00", "per": "hour", "grace": "PT1H", "max": "45.00" } },
            { "id": "no-loan", "loan": null }
          ],
          "rules": [
            { "id": "guests-no-reserves", "userGroup": "58", "itemPolicy": "reserve-3h", "termsOfUse": "no-loan" },
            { "id": "reserves", "itemPolicy": "reserve-3h", "termsOfUse": "reserve-3h" },
            { "id": "default", "termsOfUse": "regular" }
          ]
        }
        """;

    internal static readonly Dictionary<string, (Action<JsonObject> Break, string[] Expected)> Malformed = new()
    {
        ["misspelt loan field"] = (p => Rename(Terms(p, 0)["loan"]!.AsObject(), "period", "perod"),
            ["termsOfUse[0].loan.perod: unknown field (did you mean 'period'?)", "termsOfUse[0].loan.period: is required"]),
        ["misspelt top-level field"] = (p => Rename(p, "rules", "rule"),
            ["rule: unknown field (did you mean 'rules'?)", "rules: is required"]),
        ["fine per fortnight"] = (p => Terms(p, 1)["overdueFine"]!["per"] = "fortnight",
            ["termsOfUse[1].overdueFine.per: 'fortnight' is not one of minute, hour, day, week"]),
        ["fine per missing"] = (p => Terms(p, 1)["overdueFine"]!.AsObject().Remove("per"),
            ["termsOfUse[1].overdueFine.per: is required"]),
        ["rule names undefined terms"] = (p => p["rules"]![1]!["termsOfUse"] = "reserve-4h",
            ["rules[1].termsOfUse: 'reserve-4h' is not defined (did you mean 'reserve-3h'?)"]),
        ["rule names unknown item policy"] = (p => p["rules"]![1]!["itemPolicy"] = "reserve-4h",
            ["rules[1].itemPolicy: 'reserve-4h' is not an item policy of the policy (did you mean 'reserve-3h'?)"]),
        ["maxLoans as text"] = (p => p["userGroups"]![0]!["maxLoans"] = "fifty",
            ["userGroups[0].maxLoans: expected a whole number"]),
        ["maxLoans fractional"] = (p => p["userGroups"]![0]!["maxLoans"] = 1.5,
            ["userGroups[0].maxLoans: expected a whole number"]),
        ["maxLoans huge"] = (p => p["userGroups"]![0]!["maxLoans"] = JsonNode.Parse("1e400"),
            ["userGroups[0].maxLoans: expected a whole number"]),
        ["maxLoans negative"] = (p => p["userGroups"]![0]!["maxLoans"] = -1,
            ["userGroups[0].maxLoans: must not be negative"]),
        ["mayBorrow as text"] = (p => p["userGroups"]![1]!["mayBorrow"] = "yes",
            ["userGroups[1].mayBorrow: expected true or false"]),
        ["group name null"] = (p => p["userGroups"]![0]!["name"] = null,
            ["userGroups[0].name: expected a string"]),
        ["group code empty"] = (p => p["userGroups"]![1]!["code"] = " ",
            ["userGroups[1].code: must not be empty", "rules[0].userGroup: '58' is not a user group of the policy"]),
        ["duplicate group code"] = (p => p["userGroups"]![1]!["code"] = "25",
            ["userGroups[1].code: duplicate user group code '25'", "rules[0].userGroup: '58' is not a user group of the policy"]),
        ["duplicate rule id"] = (p => p["rules"]![2]!["id"] = "reserves",
            ["rules[2].id: duplicate rule id 'reserves'"]),
        ["amount as a number"] = (p => Terms(p, 1)["overdueFine"]!["amount"] = 3,
            ["termsOfUse[1].overdueFine.amount: expected a decimal string such as \"3.00\""]),
        ["amount with a comma"] = (p => Terms(p, 1)["overdueFine"]!["amount"] = "3,00",
            ["termsOfUse[1].overdueFine.amount: '3,00' is not a decimal amount such as \"3.00\""]),
        ["negative amount"] = (p => Terms(p, 1)["overdueFine"]!["max"] = "-45.00",
            ["termsOfUse[1].overdueFine.max: must not be negative"]),
        ["percent above 100"] = (p => Terms(p, 0)["lostItem"]!["refundReplacementFeePercent"] = 150,
            ["termsOfUse[0].lostItem.refundReplacementFeePercent: 150 is not a percent from 0 to 100"]),
        ["unknown time zone"] = (p => p["timeZone"] = "Mars/Base",
            ["timeZone: 'Mars/Base' is not a time zone id"]),
        ["missing time zone"] = (p => p.Remove("timeZone"),
            ["timeZone: is required"]),
        ["lower-case currency"] = (p => p["currency"] = "usd",
            ["currency: 'usd' is not a three-letter upper-case currency code"]),
        ["format 2"] = (p => p["format"] = 2,
            ["format: format 2 is not supported; this reader reads format 1"]),
        ["not a period"] = (p => Terms(p, 0)["loan"]!["period"] = "P2X",
            ["termsOfUse[0].loan.period: 'P2X' is not an ISO-8601 period"]),
        ["negative period"] = (p => Terms(p, 1)["overdueFine"]!["grace"] = "PT-1H",
            ["termsOfUse[1].overdueFine.grace: must not be negative"]),
        ["period too long"] = (p => Terms(p, 0)["loan"]!["period"] = "P9000Y",
            ["termsOfUse[0].loan.period: 'P9000Y' is too long"]),
        ["bad overdue notice delay"] = (p => Terms(p, 0)["notices"]!["overdue"]![1] = "a week",
            ["termsOfUse[0].notices.overdue[1]: 'a week' is not an ISO-8601 period"]),
        ["recall without returnWithin"] = (p => Terms(p, 0)["recall"] = new JsonObject { ["minimumLoan"] = "P7D" },
            ["termsOfUse[0].recall.returnWithin: is required"]),
        ["close before open"] = (p => Hours(p)["monday"] = new JsonArray("22:00", "09:00"),
            ["libraries[0].hours.monday[1]: close 09:00 is not after open 22:00"]),
        ["close equals open"] = (p => Hours(p)["monday"] = new JsonArray("09:00", "09:00"),
            ["libraries[0].hours.monday[1]: close 09:00 is not after open 09:00"]),
        ["hours with one entry"] = (p => Hours(p)["monday"] = new JsonArray("09:00"),
            ["libraries[0].hours.monday: expected [] (closed all day) or [open, close]"]),
        ["not a weekday"] = (p => Hours(p)["funday"] = new JsonArray(),
            ["libraries[0].hours.funday: unknown field (did you mean 'friday'?)"]),
        ["time not HH:mm"] = (p => Hours(p)["monday"] = new JsonArray("9am", "22:00"),
            ["libraries[0].hours.monday[0]: '9am' is not a time HH:mm"]),
        ["opening at 24:00"] = (p => Hours(p)["monday"] = new JsonArray("24:00", "24:00"),
            ["libraries[0].hours.monday[0]: 24:00 can only close a day; open at 00:00"]),
        ["date not yyyy-MM-dd"] = (p => p["libraries"]![0]!["closedDates"]![0] = "2026-13-01",
            ["libraries[0].closedDates[0]: '2026-13-01' is not a date yyyy-MM-dd"]),
        ["hours mode with endOfDay"] = (p => Terms(p, 1)["loan"]!["dueTime"] = "endOfDay",
            ["termsOfUse[1].loan.closedDue: 'endOfCurrentHours' needs dueTime 'exact'"]),
        ["dueTime noon"] = (p => Terms(p, 0)["loan"]!["dueTime"] = "noon",
            ["termsOfUse[0].loan.dueTime: 'noon' is not one of endOfDay, exact"]),
        ["closedDue never"] = (p => Terms(p, 0)["loan"]!["closedDue"] = "never",
            ["termsOfUse[0].loan.closedDue: 'never' is not one of keep, endOfPreviousOpenDay, endOfNextOpenDay, endOfCurrentHours, beginningOfNextOpenHours"]),
        ["loan left out"] = (p => Terms(p, 2).Remove("loan"),
            ["termsOfUse[2].loan: is required"]),
        ["terms not an object"] = (p => p["termsOfUse"]![0] = "regular",
            ["termsOfUse[0]: expected an object", "rules[2].termsOfUse: 'regular' is not defined"]),
        ["userGroups not an array"] = (p => p["userGroups"] = new JsonObject(),
            ["userGroups: expected an array", "rules[0].userGroup: '58' is not a user group of the policy"]),
        ["field given twice"] = (p => p["libraries"] = JsonNode.Parse("""[{ "code": "WID", "code": "LAM" }]"""),
            ["libraries[0].code: is given more than once"]),
        ["several problems"] = (p =>
            {
                Rename(Terms(p, 0)["loan"]!.AsObject(), "maxRenewals", "maxRenewal");
                Terms(p, 1)["overdueFine"]!["per"] = "fortnight";
                p["rules"]![1]!["termsOfUse"] = "reserve-4h";
            },
            [
                "termsOfUse[0].loan.maxRenewal: unknown field (did you mean 'maxRenewals'?)",
                "termsOfUse[1].overdueFine.per: 'fortnight' is not one of minute, hour, day, week",
                "rules[1].termsOfUse: 'reserve-4h' is not defined (did you mean 'reserve-3h'?)",
            ]),
    };

    public static TheoryData<string> MalformedCases => [.. Malformed.Keys];

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Read_MalformedPolicy_ListsEveryProblemInOrder(string name)
    {
        var (breakIt, expected) = Malformed[name];
        var policy = JsonNode.Parse(Widener)!.AsObject();
        breakIt(policy);

        var result = PolicyReader.Read(policy.ToJsonString());

        Assert.Equal(expected, result.Problems.Select(p => p.ToString()));
        Assert.Null(result.Policy);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("{", "line 1, column 2")]
    [InlineData("{\n  \"format\": 1,,\n}", "line 2, column 15")]
    [InlineData("{ \"format\": 1 } trailing", "line 1, column 17")]
    public void Read_NotJson_OneProblemAtLineAndColumn(string json, string path)
    {
        var problem = Assert.Single(PolicyReader.Read(json).Problems);

        Assert.Equal(path, problem.Path);
        Assert.StartsWith("not valid JSON: ", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t ")]
    public void Read_Empty_SaysTheFileIsEmpty(string json) =>
        Assert.Equal(["$: the file is empty: expected a JSON object { ... }"], PolicyReader.Read(json).Problems.Select(p => p.ToString()));

    [Theory]
    [InlineData("{", "line 1, column 2")]
    [InlineData("{ \"format\": 1, \"name\": \"Harv", "line 1, column 29")]
    public void Read_Truncated_SaysTheTextEndsEarly(string json, string path) =>
        Assert.Equal([$"{path}: not valid JSON: the text ends before the JSON is complete (an object, array or string is not closed)"], PolicyReader.Read(json).Problems.Select(p => p.ToString()));

    [Fact]
    public void Read_SchemaField_IsAcceptedAsAString()
    {
        var policy = JsonNode.Parse(Widener)!.AsObject();
        policy["$schema"] = "https://example.org/policy.schema.json";

        Assert.True(PolicyReader.Read(policy.ToJsonString()).IsValid);

        policy["$schema"] = 1;
        Assert.Equal(["$schema: expected a string"], PolicyReader.Read(policy.ToJsonString()).Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Read_DeepNesting_ReportedNotThrown()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);

        var problem = Assert.Single(PolicyReader.Read(json).Problems);

        Assert.Equal("line 1, column 65", problem.Path);
    }

    [Fact]
    public void Read_RootNotAnObject_DollarPath() =>
        Assert.Equal(["$: expected an object"], PolicyReader.Read("[]").Problems.Select(p => p.ToString()));

    [Fact]
    public void Read_InlineWithPrefix_PrefixesEveryPath()
    {
        var policy = JsonNode.Parse(Widener)!.AsObject();
        policy["rules"]![1]!["termsOfUse"] = "reserve-4h";
        Terms(policy, 1)["overdueFine"]!["per"] = "fortnight";
        using var scenario = JsonDocument.Parse(new JsonObject { ["policy"] = policy }.ToJsonString());

        var result = PolicyReader.Read(scenario.RootElement.GetProperty("policy"), "policy.");

        Assert.Equal(
            ["policy.termsOfUse[1].overdueFine.per: 'fortnight' is not one of minute, hour, day, week", "policy.rules[1].termsOfUse: 'reserve-4h' is not defined (did you mean 'reserve-3h'?)"],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Read_InlineRootNotAnObject_PrefixIsThePath()
    {
        using var scenario = JsonDocument.Parse("""{ "policy": 3 }""");

        var result = PolicyReader.Read(scenario.RootElement.GetProperty("policy"), "policy.");

        Assert.Equal(["policy: expected an object"], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Read_Utf8WithByteOrderMark_Reads()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Widener)).ToArray();

        Assert.True(PolicyReader.Read(bytes).IsValid);
    }

    [Fact]
    public void Read_InvalidUtf8_ProblemNotException() => Assert.False(PolicyReader.Read([0x7B, 0x22, 0xFF, 0x22, 0x7D]).IsValid);

    [Fact]
    public void PolicyOrThrow_Invalid_ThrowsWithEveryProblem()
    {
        var ex = Assert.Throws<InvalidPolicyException>(() => PolicyReader.Read("[]").PolicyOrThrow());

        Assert.Equal("$", Assert.Single(ex.Problems).Path);
    }

    [Fact]
    public void Read_Widener_AppliesTheSpecDefaults()
    {
        var policy = PolicyReader.Read(Widener).PolicyOrThrow();
        var regular = policy.FindTermsOfUse("regular")!;
        var loan = regular.Loan!;

        Assert.Equal("USD", policy.Currency);
        Assert.Equal(RetentionTerms.Default, policy.Retention);
        Assert.True(policy.GetUserGroup("58").MayBorrow);
        Assert.Null(policy.GetUserGroup("58").Bursar);
        Assert.Equal(DueTime.EndOfDay, loan.DueTime);
        Assert.Equal(ClosedDue.Keep, loan.ClosedDue);
        Assert.Equal(loan.Period, loan.RenewPeriod);
        Assert.False(loan.AutoRenew);
        Assert.Null(loan.MaxRenewalPeriod);
        Assert.Null(regular.OverdueFine);
        Assert.Equal(Period.Zero, regular.Recall!.MinimumLoan);
        Assert.Equal(100, regular.LostItem!.RefundReplacementFeePercent);
        Assert.False(regular.LostItem.RefundProcessFeeWhenFound);
        Assert.False(regular.LostItem.ForgiveOverdueWhenLost);
        Assert.Null(regular.LostItem.NoRefundAfter);
        Assert.Equal(Period.FromDays(7), regular.Request.PickupWithin);
        Assert.Null(regular.Notices!.Courtesy);
        Assert.False(regular.Notices.LostItemBill);

        var fine = policy.FindTermsOfUse("reserve-3h")!.OverdueFine!;
        Assert.True(fine.CountClosed);
        Assert.False(fine.GraceDeducted);
        Assert.False(fine.ForgiveOnRenewal);
        Assert.False(policy.FindTermsOfUse("no-loan")!.IsLoanable);
        Assert.Equal(Rule.Any, policy.Rules[2].UserGroup);
        Assert.Equal(Rule.Any, policy.Rules[2].Location);
        Assert.Null(policy.FindTermsOfUse("reserve-3h")!.Notices);
    }

    [Fact]
    public void Read_WidenerHours_MondayOpenSundayClosedOthersAllDay()
    {
        var hours = PolicyReader.Read(Widener).PolicyOrThrow().FindLibrary("WID")!.Hours;

        Assert.Equal(DayHours.Between(new LocalTime(9, 0), new LocalTime(22, 0)), hours[IsoDayOfWeek.Monday]);
        Assert.True(hours[IsoDayOfWeek.Sunday].IsClosedAllDay);
        Assert.True(hours[IsoDayOfWeek.Tuesday].IsOpenAllDay);
    }

    [Fact]
    public void Read_CloseAt2400_ClosesAtMidnight()
    {
        var policy = JsonNode.Parse(Widener)!.AsObject();
        Hours(policy)["monday"] = new JsonArray("08:00", "24:00");

        var monday = PolicyReader.Read(policy.ToJsonString()).PolicyOrThrow().FindLibrary("WID")!.Hours[IsoDayOfWeek.Monday];

        Assert.Equal(1_440, monday.CloseMinute);
        Assert.Null(monday.Closes);
    }

    [Fact]
    public void Read_NullOptionalFines_NoFine()
    {
        var policy = JsonNode.Parse(Widener)!.AsObject();
        Terms(policy, 0)["overdueFine"] = null;
        Terms(policy, 0)["recalledOverdueFine"] = null;

        var regular = PolicyReader.Read(policy.ToJsonString()).PolicyOrThrow().FindTermsOfUse("regular")!;

        Assert.Null(regular.OverdueFine);
        Assert.Null(regular.RecalledOverdueFine);
    }

    private static JsonObject Terms(JsonObject policy, int index) => policy["termsOfUse"]![index]!.AsObject();

    private static JsonObject Hours(JsonObject policy) => policy["libraries"]![0]!["hours"]!.AsObject();

    private static void Rename(JsonObject node, string from, string to)
    {
        var value = node[from];
        node.Remove(from);
        node[to] = value;
    }
}

public class PolicyDocsTests
{
    [Fact]
    public void DocsWorkedExample_Read_ValidAndLintsClean()
    {
        var docs = File.ReadAllText(FindRepoFile("docs/policies.md"));
        var start = docs.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var json = docs[start..docs.IndexOf("```", start, StringComparison.Ordinal)];

        var policy = PolicyReader.Read(json).PolicyOrThrow();

        Assert.Empty(PolicyLinter.Lint(policy));
        Assert.False(policy.Resolver.Resolve("58", "reserve-3h", "WID", null).Terms!.IsLoanable);
    }

    [Fact]
    public void DocsErrorTable_NotJsonExample_IsWhatTheReaderSays()
    {
        var docs = File.ReadAllText(FindRepoFile("docs/policies.md"));
        var problem = Assert.Single(PolicyReader.Read("{\n  \"format\": 1,,\n}").Problems);

        Assert.Contains($"`{problem}`", docs, StringComparison.Ordinal);
    }

    private static string FindRepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
