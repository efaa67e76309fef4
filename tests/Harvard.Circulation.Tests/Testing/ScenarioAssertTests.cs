using Harvard.Circulation.Testing;

namespace Harvard.Circulation.Tests.Testing;

public class ScenarioAssertTests
{
    private const string Source = "Scenario 'scenario JSON': ";

    private static ScenarioOutcome LateReserve() => ScenarioAssert.Replay(ScenarioFixtures.LateReserve);

    private static string Failure(Action claim) => Assert.Throws<ScenarioAssertionException>(claim).Message;

    [Fact]
    public void Replay_InvalidScenario_ListsEveryProblem()
    {
        var json = ScenarioFixtures.ClaimedReturn.Replace("\"claimReturned\"", "\"lose\"", StringComparison.Ordinal)
            .Replace("\"group\": \"25\"", "\"group\": \"99\"", StringComparison.Ordinal);

        var message = Failure(() => ScenarioAssert.Replay(json));

        Assert.StartsWith("Scenario 'scenario JSON' is not valid:", message, StringComparison.Ordinal);
        Assert.Contains("patrons[0].group: '99' is not a user group of the policy", message, StringComparison.Ordinal);
        Assert.Contains("events[1].type: 'lose' is not an event type", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_FilePath_ReadsFileAndNamesItInFailures()
    {
        var path = Path.Combine(Path.GetTempPath(), $"claimed-return-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, ScenarioFixtures.ClaimedReturn);
        try
        {
            var outcome = ScenarioAssert.Replay(path).LoanStatus("L1", "returned");

            Assert.Equal($"Scenario '{path}': loans[0].status (L1): expected \"lost\" but was \"returned\"",
                Failure(() => outcome.LoanStatus("L1", "lost")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Replay_MissingFile_FailsNamingIt()
    {
        var message = Failure(() => ScenarioAssert.Replay("no/such/scenario.json"));

        Assert.StartsWith("Scenario 'no/such/scenario.json' is not valid:", message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoanStatus_TrueAndFalseClaims_PassOrNamePath()
    {
        var outcome = ScenarioAssert.Replay(ScenarioFixtures.ClaimedReturn);

        Assert.Same(outcome, outcome.LoanStatus("L1", "returned"));
        Assert.Equal(Source + "loans[0].status (L1): expected \"claimedReturned\" but was \"returned\"", Failure(() => outcome.LoanStatus("L1", "claimedReturned")));
        Assert.Equal(Source + "loans: expected an entry 'L2' but there is none (loans are L1)", Failure(() => outcome.LoanStatus("L2", "onLoan")));
    }

    [Fact]
    public void Balance_TrueAndFalseClaims_PassOrNamePath()
    {
        var outcome = LateReserve();

        outcome.Balance("10000002", "27.00").Balance("10000002", "27");
        Assert.Equal(Source + "balances.10000002: expected \"12.00\" but was \"27.00\"", Failure(() => outcome.Balance("10000002", "12.00")));
        Assert.Equal(Source + "balances.10000001: no such patron (patrons are 10000002)", Failure(() => outcome.Balance("10000001", "0.00")));
        Assert.Throws<ArgumentException>(() => outcome.Balance("10000002", "twelve"));
    }

    [Fact]
    public void FineFee_TrueAndFalseClaims_PassOrListEveryDifference()
    {
        var outcome = LateReserve();

        outcome.FineFee("F1", type: "overdueFine", status: "active", amount: "15.00", balance: "15.00")
            .FineFee("F2", type: "damagedItemFine");
        Assert.Equal(Source + "finesFees[1].status (F2): expected \"closed\" but was \"active\"" + Environment.NewLine
            + "  finesFees[1].balance (F2): expected \"0.00\" but was \"12.00\"",
            Failure(() => outcome.FineFee("F2", status: "closed", amount: "12.00", balance: "0.00")));
        Assert.Equal(Source + "finesFees: expected an entry 'F3' but there is none (finesFees are F1, F2)", Failure(() => outcome.FineFee("F3")));
    }

    [Fact]
    public void Notice_TrueAndFalseClaims_PassOrListPatronsNotices()
    {
        var outcome = LateReserve();

        outcome.Notice("overdue", "10000002", "2026-01-06T14:00:00-05:00").Notice("fineFee", "10000002", "2026-01-06T22:30:00Z");
        Assert.Equal(Source + "notices: expected a 'courtesy' notice to 10000002 at 2026-01-06T19:00:00Z but there is none; "
            + "10000002 has: overdue at 2026-01-06T19:00:00Z, fineFee at 2026-01-06T22:30:00Z, fineFee at 2026-01-07T14:00:00Z",
            Failure(() => outcome.Notice("courtesy", "10000002", "2026-01-06T19:00:00Z")));
        Assert.Equal(Source + "notices: expected a 'overdue' notice to 10000009 at 2026-01-06T19:00:00Z but there is none; 10000009 has no notices",
            Failure(() => outcome.Notice("overdue", "10000009", "2026-01-06T19:00:00Z")));
        Assert.Throws<ArgumentException>(() => outcome.Notice("overdue", "10000002", "2026-01-06 19:00"));
    }

    [Fact]
    public void Refused_TrueAndFalseClaims_PassOrShowReason()
    {
        var outcome = LateReserve();

        outcome.Refused(2, "no open loan").Refused(2, "");
        Assert.Equal(Source + "refused: expected events[0] to be refused but it was applied (refused: events[2])", Failure(() => outcome.Refused(0, "")));
        Assert.Equal(Source + "refused[0].reason (events[2]): expected a reason containing \"renewal limit\" but was \"renew is refused: item 32044000000002 has no open loan.\"",
            Failure(() => outcome.Refused(2, "renewal limit")));
    }

    [Fact]
    public void NoRefusals_TrueAndFalseClaims_PassOrListRefusals()
    {
        ScenarioAssert.Replay(ScenarioFixtures.ClaimedReturn).NoRefusals();

        Assert.Equal(Source + "refused: expected no refusals but 1 event(s) were refused:" + Environment.NewLine
            + "  events[2] (renew): renew is refused: item 32044000000002 has no open loan.",
            Failure(() => LateReserve().NoRefusals()));
    }

    [Fact]
    public void MatchesGolden_SameReport_Passes()
    {
        LateReserve().MatchesGolden(GoldenPath("late-reserve.expected.json"));
    }

    [Fact]
    public void MatchesGolden_OneValueDiffers_NamesFirstJsonPath()
    {
        var golden = Path.Combine(Path.GetTempPath(), $"golden-{Guid.NewGuid():N}.json");
        File.WriteAllText(golden, File.ReadAllText(GoldenPath("late-reserve.expected.json")).Replace("\"27.00\"", "\"26.00\"", StringComparison.Ordinal));
        try
        {
            var message = Failure(() => LateReserve().MatchesGolden(golden));

            Assert.Equal(Source + $"$.balances.10000002: expected \"26.00\" but was \"27.00\" (golden file '{golden}'; set HARVARD_CIRCULATION_UPDATE_GOLDEN=1 to accept the actual report)", message);
        }
        finally
        {
            File.Delete(golden);
        }
    }

    [Fact]
    public void MatchesGolden_MissingFile_SaysHowToWriteIt()
    {
        Assert.Equal(Source + "golden file 'no-such.expected.json' does not exist; set HARVARD_CIRCULATION_UPDATE_GOLDEN=1 and run the test again to write it",
            Failure(() => LateReserve().MatchesGolden("no-such.expected.json")));
    }

    [Fact]
    public void Replay_Scenario_UsesItsNameInFailures()
    {
        var scenario = Formats.Scenarios.ScenarioReader.Read(ScenarioFixtures.ClaimedReturn).Scenario!;

        Assert.Equal("Scenario 'Claimed return suspends overdue fines': balances.10000001: expected \"1.00\" but was \"0.00\"",
            Failure(() => ScenarioAssert.Replay(scenario).Balance("10000001", "1.00")));
    }

    private static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "Testing", "Golden", name);
}
