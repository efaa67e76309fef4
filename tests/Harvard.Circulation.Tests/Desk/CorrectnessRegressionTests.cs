using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Testing;
using Harvard.Circulation.Items;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>
/// What an independent model of the specs found (issue 10), each as its minimal scenario and the variants that
/// cross the same interaction: an anonymization while the item is lent again, records at one instant, an
/// auto-renewal's view of amounts, and a grace that falls in closed time.
/// </summary>
public class CorrectnessRegressionTests
{
    private const string OneDayRetention = """
        {"format":1,"timeZone":"UTC","userGroups":[{"code":"25","name":"G","maxClaimedReturned":5}],
         "itemPolicies":[{"code":"reg","name":"R"}],
         "termsOfUse":[{"id":"t","loan":{"period":"P14D","maxRenewals":3},
                        "recall":{"returnWithin":"P2D"},
                        "lostItem":{"defaultReplacementFee":"10.00"}}],
         "rules":[{"id":"r1","termsOfUse":"t"}],
         "retention":{"anonymizeReturnsAfter":"P1D","keepLoansWithFinesFees":true}}
        """;

    private static string Scenario(string policy, string events, string asOf, string patrons = """[{"id":"P1","group":"25"},{"id":"P2","group":"25"},{"id":"P3","group":"25"}]""") => $$"""
        {"format":1,"policy":{{policy}},
         "patrons":{{patrons}},
         "items":[{"barcode":"I1","itemPolicy":"reg","library":"WID"}],
         "events":[{{events}}],
         "asOf":"{{asOf}}"}
        """;

    // P1 borrows I1, returns it, borrows it again at once; L1 is anonymized on 11-03 while L2 is open.
    private const string LentAgain = """
        {"at":"2026-11-01T10:00:00Z","type":"checkOut","patron":"P1","item":"I1"},
        {"at":"2026-11-02T10:00:00Z","type":"checkIn","item":"I1"},
        {"at":"2026-11-02T10:00:00Z","type":"checkOut","patron":"P1","item":"I1"}
        """;

    [Fact]
    public void Replay_OldReturnAnonymizedWhileItemLentAgain_ItemKeepsItsCurrentLoan()
    {
        var outcome = ScenarioAssert.Replay(Scenario(OneDayRetention, LentAgain + """
            ,{"at":"2026-11-04T10:00:00Z","type":"checkOut","patron":"P2","item":"I1"}
            """, "2026-11-05T00:00:00Z"))
            .Refused(3, "Item I1 is already on loan (L2).")
            .LoanStatus("L1", "returned")
            .LoanStatus("L2", "onLoan");

        Assert.Equal(2, outcome.Report.Loans.Count);
        Assert.True(outcome.Report.Loans[0].Anonymized);
        Assert.Null(outcome.Report.Loans[0].Patron);
        Assert.Equal("P1", outcome.Report.Loans[1].Patron);
    }

    [Theory]
    [InlineData("claimReturned")]
    [InlineData("declareLost")]
    public void Replay_OldReturnAnonymizedWhileCurrentLoanClaimedOrLost_CurrentLoanStillFound(string action)
    {
        // The current loan left onLoan before the anonymization; marking it found afterwards must still find it.
        ScenarioAssert.Replay(Scenario(OneDayRetention, LentAgain + $$"""
            ,{"at":"2026-11-02T12:00:00Z","type":"{{action}}","item":"I1"}
            ,{"at":"2026-11-04T10:00:00Z","type":"checkOut","patron":"P2","item":"I1"}
            ,{"at":"2026-11-05T10:00:00Z","type":"markFound","item":"I1"}
            """, "2026-11-06T00:00:00Z"))
            .Refused(4, "Item I1 is already on loan (L2).")
            .LoanStatus("L2", "returned");
    }

