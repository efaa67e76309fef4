using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Policies;

public class PolicyLinterTests
{
    private static readonly Policy Widener = PolicyReader.Read(PolicyReaderTests.Widener).PolicyOrThrow();

    private static readonly Rule GuestsNoReserves = new("guests-no-reserves", "no-loan", userGroup: "58", itemPolicy: "reserve-3h");
    private static readonly Rule Reserves = new("reserves", "reserve-3h", itemPolicy: "reserve-3h");
    private static readonly Rule Default = new("default", "regular");

    [Fact]
    public void Lint_WidenerPolicy_NoWarnings() => Assert.Empty(PolicyLinter.Lint(Widener));

    [Fact]
    public void Lint_RuleAfterCatchAll_UnreachableRule()
    {
        var policy = With(rules: [GuestsNoReserves, Reserves, Default, new Rule("widener-reserves", "reserve-3h", itemPolicy: "reserve-3h", library: "WID")]);

        var warning = Assert.Single(PolicyLinter.Lint(policy));

        Assert.Equal(LintCodes.UnreachableRule, warning.Code);
        Assert.Equal("rules[3]: rule 'widener-reserves' can never match: rule 'reserves' (rules[1]) matches everything it matches", warning.ToString());
    }

    [Fact]
    public void Lint_SpecificRuleBeforeGeneral_NotUnreachable()
    {
        var policy = With(rules: [new Rule("widener-reserves", "reserve-3h", itemPolicy: "reserve-3h", library: "WID"), GuestsNoReserves, Reserves, Default]);

        Assert.DoesNotContain(PolicyLinter.Lint(policy), w => w.Code == LintCodes.UnreachableRule);
    }

    [Fact]
    public void Lint_EarlierRulesTogetherCoverRule_UnreachableRule()
    {
        // Groups 25 and 58 are the whole catalogue: the two rules for them take every regular item, wherever it is.
        var policy = With(rules:
        [
            new Rule("g25-reg", "regular", userGroup: "25", itemPolicy: "regular"),
            new Rule("g58-reg", "regular", userGroup: "58", itemPolicy: "regular"),
            new Rule("any-reg", "regular", itemPolicy: "regular"),
            GuestsNoReserves,
            Reserves,
        ]);

        var warning = Assert.Single(PolicyLinter.Lint(policy));

        Assert.Equal(LintCodes.UnreachableRule, warning.Code);
        Assert.Equal("rules[2]: rule 'any-reg' can never match: the rules before it together match everything it matches", warning.ToString());
    }

    [Fact]
    public void Lint_EarlierRulesCoverRuleButNotEverywhere_NotUnreachable()
    {
        // Guests' rule is for Widener only: a guest's regular item at any other library still falls to 'any-reg'.
        var policy = With(rules:
        [
            new Rule("g25-reg", "regular", userGroup: "25", itemPolicy: "regular"),
            new Rule("g58-reg-widener", "regular", userGroup: "58", itemPolicy: "regular", library: "WID"),
            new Rule("any-reg", "regular", itemPolicy: "regular"),
            GuestsNoReserves,
            Reserves,
        ]);

        Assert.Empty(PolicyLinter.Lint(policy));
    }

    [Fact]
    public void Lint_RuleForOneGroupWhenTheCatalogueHasOne_NamesItAsCoveringAnyGroup()
    {
        var groups = new[] { Widener.UserGroups[0] };
        var policy = With(groups: groups, rules: [new Rule("g25", "regular", userGroup: "25"), Reserves, Default]);

        Assert.Equal(
            [
                "rules[1]: rule 'reserves' can never match: rule 'g25' (rules[0]) matches everything it matches",
                "rules[2]: rule 'default' can never match: rule 'g25' (rules[0]) matches everything it matches",
            ],
            PolicyLinter.Lint(policy).Where(w => w.Code == LintCodes.UnreachableRule).Select(w => w.ToString()));
    }

