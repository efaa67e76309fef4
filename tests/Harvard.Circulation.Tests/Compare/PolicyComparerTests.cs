using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Compare;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Compare;

/// <summary>The comparison on hand-made scenarios: what each figure counts, first differences and their consequences,
/// and what a new policy must have.</summary>
public sealed class PolicyComparerTests
{
    private static readonly Scenario Reserves = CompareFixtures.Read(CompareFixtures.ReserveScenario);

    private static Policy TwoHourReserves => CompareFixtures.WithTerms(EmbeddedPolicies.HarvardDefault, "reserve-3h", t => CompareFixtures.WithPeriod(t, Period.FromHours(2)));

    [Fact]
    public void Compare_ShorterReserve_TheCheckOutIsTheFirstDifferenceAndItsLateReturnAConsequence()
    {
        var comparison = PolicyComparer.Compare(Reserves, TwoHourReserves);

        // Due 13:00 → 12:00; returned at 13:45: 45 minutes late is within the hour of grace under the old terms, 105
        // minutes is past it under the new (2 started hours at 3.00 = 6.00).
        Assert.Equal(1, comparison.FirstDifferences);
        Assert.Equal(1, comparison.Consequences);
        var difference = Assert.Single(comparison.Differences);
        Assert.Equal(0, difference.Event.Index);
        Assert.Equal(Instant.FromUtc(2026, 1, 5, 18, 0), difference.Old.DueAt);
        Assert.Equal(Instant.FromUtc(2026, 1, 5, 17, 0), difference.New.DueAt);
        Assert.Equal(("reserves-3h", "reserve-3h"), (difference.New.RuleId, difference.New.TermsOfUseId));
        Assert.Equal(Period.FromHours(2), difference.New.Due!.Period);
        Assert.Equal(2, Assert.Single(difference.Consequences).Index);
        Assert.Equal(1, difference.ConsequenceCount);
    }

    [Fact]
    public void Compare_ShorterReserve_FiguresMoveForTheGroupAndTheItemPolicyOnly()
    {
        var comparison = PolicyComparer.Compare(Reserves, TwoHourReserves);

        var shifts = comparison.Totals.DueDates;
        Assert.Equal((3, 1, 0), (shifts.Compared, shifts.Earlier, shifts.Later));
        Assert.Equal(Duration.FromHours(-1), shifts.MeanShift);
        Assert.Equal(Duration.FromHours(-1), shifts.MaxShift);
        Assert.Equal(new Compared<Money>(Money.Usd(0), Money.Usd(6)), comparison.Totals.FinesFeesTotal);
        var fine = Assert.Single(comparison.Totals.FinesFees);
        Assert.Equal((FineFeeType.OverdueFine, new Compared<int>(0, 1)), (fine.Type, fine.Count));

        var faculty = comparison.UserGroups.Single(g => g.Code == "21").Figures;
        Assert.Equal(new Compared<Money>(Money.Usd(0), Money.Usd(6)), faculty.Patrons!.Balances);
        Assert.Equal((1, 0), (faculty.Patrons.PayingMore, faculty.Patrons.PayingLess));
        Assert.False(comparison.UserGroups.Single(g => g.Code == "25").Figures.IsChanged);
        Assert.True(comparison.ItemPolicies.Single(p => p.Code == "reserve-3h").Figures.IsChanged);
        Assert.False(comparison.ItemPolicies.Single(p => p.Code == "regular").Figures.IsChanged);
        Assert.Null(comparison.ItemPolicies[0].Figures.Patrons);

        var patron = Assert.Single(comparison.Patrons);
        Assert.Equal(("10000001", "21"), (patron.PatronId, patron.GroupCode));
        Assert.Equal(new Compared<Money>(Money.Usd(0), Money.Usd(6)), patron.Charged);
    }

    [Fact]
    public void Compare_FiguresOfTheScenario_CountCheckOutsRefusalsRenewalsAndNotices()
    {
        var figures = PolicyComparer.Compare(Reserves, TwoHourReserves).Totals;

        Assert.Equal(new Compared<int>(2, 2), figures.CheckOuts);
        Assert.Equal(new Compared<int>(1, 1), figures.CheckOutsRefused);
        Assert.Equal(RefusalCodes.NotLoanable, Assert.Single(figures.CheckOutsRefusedBy).Key);
        Assert.Equal(new Compared<int>(1, 1), figures.Renewals);
        Assert.Equal(new Compared<int>(0, 0), figures.OverdueLoans);
        var notices = figures.Patrons!.Notices.ToDictionary(n => n.Key, n => n.Value);
        Assert.Equal(new Compared<int>(0, 1), notices["fineFee"]);
        Assert.Equal(new Compared<int>(0, 1), notices["overdue"]);
    }

