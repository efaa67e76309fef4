using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Loans;
using NodaTime;

namespace Harvard.Circulation.Tests.Loans;

/// <summary>The laws of the loan state machine over random sequences of triggers and instants.</summary>
public class LoanStateMachineProperties
{
    private static readonly Instant CheckedOut = Instant.FromUtc(2026, 3, 2, 14, 0);

    // The reference model, written from domain.md §2 as a table of (from, trigger) → to in the spec's own
    // spellings; it does not call LoanStateMachine.
    private static readonly Dictionary<(string From, string Trigger), string> Model = new()
    {
        [("onLoan", "claimReturned")] = "claimedReturned",
        [("onLoan", "declareLost")] = "lost",
        [("onLoan", "agedToLost")] = "lost",
        [("onLoan", "checkIn")] = "returned",
        [("onLoan", "renew")] = "onLoan",
        [("claimedReturned", "declareLost")] = "lost",
        [("claimedReturned", "markFound")] = "returned",
        [("claimedReturned", "checkIn")] = "returned",
        [("lost", "markFound")] = "returned",
        [("lost", "checkIn")] = "returned",
    };

    private static readonly string[] RowActions = ["claimReturned", "declareLost", "markFound"];

    private static Loan NewLoan() => new("L1", "10000002", "32044000000001", CheckedOut, CheckedOut + Duration.FromDays(28), "default", "regular");

    private static Decision<Loan> Step(Loan loan, LoanStep step, ref Instant at)
    {
        at += Duration.FromMinutes(step.MinutesLater);
        return LoanStateMachine.Fire(loan, step.Trigger, at, at + Duration.FromDays(28));
    }

    [Property(MaxTest = 1000)]
    public Property Fire_AnySequence_AgreesWithReferenceModel() =>
        Prop.ForAll(LoanGenerators.LoanSequences(), steps =>
        {
            var loan = NewLoan();
            var state = "onLoan";
            var at = CheckedOut;
            foreach (var step in steps)
            {
                var decision = Step(loan, step, ref at);
                var modelAllows = Model.TryGetValue((state, step.Trigger.ToSpelling()), out var next);
                if (decision.IsAllowed != modelAllows)
                {
                    return false;
                }

                if (modelAllows)
                {
                    state = next!;
                    loan = decision.Result;
                }

                if (loan.Status.ToSpelling() != state)
                {
                    return false;
                }
            }

            return true;
        });

    [Property(MaxTest = 1000)]
    public Property AllowedActions_AnySequence_AreTheRowActionsThatSucceed() =>
        Prop.ForAll(LoanGenerators.LoanSequences(), steps =>
        {
            var loan = NewLoan();
            var at = CheckedOut;
            foreach (var step in steps.Append(new LoanStep(LoanTrigger.Renew, 0)))
            {
                var succeeding = Enum.GetValues<LoanTrigger>()
                    .Where(t => RowActions.Contains(t.ToSpelling()) && LoanStateMachine.Fire(loan, t, at).IsAllowed);
                if (!loan.AllowedActions.SequenceEqual(succeeding))
                {
                    return false;
                }

                loan = Step(loan, step, ref at).Result;
            }

            return true;
        });

    [Property(MaxTest = 1000)]
    public Property Fire_AfterReturned_EveryTriggerRefusedAndStaysReturned() =>
        Prop.ForAll(LoanGenerators.LoanSequences(), steps =>
        {
            var loan = NewLoan();
            var at = CheckedOut;
            var returned = false;
            foreach (var step in steps)
            {
                var decision = Step(loan, step, ref at);
                if (returned && (decision.IsAllowed || !ReferenceEquals(decision.Result, loan) || decision.Result.Status != LoanStatus.Returned))
                {
                    return false;
                }

                loan = decision.Result;
                returned = loan.Status == LoanStatus.Returned;
            }

            return true;
        });

    [Property(MaxTest = 1000)]
    public Property Fire_Refused_ChangesNothingAndNamesStateAndAction() =>
        Prop.ForAll(LoanGenerators.LoanSequences(), steps =>
        {
            var loan = NewLoan();
            var at = CheckedOut;
            foreach (var step in steps)
            {
                var before = loan;
                var decision = Step(loan, step, ref at);
                if (!decision.IsAllowed)
                {
                    var refusal = decision.Reasons.Single();
                    var named = refusal.Message.StartsWith($"{step.Trigger.ToSpelling()} is not allowed on loan L1: it is {before.Status.ToSpelling()}.", StringComparison.Ordinal);
                    if (!ReferenceEquals(before, decision.Result) || !before.Equals(decision.Result) || refusal.Code != RefusalCodes.ActionNotAllowed || !named)
                    {
                        return false;
                    }
                }

                loan = decision.Result;
            }

            return true;
        });

    [Property(MaxTest = 1000)]
    public Property Fire_AnySequence_InstantsNeverGoBackwards() =>
        Prop.ForAll(LoanGenerators.LoanSequences(), steps =>
        {
            var loan = NewLoan();
            var at = CheckedOut;
            foreach (var step in steps)
            {
                var next = Step(loan, step, ref at).Result;
                if (next.LastTransitionAt < loan.LastTransitionAt || !Ordered(next.ClaimedReturnedAt, next.LostAt, next.ReturnedAt))
                {
                    return false;
                }

                loan = next;
            }

            return true;
        });

    // Each instant that is set is not before any earlier one that is set.
    private static bool Ordered(params Instant?[] instants)
    {
        var set = instants.Where(i => i.HasValue).Select(i => i!.Value).ToList();
        return set.Zip(set.Skip(1)).All(p => p.First <= p.Second);
    }

    [Property(MaxTest = 1000)]
    public Property ClaimedReturnedCount_AnyDeskSequence_EqualsSuccessfulClaims() =>
        Prop.ForAll(LoanGenerators.DeskSequences(), steps =>
        {
            var desk = DeskFixtures.OpenDesk(maxClaimedReturned: 3);
            var at = DeskFixtures.Monday;
            var claims = 0;
            foreach (var step in steps)
            {
                at += Duration.FromMinutes(step.MinutesLater);
                var onLoanBefore = desk.AdvanceTo(at).OpenLoanOf(step.Barcode) is { Status: LoanStatus.OnLoan };
                var decision = Act(desk, step, at);
                if (step.Action == DeskAction.ClaimReturned)
                {
                    // A claim succeeds exactly on an onLoan loan under the group's limit.
                    if (decision.IsAllowed != (onLoanBefore && claims < 3))
                    {
                        return false;
                    }

                    claims += decision.IsAllowed ? 1 : 0;
                }

                desk = decision.Result;
                if (desk.ClaimedReturnedCount(DeskFixtures.FacultyPatron) != claims)
                {
                    return false;
                }
            }

            return true;
        });

    private static Decision<CirculationDesk> Act(CirculationDesk desk, LoanDeskStep step, Instant at) => step.Action switch
    {
        DeskAction.CheckOut => desk.CheckOut(DeskFixtures.FacultyPatron, step.Barcode, at),
        DeskAction.ClaimReturned => desk.ClaimReturned(step.Barcode, at),
        DeskAction.DeclareLost => desk.DeclareLost(step.Barcode, at),
        DeskAction.MarkFound => desk.MarkFound(step.Barcode, at),
        DeskAction.CheckIn => desk.CheckIn(step.Barcode, at),
        DeskAction.Renew => desk.Renew(step.Barcode, at),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };
}
