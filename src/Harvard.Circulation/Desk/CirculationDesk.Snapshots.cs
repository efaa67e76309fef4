using Ardalis.GuardClauses;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Desk;

/// <content>State in and out: snapshots of the whole desk or of the accounts some patrons and items need, and the
/// desk restored from one.</content>
public sealed partial class CirculationDesk
{
    /// <summary>Everything the desk holds, as data a host can store (see <see cref="DeskSnapshot"/>).</summary>
    /// <returns>The snapshot at <see cref="Now"/>.</returns>
    /// <remarks>Reads every account: its cost grows with the desk.</remarks>
    public DeskSnapshot ToSnapshot() => DeskSnapshots.Take(state, null, null);

    /// <summary>
    /// The part of the desk that decisions on some patrons and items need: those patrons' accounts and those items'
    /// records, the records of the items the patrons have on loan, returned or requested, and the accounts of whoever
    /// has the items on loan or in their queue (so a check-in that moves the queue reaches the next requester).
    /// Restored (<see cref="Restore(Policy, DeskSnapshot)"/>), it decides every action on these patrons and items exactly as this desk
    /// would, and numbers what it creates the same way.
    /// </summary>
    /// <param name="patronIds">The patrons (primary ids).</param>
    /// <param name="itemBarcodes">The items.</param>
    /// <returns>The partial snapshot; its cost is that of the accounts and records it holds.</returns>
    /// <exception cref="ArgumentException">A patron or item is not known.</exception>
    public DeskSnapshot ToSnapshot(IEnumerable<string> patronIds, IEnumerable<string> itemBarcodes)
    {
        var read = Read();
        var patrons = Guard.Against.Null(patronIds).Select(read.RequirePatron).ToList();
        var items = Guard.Against.Null(itemBarcodes).Select(read.RequireItem).ToList();
        return DeskSnapshots.Take(state, patrons, items);
    }

    /// <summary>
    /// A desk from a snapshot, deciding exactly as the desk the snapshot was taken of. The snapshot is checked first:
    /// every id it names must be known, each item may have one open loan, every fine/fee must add up (original =
    /// balance + paid + waived, its transactions summing to them), instants must agree with states, and nothing the
    /// policy would already have made happen by <see cref="DeskSnapshot.AsOf"/> may be missing.
    /// </summary>
    /// <param name="policy">The policy the snapshot's desk decided by.</param>
    /// <param name="snapshot">The snapshot: a whole desk's, or a part (<see cref="ToSnapshot(IEnumerable{string}, IEnumerable{string})"/>).</param>
    /// <returns>The desk at <see cref="DeskSnapshot.AsOf"/>.</returns>
    /// <exception cref="InvalidSnapshotException">The snapshot is not consistent; <see cref="InvalidSnapshotException.Problems"/>
    /// names each problem by its path (e.g. <c>loans[3].patronId</c>). Nothing is restored.</exception>
    public static CirculationDesk Restore(Policy policy, DeskSnapshot snapshot)
    {
        Guard.Against.Null(policy);
        Guard.Against.Null(snapshot);
        return new CirculationDesk(DeskSnapshots.Restore(policy, snapshot));
    }

    /// <summary>Whether each action and advance of this desk records what it changed (<see cref="LastStep"/>).</summary>
    public bool TracksChanges => state.TracksChanges;

    /// <summary>What the action or advance that made this desk changed, in order, when the desk tracks changes
    /// (<see cref="TrackingChanges"/>); null otherwise, and on the desk tracking started on.</summary>
    /// <remarks>A refused action's unchanged desk has a step too: time advanced to the action's instant, and what the
    /// policy made happen by then is in it.</remarks>
    public DeskStep? LastStep => state.LastStep;

    /// <summary>This desk, with every action and advance from it on recording what it changed (<see cref="LastStep"/>):
    /// what a host persists and acts on. Recording costs the changed accounts' size; a desk that does not track pays
    /// nothing.</summary>
    /// <returns>The desk, tracking changes.</returns>
    public CirculationDesk TrackingChanges() => state.TracksChanges && state.LastStep is null
        ? this
        : new CirculationDesk(state with { TracksChanges = true, LastStep = null });

    /// <summary>Every problem that keeps a snapshot from being restored with a policy; empty when it can be.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>The problems, each with its path, in the snapshot's order.</returns>
    public static IReadOnlyList<SnapshotProblem> Check(Policy policy, DeskSnapshot snapshot) =>
        SnapshotCheck.Problems(Guard.Against.Null(policy), Guard.Against.Null(snapshot));
}
