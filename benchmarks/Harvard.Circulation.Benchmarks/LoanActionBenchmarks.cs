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
    private FloorLoan floorLoan = null!;

    /// <summary>Builds the loans and configures the shared Stateless machine.</summary>
    [GlobalSetup]
    public void Setup()
    {
        onLoan = new Loan("L1", "P1", "32044000000017", At - Duration.FromDays(3), At + Duration.FromDays(25), "default", "regular");
        lost = LoanStateMachine.Fire(onLoan, LoanTrigger.DeclareLost, At).Value;
        floorLoan = new FloorLoan(onLoan.Id, onLoan.PatronId, onLoan.ItemBarcode, onLoan.RuleId, onLoan.TermsOfUseId, onLoan.Location, onLoan.SessionId,
            LoanStatus.OnLoan, onLoan.LoanedAt, onLoan.DueAt);
        if (Apply().Value.Status != Floor().Status || Floor().ClaimedReturnedAt != Apply().Value.ClaimedReturnedAt)
        {
            throw new InvalidOperationException("The floor does not apply claim returned as the state machine does.");
        }
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

    /// <summary>The floor of applying an action to a loan of this shape: one copy of a record with the loan's fields
    /// (the same types), the state and instant set — no checks, no decision.</summary>
    /// <returns>The new loan.</returns>
    [Benchmark, BenchmarkCategory("Apply")]
    public FloorLoan Floor() => floorLoan with { Status = LoanStatus.ClaimedReturned, ClaimedReturnedAt = At, AccruingRecordKey = null };

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

    /// <summary>A record with the fields of <see cref="Loan"/>, of the same types, for the floor of a transition.</summary>
    /// <param name="Id">The loan id.</param>
    /// <param name="PatronId">The patron.</param>
    /// <param name="ItemBarcode">The item.</param>
    /// <param name="RuleId">The rule.</param>
    /// <param name="TermsOfUseId">The terms.</param>
    /// <param name="Location">The location.</param>
    /// <param name="SessionId">The session.</param>
    /// <param name="Status">The state.</param>
    /// <param name="LoanedAt">When loaned.</param>
    /// <param name="DueAt">When due.</param>
    public sealed record FloorLoan(string Id, string? PatronId, string ItemBarcode, string RuleId, string TermsOfUseId, string? Location, string? SessionId,
        LoanStatus Status, Instant LoanedAt, Instant DueAt)
    {
        /// <summary>The loan's number.</summary>
        public int Number { get; init; }

        /// <summary>Notices sent.</summary>
        public ulong NoticesSentMask { get; init; }

        /// <summary>For which due the notices were sent.</summary>
        public Instant NoticesSentFor { get; init; }

        /// <summary>For which due auto-renewal was tried.</summary>
        public Instant? AutoRenewTriedFor { get; init; }

        /// <summary>The accruing record.</summary>
        public long? AccruingRecordKey { get; init; }

        /// <summary>What is scheduled next.</summary>
        public (Instant At, byte Kind)? Scheduled { get; init; }

        /// <summary>Whether a fine or fee was incurred.</summary>
        public bool IncurredFineOrFee { get; init; }

        /// <summary>The renewals.</summary>
        public object? RenewedAt { get; init; }

        /// <summary>When recalled.</summary>
        public Instant? RecalledAt { get; init; }

        /// <summary>When claimed returned.</summary>
        public Instant? ClaimedReturnedAt { get; init; }

        /// <summary>When lost.</summary>
        public Instant? LostAt { get; init; }

        /// <summary>Whether aged to lost.</summary>
        public bool AgedToLost { get; init; }

        /// <summary>When returned.</summary>
        public Instant? ReturnedAt { get; init; }

        /// <summary>The notes.</summary>
        public object? Notes { get; init; }
    }
}
