using System.Text.Json.Nodes;
using Harvard.Circulation.Formats.Folio;

namespace Harvard.Circulation.Tests.Folio;

/// <summary>
/// A small valid FOLIO bundle that imports without approximations but the ones no export can avoid (A19 with no
/// service points is avoided too): one loan policy of each shape the tests change, a library with hours. Tests
/// change one field and look at the problem or approximation it gives.
/// </summary>
internal static class FolioExportFixture
{
    public const string Rules = """
        priority: t, s, c, b, a, m, g
        fallback-policy: l loan-3w r requests-all n notices-std o fines-daily i lost-std
        # Books
        m book: l loan-3w r requests-all n notices-std o fines-daily i lost-std
            g undergrad: l loan-2w r requests-all n notices-std o fines-daily i lost-std
        """;

    private const string Bundle = """
        {
          "rulesAsText": "",
          "loanPolicies": [
            { "id": "loan-3w", "name": "Three weeks", "loanable": true,
              "loansPolicy": { "profileId": "Rolling", "period": { "duration": 3, "intervalId": "Weeks" },
                               "closedLibraryDueDateManagementId": "END_OF_THE_NEXT_OPEN_DAY",
                               "gracePeriod": { "duration": 2, "intervalId": "Hours" } },
              "renewable": true,
              "renewalsPolicy": { "unlimited": false, "numberAllowed": 2, "renewFromId": "SYSTEM_DATE", "differentPeriod": false },
              "requestManagement": { "recalls": { "recallReturnInterval": { "duration": 7, "intervalId": "Days" },
                                                  "minimumGuaranteedLoanPeriod": { "duration": 14, "intervalId": "Days" } } } },
            { "id": "loan-2w", "name": "Two weeks", "loanable": true,
              "loansPolicy": { "profileId": "Rolling", "period": { "duration": 2, "intervalId": "Weeks" } },
              "renewable": false }
          ],
          "requestPolicies": [
            { "id": "requests-all", "name": "All requests", "requestTypes": [ "Hold", "Page", "Recall" ] }
          ],
          "patronNoticePolicies": [
            { "id": "notices-std", "name": "Standard notices", "active": true,
              "loanNotices": [
                { "templateId": "t1", "format": "Email", "realTime": false, "frequency": "One time",
                  "sendOptions": { "sendHow": "Before", "sendWhen": "Due date", "sendBy": { "duration": 3, "intervalId": "Days" } } },
                { "templateId": "t2", "format": "Email", "realTime": false, "frequency": "One time",
                  "sendOptions": { "sendHow": "After", "sendWhen": "Due date", "sendBy": { "duration": 1, "intervalId": "Days" } } }
              ],
              "feeFineNotices": [
                { "templateId": "t3", "format": "Email", "realTime": true, "sendOptions": { "sendHow": "Upon At", "sendWhen": "Overdue fine returned" } }
              ],
              "requestNotices": [
                { "templateId": "t4", "format": "Email", "realTime": true, "sendOptions": { "sendHow": "Upon At", "sendWhen": "Available" } },
                { "templateId": "t5", "format": "Email", "realTime": true, "sendOptions": { "sendHow": "Upon At", "sendWhen": "Request cancellation" } }
              ] }
          ],
          "overdueFinePolicies": [
            { "id": "fines-daily", "name": "Daily fines", "overdueFine": { "quantity": 0.25, "intervalId": "day" }, "maxOverdueFine": 5,
              "countClosed": true, "forgiveOverdueFine": true,
              "overdueRecallFine": { "quantity": 1, "intervalId": "day" }, "maxOverdueRecallFine": 20, "gracePeriodRecall": true }
          ],
          "lostItemFeePolicies": [
            { "id": "lost-std", "name": "Standard lost", "itemAgedLostOverdue": { "duration": 6, "intervalId": "Weeks" },
              "recalledItemAgedLostOverdue": { "duration": 6, "intervalId": "Weeks" },
              "chargeAmountItem": { "chargeType": "anotherCost", "amount": 80 }, "lostItemProcessingFee": 15,
              "chargeAmountItemPatron": true, "chargeAmountItemSystem": true, "returnedLostItemProcessingFee": true,
              "feesFinesShallRefunded": { "duration": 6, "intervalId": "Months" }, "lostItemReturned": "Remove" }
          ],
          "usergroups": [ { "id": "g-faculty", "group": "faculty", "desc": "Faculty" }, { "id": "undergrad", "group": "undergrad", "desc": "Undergraduate" } ],
          "mtypes": [ { "id": "book", "name": "book" }, { "id": "dvd", "name": "dvd" } ],
          "loantypes": [ { "id": "lt-circ", "name": "Can circulate" } ],
          "locinsts": [ { "id": "inst-1", "code": "KU", "name": "Kopenhavn University" } ],
          "loccamps": [ { "id": "camp-1", "code": "MC", "name": "Main Campus", "institutionId": "inst-1" } ],
          "loclibs": [ { "id": "lib-1", "code": "ML", "name": "Main Library", "campusId": "camp-1" } ],
          "locations": [ { "id": "loc-1", "code": "ML-STACKS", "name": "Stacks", "libraryId": "lib-1" } ],
          "servicepoints": [ { "id": "sp-1", "name": "Circulation desk", "code": "CD", "discoveryDisplayName": "Circ desk", "pickupLocation": true,
                               "holdShelfExpiryPeriod": { "duration": 10, "intervalId": "Days" } } ],
          "settings": { "timeZone": "Europe/Copenhagen", "currency": "DKK",
                        "libraryHours": { "ML": { "hours": { "saturday": [], "sunday": [] } } } }
        }
        """;

    /// <summary>A fresh copy of the bundle, to change.</summary>
    public static JsonObject Export()
    {
        var bundle = JsonNode.Parse(Bundle)!.AsObject();
        bundle["rulesAsText"] = Rules.ReplaceLineEndings("\n");
        return bundle;
    }

    public static FolioImportResult Import(JsonObject bundle, bool strict = false) =>
        FolioImporter.ImportBundle(bundle.ToJsonString(), new FolioImportOptions(strict: strict));

    /// <summary>The problems of a bundle that should be rejected, as <c>path: message</c>.</summary>
    public static List<string> Problems(JsonObject bundle)
    {
        var result = Import(bundle);
        Assert.False(result.IsValid, "the export should be rejected");
        return result.Problems.Select(p => p.ToString()).ToList();
    }

    /// <summary>The report of a bundle that should be imported.</summary>
    public static FolioImportReport Report(JsonObject bundle)
    {
        var result = Import(bundle);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Problems));
        return result.Report!;
    }

    public static JsonObject Record(this JsonObject bundle, string key, int index = 0) => bundle[key]![index]!.AsObject();
}
