namespace Harvard.Circulation.Tests.Folio;

/// <summary>
/// FOLIO's own vectors, ported from mod-circulation @196c4da8 <c>src/test/java/org/folio/circulation/rules/Text2DroolsTest.java</c>:
/// the rules texts, lookups and expected policy ids exactly as FOLIO has them, answered through the imported
/// first-match policy. Test names follow FOLIO's test methods. Parser errors assert FOLIO's line (its columns are
/// sometimes 0-based or one past a tab) and our own column and message.
/// </summary>
public sealed class FolioText2DroolsVectorTests
{
    private const string Header = "priority: last-line\nfallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item\n";
    private const string FirstInstitution = "3d22d91c-cf1d-11e9-bb65-2a2ae2dbcce4";
    private const string SecondInstitution = "3d22d91c-cf1d-11e9-bb65-2a2ae2dbcce5";
    private const string FirstLibrary = "aa59f830-cfea-11e9-bb65-2a2ae2dbcce4";
    private const string SecondLibrary = "2125c4ea-9c9a-462e-84d2-90e3fcdbf1eb";
    private const string FirstCampus = "692dbd8c-9804-4281-9fd1-8ce601d7c6a3";
    private const string SecondCampus = "04163907-8f63-41f3-888d-f2d2888a4dd0";

    private static readonly string Test1 = string.Join("\n",
        "priority: t, s, c, b, a, m, g",
        "fallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item",
        "m book cd dvd: l policy-a r request-1 n notice-1 o overdue-1 i lost-item-1",
        "m newspaper + g all: l policy-c r request-2 n notice-2 o overdue-2 i lost-item-2",
        "m streaming-subscription: l policy-c r request-3 n notice-3 o overdue-3 i lost-item-3",
        "    g visitor: l in-house r request-4 n notice-4 o overdue-4 i lost-item-4",
        "    g undergrad: l in-house r request-5 n notice-5 o overdue-5 i lost-item-5",
        "m book cd dvd + t special-items: l in-house r request-6 n notice-6 o overdue-6 i lost-item-6",
        "t special-items: l policy-d r request-7 n notice-7 o overdue-7 i lost-item-7",
        "    g visitor alumni: l in-house r request-8 n notice-8 o overdue-8 i lost-item-8",
        "a " + FirstInstitution + ": l in-university r request-9 n notice-9 o overdue-9 i lost-item-9");

    // item type, loan type, patron type, institution id, loan policies (FOLIO's loanTestCases)
    private static readonly string[][] LoanTestCases =
    [
        ["foo", "foo", "foo", SecondInstitution, "no-loan"],
        ["book", "regular", "undergrad", FirstInstitution, "in-university", "policy-a", "no-loan"],
        ["book", "special-items", "undergrad", FirstInstitution, "in-house", "policy-d", "in-university", "policy-a", "no-loan"],
        ["book", "special-items", "visitor", SecondInstitution, "in-house", "in-house", "policy-d", "policy-a", "no-loan"],
        ["newspaper", "regular", "undergrad", FirstInstitution, "in-university", "policy-c", "no-loan"],
        ["newspaper", "special-items", "undergrad", FirstInstitution, "policy-d", "in-university", "policy-c", "no-loan"],
        ["newspaper", "special-items", "visitor", FirstInstitution, "in-house", "policy-d", "in-university", "policy-c", "no-loan"],
        ["dvd", "special-items", "undergrad", FirstInstitution, "in-house", "policy-d", "in-university", "policy-a", "no-loan"],
        ["map", "special-items", "alumni", FirstInstitution, "in-house", "policy-d", "in-university", "no-loan"],
        ["foo", "foo", "foo", FirstInstitution, "in-university", "no-loan"],
    ];