    [Fact]
    public void Replay_OldReturnAnonymizedWhileCurrentLoanRecalled_RequestWaitsAndRenewalRefused()
    {
        // A request after the anonymization recalls the current loan and waits: the item is not on the shelf.
        var outcome = ScenarioAssert.Replay(Scenario(OneDayRetention, LentAgain + """
            ,{"at":"2026-11-04T10:00:00Z","type":"placeRequest","patron":"P2","item":"I1"}
            ,{"at":"2026-11-04T11:00:00Z","type":"renew","item":"I1"}
            ,{"at":"2026-11-05T10:00:00Z","type":"checkIn","item":"I1"}
            """, "2026-11-05T12:00:00Z"))
            .Refused(4, "has a waiting request by another patron (R1)")
            .LoanStatus("L2", "returned");

        var l2 = outcome.Report.Loans[1];
        Assert.True(l2.Recalled);
        Assert.Equal("2026-11-06T10:00:00Z", ScenarioReportJson.Iso(l2.DueAt));
        var request = Assert.Single(outcome.Report.Requests);
        Assert.Equal("onHoldShelf", request.Status);
        Assert.Equal("2026-11-12T10:00:00Z", ScenarioReportJson.Iso(request.ExpiresAt!.Value));
    }

    private const string Charges = """
        {"format":1,"timeZone":"UTC","userGroups":[{"code":"25","name":"G"}],"itemPolicies":[{"code":"reg","name":"R"}],
         "termsOfUse":[{"id":"t","loan":{"period":"P14D"}}],"rules":[{"id":"r1","termsOfUse":"t"}]}
        """;

    [Fact]
    public void Replay_TwoChargesAtOneInstant_NumberedInEventOrderNotByType()
    {
        ScenarioAssert.Replay(Scenario(Charges, """
            {"at":"2026-11-01T10:00:00Z","type":"charge","patron":"P1","feeType":"other","amount":"1.00"},
            {"at":"2026-11-01T10:00:00Z","type":"charge","patron":"P2","feeType":"overdueFine","amount":"2.00"}
            """, "2026-11-02T00:00:00Z"))
            .FineFee("F1", type: "other", amount: "1.00")
            .FineFee("F2", type: "overdueFine", amount: "2.00");
    }

    [Fact]
    public void Replay_ThreeChargesOfThreeTypesAtOneInstantThenPayments_EachPaymentHitsItsRecord()
    {
        ScenarioAssert.Replay(Scenario(Charges, """
            {"at":"2026-11-01T10:00:00Z","type":"charge","patron":"P1","feeType":"damagedItemFine","amount":"5.00"},
            {"at":"2026-11-01T10:00:00Z","type":"charge","patron":"P2","feeType":"lostItemProcessFee","amount":"7.00"},
            {"at":"2026-11-01T10:00:00Z","type":"charge","patron":"P3","feeType":"overdueFine","amount":"9.00"},
            {"at":"2026-11-01T10:00:00Z","type":"pay","patron":"P1","amount":"5.00","transactionId":"F1"},
            {"at":"2026-11-01T10:00:00Z","type":"pay","patron":"P3","amount":"9.00","transactionId":"F3"},
            {"at":"2026-11-01T10:00:00Z","type":"charge","patron":"P2","feeType":"overdueFine","amount":"1.00"}
            """, "2026-11-02T00:00:00Z"))
            .NoRefusals()
            .FineFee("F1", type: "damagedItemFine", status: "closed", balance: "0.00")
            .FineFee("F2", type: "lostItemProcessFee", status: "active", balance: "7.00")
            .FineFee("F3", type: "overdueFine", status: "closed", balance: "0.00")
            .FineFee("F4", type: "overdueFine", status: "active", balance: "1.00")
            .Balance("P2", "8.00");
    }

