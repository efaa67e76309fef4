using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Loans;

public class PatronLoanListTests
{
    private const string Session = "S-desk-1";
    private static readonly Policy Harvard = EmbeddedPolicies.HarvardDefault;
    private static readonly LibraryCalendar Widener = PolicyCalendars.Of(Harvard).For("WID");
    private static readonly FineRule ReserveFine = Harvard.FindTermsOfUse("reserve-3h")!.OverdueFine!;

    // Tuesday 2026-11-10, 10:00 and 12:00 in Cambridge (EST): Widener is open 09:00-22:00.
    private static readonly Instant TuesdayTen = Instant.FromUtc(2026, 11, 10, 15, 0);
    private static readonly Instant TuesdayNoon = Instant.FromUtc(2026, 11, 10, 17, 0);

    [Fact]
    public void Build_ThreeHourReserveOverdueTwoOpenHours_SixDollarsAndFlaggedOverdue()
    {
        var reserve = Reserve("L1", TuesdayTen, Session);
        var rows = new LoanListRow[1];

        var totals = PatronLoanList.Build([reserve], LoanListScope.All, null, TuesdayNoon, "USD", rows);

        Assert.Equal(new LoanListTotals(1, 1, Money.Usd(6.00m)), totals);
        Assert.Equal(new LoanListRow(0, TuesdayTen, LoanStatus.OnLoan, true, Money.Usd(6.00m)), rows[0]);
    }

    [Fact]
    public void Build_LoansOutOfOrder_RowsByDueThenEntryOrder()
    {
        LoanListEntry[] entries =
        [
            Regular("L1", TuesdayTen + Duration.FromDays(9), Session),
            Regular("L2", TuesdayTen + Duration.FromDays(2), null),
            Regular("L3", TuesdayTen + Duration.FromDays(9), Session),
            Reserve("L4", TuesdayTen - Duration.FromHours(3), null),
        ];
        var rows = new LoanListRow[entries.Length];

        var totals = PatronLoanList.Build(entries, LoanListScope.All, null, TuesdayNoon, "USD", rows);

        Assert.Equal(4, totals.Count);
        Assert.Equal([3, 1, 0, 2], rows.Select(r => r.EntryIndex));
    }

    [Fact]
    public void Build_ThisSession_OnlyTheSessionsOpenLoans()
    {
        var returned = LoanStateMachine.Fire(Regular("L3", TuesdayTen + Duration.FromDays(5), Session).Loan, LoanTrigger.CheckIn, TuesdayTen).Value;
        LoanListEntry[] entries =
        [
            Regular("L1", TuesdayTen + Duration.FromDays(9), Session),
            Regular("L2", TuesdayTen + Duration.FromDays(2), "S-earlier"),
            new(returned, null, Widener),
        ];
        var rows = new LoanListRow[entries.Length];

        var totals = PatronLoanList.Build(entries, LoanListScope.ThisSession, Session, TuesdayNoon, "USD", rows);

        Assert.Equal(new LoanListTotals(1, 0, Money.Usd(0m)), totals);
        Assert.Equal(0, rows[0].EntryIndex);
    }

    [Fact]
    public void Build_ClaimedReturned_FineStopsAtTheClaim()
    {
        var due = TuesdayTen - Duration.FromHours(3);
        var claimedAt = TuesdayTen + Duration.FromMinutes(30);
        var claimed = LoanStateMachine.Fire(Reserve("L1", due, null).Loan, LoanTrigger.ClaimReturned, claimedAt).Value;
        var rows = new LoanListRow[1];

        var totals = PatronLoanList.Build([new LoanListEntry(claimed, ReserveFine, Widener)], LoanListScope.All, null, TuesdayNoon + Duration.FromDays(1), "USD", rows);

        // 09:00 to 10:30 open before the claim: 90 minutes, 2 started hours at 3.00.
        Assert.Equal(Money.Usd(6.00m), totals.Fines);
        Assert.False(rows[0].IsOverdue);
    }