    private static readonly string[][] RequestTestCases =
    [
        ["foo", "foo", "foo", SecondInstitution, "no-hold"],
        ["book", "regular", "undergrad", FirstInstitution, "request-9", "request-1", "no-hold"],
        ["book", "special-items", "undergrad", FirstInstitution, "request-6", "request-7", "request-9", "request-1", "no-hold"],
        ["book", "special-items", "visitor", SecondInstitution, "request-8", "request-6", "request-7", "request-1", "no-hold"],
        ["newspaper", "regular", "undergrad", FirstInstitution, "request-9", "request-2", "no-hold"],
        ["newspaper", "special-items", "undergrad", FirstInstitution, "request-7", "request-9", "request-2", "no-hold"],
        ["newspaper", "special-items", "visitor", FirstInstitution, "request-8", "request-7", "request-9", "request-2", "no-hold"],
        ["foo", "foo", "foo", FirstInstitution, "request-9", "no-hold"],
    ];

    private static readonly string[][] OverdueTestCases =
    [
        ["foo", "foo", "foo", SecondInstitution, "overdue"],
        ["book", "regular", "undergrad", FirstInstitution, "overdue-9", "overdue-1", "overdue"],
        ["book", "special-items", "undergrad", FirstInstitution, "overdue-6", "overdue-7", "overdue-9", "overdue-1", "overdue"],
        ["book", "special-items", "visitor", SecondInstitution, "overdue-8", "overdue-6", "overdue-7", "overdue-1", "overdue"],
        ["newspaper", "regular", "undergrad", FirstInstitution, "overdue-9", "overdue-2", "overdue"],
        ["newspaper", "special-items", "undergrad", FirstInstitution, "overdue-7", "overdue-9", "overdue-2", "overdue"],
        ["newspaper", "special-items", "visitor", FirstInstitution, "overdue-8", "overdue-7", "overdue-9", "overdue-2", "overdue"],
        ["foo", "foo", "foo", FirstInstitution, "overdue-9", "overdue"],
    ];

    private static readonly string[][] LostItemTestCases =
    [
        ["foo", "foo", "foo", SecondInstitution, "lost-item"],
        ["book", "regular", "undergrad", FirstInstitution, "lost-item-9", "lost-item-1", "lost-item"],
        ["book", "special-items", "undergrad", FirstInstitution, "lost-item-6", "lost-item-7", "lost-item-9", "lost-item-1", "lost-item"],
        ["book", "special-items", "visitor", SecondInstitution, "lost-item-8", "lost-item-6", "lost-item-7", "lost-item-1", "lost-item"],
        ["newspaper", "regular", "undergrad", FirstInstitution, "lost-item-9", "lost-item-2", "lost-item"],
        ["newspaper", "special-items", "undergrad", FirstInstitution, "lost-item-7", "lost-item-9", "lost-item-2", "lost-item"],
        ["newspaper", "special-items", "visitor", FirstInstitution, "lost-item-8", "lost-item-7", "lost-item-9", "lost-item-2", "lost-item"],
        ["foo", "foo", "foo", FirstInstitution, "lost-item-9", "lost-item"],
    ];

    [Fact]
    public void HeaderFallbackPolicy() =>
        Assert.Equal("no-loan", FolioHarness.Lookup(Header, new FolioLookup("foo", "bar", "biz", "shelf", FirstInstitution, FirstLibrary, FirstCampus)).Loan);

    [Fact]
    public void Test1_FirstMatch() => AssertFirst(Test1, LoanTestCases, a => a.Loan);

    [Fact]
    public void Test1List_LoanPolicies() => AssertRanked(Test1, LoanTestCases, p => p.Loan);

    [Fact]
    public void TestRequestPolicy_FirstMatch() => AssertFirst(Test1, RequestTestCases, a => a.Request);

    [Fact]
    public void TestRequestPolicyList() => AssertRanked(Test1, RequestTestCases, p => p.Request);

    [Fact]
    public void TestOverdueFinePolicyList() => AssertRanked(Test1, OverdueTestCases, p => p.OverdueFine);

