using Harvard.Circulation.Loans;
using NodaTime;
using static Harvard.Circulation.Tests.Loans.DeskFixtures;

namespace Harvard.Circulation.Tests.Loans;

// The row actions as the desk offers them: the same machine, plus the patron's claimed-returned count.
public partial class LoanStateMachineTests
{
    [Fact]
    public void ClaimReturned_AtDesk_CountsTheClaimAndStopsTheLoan()
    {
        var desk = WithOrlandoOut().ClaimReturned(OrlandoBarcode, Monday + Duration.FromDays(30)).Value;

        Assert.Equal(1, desk.ClaimedReturnedCount(FacultyPatron));
        Assert.Equal(LoanStatus.ClaimedReturned, desk.OpenLoanOf(OrlandoBarcode)!.Status);
        Assert.Equal([LoanTrigger.DeclareLost, LoanTrigger.MarkFound], desk.OpenLoanOf(OrlandoBarcode)!.AllowedActions.ToArray());
    }

    [Fact]
    public void ClaimReturned_AtDeskOnLostLoan_RefusedNothingChanges()
    {
        var lost = WithOrlandoOut().DeclareLost(OrlandoBarcode, Monday + Duration.FromDays(30)).Value;

        var decision = lost.ClaimReturned(OrlandoBarcode, Monday + Duration.FromDays(31));

        Assert.False(decision.IsAllowed);
        Assert.Equal("claimReturned is not allowed on loan L1: it is lost. Mark it found first.", Assert.Single(decision.Reasons).Message);
        Assert.Equal(0, decision.Result.ClaimedReturnedCount(FacultyPatron));
        Assert.Equal(lost.Loans, decision.Result.Loans);
        Assert.Equal(lost.FinesFees, decision.Result.FinesFees);
    }

    [Fact]
    public void ClaimReturned_BeyondGroupLimit_RefusedWithCount()
    {
        var desk = OpenDesk(maxClaimedReturned: 1);
        desk = desk.CheckOut(FacultyPatron, OrlandoBarcode, Monday).Value;
        desk = desk.CheckOut(FacultyPatron, MiddlemarchBarcode, Monday).Value;
        desk = desk.ClaimReturned(OrlandoBarcode, Monday + Duration.FromDays(1)).Value;

        var decision = desk.ClaimReturned(MiddlemarchBarcode, Monday + Duration.FromDays(2));

        Assert.False(decision.IsAllowed);
        var refusal = Assert.Single(decision.Reasons);
        Assert.Equal(RefusalCodes.MaxClaimedReturned, refusal.Code);
        Assert.Equal("Patron 10000002 has already claimed 1 loans returned; the limit of user group 21 is 1.", refusal.Message);
        Assert.Equal(1, decision.Result.ClaimedReturnedCount(FacultyPatron));
    }

    [Fact]
    public void MarkFound_AtDeskOnLoan_RefusedNamingStateAndAction()
    {
        var decision = WithOrlandoOut().MarkFound(OrlandoBarcode, Monday + Duration.FromDays(1));

        Assert.Equal("markFound is not allowed on loan L1: it is onLoan.", Assert.Single(decision.Reasons).Message);
        Assert.Equal(LoanStatus.OnLoan, decision.Result.OpenLoanOf(OrlandoBarcode)!.Status);
    }

    [Fact]
    public void CheckIn_AtDeskOfClaimedReturned_ClosesAsFound()
    {
        var desk = WithOrlandoOut().ClaimReturned(OrlandoBarcode, Monday + Duration.FromDays(30)).Value;

        desk = desk.CheckIn(OrlandoBarcode, Monday + Duration.FromDays(32)).Value;

        var loan = desk.FindLoan("L1")!;
        Assert.Equal(LoanStatus.Returned, loan.Status);
        Assert.Equal(Monday + Duration.FromDays(32), loan.FoundAt);
        Assert.Null(desk.OpenLoanOf(OrlandoBarcode));
    }

    [Fact]
    public void DeclareLost_AtDeskAfterReturn_RefusedNoOpenLoan()
    {
        var desk = WithOrlandoOut().CheckIn(OrlandoBarcode, Monday + Duration.FromDays(3)).Value;

        var decision = desk.DeclareLost(OrlandoBarcode, Monday + Duration.FromDays(4));

        var refusal = Assert.Single(decision.Reasons);
        Assert.Equal(RefusalCodes.NoOpenLoan, refusal.Code);
        Assert.Equal("declareLost is refused: item 32044000000001 has no open loan.", refusal.Message);
    }

    [Fact]
    public void AdvanceTo_OnLoanPastDuePlus45Days_AgedToLost()
    {
        // Due at the end of 30 March (28 days, end of day); lost 45 days later.
        var desk = WithOrlandoOut();
        var due = desk.OpenLoanOf(OrlandoBarcode)!.DueAt;

        var before = desk.AdvanceTo(due + Duration.FromDays(45) - Duration.FromMinutes(1));
        var after = desk.AdvanceTo(due + Duration.FromDays(45));

        Assert.Equal(LoanStatus.OnLoan, before.OpenLoanOf(OrlandoBarcode)!.Status);
        var aged = after.OpenLoanOf(OrlandoBarcode)!;
        Assert.Equal(LoanStatus.Lost, aged.Status);
        Assert.True(aged.AgedToLost);
        Assert.Equal(due + Duration.FromDays(45), aged.LostAt);
    }

    [Fact]
    public void AdvanceTo_ClaimedReturnedPastDuePlus45Days_NeverAgesToLost()
    {
        var desk = WithOrlandoOut().ClaimReturned(OrlandoBarcode, Monday + Duration.FromDays(30)).Value;

        var later = desk.AdvanceTo(Monday + Duration.FromDays(400));

        Assert.Equal(LoanStatus.ClaimedReturned, later.OpenLoanOf(OrlandoBarcode)!.Status);
    }
}
