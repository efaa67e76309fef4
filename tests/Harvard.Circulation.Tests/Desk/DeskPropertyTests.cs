using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Time;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Requests;
using NodaTime;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>The desk's laws over generated histories (see <see cref="DeskGenerators"/>).</summary>
public class DeskPropertyTests
{
    private static (NoticeType, string, Instant, string?, string?, string?) Key(Notice n) => (n.Type, n.PatronId, n.At, n.LoanId, n.RequestId, n.TransactionId);

    [Property(MaxTest = 1000)]
    public Property AdvanceTo_AnyIncreasingSeriesOfInstants_SameAsAdvancingOnceAndEachNoticeOnce() =>
        Prop.ForAll(DeskGenerators.Cases(), c =>
        {
            var (once, last) = DeskGenerators.Run(c, advanceBetween: false);
            var (stepped, _) = DeskGenerators.Run(c, advanceBetween: true);
            var end = last + c.Tail;
            var middle = last + Duration.FromTicks(c.Tail.BclCompatibleTicks / 2);
            once = once.AdvanceTo(end);
            stepped = stepped.AdvanceTo(middle).AdvanceTo(middle).AdvanceTo(end);

            var keys = once.Notices.Select(Key).ToList();
            var problems = new List<string>();
            if (!keys.SequenceEqual(stepped.Notices.Select(Key)))
            {
                problems.Add($"notices differ:\n    once    {string.Join("\n            ", keys)}\n    stepped {string.Join("\n            ", stepped.Notices.Select(Key))}");
            }

            // Each notice once: those still naming their loan or request are told apart by it (once a loan is
            // anonymized, two notices of one patron at one instant may no longer be).
            var named = keys.Where(k => k.Item4 is not null || k.Item5 is not null || k.Item6 is not null).ToList();
            if (named.Distinct().Count() != named.Count)
            {
                problems.Add("a notice twice:\n    " + string.Join("\n    ", named.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key)));
            }

            foreach (var (name, same) in new[]
            {
                ("loans", once.Loans.SequenceEqual(stepped.Loans)),
                ("ledger", once.FinesFees.SequenceEqual(stepped.FinesFees)),
                ("requests", once.Requests.SequenceEqual(stepped.Requests)),
            })
            {
                if (!same)
                {
                    problems.Add(name + " differ");
                }
            }

            return problems.Count == 0 ? true.ToProperty() : false.Label(string.Join("; ", problems));
        });

    [Property(MaxTest = 1000)]
    public Property AdvanceTo_YearsLater_NoLoanThatIncurredAFineOrFeeIsAnonymized() =>
        Prop.ForAll(DeskGenerators.Cases(), c =>
        {
            var (desk, last) = DeskGenerators.Run(c, advanceBetween: false);
            desk = desk.AdvanceTo(last + Duration.FromDays(2 * 365));

            var withFees = desk.Loans.Where(l => desk.FinesFees.Where(r => r.LoanId == l.Id).Any()).ToList();
            var returnedFineFree = desk.Loans.Where(l => l.Status == LoanStatus.Returned && !desk.FinesFees.Where(r => r.LoanId == l.Id).Any()).ToList();
            return withFees.All(l => l.PatronId is not null).Label("fined loans keep their patron")
                .And(returnedFineFree.All(l => l.IsAnonymized)).Label("fine-free returns are anonymized")
                .Classify(withFees.Count > 0, "some loan incurred a fine/fee");
        });

    [Property(MaxTest = 1000)]
    public Property PlaceRequest_AnyLoanAnyInstant_RecallNeverLengthensTheLoan() =>
        Prop.ForAll(DeskGenerators.Cases(), c =>
        {
            var violations = new List<string>();
            var recalls = 0;
            void Compare(CirculationDesk before, Instant at, CirculationDesk after)
            {
                foreach (var loan in before.Loans)
                {
                    var now = after.FindLoan(loan.Id)!;
                    if (now.DueAt > loan.DueAt)
                    {
                        violations.Add($"{loan.Id} due {loan.DueAt} became {now.DueAt}");
                    }

                    if (now.DueAt < loan.DueAt)
                    {
                        recalls++;
                        if (!now.Recalled || now.RecalledAt != at || now.DueSetAt != at)
                        {
                            violations.Add($"{loan.Id} shortened without being marked recalled at {at}");
                        }
                    }
                    else if (now.Recalled != loan.Recalled)
                    {
                        violations.Add($"{loan.Id} marked recalled without an earlier due");
                    }
                }
            }

            var (end, last) = DeskGenerators.Run(c, advanceBetween: false, observe: (before, step, at, after) =>
            {
                if (step.Kind == StepKind.PlaceRequest)
                {
                    Compare(before, at, after);
                }
            });

            // Then every other patron requests every item on loan, a tail's length later.
            var requestAt = last + c.Tail;
            end = end.AdvanceTo(requestAt);
            foreach (var loan in end.Loans.Where(l => l.Status == LoanStatus.OnLoan))
            {
                foreach (var patron in new[] { DeskFixtures.SpecialBorrower, DeskFixtures.Faculty, DeskFixtures.VisitingResearcher }.Where(p => p != loan.PatronId))
                {
                    var decision = end.PlaceRequest("R-" + patron + "-" + loan.Id, patron, loan.ItemBarcode, requestAt);
                    Compare(end, requestAt, decision.Result);
                }
            }

            return (violations.Count == 0).Label(string.Join("; ", violations)).Classify(recalls > 0, "a loan was recalled");
        });

    [Property(MaxTest = 1000)]
    public Property AdvanceTo_AnyInstant_ReplayedStateEqualsEvaluatingAtThatInstant() =>
        Prop.ForAll(DeskGenerators.Cases(), c =>
        {
            var (replayed, last) = DeskGenerators.Run(c, advanceBetween: false);
            var at = last + c.Tail;
            var desk = replayed.AdvanceTo(at);
            var zone = desk.Policy.TimeZone;
            var problems = new List<string>();

            foreach (var loan in desk.Loans)
            {
                if (loan.Status == LoanStatus.Returned && loan.IsAnonymized != (desk.AnonymizeAt(loan) is { } a && a <= at))
                {
                    problems.Add($"{loan.Id} anonymized={loan.IsAnonymized} but anonymizeAt={desk.AnonymizeAt(loan)}");
                }

                if (loan.Status != LoanStatus.OnLoan)
                {
                    continue;
                }

                var terms = desk.TermsOf(loan);
                var accruing = desk.FinesFees.Where(r => r.LoanId == loan.Id).Where(r => r.IsAccruing).ToList();
                var accrued = desk.AccrualOf(loan, at);
                if (accrued is { Amount.IsPositive: true } fine)
                {
                    if (accruing.Count != 1 || accruing[0].Original != fine.Amount)
                    {
                        problems.Add($"{loan.Id} accrued {fine.Amount} but the ledger has {string.Join(",", accruing.Select(r => r.Original))}");
                    }
                }
                else if (accruing.Count != 0)
                {
                    problems.Add($"{loan.Id} has an accruing record but nothing accrued");
                }

                if (terms.LostItem?.AgedToLostAfter is { } after && PolicyTime.Add(loan.DueAt, after, zone) <= at)
                {
                    problems.Add($"{loan.Id} should have aged to lost");
                }

                if (terms.Notices is { } notices)
                {
                    var expected = new List<(NoticeType, Instant)>();
                    if (notices.Courtesy is { } courtesy)
                    {
                        expected.Add((NoticeType.Courtesy, PolicyTime.Subtract(loan.DueAt, courtesy, zone)));
                    }

                    expected.AddRange(notices.Overdue.Select(d => (NoticeType.Overdue, PolicyTime.Add(loan.DueAt, d, zone))));
                    foreach (var (type, noticeAt) in expected.Where(e => e.Item2 > loan.DueSetAt && e.Item2 <= at))
                    {
                        if (!desk.Notices.Any(n => n.LoanId == loan.Id && n.Type == type && n.At == noticeAt))
                        {
                            problems.Add($"{loan.Id} misses its {type} notice at {noticeAt}");
                        }
                    }
                }
            }

            foreach (var request in desk.Requests)
            {
                if (request.Status == RequestStatus.OnHoldShelf && request.ExpiresAt <= at)
                {
                    problems.Add($"{request.Id} should have expired at {request.ExpiresAt}");
                }

                if (request.Status == RequestStatus.Expired && request.ClosedAt != request.ExpiresAt)
                {
                    problems.Add($"{request.Id} expired at {request.ClosedAt}, not at {request.ExpiresAt}");
                }
            }

            if (desk.Notices.Any(n => n.At > at))
            {
                problems.Add("a notice after the instant");
            }

            return (problems.Count == 0).Label(string.Join("; ", problems));
        });
}