    [Fact]
    public void Build_BufferShorterThanEntries_Throws()
    {
        var entries = new[] { Regular("L1", TuesdayTen, null), Regular("L2", TuesdayTen, null) };

        var error = Assert.Throws<ArgumentException>(() => PatronLoanList.Build(entries, LoanListScope.All, null, TuesdayNoon, "USD", new LoanListRow[1]));

        Assert.Equal("The row buffer holds 1 rows; 2 are needed. (Parameter 'rows')", error.Message);
    }

    [Fact]
    public void Build_ThisSessionWithoutSession_Throws() =>
        Assert.Throws<ArgumentException>(() => PatronLoanList.Build([], LoanListScope.ThisSession, null, TuesdayNoon, "USD", []));

    [Property(MaxTest = 200)]
    public Property Build_AnyLoans_RowsAndTotalsEqualNaiveLinq() =>
        Prop.ForAll(
            Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 4000).Zip(Gen.Choose(0, 7)), n)).ToArbitrary(),
            Gen.Elements(LoanListScope.All, LoanListScope.ThisSession).ToArbitrary(),
            (specs, scope) =>
            {
                var entries = specs.Select((s, i) => Entry(i, s.Item1, s.Item2)).ToArray();
                var rows = new LoanListRow[entries.Length];
                var totals = PatronLoanList.Build(entries, scope, Session, TuesdayNoon, "USD", rows);

                var naive = entries.Select((e, i) => (e, i))
                    .Where(x => x.e.Loan.IsOpen && (scope == LoanListScope.All || x.e.Loan.SessionId == Session))
                    .Select(x => new LoanListRow(x.i, x.e.Loan.DueAt, x.e.Loan.Status, x.e.Loan.IsOverdueAt(TuesdayNoon), NaiveFine(x.e)))
                    .OrderBy(r => r.DueAt).ThenBy(r => r.EntryIndex)
                    .ToArray();
                return rows.Take(totals.Count).SequenceEqual(naive)
                    && totals == new LoanListTotals(naive.Length, naive.Count(r => r.IsOverdue), Money.Usd(naive.Sum(r => r.Fine.Amount)));
            });

    private static LoanListEntry Entry(int index, int minutesBack, int kind)
    {
        var due = TuesdayNoon + Duration.FromMinutes(2000 - minutesBack);
        var entry = kind % 2 == 0 ? Reserve("L" + index, due, kind < 4 ? Session : null) : Regular("L" + index, due, kind < 4 ? Session : null);
        var at = Max(entry.Loan.LoanedAt, due - Duration.FromMinutes(10)) + Duration.FromMinutes(kind * 7);
        var loan = kind switch
        {
            5 => LoanStateMachine.Fire(entry.Loan, LoanTrigger.ClaimReturned, at).Value,
            6 => LoanStateMachine.Fire(entry.Loan, LoanTrigger.DeclareLost, at).Value,
            7 => LoanStateMachine.Fire(entry.Loan, LoanTrigger.CheckIn, at).Value,
            _ => entry.Loan,
        };
        return new LoanListEntry(loan, entry.FineRule, entry.Calendar);
    }

    private static Money NaiveFine(LoanListEntry entry)
    {
        if (entry.FineRule is null)
        {
            return Money.Usd(0m);
        }

        var until = entry.Loan.Status == LoanStatus.OnLoan ? TuesdayNoon : entry.Loan.ClaimedReturnedAt ?? entry.Loan.LostAt!.Value;
        return until > entry.Loan.DueAt ? OverdueFineCalculator.Compute(entry.FineRule, entry.Loan.DueAt, until, Widener).Amount : Money.Usd(0m);
    }

    private static Instant Max(Instant left, Instant right) => left > right ? left : right;

    private static LoanListEntry Reserve(string id, Instant due, string? session) =>
        new(new Loan(id, "10000001", "3204400" + id, due - Duration.FromHours(3), due, "reserves-3h", "reserve-3h", sessionId: session), ReserveFine, Widener);

    private static LoanListEntry Regular(string id, Instant due, string? session) =>
        new(new Loan(id, "10000001", "3204400" + id, due - Duration.FromDays(28), due, "default", "regular", sessionId: session), null, Widener);
}
