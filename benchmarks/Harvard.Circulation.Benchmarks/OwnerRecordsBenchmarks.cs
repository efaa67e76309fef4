using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Benchmarks;

/// <summary>
/// One check-out on a desk kept owner by owner (<see cref="OwnerRecords"/>: each patron's account and each item kept
/// apart, as a grain per owner keeps them) on desks holding 10³ to 10⁶ loans: the whole loop a host runs for it, each
/// of its steps alone, and the same check-out on the plain whole desk (the peer, the baseline). The cost must not grow
/// with what the desk holds. The desk is the workload of <see cref="DeskScaleBenchmarks"/> with scoped ids, split into
/// its owners once (kept in a dictionary by patron id and barcode); the check-out lends the one item never lent to
/// the one patron who borrows nothing (in good standing, neither tied to any other owner), at an instant after the
/// desk's, halfway to its next scheduled event (so the whole desk has nothing else to move on either).
/// </summary>
/// <remarks>Every iteration starts from the owners of the setup and discards what it makes, so each does the same
/// work; each step's benchmark starts from what the steps before it made once in the setup. The setup checks that the
/// check-out is allowed both ways and that the account scattered afterwards holds the loan the whole desk makes. The
/// environment variable <c>HARVARD_BENCH_LOANS</c> limits the sizes, as for <see cref="DeskScaleBenchmarks"/>. With
/// the in-process toolchain the desk and its owners of one size are built once and kept for every benchmark of that
/// size (they are immutable). The class always runs in process, with a 30-minute limit per benchmark instead of
/// BenchmarkDotNet's 5 minutes: the first benchmark of 10⁶ loans builds and splits the desk in its setup, which took
/// more than 5 minutes on the loaded 2-core build machine.</remarks>
[MemoryDiagnoser]
[Config(typeof(LongSetupConfig))]
public class OwnerRecordsBenchmarks
{
    private static Built? last;

    private Policy policy = null!;
    private CirculationDesk desk = null!;
    private Dictionary<string, OwnerRecords> owners = null!;
    private string patron = null!;
    private string item = null!;
    private Instant at;
    private List<OwnerRecords> needed = null!;
    private IReadOnlyList<OwnerRecords> aligned = null!;
    private DeskSnapshot gathered = null!;
    private CirculationDesk restored = null!;
    private CirculationDesk acted = null!;
    private DeskSnapshot actedSnapshot = null!;

    /// <summary>How many loans the desk holds.</summary>
    [ParamsSource(nameof(Sizes))]
    public int LoansHeld { get; set; }

    /// <summary>The sizes: 10³ to 10⁶, or those <c>HARVARD_BENCH_LOANS</c> names.</summary>
    /// <returns>The sizes.</returns>
    public static IEnumerable<int> Sizes() => DeskScaleBenchmarks.Sizes();

    /// <summary>Builds the desk (scoped ids), splits it into its owners, runs each step once for the next one's
    /// benchmark, and checks the owners' check-out against the whole desk's.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (last is not { } built || built.Loans != LoansHeld)
        {
            last = null;
            GC.Collect();
            var clock = Stopwatch.StartNew();
            var whole = DeskScaleBenchmarks.Build(LoansHeld, IdNumbering.Scoped, out _, out _);
            var builtIn = clock.Elapsed;
            var split = OwnerRecords.Split(whole.ToSnapshot()).ToDictionary(o => o.PatronId ?? o.ItemBarcode!, StringComparer.Ordinal);
            Console.WriteLine($"// Setup: desk of {LoansHeld} loans built in {builtIn.TotalSeconds:F1} s, split into {split.Count} owners in {(clock.Elapsed - builtIn).TotalSeconds:F1} s");
            built = new Built(LoansHeld, whole, split);
            last = built;
        }

        desk = built.Desk;
        owners = built.Owners;
        policy = desk.Policy;
        if (desk.LoanCount != LoansHeld || desk.Ids != IdNumbering.Scoped)
        {
            throw new InvalidOperationException($"The desk holds {desk.LoanCount} loans with {desk.Ids} ids, not {LoansHeld} with scoped ids.");
        }

        patron = DeskScaleBenchmarks.PatronId((LoansHeld / 10) + 1);
        item = DeskScaleBenchmarks.ItemId(LoansHeld);
        at = desk.NextScheduledAt is { } next ? desk.Now + ((next - desk.Now) / 2) : desk.Now + Duration.FromMinutes(1);
        if (at <= desk.Now || owners[patron].AsOf != desk.Now || owners[item].AsOf != desk.Now)
        {
            throw new InvalidOperationException($"The check-out's instant {at} must come after the desk's and its owners' {desk.Now}.");
        }

        needed = PickOwners();
        if (needed.Count != 2)
        {
            throw new InvalidOperationException($"The check-out gathers {needed.Count} owners, not the patron and the item alone.");
        }

