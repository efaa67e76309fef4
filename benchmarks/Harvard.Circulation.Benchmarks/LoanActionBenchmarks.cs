using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Harvard.Circulation.Loans;
using NodaTime;
using Stateless;

namespace Harvard.Circulation.Benchmarks;

/// <summary>
/// One loan action decided: the row actions a state offers, applying one, and a refusal — the loan state
/// machine against Stateless configured with the same states and triggers once, as one shared machine whose
/// state lives outside it (set per call).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LoanActionBenchmarks
{
    private static readonly Instant At = Fixtures.Now;
    private Loan onLoan = null!;
    private Loan lost = null!;
    private LoanStatus external;
    private StateMachine<LoanStatus, LoanTrigger> machine = null!;
    private string? unhandled;

    /// <summary>Builds the loans and configures the shared Stateless machine.</summary>
    [GlobalSetup]
    public void Setup()
    {
        onLoan = new Loan("L1", "P1", "32044000000017", At - Duration.FromDays(3), At + Duration.FromDays(25), "default", "regular");
        lost = LoanStateMachine.Fire(onLoan, LoanTrigger.DeclareLost, At).Value;
        machine = new StateMachine<LoanStatus, LoanTrigger>(() => external, s => external = s);
        machine.Configure(LoanStatus.OnLoan)
            .Permit(LoanTrigger.ClaimReturned, LoanStatus.ClaimedReturned)
            .Permit(LoanTrigger.DeclareLost, LoanStatus.Lost)
            .Permit(LoanTrigger.AgeToLost, LoanStatus.Lost)
            .Permit(LoanTrigger.CheckIn, LoanStatus.Returned)
            .PermitReentry(LoanTrigger.Renew);
        machine.Configure(LoanStatus.ClaimedReturned)
            .Permit(LoanTrigger.DeclareLost, LoanStatus.Lost)
            .Permit(LoanTrigger.MarkFound, LoanStatus.Returned)
            .Permit(LoanTrigger.CheckIn, LoanStatus.Returned);
        machine.Configure(LoanStatus.Lost)
            .Permit(LoanTrigger.MarkFound, LoanStatus.Returned)
            .Permit(LoanTrigger.CheckIn, LoanStatus.Returned);
        machine.Configure(LoanStatus.Returned);
        machine.OnUnhandledTrigger((state, trigger) => unhandled = $"{trigger.ToSpelling()} is not allowed: it is {state.ToSpelling()}.");
    }

    /// <summary>The row actions of an on-loan loan.</summary>
    /// <returns>The actions.</returns>
    [Benchmark, BenchmarkCategory("AllowedActions")]
    public ImmutableArray<LoanTrigger> AllowedActions() => LoanStateMachine.AllowedActions(onLoan.Status);

    /// <summary>Stateless: the permitted triggers of the on-loan state.</summary>
    /// <returns>The triggers.</returns>
    [Benchmark(Baseline = true), BenchmarkCategory("AllowedActions")]
    public int StatelessPermittedTriggers()
    {
        external = LoanStatus.OnLoan;
        var count = 0;
#pragma warning disable CS0618 // The synchronous call: the async one would only add overhead to the peer.
        foreach (var _ in machine.GetPermittedTriggers())
        {
            count++;
        }
#pragma warning restore CS0618

        return count;
    }

    /// <summary>Claim returned applied: the new loan.</summary>
    /// <returns>The decision.</returns>
    [Benchmark, BenchmarkCategory("Apply")]
    public Decision<Loan> Apply() => LoanStateMachine.Fire(onLoan, LoanTrigger.ClaimReturned, At);

    /// <summary>Stateless: claim returned fired from the on-loan state.</summary>
    /// <returns>The new state.</returns>
    [Benchmark(Baseline = true), BenchmarkCategory("Apply")]
    public LoanStatus StatelessApply()
    {
        external = LoanStatus.OnLoan;
        machine.Fire(LoanTrigger.ClaimReturned);
        return external;
    }

    /// <summary>Claim returned on a lost loan: refused with a message naming the state.</summary>
    /// <returns>The decision.</returns>
    [Benchmark, BenchmarkCategory("Refusal")]
    public Decision<Loan> Refusal() => LoanStateMachine.Fire(lost, LoanTrigger.ClaimReturned, At);

    /// <summary>Stateless: claim returned fired on the lost state, caught by the unhandled-trigger handler.</summary>
    /// <returns>The refusal message.</returns>
    [Benchmark(Baseline = true), BenchmarkCategory("Refusal")]
    public string? StatelessRefusal()
    {
        external = LoanStatus.Lost;
        machine.Fire(LoanTrigger.ClaimReturned);
        return unhandled;
    }
}
