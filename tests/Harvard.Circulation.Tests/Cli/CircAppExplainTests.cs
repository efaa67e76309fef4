using Harvard.Circulation.Cli;

namespace Harvard.Circulation.Tests.Cli;

public sealed class CircAppExplainTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Explain_FacultyReserve_NamesTheMatchAndEveryEarlierVerdict()
    {
        var run = CircRun.Of("explain", "--group", "21", "--item-policy", "reserve-3h", "--library", "WID");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        var lines = run.OutputLines;
        Assert.Contains("User group:  21 (Faculty (Proxy))", lines);
        Assert.Contains("Library:     WID (Widener Library)", lines);
        Assert.Contains("  0  guests-no-reserves-3h  58          reserve-3h       *        *         no-loan       no", lines);
        Assert.Contains("    did not match on userGroup (rule has '58', check-out has '21')", lines);
        Assert.Contains("    did not match on userGroup (rule has '58', check-out has '21'); itemPolicy (rule has 'reserve-1d', check-out has 'reserve-3h')", lines);
        Assert.Contains("    did not match on itemPolicy (rule has 'term-loan', check-out has 'reserve-3h')", lines);
        Assert.Contains("  7  reserves-3h            *           reserve-3h       *        *         reserve-3h    MATCHED", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("  8  ", StringComparison.Ordinal)); // rules after the match are not tried
        Assert.Contains("Matched rule 'reserves-3h' (rules[7]): terms of use 'reserve-3h'", lines);
    }

    [Fact]
    public void Explain_FacultyReserve_PrintsTheTermsOfUse()
    {
        var lines = CircRun.Of("explain", "--group", "21", "--item-policy", "reserve-3h", "--library", "WID").OutputLines;

        Assert.Contains("  loan period:    3 hours, due at the exact time; a due time outside opening hours moves back to closing time (PT3H, dueTime exact, closedDue endOfCurrentHours)", lines);
        Assert.Contains("  renewals:       none (maxRenewals 0)", lines);
        Assert.Contains("  overdue fine:   3.00 USD an hour after a grace of 1 hour (past it, all the overdue time is charged), at most 45.00 USD, closed hours not counted", lines);
        Assert.Contains("  recall:         none: requests never recall", lines);
        Assert.Contains("  notices:        no courtesy notice; overdue 1 hour after due; lost item bill; fine/fee notice", lines);
    }

    [Fact]
    public void Explain_At_MovesTheDueToTheEndOfOpenHours()
    {
        // Widener closes at 17:00 on Fridays: a 3-hour reserve borrowed at 15:30 is due at closing, not 18:30.
        var run = CircRun.Of("explain", "--group", "21", "--item-policy", "reserve-3h", "--library", "WID", "--at", "2026-01-09T15:30:00-05:00");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.OutputLines;
        Assert.Contains("Due date of a check-out at 2026-01-09 15:30 EST (2026-01-09T20:30:00Z)", lines);
        Assert.Contains("  loan period: + 3 hours, due at the exact time: 2026-01-09 18:30 EST", lines);
        Assert.Contains("  closedDue:   endOfCurrentHours: 2026-01-09 18:30 EST is outside the open hours of WID: moved to the end of the latest open period, 2026-01-09 17:00 EST", lines);
        Assert.Contains("  due:         2026-01-09 17:00 EST (2026-01-09T22:00:00Z)", lines);
        Assert.Contains("Verdict:     may borrow: yes — terms 'reserve-3h' (rule 'reserves-3h'): 3 hours, no renewals, overdue fine 3.00 USD an hour, grace 1 hour, max 45.00 USD; due 2026-01-09 17:00 EST", lines);
    }

    [Fact]
    public void Explain_WithoutAt_SaysAtIsNeeded()
    {
        var lines = CircRun.Of("explain", "--group", "25", "--item-policy", "regular").OutputLines;

        Assert.Contains("Due date: give --at INSTANT (ISO-8601 with an offset, e.g. 2026-01-05T10:00:00-05:00) for the due date of a check-out then.", lines);
    }

    [Fact]
    public void Explain_FacultyTermLoan_MatchesTheFacultyRule()
    {
        var lines = CircRun.Of("explain", "--group", "21", "--item-policy", "term-loan", "--at", "2026-01-05T10:00:00-05:00").OutputLines;

        Assert.Contains("Matched rule 'term-loans-faculty' (rules[3]): terms of use 'term-loan'", lines);
        Assert.Contains("  renewals:       up to 5, each 8 months from the renewal, never due later than 48 months after check-out, renewed automatically at the due time", lines);
        Assert.Contains("  due:         2026-09-05 10:00 EDT (2026-09-05T14:00:00Z)", lines);
    }

    [Fact]
    public void Explain_Blocks_ListTheGroupLimits()
    {
        var lines = CircRun.Of("explain", "--group", "58", "--item-policy", "regular").OutputLines;

        Assert.Contains("Blocks for a patron of user group 58 (Library Guest)", lines);
        Assert.Contains("  group may borrow:   yes (mayBorrow true)", lines);
        Assert.Contains("  maximum loans:      10: a check-out is refused once the patron has 10 loans on loan or lost", lines);
        Assert.Contains("  maximum balance:    50.00 USD: a check-out is refused while the active balance is above it", lines);
        Assert.Contains("  maximum lost items: 3: a check-out is refused once the patron has 3 lost items", lines);
        Assert.Contains("  maximum claims:     3: a claim of return is refused once the patron has claimed 3 loans returned", lines);
    }

    [Fact]
    public void Explain_GroupThatMayNotBorrow_SaysSo()
    {
        var lines = CircRun.Of("explain", "--group", "57", "--item-policy", "regular").OutputLines;

        Assert.Contains("  group may borrow:   no: every check-out is refused (mayBorrow false)", lines);
        Assert.Contains("Verdict:     may borrow: no — user group 57 (Leganto Self-Registered Patron) may not borrow", lines);
    }

    [Fact]
    public void Explain_NonCirculating_HasNoDueDate()
    {
        var lines = CircRun.Of("explain", "--group", "21", "--item-policy", "non-circulating", "--at", "2026-01-05T10:00:00-05:00").OutputLines;

        Assert.Contains("Verdict:     may borrow: no — terms 'no-loan' do not lend (rule 'non-circulating')", lines);
        Assert.Contains("  loan:           none: the item may not be loaned (loan: null)", lines);
        Assert.Contains("Due date: none, the item may not be loaned.", lines);
    }

    [Fact]
    public void Explain_UnknownGroup_ExitsTwoNamingIt()
    {
        var run = CircRun.Of("explain", "--group", "99", "--item-policy", "regular");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(["--group: '99' is not a user group of the policy (21, 22, 23, 25, 27, 30, 41, 42, 45, 57, 58, 59, 84) (did you mean '59'?)"], run.ErrorLines);
    }

    [Fact]
    public void Explain_UnknownItemPolicy_ExitsTwoNamingIt()
    {
        var run = CircRun.Of("explain", "--group", "21", "--item-policy", "reserve-4h");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["--item-policy: 'reserve-4h' is not an item policy of the policy (regular, term-loan, reserve-3h, reserve-1d, non-circulating, media) (did you mean 'reserve-3h'?)"], run.ErrorLines);
    }

    [Fact]
    public void Explain_BadAt_ExitsTwo()
    {
        var run = CircRun.Of("explain", "--group", "21", "--item-policy", "regular", "--at", "2026-01-05 10:00");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["--at: '2026-01-05 10:00' is not an ISO-8601 instant with an offset (e.g. 2026-01-05T10:00:00-05:00)"], run.ErrorLines);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Explain_EmptyLibrary_ExitsTwo(string library)
    {
        var run = CircRun.Of("explain", "--group", "21", "--item-policy", "regular", "--library", library, "--at", "2026-01-05T10:00:00-05:00");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["--library: the library code is empty; leave --library out for a check-out at no library"], run.ErrorLines);
    }

    [Fact]
    public void Explain_ValueStartingWithAt_IsACodeNotAResponseFile()
    {
        var run = CircRun.Of("explain", "--group", "@.", "--item-policy", "regular");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.StartsWith("--group: '@.' is not a user group of the policy", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_MissingGroup_ExitsTwo()
    {
        var run = CircRun.Of("explain", "--item-policy", "regular");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.StartsWith("circ explain: Option '--group' is required.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_NoRuleMatches_SaysSoAndExitsZero()
    {
        var policy = folder.Write("reserves-only.json", CliFixtures.WidenerPolicy.Replace(
            """{ "id": "default", "termsOfUse": "regular" }""", """{ "id": "guests", "userGroup": "25", "library": "LAM", "termsOfUse": "regular" }""", StringComparison.Ordinal));

        var run = CircRun.Of("explain", "--group", "25", "--item-policy", "regular", "--library", "WID", "--policy", policy);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.OutputLines;
        Assert.Contains("    did not match on library (rule has 'LAM', check-out has 'WID')", lines);
        Assert.Contains("No rule matches: a check-out of a 'regular' item by user group '25' is refused.", lines);
        Assert.Contains("Verdict:     may borrow: no — no rule matches user group '25' with item policy 'regular'", lines);
    }

    [Fact]
    public void Explain_BadPolicyFile_ExitsTwoWithItsProblems()
    {
        var policy = folder.Write("broken.json", CliFixtures.WidenerPolicy.Replace("\"America/New_York\"", "\"Mars/Olympus\"", StringComparison.Ordinal));

        var run = CircRun.Of("explain", "--group", "25", "--item-policy", "regular", "--policy", policy);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["timeZone: 'Mars/Olympus' is not a time zone id", $"{policy}: not a valid policy: 1 problem"], run.ErrorLines);
    }
}
