using BenchmarkDotNet.Attributes;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Time;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Benchmarks;

/// <summary>
/// The nightly batch over 1,000,000 loans of Widener Library: fines accrued, aging to lost, anonymization and
/// notices due. Reported per loan (<c>OperationsPerInvoke</c> = loans): <see cref="NightlyBatch"/> into a reused
/// decision buffer against a naive loop doing the exact period arithmetic for every loan into a new list.
/// </summary>
/// <remarks>The mix: 60% returned over the last 90 days (some with fines), 40% open — of those 80% regular loans
/// due within ±4 weeks, 20% 3-hour reserves due within the last 3 days (accruing fines); 2% recalled.</remarks>
[MemoryDiagnoser]
public class NightlyBatchBenchmarks
{
    private const int Count = 1_000_000;
    private NightlyBatch batch = null!;
    private NightlyLoan[] loans = null!;
    private NightlyDecision[] decisions = null!;
    private Policy policy = null!;
    private LibraryCalendar calendar = null!;
    private Instant since, now;

    /// <summary>Generates the loans.</summary>
    [GlobalSetup]
    public void Setup()
    {
        policy = Fixtures.HarvardDefault;
        calendar = Fixtures.Widener;
        batch = new NightlyBatch(policy, calendar);
        now = Instant.FromUtc(2026, 11, 10, 7, 0);
        since = now - Duration.FromDays(1);
        var regular = batch.TermsIndexOf("regular");
        var reserve = batch.TermsIndexOf("reserve-3h");
        var random = new Random(11);
        loans = new NightlyLoan[Count];
        for (var i = 0; i < Count; i++)
        {
            var kind = random.Next(100);
            if (kind < 60)
            {
                var returned = now - Duration.FromMinutes(random.Next(1, 90 * 1440));
                var due = returned + Duration.FromDays(3);
                loans[i] = new NightlyLoan(due, due - Duration.FromDays(28), returned, LoanStatus.Returned, regular,
                    kind < 5 ? NightlyLoanFlags.IncurredFineOrFee : NightlyLoanFlags.None);
            }
            else if (kind < 92)
            {
                var due = now + Duration.FromMinutes(random.Next(-28 * 1440, 28 * 1440));
                loans[i] = new NightlyLoan(due, due - Duration.FromDays(28), default, LoanStatus.OnLoan, regular,
                    kind < 62 ? NightlyLoanFlags.Recalled : NightlyLoanFlags.None);
            }
            else
            {
                var due = now - Duration.FromMinutes(random.Next(0, 3 * 1440));
                loans[i] = new NightlyLoan(due, due - Duration.FromHours(3), default, LoanStatus.OnLoan, reserve, NightlyLoanFlags.None);
            }
        }

        decisions = new NightlyDecision[Count];
        var ours = Batch();
        var naive = Naive();
        var naiveTotals = (naive.Count(d => (d.Actions & NightlyActions.AgeToLost) != 0), naive.Count(d => (d.Actions & NightlyActions.Anonymize) != 0),
            naive.Sum(d => ((d.Actions & NightlyActions.CourtesyNotice) != 0 ? 1 : 0) + System.Numerics.BitOperations.PopCount(d.OverdueNotices)), naive.Sum(d => d.Fine.Amount));
        if ((ours.AgeToLost, ours.Anonymize, ours.Notices, ours.FinesAccrued.Amount) != naiveTotals)
        {
            throw new InvalidOperationException($"The batch gives {ours}, the naive loop {naiveTotals}.");
        }

        if (Floor() != loans.Count(l => l.Status == LoanStatus.OnLoan && l.DueAt < now))
        {
            throw new InvalidOperationException("The floor does not count the loans on loan past due.");
        }
    }

    /// <summary>The batch into a reused decision buffer.</summary>
    /// <returns>The totals.</returns>
    [Benchmark(OperationsPerInvoke = Count)]
    public NightlyTotals Batch() => batch.Run(loans, since, now, decisions);

    /// <summary>The floor of any batch over these loans: each loan read once and a decision written (no fine, no
    /// thresholds, no calendar) — the memory traffic of the loans and decisions alone.</summary>
    /// <returns>How many loans are on loan.</returns>
    [Benchmark(OperationsPerInvoke = Count)]
    public int Floor()
    {
        var zero = Money.Zero(policy.Currency);
        var onLoan = 0;
        for (var i = 0; i < loans.Length; i++)
        {
            ref readonly var loan = ref loans[i];
            var open = loan.Status == LoanStatus.OnLoan && loan.DueAt < now;
            onLoan += open ? 1 : 0;
            decisions[i] = new NightlyDecision(open ? NightlyActions.CourtesyNotice : NightlyActions.None, 0, zero);
        }

        return onLoan;
    }

    /// <summary>A naive loop: the exact instants for every loan and every period, decisions into a new list.</summary>
    /// <returns>The decisions.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public List<NightlyDecision> Naive()
    {
        var zone = policy.TimeZone;
        var result = new List<NightlyDecision>();
        foreach (var loan in loans)
        {
            var terms = policy.TermsOfUse[loan.TermsIndex];
            var actions = NightlyActions.None;
            uint overdue = 0;
            var fine = Money.Zero(policy.Currency);
            if (loan.Status == LoanStatus.Returned)
            {
                if ((loan.Flags & NightlyLoanFlags.Anonymized) == 0
                    && !(policy.Retention.KeepLoansWithFinesFees && (loan.Flags & NightlyLoanFlags.IncurredFineOrFee) != 0)
                    && PolicyTime.Add(loan.ReturnedAt, policy.Retention.AnonymizeReturnsAfter, zone) <= now)
                {
                    actions |= NightlyActions.Anonymize;
                }
            }
            else if (loan.Status == LoanStatus.OnLoan)
            {
                var agesAt = terms.LostItem?.AgedToLostAfter is { } after ? PolicyTime.Add(loan.DueAt, after, zone) : Instant.MaxValue;
                if (agesAt <= now)
                {
                    actions |= NightlyActions.AgeToLost;
                }

                if (terms.Notices is { } notices)
                {
                    if (notices.Courtesy is { } courtesy && PolicyTime.Subtract(loan.DueAt, courtesy, zone) is var c && c > since && c <= now && c > loan.DueSetAt && c < agesAt)
                    {
                        actions |= NightlyActions.CourtesyNotice;
                    }

                    for (var n = 0; n < notices.Overdue.Count; n++)
                    {
                        var at = PolicyTime.Add(loan.DueAt, notices.Overdue[n], zone);
                        if (at > since && at <= now && at > loan.DueSetAt && at < agesAt)
                        {
                            overdue |= 1u << n;
                            actions |= NightlyActions.OverdueNotice;
                        }
                    }
                }

                var rule = (loan.Flags & NightlyLoanFlags.Recalled) != 0 ? terms.RecalledOverdueFine : terms.OverdueFine;
                if (rule is not null)
                {
                    fine = OverdueFineCalculator.Compute(rule, loan.DueAt, now, calendar).Amount;
                }
            }

            result.Add(new NightlyDecision(actions, overdue, fine));
        }

        return result;
    }
}
