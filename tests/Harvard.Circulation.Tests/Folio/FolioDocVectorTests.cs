namespace Harvard.Circulation.Tests.Folio;

/// <summary>
/// The worked examples of mod-circulation @196c4da8 <c>doc/circulationrules.md</c>, as FOLIO's parser takes them:
/// the rules texts exactly as the page has them (the two without a priority or fallback line get one, said where),
/// and the answers the page states.
/// </summary>
public sealed class FolioDocVectorTests
{
    private const string Fallback = "fallback-policy: l no-circulation r no-request n no-notice o overdue i lost-item";

    [Fact]
    public void IntroductionExample_HasNoPriorityLine_Rejected()
    {
        // The page's first example predates the priority line, which the parser now requires first.
        var rules = string.Join("\n",
            "fallback-policy: l no-circulation r no-request n no-notice o overdue i lost-item",
            "m book : l regular-loan r no-requests n no-notices o not-overdue i lost-item",
            "m newspaper: l reading-room r no-requests n no-notices o overdue i lost-item",
            "m streaming-subscription: l policy-s r no-requests n no-notices o overdue i lost-item",
            "    g visitor undergrad: l in-house r no-requests n no-notices o overdue i lost-item");

        Assert.Equal(1, FolioHarness.FirstProblemLine(rules));
    }

    [Fact]
    public void IntroductionExample_WithAPriorityLine_GivesThePageAnswers()
    {
        var rules = string.Join("\n",
            "priority: last-line",
            "fallback-policy: l no-circulation r no-request n no-notice o overdue i lost-item",
            "m book : l regular-loan r no-requests n no-notices o not-overdue i lost-item",
            "m newspaper: l reading-room r no-requests n no-notices o overdue i lost-item",
            "m streaming-subscription: l policy-s r no-requests n no-notices o overdue i lost-item",
            "    g visitor undergrad: l in-house r no-requests n no-notices o overdue i lost-item");

        Assert.Equal("regular-loan", Loan(rules, "book", "visitor"));
        Assert.Equal("reading-room", Loan(rules, "newspaper", "staff"));
        Assert.Equal("policy-s", Loan(rules, "streaming-subscription", "staff"));
        Assert.Equal("in-house", Loan(rules, "streaming-subscription", "visitor"));
        Assert.Equal("in-house", Loan(rules, "streaming-subscription", "undergrad"));
        Assert.Equal("no-circulation", Loan(rules, "map", "staff"));
    }

    [Fact]
    public void NestedHierarchy_WithLastLinePriority_GivesThePageAnswers()
    {
        // The page shows the hierarchy alone; its statements hold with 'priority: last-line' and a fallback.
        var rules = string.Join("\n",
            "priority: last-line",
            Fallback,
            "g staff: l loan-policy-a r request-policy-a n notice-policy-a o overdue-a i lost-item-a",
            "g visitor: l loan-policy-b r request-policy-b n notice-policy-b o overdue-b i lost-item-b",
            "    m book: l loan-policy-c r request-policy-c n notice-policy-c o overdue-c i lost-item-c",
            "        t rare: l loan-policy-d r request-policy-d n notice-policy-d o overdue-d i lost-item-d",
            "        t course-reserve: l loan-policy-e r request-policy-e n notice-policy-e o overdue-e i lost-item-e",
            "            s law-department: l loan-policy-f r request-policy-f n notice-policy-f o overdue-f i lost-item-f",
            "            s math-department: l loan-policy-g r request-policy-g n notice-policy-g o overdue-g i lost-item-g",
            "    s new-acquisition: l loan-policy-h r request-policy-h n notice-policy-h o overdue-h i lost-item-h");

        // "Patron group staff gives loan-policy-a … for any material type, any loan type and any shelving location."
        Assert.Equal("loan-policy-a", Loan(rules, "book", "staff", "rare", "law-department"));
        Assert.Equal("loan-policy-a", Loan(rules, "dvd", "staff", "regular", "new-acquisition"));
        // "visitor and new-acquisition gives loan-policy-h … for any loan type and any material type."
        Assert.Equal("loan-policy-h", Loan(rules, "book", "visitor", "rare", "new-acquisition"));
        Assert.Equal("loan-policy-h", Loan(rules, "dvd", "visitor", "course-reserve", "new-acquisition"));
        // visitor + book + course-reserve + math-department / law-department / elsewhere.
        Assert.Equal("loan-policy-g", Loan(rules, "book", "visitor", "course-reserve", "math-department"));
        Assert.Equal("loan-policy-f", Loan(rules, "book", "visitor", "course-reserve", "law-department"));
        Assert.Equal("loan-policy-e", Loan(rules, "book", "visitor", "course-reserve", "stacks"));
        // visitor + book + rare, any location; visitor + book + another loan type; visitor + another material type.
        Assert.Equal("loan-policy-d", Loan(rules, "book", "visitor", "rare", "math-department"));
        Assert.Equal("loan-policy-c", Loan(rules, "book", "visitor", "regular", "stacks"));
        Assert.Equal("loan-policy-b", Loan(rules, "dvd", "visitor", "regular", "stacks"));
    }

