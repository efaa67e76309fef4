using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Formats.Compare;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Testing;

namespace Harvard.Circulation.Tests.Compare;

/// <summary>The laws of the comparison, over generated policies and scenarios (<see cref="CirculationGenerators"/>).</summary>
public sealed class PolicyComparerProperties
{
    private static readonly HashSet<ScenarioEventType> LedgerEvents =
    [
        ScenarioEventType.Pay, ScenarioEventType.Waive, ScenarioEventType.Refund, ScenarioEventType.Dispute, ScenarioEventType.Restore,
        ScenarioEventType.ExportToBursar,
    ];

    [Property(MaxTest = 300)]
    public Property Compare_PolicyWithItself_ReportsNoDifference() =>
        Prop.ForAll(CirculationGenerators.Scenarios(), c =>
        {
            var scenario = c.Scenario;
            var copy = PolicyReader.Read(PolicyWriter.Write(scenario.Policy)).PolicyOrThrow();

            var same = CompareFixtures.Changes(PolicyComparer.Compare(scenario, scenario.Policy, int.MaxValue));
            var equal = CompareFixtures.Changes(PolicyComparer.Compare(scenario, copy, int.MaxValue));

            return (same.Count == 0).Label("the same policy: " + string.Join("; ", same))
                .And((equal.Count == 0).Label("an equal policy read back: " + string.Join("; ", equal)));
        });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Compare_GeneratedWorkloadWithItself_ReportsNoDifference(int seed)
    {
        var scenario = WorkloadGenerator.Generate(new WorkloadOptions(60, 200, 14, seed));

        var comparison = PolicyComparer.Compare(scenario, EmbeddedPolicies.HarvardDefault);

        Assert.Empty(CompareFixtures.Changes(comparison));
        Assert.True(comparison.IsUnchanged);
        Assert.Equal(scenario.Events.Count, comparison.Events);
        Assert.True(comparison.Totals.CheckOuts.Old > 0);
    }

    /// <summary>
    /// With balance limits, a changed fine rate can start a difference in three ways only: an event on a loan whose
    /// fines/fees differ (same terms, due date and state), a decision that differs by the balance block alone, or an
    /// event on a fine/fee (a payment, waiver ... of other amounts). Everything else is a consequence of those.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Compare_OnlyAFineRateChanged_EveryFirstDifferenceIsAFineABalanceBlockOrALedgerEvent() =>
        Prop.ForAll(CompareFixtures.FineRateChanges(withoutBalanceLimits: false).ToArbitrary(), x =>
        {
            var comparison = PolicyComparer.Compare(x.Scenario, x.New, int.MaxValue);
            var others = comparison.Differences.Where(d => !IsFineOnly(d) && !IsBalanceBlockOnly(d) && !LedgerEvents.Contains(d.Event.Type)).ToList();
            return (others.Count == 0)
                .Label($"{x.Change}: first differences of another kind: {string.Join("; ", others.Select(Describe))}")
                .Classify(comparison.FirstDifferences > 0, "something differs")
                .Classify(comparison.Consequences > 0, "with consequences");
        });

    /// <summary>Without balance limits nothing cascades: changing only a fine rate changes only the fines' amounts,
    /// balances and fine/fee notices — the loans, refusals, due dates, renewals, overdue and lost items and blocks
    /// are the same.</summary>
    [Property(MaxTest = 300)]
    public Property Compare_OnlyAFineRateChanged_ChangesOnlyFinesBalancesBlocksByBalanceAndFineNotices() =>
        Prop.ForAll(CompareFixtures.FineRateChanges(withoutBalanceLimits: true).ToArbitrary(), x =>
        {
            var comparison = PolicyComparer.Compare(x.Scenario, x.New, int.MaxValue);
            var problems = new List<string>();
            foreach (var (name, f) in comparison.UserGroups.Select(g => ("group " + g.Code, g.Figures))
                .Concat(comparison.ItemPolicies.Select(p => ("item policy " + p.Code, p.Figures))).Prepend(("totals", comparison.Totals)))
            {
                var changed = new List<string>();
                void Check(string figure, bool isChanged)
                {
                    if (isChanged)
                    {
                        changed.Add(figure);
                    }
                }

                Check("check-outs", f.CheckOuts.IsChanged || f.CheckOutsRefused.IsChanged || f.CheckOutsRefusedBy.Any(r => r.Value.IsChanged));
                Check("renewals", f.Renewals.IsChanged || f.RenewalsRefused.IsChanged || f.RenewalsRefusedBy.Any(r => r.Value.IsChanged));
                Check("due dates", f.DueDates.Moved > 0);
                Check("overdue loans", f.OverdueLoans.IsChanged);
                Check("lost items", f.LostItems.IsChanged);
                Check("fine/fee counts", f.FinesFeesCount.IsChanged || f.FinesFees.Any(t => t.Count.IsChanged));
                Check("blocks other than by balance", f.Patrons?.Blocks.Any(b => b.Code != RefusalCodes.MaxBalance && (b.Patrons.IsChanged || b.NewlyBlocked + b.Unblocked > 0)) ?? false);
                Check("notices other than fine/fee", f.Patrons?.Notices.Any(n => n.Key != "fineFee" && n.Value.IsChanged) ?? false);
                if (changed.Count > 0)
                {
                    problems.Add($"{name}: {string.Join(", ", changed)}");
                }
            }

            problems.AddRange(comparison.Differences.Where(d => !IsFineOnly(d) && !LedgerEvents.Contains(d.Event.Type)).Select(d => "first difference " + Describe(d)));
            return (problems.Count == 0).Label($"{x.Change}: {string.Join("; ", problems)}")
                .Classify(comparison.Totals.FinesFeesTotal.IsChanged, "fines changed");
        });

    private static bool IsFineOnly(EventDifference d) =>
        d.Old.IsAllowed && d.New.IsAllowed && d.Old.TermsOfUseId == d.New.TermsOfUseId && d.Old.DueAt == d.New.DueAt && d.Old.Status == d.New.Status;

    private static bool IsBalanceBlockOnly(EventDifference d)
    {
        var old = d.Old.Refusals.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var @new = d.New.Refusals.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        old.SymmetricExceptWith(@new);
        return old.SetEquals([RefusalCodes.MaxBalance]);
    }

    private static string Describe(EventDifference d) =>
        $"event {d.Event.Index} {d.Event.TypeSpelling}: old {(d.Old.IsAllowed ? "ok" : string.Join(" ", d.Old.Refusals))} due {d.Old.DueAt}, new {(d.New.IsAllowed ? "ok" : string.Join(" ", d.New.Refusals))} due {d.New.DueAt}";
}
