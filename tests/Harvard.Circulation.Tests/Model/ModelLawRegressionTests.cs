using Harvard.Circulation.Formats.Scenarios;

namespace Harvard.Circulation.Tests.Model;

/// <summary>
/// Minimal scenarios of the engine bugs the model law found (now fixed), each checking the values the specs
/// settle and that the engine's report equals the model's.
/// </summary>
public class ModelLawRegressionTests
{
    /// <summary>domain.md §3 (amended point 4): "The grace is its length in minutes (PT1H = 60), whatever the
    /// library's hours: while the overdue minutes are at most the grace's length nothing is charged ... or with
    /// graceDeducted only the minutes past the grace's length." Due Friday 17:00 at closing; L1 back Saturday
    /// 11:00 after 60 open minutes (within the hour of grace: nothing), L2 back at 11:30 after 90 open minutes
    /// (graceDeducted: 30 minutes, one started hour, 3.00). The engine once counted the grace as the open minutes
    /// between due and due + PT1H (none, as the library is closed then), so it charges L1 3.00 and L2 6.00.</summary>
    public const string GraceInOpenMinutes = """
        {
          "format": 1,
          "name": "Grace with closed time left out is the grace's length in open minutes",
          "policy": {
            "format": 1, "timeZone": "America/New_York",
            "userGroups": [ { "code": "25", "name": "Special Borrower" } ],
            "itemPolicies": [ { "code": "reserve", "name": "Reserve" } ],
            "libraries": [ { "code": "WID", "hours": { "friday": ["09:00", "17:00"], "saturday": ["10:00", "17:00"], "sunday": [] } } ],
            "termsOfUse": [ { "id": "reserve", "loan": { "period": "PT3H", "dueTime": "exact", "closedDue": "endOfCurrentHours" },
              "overdueFine": { "amount": "3.00", "per": "hour", "grace": "PT1H", "countClosed": false, "graceDeducted": true } } ],
            "rules": [ { "id": "reserve", "termsOfUse": "reserve" } ]
          },
          "patrons": [ { "id": "10000001", "group": "25" } ],
          "items": [ { "barcode": "1", "itemPolicy": "reserve", "library": "WID" }, { "barcode": "2", "itemPolicy": "reserve", "library": "WID" } ],
          "events": [
            { "at": "2026-02-06T14:30:00-05:00", "type": "checkOut", "patron": "10000001", "item": "1" },
            { "at": "2026-02-06T14:30:00-05:00", "type": "checkOut", "patron": "10000001", "item": "2" },
            { "at": "2026-02-07T11:00:00-05:00", "type": "checkIn", "item": "1" },
            { "at": "2026-02-07T11:30:00-05:00", "type": "checkIn", "item": "2" }
          ],
          "asOf": "2026-02-08T00:00:00-05:00"
        }
        """;

    /// <summary>Amended point 1: anonymizing L1 (returned 2 March, anonymized 3 March) must not disturb L2, the
    /// item's current loan. The engine once forgot L2 as the item's open loan: a second check-out of the same item
    /// is allowed (L3, two open loans on one item) where it must be refused as on loan.</summary>
    public const string AnonymizationKeepsTheCurrentLoanCheckOut = """
        {
          "format": 1,
          "name": "Anonymizing an old return must not disturb the item's current loan (check-out)",
          "policy": {
            "format": 1, "timeZone": "UTC",
            "userGroups": [ { "code": "25", "name": "Special Borrower" } ],
            "itemPolicies": [ { "code": "regular", "name": "Regular" } ],
            "termsOfUse": [ { "id": "t", "loan": { "period": "P28D" } } ],
            "rules": [ { "id": "default", "termsOfUse": "t" } ],
            "retention": { "anonymizeReturnsAfter": "P1D" }
          },
          "patrons": [ { "id": "10000001", "group": "25" }, { "id": "10000002", "group": "25" } ],
          "items": [ { "barcode": "1", "itemPolicy": "regular", "library": "WID" } ],
          "events": [
            { "at": "2026-03-01T10:00:00Z", "type": "checkOut", "patron": "10000001", "item": "1" },
            { "at": "2026-03-02T10:00:00Z", "type": "checkIn", "item": "1" },
            { "at": "2026-03-02T11:00:00Z", "type": "checkOut", "patron": "10000002", "item": "1" },
            { "at": "2026-03-05T10:00:00Z", "type": "checkOut", "patron": "10000001", "item": "1" }
          ],
          "asOf": "2026-03-07T00:00:00Z"
        }
        """;