        aligned = AdvanceOwners();
        gathered = GatherOwners();
        restored = RestoreGathered();
        var decision = CheckOutOnRestored();
        var peer = CheckOutOnWholeDesk();
        if (!decision.IsAllowed || !peer.IsAllowed)
        {
            throw new InvalidOperationException(
                $"The check-out is refused on the benchmark desk: {string.Join(" ", decision.Reasons.Concat(peer.Reasons).Select(r => r.Message))}");
        }

        acted = decision.Value;
        actedSnapshot = SnapshotActed();
        var account = ScatterActed().Single(o => o.PatronId == patron);
        var fromWhole = peer.Value.ToSnapshot([patron], [item]).Loans;
        if (account.Records.Loans.Count != 1 || !account.Records.Loans.SequenceEqual(fromWhole) || !CheckOutThroughOwners().SequenceEqual(ScatterActed()))
        {
            throw new InvalidOperationException("The account scattered after the check-out does not hold the loan the whole desk makes.");
        }
    }

    /// <summary>The peer: the same check-out on the whole desk, no owners kept apart.</summary>
    /// <returns>The decision.</returns>
    [Benchmark(Baseline = true)]
    public Decision<CirculationDesk> CheckOutOnWholeDesk() => desk.CheckOut(patron, item, at);

    /// <summary>The whole loop for one check-out through owners: pick the owners it names and those they tie to, move
    /// them on to its instant, gather them, restore a desk at its place, check out, take the desk's snapshot and
    /// scatter it into what each owner holds afterwards (to store; discarded here).</summary>
    /// <returns>The owners afterwards.</returns>
    [Benchmark]
    public IReadOnlyList<OwnerRecords> CheckOutThroughOwners()
    {
        var moved = OwnerRecords.AdvanceTo(policy, PickOwners(), at);
        var decided = CirculationDesk.Restore(policy, OwnerRecords.Gather(moved)).AtPlace(at, 0).CheckOut(patron, item, at);
        return OwnerRecords.Scatter(decided.Result.ToSnapshot(), moved);
    }

    /// <summary>Step 1: the owners the check-out names and every owner they tie to, to a fixed point, from the
    /// dictionary of owners.</summary>
    /// <returns>The owners.</returns>
    [Benchmark]
    public List<OwnerRecords> PickOwners()
    {
        var picked = new List<OwnerRecords>();
        var toVisit = new Queue<string>([patron, item]);
        while (toVisit.TryDequeue(out var key))
        {
            if (picked.Any(o => string.Equals(o.PatronId ?? o.ItemBarcode, key, StringComparison.Ordinal)))
            {
                continue;
            }

            var owner = owners[key];
            picked.Add(owner);
            foreach (var tied in owner.Ties.PatronIds.Concat(owner.Ties.ItemBarcodes))
            {
                toVisit.Enqueue(tied);
            }
        }

        return picked;
    }

    /// <summary>Step 2: the owners moved on to the check-out's instant (gathered, restored, moved on, snapshot taken
    /// and scattered, once for their one instant).</summary>
    /// <returns>The owners at the instant.</returns>
    [Benchmark]
    public IReadOnlyList<OwnerRecords> AdvanceOwners() => OwnerRecords.AdvanceTo(policy, needed, at);

    /// <summary>Step 3: one snapshot holding the owners moved on.</summary>
    /// <returns>The snapshot.</returns>
    [Benchmark]
    public DeskSnapshot GatherOwners() => OwnerRecords.Gather(aligned);

    /// <summary>Step 4: a desk restored from that snapshot (checked first), given the check-out's place.</summary>
    /// <returns>The desk.</returns>
    [Benchmark]
    public CirculationDesk RestoreGathered() => CirculationDesk.Restore(policy, gathered).AtPlace(at, 0);

    /// <summary>Step 5: the check-out on the restored desk.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> CheckOutOnRestored() => restored.CheckOut(patron, item, at);

    /// <summary>Step 6: the snapshot of the desk after the check-out.</summary>
    /// <returns>The snapshot.</returns>
    [Benchmark]
    public DeskSnapshot SnapshotActed() => acted.ToSnapshot();

    /// <summary>Step 7: that snapshot scattered into what each owner holds afterwards.</summary>
    /// <returns>The owners afterwards.</returns>
    [Benchmark]
    public IReadOnlyList<OwnerRecords> ScatterActed() => OwnerRecords.Scatter(actedSnapshot, aligned);

    /// <summary>Every job of the run in process, with a setup allowed to take minutes.</summary>
    private sealed class LongSetupConfig : ManualConfig
    {
        public LongSetupConfig() => AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)).AsMutator());
    }

    /// <summary>A desk and its owners, of one size.</summary>
    private sealed record Built(int Loans, CirculationDesk Desk, Dictionary<string, OwnerRecords> Owners);
}
