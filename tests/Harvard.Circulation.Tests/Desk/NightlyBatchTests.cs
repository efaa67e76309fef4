using Harvard.Circulation.Desk;
using Harvard.Circulation.Items;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using NodaTime;

namespace Harvard.Circulation.Tests.Desk;

public class NightlyBatchTests
{
    private static readonly Instant MondayTen = Instant.FromUtc(2026, 1, 5, 15, 0);

    /// <summary>A student borrows two 3-hour reserves and three books at Widener; one reserve and one book come
    /// back the same day. Night after night for 80 days the batch, fed the loans as the desk has them at the
    /// previous run, must decide what the desk does by the next: the same aging instants, anonymization instants,
    /// notices and fines.</summary>
    [Fact]
    public void Run_EachNightFor80Days_DecidesWhatTheDeskDoes()
    {
        var policy = EmbeddedPolicies.HarvardDefault;
        var patron = new Patron("10000001", groupCode: "25");
        Item[] items =
        [
            new("32044000000001", "reserve-3h", "WID", "Middlemarch"),
            new("32044000000002", "reserve-3h", "WID", "Bleak House"),
            new("32044000000003", "regular", "WID", "Moby-Dick"),
            new("32044000000004", "regular", "WID", "Walden"),
            new("32044000000005", "regular", "WID", "Leaves of Grass"),
        ];
        var desk = CirculationDesk.Open(policy, [patron], items, MondayTen);
        foreach (var (item, i) in items.Select((item, i) => (item, i)))
        {
            desk = desk.CheckOut(patron.PrimaryId, item.Barcode, MondayTen + Duration.FromMinutes(i)).Value;
        }

        desk = desk.CheckIn("32044000000001", MondayTen + Duration.FromHours(5)).Value;
        desk = desk.CheckIn("32044000000004", MondayTen + Duration.FromHours(6)).Value;
        var batch = new NightlyBatch(policy, desk.Calendars.For("WID"));
        var seen = new Dictionary<string, int>();
        var since = Instant.FromUtc(2026, 1, 6, 7, 0);
        desk = desk.AdvanceTo(since);

        for (var night = 1; night <= 80; night++)
        {
            var now = since + Duration.FromDays(1);
            var facts = desk.Loans.Select(l => batch.FactsOf(l)).ToArray();
            var decisions = new NightlyDecision[facts.Length];
            var totals = batch.Run(facts, since, now, decisions);
            var next = desk.AdvanceTo(now);

            for (var i = 0; i < facts.Length; i++)
            {
                var before = desk.Loans[i];
                var after = next.Loans[i];
                var decision = decisions[i];
                var aged = before.Status == LoanStatus.OnLoan && after.AgedToLost;
                Assert.Equal(aged, (decision.Actions & NightlyActions.AgeToLost) != 0);
                if (aged)
                {
                    Assert.Equal(after.LostAt, batch.AgesToLostAt(facts[i]));
                    Count("aged");
                }

                var anonymized = !before.IsAnonymized && after.IsAnonymized;
                Assert.Equal(anonymized, (decision.Actions & NightlyActions.Anonymize) != 0);
                Assert.Equal(desk.AnonymizeAt(before), batch.AnonymizeAt(facts[i]));
                Count(anonymized ? "anonymized" : "kept");

                var sent = next.Notices.Skip(desk.Notices.Count).Where(n => n.LoanId == before.Id).ToList();
                var courtesy = sent.Count(n => n.Type == NoticeType.Courtesy);
                var overdue = sent.Count(n => n.Type == NoticeType.Overdue);
                Assert.Equal(courtesy, (decision.Actions & NightlyActions.CourtesyNotice) != 0 ? 1 : 0);
                Assert.Equal(overdue, System.Numerics.BitOperations.PopCount(decision.OverdueNotices));
                Count(courtesy > 0 ? "courtesy" : "no courtesy");
                Count(overdue > 0 ? "overdue" : "no overdue");

                var expectedFine = before.Status == LoanStatus.OnLoan ? desk.AccrualOf(before, now)?.Amount ?? policy.Money(0m) : policy.Money(0m);
                Assert.Equal(expectedFine, decision.Fine);
                Count(decision.Fine.IsPositive ? "fined" : "no fine");
            }

            Assert.Equal(decisions.Sum(d => d.Fine.Amount), totals.FinesAccrued.Amount);
            desk = next;
            since = now;
        }

        // Every kind of decision came up at least once, so the comparisons above had something to compare.
        foreach (var kind in new[] { "aged", "anonymized", "kept", "courtesy", "overdue", "fined" })
        {
            Assert.True(seen.ContainsKey(kind), $"No night decided '{kind}'.");
        }

        void Count(string kind) => seen[kind] = seen.GetValueOrDefault(kind) + 1;
    }

    [Fact]
    public void Run_DecisionBufferTooShort_Throws()
    {
        var batch = new NightlyBatch(EmbeddedPolicies.HarvardDefault, global::Harvard.Circulation.Calendar.PolicyCalendars.Of(EmbeddedPolicies.HarvardDefault).For("WID"));
        var loan = new NightlyLoan(MondayTen, MondayTen, default, LoanStatus.OnLoan, batch.TermsIndexOf("regular"), NightlyLoanFlags.None);

        var error = Assert.Throws<ArgumentException>(() => batch.Run([loan], MondayTen, MondayTen, []));

        Assert.Equal("The decision buffer holds 0 decisions; 1 are needed. (Parameter 'decisions')", error.Message);
    }

    [Fact]
    public void Run_AFractionOfASecondBeforeThePreviousRun_NamesBothInstantsApart()
    {
        var batch = new NightlyBatch(EmbeddedPolicies.HarvardDefault, global::Harvard.Circulation.Calendar.PolicyCalendars.Of(EmbeddedPolicies.HarvardDefault).For("WID"));

        var error = Assert.Throws<ArgumentException>(() => batch.Run([], MondayTen.PlusNanoseconds(1), MondayTen, []));

        Assert.Equal("The run's instant 2026-01-05T15:00:00Z is before the previous run's 2026-01-05T15:00:00.000000001Z. (Parameter 'now')", error.Message);
    }
}
