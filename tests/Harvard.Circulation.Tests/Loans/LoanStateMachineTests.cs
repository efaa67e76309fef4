using Harvard.Circulation.Loans;
using NodaTime;

namespace Harvard.Circulation.Tests.Loans;

public partial class LoanStateMachineTests
{
    private static readonly Instant CheckedOut = Instant.FromUtc(2026, 3, 2, 14, 0);
    private static readonly Instant Due = CheckedOut + Duration.FromDays(28);

    // The faculty patron's 28-day loan of Orlando.
    private static Loan OrlandoLoan() => new("L1", "10000002", "32044000000001", CheckedOut, Due, "default", "regular");

    // The loan brought into a state by the staff guide's own actions, one hour apart.
    private static Loan LoanIn(LoanStatus status) => status switch
    {
        LoanStatus.OnLoan => OrlandoLoan(),
        LoanStatus.ClaimedReturned => Fire(OrlandoLoan(), LoanTrigger.ClaimReturned, 1),
        LoanStatus.Lost => Fire(OrlandoLoan(), LoanTrigger.DeclareLost, 1),
        LoanStatus.Returned => Fire(OrlandoLoan(), LoanTrigger.CheckIn, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private static Loan Fire(Loan loan, LoanTrigger trigger, int hoursAfterCheckOut) =>
        LoanStateMachine.Fire(loan, trigger, CheckedOut + Duration.FromHours(hoursAfterCheckOut), Due + Duration.FromDays(28)).Value;

    // The guide: "If the item is still on loan, you will see Claimed Returned and Lost as options".
    [Fact]
    public void AllowedActions_OnLoan_ClaimReturnedThenDeclareLost() =>
        Assert.Equal([LoanTrigger.ClaimReturned, LoanTrigger.DeclareLost], LoanStateMachine.AllowedActions(LoanStatus.OnLoan).ToArray());

    // "If the item is marked Claimed Return, you will see Lost and Found as options".
    [Fact]
    public void AllowedActions_ClaimedReturned_DeclareLostThenMarkFound() =>
        Assert.Equal([LoanTrigger.DeclareLost, LoanTrigger.MarkFound], LoanStateMachine.AllowedActions(LoanStatus.ClaimedReturned).ToArray());

    // "If the item is marked Lost, you will see only Found as an option".
    [Fact]
    public void AllowedActions_Lost_OnlyMarkFound() =>
        Assert.Equal([LoanTrigger.MarkFound], LoanStateMachine.AllowedActions(LoanStatus.Lost).ToArray());

    [Fact]
    public void AllowedActions_Returned_None() => Assert.Empty(LoanStateMachine.AllowedActions(LoanStatus.Returned));

    [Theory]
    [InlineData(LoanStatus.OnLoan)]
    [InlineData(LoanStatus.ClaimedReturned)]
    [InlineData(LoanStatus.Lost)]
    [InlineData(LoanStatus.Returned)]
    public void AllowedActions_OfLoan_AreThoseOfItsState(LoanStatus status) =>
        Assert.Equal(LoanStateMachine.AllowedActions(status).ToArray(), LoanIn(status).AllowedActions.ToArray());

    [Fact]
    public void AllowedActions_UndefinedState_Empty() => Assert.Empty(LoanStateMachine.AllowedActions((LoanStatus)42));

    // domain.md §2, every transition, with the target state.
    [Theory]
    [InlineData(LoanStatus.OnLoan, LoanTrigger.ClaimReturned, LoanStatus.ClaimedReturned)]
    [InlineData(LoanStatus.OnLoan, LoanTrigger.DeclareLost, LoanStatus.Lost)]
    [InlineData(LoanStatus.OnLoan, LoanTrigger.AgeToLost, LoanStatus.Lost)]
    [InlineData(LoanStatus.OnLoan, LoanTrigger.CheckIn, LoanStatus.Returned)]
    [InlineData(LoanStatus.OnLoan, LoanTrigger.Renew, LoanStatus.OnLoan)]
    [InlineData(LoanStatus.ClaimedReturned, LoanTrigger.DeclareLost, LoanStatus.Lost)]
    [InlineData(LoanStatus.ClaimedReturned, LoanTrigger.MarkFound, LoanStatus.Returned)]
    [InlineData(LoanStatus.ClaimedReturned, LoanTrigger.CheckIn, LoanStatus.Returned)]
    [InlineData(LoanStatus.Lost, LoanTrigger.MarkFound, LoanStatus.Returned)]
    [InlineData(LoanStatus.Lost, LoanTrigger.CheckIn, LoanStatus.Returned)]
    public void Fire_AllowedTransition_MovesToTarget(LoanStatus from, LoanTrigger trigger, LoanStatus to)
    {
        var at = CheckedOut + Duration.FromDays(3);
        var decision = LoanStateMachine.Fire(LoanIn(from), trigger, at, Due + Duration.FromDays(28));

        Assert.True(decision.IsAllowed);
        Assert.Empty(decision.Reasons);
        Assert.Equal(to, decision.Value.Status);
        Assert.Equal(at, decision.Value.LastTransitionAt);
        Assert.Equal(to, LoanStateMachine.Target(from, trigger));
        Assert.True(LoanStateMachine.CanFire(from, trigger));
    }

    [Fact]
    public void Target_EveryPair_ExactlyTheTenTransitionsExist()
    {
        var pairs = LoanStateMachine.States.SelectMany(s => LoanStateMachine.Triggers.Select(t => (s, t)))
            .Count(p => LoanStateMachine.CanFire(p.s, p.t));

        Assert.Equal(10, pairs);
    }

    public static TheoryData<LoanStatus, LoanTrigger> RefusedPairs()
    {
        var data = new TheoryData<LoanStatus, LoanTrigger>();
        foreach (var status in Enum.GetValues<LoanStatus>())
        {
            foreach (var trigger in Enum.GetValues<LoanTrigger>())
            {
                if (!LoanStateMachine.CanFire(status, trigger))
                {
                    data.Add(status, trigger);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RefusedPairs))]
    public void Fire_NotAllowed_RefusedNamingStateAndActionLoanUnchanged(LoanStatus status, LoanTrigger trigger)
    {
        var loan = LoanIn(status);

        var decision = LoanStateMachine.Fire(loan, trigger, CheckedOut + Duration.FromDays(3), Due + Duration.FromDays(28));

        Assert.False(decision.IsAllowed);
        Assert.Same(loan, decision.Unchanged);
        var refusal = Assert.Single(decision.Reasons);
        Assert.Equal(RefusalCodes.ActionNotAllowed, refusal.Code);
        Assert.StartsWith($"{trigger.ToSpelling()} is not allowed on loan L1: it is {status.ToSpelling()}.", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fire_ClaimReturnedOnLost_RefusedWithMarkItFoundFirst()
    {
        var lost = LoanIn(LoanStatus.Lost);

        var decision = LoanStateMachine.Fire(lost, LoanTrigger.ClaimReturned, CheckedOut + Duration.FromDays(3));

        Assert.False(decision.IsAllowed);
        Assert.Same(lost, decision.Unchanged);
        Assert.Equal("claimReturned is not allowed on loan L1: it is lost. Mark it found first.", Assert.Single(decision.Reasons).Message);
    }

    [Fact]
    public void Fire_RenewLost_RefusedLostCannotBeRenewed() =>
        Assert.Equal("renew is not allowed on loan L1: it is lost. A lost loan cannot be renewed.",
            Assert.Single(LoanStateMachine.Fire(LoanIn(LoanStatus.Lost), LoanTrigger.Renew, Due, Due + Duration.FromDays(28)).Reasons).Message);

    [Fact]
    public void Fire_MarkFoundOnLoan_RefusedWithoutHint() =>
        Assert.Equal("markFound is not allowed on loan L1: it is onLoan.",
            Assert.Single(LoanStateMachine.Fire(OrlandoLoan(), LoanTrigger.MarkFound, Due).Reasons).Message);

    [Theory]
    [InlineData(LoanTrigger.ClaimReturned)]
    [InlineData(LoanTrigger.DeclareLost)]
    [InlineData(LoanTrigger.MarkFound)]
    [InlineData(LoanTrigger.CheckIn)]
    [InlineData(LoanTrigger.Renew)]
    [InlineData(LoanTrigger.AgeToLost)]
    public void Fire_OnReturned_RefusedLoanIsClosed(LoanTrigger trigger)
    {
        var returned = LoanIn(LoanStatus.Returned);

        var decision = LoanStateMachine.Fire(returned, trigger, Due, Due + Duration.FromDays(28));

        Assert.Same(returned, decision.Unchanged);
        Assert.Equal($"{trigger.ToSpelling()} is not allowed on loan L1: it is returned. The loan is closed.", Assert.Single(decision.Reasons).Message);
    }

    [Theory]
    [InlineData(LoanStatus.ClaimedReturned)]
    [InlineData(LoanStatus.Lost)]
    public void Fire_CheckInOfClaimedReturnedOrLost_ResolvesAsFound(LoanStatus status)
    {
        var at = CheckedOut + Duration.FromDays(5);

        var checkedIn = LoanStateMachine.Fire(LoanIn(status), LoanTrigger.CheckIn, at).Value;
        var found = LoanStateMachine.Fire(LoanIn(status), LoanTrigger.MarkFound, at).Value;

        Assert.Equal(found, checkedIn);
        Assert.Equal(LoanStatus.Returned, checkedIn.Status);
        Assert.Equal(at, checkedIn.FoundAt);
        Assert.Equal(at, checkedIn.ReturnedAt);
    }

    [Fact]
    public void Fire_CheckInOnLoan_ReturnedNotFound()
    {
        var returned = LoanStateMachine.Fire(OrlandoLoan(), LoanTrigger.CheckIn, Due).Value;

        Assert.Equal(LoanStatus.Returned, returned.Status);
        Assert.Equal(Due, returned.ReturnedAt);
        Assert.Null(returned.FoundAt);
        Assert.False(returned.IsOpen);
    }

    [Fact]
    public void Fire_ClaimThenLostThenFound_KeepsEachInstant()
    {
        var claimed = Fire(OrlandoLoan(), LoanTrigger.ClaimReturned, 1);
        var lost = Fire(claimed, LoanTrigger.DeclareLost, 2);
        var found = Fire(lost, LoanTrigger.MarkFound, 3);

        Assert.Equal(CheckedOut + Duration.FromHours(1), found.ClaimedReturnedAt);
        Assert.Equal(CheckedOut + Duration.FromHours(2), found.LostAt);
        Assert.Equal(CheckedOut + Duration.FromHours(3), found.ReturnedAt);
        Assert.Equal(CheckedOut + Duration.FromHours(3), found.FoundAt);
        Assert.Equal(CheckedOut + Duration.FromHours(3), found.LastTransitionAt);
        Assert.False(found.AgedToLost);
    }

    [Fact]
    public void Fire_AgeToLost_MarksAgedToLost()
    {
        var aged = LoanStateMachine.Fire(OrlandoLoan(), LoanTrigger.AgeToLost, Due + Duration.FromDays(45)).Value;

        Assert.Equal(LoanStatus.Lost, aged.Status);
        Assert.True(aged.AgedToLost);
        Assert.Equal(Due + Duration.FromDays(45), aged.LostAt);
    }

    [Fact]
    public void Fire_Renew_MovesDueCountsAndKeepsOnLoan()
    {
        var renewedAt = Due - Duration.FromDays(1);
        var newDue = renewedAt + Duration.FromDays(28);

        var renewed = LoanStateMachine.Fire(OrlandoLoan(), LoanTrigger.Renew, renewedAt, newDue).Value;

        Assert.Equal(LoanStatus.OnLoan, renewed.Status);
        Assert.Equal(newDue, renewed.DueAt);
        Assert.Equal(renewedAt, renewed.DueSetAt);
        Assert.Equal(1, renewed.Renewals);
        Assert.Equal([renewedAt], renewed.RenewedAt);
        Assert.Equal(renewedAt, renewed.LastTransitionAt);
    }

    [Fact]
    public void Fire_RenewWithoutDue_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LoanStateMachine.Fire(OrlandoLoan(), LoanTrigger.Renew, Due));
        Assert.Equal("newDueAt", ex.ParamName);
    }

    [Fact]
    public void Fire_BeforeLastTransition_Throws()
    {
        var claimed = Fire(OrlandoLoan(), LoanTrigger.ClaimReturned, 5);

        var ex = Assert.Throws<ArgumentException>(() => LoanStateMachine.Fire(claimed, LoanTrigger.MarkFound, CheckedOut + Duration.FromHours(4)));

        Assert.Equal("at", ex.ParamName);
    }

    [Fact]
    public void Fire_AFractionOfASecondBeforeLastTransition_NamesBothInstantsApart()
    {
        var claimedAt = CheckedOut + Duration.FromHours(5);
        var claimed = LoanStateMachine.Fire(OrlandoLoan(), LoanTrigger.ClaimReturned, claimedAt.PlusNanoseconds(1)).Value;

        var ex = Assert.Throws<ArgumentException>(() => LoanStateMachine.Fire(claimed, LoanTrigger.MarkFound, claimedAt));

        Assert.Equal("The instant 2026-03-02T19:00:00Z is before the last transition of loan L1 at 2026-03-02T19:00:00.000000001Z. (Parameter 'at')", ex.Message);
    }

    [Fact]
    public void Loan_DueAFractionOfASecondBeforeTheLoanInstant_NamesBothInstantsApart()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Loan("L1", "10000002", "32044000000001", CheckedOut.PlusNanoseconds(1), CheckedOut, "default", "regular"));

        Assert.Equal("The due instant 2026-03-02T14:00:00Z is before the loan instant 2026-03-02T14:00:00.000000001Z. (Parameter 'dueAt')", ex.Message);
    }

    [Fact]
    public void Fire_AtLastTransitionInstant_Allowed() =>
        Assert.True(LoanStateMachine.Fire(OrlandoLoan(), LoanTrigger.ClaimReturned, CheckedOut).IsAllowed);

    [Fact]
    public void Fire_NullLoan_Throws() =>
        Assert.Equal("loan", Assert.Throws<ArgumentNullException>(() => LoanStateMachine.Fire(null!, LoanTrigger.CheckIn, Due)).ParamName);
}
