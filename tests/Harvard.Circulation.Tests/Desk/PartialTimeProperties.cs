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
/// A partial desk kept on its own: restored from the part of a snapshot some patrons and items need (the closure of
/// loans and open requests around them), moved on in time and given the events on those patrons and items, it ends
/// where the whole desk ends for that part, under scoped ids. What it cannot know are the numbers the whole desk
/// gives across all patrons — the notice sequence and a notice's place among its instant's, and the desk's own
/// numbers of loans, requests and sessions made meanwhile — and what reaches it from outside: other patrons' loans
/// anonymized onto its items, and any event naming what it holds together with what it does not (after which a
/// host takes the part afresh). It is what lets a host keep one part of a consortium's desk apart from the rest.
/// </summary>
public class PartialTimeProperties
{
    [Property(MaxTest = 1000)]
    public Property Partial_AdvancedOnItsOwn_EndsWhereTheWholeDeskEnds() =>
        Prop.ForAll(Cases(CirculationGenerators.Scenario()).ToArbitrary(), c => Law(c.Scenario, c.Split, c.Patron, c.Item, c.Days));

    [Property(MaxTest = 200)]
    public Property Partial_OfALongRunAdvancedOnItsOwn_EndsWhereTheWholeDeskEnds() =>
        Prop.ForAll(Cases(LongRunGenerator.Scenario()).ToArbitrary(), c => Law(c.Scenario, c.Split, c.Patron, c.Item, c.Days));

    [Property(MaxTest = 400)]
    public Property Partial_KeptThroughTheEventsOnIt_DecidesThemAndEndsAsTheWholeDesk() =>
        Prop.ForAll(Cases(CirculationGenerators.Scenario()).ToArbitrary(), c => KeptLaw(c.Scenario, c.Split, c.Patron, c.Item));

    [Property(MaxTest = 100)]
    public Property Partial_OfALongRunKeptThroughTheEventsOnIt_DecidesThemAndEndsAsTheWholeDesk() =>
        Prop.ForAll(Cases(LongRunGenerator.Scenario()).ToArbitrary(), c => KeptLaw(c.Scenario, c.Split, c.Patron, c.Item));