    [Fact]
    public void CriteriumTypePriority_ExampleA_RareLoanTypeWins()
    {
        var rules = string.Join("\n",
            "priority: criterium(t, s, c, b, a, m, g), number-of-criteria, last-line",
            Fallback,
            "g visitor: l loan-policy-a r request-policy-a n notice-policy-a o overdue i lost-item",
            "t rare: l loan-policy-c r request-policy-c n notice-policy-c o overdue i lost-item",
            "m book: l loan-policy-e r request-policy-e n notice-policy-e o overdue i lost-item");

        var answer = Ask(rules, "book", "visitor", "rare");
        Assert.Equal("loan-policy-c", answer.Loan);
        Assert.Equal("request-policy-c", answer.Request);
        Assert.Equal("notice-policy-c", answer.Notice);
        Assert.Equal([4, 5, 3, 2], answer.RankedLines);
    }

    [Fact]
    public void CriteriumTypePriority_ExampleB_AllFiveMatchInRankOrder()
    {
        // t weighs 7, m 2, g 1: b, c and d tie at 7; b and d have two criteria; d is the last line.
        var rules = string.Join("\n",
            "priority: criterium(t, s, c, b, a, m, g), number-of-criteria, last-line",
            Fallback,
            "g visitor:l loan-policy-a r request-policy-a n notice-policy-a o overdue i lost-item",
            "    t rare: l loan-policy-b r request-policy-b n notice-policy-b o overdue i lost-item",
            "t rare: l loan-policy-c r request-policy-c n notice-policy-c o overdue i lost-item",
            "    m book: l loan-policy-d r request-policy-d n notice-policy-d o overdue i lost-item",
            "m book: l loan-policy-e r request-policy-e n notice-policy-e o overdue i lost-item");

        var answer = Ask(rules, "book", "visitor", "rare");
        Assert.Equal(["loan-policy-d", "loan-policy-b", "loan-policy-c", "loan-policy-e", "loan-policy-a", "no-circulation"], answer.RankedIds(p => p.Loan));
    }

    [Fact]
    public void SpecificityPriority_BAndDHaveTwoCriteria_LastLineD()
    {
        var rules = string.Join("\n",
            "priority: criterium(t, s, c, b, a, m, g), number-of-criteria, last-line",
            Fallback,
            "g visitor + t rare: l loan-policy-b r request-policy-b n notice-policy-b o overdue-b i lost-item-b",
            "t rare: l loan-policy-c r request-policy-c n notice-policy-c o overdue-c i lost-item-c",
            "t rare + m book: l loan-policy-d r request-policy-d n notice-policy-d o overdue-d i lost-item-d");

        var answer = Ask(rules, "book", "visitor", "rare");
        Assert.Equal(["loan-policy-d", "loan-policy-b", "loan-policy-c", "no-circulation"], answer.RankedIds(p => p.Loan));
    }

    [Fact]
    public void AllKeyword_LoanPolicyEHasPriority()
    {
        var rules = string.Join("\n",
            "priority: criterium(t, s, c, b, a, m, g), number-of-criteria, last-line",
            Fallback,
            "g visitor + t rare: l loan-policy-b r request-policy-b n notice-policy-b o overdue i lost-item",
            "t rare: l loan-policy-c r request-policy-c n notice-policy-c o overdue i lost-item",
            "t rare + m book: l loan-policy-d r request-policy-d n notice-policy-d o overdue i lost-item",
            "g all + t all + s course-reserve: l loan-policy-e r request-policy-e n notice-policy-e o overdue i lost-item");

        Assert.Equal("loan-policy-e", Loan(rules, "book", "visitor", "rare", "course-reserve"));
        Assert.Equal("loan-policy-d", Loan(rules, "book", "visitor", "rare", "stacks"));
    }

    [Fact]
    public void LineNumberPriority_ExampleAsPrinted_FallbackLacksI_Rejected()
    {
        var rules = string.Join("\n",
            "priority: criterium(t, s, c, b, a, m, g), number-of-criteria, last-line",
            "fallback-policy: l no-circulation r no-request n no-notice o overdue",
            "g visitor + t rare: l loan-policy-b r request-policy-b n notice-policy-b o overdue",
            "t rare + m book: l loan-policy-d r request-policy-d n notice-policy-d o overdue");

        Assert.Equal(2, FolioHarness.FirstProblemLine(rules));
        Assert.Contains("rulesAsText:2:16: policy type 'i' is missing: a line names exactly one policy of each type l, r, n, o, i", FolioHarness.Problems(rules));
    }

    [Fact]
    public void LineNumberPriority_WithLostItemPolicies_LastLineDWins()
    {
        var rules = string.Join("\n",
            "priority: criterium(t, s, c, b, a, m, g), number-of-criteria, last-line",
            "fallback-policy: l no-circulation r no-request n no-notice o overdue i lost-item",
            "g visitor + t rare: l loan-policy-b r request-policy-b n notice-policy-b o overdue i lost-item",
            "t rare + m book: l loan-policy-d r request-policy-d n notice-policy-d o overdue i lost-item");

        Assert.Equal([4, 3, 2], Ask(rules, "book", "visitor", "rare").RankedLines);
    }

    private static FolioAnswer Ask(string rules, string material, string group, string loanType = "regular", string location = "stacks") =>
        FolioHarness.Lookup(rules, new FolioLookup(material, loanType, group, location));

    private static string Loan(string rules, string material, string group, string loanType = "regular", string location = "stacks") =>
        Ask(rules, material, group, loanType, location).Loan;
}