    [Fact]
    public void Replay_FeesOfOneInstantArisingOutOfLoanOrderThenPaymentWithoutId_PaysTheLowestNumberFirst()
    {
        // L2 is declared lost before L1 at one instant: L1's fee is F1 all the same, and a payment naming no record
        // takes the oldest first, records of one instant in number order.
        var policy = """
            {"format":1,"timeZone":"UTC","userGroups":[{"code":"25","name":"G"}],"itemPolicies":[{"code":"reg","name":"R"}],
             "termsOfUse":[{"id":"t","loan":{"period":"P14D"},"lostItem":{"defaultReplacementFee":"10.00"}}],"rules":[{"id":"r1","termsOfUse":"t"}]}
            """;
        var json = Scenario(policy, """
            {"at":"2026-11-01T10:00:00Z","type":"checkOut","patron":"P1","item":"I1"},
            {"at":"2026-11-01T10:00:00Z","type":"checkOut","patron":"P1","item":"I2"},
            {"at":"2026-11-02T10:00:00Z","type":"declareLost","item":"I2"},
            {"at":"2026-11-02T10:00:00Z","type":"declareLost","item":"I1"},
            {"at":"2026-11-03T10:00:00Z","type":"pay","patron":"P1","amount":"15.00"}
            """, "2026-11-04T00:00:00Z").Replace(
            """[{"barcode":"I1","itemPolicy":"reg","library":"WID"}]""",
            """[{"barcode":"I1","itemPolicy":"reg","library":"WID","replacementCost":"20.00"},{"barcode":"I2","itemPolicy":"reg","library":"WID"}]""", StringComparison.Ordinal);

        ScenarioAssert.Replay(json).NoRefusals()
            .FineFee("F1", type: "lostItemReplacementFee", amount: "20.00", balance: "5.00")
            .FineFee("F2", type: "lostItemReplacementFee", amount: "10.00", balance: "10.00");
    }

    // maxBalance 10.00; 7-day loans auto-renewing once; 1.00/hour with no cap.
    private const string AutoRenewing = """
        {"format":1,"timeZone":"UTC","userGroups":[{"code":"25","name":"G","maxBalance":"10.00"}],
         "itemPolicies":[{"code":"reg","name":"R"}],
         "termsOfUse":[{"id":"t","loan":{"period":"P7D","dueTime":"exact","maxRenewals":1,"autoRenew":true},
                        "overdueFine":{"amount":"1.00","per":"hour"}}],
         "rules":[{"id":"r1","termsOfUse":"t"}]}
        """;

    [Fact]
    public void Replay_AutoRenewalAfterFinesAccruedWithNoEventBetween_SeesTheBalanceAtItsInstant()
    {
        // L1 renews itself on 01-08 and falls overdue on 01-15; by L2's due (01-20 00:00) it has accrued 120.00,
        // far above maxBalance, though no event came between.
        var outcome = ScenarioAssert.Replay(Scenario(AutoRenewing, """
            {"at":"2026-01-01T00:00:00Z","type":"checkOut","patron":"P1","item":"I1"},
            {"at":"2026-01-13T00:00:00Z","type":"checkOut","patron":"P1","item":"I2"}
            """, "2026-01-20T12:00:00Z", """[{"id":"P1","group":"25"}]""").Replace(
            """[{"barcode":"I1","itemPolicy":"reg","library":"WID"}]""",
            """[{"barcode":"I1","itemPolicy":"reg","library":"WID"},{"barcode":"I2","itemPolicy":"reg","library":"WID"}]""", StringComparison.Ordinal));

        Assert.Equal(1, outcome.Report.Loans[0].Renewals);
        Assert.Equal(0, outcome.Report.Loans[1].Renewals);
        Assert.Equal("2026-01-20T00:00:00Z", ScenarioReportJson.Iso(outcome.Report.Loans[1].DueAt));
        Assert.True(outcome.Report.Loans[1].Overdue);
    }

