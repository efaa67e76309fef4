using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Items;
using Harvard.Circulation.Patrons;
using NodaTime;

namespace Harvard.Circulation.Benchmarks;

/// <summary>
/// Each desk action on a desk holding 10³ to 10⁶ loans: the cost must not grow with what the desk holds (the
/// target: at most 2× from 10³ to 10⁶, a check-out at most 20 µs at 10⁶). The desk is built by a workload in time
/// order — a loan a patron at a steady rate over 100 days, half returned 20 days later (so their anonymizations
/// and notices are scheduled), a tenth 3-hour reserves left overdue (accruing fines), every 97th claimed
/// returned, every 89th lost, a request on every 50th, a charge on every 200th patron — then each benchmark runs
/// one action on that same immutable desk. The <c>Heap/loan</c> column is the managed heap the desk holds, per loan.
/// </summary>
/// <remarks>The environment variable <c>HARVARD_BENCH_LOANS</c> (e.g. <c>1000</c>) limits the sizes, for the dry run
/// in CI. <see cref="Ids"/> runs the same desk with dense ids (<c>L1</c>, <c>F1</c>) and with scoped ids
/// (<c>barcode:L1</c>, <c>patronId:F1</c>, which index each loan by its id).</remarks>
[MemoryDiagnoser]
[Config(typeof(HeapColumnConfig))]
public class DeskScaleBenchmarks
{
    private static readonly ConcurrentDictionary<(int, IdNumbering), double> HeapPerLoan = new();
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 5, 14, 0);

    private CirculationDesk desk = null!;
    private Instant now;
    private string patron = null!;
    private string owingPatron = null!;
    private string owedRecord = null!;
    private string shelfItem = null!;
    private string lentItem = null!;
    private string claimedItem = null!;
    private string requestedOpen = null!;
    private int requestNumber;
    private DeskSnapshot part = null!;

    /// <summary>How many loans the desk holds.</summary>
    [ParamsSource(nameof(Sizes))]
    public int LoansHeld { get; set; }

    /// <summary>How the desk numbers loans and fines/fees.</summary>
    [Params(IdNumbering.Dense, IdNumbering.Scoped)]
    public IdNumbering Ids { get; set; }

    /// <summary>The sizes: 10³ to 10⁶, or those <c>HARVARD_BENCH_LOANS</c> names.</summary>
    /// <returns>The sizes.</returns>
    public static IEnumerable<int> Sizes() =>
        Environment.GetEnvironmentVariable("HARVARD_BENCH_LOANS") is { Length: > 0 } sizes
            ? sizes.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))
            : [1_000, 10_000, 100_000, 1_000_000];

    /// <summary>Builds the desk and checks that every action is allowed on it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        desk = Build(LoansHeld, Ids, out now, out owingPatron);
        HeapPerLoan[(LoansHeld, Ids)] = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)LoansHeld;
        if (desk.LoanCount != LoansHeld)
        {
            throw new InvalidOperationException($"The desk holds {desk.LoanCount} loans, not {LoansHeld}.");
        }

        var patrons = LoansHeld / 10;
        patron = PatronId(patrons + 1);
        owedRecord = desk.Account(owingPatron).Ledger.Records.First(r => r.Type == FineFeeType.Other).TransactionId;
        shelfItem = ItemId(LoansHeld);
        lentItem = ItemId(LoansHeld - 3);
        claimedItem = ItemId(Enumerable.Range(0, LoansHeld).Last(i => i % 97 == 0 && i % 2 != 0 && i % 10 != 9));
        requestedOpen = desk.Requests.First(r => r.IsOpen).Id;
        requestNumber = desk.Requests.Count + 1;
        part = TakePart();

        // Every benchmark below must be an allowed action, not a refusal (a refusal is cheaper).
        foreach (var (name, decision) in new (string, Decision<CirculationDesk>)[]
        {
            ("check-out", CheckOut()), ("check-in", CheckIn()), ("renew", Renew()), ("claim", ClaimReturned()), ("lose", DeclareLost()),
            ("find", MarkFound()), ("pay", Pay()), ("waive", Waive()), ("charge", Charge()), ("request", PlaceRequest()),
            ("cancel", CancelRequest()), ("session", OpenSession()), ("check-out on a part", CheckOutOnRestoredPart()),
        })
        {
            if (!decision.IsAllowed)
            {
                throw new InvalidOperationException($"{name} is refused on the benchmark desk: {string.Join(" ", decision.Reasons.Select(r => r.Message))}");
            }
        }
    }

    /// <summary>A check-out of an item on the shelf.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> CheckOut() => desk.CheckOut(patron, shelfItem, now);

    /// <summary>A check-in of an item on loan.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> CheckIn() => desk.CheckIn(lentItem, now);

    /// <summary>A renewal.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> Renew() => desk.Renew(lentItem, now);

    /// <summary>A claim of return.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> ClaimReturned() => desk.ClaimReturned(lentItem, now);

    /// <summary>A loss (with its replacement fee and notices).</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> DeclareLost() => desk.DeclareLost(lentItem, now);

    /// <summary>A claimed-returned item found.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> MarkFound() => desk.MarkFound(claimedItem, now);

    /// <summary>A payment naming no record (oldest first).</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> Pay() => desk.Pay(owingPatron, new Money(1m, "USD"), null, now);

    /// <summary>A waiver of a record.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> Waive() => desk.Waive(owedRecord, new Money(1m, "USD"), "goodwill", now);

    /// <summary>A manual charge.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> Charge() => desk.Charge(patron, FineFeeType.CardRenewal, new Money(5m, "USD"), null, now);

    /// <summary>A request on an item on loan (a recall where the terms have one).</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> PlaceRequest() => desk.PlaceRequest("R" + requestNumber.ToString(CultureInfo.InvariantCulture), patron, lentItem, now);

    /// <summary>A cancelled request.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> CancelRequest() => desk.CancelRequest(requestedOpen, notifyUser: true, now);

    /// <summary>A patron services session opened.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> OpenSession() => desk.OpenSession("S-bench", "staff1", "WID", patron, now);

    /// <summary>Time advanced to an instant where nothing happens.</summary>
    /// <returns>The desk.</returns>
    [Benchmark]
    public CirculationDesk AdvanceToQuietInstant() => desk.AdvanceTo(now);

    /// <summary>The part of the desk a check-out needs (the patron's account and the item's record, with what they
    /// concern), taken: a host that keeps parts apart writes this.</summary>
    /// <returns>The partial snapshot.</returns>
    [Benchmark]
    public DeskSnapshot TakePart() => desk.ToSnapshot([patron], [shelfItem]);

    /// <summary>A desk restored from the part a check-out needs, and the check-out decided on it: a host that
    /// keeps parts apart does this for each action.</summary>
    /// <returns>The decision.</returns>
    [Benchmark]
    public Decision<CirculationDesk> CheckOutOnRestoredPart() => CirculationDesk.Restore(desk.Policy, part).CheckOut(patron, shelfItem, now);

    /// <summary>The id of the workload's <paramref name="i"/>th patron (from 1; patron <c>loans / 10 + 1</c> borrows
    /// nothing).</summary>
    internal static string PatronId(int i) => (10_000_000 + i).ToString(CultureInfo.InvariantCulture);

    /// <summary>The barcode of the workload's <paramref name="i"/>th item (from 0; item <c>loans</c> is never lent).</summary>
    internal static string ItemId(int i) => "3204400" + i.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The workload described on the class, in time order; returns the desk and a quiet instant after it.
    /// Shared with <see cref="OwnerRecordsBenchmarks"/>.</summary>
    internal static CirculationDesk Build(int loans, IdNumbering ids, out Instant quiet, out string owing)
    {
        var patrons = loans / 10;
        owing = PatronId(Math.Min(200, patrons));
        var policy = EmbeddedPolicies.HarvardDefault;
        var people = Enumerable.Range(1, patrons + 1).Select(i => new Patron(PatronId(i), groupCode: i % 7 == 0 ? "42" : "25")).ToList();
        var items = Enumerable.Range(0, loans + 1)
            .Select(i => new Item(ItemId(i), i % 10 == 9 ? "reserve-3h" : "regular", "WID", "Title " + i.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        var desk = CirculationDesk.Open(policy, people, items, Start, ids: ids);

        // Events in time order: loan i at Start + i·step, its return 20 days later for even i.
        var step = Duration.FromTicks(Duration.FromDays(100).BclCompatibleTicks / loans);
        var returns = new Queue<(Instant At, int Item)>();
        for (var i = 0; i < loans; i++)
        {
            var at = Start + (step * i);
            while (returns.Count > 0 && returns.Peek().At <= at)
            {
                var back = returns.Dequeue();
                desk = desk.CheckIn(ItemId(back.Item), back.At).Result;
            }

            // Spread over patrons so that none reaches its loan limit; a patron blocked by a balance (a lost item,
            // two overdue reserves) is passed over for the next one.
            var borrower = i % patrons;
            var lent = desk.CheckOut(PatronId(1 + borrower), ItemId(i), at);
            while (!lent.IsAllowed)
            {
                borrower = (borrower + 1) % patrons;
                lent = desk.CheckOut(PatronId(1 + borrower), ItemId(i), at);
            }

            desk = lent.Value;
            if (i % 2 == 0 && i % 10 != 9)
            {
                returns.Enqueue((at + Duration.FromDays(20), i));
            }
            else if (i % 97 == 0)
            {
                desk = desk.ClaimReturned(ItemId(i), at).Result;
            }
            else if (i % 89 == 0)
            {
                desk = desk.DeclareLost(ItemId(i), at).Result;
            }
            else if (i % 50 == 1)
            {
                desk = desk.PlaceRequest("R" + i.ToString(CultureInfo.InvariantCulture), PatronId(1 + ((i + 7) % patrons)), ItemId(i), at).Result;
            }

            if (i % 2_000 == 0)
            {
                desk = desk.Charge(owing, FineFeeType.Other, new Money(5m, "USD"), null, at).Value;
            }
        }

        var end = Start + (step * loans);
        while (returns.Count > 0)
        {
            var back = returns.Dequeue();
            desk = desk.CheckIn(ItemId(back.Item), back.At).Result;
            end = back.At;
        }

        desk = desk.AdvanceTo(end);
        quiet = desk.NextScheduledAt is { } next && next > end ? end + ((next - end) / 2) : end;
        return desk.AdvanceTo(quiet);
    }

    /// <summary>Adds the Heap/loan column: the managed heap the benchmark's desk holds, per loan.</summary>
    private sealed class HeapColumnConfig : ManualConfig
    {
        public HeapColumnConfig() => AddColumn(new HeapColumn());
    }

    private sealed class HeapColumn : IColumn
    {
        public string Id => "HeapPerLoan";

        public string ColumnName => "Heap/loan";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Size;

        public string Legend => "Managed heap the desk holds, per loan held (bytes)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            benchmarkCase.Parameters["LoansHeld"] is int loans && benchmarkCase.Parameters["Ids"] is IdNumbering ids
                && HeapPerLoan.TryGetValue((loans, ids), out var bytes)
                ? bytes.ToString("N0", CultureInfo.InvariantCulture) + " B"
                : "?";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
