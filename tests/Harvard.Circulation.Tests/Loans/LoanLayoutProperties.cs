using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Loans;
using NodaTime;

namespace Harvard.Circulation.Tests.Loans;

/// <summary>The loan's compact layout (shared check-out facts, optional instants as presence bits) keeps what a
/// record of plain properties gives: each instant reads back as set, equal steps give equal loans with equal hashes,
/// a different instant gives a different loan, and a snapshot of it round-trips.</summary>
public class LoanLayoutProperties
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 14, 0);
    private static readonly LoanTrigger[] Triggers = [LoanTrigger.ClaimReturned, LoanTrigger.DeclareLost, LoanTrigger.AgeToLost, LoanTrigger.CheckIn, LoanTrigger.MarkFound, LoanTrigger.Renew];

    [Property(MaxTest = 500)]
    public Property Transitions_AnySteps_InstantsReadBackAndEqualityHolds() =>
        Prop.ForAll(
            Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(Triggers).Zip(Gen.Choose(0, 5_000)), n)).ToArbitrary(),
            Gen.Choose(1, 59).ToArbitrary(),
            (steps, shift) =>
            {
                var (loan, expected) = Run(steps, Duration.Zero);
                var (twin, _) = Run(steps, Duration.Zero);
                var (other, _) = Run(steps, Duration.FromSeconds(shift));
                return loan.ClaimedReturnedAt == expected.ClaimedReturned && loan.LostAt == expected.Lost && loan.ReturnedAt == expected.Returned
                    && loan.LastTransitionAt == expected.Last && loan.Equals(twin) && loan.GetHashCode() == twin.GetHashCode()
                    && (loan.LastTransitionAt == loan.LoanedAt || !loan.Equals(other))
                    && Loan.FromSnapshot(loan.ToSnapshot(), loan.Number).ToSnapshot() == loan.ToSnapshot();
            });

    private static (Loan Loan, (Instant? ClaimedReturned, Instant? Lost, Instant? Returned, Instant Last) Expected) Run(IEnumerable<(LoanTrigger, int)> steps, Duration shift)
    {
        var loan = new Loan("L7", "P1", "32044000000017", Start, Start + Duration.FromDays(28), "r", "t", "WID", "S1", ["a note"]);
        (Instant? ClaimedReturned, Instant? Lost, Instant? Returned, Instant Last) expected = (null, null, null, Start);
        var at = Start;
        foreach (var (trigger, minutes) in steps)
        {
            at += Duration.FromMinutes(minutes) + shift;
            var decision = LoanStateMachine.Fire(loan, trigger, at, trigger == LoanTrigger.Renew ? at + Duration.FromDays(28) : null);
            if (!decision.IsAllowed)
            {
                continue;
            }

            loan = decision.Value;
            expected = (loan.Status, trigger) switch
            {
                (LoanStatus.ClaimedReturned, _) => expected with { ClaimedReturned = at, Last = at },
                (LoanStatus.Lost, _) => expected with { Lost = at, Last = at },
                (LoanStatus.Returned, _) => expected with { Returned = at, Last = at },
                _ => expected with { Last = at },
            };
        }

        return (loan, expected);
    }
}
