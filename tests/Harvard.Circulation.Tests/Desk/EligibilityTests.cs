using Harvard.Circulation.Desk;
using Harvard.Circulation.Items;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

public class EligibilityTests
{
    [Fact]
    public void Eligibility_SpecialBorrowerRegularBook_AllowedWithDefaultRuleAndItsVerdicts()
    {
        var answer = Open().MayBorrow(SpecialBorrower, Middlemarch, MondayMorning);

        Assert.True(answer.IsAllowed);
        Assert.Equal("default", answer.Match.Rule!.Id);
        Assert.Equal("regular", answer.Terms!.Id);
        Assert.Equal(["reserves", "depository", "default"], answer.Resolution.Verdicts.Select(v => v.Rule.Id));
        Assert.All(answer.Resolution.Verdicts.Take(2), v => Assert.Contains("itemPolicy", v.MismatchedFields.Single(), StringComparison.Ordinal));
    }

    [Fact]
    public void Eligibility_GroupMayNotBorrow_CheckOutRefusedWithTheSameReasons()
    {
        var policy = Policy(("{ \"code\": \"25\", \"name\": \"Special Borrower\", \"maxLoans\": 50,",
            "{ \"code\": \"25\", \"name\": \"Special Borrower\", \"maxLoans\": 1, \"mayBorrow\": false,"));
        var desk = Open(policy);
        var answer = desk.MayBorrow(SpecialBorrower, Middlemarch, MondayMorning);
        Assert.Equal([RefusalCodes.MayNotBorrow], answer.Reasons.Select(r => r.Code));

        var refused = desk.CheckOut(SpecialBorrower, Middlemarch, MondayMorning);
        Assert.False(refused.IsAllowed);
        Assert.Equal(answer.Reasons, refused.Reasons);
    }

    [Fact]
    public void Eligibility_ItemAlreadyOnLoan_OnlyThatReason()
    {
        var desk = Open().CheckOut(Faculty, Middlemarch, MondayMorning).Ok();

        var answer = desk.MayBorrow(SpecialBorrower, Middlemarch, MondayMorning);

        var reason = Assert.Single(answer.Reasons);
        Assert.Equal(RefusalCodes.ItemOnLoan, reason.Code);
        Assert.Equal($"Item {Middlemarch} is already on loan (L1).", reason.Message);
    }
}
