using Harvard.Circulation.Cli;

namespace Harvard.Circulation.Tests.Cli;

public sealed class CircAppLintTests : IDisposable
{
    private const string BrokenPolicy = """
        {
          "format": 1,
          "timeZone": "America/New_York",
          "userGroups": [ { "code": "25", "name": "Special Borrower" } ],
          "itemPolicies": [ { "code": "regular", "name": "Regular loan" } ],
          "termsOfUse": [ { "id": "regular", "loan": { "period": "P14D" }, "overdueFine": { "amount": "1.00", "per": "fortnight" } } ],
          "rules": [ { "id": "default", "termsOfUse": "reserve-4h" } ]
        }
        """;

    private const string PolicyWithWarnings = """
        {
          "format": 1,
          "timeZone": "America/New_York",
          "userGroups": [ { "code": "25", "name": "Special Borrower" } ],
          "itemPolicies": [ { "code": "regular", "name": "Regular loan" }, { "code": "reserve-3h", "name": "3 hour reserve" } ],
          "termsOfUse": [
            { "id": "regular", "loan": { "period": "P14D" } },
            { "id": "reserve-3h", "loan": { "period": "PT3H", "dueTime": "exact" },
              "overdueFine": { "amount": "3.00", "per": "hour", "grace": "PT4H", "max": "1.00" } }
          ],
          "rules": [
            { "id": "default", "itemPolicy": "regular", "termsOfUse": "regular" },
            { "id": "regular-again", "itemPolicy": "regular", "termsOfUse": "regular" }
          ]
        }
        """;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Lint_EmbeddedPolicy_ExitsZeroWithoutWarnings()
    {
        var run = CircRun.Of("lint", "harvard-default");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Equal(["harvard-default: valid policy 'Harvard Library', 0 warnings"], run.OutputLines);
    }

    [Fact]
    public void Lint_ValidFile_ExitsZero()
    {
        var path = folder.Write("widener.json", CliFixtures.WidenerPolicy);

        var run = CircRun.Of("lint", path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal([$"{path}: valid policy 'Widener only', 0 warnings"], run.OutputLines);
    }

    [Fact]
    public void Lint_BrokenPolicy_ExitsTwoWithEveryProblemByPath()
    {
        var path = folder.Write("broken.json", BrokenPolicy);

        var run = CircRun.Of("lint", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(
        [
            "termsOfUse[0].overdueFine.per: 'fortnight' is not one of minute, hour, day, week",
            "rules[0].termsOfUse: 'reserve-4h' is not defined",
            $"{path}: not a valid policy: 2 problems",
        ], run.ErrorLines);
    }

    [Fact]
    public void Lint_Warnings_ExitZeroWithPathMessageAndCode()
    {
        var path = folder.Write("warnings.json", PolicyWithWarnings);

        var run = CircRun.Of("lint", path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Equal(
        [
            "warning: termsOfUse[1]: terms of use 'reserve-3h' are not named by any rule [unusedTerms]",
            "warning: termsOfUse[1].overdueFine.grace: the grace period PT4H is longer than the loan period PT3H [graceLongerThanLoan]",
            "warning: termsOfUse[1].overdueFine.max: the cap 1.00 is below one hour's amount 3.00 [maxBelowRate]",
            "warning: rules: no rule matches user group '25' (Special Borrower) with item policy 'reserve-3h' (3 hour reserve) [uncoveredPair]",
            "warning: rules[1]: rule 'regular-again' can never match: rule 'default' (rules[0]) matches everything it matches [unreachableRule]",
            $"{path}: valid policy, 5 warnings",
        ], run.OutputLines);
    }

    [Fact]
    public void Lint_MissingFile_ExitsTwoNamingThePath()
    {
        var path = Path.Combine(folder.Path, "nowhere.json");

        var run = CircRun.Of("lint", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal([$"{path}: no such file"], run.ErrorLines);
    }

    [Fact]
    public void Lint_BadJson_ExitsTwoWithLineAndColumn()
    {
        var path = folder.Write("bad.json", "{\n  \"format\": 1,,\n}");

        var run = CircRun.Of("lint", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal(2, run.ErrorLines.Length);
        Assert.StartsWith("line 2, column 15: not valid JSON: ", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal($"{path}: not a valid policy: 1 problem", run.ErrorLines[1]);
    }

    [Fact]
    public void Lint_BadJsonAfterAccentedLetters_ColumnCountsCharacters()
    {
        var path = folder.Write("accents.json", "{\n  \"name\": \"Éloïse Ünïcödé\",,\n}");

        var run = CircRun.Of("lint", path);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Equal("line 2, column 28: not valid JSON: ',' is an invalid start of a property name. Expected a '\"'.", run.ErrorLines[0]);
    }
}
