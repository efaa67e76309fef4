namespace Harvard.Circulation.Tests.Testing;

/// <summary>Scenarios the Testing tests share.</summary>
public static class ScenarioFixtures
{
    /// <summary>The example of docs/scenarios.md: an external special borrower claims Middlemarch returned, then it is found.</summary>
    public const string ClaimedReturn = """
        {
          "format": 1,
          "name": "Claimed return suspends overdue fines",
          "policy": "harvard-default",
          "patrons": [
            { "id": "10000001", "group": "25", "recordType": "external", "name": "Ada Lovelace",
              "identifiers": [ { "type": "barcode", "value": "21234000001" } ] }
          ],
          "items": [
            { "barcode": "32044000000001", "title": "Middlemarch", "itemPolicy": "regular",
              "library": "WID", "location": "STACKS", "replacementCost": "45.00" }
          ],
          "events": [
            { "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000001" },
            { "at": "2026-02-10T09:00:00-05:00", "type": "claimReturned", "item": "32044000000001" },
            { "at": "2026-02-20T09:00:00-05:00", "type": "markFound", "item": "32044000000001" }
          ],
          "asOf": "2026-03-01T00:00:00-05:00"
        }
        """;

    /// <summary>A faculty member borrows a 3-hour reserve, returns it late, renews a returned loan (refused) and is charged.</summary>
    public const string LateReserve = """
        {
          "format": 1,
          "name": "Late 3-hour reserve",
          "policy": "harvard-default",
          "patrons": [ { "id": "10000002", "group": "21" } ],
          "items": [
            { "barcode": "32044000000002", "title": "Organic Chemistry", "itemPolicy": "reserve-3h", "library": "WID" }
          ],
          "events": [
            { "at": "2026-01-06T10:00:00-05:00", "type": "checkOut", "patron": "10000002", "item": "32044000000002" },
            { "at": "2026-01-06T17:30:00-05:00", "type": "checkIn", "item": "32044000000002" },
            { "at": "2026-01-06T17:31:00-05:00", "type": "renew", "item": "32044000000002" },
            { "at": "2026-01-07T09:00:00-05:00", "type": "charge", "patron": "10000002", "feeType": "damagedItemFine", "amount": "12.00", "title": "Organic Chemistry" }
          ],
          "asOf": "2026-01-10T00:00:00-05:00"
        }
        """;
}
