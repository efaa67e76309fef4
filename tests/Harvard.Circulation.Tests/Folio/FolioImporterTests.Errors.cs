using System.Text.Json.Nodes;
using Harvard.Circulation.Formats.Folio;
using static Harvard.Circulation.Tests.Folio.FolioExportFixture;

namespace Harvard.Circulation.Tests.Folio;

/// <summary>Every error of spec §6, with its exact path: nothing is imported, every problem is listed.</summary>
public sealed partial class FolioImporterTests
{
    [Fact]
    public void Import_Fixture_NoProblemsNoApproximations()
    {
        var report = Report(Export());

        Assert.Empty(report.Approximations);
        Assert.Equal(["retention"], report.Notes.Select(n => n.Path));
        Assert.Equal(["folio-L5", "folio-L4", "folio-fallback"], report.Rules.Select(r => r.Id));
    }

    [Fact]
    public void Import_RulesTextErrors_PathIsLineAndColumn()
    {
        var bundle = Export();
        bundle["rulesAsText"] = "priority: t, s, c, b, a, m, g\nfallback-policy: l loan-3w r requests-all n notices-std o fines-daily i lost-std\nm book\n    g undergrad: l loan-2w r requests-all n notices-std o fines-daily i lost-std\n  t lt-circ: l loan-2w r requests-all n notices-std o fines-daily i lost-std\nm dvd cd !x: l x r requests-all n notices-std o fines-daily i lost-std";

        Assert.Equal(
        [
            "rulesAsText:5:3: the indentation (2 spaces) returns to no enclosing line (those are indented 0, 4)",
            "rulesAsText:6:10: a '!' must precede each name of a criterion, or none",
        ], Problems(bundle));
    }

    [Theory]
    [InlineData("priority: criterium(t s c b a m g), criterium(t s c b a m g), last-line", "rulesAsText:1:37: the priority 'criterium' is given twice")]
    [InlineData("priority: criterium(t s c b a m g), number-of-criteria, criterium(t s c b a m g)", "rulesAsText:1:57: unexpected 'criterium': expected first-line or last-line")]
    [InlineData("priority: number-of-criteria last-line", "rulesAsText:1:30: unexpected 'last-line': expected ',' and then first-line or last-line")]
    [InlineData("priority: t, s, c, b, a, m, g\nfallback-policy: l loan-3w r requests-all n notices-std o fines-daily i lost-std\nm dvd: l loan-2w r requests-all n notices-std o fines-daily i lost-std foo",
        "rulesAsText:3:72: unexpected 'foo': expected a policy type (l, r, n, o, i)")]
    [InlineData("priority: t, s, c, b, a, m, g\nfallback-policy: l loan-3w r requests-all n notices-std o fines-daily i lost-std\nm dvd foo: bar",
        "rulesAsText:3:12: unexpected 'bar': expected a policy type (l, r, n, o, i)")]
    [InlineData("priority: t, s, c, b, a, m, g\nfallback-policy: l loan-3w r requests-all n notices-std o fines-daily i lost-std\nm dvd ) l",
        "rulesAsText:3:7: unexpected ')': expected '+', ':' or the end of the line")]
    [InlineData("priority: criterium(t s c b a m g",
        "rulesAsText:1:34: unexpected end of the line: expected ')' after the seven criterion letters")]
    public void Import_PriorityKindTwiceAndOtherSyntaxErrors_SpecWording(string rules, string expected)
    {
        // §6: "a priority kind twice" is named as such (not as its letters given twice); "any other syntax error
        // (`unexpected 'foo'`)".
        var bundle = Export();
        bundle["rulesAsText"] = rules;

        Assert.Equal(expected, Problems(bundle)[0]);
    }

    [Theory]
    [InlineData('l', "no loan policy has id 'nope'")]
    [InlineData('r', "no request policy has id 'nope'")]
    [InlineData('n', "no notice policy has id 'nope'")]
    [InlineData('o', "no overdue fine policy has id 'nope'")]
    [InlineData('i', "no lost item fee policy has id 'nope'")]
    public void Import_RuleNamesUnknownPolicy_LineAndColumnOfTheName(char type, string message)
    {
        var bundle = Export();
        var line = $"m dvd: l loan-3w r requests-all n notices-std o fines-daily i lost-std".Replace($" {type} ", $" {type} nope ", StringComparison.Ordinal);
        line = System.Text.RegularExpressions.Regex.Replace(line, $" {type} nope [0-9a-z-]+", $" {type} nope");
        bundle["rulesAsText"] = Rules.ReplaceLineEndings("\n") + "\n" + line;

        Assert.Equal([$"rulesAsText:6:{line.IndexOf("nope", StringComparison.Ordinal) + 1}: {message}"], Problems(bundle));
    }

