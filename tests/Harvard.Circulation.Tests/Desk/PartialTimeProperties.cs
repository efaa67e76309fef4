using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Testing;
using Harvard.Circulation.Tests.Model;
using NodaTime;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>
/// Time on a partial desk: a desk restored from the part of a snapshot some patrons and items need (the closure of
/// loans and open requests around them) and moved on in time on its own ends where the whole desk ends, for that
/// part. Under scoped ids this holds for everything but the desk-wide notice sequence, whose numbers the whole
/// desk also gives to other patrons' notices: the part's notices keep their order, not their numbers. It is what
/// lets a host keep and advance one part of a consortium's desk apart from the rest.
/// </summary>
public class PartialTimeProperties
{
    [Property(MaxTest = 1000)]
    public Property Partial_AdvancedOnItsOwn_EndsWhereTheWholeDeskEnds() =>
        Prop.ForAll(Cases(CirculationGenerators.Scenario()).ToArbitrary(), c => Law(c.Scenario, c.Split, c.Patron, c.Item, c.Days));

    [Property(MaxTest = 200)]
    public Property Partial_OfALongRunAdvancedOnItsOwn_EndsWhereTheWholeDeskEnds() =>
        Prop.ForAll(Cases(LongRunGenerator.Scenario()).ToArbitrary(), c => Law(c.Scenario, c.Split, c.Patron, c.Item, c.Days));

    private static Gen<(Scenario Scenario, int Split, int Patron, int Item, int Days)> Cases(Gen<ScenarioCase> scenarios) =>
        from generated in scenarios
        from split in Gen.Choose(0, generated.Scenario.Events.Count)
        from patron in Gen.Choose(-1, Math.Max(0, generated.Scenario.Patrons.Count - 1))
        from item in Gen.Choose(-1, Math.Max(0, generated.Scenario.Items.Count - 1))
        from days in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 60)), (2, Gen.Choose(61, 400)))
        select (generated.Scenario, split, patron, item, days);

    private static Property Law(Scenario scenario, int split, int patronIndex, int itemIndex, int days)
    {
        var patrons = patronIndex >= 0 && patronIndex < scenario.Patrons.Count ? new[] { scenario.Patrons[patronIndex].PrimaryId } : [];
        var items = itemIndex >= 0 && itemIndex < scenario.Items.Count ? new[] { scenario.Items[itemIndex].Barcode } : [];
        if (patrons.Length + items.Length == 0)
        {
            return true.ToProperty();
        }

        var whole = SnapshotProperties.Run(SnapshotProperties.Open(scenario, IdNumbering.Scoped), scenario.Events.Take(split));
        var part = CirculationDesk.Restore(scenario.Policy, whole.ToSnapshot(patrons, items));
        var until = whole.Now.Plus(Duration.FromDays(days)).Plus(Duration.FromHours(days % 24));
        var wholeLater = whole.AdvanceTo(until);
        var partLater = part.AdvanceTo(until);

        // A returned loan of an account the part does not hold reaches its item when anonymized: a message between
        // owners, which the part cannot receive on its own (the item's statistics, not its queue or loans).
        var held = part.ToSnapshot().Loans.Select(l => l.Number).ToHashSet();
        var wholePart = wholeLater.ToSnapshot(patrons, items);
        var expected = Comparable(wholePart with { Loans = wholePart.Loans.Where(l => held.Contains(l.Number)).ToEquatableArray() });
        var actual = Comparable(partLater.ToSnapshot(patrons, items));
        var label = $"split before event {split}, patrons [{string.Join(", ", patrons)}], items [{string.Join(", ", items)}], advanced {days} days";
        return (expected == actual).Label(label + "\n" + SnapshotProperties.Difference(expected, actual))
            .And(NotBefore(partLater.NextScheduledAt, wholeLater.NextScheduledAt)).Label($"{label}: the part has something scheduled ({partLater.NextScheduledAt}) before the whole desk ({wholeLater.NextScheduledAt})");
    }

    /// <summary>A partial snapshot with what the whole desk numbers across all its patrons (the notice sequence and
    /// the counts, each notice's place among its instant's) replaced by the order they give within the part, and with the part's own notices of the instant.</summary>
    private static DeskSnapshot Comparable(DeskSnapshot snapshot)
    {
        // The pending notices of accounts the part leaves out only place other patrons' notices among these.
        var ranks = snapshot.Notices.Select(n => n.Sequence).Order().Select((sequence, rank) => (sequence, rank)).ToDictionary(p => p.sequence, p => (long)p.rank);
        return snapshot with
        {
            Notices = snapshot.Notices.Select(n => n with { Sequence = ranks[n.Sequence], Order = PlaceAmongItsInstant(snapshot, n) }).ToEquatableArray(),
            SameInstant = snapshot.SameInstant is { } order
                ? order with { Notices = order.Notices.Where(n => ranks.ContainsKey(n.Sequence)).Select(n => n with { Sequence = ranks[n.Sequence] }).ToEquatableArray() }
                : null,
            Numbering = snapshot.Numbering with { Loans = 0, FinesFees = 0, Requests = 0, Sessions = 0, Notices = 0 },
        };
    }

    /// <summary>A notice's place among the part's notices of its instant (the desk places it among everyone's).</summary>
    private static int? PlaceAmongItsInstant(DeskSnapshot snapshot, NoticeSnapshot notice) => notice.Order is not { } order ? null
        : snapshot.Notices.Count(n => n.At == notice.At && n.Order is { } other && other < order);

    private static bool NotBefore(Instant? part, Instant? whole) => part is null || (whole is { } w && part.Value >= w);
}