    [Fact]
    public void TestLostItemFeePolicyList() => AssertRanked(Test1, LostItemTestCases, p => p.LostItem);

    [Fact]
    public void FirstLine()
    {
        var rules = string.Join("\n",
            "priority: first-line",
            "g visitor",
            "  t special-items: l in-house r no-hold n basic-notice o overdue i lost-item",
            "m book: l policy-b r no-hold n basic-notice o overdue i lost-item",
            "fallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item",
            "",
            "");
        string[][] cases =
        [
            ["book", "special-items", "visitor", FirstInstitution, "in-house", "policy-b", "no-loan"],
            ["book", "special-items", "undergrad", FirstInstitution, "policy-b", "no-loan"],
            ["dvd", "special-items", "undergrad", FirstInstitution, "no-loan"],
        ];
        AssertRanked(rules, cases, p => p.Loan);
    }

    [Fact]
    public void TwoPriorities()
    {
        var rules = string.Join("\n",
            "priority: number-of-criteria, first-line",
            "fallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item",
            "m book: l policy-a r no-hold n basic-notice o overdue i lost-item",
            "g student: l policy-b r no-hold n basic-notice o overdue i lost-item",
            "m dvd: l policy-c r no-hold n basic-notice o overdue i lost-item",
            "     g visitor: l policy-d r no-hold n basic-notice o overdue i lost-item");
        Assert.Equal("policy-a", Loan(rules, "book", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-b", Loan(rules, "dvd", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-d", Loan(rules, "dvd", "regular", "visitor", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
    }

    [Fact]
    public void ThreePriorities()
    {
        var rules = string.Join("\n",
            "priority: criterium(t, s, c, b, a, m, g), number-of-criteria, first-line",
            "fallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item",
            "m book: l policy-a r no-hold n basic-notice o overdue i lost-item",
            "g student: l policy-b r no-hold n basic-notice o overdue i lost-item",
            "m dvd: l policy-c r no-hold n basic-notice o overdue i lost-item",
            "     g visitor: l policy-d r no-hold n basic-notice o overdue i lost-item");
        Assert.Equal("policy-a", Loan(rules, "book", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-c", Loan(rules, "dvd", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-d", Loan(rules, "dvd", "regular", "visitor", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
    }

    [Fact]
    public void NoSpaceAroundColon()
    {
        var rules = string.Join("\n",
            "priority:last-line",
            "fallback-policy:l no-loan r no-hold n basic-notice o overdue i lost-item",
            "s new:l policy-a r no-hold n basic-notice o overdue i lost-item",
            "a " + FirstInstitution + ":l policy-b r hold n basic-notice o overdue i lost-item",
            "c " + FirstLibrary + ":l policy-c r hold n basic-notice o overdue i lost-item",
            "b " + FirstCampus + ":l policy-d r hold n basic-notice o overdue i lost-item");
        AssertColonVectors(rules);
    }

    [Fact]
    public void MultiSpaceAroundColon()
    {
        var rules = string.Join("\n",
            "priority   :   last-line",
            "fallback-policy   :   l no-loan r no-hold n basic-notice o overdue i lost-item",
            "s new   :   l policy-a r no-hold n basic-notice o overdue i lost-item",
            "a " + FirstInstitution + "   : l policy-b r hold n basic-notice o overdue i lost-item",
            "c " + FirstLibrary + ":l policy-c r hold n basic-notice o overdue i lost-item",
            "b " + FirstCampus + ":l policy-d r hold n basic-notice o overdue i lost-item");
        AssertColonVectors(rules);
    }

    [Fact]
    public void Negation()
    {
        var rules = Header + "m !dvd !music: l policy-a r no-hold n basic-notice o overdue i lost-item";
        Assert.Equal("no-loan", Loan(rules, "dvd", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("no-loan", Loan(rules, "music", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-a", Loan(rules, "newspaper", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
    }

    [Fact]
    public void NegationSingle()
    {
        var rules = Header + "m !dvd: l policy-a r no-hold n basic-notice o overdue i lost-item";
        Assert.Equal("no-loan", Loan(rules, "dvd", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-a", Loan(rules, "newspaper", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
    }

    [Fact]
    public void ShelvingLocation()
    {
        var rules = string.Join("\n",
            "priority: last-line",
            "fallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item",
            "s new: l policy-a r no-hold n basic-notice o overdue i lost-item",
            "m book: l policy-b r no-hold n basic-notice o overdue i lost-item",
            "a " + FirstInstitution + ": l policy-c r no-hold n basic-notice o overdue i lost-item",
            "b new: l policy-d r no-hold n basic-notice o overdue i lost-item",
            "c " + FirstLibrary + ": l policy-e r no-hold n basic-notice o overdue i lost-item",
            "b " + FirstCampus + ": l policy-e r no-hold n basic-notice o overdue i lost-item");
        Assert.Equal("policy-a", Loan(rules, "dvd", "regular", "student", "new", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-b", Loan(rules, "book", "regular", "student", "new", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-b", Loan(rules, "book", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-c", Loan(rules, "book", "regular", "student", "old", FirstInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-e", Loan(rules, "book", "regular", "student", "old", FirstInstitution, FirstLibrary, FirstCampus));
    }

    [Fact]
    public void ShelvingLocationDefaultPriority()
    {
        // With t, s, c, b, a, m, g the code weighs s 6, c 5, b 4, a 3 (doc/circulationrules.md lists a 6 … s 3).
        var rules = string.Join("\n",
            "priority: t, s, c, b, a, m, g",
            "fallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item",
            "s new: l policy-new r no-hold n basic-notice o overdue i lost-item",
            "t special-items: l policy-special r no-hold n basic-notice o overdue i lost-item",
            "m book: l policy-book r no-hold n basic-notice o overdue i lost-item",
            "s stacks: l policy-stacks r no-hold n basic-notice o overdue i lost-item",
            "a " + FirstInstitution + ": l policy-a r no-hold n basic-notice o overdue i lost-item",
            "c " + FirstLibrary + ": l policy-c r no-hold n basic-notice o overdue i lost-item",
            "b " + FirstCampus + ": l policy-d r no-hold n basic-notice o overdue i lost-item");
        Assert.Equal("policy-new", Loan(rules, "book", "regular", "student", "new", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-book", Loan(rules, "book", "regular", "student", "open-stacks", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-stacks", Loan(rules, "book", "regular", "student", "stacks", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-special", Loan(rules, "book", "special-items", "student", "new", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-special", Loan(rules, "book", "special-items", "student", "stacks", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-special", Loan(rules, "book", "special-items", "student", "open-stacks", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-a", Loan(rules, "book", "regular", "student", "open-stacks", FirstInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-c", Loan(rules, "book", "regular", "student", "open-stacks", FirstInstitution, FirstLibrary, FirstCampus));
        Assert.Equal("policy-d", Loan(rules, "book", "regular", "student", "open-stacks", SecondInstitution, SecondLibrary, FirstCampus));
    }

    [Fact]
    public void OverdueFinePolicy()
    {
        var rules = string.Join("\n",
            "priority: last-line",
            "fallback-policy: l no-loan r no-hold n basic-notice o fallback i lost-item",
            "s new: l policy-a r no-hold n basic-notice o overdue-a i lost-item",
            "m book: l policy-b r no-hold n basic-notice o overdue-b i lost-item",
            "a " + FirstInstitution + ": l policy-c r no-hold n basic-notice o overdue-c i lost-item",
            "b new: l policy-d r no-hold n basic-notice o overdue-d i lost-item",
            "c " + FirstLibrary + ": l policy-e r no-hold n basic-notice o overdue-e i lost-item",
            "b " + FirstCampus + ": l policy-e r no-hold n basic-notice o overdue-f i lost-item");
        string Overdue(string m, string location, string institution, string library, string campus) =>
            FolioHarness.Lookup(rules, new FolioLookup(m, "regular", "student", location, institution, library, campus)).OverdueFine;

        Assert.Equal("overdue-a", Overdue("dvd", "new", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("overdue-b", Overdue("book", "new", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("overdue-b", Overdue("book", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("overdue-c", Overdue("book", "old", FirstInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("overdue-e", Overdue("book", "old", FirstInstitution, FirstLibrary, SecondCampus));
        Assert.Equal("overdue-f", Overdue("book", "old", FirstInstitution, SecondLibrary, FirstCampus));
    }

    [Fact]
    public void LostItemFeePolicy()
    {
        var rules = string.Join("\n",
            "priority: last-line",
            "fallback-policy: l no-loan r no-hold n basic-notice o fallback i lost-item",
            "s new: l policy-a r no-hold n basic-notice o overdue-a i lost-item-a",
            "m book: l policy-b r no-hold n basic-notice o overdue-b i lost-item-b",
            "a " + FirstInstitution + ": l policy-c r no-hold n basic-notice o overdue-c i lost-item-c",
            "b new: l policy-d r no-hold n basic-notice o overdue-d i lost-item-d",
            "c " + FirstLibrary + ": l policy-e r no-hold n basic-notice o overdue-e i lost-item-e",
            "b " + FirstCampus + ": l policy-e r no-hold n basic-notice o overdue-f i lost-item-f");
        string Lost(string m, string location, string institution, string library, string campus) =>
            FolioHarness.Lookup(rules, new FolioLookup(m, "regular", "student", location, institution, library, campus)).LostItem;

        Assert.Equal("lost-item-a", Lost("dvd", "new", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("lost-item-b", Lost("book", "new", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("lost-item-b", Lost("book", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("lost-item-c", Lost("book", "old", FirstInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("lost-item-e", Lost("book", "old", FirstInstitution, FirstLibrary, SecondCampus));
        Assert.Equal("lost-item-f", Lost("book", "old", FirstInstitution, SecondLibrary, FirstCampus));
    }

    [Fact]
    public void AlternatePolicyOrder()
    {
        var rules = string.Join("\n",
            "priority: first-line",
            "m book: r allow-hold n general-notice o overdue l two-week i lost-item",
            "fallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item");
        Assert.Equal("two-week", Loan(rules, "book", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
    }

    [Fact]
    public void Comment_LineIgnoredAndItsPolicyNeedNotExist()
    {
        // FOLIO: the Drools text does not contain loan-anyhow. Here: no record loan-anyhow is needed, no rule names it.
        foreach (var rules in new[]
        {
            Header + "# m book: l loan-anyhow r no-hold n basic-notice o overdue i lost-item",
            Header + "#m book: l loan-anyhow r no-hold n basic-notice o overdue i lost-item",
        })
        {
            var answer = FolioHarness.Lookup(rules, new FolioLookup("book", "regular", "student", "shelf"));
            Assert.Equal("no-loan", answer.Loan);
            Assert.Equal([2], answer.RankedLines);
        }
    }

    // Parser errors: FOLIO's message (ours reworded), FOLIO's line, our column.
    [Theory]
    [InlineData("firstLineMisplacedFallbackPolicy", "priority: first-line\nfallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item\nm book: l policy-a r no-hold n basic-notice o overdue i lost-item", 3, "rulesAsText:3:1: with 'priority: first-line' the fallback-policy line must come after the last rule")]
    [InlineData("tab", Header + "  \t m book: l policy-a r no-hold n basic-notice o overdue i lost-item", 3, "rulesAsText:3:3: a tab character is not allowed: indent and separate with spaces")]
    [InlineData("missingPriority", "fallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item", 1, "rulesAsText:1:1: the rules must begin with the priority line (e.g. 'priority: t, s, c, b, a, m, g'), not with 'fallback-policy'")]
    [InlineData("reject6CriteriumTypes", "priority: t g m a b c\nfallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item", 1, "rulesAsText:1:11: 7 criterion letters expected (t, a, b, c, s, m, g, each once), found only 6")]
    [InlineData("reject8CriteriumTypes", "priority: t g m a b c s s\nfallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item", 1, "rulesAsText:1:11: only 7 criterion letters expected (t, a, b, c, s, m, g, each once), found 8")]
    [InlineData("duplicateCriteriumType", "priority: t g m a b s s\nfallback-policy: l no-loan r no-hold n basic-notice r no-hold n basic-notice o overdue i lost-item", 1, "rulesAsText:1:23: the letter 's' is given twice")]
    [InlineData("duplicatePriorityType", "priority: number-of-criteria, number-of-criteria, last-line\nfallback-policy: l no-loan r no-hold n basic-notice o overdue i lost-item", 1, "rulesAsText:1:31: the priority 'number-of-criteria' is given twice")]
    [InlineData("missingLoanPolicy", Header + "m book:", 3, "rulesAsText:3:8: policies missing after ':': give one policy of each type l, r, n, o, i")]
    [InlineData("missingColonAfterCriteriaAndBeforePolicy", Header + "g visitor\n   m book", 4, "rulesAsText:4:4: this line names no policies and has no lines nested under it: add ': l … r … n … o … i …' or indented lines")]
    [InlineData("missingColonAfterFallbackPolicy", "priority: t, s, c, b, a, m, g\nfallback-policy", 2, "rulesAsText:2:16: policies missing: expected ':' after 'fallback-policy', then one policy of each type l, r, n, o, i")]
    [InlineData("duplicateLoanPolicy", Header + "m book: l policy-a l policy-b r no-hold n basic-notice o overdue i lost-item", 3, "rulesAsText:3:20: policy type 'l' is given twice: a line names exactly one policy of each type l, r, n, o, i")]
    [InlineData("duplicateOverdueFinePolicy", Header + "m book: l policy-a r no-hold n basic-notice o overdue o overdue-1 i lost-item", 3, "rulesAsText:3:55: policy type 'o' is given twice: a line names exactly one policy of each type l, r, n, o, i")]
    [InlineData("duplicateLostItemFeePolicy", Header + "m book: l policy-a r no-hold n basic-notice o overdue i lost-item i lost-item-1", 3, "rulesAsText:3:67: policy type 'i' is given twice: a line names exactly one policy of each type l, r, n, o, i")]
    [InlineData("invalidToken", "foo", 1, "rulesAsText:1:1: the rules must begin with the priority line (e.g. 'priority: t, s, c, b, a, m, g'), not with 'foo'")]
    [InlineData("missingFallbackPolicy", "priority: last-line\nfallback-policy: l no-loan r no-hold o overdue i lost-item\n", 2, "rulesAsText:2:16: policy type 'n' is missing: a line names exactly one policy of each type l, r, n, o, i")]
    [InlineData("duplicateFallbackPolicy", "priority: last-line\nfallback-policy: l no-loan r no-hold n basic-notice r no-hold o overdue i lost-item", 2, "rulesAsText:2:53: policy type 'r' is given twice: a line names exactly one policy of each type l, r, n, o, i")]
    [InlineData("missingRequestPolicy", Header + "m book: l no-loan n basic-notice o overdue i lost-item", 3, "rulesAsText:3:7: policy type 'r' is missing: a line names exactly one policy of each type l, r, n, o, i")]
    [InlineData("missingOverduePolicy", Header + "m book: l no-loan r basic-request n basic-notice i lost-item", 3, "rulesAsText:3:7: policy type 'o' is missing: a line names exactly one policy of each type l, r, n, o, i")]
    [InlineData("missingLostItemPolicy", Header + "m book: l no-loan r basic-request n basic-notice o overdue", 3, "rulesAsText:3:7: policy type 'i' is missing: a line names exactly one policy of each type l, r, n, o, i")]
    [InlineData("missingFallbackPolicies", "priority: last-line\nm book: l policy-a r no-hold n basic-notice o overdue i lost-item", 2, "rulesAsText:2:1: the fallback-policy line must come right after the priority line")]
    [InlineData("missingFallbackPolicyFirstLine", "priority: first-line\nm book: l policy-a r no-hold n basic-notice o overdue i lost-item", 2, "rulesAsText:2:66: the fallback-policy line is missing: with 'priority: first-line' it comes after the last rule")]
    [InlineData("indentedFallbackPolicies", Header + "m book\n  fallback-policy: l policy-b r no-hold n basic-notice o overdue i lost-item", 4, "rulesAsText:4:3: the fallback-policy line must not be indented")]
    [InlineData("exclamationBeforePriority", "! fallback-policy: l policy-a r no-hold n basic-notice o overdue i lost-item", 1, "rulesAsText:1:1: the rules must begin with the priority line (e.g. 'priority: t, s, c, b, a, m, g'), not with '!'")]
    [InlineData("emptyNameList", Header + "m: l policy-a r no-hold n basic-notice o overdue i lost-item", 3, "rulesAsText:3:2: name missing after 'm': give one or more names, one or more !names, or all; found ':'")]
    public void ParserError_FolioLineOurMessage(string folioTest, string rules, int folioLine, string expected)
    {
        Assert.NotEmpty(folioTest);
        Assert.Equal(folioLine, FolioHarness.FirstProblemLine(rules));
        Assert.Equal(expected, FolioHarness.Problems(rules)[0]);
    }

    private static string Loan(string rules, string m, string t, string g, string location, string institution, string library, string campus) =>
        FolioHarness.Lookup(rules, new FolioLookup(m, t, g, location, institution, library, campus)).Loan;

    private static void AssertColonVectors(string rules)
    {
        Assert.Equal("no-loan", Loan(rules, "dvd", "regular", "student", "shelf", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-a", Loan(rules, "dvd", "regular", "student", "new", SecondInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-b", Loan(rules, "dvd", "regular", "student", "new", FirstInstitution, SecondLibrary, SecondCampus));
        Assert.Equal("policy-c", Loan(rules, "dvd", "regular", "student", "new", FirstInstitution, FirstLibrary, SecondCampus));
        Assert.Equal("policy-d", Loan(rules, "dvd", "regular", "student", "new", FirstInstitution, FirstLibrary, FirstCampus));
    }

    /// <summary>FOLIO's test1/test1static: the lookup's location id is the institution id, at SECOND_LIBRARY in SECOND_CAMPUS.</summary>
    private static void AssertFirst(string rules, string[][] cases, Func<FolioAnswer, string> policy)
    {
        foreach (var s in cases)
        {
            var answer = FolioHarness.Lookup(rules, new FolioLookup(s[0], s[1], s[2], s[3], s[3], SecondLibrary, SecondCampus));
            Assert.True(s[4] == policy(answer), $"{string.Join(' ', s[..4])}: expected {s[4]}, got {policy(answer)}");
        }
    }

    /// <summary>FOLIO's testLoanPolicies and siblings: every matching line's policy, in rank order.</summary>
    private static void AssertRanked(string rules, string[][] cases, Func<Formats.Folio.FolioPolicyTuple, string> policy)
    {
        foreach (var s in cases)
        {
            var answer = FolioHarness.Lookup(rules, new FolioLookup(s[0], s[1], s[2], s[3], s[3], SecondLibrary, SecondCampus));
            Assert.Equal($"{string.Join(' ', s[..4])}: [{string.Join(", ", s[4..])}]", $"{string.Join(' ', s[..4])}: [{string.Join(", ", answer.RankedIds(policy))}]");
        }
    }
}
