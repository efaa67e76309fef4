using BenchmarkDotNet.Attributes;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using NodaTime;

namespace Harvard.Circulation.Benchmarks;

/// <summary>
/// One patron's loan list — "this session" or "all" — sorted by due date, with overdue flags, each row's accrued
/// fine and the totals: <see cref="PatronLoanList"/> into a reused row buffer against a plain LINQ query.
/// </summary>
/// <remarks>The loans come in random order; a third are 3-hour reserves accruing fines on Widener's calendar,
/// a tenth were made in the current session, some are overdue, claimed returned or lost, a few returned.</remarks>
[MemoryDiagnoser]
public class LoanListBenchmarks
{
    private const string Session = "S-current";
    private LoanListEntry[] entries = null!;
    private LoanListRow[] rows = null!;
    private string currency = null!;

    /// <summary>How many loans the patron has.</summary>
    [Params(10, 1_000, 100_000)]
    public int Loans { get; set; }

    /// <summary>"This session" or "all".</summary>
    [Params(LoanListScope.ThisSession, LoanListScope.All)]
    public LoanListScope Scope { get; set; }

    /// <summary>Generates the patron's loans.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var policy = Fixtures.HarvardDefault;
        currency = policy.Currency;
        var fine = policy.FindTermsOfUse("reserve-3h")!.OverdueFine!;
        var now = Fixtures.Now;
        var random = new Random(7);
        entries = new LoanListEntry[Loans];
        for (var i = 0; i < Loans; i++)
        {
            var reserve = i % 3 == 0;
            var loanedAt = now - Duration.FromMinutes(random.Next(60, 60 * 24 * 60));
            var dueAt = loanedAt + (reserve ? Duration.FromHours(3) : Duration.FromDays(28));
            var loan = new Loan("L" + i, "P1", "3204400" + i, loanedAt, dueAt, reserve ? "reserves-3h" : "default", reserve ? "reserve-3h" : "regular",
                sessionId: i % 10 == 0 ? Session : "S-" + (i % 17));
            var state = random.Next(20);
            var at = loanedAt + Duration.FromMinutes(30);
            loan = state switch
            {
                0 => LoanStateMachine.Fire(loan, LoanTrigger.ClaimReturned, at).Value,
                1 => LoanStateMachine.Fire(loan, LoanTrigger.DeclareLost, at).Value,
                2 => LoanStateMachine.Fire(loan, LoanTrigger.CheckIn, at).Value,
                _ => loan,
            };
            entries[i] = new LoanListEntry(loan, reserve ? fine : null, Fixtures.Widener);
        }

        rows = new LoanListRow[Loans];
        var ours = PatronLoanList();
        var linq = Linq();
        if (ours.Count != linq.Count || ours.OverdueCount != linq.OverdueCount || ours.Fines.Amount != linq.Fines || Floor() != ours.Count)
        {
            throw new InvalidOperationException($"PatronLoanList gives {ours}, LINQ {linq}.");
        }
    }

    /// <summary>The list built by <see cref="Loans.PatronLoanList"/> into a reused buffer.</summary>
    /// <returns>The totals (the rows are in the buffer).</returns>
    [Benchmark]
    public LoanListTotals PatronLoanList() =>
        Harvard.Circulation.Loans.PatronLoanList.Build(entries, Scope, Session, Fixtures.Now, currency, rows);

    /// <summary>The floor of any list over these entries: each entry read once, the scope and state checked and a
    /// row written for each listed loan — no fines, no sorting, no totals beyond the count.</summary>
    /// <returns>The number of rows.</returns>
    [Benchmark]
    public int Floor()
    {
        var count = 0;
        var thisSession = Scope == LoanListScope.ThisSession;
        var zero = Money.Zero(currency);
        foreach (ref readonly var entry in entries.AsSpan())
        {
            var loan = entry.Loan;
            if (loan.Status != LoanStatus.Returned && (!thisSession || string.Equals(loan.SessionId, Session, StringComparison.Ordinal)))
            {
                rows[count] = new LoanListRow(count, loan.DueAt, loan.Status, false, zero);
                count++;
            }
        }

        return count;
    }

    /// <summary>The same list with LINQ: filter, project with the fine, order by due, total.</summary>
    /// <returns>The rows and totals.</returns>
    [Benchmark(Baseline = true)]
    public (List<(Loan Loan, bool Overdue, decimal Fine)> Rows, int Count, int OverdueCount, decimal Fines) Linq()
    {
        var now = Fixtures.Now;
        var list = entries
            .Where(e => e.Loan.IsOpen && (Scope == LoanListScope.All || e.Loan.SessionId == Session))
            .Select(e => (e.Loan, Overdue: e.Loan.IsOverdueAt(now), Fine: FineOf(e, now)))
            .OrderBy(r => r.Loan.DueAt)
            .ToList();
        return (list, list.Count, list.Count(r => r.Overdue), list.Sum(r => r.Fine));
    }

    private static decimal FineOf(LoanListEntry entry, Instant now)
    {
        if (entry.FineRule is null)
        {
            return 0m;
        }

        var until = entry.Loan.Status == LoanStatus.OnLoan ? now : entry.Loan.ClaimedReturnedAt ?? entry.Loan.LostAt ?? now;
        return until > entry.Loan.DueAt ? OverdueFineCalculator.Compute(entry.FineRule, entry.Loan.DueAt, until, entry.Calendar).Amount.Amount : 0m;
    }
}