    [Fact]
    public void Replay_AutoRenewalWithBalanceUnderTheLimitAtItsInstant_Renews()
    {
        // The same, but L2 is due 01-15 09:00: L1 has accrued 9.00 by then, within maxBalance.
        var outcome = ScenarioAssert.Replay(Scenario(AutoRenewing, """
            {"at":"2026-01-01T00:00:00Z","type":"checkOut","patron":"P1","item":"I1"},
            {"at":"2026-01-08T09:00:00Z","type":"checkOut","patron":"P1","item":"I2"}
            """, "2026-01-16T00:00:00Z", """[{"id":"P1","group":"25"}]""").Replace(
            """[{"barcode":"I1","itemPolicy":"reg","library":"WID"}]""",
            """[{"barcode":"I1","itemPolicy":"reg","library":"WID"},{"barcode":"I2","itemPolicy":"reg","library":"WID"}]""", StringComparison.Ordinal));

        Assert.Equal(1, outcome.Report.Loans[1].Renewals);
        Assert.Equal("2026-01-22T09:00:00Z", ScenarioReportJson.Iso(outcome.Report.Loans[1].DueAt));
    }

    // A 3-hour reserve with an hour of grace counted in open time; the library is open 09:00-17:00 every day.
    private static string Reserve(bool graceDeducted) => $$$"""
        {"format":1,"timeZone":"UTC","userGroups":[{"code":"25","name":"G"}],"itemPolicies":[{"code":"reg","name":"R"}],
         "libraries":[{"code":"WID","hours":{"monday":["09:00","17:00"],"tuesday":["09:00","17:00"],"wednesday":["09:00","17:00"],
           "thursday":["09:00","17:00"],"friday":["09:00","17:00"],"saturday":["09:00","17:00"],"sunday":["09:00","17:00"]}}],
         "termsOfUse":[{"id":"t","loan":{"period":"PT3H","dueTime":"exact"},
                        "overdueFine":{"amount":"3.00","per":"hour","grace":"PT1H","countClosed":false,"graceDeducted":{{{(graceDeducted ? "true" : "false")}}}}}],
         "rules":[{"id":"r1","termsOfUse":"t"}]}
        """;

    [Theory]
    // Grace wholly in closed time: due 17:00 (closing), returned 09:30 the next day (30 open minutes) or 10:00 (60).
    [InlineData(false, "2026-11-02T14:00:00Z", "2026-11-03T09:30:00Z", null)]
    [InlineData(false, "2026-11-02T14:00:00Z", "2026-11-03T10:00:00Z", null)]
    [InlineData(false, "2026-11-02T14:00:00Z", "2026-11-03T10:01:00Z", "6.00")]
    [InlineData(true, "2026-11-02T14:00:00Z", "2026-11-03T10:01:00Z", "3.00")]
    // Partly: due 16:30, 30 open minutes before closing; returned 09:31 the next day (61 open minutes).
    [InlineData(false, "2026-11-02T13:30:00Z", "2026-11-03T09:30:00Z", null)]
    [InlineData(false, "2026-11-02T13:30:00Z", "2026-11-03T09:31:00Z", "6.00")]
    [InlineData(true, "2026-11-02T13:30:00Z", "2026-11-03T09:31:00Z", "3.00")]
    // Not at all: due 12:00, returned 13:00 / 14:30 the same day.
    [InlineData(false, "2026-11-02T09:00:00Z", "2026-11-02T13:00:00Z", null)]
    [InlineData(false, "2026-11-02T09:00:00Z", "2026-11-02T14:30:00Z", "9.00")]
    [InlineData(true, "2026-11-02T09:00:00Z", "2026-11-02T14:30:00Z", "6.00")]
    public void Replay_GraceInClosedTime_IsItsLengthInOpenMinutes(bool graceDeducted, string checkOut, string checkIn, string? fine)
    {
        var outcome = ScenarioAssert.Replay(Scenario(Reserve(graceDeducted), $$"""
            {"at":"{{checkOut}}","type":"checkOut","patron":"P1","item":"I1"},
            {"at":"{{checkIn}}","type":"checkIn","item":"I1"}
            """, "2026-11-04T00:00:00Z")).NoRefusals();

        if (fine is null)
        {
            Assert.Empty(outcome.Report.FinesFees);
        }
        else
        {
            outcome.FineFee("F1", type: "overdueFine", amount: fine, balance: fine);
        }
    }