    private static Gen<(Scenario Scenario, int Split, int Patron, int Item, int Days)> Cases(Gen<ScenarioCase> scenarios) =>
        from generated in scenarios
        from split in Gen.Choose(0, generated.Scenario.Events.Count)
        from patron in Gen.Choose(-1, Math.Max(0, generated.Scenario.Patrons.Count - 1))
        from item in Gen.Choose(-1, Math.Max(0, generated.Scenario.Items.Count - 1))
        from days in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 60)), (2, Gen.Choose(61, 400)))
        select (generated.Scenario, split, patron, item, days);

    private static Property Law(Scenario scenario, int split, int patronIndex, int itemIndex, int days)
    {
        if (Split(scenario, split, patronIndex, itemIndex) is not var (patrons, items, whole, part))
        {
            return true.ToProperty();
        }

        var until = whole.Now.Plus(Duration.FromDays(days)).Plus(Duration.FromHours(days % 24));
        var wholeLater = whole.AdvanceTo(until);
        var partLater = part.AdvanceTo(until);

        // A returned loan of an account the part does not hold reaches its item when anonymized: a message between
        // owners, which the part cannot receive on its own (the item's statistics, not its queue or loans).
        var held = part.ToSnapshot().Loans.Select(l => l.Id).ToHashSet();
        var wholePart = wholeLater.ToSnapshot(patrons, items);
        var expected = Comparable(wholePart with { Loans = wholePart.Loans.Where(l => held.Contains(l.Id)).ToEquatableArray() });
        var actual = Comparable(partLater.ToSnapshot(patrons, items));
        var label = $"split before event {split}, patrons [{string.Join(", ", patrons)}], items [{string.Join(", ", items)}], advanced {days} days";
        return (expected == actual).Label(label + "\n" + SnapshotProperties.Difference(expected, actual))
            .And(NotBefore(partLater.NextScheduledAt, wholeLater.NextScheduledAt)).Label($"{label}: the part has something scheduled ({partLater.NextScheduledAt}) before the whole desk ({wholeLater.NextScheduledAt})");
    }

    /// <summary>
    /// The whole desk and a part of it taken after <paramref name="split"/> events go through the rest side by side:
    /// each event on the part's patrons and items only goes to both (the part moved on to its instant first) and is
    /// decided alike; an event on others goes to the whole only; the first that names the part's patrons or items
    /// with others ends the run (the part is stale: a host takes it afresh). Both end alike, for the part.
    /// </summary>
    private static Property KeptLaw(Scenario scenario, int split, int patronIndex, int itemIndex)
    {
        if (Split(scenario, split, patronIndex, itemIndex) is not var (patrons, items, whole, part))
        {
            return true.ToProperty();
        }

        var decidedOnThePart = 0;
        foreach (var generated in scenario.Events.Skip(split))
        {
            var e = SnapshotProperties.ForDesk(whole, generated);
            if (e.Type == ScenarioEventType.SearchPatrons)
            {
                continue;
            }

            var held = part.ToSnapshot();
            var heldPatrons = held.Patrons.Select(p => p.PrimaryId).ToHashSet(StringComparer.Ordinal);
            var heldItems = held.Items.Select(i => i.Barcode).ToHashSet(StringComparer.Ordinal);
            var named = SnapshotProperties.ScopeOf(whole, e);
            var onThePart = named is var (p, i) && p.All(patrons.Contains) && i.All(items.Contains);
            var touchesThePart = named is null
                ? e.Type == ScenarioEventType.ExportToBursar
                : named.Value.Patrons.Any(heldPatrons.Contains) || named.Value.Items.Any(heldItems.Contains)
                    || (e.Type == ScenarioEventType.OpenSession && held.Sessions.Any(s => s.StaffId == e.Staff));
            if (!onThePart && touchesThePart)
            {
                break;
            }

            var placeOnTheWhole = whole.AdvanceTo(e.At).ActionsAtNow;
            var wholeDecision = ScenarioReplayer.Apply(whole, e);
            whole = wholeDecision.Result;
            if (!onThePart)
            {
                continue;
            }

            // The caller supplies the order of one instant's actions across owners: the part's action takes the place
            // it had among the whole desk's (others' actions at the instant were taken on the whole desk only).
            var partDecision = ScenarioReplayer.Apply(part.AtPlace(e.At, placeOnTheWhole), e);
            part = partDecision.Result;
            decidedOnThePart++;
            if (wholeDecision.IsAllowed != partDecision.IsAllowed
                || !wholeDecision.Reasons.Select(r => r.Message).SequenceEqual(partDecision.Reasons.Select(r => r.Message)))
            {
                return false.Label($"event {e.Index} ({e.TypeSpelling}) decided {Describe(partDecision)} on the part, {Describe(wholeDecision)} on the whole desk");
            }
        }

        var until = Instant.Max(whole.Now, part.Now);
        var wholeLater = whole.AdvanceTo(until);
        var partLater = part.AdvanceTo(until);
        var heldLoans = partLater.ToSnapshot().Loans.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var wholePart = wholeLater.ToSnapshot(patrons, items);
        var expected = Comparable(wholePart with { Loans = wholePart.Loans.Where(l => heldLoans.Contains(l.Id)).ToEquatableArray() });
        var actual = Comparable(partLater.ToSnapshot(patrons, items));
        return (expected == actual)
            .Label($"split before event {split}, patrons [{string.Join(", ", patrons)}], items [{string.Join(", ", items)}], {decidedOnThePart} events on the part\n"
                + SnapshotProperties.Difference(expected, actual))
            .Classify(decidedOnThePart > 0, "events decided on the part");
    }

    /// <summary>A scoped desk run to the split and the part of it a patron and an item need (either may be left
    /// out, by an index out of range); null when both are.</summary>
    private static (string[] Patrons, string[] Items, CirculationDesk Whole, CirculationDesk Part)? Split(
        Scenario scenario, int split, int patronIndex, int itemIndex)
    {
        string[] patrons = patronIndex >= 0 && patronIndex < scenario.Patrons.Count ? [scenario.Patrons[patronIndex].PrimaryId] : [];
        string[] items = itemIndex >= 0 && itemIndex < scenario.Items.Count ? [scenario.Items[itemIndex].Barcode] : [];
        if (patrons.Length + items.Length == 0)
        {
            return null;
        }

        var whole = SnapshotProperties.Run(SnapshotProperties.Open(scenario, IdNumbering.Scoped), scenario.Events.Take(split));
        return (patrons, items, whole, CirculationDesk.Restore(scenario.Policy, whole.ToSnapshot(patrons, items)));
    }

    private static string Describe(Decision<CirculationDesk> decision) =>
        decision.IsAllowed ? "allowed" : "refused: " + string.Join(" ", decision.Reasons.Select(r => r.Message));

    /// <summary>A partial snapshot with what the whole desk alone can know replaced by what the part knows: how many
    /// actions were taken at the last instant (everyone's), and the pending notices of accounts the part leaves out.
    /// Everything else is compared as it is: under scoped ids a snapshot holds no desk-wide number or rank (no counts,
    /// no desk numbers of loans, requests or sessions, no notice order — each notice keeps its place), and notice
    /// sequences and the places of actions (given by the caller) count within owners.</summary>
    internal static DeskSnapshot Comparable(DeskSnapshot snapshot)
    {
        var sameInstant = snapshot.SameInstant is { } order
            ? order with
            {
                // The pending notices of accounts the part leaves out (no patron named) only place others' among these.
                Notices = order.Notices.Where(n => n.PatronId is not null).ToEquatableArray(),
            }
            : null;
        return snapshot with
        {
            // How many actions the desk took at its instant counts everyone's; the part knows it as of its own last.
            SameInstant = sameInstant is null or { FinesFees.Count: 0, Notices.Count: 0 } ? null : sameInstant with { Actions = 0 },
        };
    }

    private static bool NotBefore(Instant? part, Instant? whole) => part is null || (whole is { } w && part.Value >= w);
}