    [Fact]
    public void Compare_CheckOutRefusedUnderNew_LaterEventsOnThatLoanAreItsConsequences()
    {
        var noSpecialBorrowers = CompareFixtures.WithGroup(EmbeddedPolicies.HarvardDefault, "25",
            g => new UserGroup(g.Code, g.Name, mayBorrow: false, g.MaxLoans, g.MaxBalance, g.MaxLostItems, g.MaxClaimedReturned, g.Bursar));

        var comparison = PolicyComparer.Compare(Reserves, noSpecialBorrowers);

        Assert.Equal((1, 2), (comparison.FirstDifferences, comparison.Consequences));
        var difference = Assert.Single(comparison.Differences);
        Assert.Equal(1, difference.Event.Index);
        Assert.True(difference.Old.IsAllowed);
        Assert.Equal(RefusalCodes.MayNotBorrow, Assert.Single(difference.New.Refusals).Code);
        Assert.Equal(("default", "regular"), (difference.New.RuleId, difference.New.TermsOfUseId));
        Assert.Null(difference.New.LoanId);
        Assert.Equal([4, 5], difference.Consequences.Select(e => e.Index));
        Assert.Equal(new Compared<int>(0, 1), comparison.Totals.RenewalsRefused);
        Assert.Equal(new Compared<int>(1, 0), comparison.UserGroups.Single(g => g.Code == "25").Figures.Renewals);
    }

    [Fact]
    public void Compare_DifferencesLimit_ListsThatManyAndCountsAll()
    {
        var comparison = PolicyComparer.Compare(Reserves, TwoHourReserves, differences: 0);

        Assert.Empty(comparison.Differences);
        Assert.Equal((1, 1), (comparison.FirstDifferences, comparison.Consequences));
    }

    [Fact]
    public void Compare_DueDateOfACheckOut_IsExplainedUnderEachPolicy()
    {
        var difference = PolicyComparer.Compare(Reserves, TwoHourReserves).Differences[0];

        Assert.Equal(Period.FromHours(3), difference.Old.Due!.Period);
        Assert.Equal(difference.Old.DueAt, difference.Old.Due.Due);
        Assert.Equal(LoanStatus.OnLoan, difference.New.Status);
        Assert.Empty(difference.New.FinesFees);
    }

    [Fact]
    public void FindProblems_NewPolicyLacksAGroupAndAnItemPolicy_NamesEachWithWhereTheScenarioNeedsIt()
    {
        var policy = EmbeddedPolicies.HarvardDefault;
        var withoutGuestsAndReserves = new Policy("Smaller", policy.Currency, policy.TimeZone, policy.UserGroups.Where(g => g.Code != "58"),
            policy.ItemPolicies.Where(p => p.Code != "reserve-3h"), policy.Libraries, policy.TermsOfUse,
            policy.Rules.Where(r => r.UserGroup != "58" && r.ItemPolicy != "reserve-3h"), policy.Retention);

        var problems = PolicyComparer.FindProblems(Reserves, withoutGuestsAndReserves);

        Assert.Equal(
        [
            "user group '58' (Library Guest) is not in the policy: patrons[2].group needs it",
            "item policy 'reserve-3h' (3 hour reserve) is not in the policy: items[0].itemPolicy needs it",
        ], problems);
        var thrown = Assert.Throws<ArgumentException>(() => PolicyComparer.Compare(Reserves, withoutGuestsAndReserves));
        Assert.Equal("newPolicy", thrown.ParamName);
    }

    [Fact]
    public void FindProblems_OtherCurrency_IsAProblem()
    {
        var policy = EmbeddedPolicies.HarvardDefault;
        var euros = PolicyReader.Read(PolicyWriter.Write(policy).Replace("\"currency\": \"USD\"", "\"currency\": \"EUR\"", StringComparison.Ordinal)).PolicyOrThrow();

        Assert.Equal(["currency 'EUR' is not the old policy's 'USD', in which the scenario's amounts are read"], PolicyComparer.FindProblems(Reserves, euros));
    }

    [Fact]
    public void Compare_NegativeDifferences_Throws() =>
        Assert.Equal("differences", Assert.Throws<ArgumentOutOfRangeException>(() => PolicyComparer.Compare(Reserves, TwoHourReserves, -1)).ParamName);
}
