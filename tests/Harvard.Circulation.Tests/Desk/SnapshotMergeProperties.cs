using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Testing;
using Harvard.Circulation.Tests.Model;
using NodaTime;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>
/// Parts of one scoped desk put back together (<see cref="DeskSnapshot.Merge"/>): taken at one instant they merge into
/// the part the whole desk gives for all their patrons and items; kept apart — each given the events on its own
/// patrons and items, in the places those took on the whole desk, and moved on to one instant — they still merge into
/// what the whole desk holds for them. Compared but for the order of lists the merge cannot know (patrons, items,
/// and fines/fees and notices across accounts) and what <see cref="PartialTimeProperties"/> says a part cannot know.
/// </summary>
public class SnapshotMergeProperties
{
    [Property(MaxTest = 300)]
    public Property Parts_TakenAtOneInstant_MergeIntoTheWholeDesksPartForThemAll() =>
        Prop.ForAll(Cases(CirculationGenerators.Scenario()).ToArbitrary(), c => TakenLaw(c.Scenario, c.Split, c.First, c.Second));

    [Property(MaxTest = 1000)]
    public Property Parts_KeptApart_MergeIntoWhatTheWholeDeskHoldsForThem() =>
        Prop.ForAll(Cases(CirculationGenerators.Scenario()).ToArbitrary(), c => KeptApartLaw(c.Scenario, c.Split, c.First, c.Second));

    [Property(MaxTest = 150)]
    public Property Parts_OfALongRunKeptApart_MergeIntoWhatTheWholeDeskHoldsForThem() =>
        Prop.ForAll(Cases(LongRunGenerator.Scenario()).ToArbitrary(), c => KeptApartLaw(c.Scenario, c.Split, c.First, c.Second));

    private static Gen<(Scenario Scenario, int Split, (int Patron, int Item) First, (int Patron, int Item) Second)> Cases(Gen<ScenarioCase> scenarios) =>
        from generated in scenarios
        from split in Gen.Choose(0, generated.Scenario.Events.Count)
        from first in Owners(generated.Scenario)
        from second in Owners(generated.Scenario)
        select (generated.Scenario, split, first, second);

    private static Gen<(int Patron, int Item)> Owners(Scenario scenario) =>
        from patron in Gen.Choose(-1, Math.Max(0, scenario.Patrons.Count - 1))
        from item in Gen.Choose(-1, Math.Max(0, scenario.Items.Count - 1))
        select (patron, item);

    private static Property TakenLaw(Scenario scenario, int split, (int Patron, int Item) first, (int Patron, int Item) second)
    {
        var (a, b) = (Names(scenario, first), Names(scenario, second));
        if (a is null || b is null)
        {
            return true.ToProperty();
        }

        var whole = SnapshotProperties.Run(SnapshotProperties.Open(scenario, IdNumbering.Scoped), scenario.Events.Take(split));
        var merged = DeskSnapshot.Merge([whole.ToSnapshot(a.Value.Patrons, a.Value.Items), whole.ToSnapshot(b.Value.Patrons, b.Value.Items)]);
        var parts = new[] { whole.ToSnapshot(a.Value.Patrons, a.Value.Items), whole.ToSnapshot(b.Value.Patrons, b.Value.Items) };
        var expected = WithRequestsTheyHold(whole.ToSnapshot(a.Value.Patrons.Union(b.Value.Patrons), a.Value.Items.Union(b.Value.Items)), parts);
        var withTheWhole = DeskSnapshot.Merge([whole.ToSnapshot(a.Value.Patrons, a.Value.Items), whole.ToSnapshot()]);
        var problems = CirculationDesk.Check(scenario.Policy, merged);
        return (Unordered(expected) == Unordered(merged)).Label("two parts\n" + SnapshotProperties.Difference(Unordered(expected), Unordered(merged)))
            .And((Unordered(whole.ToSnapshot()) == Unordered(withTheWhole)).Label("a part with the whole\n" + SnapshotProperties.Difference(Unordered(whole.ToSnapshot()), Unordered(withTheWhole))))
            .And((problems.Count == 0).Label("the merge restores: " + string.Join("; ", problems)))
            .And((CirculationDesk.Restore(scenario.Policy, merged).ToSnapshot(merged.Scope!.PatronIds, merged.Scope.ItemBarcodes) is var again
                && Unordered(again) == Unordered(merged)).Label("the restored merge gives it back"));
    }

