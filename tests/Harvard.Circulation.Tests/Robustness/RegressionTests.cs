using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Testing;
using Harvard.Circulation.Tests.Testing;

namespace Harvard.Circulation.Tests.Robustness;

/// <summary>Inputs that used to throw, each shrunk from a generated or damaged case.</summary>
public class RegressionTests
{
    [Fact]
    public void Replay_CancelOfRefusedRequest_RefusedNotThrown()
    {
        // Was ArgumentException "Request R1 is not known." from the desk: the reader accepts R1 (an earlier
        // placeRequest named it) but the rules refused that placement.
        var json = ScenarioFixtures.ClaimedReturn.Replace("""
                { "at": "2026-02-10T09:00:00-05:00", "type": "claimReturned", "item": "32044000000001" },
                { "at": "2026-02-20T09:00:00-05:00", "type": "markFound", "item": "32044000000001" }
            """, """
                { "at": "2026-01-06T09:00:00-05:00", "type": "placeRequest", "patron": "10000001", "item": "32044000000001" },
                { "at": "2026-01-07T09:00:00-05:00", "type": "cancelRequest", "request": "R1" }
            """, StringComparison.Ordinal);

        ScenarioAssert.Replay(json)
            .Refused(1, "has item 32044000000001 on loan")
            .Refused(2, "Request R1 was never placed; there is nothing to cancel.")
            .LoanStatus("L1", "onLoan");
    }

    [Fact]
    public void Replay_LoanMadeOnClosedDayWithPreviousOpenDay_DueStaysAfterLoan()
    {
        // Was ArgumentException "The due instant ... is before the loan instant": a one-day loan made on a closed
        // Monday, due on a closed Tuesday, moved to the end of Sunday.
        var json = """
            {
              "format": 1,
              "policy": {
                "format": 1, "timeZone": "America/New_York",
                "userGroups": [ { "code": "21", "name": "Faculty" } ],
                "itemPolicies": [ { "code": "regular", "name": "Regular loan" } ],
                "libraries": [ { "code": "LAM", "hours": { "monday": [], "tuesday": [] } } ],
                "termsOfUse": [ { "id": "overnight", "loan": { "period": "P1D", "closedDue": "endOfPreviousOpenDay" } } ],
                "rules": [ { "id": "default", "termsOfUse": "overnight" } ]
              },
              "patrons": [ { "id": "10000001", "group": "21" } ],
              "items": [ { "barcode": "32044000000001", "itemPolicy": "regular", "library": "LAM" } ],
              "events": [ { "at": "2026-01-05T10:00:00-05:00", "type": "checkOut", "patron": "10000001", "item": "32044000000001" } ],
              "asOf": "2026-01-05T12:00:00-05:00"
            }
            """;

        var outcome = ScenarioAssert.Replay(json).NoRefusals().LoanStatus("L1", "onLoan");

        Assert.Equal("2026-01-07T04:59:59Z", ScenarioReportJson.Iso(outcome.Report.Loans[0].DueAt));
    }

    [Theory]
    [InlineData("9999-12-01T10:00:00-05:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1899-12-31T23:59:59Z")]
    public void Read_InstantOutsideScenarioYears_Problem(string at)
    {
        // Was OverflowException from the desk's period arithmetic (aged to lost after a due in 10000).
        var json = ScenarioFixtures.ClaimedReturn.Replace("2026-01-05T10:00:00-05:00", at, StringComparison.Ordinal);

        var read = ScenarioReader.Read(json);

        Assert.Contains($"events[0].at: '{at}' is outside the years 1900 to 2999 that a scenario may use", read.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Read_PolicyPeriodOverThousandYears_TooLong()
    {
        var json = EmbeddedPolicies.HarvardDefaultJson.Replace("\"P28D\"", "\"P1001Y\"", StringComparison.Ordinal);

        var read = PolicyReader.Read(json);

        Assert.Contains(read.Problems, p => p.Message == "'P1001Y' is too long");
    }

    [Fact]
    public void Replay_LongestPeriodsAtLastScenarioYear_NoException()
    {
        // The bounds work together: 1,000-year periods chained from the last instant a scenario may use.
        var policy = EmbeddedPolicies.HarvardDefaultJson.Replace("\"P28D\"", "\"P1000Y\"", StringComparison.Ordinal)
            .Replace("\"P45D\"", "\"P1000Y\"", StringComparison.Ordinal);
        var json = ScenarioFixtures.ClaimedReturn
            .Replace("\"harvard-default\"", policy, StringComparison.Ordinal)
            .Replace("2026-01-05T10:00:00-05:00", "2999-12-01T10:00:00-05:00", StringComparison.Ordinal)
            .Replace("2026-02-10T09:00:00-05:00", "2999-12-02T09:00:00-05:00", StringComparison.Ordinal)
            .Replace("2026-02-20T09:00:00-05:00", "2999-12-03T09:00:00-05:00", StringComparison.Ordinal)
            .Replace("2026-03-01T00:00:00-05:00", "2999-12-31T18:59:59-05:00", StringComparison.Ordinal);

        ScenarioAssert.Replay(json).LoanStatus("L1", "returned").NoRefusals();
    }
}