    /// <summary>The fixture with <paramref name="groups"/> patron groups, <paramref name="materials"/> material types and
    /// <paramref name="loanTypes"/> loan types, and the rules given after the priority and fallback lines.</summary>
    private static JsonObject Sized(int groups, int materials, int loanTypes, string priority, params string[] lines)
    {
        var bundle = Export();
        bundle["usergroups"] = new JsonArray(Enumerable.Range(1, groups).Select(i => (JsonNode)new JsonObject { ["id"] = $"g{i}", ["group"] = $"g{i}" }).ToArray());
        bundle["mtypes"] = new JsonArray(Enumerable.Range(1, materials).Select(i => (JsonNode)new JsonObject { ["id"] = $"m{i}", ["name"] = $"m{i}" }).ToArray());
        bundle["loantypes"] = new JsonArray(Enumerable.Range(1, loanTypes).Select(i => (JsonNode)new JsonObject { ["id"] = $"t{i}", ["name"] = $"t{i}" }).ToArray());
        bundle["rulesAsText"] = string.Join('\n', new[] { priority, "fallback-policy: l loan-3w r requests-all n notices-std o fines-daily i lost-std" }
            .Concat(lines.Select(l => l + ": l loan-2w r requests-all n notices-std o fines-daily i lost-std")));
        return bundle;
    }

    [Fact]
    public void Import_ExpansionOverTheLimit_NamesTheLargestLine()
    {
        // 50 groups × 50 material types × 41 loan types: a line testing all three gives 102,500 rules, all written.
        var bundle = Sized(50, 50, 41, "priority: last-line", "m m1", "g !x + m !x + t !x");

        Assert.Equal(["rulesAsText:4:1: the rules would compile to 102,542 rules, more than 100,000; this line alone gives 102,500 (50 groups × 2,050 item policies × 1 place): narrow its criteria, or export fewer records"],
            Problems(bundle));
    }

    [Fact]
    public void Import_LimitCountsTheRulesWrittenAfterCleanUp()
    {
        // §4.5: line 3 expands to 102,500 rules, but line 4 (ranked higher) covers every one of them: the written
        // policy has one rule (the fallback is covered too), far below the limit.
        var bundle = Sized(50, 50, 41, "priority: last-line", "g !x + m !x + t !x", "m all");

        var result = Import(bundle);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        Assert.Equal(["folio-L4"], result.Policy!.Rules.Select(r => r.Id));
        var dropped = result.Report!.Dropped.Single(d => d.Line == 3);
        Assert.Equal([4], dropped.CoveredBy);
    }

    [Fact]
    public void Import_LimitAfterCleanUp_PartlyCoveredLineIsCountedByWhatItKeeps()
    {
        // Line 4 (ranked higher) covers the 2,050 rules of line 3 with m1: 100,450 of its rules are written.
        var bundle = Sized(50, 50, 41, "priority: last-line", "g !x + m !x + t !x", "m m1");

        Assert.Equal(["rulesAsText:3:1: the rules would compile to 100,492 rules, more than 100,000; this line alone gives 100,450 (50 groups × 2,050 item policies × 1 place, less 2,050 that earlier rules cover): narrow its criteria, or export fewer records"],
            Problems(bundle));
    }

    [Fact]
    public void Import_LimitBoundary_100000RulesWrittenAreAccepted_100001Refused()
    {
        // 271 groups × 41 × 9 item policies = 99,999 rules, + the fallback = 100,000.
        var atLimit = Import(Sized(271, 41, 9, "priority: last-line", "g !x + m !x"));
        Assert.True(atLimit.IsValid, string.Join(Environment.NewLine, atLimit.Problems));
        Assert.Equal(100_000, atLimit.Policy!.Rules.Count);

        // One more rule that no earlier rule covers: line 3 (g1 alone) ranks below line 4 and is not covered by it.
        Assert.Equal(["rulesAsText:4:1: the rules would compile to 100,001 rules, more than 100,000; this line alone gives 99,999 (271 groups × 369 item policies × 1 place): narrow its criteria, or export fewer records"],
            Problems(Sized(271, 41, 9, "priority: last-line", "g g1", "g !x + m !x")));
    }