    /// <summary>
    /// Two parts whose closures share nothing go through the rest of the history beside the whole desk: an event on
    /// one part's patrons and items goes to that part and the whole (in the place it took on the whole), one on others
    /// to the whole only; the first that reaches a part otherwise ends the run. Moved on to one instant, the parts
    /// merge into what the whole desk holds for them both.
    /// </summary>
    private static Property KeptApartLaw(Scenario scenario, int split, (int Patron, int Item) first, (int Patron, int Item) second)
    {
        var (a, b) = (Names(scenario, first), Names(scenario, second));
        if (a is null || b is null)
        {
            return true.ToProperty();
        }

        var whole = SnapshotProperties.Run(SnapshotProperties.Open(scenario, IdNumbering.Scoped), scenario.Events.Take(split));
        var scopes = new[] { a.Value, b.Value };
        var parts = scopes.Select(s => CirculationDesk.Restore(scenario.Policy, whole.ToSnapshot(s.Patrons, s.Items))).ToArray();
        var (heldA, heldB) = (parts[0].ToSnapshot(), parts[1].ToSnapshot());
        if (heldA.Patrons.Select(p => p.PrimaryId).Intersect(heldB.Patrons.Select(p => p.PrimaryId)).Any()
            || heldA.Items.Select(i => i.Barcode).Intersect(heldB.Items.Select(i => i.Barcode)).Any())
        {
            return true.Classify(true, "parts share an account or item");
        }

        var decided = new int[2];
        foreach (var generated in scenario.Events.Skip(split))
        {
            var e = SnapshotProperties.ForDesk(whole, generated);
            if (e.Type == ScenarioEventType.SearchPatrons)
            {
                continue;
            }

            var named = SnapshotProperties.ScopeOf(whole, e);
            var target = Array.FindIndex(scopes, s => named is var (p, i) && p.All(s.Patrons.Contains) && i.All(s.Items.Contains));
            if (Enumerable.Range(0, 2).Any(k => k != target && Touches(parts[k].ToSnapshot(), e, named)))
            {
                break;
            }

            var place = whole.AdvanceTo(e.At).ActionsAtNow;
            var onTheWhole = ScenarioReplayer.Apply(whole, e);
            whole = onTheWhole.Result;
            if (target < 0)
            {
                continue;
            }

            var onThePart = ScenarioReplayer.Apply(parts[target].AtPlace(e.At, place), e);
            parts[target] = onThePart.Result;
            decided[target]++;
            if (onTheWhole.IsAllowed != onThePart.IsAllowed)
            {
                return false.Label($"event {e.Index} ({e.TypeSpelling}) decided apart from the whole desk on part {target}");
            }
        }

        var until = Instant.Max(whole.Now, Instant.Max(parts[0].Now, parts[1].Now));
        whole = whole.AdvanceTo(until);
        var partsLater = parts.Select((p, k) => p.AdvanceTo(until).ToSnapshot(scopes[k].Patrons, scopes[k].Items)).ToArray();
        var merged = DeskSnapshot.Merge(partsLater);

        // Other accounts' returned loans reach the parts' items when anonymized: a message a part cannot receive.
        var heldLoans = merged.Loans.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var wholePart = whole.ToSnapshot(a.Value.Patrons.Union(b.Value.Patrons), a.Value.Items.Union(b.Value.Items));
        var expected = Unordered(PartialTimeProperties.Comparable(WithRequestsTheyHold(wholePart, partsLater) with { Loans = wholePart.Loans.Where(l => heldLoans.Contains(l.Id)).ToEquatableArray() }));
        var actual = Unordered(PartialTimeProperties.Comparable(merged));
        return (expected == actual)
            .Label($"split before event {split}, parts [{Describe(a.Value)}] and [{Describe(b.Value)}], {decided[0]} and {decided[1]} events on them\n"
                + SnapshotProperties.Difference(expected, actual))
            .Classify(decided[0] > 0 && decided[1] > 0, "events decided on both parts");
    }

