using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Testing;
using Harvard.Circulation.Tests.Model;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>
/// The laws of state in and out over generated runs: a snapshot restores to a desk with the same snapshot; a run
/// split at any event into two desks joined by a snapshot ends where one run ends; applying each step's changes
/// to the snapshot before it gives the snapshot after it. Long runs cross the interactions weeks apart (an
/// anonymization while the item is lent again, fines of one instant renumbered, notices ordered at their instant).
/// </summary>
public class SnapshotProperties
{
    [Property(MaxTest = 300)]
    public Property Restore_OfAnySnapshot_GivesTheSameSnapshot() => RestoreLaw(IdNumbering.Dense);

    [Property(MaxTest = 150)]
    public Property Restore_OfAnySnapshotWithScopedIds_GivesTheSameSnapshot() => RestoreLaw(IdNumbering.Scoped);

    [Property(MaxTest = 150)]
    public Property Split_AtAnyEventWithScopedIds_EndsWhereOneRunEnds() =>
        Prop.ForAll(SplitCases(CirculationGenerators.Scenario()).ToArbitrary(), c => SplitLaw(c.Scenario, c.Split, c.AdvanceFirst, IdNumbering.Scoped));

    [Property(MaxTest = 40)]
    public Property Split_LongRunAtAnyEventWithScopedIds_EndsWhereOneRunEnds() =>
        Prop.ForAll(SplitCases(LongRunGenerator.Scenario()).ToArbitrary(), c => SplitLaw(c.Scenario, c.Split, c.AdvanceFirst, IdNumbering.Scoped));

    [Property(MaxTest = 150)]
    public Property Changes_OfEveryStepWithScopedIds_BringTheSnapshotForward() =>
        Prop.ForAll(CirculationGenerators.Scenario().ToArbitrary(), generated => ChangesLaw(generated.Scenario, IdNumbering.Scoped));

    [Property(MaxTest = 30)]
    public Property Changes_OfEveryStepOfALongRunWithScopedIds_BringTheSnapshotForward() =>
        Prop.ForAll(LongRunGenerator.Scenario().ToArbitrary(), generated => ChangesLaw(generated.Scenario, IdNumbering.Scoped));

    [Property(MaxTest = 200)]
    public Property Partial_WithScopedIdsRestoredForTheNextEvent_DecidesItAsTheWholeDesk() =>
        Prop.ForAll(SplitCases(CirculationGenerators.Scenario()).ToArbitrary(), c => PartialLaw(c.Scenario, c.Split, IdNumbering.Scoped));

    [Property(MaxTest = 50)]
    public Property Partial_OfALongRunWithScopedIdsRestoredForTheNextEvent_DecidesItAsTheWholeDesk() =>
        Prop.ForAll(SplitCases(LongRunGenerator.Scenario()).ToArbitrary(), c => PartialLaw(c.Scenario, c.Split, IdNumbering.Scoped));

    private static Property RestoreLaw(IdNumbering ids) =>
        Prop.ForAll(CirculationGenerators.Scenario().ToArbitrary(), generated =>
        {
            var desk = Run(Open(generated.Scenario, ids), generated.Scenario.Events).AdvanceTo(generated.Scenario.AsOf);
            var snapshot = desk.ToSnapshot();
            var restored = CirculationDesk.Restore(generated.Scenario.Policy, snapshot);
            return (restored.ToSnapshot() == snapshot).Label("snapshot of the restored desk")
                .And(DeskConsistency.Violations(restored).Count == 0).Label("restored desk consistent");
        });

    [Property(MaxTest = 400)]
    public Property Split_AtAnyEvent_EndsWhereOneRunEnds() =>
        Prop.ForAll(SplitCases(CirculationGenerators.Scenario()).ToArbitrary(), c => SplitLaw(c.Scenario, c.Split, c.AdvanceFirst, IdNumbering.Dense));

    [Property(MaxTest = 100)]
    public Property Split_LongRunAtAnyEvent_EndsWhereOneRunEnds() =>
        Prop.ForAll(SplitCases(LongRunGenerator.Scenario()).ToArbitrary(), c => SplitLaw(c.Scenario, c.Split, c.AdvanceFirst, IdNumbering.Dense));