    [Fact]
    public void Import_ExpansionOverTheSafetyBound_IsRefusedBeforeCleanUp()
    {
        // 100 × 100 × 101 = 1,010,000 rules before clean-up: more than the import checks, whatever would be covered.
        var bundle = Sized(100, 100, 101, "priority: last-line", "g !x + m !x + t !x", "m all");

        Assert.Equal(["rulesAsText:3:1: the rules would expand to 1,010,002 rules before the rules that earlier rules cover are left out, more than the 1,000,000 the import checks; this line alone expands to 1,010,000 (100 groups × 10,100 item policies × 1 place): narrow its criteria, or export fewer records"],
            Problems(bundle));
    }

    [Theory]
    [InlineData("loanPolicies", "loansPolicy", "perod", "loanPolicies[0].loansPolicy.perod: unknown field")]
    [InlineData("usergroups", null, "colour", "usergroups[0].colour: unknown field")]
    [InlineData("locations", null, "floor", "locations[0].floor: unknown field")]
    [InlineData("overdueFinePolicies", "overdueFine", "per", "overdueFinePolicies[0].overdueFine.per: unknown field")]
    public void Import_UnknownField_IsAnError(string key, string? objectName, string field, string expected)
    {
        var bundle = Export();
        var target = objectName is null ? bundle.Record(key) : bundle.Record(key)[objectName]!.AsObject();
        target[field] = 1;

        Assert.Equal([expected], Problems(bundle));
    }

    [Fact]
    public void Import_UnusedPolicyWithUnknownField_IsAnErrorButNotMapped()
    {
        var bundle = Export();
        bundle["loanPolicies"]!.AsArray().Add(JsonNode.Parse("""{ "id": "loan-old", "name": "Old", "loanable": true, "loansPolicy": { "profileId": "Fixed", "colour": "red" } }"""));

        // The Fixed profile of a policy no rule uses is not mapped, so it is no error; the unknown field is.
        Assert.Equal(["loanPolicies[2].loansPolicy.colour: unknown field"], Problems(bundle));
    }

    [Fact]
    public void Import_IdsMissingOrRepeated_AreErrors()
    {
        var bundle = Export();
        bundle.Record("mtypes", 1)["id"] = "book";
        bundle.Record("requestPolicies").Remove("id");
        bundle["loanPolicies"]!.AsArray().Add(JsonNode.Parse("""{ "id": "loan-2w", "name": "Again", "loanable": false }"""));

        Assert.Equal(
        [
            "mtypes[1].id: duplicate id 'book' (also mtypes[0])",
            "loanPolicies[2].id: duplicate id 'loan-2w' (also loanPolicies[1])",
            "requestPolicies[0].id: is required",
            "rulesAsText:2:30: no request policy has id 'requests-all'",
            "rulesAsText:4:21: no request policy has id 'requests-all'",
            "rulesAsText:5:30: no request policy has id 'requests-all'",
        ], Problems(bundle));
    }

    [Fact]
    public void Import_OptionalPartsWithRepeatedIds_AreErrors()
    {
        var bundle = Export();
        bundle["servicepoints"]!.AsArray().Add(JsonNode.Parse("""{ "id": "sp-1", "name": "Again", "code": "CD2", "discoveryDisplayName": "Again" }"""));
        bundle["patronBlockLimits"] = JsonNode.Parse("""
            [ { "id": "pbl-1", "patronGroupId": "undergrad", "conditionId": "3d7c52dc-c732-4223-8bf8-e5917801386f", "value": 10 },
              { "id": "pbl-1", "patronGroupId": "g-faculty", "conditionId": "3d7c52dc-c732-4223-8bf8-e5917801386f", "value": 20 } ]
            """);

        Assert.Equal(
        [
            "servicepoints[1].id: duplicate id 'sp-1' (also servicepoints[0])",
            "patronBlockLimits[1].id: duplicate id 'pbl-1' (also patronBlockLimits[0])",
        ], Problems(bundle));
    }

    [Fact]
    public void Import_RequiredFieldsOfTrimmedExports_AreNamed()
    {
        var bundle = Export();
        bundle.Record("usergroups").Remove("group");
        bundle.Record("locations").Remove("libraryId");
        bundle.Record("loclibs").Remove("code");
        bundle.Record("loccamps").Remove("institutionId");
        bundle.Record("locinsts").Remove("code");
        bundle.Record("loanPolicies", 1).Remove("loanable");
        bundle.Record("lostItemFeePolicies").Remove("name");
        bundle["settings"]!.AsObject().Remove("libraryHours");

        Assert.Equal(
        [
            "usergroups[0].group: is required",
            "locinsts[0].code: is required",
            "loccamps[0].institutionId: is required",
            "loclibs[0].code: is required",
            "locations[0].libraryId: is required",
            "loanPolicies[1].loanable: is required",
            "lostItemFeePolicies[0].name: is required",
        ], Problems(bundle));
    }