    [Fact]
    public void Lint_PairMatchedOnlyByLibrarySpecificRule_NotUncovered()
    {
        var policy = With(rules: [GuestsNoReserves, Reserves, new Rule("widener-regular", "regular", itemPolicy: "regular", library: "WID")]);

        Assert.DoesNotContain(PolicyLinter.Lint(policy), w => w.Code == LintCodes.UncoveredPair);
    }

    [Fact]
    public void Lint_PairNoRuleMatchesAnywhere_UncoveredPairForThatPairOnly()
    {
        var policy = With(rules: [GuestsNoReserves, Reserves, new Rule("widener-special", "regular", userGroup: "25", itemPolicy: "regular", library: "WID", location: "stacks")]);

        var warning = Assert.Single(PolicyLinter.Lint(policy), w => w.Code == LintCodes.UncoveredPair);

        Assert.Equal("rules: no rule matches user group '58' (Library Guest) with item policy 'regular' (Regular loan)", warning.ToString());
    }

    [Fact]
    public void Lint_NoDefaultRule_UncoveredPairsNamingGroupAndItemPolicy()
    {
        var policy = With(rules: [GuestsNoReserves, Reserves]);

        Assert.Equal(
            [
                "rules: no rule matches user group '25' (Special Borrower) with item policy 'regular' (Regular loan)",
                "rules: no rule matches user group '58' (Library Guest) with item policy 'regular' (Regular loan)",
            ],
            PolicyLinter.Lint(policy).Where(w => w.Code == LintCodes.UncoveredPair).Select(w => w.ToString()));
    }

    [Fact]
    public void Lint_CapBelowOneInterval_MaxBelowRate()
    {
        var reserve = Terms("reserve-3h");
        var policy = WithTerms(reserve, new TermsOfUse("reserve-3h", reserve.Loan, new FineRule(Widener.Money(3m), FineInterval.Hour, max: Widener.Money(2m))));

        var warning = Assert.Single(PolicyLinter.Lint(policy));

        Assert.Equal(LintCodes.MaxBelowRate, warning.Code);
        Assert.Equal("termsOfUse[1].overdueFine.max: the cap 2.00 is below one hour's amount 3.00", warning.ToString());
    }

    [Fact]
    public void Lint_ZeroCap_NoWarningBecauseItMeansNoFine()
    {
        var reserve = Terms("reserve-3h");
        var policy = WithTerms(reserve, new TermsOfUse("reserve-3h", reserve.Loan, new FineRule(Widener.Money(3m), FineInterval.Hour, max: Widener.Money(0m))));

        Assert.Empty(PolicyLinter.Lint(policy));
    }

    [Fact]
    public void Lint_GraceLongerThanThreeHourLoan_GraceLongerThanLoan()
    {
        var reserve = Terms("reserve-3h");
        var fine = new FineRule(Widener.Money(3m), FineInterval.Hour, Period.FromHours(4), Widener.Money(45m));
        var policy = WithTerms(reserve, new TermsOfUse("reserve-3h", reserve.Loan, fine));

        var warning = Assert.Single(PolicyLinter.Lint(policy));

        Assert.Equal(LintCodes.GraceLongerThanLoan, warning.Code);
        Assert.Equal("termsOfUse[1].overdueFine.grace: the grace period PT4H is longer than the loan period PT3H", warning.ToString());
    }

    [Fact]
    public void Lint_RecalledFineGraceLongerThanLoan_AtRecalledPath()
    {
        var regular = Terms("regular");
        var recalled = new FineRule(Widener.Money(3m), FineInterval.Day, Period.FromDays(29));
        var policy = WithTerms(regular, new TermsOfUse("regular", regular.Loan, recalledOverdueFine: recalled));

        Assert.Equal(["termsOfUse[0].recalledOverdueFine.grace"], PolicyLinter.Lint(policy).Select(w => w.Path));
    }

    [Fact]
    public void Lint_TermsNoRuleNames_UnusedTerms()
    {
        var policy = With(terms: [.. Widener.TermsOfUse, new TermsOfUse("media", new LoanTerms(Period.FromDays(7)))]);

        var warning = Assert.Single(PolicyLinter.Lint(policy));

        Assert.Equal(LintCodes.UnusedTerms, warning.Code);
        Assert.Equal("termsOfUse[3]: terms of use 'media' are not named by any rule", warning.ToString());
    }

