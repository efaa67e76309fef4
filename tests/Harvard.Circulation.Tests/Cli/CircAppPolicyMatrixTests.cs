using System.Text.Json;
using Harvard.Circulation.Cli;

namespace Harvard.Circulation.Tests.Cli;

public sealed class CircAppPolicyMatrixTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Matrix_HarvardDefaultAtWidener_OneRowPerGroupOneColumnPerItemPolicy()
    {
        var run = CircRun.Of("policy", "matrix", "--library", "WID");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        var lines = run.OutputLines;
        Assert.Equal("Library:  WID (Widener Library)", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("  USER GROUP ", StringComparison.Ordinal) && l.EndsWith("regular  term-loan  reserve-3h  reserve-1d  non-circulating  media", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  21 Faculty (Proxy) ", StringComparison.Ordinal) && l.EndsWith("regular  term-loan  reserve-3h  reserve-1d  no-loan          media", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  58 Library Guest ", StringComparison.Ordinal) && l.EndsWith("regular  regular    no-loan     no-loan     no-loan          media", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  57 ", StringComparison.Ordinal) && l.EndsWith("blocked  blocked    blocked     blocked     blocked          blocked", StringComparison.Ordinal));
        Assert.Contains("  blocked: the user group may not borrow (mayBorrow false); every check-out is refused", lines);
    }

    [Fact]
    public void Matrix_TermsTable_GivesLoanRenewalsAndFinesInWords()
    {
        var lines = CircRun.Of("policy", "matrix").OutputLines;

        Assert.Contains("  regular     28 days, due end of day          5 × 28 days              none                                           3.00 USD a day, max 45.00 USD", lines);
        Assert.Contains("  term-loan   8 months, due at the exact time  5 × 8 months, automatic  none                                           3.00 USD a day, max 45.00 USD", lines);
        Assert.Contains("  reserve-3h  3 hours, due at the exact time   none                     3.00 USD an hour, grace 1 hour, max 45.00 USD  none", lines);
        Assert.Contains("  no-loan     not loaned                       -                        -                                              -", lines);
    }

    [Fact]
    public void Matrix_Json_GivesEveryCellWithItsTerms()
    {
        var run = CircRun.Of("policy", "matrix", "--format", "json", "--library", "WID");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("WID", root.GetProperty("library").GetString());
        Assert.Equal(13 * 6, root.GetProperty("cells").GetArrayLength());
        var facultyReserve = root.GetProperty("cells").EnumerateArray()
            .Single(c => c.GetProperty("userGroup").GetString() == "21" && c.GetProperty("itemPolicy").GetString() == "reserve-3h");
        Assert.Equal("loan", facultyReserve.GetProperty("checkOut").GetString());
        Assert.Equal("reserves-3h", facultyReserve.GetProperty("rule").GetString());
        Assert.Equal("PT3H", facultyReserve.GetProperty("loan").GetProperty("period").GetString());
        Assert.Equal(0, facultyReserve.GetProperty("loan").GetProperty("maxRenewals").GetInt32());
        Assert.Equal("3.00", facultyReserve.GetProperty("overdueFine").GetProperty("amount").GetString());
        Assert.Equal("hour", facultyReserve.GetProperty("overdueFine").GetProperty("per").GetString());
        var guestReserve = root.GetProperty("cells").EnumerateArray()
            .Single(c => c.GetProperty("userGroup").GetString() == "58" && c.GetProperty("itemPolicy").GetString() == "reserve-3h");
        Assert.Equal("notLoanable", guestReserve.GetProperty("checkOut").GetString());
        Assert.Equal(JsonValueKind.Null, guestReserve.GetProperty("loan").ValueKind);
        var blocked = root.GetProperty("cells").EnumerateArray().First(c => c.GetProperty("userGroup").GetString() == "57");
        Assert.Equal("groupMayNotBorrow", blocked.GetProperty("checkOut").GetString());
    }

    [Fact]
    public void Matrix_PolicyFileWithAnUncoveredPair_SaysNoRule()
    {
        var policy = folder.Write("reserves-only.json", CliFixtures.WidenerPolicy.Replace(
            """{ "id": "default", "termsOfUse": "regular" }""", """{ "id": "lamont", "library": "LAM", "termsOfUse": "regular" }""", StringComparison.Ordinal));

        var lines = CircRun.Of("policy", "matrix", "--policy", policy, "--library", "WID").OutputLines;

        Assert.Contains("  25 Special Borrower  no rule  reserve-3h", lines);
        Assert.Contains("  no rule: no rule matches; the check-out is refused", lines);
    }

    [Fact]
    public void Matrix_UnknownLibrary_ExitsTwoWithTheClosestCode()
    {
        var run = CircRun.Of("policy", "matrix", "--library", "WDI");

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(["--library: 'WDI' is not a library of the policy (WID, LAM, CAB, HLS) (did you mean 'WID'?)"], run.ErrorLines);
    }
}