    [Property(MaxTest = 300)]
    public Property Changes_OfEveryStep_BringTheSnapshotForward() =>
        Prop.ForAll(CirculationGenerators.Scenario().ToArbitrary(), generated => ChangesLaw(generated.Scenario, IdNumbering.Dense));

    [Property(MaxTest = 60)]
    public Property Changes_OfEveryStepOfALongRun_BringTheSnapshotForward() =>
        Prop.ForAll(LongRunGenerator.Scenario().ToArbitrary(), generated => ChangesLaw(generated.Scenario, IdNumbering.Dense));

    [Property(MaxTest = 400)]
    public Property Partial_RestoredForTheNextEvent_DecidesItAsTheWholeDesk() =>
        Prop.ForAll(SplitCases(CirculationGenerators.Scenario()).ToArbitrary(), c => PartialLaw(c.Scenario, c.Split, IdNumbering.Dense));

    [Property(MaxTest = 100)]
    public Property Partial_OfALongRunRestoredForTheNextEvent_DecidesItAsTheWholeDesk() =>
        Prop.ForAll(SplitCases(LongRunGenerator.Scenario()).ToArbitrary(), c => PartialLaw(c.Scenario, c.Split, IdNumbering.Dense));

    /// <summary>
    /// A desk restored, at an event's instant, from the part of a snapshot the event names decides it as the whole
    /// desk does: the same decision, the same reasons, and every change it makes is one the whole desk makes too.
    /// </summary>
    private static Property PartialLaw(Scenario scenario, int split, IdNumbering ids)
    {
        var events = scenario.Events;
        if (split >= events.Count || events[split].Type == ScenarioEventType.SearchPatrons)
        {
            return true.ToProperty();
        }

        var whole = Run(Open(scenario, ids), events.Take(split)).AdvanceTo(events[split].At).TrackingChanges();
        var e = ForDesk(whole, events[split]);
        if (ScopeOf(whole, e) is not var (patrons, items))
        {
            return true.ToProperty();
        }

        var part = CirculationDesk.Restore(scenario.Policy, whole.ToSnapshot(patrons, items)).TrackingChanges();
        var wholeDecision = ScenarioReplayer.Apply(whole, e);
        var partDecision = ScenarioReplayer.Apply(part, e);
        var label = $"event {split} ({e.TypeSpelling}) for patrons [{string.Join(", ", patrons)}], items [{string.Join(", ", items)}]";
        var sameDecision = wholeDecision.IsAllowed == partDecision.IsAllowed
            && wholeDecision.Reasons.Select(r => r.Message).SequenceEqual(partDecision.Reasons.Select(r => r.Message));
        return sameDecision.Label($"{label}: decided {Describe(partDecision)}, the whole desk {Describe(wholeDecision)}")
            .And(Subset(partDecision.Result.LastStep!, wholeDecision.Result.LastStep!))
            .Label(label + ": a change the whole desk does not make: " + Extra(partDecision.Result.LastStep!, wholeDecision.Result.LastStep!))
            .And(partDecision.Result.LastStep!.Changes.Count > 0 || wholeDecision.Result.LastStep!.Changes.Count == 0 || !wholeDecision.IsAllowed)
            .Label(label + ": the partial desk changed nothing");
    }

    private static string Describe(Decision<CirculationDesk> decision) =>
        decision.IsAllowed ? "allowed" : "refused: " + string.Join(" ", decision.Reasons.Select(r => r.Message));

    private static string Extra(DeskStep part, DeskStep whole)
    {
        var made = whole.Changes.Where(c => c is not SameInstantOrderChanged).ToHashSet();
        var extra = part.Changes.Where(c => c is not SameInstantOrderChanged).FirstOrDefault(c => !made.Contains(c));
        return extra is null ? "none" : $"{extra}; the whole desk made: {string.Join("; ", whole.Changes.Where(c => c.GetType() == extra.GetType()).Take(5))}";
    }