    /// <summary>The whole desk's part with only the requests some part holds both ends of. A closed request stays on its
    /// item's queue but no longer ties its patron to it: a part holding the patron without the item's queue, or the
    /// queue without the patron, leaves it out, and so does their merge, while the whole desk's part for both lists it.
    /// A part holds an item's queue when it was taken for the item, or the item is out to, or requested by, a patron it
    /// holds (an item of a returned loan comes without its queue).</summary>
    private static DeskSnapshot WithRequestsTheyHold(DeskSnapshot wholePart, IReadOnlyList<DeskSnapshot> parts) => wholePart with
    {
        Requests = wholePart.Requests
            .Where(r => parts.Any(p => p.Patrons.Any(h => h.PrimaryId == r.PatronId) && HoldsQueue(p, r.ItemBarcode)))
            .ToEquatableArray(),
    };

    private static bool HoldsQueue(DeskSnapshot part, string barcode) =>
        part.Scope is null || part.Scope.ItemBarcodes.Contains(barcode)
        || part.Loans.Any(l => l.ItemBarcode == barcode && l.PatronId is not null && l.ReturnedAt is null)
        || part.Requests.Any(r => r.ItemBarcode == barcode && r.ClosedAt is null);

    /// <summary>Whether an event reaches what a part holds (so the part, not given it, would go stale).</summary>
    private static bool Touches(DeskSnapshot held, ScenarioEvent e, (string[] Patrons, string[] Items)? named) => named is not var (patrons, items)
        ? e.Type == ScenarioEventType.ExportToBursar
        : patrons.Any(p => held.Patrons.Any(h => h.PrimaryId == p)) || items.Any(i => held.Items.Any(h => h.Barcode == i))
            || (e.Type == ScenarioEventType.OpenSession && held.Sessions.Any(s => s.StaffId == e.Staff));

    private static (string[] Patrons, string[] Items)? Names(Scenario scenario, (int Patron, int Item) owners)
    {
        string[] patrons = owners.Patron >= 0 && owners.Patron < scenario.Patrons.Count ? [scenario.Patrons[owners.Patron].PrimaryId] : [];
        string[] items = owners.Item >= 0 && owners.Item < scenario.Items.Count ? [scenario.Items[owners.Item].Barcode] : [];
        return patrons.Length + items.Length == 0 ? null : (patrons, items);
    }

    private static string Describe((string[] Patrons, string[] Items) scope) => string.Join(", ", scope.Patrons.Concat(scope.Items));

    /// <summary>A snapshot with the lists whose order across owners a merge cannot know put in one order: patrons,
    /// items and their counts by id, fines/fees, notices and claims account by account (each account's own order
    /// kept), the scope as sets.</summary>
    internal static DeskSnapshot Unordered(DeskSnapshot snapshot) => snapshot with
    {
        Patrons = snapshot.Patrons.OrderBy(p => p.PrimaryId, StringComparer.Ordinal).ToEquatableArray(),
        Items = snapshot.Items.OrderBy(i => i.Barcode, StringComparer.Ordinal).ToEquatableArray(),
        FinesFees = snapshot.FinesFees.OrderBy(r => r.PatronId, StringComparer.Ordinal).ToEquatableArray(),
        Notices = snapshot.Notices.OrderBy(n => n.PatronId, StringComparer.Ordinal).ToEquatableArray(),
        Claims = snapshot.Claims.OrderBy(c => c.PatronId, StringComparer.Ordinal).ToEquatableArray(),
        Numbering = snapshot.Numbering with { LoansByItem = snapshot.Numbering.LoansByItem.OrderBy(l => l.ItemBarcode, StringComparer.Ordinal).ToEquatableArray() },
        LoansElsewhere = snapshot.LoansElsewhere.OrderBy(l => l.ItemBarcode, StringComparer.Ordinal).ToEquatableArray(),
        Scope = snapshot.Scope is { } scope
            ? new DeskScope(scope.PatronIds.Order(StringComparer.Ordinal).ToEquatableArray(), scope.ItemBarcodes.Order(StringComparer.Ordinal).ToEquatableArray())
            : null,
        SameInstant = snapshot.SameInstant is { } order
            ? order with
            {
                FinesFees = order.FinesFees.OrderBy(f => f.TransactionId[..f.TransactionId.LastIndexOf(':')], StringComparer.Ordinal).ToEquatableArray(),
                Notices = order.Notices.OrderBy(n => n.PatronId, StringComparer.Ordinal).ThenBy(n => n.Sequence).ToEquatableArray(),
            }
            : null,
    };
}