    [Fact]
    public void Import_ParentIdOfNoRecord_IsAnError()
    {
        var bundle = Export();
        bundle.Record("locations")["libraryId"] = "lib-9";
        bundle.Record("loclibs")["campusId"] = "camp-9";

        Assert.Equal(
        [
            "loclibs[0].campusId: no campus of the export has id 'camp-9'",
            "locations[0].libraryId: no library of the export has id 'lib-9'",
        ], Problems(bundle));
    }

    [Fact]
    public void Import_FixedProfile_IsAnError()
    {
        var bundle = Export();
        bundle.Record("loanPolicies")["loansPolicy"]!["profileId"] = "Fixed";

        Assert.Equal(["loanPolicies[0].loansPolicy.profileId: 'Fixed' has no equivalent: due dates from a fixed due date schedule cannot be imported, only 'Rolling' loan periods"], Problems(bundle));
    }

    [Fact]
    public void Import_LoanDurationZero_IsAnError()
    {
        var bundle = Export();
        bundle.Record("loanPolicies", 1)["loansPolicy"]!["period"]!["duration"] = 0;

        Assert.Equal(["loanPolicies[1].loansPolicy.period.duration: the duration \"0\" is invalid: FOLIO refuses every check-out with this policy"], Problems(bundle));
    }

    [Theory]
    [InlineData("month")]
    [InlineData("year")]
    public void Import_FineIntervalMonthOrYear_IsAnError(string interval)
    {
        var bundle = Export();
        bundle.Record("overdueFinePolicies")["overdueRecallFine"]!["intervalId"] = interval;

        Assert.Equal([$"overdueFinePolicies[0].overdueRecallFine.intervalId: '{interval}' has no equivalent (minute, hour, day, week)"], Problems(bundle));
    }

    [Fact]
    public void Import_YearsInALostItemPeriod_IsAnError()
    {
        var bundle = Export();
        bundle.Record("lostItemFeePolicies")["feesFinesShallRefunded"]!["intervalId"] = "Years";

        Assert.Equal(["lostItemFeePolicies[0].feesFinesShallRefunded.intervalId: 'Years' has no equivalent here: mod-circulation's Period has no Years case and adds the duration as minutes"], Problems(bundle));
    }

    [Fact]
    public void Import_NegativeOrOverPreciseAmounts_AreErrors()
    {
        var bundle = Export();
        bundle.Record("overdueFinePolicies")["maxOverdueFine"] = -5;
        bundle.Record("overdueFinePolicies")["overdueFine"]!["quantity"] = 0.125;
        bundle.Record("lostItemFeePolicies")["lostItemProcessingFee"] = 2.505;

        Assert.Equal(
        [
            "overdueFinePolicies[0].overdueFine.quantity: 0.125 has more than 2 decimals",
            "overdueFinePolicies[0].maxOverdueFine: -5 is negative",
            "lostItemFeePolicies[0].lostItemProcessingFee: 2.505 has more than 2 decimals",
        ], Problems(bundle));
    }