    [Fact]
    public void Lint_GuestsBarredFromEverything_GroupCannotBorrow()
    {
        var policy = With(rules: [new Rule("guests-no-loans", "no-loan", userGroup: "58"), Reserves, Default]);

        var warning = Assert.Single(PolicyLinter.Lint(policy));

        Assert.Equal(LintCodes.GroupCannotBorrow, warning.Code);
        Assert.Equal("userGroups[1]: user group '58' (Library Guest) may borrow, but no rule can give it loanable terms of use", warning.ToString());
    }

    [Fact]
    public void Lint_GuestsBarredButMayNotBorrow_NoWarning()
    {
        var groups = new[] { Widener.UserGroups[0], new UserGroup("58", "Library Guest", mayBorrow: false) };
        var policy = With(groups: groups, rules: [new Rule("guests-no-loans", "no-loan", userGroup: "58"), Reserves, Default]);

        Assert.Empty(PolicyLinter.Lint(policy));
    }

    [Fact]
    public void Lint_MaxRenewalPeriodShorterThanLoan_RenewalPeriodShorterThanLoan()
    {
        var regular = Terms("regular");
        var loan = new LoanTerms(Period.FromDays(28), maxRenewals: 5, maxRenewalPeriod: Period.FromDays(14));
        var policy = WithTerms(regular, new TermsOfUse("regular", loan, lostItem: regular.LostItem, recall: regular.Recall, notices: regular.Notices));

        var warning = Assert.Single(PolicyLinter.Lint(policy));

        Assert.Equal(LintCodes.RenewalPeriodShorterThanLoan, warning.Code);
        Assert.Equal("termsOfUse[0].loan.maxRenewalPeriod: the longest loan P14D is shorter than the loan period P28D", warning.ToString());
    }

    [Fact]
    public void Lint_AutoRenewWithoutRenewals_AutoRenewWithoutRenewals()
    {
        var regular = Terms("regular");
        var policy = WithTerms(regular, new TermsOfUse("regular", new LoanTerms(Period.FromDays(28), autoRenew: true)));

        var warning = Assert.Single(PolicyLinter.Lint(policy));

        Assert.Equal(LintCodes.AutoRenewWithoutRenewals, warning.Code);
        Assert.Equal("termsOfUse[0].loan.autoRenew: autoRenew is set but maxRenewals is 0, so the loan never renews", warning.ToString());
    }

    [Fact]
    public void Lint_SeveralWarnings_InPathOrder()
    {
        var terms = new[] { new TermsOfUse("regular", new LoanTerms(Period.FromDays(28), autoRenew: true)), Terms("reserve-3h"), Terms("no-loan"), new TermsOfUse("media", null) };
        var rules = new[] { new Rule("guests-no-loans", "no-loan", userGroup: "58"), Reserves, Default, new Rule("late", "regular", userGroup: "25") };
        var policy = With(terms: terms, rules: rules);

        Assert.Equal(
            ["userGroups[1]", "termsOfUse[0].loan.autoRenew", "termsOfUse[3]", "rules[3]"],
            PolicyLinter.Lint(policy).Select(w => w.Path));
    }

    private static TermsOfUse Terms(string id) => Widener.FindTermsOfUse(id)!;

    private static Policy WithTerms(TermsOfUse replaced, TermsOfUse replacement) =>
        With(terms: Widener.TermsOfUse.Select(t => t.Id == replaced.Id ? replacement : t));

    private static Policy With(IEnumerable<UserGroup>? groups = null, IEnumerable<TermsOfUse>? terms = null, IEnumerable<Rule>? rules = null) =>
        new(Widener.Name, Widener.Currency, Widener.TimeZone, groups ?? Widener.UserGroups, Widener.ItemPolicies, Widener.Libraries,
            terms ?? Widener.TermsOfUse, rules ?? Widener.Rules, Widener.Retention);
}
