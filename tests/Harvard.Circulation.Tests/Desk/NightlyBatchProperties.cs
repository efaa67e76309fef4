using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Testing;
using NodaTime;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>
/// For random policies, loans and nights, <see cref="NightlyBatch"/> decides exactly what the desk's
/// <see cref="CirculationDesk.AdvanceTo"/> does over the same night: the same loans age to lost, the same returned
/// loans are anonymized, the same courtesy and overdue notices fall due, and each fine is the desk's accrual.
/// Both call the same rules (<see cref="AgingToLost"/>, the anonymization and notice schedules, <see cref="OverdueAccrual"/>).
/// </summary>
public class NightlyBatchProperties
{
    private static Gen<(Policy Policy, int Seed, int Nights)> Cases() =>
        from policy in CirculationGenerators.Policy()
        from seed in Gen.Choose(1, 1_000_000)
        from nights in Gen.Choose(3, 25)
        select (policy, seed, nights);

    [Property(MaxTest = 60)]
    public Property Run_RandomPolicyLoansAndNights_DecidesWhatTheDeskDoes() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            // A month of generated activity leaves loans in every state; the nights start where it ends.
            var scenario = WorkloadGenerator.Generate(new WorkloadOptions(8, 14, 30, c.Seed, c.Policy, events: 90));
            var desk = ScenarioReplayer.ReplayToDesk(scenario);
            var since = desk.Now;
            var problems = new List<string>();
            var compared = 0;
            for (var night = 0; night < c.Nights && problems.Count == 0; night++)
            {
                var now = since + Duration.FromDays(1);
                var next = desk.AdvanceTo(now);
                foreach (var library in desk.Items.Select(i => i.Library).Distinct())
                {
                    var batch = new NightlyBatch(desk.Policy, desk.Calendars.For(library));
                    var loans = desk.Loans.Where(l => desk.FindItem(l.ItemBarcode)!.Library == library).ToList();
                    var facts = loans.Select(batch.FactsOf).ToArray();
                    var decisions = new NightlyDecision[facts.Length];
                    batch.Run(facts, since, now, decisions);
                    for (var i = 0; i < loans.Count; i++)
                    {
                        var before = loans[i];
                        if (desk.TermsOf(before).Loan is { AutoRenew: true } && before.Status == LoanStatus.OnLoan)
                        {
                            continue; // Auto-renewal stays with the desk: the batch decides, it does not renew.
                        }

                        compared++;
                        Compare(problems, desk, next, before, decisions[i], since, now);
                    }
                }

                desk = next;
                since = now;
            }

            return problems.Count == 0
                ? true.ToProperty().Classify(compared == 0, "no loans compared")
                : false.Label(string.Join("\n", problems));
        });

    private static void Compare(List<string> problems, CirculationDesk desk, CirculationDesk next, Loan before, NightlyDecision decision, Instant since, Instant now)
    {
        var after = next.FindLoan(before.Id)!;
        var aged = before.Status == LoanStatus.OnLoan && after.AgedToLost;
        if (aged != ((decision.Actions & NightlyActions.AgeToLost) != 0))
        {
            problems.Add($"{before.Id}: the desk aged it to lost {aged}, the batch {!aged}");
        }

        var anonymized = !before.IsAnonymized && after.IsAnonymized;
        if (anonymized != ((decision.Actions & NightlyActions.Anonymize) != 0))
        {
            problems.Add($"{before.Id}: the desk anonymized it {anonymized}, the batch {!anonymized}");
        }

        // Notices decided in (since, now] for this loan (matched by instant and type: an anonymized loan's
        // notices no longer name it, and none of the night's can be for a loan anonymized the same night).
        List<Notice> sent = before.PatronId is { } patron
            ? [.. next.Account(patron).Notices.Where(n => n.LoanId == before.Id && n.At > since && n.At <= now)]
            : [];
        var courtesy = sent.Count(n => n.Type == NoticeType.Courtesy);
        var overdue = sent.Count(n => n.Type == NoticeType.Overdue);
        if (courtesy != ((decision.Actions & NightlyActions.CourtesyNotice) != 0 ? 1 : 0)
            || overdue != System.Numerics.BitOperations.PopCount(decision.OverdueNotices))
        {
            problems.Add($"{before.Id}: the desk sent {courtesy} courtesy and {overdue} overdue notices, the batch {decision.Actions} / {decision.OverdueNotices:b}");
        }

        var fine = before.Status == LoanStatus.OnLoan ? desk.AccrualOf(before, now)?.Amount ?? desk.Policy.Money(0m) : desk.Policy.Money(0m);
        if (fine != decision.Fine)
        {
            problems.Add($"{before.Id}: the desk's accrual at {now} is {fine}, the batch's {decision.Fine}");
        }
    }
}