    [Fact]
    public void Import_NonIntegerRenewals_IsAnError()
    {
        var bundle = Export();
        bundle.Record("loanPolicies")["renewalsPolicy"]!["numberAllowed"] = 2.5;

        Assert.Equal(["loanPolicies[0].renewalsPolicy.numberAllowed: 2.5 is not a whole number of renewals, 0 or more"], Problems(bundle));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-1)]
    public void Import_NonIntegerRenewalsOfANonRenewablePolicy_IsAnError(double allowed)
    {
        // §5.1 "integer ≥ 0, else error" and §6 "non-integer numberAllowed": whatever renewable says.
        var bundle = Export();
        bundle.Record("loanPolicies")["renewable"] = false;
        bundle.Record("loanPolicies")["renewalsPolicy"]!["numberAllowed"] = allowed;

        Assert.Equal([$"loanPolicies[0].renewalsPolicy.numberAllowed: {allowed.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a whole number of renewals, 0 or more"], Problems(bundle));
    }

    [Fact]
    public void Import_UnknownFieldInTheRenewalsOfANonRenewablePolicy_IsAnError()
    {
        var bundle = Export();
        bundle.Record("loanPolicies")["renewable"] = false;
        bundle.Record("loanPolicies")["renewalsPolicy"]!["numberAlowed"] = 2;

        Assert.Equal(["loanPolicies[0].renewalsPolicy.numberAlowed: unknown field"], Problems(bundle));
    }

    [Fact]
    public void Import_TimeZoneUnknownOrMissing_IsAnError()
    {
        var bundle = Export();
        bundle["settings"]!["timeZone"] = "Mars/Olympus_Mons";
        Assert.Equal(["settings.timeZone: 'Mars/Olympus_Mons' is not a time zone id"], Problems(bundle));

        Assert.Equal(["timeZone: 'Nowhere' is not a time zone id"],
            FolioImporter.ImportBundle(Export().ToJsonString(), new FolioImportOptions("Nowhere")).Problems.Select(p => p.ToString()));

        bundle["settings"]!.AsObject().Remove("timeZone");
        Assert.Equal(["settings.timeZone: is required: give the tenant's time zone (e.g. America/New_York) in the export's settings, or as the timeZone option (circ import-folio --time-zone)"], Problems(bundle));
        Assert.True(FolioImporter.ImportBundle(bundle.ToJsonString(), new FolioImportOptions("Europe/Copenhagen")).IsValid);
    }

    [Fact]
    public void Import_BundleMissingAPart_NamesIt()
    {
        var bundle = Export();
        bundle.Remove("loclibs");
        bundle["extra"] = 1;

        Assert.Equal(
        [
            "extra: unknown field",
            "loclibs: is required",
            "locations[0].libraryId: no library of the export has id 'lib-1'",
            "settings.libraryHours.ML: no library of the export has code 'ML'",
        ], Problems(bundle));
    }

    [Fact]
    public void Import_LibraryHoursForNoLibrary_IsAnError()
    {
        var bundle = Export();
        bundle["settings"]!["libraryHours"]!["XX"] = new JsonObject { ["hours"] = new JsonObject { ["monday"] = new JsonArray("09:00", "08:00") } };

        Assert.Equal(["settings.libraryHours.XX: no library of the export has code 'XX'"], Problems(bundle));
    }

    [Fact]
    public void Import_LibraryHoursInThePolicyFormat_ProblemsAsInPolicyFiles()
    {
        var bundle = Export();
        bundle["settings"]!["libraryHours"]!["ML"]!["hours"]!["monday"] = new JsonArray("09:00");

        Assert.Equal(["settings.libraryHours.ML.hours.monday: expected [] (closed all day) or [open, close]"], Problems(bundle));
    }

    [Fact]
    public void ImportFolder_MissingFileAndBadJson_NamedByFile()
    {
        using var folder = new Cli.TempFolder();
        folder.Write("circulation-rules.json", "{ \"rulesAsText\": \"priority: last-line\" ");
        folder.Write("loan-policies.json", "{ \"loanPolicies\": [], \"totalRecords\": 0, \"extra\": 1 }");

        var problems = FolioImporter.ImportFolder(folder.Path, new FolioImportOptions("UTC")).Problems.Select(p => p.ToString()).ToList();

        Assert.StartsWith("circulation-rules.json, line 1, column ", problems[0], StringComparison.Ordinal);
        Assert.Contains("loan-policies.json: unknown field 'extra': the file should hold the body of GET /loan-policy-storage/loan-policies", problems);
        Assert.Contains("request-policies.json: no such file in the folder: it holds the body of GET /request-policy-storage/request-policies", problems);
        Assert.Contains("institutions.json: no such file in the folder: it holds the body of GET /location-units/institutions", problems);
        Assert.DoesNotContain(problems, p => p.StartsWith("service-points.json", StringComparison.Ordinal));
    }

    [Fact]
    public void ImportFolder_BadJsonAfterAccentedLetters_ColumnCountsCharacters()
    {
        using var folder = new Cli.TempFolder();
        folder.Write("circulation-rules.json", "{ \"rulesAsText\": \"é\",, }");

        var problems = FolioImporter.ImportFolder(folder.Path, new FolioImportOptions("UTC")).Problems.Select(p => p.ToString()).ToList();

        // The second comma is the 22nd character of the line (and its 23rd byte: é takes two in UTF-8).
        Assert.StartsWith("circulation-rules.json, line 1, column 22:", problems[0], StringComparison.Ordinal);
    }
}
