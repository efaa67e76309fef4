using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Tests.Policies;

public class EmbeddedPoliciesTests
{
    private static readonly string[] HarvardGroups = ["21", "22", "23", "25", "27", "30", "41", "42", "45", "57", "58", "59", "84"];

    [Fact]
    public void HarvardDefaultJson_Read_IsValid()
    {
        var result = PolicyReader.Read(EmbeddedPolicies.HarvardDefaultJson);

        Assert.Empty(result.Problems.Select(p => p.ToString()));
        Assert.Equal(EmbeddedPolicies.HarvardDefault, result.Policy);
    }

    [Fact]
    public void HarvardDefault_Lint_NoWarnings() =>
        Assert.Empty(PolicyLinter.Lint(EmbeddedPolicies.HarvardDefault).Select(w => w.ToString()));

    [Fact]
    public void HarvardDefault_Cached_SameInstance() => Assert.Same(EmbeddedPolicies.HarvardDefault, EmbeddedPolicies.HarvardDefault);

    [Fact]
    public void HarvardDefault_UserGroups_AreTheGuidesThirteenInOrder() =>
        Assert.Equal(HarvardGroups, EmbeddedPolicies.HarvardDefault.UserGroups.Select(g => g.Code));

    [Theory]
    [InlineData("21")]
    [InlineData("22")]
    [InlineData("23")]
    [InlineData("25")]
    [InlineData("27")]
    [InlineData("30")]
    [InlineData("41")]
    [InlineData("42")]
    [InlineData("45")]
    [InlineData("57")]
    [InlineData("58")]
    [InlineData("59")]
    [InlineData("84")]
    public void HarvardDefault_RegularItem_LoanableUnlessGroupMayNotBorrow(string group)
    {
        var policy = EmbeddedPolicies.HarvardDefault;
        var match = policy.Resolver.Resolve(group, "regular", "WID", null);

        Assert.True(match.IsMatch);
        if (policy.GetUserGroup(group).MayBorrow)
        {
            Assert.True(match.Terms!.IsLoanable);
        }
        else
        {
            Assert.Contains(group, new[] { "57", "84" });
        }
    }

    [Fact]
    public void HarvardDefault_LibraryGuestThreeHourReserve_NoLoan()
    {
        var match = EmbeddedPolicies.HarvardDefault.Resolver.Resolve("58", "reserve-3h", "LAM", null);

        Assert.Equal("guests-no-reserves-3h", match.Rule!.Id);
        Assert.False(match.Terms!.IsLoanable);
    }

    [Fact]
    public void HarvardDefault_FacultyTermLoan_AutoRenewsFiveTimesWithinFourYears()
    {
        var terms = EmbeddedPolicies.HarvardDefault.Resolver.Resolve("21", "term-loan", "WID", null).Terms!;

        Assert.Equal("term-loan", terms.Id);
        Assert.True(terms.Loan!.AutoRenew);
        Assert.Equal(5, terms.Loan.MaxRenewals);
        Assert.Equal(NodaTime.Period.FromMonths(48), terms.Loan.MaxRenewalPeriod);
    }

    [Fact]
    public void HarvardDefault_SpecialBorrowerTermLoan_RegularTerms() =>
        Assert.Equal("regular", EmbeddedPolicies.HarvardDefault.Resolver.Resolve("25", "term-loan", "WID", null).Terms!.Id);

    [Fact]
    public void HarvardDefault_PublishedFigures_AreCarried()
    {
        var policy = EmbeddedPolicies.HarvardDefault;
        var regular = policy.FindTermsOfUse("regular")!;
        var reserve = policy.FindTermsOfUse("reserve-3h")!;

        Assert.Null(regular.OverdueFine);
        Assert.Equal(policy.Money(3m), regular.RecalledOverdueFine!.Amount);
        Assert.Equal(FineInterval.Day, regular.RecalledOverdueFine.Per);
        Assert.Equal(policy.Money(45m), regular.RecalledOverdueFine.Max);
        Assert.Equal(policy.Money(3m), reserve.OverdueFine!.Amount);
        Assert.Equal(FineInterval.Hour, reserve.OverdueFine.Per);
        Assert.Equal(NodaTime.Period.FromHours(1), reserve.OverdueFine.Grace);
        Assert.Equal(policy.Money(100m), regular.LostItem!.DefaultReplacementFee);
        Assert.Equal(NodaTime.Period.FromDays(45), regular.LostItem.AgedToLostAfter);
        Assert.Equal(NodaTime.Period.FromDays(7), policy.GetUserGroup("42").Bursar!.MinimumAge);
        Assert.Equal(policy.Money(10m), policy.GetUserGroup("42").Bursar!.MinimumBalance);
        Assert.Equal(policy.Money(20m), policy.GetUserGroup("25").Bursar!.MinimumBalance);
    }

    [Fact]
    public void HarvardDefault_CabotWeekday_ClosesAtMidnight() =>
        Assert.Null(EmbeddedPolicies.HarvardDefault.FindLibrary("CAB")!.Hours[NodaTime.IsoDayOfWeek.Monday].Closes);

    [Fact]
    public void HarvardDefault_LamontHours_OpenAllDayEveryDay() =>
        Assert.Equal(WeeklyHours.AlwaysOpen, EmbeddedPolicies.HarvardDefault.FindLibrary("LAM")!.Hours);

    [Fact]
    public void TryGet_HarvardDefaultName_ReturnsPolicy()
    {
        Assert.True(EmbeddedPolicies.TryGet(EmbeddedPolicies.HarvardDefaultName, out var policy));
        Assert.Same(EmbeddedPolicies.HarvardDefault, policy);
    }

    [Fact]
    public void TryGet_UnknownName_False()
    {
        Assert.False(EmbeddedPolicies.TryGet("yale-default", out var policy));
        Assert.Null(policy);
    }

    [Fact]
    public void Write_HarvardDefault_ReadsBackEqual() =>
        Assert.Equal(EmbeddedPolicies.HarvardDefault, PolicyReader.Read(PolicyWriter.Write(EmbeddedPolicies.HarvardDefault)).PolicyOrThrow());
}
