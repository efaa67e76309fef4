using System.Text.Json.Nodes;
using Harvard.Circulation.Formats.Folio;
using Harvard.Circulation.Policies;
using NodaTime;
using static Harvard.Circulation.Tests.Folio.FolioExportFixture;

namespace Harvard.Circulation.Tests.Folio;

/// <summary>Every approximation of spec §7 is reported at its path, with its code; <c>--strict</c> refuses them.</summary>
public sealed partial class FolioImporterTests
{
    private static readonly Dictionary<string, (Action<JsonObject> Change, string Path)> Changes = new()
    {
        ["A1"] = (b => LoansPolicy(b)["closedLibraryDueDateManagementId"] = "END_OF_THE_CURRENT_SERVICE_POINT_HOURS",
            "loanPolicies[0].loansPolicy.closedLibraryDueDateManagementId"),
        ["A2"] = (b =>
        {
            LoansPolicy(b)["closedLibraryDueDateManagementId"] = "BEGINNING_OF_THE_NEXT_OPEN_SERVICE_POINT_HOURS";
            LoansPolicy(b)["openingTimeOffset"] = Period(15, "Minutes");
        }, "loanPolicies[0].loansPolicy.openingTimeOffset"),
        ["A3"] = (b => LoansPolicy(b)["fixedDueDateScheduleId"] = "fdds-1", "loanPolicies[0].loansPolicy.fixedDueDateScheduleId"),
        ["A4"] = (b => LoansPolicy(b)["itemLimit"] = 5, "loanPolicies[0].loansPolicy.itemLimit"),
        ["A5"] = (b => LoansPolicy(b)["forUseAtLocation"] = true, "loanPolicies[0].loansPolicy.forUseAtLocation"),
        ["A6"] = (b => b.Record("loanPolicies")["renewalsPolicy"]!["renewFromId"] = "CURRENT_DUE_DATE", "loanPolicies[0].renewalsPolicy.renewFromId"),
        ["A7"] = (b => Recalls(b)["allowRecallsToExtendOverdueLoans"] = true, "loanPolicies[0].requestManagement.recalls.allowRecallsToExtendOverdueLoans"),
        ["A8"] = (b => b.Record("loanPolicies")["requestManagement"]!["holds"] = new JsonObject { ["alternateCheckoutLoanPeriod"] = Period(1, "Weeks") },
            "loanPolicies[0].requestManagement.holds.alternateCheckoutLoanPeriod"),
        ["A9"] = (b => b.Record("loanPolicies")["requestManagement"]!["holds"] = new JsonObject { ["renewItemsWithRequest"] = true },
            "loanPolicies[0].requestManagement.holds.renewItemsWithRequest"),
        ["A10"] = (b => b.Record("overdueFinePolicies")["countClosed"] = null, "overdueFinePolicies[0].countClosed"),
        ["A11"] = (b => b.Record("overdueFinePolicies")["reminderFeesPolicy"] = JsonNode.Parse("""{ "countClosed": true, "reminderSchedule": [ { "interval": 1, "timeUnitId": "week", "reminderFee": 2, "noticeFormat": "Email", "noticeTemplateId": "t9" } ] }"""),
            "overdueFinePolicies[0].reminderFeesPolicy.reminderSchedule"),
        ["A12"] = (b => b.Record("lostItemFeePolicies").Remove("recalledItemAgedLostOverdue"), "lostItemFeePolicies[0].recalledItemAgedLostOverdue"),
        ["A13"] = (b => b.Record("lostItemFeePolicies")["patronBilledAfterAgedLost"] = Period(3, "Days"), "lostItemFeePolicies[0].patronBilledAfterAgedLost"),
        ["A14"] = (b => b.Record("lostItemFeePolicies")["chargeAmountItem"] = new JsonObject { ["chargeType"] = "actualCost" }, "lostItemFeePolicies[0].chargeAmountItem.chargeType"),
        ["A15"] = (b => b.Record("lostItemFeePolicies")["chargeAmountItemSystem"] = false, "lostItemFeePolicies[0].chargeAmountItemSystem"),
        ["A16"] = (b => b.Record("lostItemFeePolicies")["lostItemReturned"] = "Charge", "lostItemFeePolicies[0].lostItemReturned"),
        ["A17"] = (b => b.Record("lostItemFeePolicies")["replacementAllowed"] = true, "lostItemFeePolicies[0].replacementAllowed"),
        ["A18"] = (b => b.Record("requestPolicies")["requestTypes"] = new JsonArray("Hold"), "requestPolicies[0].requestTypes"),
        ["A19"] = (b => b["servicepoints"]!.AsArray().Add(JsonNode.Parse("""{ "id": "sp-2", "name": "Branch", "code": "BR", "discoveryDisplayName": "Branch", "pickupLocation": true, "holdShelfExpiryPeriod": { "duration": 5, "intervalId": "Days" } }""")),
            "servicepoints"),
        ["A20"] = (b => b.Record("patronNoticePolicies")["loanNotices"]![0]!["frequency"] = "Recurring", "patronNoticePolicies[0].loanNotices[0].frequency"),
        ["A21"] = (b => b.Record("patronNoticePolicies")["requestNotices"]!.AsArray().RemoveAt(0), "patronNoticePolicies[0].requestNotices"),
        ["A22"] = (b => b["patronBlockLimits"] = JsonNode.Parse("""[ { "id": "pbl-1", "patronGroupId": "undergrad", "conditionId": "584fbd4f-6a34-4730-a6ca-73a6a6a9d845", "value": 3 } ]"""),
            "patronBlockLimits[0]"),
        ["A23"] = (b => b["settings"]!.AsObject().Remove("libraryHours"), "loclibs[0]"),
        ["A24"] = (b =>
        {
            b["requestPolicies"]!.AsArray().Add(JsonNode.Parse("""{ "id": "holds-only", "name": "Holds and pages", "requestTypes": [ "Hold", "Page" ] }"""));
            b["rulesAsText"] = Rules.ReplaceLineEndings("\n").Replace("l loan-2w r requests-all", "l loan-2w r holds-only", StringComparison.Ordinal);
        }, "requestPolicies"),
    };