    /// <summary>Amended point 1 again: after L1's anonymization the engine refuses the check-in of L2 ("item 1
    /// has no open loan") — and likewise renew, claimReturned, declareLost, markFound — until something else
    /// touches L2 (aging to lost re-links it).</summary>
    public const string AnonymizationKeepsTheCurrentLoanCheckIn = """
        {
          "format": 1,
          "name": "Anonymizing an old return must not disturb the item's current loan (check-in)",
          "policy": {
            "format": 1, "timeZone": "UTC",
            "userGroups": [ { "code": "25", "name": "Special Borrower" } ],
            "itemPolicies": [ { "code": "regular", "name": "Regular" } ],
            "termsOfUse": [ { "id": "t", "loan": { "period": "P28D" } } ],
            "rules": [ { "id": "default", "termsOfUse": "t" } ],
            "retention": { "anonymizeReturnsAfter": "P1D" }
          },
          "patrons": [ { "id": "10000001", "group": "25" }, { "id": "10000002", "group": "25" } ],
          "items": [ { "barcode": "1", "itemPolicy": "regular", "library": "WID" } ],
          "events": [
            { "at": "2026-03-01T10:00:00Z", "type": "checkOut", "patron": "10000001", "item": "1" },
            { "at": "2026-03-02T10:00:00Z", "type": "checkIn", "item": "1" },
            { "at": "2026-03-02T11:00:00Z", "type": "checkOut", "patron": "10000002", "item": "1" },
            { "at": "2026-03-05T10:00:00Z", "type": "checkIn", "item": "1" }
          ],
          "asOf": "2026-03-07T00:00:00Z"
        }
        """;

    /// <summary>Amended point 3: at L2's due instant (4 March 10:00) the patron owes L1's accruing fine, 48.00,
    /// above maxBalance 5.00, so the auto-renewal is refused (domain.md §4: renew is refused when the patron meets
    /// a check-out block other than maxLoans). The engine once evaluated accruing fines as of the last event (here
    /// the check-out, when L1 owed nothing) and renews L2 to 7 March.</summary>
    public const string AutoRenewalSeesAccruingFines = """
        {
          "format": 1,
          "name": "Auto-renewal sees the balance with every accruing fine as of its instant",
          "policy": {
            "format": 1, "timeZone": "UTC",
            "userGroups": [ { "code": "25", "name": "Special Borrower", "maxBalance": "5.00" } ],
            "itemPolicies": [ { "code": "fined", "name": "Fined" }, { "code": "auto", "name": "Auto-renewed" } ],
            "termsOfUse": [
              { "id": "fined", "loan": { "period": "P1D", "dueTime": "exact" }, "overdueFine": { "amount": "1.00", "per": "hour" } },
              { "id": "auto", "loan": { "period": "P3D", "dueTime": "exact", "maxRenewals": 3, "autoRenew": true } } ],
            "rules": [ { "id": "fined", "itemPolicy": "fined", "termsOfUse": "fined" }, { "id": "default", "termsOfUse": "auto" } ]
          },
          "patrons": [ { "id": "10000001", "group": "25" } ],
          "items": [ { "barcode": "1", "itemPolicy": "fined", "library": "WID" }, { "barcode": "2", "itemPolicy": "auto", "library": "WID" } ],
          "events": [
            { "at": "2026-03-01T10:00:00Z", "type": "checkOut", "patron": "10000001", "item": "1" },
            { "at": "2026-03-01T10:00:00Z", "type": "checkOut", "patron": "10000001", "item": "2" }
          ],
          "asOf": "2026-03-05T00:00:00Z"
        }
        """;