    private static bool Subset(DeskStep part, DeskStep whole)
    {
        var made = whole.Changes.Where(c => c is not SameInstantOrderChanged).ToHashSet();
        return part.Changes.Where(c => c is not SameInstantOrderChanged).All(made.Contains);
    }

    /// <summary>The patrons and items an event names (with those of the fine/fee, request or session it names), as of
    /// the event's instant; null for an event that names none, or names what the desk does not know.</summary>
    internal static (string[] Patrons, string[] Items)? ScopeOf(CirculationDesk desk, ScenarioEvent e)
    {
        // A fine/fee arising by itself before the event (aging to lost, say) is one the event may name.
        desk = e.At > desk.Now ? desk.AdvanceTo(e.At) : desk;
        var patrons = new List<string>();
        var items = new List<string>();
        if (e.Patron is { } patron && desk.Patrons.FindByPrimaryId(patron) is not null)
        {
            patrons.Add(patron);
        }

        if (e.Item is { } item && desk.FindItem(item) is not null)
        {
            items.Add(item);
        }

        if (e.TransactionId is { } id && desk.FindFineFee(id) is { } record)
        {
            patrons.Add(record.PatronId);
        }

        if (e.Type == ScenarioEventType.CancelRequest && e.Id is { } requestId && desk.FindRequest(requestId) is { } request)
        {
            patrons.Add(request.PatronId);
            items.Add(request.ItemBarcode);
        }

        if (e.Session is { } sessionId && desk.FindSession(sessionId) is { } session)
        {
            patrons.Add(session.PatronId);
        }

        return patrons.Count + items.Count == 0 || (e.Type == ScenarioEventType.ExportToBursar && e.Patron is null)
            ? null
            : ([.. patrons.Distinct()], [.. items.Distinct()]);
    }

    /// <summary>Replays events on a desk, as the replayer does.</summary>
    internal static CirculationDesk Run(CirculationDesk desk, IEnumerable<ScenarioEvent> events, Action<CirculationDesk, CirculationDesk, ScenarioEvent>? observe = null)
    {
        foreach (var generated in events)
        {
            var e = ForDesk(desk, generated);
            var next = e.Type == ScenarioEventType.SearchPatrons ? desk.AdvanceTo(e.At) : ScenarioReplayer.Apply(desk, e).Result;
            observe?.Invoke(desk, next, e);
            desk = next;
        }

        return desk;
    }

    internal static CirculationDesk Open(Scenario scenario, IdNumbering ids = IdNumbering.Dense) => CirculationDesk.Open(
        scenario.Policy, scenario.Patrons, scenario.Items, scenario.Events.Count > 0 ? scenario.Events[0].At : scenario.AsOf, scenario.Staff, ids);

    /// <summary>A generated event for a desk: generated scenarios name fines/fees by dense id (<c>F3</c>); on a desk
    /// with scoped ids that is its third record to arise (an id it does not have when there is none).</summary>
    internal static ScenarioEvent ForDesk(CirculationDesk desk, ScenarioEvent e)
    {
        if (desk.Ids == IdNumbering.Dense || e.TransactionId is not { } id || DeskIds.NumberOf(id) is not (var n and > 0))
        {
            return e;
        }

        // The records as of the event's instant: those arising before it by themselves count, whether or not the
        // desk was advanced there first (a split run is, a single run is not).
        var records = (e.At > desk.Now ? desk.AdvanceTo(e.At) : desk).FinesFees;
        return n <= records.Count ? e with { TransactionId = records[n - 1].TransactionId } : e;
    }

    private static Gen<(Scenario Scenario, int Split, bool AdvanceFirst)> SplitCases(Gen<ScenarioCase> scenarios) =>
        from generated in scenarios
        from split in Gen.Choose(0, generated.Scenario.Events.Count)
        from advanceFirst in ArbMap.Default.GeneratorFor<bool>()
        select (generated.Scenario, split, advanceFirst);