    public static TheoryData<string> Codes() => new(Changes.Keys);

    [Theory]
    [MemberData(nameof(Codes))]
    public void Import_Approximation_ReportedAtItsPath(string code)
    {
        var bundle = Export();
        var (change, path) = Changes[code];
        change(bundle);

        var report = Report(bundle);

        Assert.Contains(report.Approximations, a => a.Code == code && a.Path == path);
        Assert.All(report.Approximations, a => Assert.False(string.IsNullOrWhiteSpace(a.Message)));
    }

    [Fact]
    public void Import_EveryApproximationCode_HasAChange() =>
        Assert.Equal(Enumerable.Range(1, 24).Select(i => $"A{i}"), Changes.Keys.OrderBy(k => int.Parse(k[1..], System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Import_Strict_ApproximationsAreErrorsAndNothingIsImported()
    {
        var bundle = Export();
        Changes["A4"].Change(bundle);
        Changes["A7"].Change(bundle);

        var result = Import(bundle, strict: true);

        Assert.False(result.IsValid);
        Assert.Null(result.Report);
        Assert.Equal(
        [
            "loanPolicies[0].loansPolicy.itemLimit: the item limit of 5 per patron for the items this rule matches is dropped [A4; an error under --strict]",
            "loanPolicies[0].requestManagement.recalls.allowRecallsToExtendOverdueLoans: recalls never extend overdue loans here (FOLIO gives them the alternate recall return interval) [A7; an error under --strict]",
        ], result.Problems.Select(p => p.ToString()));
        Assert.True(Import(Export(), strict: true).IsValid);
    }

    [Fact]
    public void Import_Approximations_WriteWhatTheyDescribe()
    {
        var bundle = Export();
        Changes["A1"].Change(bundle);
        Changes["A14"].Change(bundle);
        Changes["A15"].Change(bundle);
        Changes["A16"].Change(bundle);
        Changes["A19"].Change(bundle);

        var result = Import(bundle);
        var terms = result.Policy!.FindTermsOfUse("folio-1")!;

        Assert.Equal((DueTime.Exact, ClosedDue.EndOfCurrentHours), (terms.Loan!.DueTime, terms.Loan.ClosedDue));
        Assert.Null(terms.LostItem!.DefaultReplacementFee);
        Assert.Equal("15.00", terms.LostItem.ProcessFee!.Value.ToAmountString());
        Assert.False(terms.LostItem.ForgiveOverdueWhenLost);
        Assert.Equal(NodaTime.Period.FromDays(7), terms.Request.PickupWithin);
    }

    [Fact]
    public void Import_BlockLimits_MapToGroupLimitsOneCentBelowTheBalance()
    {
        var bundle = Export();
        bundle["patronBlockLimits"] = JsonNode.Parse("""
            [ { "id": "pbl-1", "patronGroupId": "undergrad", "conditionId": "3d7c52dc-c732-4223-8bf8-e5917801386f", "value": 10 },
              { "id": "pbl-2", "patronGroupId": "undergrad", "conditionId": "72b67965-5b73-4840-bc0b-be8f3f6e047e", "value": 2 },
              { "id": "pbl-3", "patronGroupId": "undergrad", "conditionId": "cf7a0d5f-a327-4ca1-aa9e-dc55ec006b8a", "value": 25 },
              { "id": "pbl-4", "patronGroupId": "g-faculty", "conditionId": "cf7a0d5f-a327-4ca1-aa9e-dc55ec006b8a", "value": 0 } ]
            """);

        var result = Import(bundle);
        var undergrad = result.Policy!.GetUserGroup("undergrad");
        var faculty = result.Policy.GetUserGroup("faculty");

        Assert.Equal((10, 2, "24.99"), (undergrad.MaxLoans, undergrad.MaxLostItems, undergrad.MaxBalance!.Value.ToAmountString()));
        Assert.False(faculty.MayBorrow);
        Assert.Equal([("patronBlockLimits", "A22")], result.Report!.Approximations.Select(a => (a.Path, a.Code)));
    }

    [Fact]
    public void Import_Fixture_MapsEachPolicyKind()
    {
        var result = Import(Export());
        var policy = result.Policy!;
        var threeWeeks = policy.FindTermsOfUse("folio-1")!;
        var twoWeeks = policy.FindTermsOfUse("folio-2")!;

        Assert.Equal(("DKK", "Europe/Copenhagen"), (policy.Currency, policy.TimeZone.Id));
        Assert.Equal(new LoanTerms(NodaTime.Period.FromWeeks(3), DueTime.EndOfDay, ClosedDue.EndOfNextOpenDay, maxRenewals: 2), threeWeeks.Loan);
        Assert.Equal(new FineRule(policy.Money(0.25m), FineInterval.Day, NodaTime.Period.FromHours(2), policy.Money(5m), countClosed: true, forgiveOnRenewal: true), threeWeeks.OverdueFine);
        Assert.Equal(new FineRule(policy.Money(1m), FineInterval.Day, NodaTime.Period.Zero, policy.Money(20m), countClosed: true, forgiveOnRenewal: true), threeWeeks.RecalledOverdueFine);
        Assert.Equal(new RecallTerms(NodaTime.Period.FromDays(7), NodaTime.Period.FromDays(14)), threeWeeks.Recall);
        Assert.Equal(new LostItemTerms(NodaTime.Period.FromWeeks(6), policy.Money(80m), policy.Money(15m), 100, refundProcessFeeWhenFound: true, NodaTime.Period.FromMonths(6), forgiveOverdueWhenLost: true), threeWeeks.LostItem);
        Assert.Equal(new NoticeTerms(NodaTime.Period.FromDays(3), [NodaTime.Period.FromDays(1)], lostItemBill: false, fineFee: true), threeWeeks.Notices);
        Assert.Equal(NodaTime.Period.FromDays(10), threeWeeks.Request.PickupWithin);
        Assert.Equal(new LoanTerms(NodaTime.Period.FromWeeks(2)), twoWeeks.Loan);
        Assert.Equal(IsoDayOfWeek.Saturday, Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).First(d => policy.FindLibrary("ML")!.Hours[d].IsClosedAllDay));
        Assert.Equal(["book|Can circulate", "dvd|Can circulate"], policy.ItemPolicies.Select(p => p.Code));
        Assert.Equal([("faculty", "Faculty"), ("undergrad", "Undergraduate")], policy.UserGroups.Select(g => (g.Code, g.Name)));
        Assert.Equal(
        [
            ("folio-L5", "undergrad", "book|Can circulate", "folio-2"),
            ("folio-L4", "*", "book|Can circulate", "folio-1"),
            ("folio-fallback", "*", "*", "folio-1"),
        ], policy.Rules.Select(r => (r.Id, r.UserGroup, r.ItemPolicy, r.TermsOfUse)));
        Assert.DoesNotContain(PolicyLinter.Lint(policy), w => w.Code == LintCodes.UnreachableRule);
    }

    [Fact]
    public void Import_NotLoanable_TermsHaveNoLoanAndNothingThatFollowsOne()
    {
        var bundle = Export();
        bundle.Record("loanPolicies", 1)["loanable"] = false;

        var terms = Import(bundle).Policy!.FindTermsOfUse("folio-2")!;

        Assert.Null(terms.Loan);
        Assert.Null(terms.OverdueFine);
        Assert.Null(terms.LostItem);
    }

    [Fact]
    public void Import_RecallNotAllowedByTheRequestPolicy_TermsHaveNoRecall()
    {
        var bundle = Export();
        bundle.Record("requestPolicies")["requestTypes"] = new JsonArray("Hold", "Page");

        Assert.Null(Import(bundle).Policy!.FindTermsOfUse("folio-1")!.Recall);
    }

    [Fact]
    public void Import_RenewFromMissing_NoRenewalsAndANote()
    {
        var bundle = Export();
        bundle.Record("loanPolicies")["renewalsPolicy"]!.AsObject().Remove("renewFromId");

        var result = Import(bundle);

        Assert.Equal(0, result.Policy!.FindTermsOfUse("folio-1")!.Loan!.MaxRenewals);
        Assert.Contains(result.Report!.Notes, n => n.Path == "loanPolicies[0].renewalsPolicy.renewFromId" && n.Message.Contains("cannot determine when to renew from", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_CodesThatCannotServe_ReplacedByIdsWithANote()
    {
        var bundle = Export();
        bundle["loclibs"]!.AsArray().Add(JsonNode.Parse("""{ "id": "lib-2", "code": "ML", "campusId": "camp-1" }"""));
        bundle.Record("mtypes", 1)["name"] = "dvd|blu-ray";
        var hours = bundle["settings"]!["libraryHours"]!.AsObject();
        var mainLibrary = hours["ML"]!;
        hours.Remove("ML");
        hours["lib-1"] = mainLibrary; // opening hours go by our library code

        var result = Import(bundle);

        Assert.Equal(["lib-1", "lib-2"], result.Policy!.Libraries.Select(l => l.Code));
        Assert.Contains("dvd|Can circulate", result.Policy.ItemPolicies.Select(p => p.Code));
        Assert.Contains(result.Report!.Notes, n => n.Path == "loclibs[0].code" && n.Message == "the library code 'ML' is shared with another record of the same kind: the record's id 'lib-1' is its code instead");
        Assert.Contains(result.Report.Notes, n => n.Path == "mtypes[1].name" && n.Message.StartsWith("the material type name 'dvd|blu-ray' holds '|'", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_UnusedPolicies_Listed()
    {
        var bundle = Export();
        bundle["overdueFinePolicies"]!.AsArray().Add(JsonNode.Parse("""{ "id": "fines-none", "name": "No fines" }"""));

        Assert.Equal([new FolioUnusedRecord("overdueFinePolicies[1]", "fines-none")], Report(bundle).Unused);
    }

    [Theory]
    [InlineData("m book")] // covered by line 4, which FOLIO ranks higher (last-line)
    [InlineData("m no-such-type")] // matches no exported record
    public void Import_PolicyNamedOnlyByALeftOutLine_IsValidated(string criteria)
    {
        // §2: only policies named by the rules are mapped and validated — every rule line, kept or not.
        var bundle = Export();
        bundle["loanPolicies"]!.AsArray().Add(JsonNode.Parse("""{ "id": "loan-fixed", "name": "Fixed", "loanable": true, "loansPolicy": { "profileId": "Fixed", "period": { "duration": 1, "intervalId": "Weeks" } } }"""));
        bundle["rulesAsText"] = $"priority: last-line\nfallback-policy: l loan-3w r requests-all n notices-std o fines-daily i lost-std\n{criteria}: l loan-fixed r requests-all n notices-std o fines-daily i lost-std\nm book: l loan-2w r requests-all n notices-std o fines-daily i lost-std";

        Assert.Equal(["loanPolicies[2].loansPolicy.profileId: 'Fixed' has no equivalent: due dates from a fixed due date schedule cannot be imported, only 'Rolling' loan periods"], Problems(bundle));
    }

    [Fact]
    public void Import_TupleOfALeftOutLineOnly_HasTermsAndItsPoliciesAreNotUnused()
    {
        // §4.4: one terms of use per distinct tuple of the text, in order of first appearance; §2: a policy a line
        // names is not unused, even when the line never matches.
        var bundle = Export();
        bundle["loanPolicies"]!.AsArray().Add(JsonNode.Parse("""{ "id": "loan-1w", "name": "One week", "loanable": true, "loansPolicy": { "profileId": "Rolling", "period": { "duration": 1, "intervalId": "Weeks" } } }"""));
        var lines = Rules.ReplaceLineEndings("\n").Split('\n').ToList();
        lines.Insert(3, "m no-such-type: l loan-1w r requests-all n notices-std o fines-daily i lost-std");
        bundle["rulesAsText"] = string.Join('\n', lines);

        var result = Import(bundle);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        var report = result.Report!;
        Assert.Equal(["folio-1", "folio-2", "folio-3"], report.Terms.Select(t => t.Id));
        Assert.Equal(["loan-3w", "loan-1w", "loan-2w"], report.Terms.Select(t => t.LoanPolicy));
        Assert.Equal(["folio-1", "folio-3"], result.Policy!.Rules.Select(r => r.TermsOfUse).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(NodaTime.Period.FromWeeks(1), result.Policy.FindTermsOfUse("folio-2")!.Loan!.Period);
        Assert.Contains(report.Dropped, d => d.Line == 4);
        Assert.Empty(report.Unused);
    }

    [Fact]
    public void Import_RuleIds_NumberTheLineExpansionBeforeCleanUp()
    {
        // §4.3: folio-L{line}-{k} "when a line expands to several", k from 1 over the line's expansion. Line 4 expands
        // to two rules (faculty, undergrad); line 6 (g undergrad under m book, ranked higher) covers the second.
        var bundle = Export();
        var lines = Rules.ReplaceLineEndings("\n").Split('\n').ToList();
        lines.Insert(3, "g !nobody + m book: l loan-3w r requests-all n notices-std o fines-daily i lost-std");
        bundle["rulesAsText"] = string.Join('\n', lines);

        var result = Import(bundle);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        Assert.Equal(
        [
            ("folio-L6", "undergrad"),
            ("folio-L4-1", "faculty"),
            ("folio-L5", "*"),
            ("folio-fallback", "*"),
        ], result.Policy!.Rules.Select(r => (r.Id, r.UserGroup)));
        Assert.Contains(result.Report!.Dropped, d => d.Line == 4 && d.CoveredBy.SequenceEqual([6]));
    }

    private static JsonObject LoansPolicy(JsonObject bundle) => bundle.Record("loanPolicies")["loansPolicy"]!.AsObject();

    private static JsonObject Recalls(JsonObject bundle) => bundle.Record("loanPolicies")["requestManagement"]!["recalls"]!.AsObject();

    private static JsonObject Period(int duration, string interval) => new() { ["duration"] = duration, ["intervalId"] = interval };
}
