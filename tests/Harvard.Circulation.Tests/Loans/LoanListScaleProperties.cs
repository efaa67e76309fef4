using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Tests.Fines;
using NodaTime;

namespace Harvard.Circulation.Tests.Loans;

/// <summary>
/// The loan list at every size its code paths switch at (the stack up to 128 entries, the comparison sort up to 4,096
/// rows, the radix sort above): rows and totals equal a naive LINQ recomputation with the decimal fine, for random
/// loans — random calendars and zones, fine rules, states, sessions, dues with ties and seconds.
/// </summary>
public class LoanListScaleProperties
{
    private const string Session = "S-now";

    // The list's instant: in 2026, or just after 1970 began, so that some dues lie before the epoch (negative nanoseconds).
    private static readonly Instant[] Instants = [Instant.FromUtc(2026, 11, 10, 17, 0, 30), Instant.FromUtc(1970, 1, 1, 20, 0)];

    [Property(MaxTest = 60)]
    public Property Build_RandomLoansOfAnySize_RowsAndTotalsEqualNaiveLinq() =>
        Prop.ForAll(
            Gen.Frequency((6, Gen.Choose(0, 200)), (3, Gen.Choose(200, 1_500)), (1, Gen.Choose(4_097, 6_000))).ToArbitrary(),
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            Gen.Elements(LoanListScope.All, LoanListScope.ThisSession).Zip(Gen.Elements(Instants)).ToArbitrary(),
            (count, seed, scopeAndNow) =>
            {
                var (scope, now) = scopeAndNow;
                var entries = Entries(count, seed, now);
                var rows = new LoanListRow[count];

                var totals = PatronLoanList.Build(entries, scope, Session, now, "USD", rows);

                var naive = entries.Select((e, i) => (e, i))
                    .Where(x => x.e.Loan.IsOpen && (scope == LoanListScope.All || x.e.Loan.SessionId == Session))
                    .Select(x => new LoanListRow(x.i, x.e.Loan.DueAt, x.e.Loan.Status, x.e.Loan.IsOverdueAt(now), NaiveFine(x.e, now)))
                    .OrderBy(r => r.DueAt).ThenBy(r => r.EntryIndex)
                    .ToArray();
                return rows.Take(totals.Count).SequenceEqual(naive)
                    && totals == new LoanListTotals(naive.Length, naive.Count(r => r.IsOverdue), Money.Usd(naive.Sum(r => r.Fine.Amount)));
            });

    [Property(MaxTest = 200)]
    public Property RadixSort_PackedKeys_SortsAsAStableSortByDue() =>
        Prop.ForAll(
            Gen.Choose(1, 20_000).ToArbitrary(),
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            Gen.Elements(1L, 1_000L, 60_000_000_000L, 3_600_000_000_000L).ToArbitrary(),
            (count, seed, unit) =>
            {
                var random = new Random(seed);
                var spread = random.Next(1, 1 + random.Next(1, 1_000_000));
                var dues = Enumerable.Range(0, count).Select(_ => (long)random.Next(spread) * unit - (1L << 40)).ToArray();
                var keys = dues.Select(d => unchecked((ulong)d)).ToArray();
                var rowBits = PatronLoanList.RowBits(count);
                if (!PatronLoanList.TryPackKeys(keys, rowBits, out var spreadBits))
                {
                    return false;
                }

                PatronLoanList.RadixSort(keys, rowBits, spreadBits);

                var mask = (1ul << rowBits) - 1;
                var order = keys.Select(k => (int)(k & mask)).ToArray();
                var expected = Enumerable.Range(0, count).OrderBy(i => dues[i]).ThenBy(i => i).ToArray();
                return order.SequenceEqual(expected);
            });

    private static LoanListEntry[] Entries(int count, int seed, Instant now)
    {
        var random = new Random(seed);
        var calendars = CalendarGenerators.Calendars().Sample(3, 30).ToArray();
        FineRule?[] rules =
        [
            null,
            new FineRule(Money.Usd(0.25m), FineInterval.Hour, Period.FromMinutes(15), Money.Usd(10m), countClosed: false),
            new FineRule(Money.Usd(1.125m), FineInterval.Day, max: Money.Usd(7.125m)),
            new FineRule(Money.Usd(0.005m), FineInterval.Minute, Period.FromHours(1), graceDeducted: true),
            new FineRule(new Money(2m, "EUR"), FineInterval.Week),
        ];
        var entries = new LoanListEntry[count];
        for (var i = 0; i < count; i++)
        {
            // Dues in a few days' range, on a minute or with seconds: many ties.
            var due = now + Duration.FromMinutes(random.Next(-3 * 1_440, 1_440)) + Duration.FromSeconds(random.Next(4) == 0 ? random.Next(60) : 0);
            var loan = new Loan("L" + i, "P1", "3204400" + i, due - Duration.FromDays(7), due, "r", "t", sessionId: random.Next(3) == 0 ? Session : "S-" + random.Next(5));
            var at = due + Duration.FromMinutes(random.Next(-600, 600));
            at = at < loan.LoanedAt ? loan.LoanedAt : at;
            loan = random.Next(12) switch
            {
                0 => LoanStateMachine.Fire(loan, LoanTrigger.ClaimReturned, at).Value,
                1 => LoanStateMachine.Fire(loan, LoanTrigger.DeclareLost, at).Value,
                2 => LoanStateMachine.Fire(loan, LoanTrigger.CheckIn, at).Value,
                _ => loan,
            };
            entries[i] = new LoanListEntry(loan, rules[random.Next(rules.Length)], calendars[random.Next(calendars.Length)].Calendar);
        }

        return entries;
    }

    private static Money NaiveFine(LoanListEntry entry, Instant now)
    {
        if (entry.FineRule is null)
        {
            return Money.Usd(0m);
        }

        var until = OverdueAccrual.Until(entry.Loan, now);
        return until > entry.Loan.DueAt ? OverdueFineCalculator.ComputeWithDecimals(entry.FineRule, entry.Loan.DueAt, until, entry.Calendar).Amount : Money.Usd(0m);
    }
}