    // $1 a day overdue; the overdue fine is forgiven when the loan becomes lost.
    private const string ForgivenWhenLost = """
        {"format":1,"timeZone":"UTC","userGroups":[{"code":"25","name":"G","maxClaimedReturned":5}],
         "itemPolicies":[{"code":"reg","name":"R"}],
         "termsOfUse":[{"id":"t","loan":{"period":"P14D","dueTime":"exact","maxRenewals":3},
                        "overdueFine":{"amount":"1.00","per":"day"},
                        "lostItem":{"processFee":"5.00","forgiveOverdueWhenLost":true}}],
         "rules":[{"id":"r1","termsOfUse":"t"}]}
        """;

    /// <summary>Found by the reference model: a fine of an earlier overdue period, final since the renewal that ended
    /// it, was waived when the loan, claimed returned before falling due again, became lost. Only the fine that
    /// stopped at the claim is forgiven then.</summary>
    [Fact]
    public void Replay_ClaimedReturnedBeforeDueThenLost_EarlierPeriodsFineStaysCharged()
    {
        var outcome = ScenarioAssert.Replay(Scenario(ForgivenWhenLost, """
            {"at":"2026-11-01T10:00:00Z","type":"checkOut","patron":"P1","item":"I1"},
            {"at":"2026-11-18T10:00:00Z","type":"renew","item":"I1"},
            {"at":"2026-11-20T10:00:00Z","type":"claimReturned","item":"I1"},
            {"at":"2026-11-21T10:00:00Z","type":"declareLost","item":"I1"}
            """, "2026-11-22T00:00:00Z")).NoRefusals();

        outcome.FineFee("F1", type: "overdueFine", status: "active", amount: "3.00", balance: "3.00");
        outcome.FineFee("F2", type: "lostItemProcessFee", amount: "5.00", balance: "5.00");
    }

    /// <summary>The other side of the same rule (docs/design-choices.md): the fine that stopped at the claim is
    /// forgiven when the claimed-returned loan becomes lost.</summary>
    [Fact]
    public void Replay_ClaimedReturnedWhileOverdueThenLost_FineStoppedAtTheClaimIsForgiven()
    {
        var outcome = ScenarioAssert.Replay(Scenario(ForgivenWhenLost, """
            {"at":"2026-11-01T10:00:00Z","type":"checkOut","patron":"P1","item":"I1"},
            {"at":"2026-11-18T10:00:00Z","type":"claimReturned","item":"I1"},
            {"at":"2026-11-21T10:00:00Z","type":"declareLost","item":"I1"}
            """, "2026-11-22T00:00:00Z")).NoRefusals();

        outcome.FineFee("F1", type: "overdueFine", status: "closed", amount: "3.00", balance: "0.00");
    }

    [Fact]
    public void Read_TwoPatronsShareAnIdentifierValue_NamesTheSecondOccurrence()
    {
        var json = Scenario(Charges, """{"at":"2026-11-01T10:00:00Z","type":"charge","patron":"P1","feeType":"other","amount":"1.00"}""",
            "2026-11-02T00:00:00Z", """
            [{"id":"P1","group":"25","identifiers":[{"type":"barcode","value":"B1"}]},
             {"id":"P2","group":"25"},
             {"id":"P3","group":"25","identifiers":[{"type":"card","value":"C3"},{"type":"barcode","value":" b1 "}]},
             {"id":"p2 ","group":"25"},
             {"id":"P4","group":"25","identifiers":[{"type":"card","value":"P2"}]}]
            """);

        var problems = ScenarioReader.Read(json).Problems.Select(p => p.ToString()).ToList();

        Assert.Contains("patrons[2].identifiers[1].value: 'b1' is already an identifier of patron 'P1'; a value names one patron", problems);
        Assert.Contains("patrons[3].id: duplicate patron id 'p2 '", problems);
        Assert.Contains("patrons[4].identifiers[0].value: 'P2' is already the primary ID of patron 'P2'; a value names one patron", problems);
        Assert.DoesNotContain(problems, p => p.StartsWith("patrons:", StringComparison.Ordinal));
    }
}