    private static Property SplitLaw(Scenario scenario, int split, bool advanceFirst, IdNumbering ids)
    {
        var events = scenario.Events;
        var oneRun = Run(Open(scenario, ids), events).AdvanceTo(scenario.AsOf);

        var first = Run(Open(scenario, ids), events.Take(split));
        if (advanceFirst && split < events.Count)
        {
            // The state written at the next event's instant, as a host that persists before acting would.
            first = first.AdvanceTo(events[split].At);
        }

        var restored = CirculationDesk.Restore(scenario.Policy, first.ToSnapshot());
        var joined = Run(restored, events.Skip(split)).AdvanceTo(scenario.AsOf);
        var label = $"split before event {split} of {events.Count}{(advanceFirst ? ", advanced to it first" : string.Empty)}";
        return (joined.ToSnapshot() == oneRun.ToSnapshot()).Label(label + ": snapshots differ\n" + Difference(oneRun.ToSnapshot(), joined.ToSnapshot()))
            .And(joined.FinesFees.Select(r => (r.ToSnapshot(), r.Explanation)).SequenceEqual(oneRun.FinesFees.Select(r => (r.ToSnapshot(), r.Explanation))))
            .Label(label + ": fines/fees as of asOf differ")
            .And(joined.Notices.Select(n => n.ToSnapshot()).SequenceEqual(oneRun.Notices.Select(n => n.ToSnapshot()))).Label(label + ": notices differ")
            .And(joined.NextScheduledAt == oneRun.NextScheduledAt).Label(label + ": next scheduled instants differ");
    }

    private static Property ChangesLaw(Scenario scenario, IdNumbering ids)
    {
        var failures = new List<string>();
        var desk = Open(scenario, ids).TrackingChanges();
        var last = Run(desk, scenario.Events, (before, after, e) => Check(before, after, $"event {e.Index} ({e.TypeSpelling})"));
        Check(last, last.AdvanceTo(scenario.AsOf), "advance to asOf");
        return (failures.Count == 0).Label(string.Join("\n", failures.Take(3)));

        void Check(CirculationDesk before, CirculationDesk after, string what)
        {
            if (failures.Count > 0)
            {
                return;
            }

            if (after.LastStep is not { } step)
            {
                failures.Add($"{what}: no step recorded");
                return;
            }

            var applied = before.ToSnapshot().Apply(step);
            var expected = after.ToSnapshot();
            if (applied != expected)
            {
                failures.Add($"{what}: the changes do not give the snapshot after it\n{Difference(expected, applied)}");
            }
        }
    }

    /// <summary>The first differing part of two snapshots, for a failure message.</summary>
    internal static string Difference(DeskSnapshot expected, DeskSnapshot actual)
    {
        string First<T>(string name, IReadOnlyList<T> e, IReadOnlyList<T> a)
        {
            for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
            {
                var x = i < e.Count ? e[i] : default;
                var y = i < a.Count ? a[i] : default;
                if (!Equals(x, y))
                {
                    return $"  {name}[{i}]:\n    expected {x}\n    actual   {y}";
                }
            }

            return string.Empty;
        }

        var parts = new[]
        {
            expected.AsOf != actual.AsOf ? $"  asOf {expected.AsOf} / {actual.AsOf}" : string.Empty,
            First("loans", expected.Loans, actual.Loans),
            First("finesFees", expected.FinesFees, actual.FinesFees),
            First("requests", expected.Requests, actual.Requests),
            First("sessions", expected.Sessions, actual.Sessions),
            First("notices", expected.Notices, actual.Notices),
            First("claims", expected.Claims, actual.Claims),
            expected.Numbering != actual.Numbering ? $"  numbering {expected.Numbering} / {actual.Numbering}" : string.Empty,
            Equals(expected.SameInstant, actual.SameInstant) ? string.Empty : $"  sameInstant {Describe(expected.SameInstant)} / {Describe(actual.SameInstant)}",
        };
        return string.Join("\n", parts.Where(p => p.Length > 0));
    }

    private static string Describe(SameInstantOrder? order) => order is null ? "none"
        : $"{order.At}: fines/fees [{string.Join(", ", order.FinesFees)}], notices [{string.Join(", ", order.Notices)}]";
}