    private static ScenarioReport Engine(string json) => ScenarioReplayer.Replay(Read(json));

    private static Scenario Read(string json)
    {
        var read = ScenarioReader.Read(json);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        return read.Scenario!;
    }

    private static void AgreesWithModel(string json)
    {
        var scenario = Read(json);
        var differences = ReportDiff.Compare(ScenarioReplayer.Replay(scenario), ReferenceModel.Replay(scenario));
        Assert.True(differences.Count == 0, ReportDiff.Describe(differences));
    }

    [Fact]
    public void Replay_ReserveBackWithinGraceOfOpenMinutes_NoFine()
    {
        var report = Engine(GraceInOpenMinutes);

        var fine = Assert.Single(report.FinesFees);
        Assert.Equal("L2", fine.Loan);
        Assert.Equal("3.00", fine.Amount.ToAmountString());
        Assert.Equal("3.00", report.Balances[0].Value.ToAmountString());
        Assert.NotNull(report.Loans[0].AnonymizeAt);
        AgreesWithModel(GraceInOpenMinutes);
    }

    [Fact]
    public void Replay_OldReturnAnonymizedThenSecondCheckOut_RefusedAsOnLoan()
    {
        var report = Engine(AnonymizationKeepsTheCurrentLoanCheckOut);

        Assert.Equal(2, report.Loans.Count);
        Assert.Equal([3], report.Refused.Select(r => r.Event));
        AgreesWithModel(AnonymizationKeepsTheCurrentLoanCheckOut);
    }

    [Fact]
    public void Replay_OldReturnAnonymizedThenCheckIn_ReturnsTheCurrentLoan()
    {
        var report = Engine(AnonymizationKeepsTheCurrentLoanCheckIn);

        Assert.Empty(report.Refused);
        Assert.Equal("returned", report.Loans[1].Status);
        AgreesWithModel(AnonymizationKeepsTheCurrentLoanCheckIn);
    }

    [Fact]
    public void Replay_AutoRenewalWhileAccruingFineAboveMaxBalance_NotRenewed()
    {
        var report = Engine(AutoRenewalSeesAccruingFines);

        Assert.Equal(0, report.Loans[1].Renewals);
        Assert.Equal("2026-03-04T10:00:00Z", NodaTime.Text.InstantPattern.General.Format(report.Loans[1].DueAt));
        Assert.True(report.Loans[1].Overdue);
        AgreesWithModel(AutoRenewalSeesAccruingFines);
    }

    /// <summary>The model itself gives the settled values for every minimal scenario (so the skipped tests above
    /// check the right thing).</summary>
    [Fact]
    public void Model_MinimalScenarios_GiveTheSettledValues()
    {
        var grace = ReferenceModel.Replay(Read(GraceInOpenMinutes));
        Assert.Equal("L2", Assert.Single(grace.FinesFees).Loan);
        Assert.Equal("3.00", grace.FinesFees[0].Amount.ToAmountString());

        var checkOut = ReferenceModel.Replay(Read(AnonymizationKeepsTheCurrentLoanCheckOut));
        Assert.Equal(2, checkOut.Loans.Count);
        Assert.Equal([3], checkOut.Refused.Select(r => r.Event));

        var checkIn = ReferenceModel.Replay(Read(AnonymizationKeepsTheCurrentLoanCheckIn));
        Assert.Empty(checkIn.Refused);
        Assert.Equal("returned", checkIn.Loans[1].Status);

        var autoRenew = ReferenceModel.Replay(Read(AutoRenewalSeesAccruingFines));
        Assert.Equal(0, autoRenew.Loans[1].Renewals);
        Assert.True(autoRenew.Loans[1].Overdue);
    }
}
