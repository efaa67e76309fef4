using System.Text.RegularExpressions;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Items;
using Harvard.Circulation.Patrons;
using NodaTime;

namespace Harvard.Circulation.Tests.Docs;

/// <summary>
/// docs/desk.md ("Using the engine from C#"): every example there is a region of this file, compared text for
/// text, and runs here; the lines it prints are the comments under its <c>Console.WriteLine</c> calls (a comment
/// ending in <c>...</c> gives the start of the line).
/// </summary>
public partial class DeskGuideTests
{
    private static readonly Instant Monday10am = Instant.FromUtc(2026, 1, 5, 15, 0);

    [Fact]
    public void Guide_EveryExample_IsARegionOfThisFile()
    {
        var guide = File.ReadAllText(Repository.PathOf("docs/desk.md")).ReplaceLineEndings("\n");
        var blocks = ExampleBlock().Matches(guide).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["code"].Value.TrimEnd());
        var regions = Regions();

        Assert.Equal(regions.Keys.Order(), blocks.Keys.Order());
        Assert.All(blocks, b => Assert.Equal(regions[b.Key], b.Value));
    }

    [Fact]
    public void Open_And_MayBorrow() => Run("open", "may-borrow", () =>
    {
        var desk = OpenDesk();
        // <example name="may-borrow">
        var answer = desk.MayBorrow("10000001", "32044000000001", Monday10am);
        Console.WriteLine(answer.IsAllowed);
        // True
        Console.WriteLine(answer.Explain());
        // Patron 10000001 may borrow item 32044000000001 at 2026-01-05T15:00:00Z: rule 'reserves-3h' matched and gives terms 'reserve-3h'; it would be due 2026-01-05T18:00:00Z. ...
        // </example>
    });

    [Fact]
    public void Act_RefusalsAndExceptions() => Run("act", () =>
    {
        var desk = OpenDesk();
        // <example name="act">
        var checkOut = desk.CheckOut("10000001", "32044000000001", Monday10am);
        if (!checkOut.IsAllowed)
        {
            // A refusal is an answer, not an error: every reason, each with a stable code.
            foreach (var reason in checkOut.Reasons)
            {
                Console.WriteLine($"{reason.Code}: {reason.Message}");
            }

            return;
        }

        desk = checkOut.Value; // the new desk; reading the value of a refusal throws RefusedException
        Console.WriteLine(desk.OpenLoanOf("32044000000001")!.Id);
        // L1

        var again = desk.CheckOut("10000002", "32044000000001", Monday10am);
        Console.WriteLine($"{again.IsAllowed}: {again.Reasons[0].Code}");
        // False: itemOnLoan
        Console.WriteLine(ReferenceEquals(again.Unchanged, again.Result));
        // True
        // </example>
    });

    [Fact]
    public void DueDate_Fine_Balance() => Run("due-date", "fine-of", "balance-of", () =>
    {
        var desk = OpenDesk().CheckOut("10000001", "32044000000001", Monday10am).Value;
        // <example name="due-date">
        Console.WriteLine(desk.DueDateOf("L1").Explain());
        // Loan L1 is due 2026-01-05T18:00:00Z. It was checked out at 2026-01-05T15:00:00Z under rule 'reserves-3h', terms 'reserve-3h': PT3H (exact) from then gives 2026-01-05T18:00:00Z; ...
        // </example>

        // <example name="fine-of">
        var sixHoursLater = Monday10am + Duration.FromHours(6);
        var fine = desk.FineOf("L1", sixHoursLater);
        Console.WriteLine(fine.Balance);
        // 9.00 USD
        Console.WriteLine(fine.Explain());
        // Loan L1 (onLoan) owes 9.00 USD at 2026-01-05T21:00:00Z. F1: overdueFine of 9.00, active, balance 9.00 (still accruing). The current overdue period: overdue 180 minutes, grace 60 minutes forgiven, 3 intervals of 1 hour at 3.00 = 9.00.
        // </example>

        // <example name="balance-of">
        var balance = desk.BalanceOf("10000001", Monday10am + Duration.FromDays(2));
        Console.WriteLine(balance.Explain());
        // Patron 10000001 owes 45.00 USD at 2026-01-07T15:00:00Z, of which 45.00 is still accruing; 0.00 can be paid now. No block applies.
        // </example>
    });

    [Fact]
    public void HostLoop_RestoreActPersistNotify() => Run("host-loop", () =>
    {
        var store = new InMemoryStore(OpenDesk().ToSnapshot());
        var policy = EmbeddedPolicies.HarvardDefault;
        // <example name="host-loop">
        // 1. Restore: the state the host keeps, handed back to the engine (tracking what changes).
        var desk = CirculationDesk.Restore(policy, store.Load()).TrackingChanges();

        // 2. Act, or wake up when the desk says something is due (NextScheduledAt).
        var decision = desk.CheckOut("10000001", "32044000000001", Monday10am);
        var after = decision.Result; // allowed or refused, time has advanced: persist either way

        // 3. Persist exactly what changed, in order; 4. send the notices decided.
        var step = after.LastStep!;
        store.Save(step);
        foreach (var notice in step.NoticesDecided)
        {
            Console.WriteLine($"send {notice.Type} to {notice.PatronId}");
        }

        Console.WriteLine(string.Join(", ", step.Changes.Select(c => c.GetType().Name)));
        // LoanChanged
        Console.WriteLine(after.NextScheduledAt);
        // 2026-01-05T19:00:00Z
        // </example>
        Assert.Equal(after.ToSnapshot(), store.Load());
    });

    [Fact]
    public void Partial_RestoreOnlyWhatTheActionNeeds() => Run("partial", () =>
    {
        var whole = OpenDesk();
        var policy = EmbeddedPolicies.HarvardDefault;
        // <example name="partial">
        // The accounts one check-out needs: the patron's, the item's record, and whoever it concerns.
        var part = whole.ToSnapshot(patronIds: ["10000001"], itemBarcodes: ["32044000000002"]);
        var desk = CirculationDesk.Restore(policy, part);
        Console.WriteLine(desk.CheckOut("10000001", "32044000000002", Monday10am).IsAllowed);
        // True
        Console.WriteLine(string.Join(", ", part.Patrons.Select(p => p.PrimaryId)));
        // 10000001
        // </example>
    });

    [Fact]
    public void ScopedIds_NumberWithinEachOwner() => Run("scoped-ids", () =>
    {
        var whole = OpenDesk();
        // <example name="scoped-ids">
        var desk = CirculationDesk.Open(whole.Policy, whole.Patrons.Patrons, whole.Items, Monday10am, ids: IdNumbering.Scoped);
        desk = desk.CheckOut("10000001", "32044000000002", Monday10am).Value;
        Console.WriteLine(desk.Loans[0].Id);
        // 32044000000002:L1
        desk = desk.Charge("10000001", FineFeeType.DamagedItemFine, new Money(12.50m, "USD"), "Bleak House", Monday10am).Value;
        Console.WriteLine(desk.FinesFees[0].TransactionId);
        // 10000001:F1
        // </example>
    });

    [Fact]
    public void AtPlace_PartsActingApartTakeTheCallersOrder() => Run("at-place", () =>
    {
        var whole = OpenDesk();
        var policy = whole.Policy;
        var scoped = CirculationDesk.Open(policy, whole.Patrons.Patrons, whole.Items, Monday10am, ids: IdNumbering.Scoped);
        // <example name="at-place">
        // Two parts of one scoped desk act apart at one instant; the caller says which action came first.
        var first = CirculationDesk.Restore(policy, scoped.ToSnapshot(["10000002"], ["32044000000001"]));
        var second = CirculationDesk.Restore(policy, scoped.ToSnapshot(["10000001"], ["32044000000002"]));
        first = first.AtPlace(Monday10am, 0).CheckOut("10000002", "32044000000001", Monday10am).Value;
        second = second.AtPlace(Monday10am, 1).CheckOut("10000001", "32044000000002", Monday10am).Value;
        Console.WriteLine(first.ToSnapshot().Loans[0].Place + " " + second.ToSnapshot().Loans[0].Place);
        // 0 1
        // </example>
    });

    [Fact]
    public void Merge_PartsKeptApartComeBackTogether() => Run("merge", () =>
    {
        var whole = OpenDesk();
        var policy = whole.Policy;
        var scoped = CirculationDesk.Open(policy, whole.Patrons.Patrons, whole.Items, Monday10am, ids: IdNumbering.Scoped);
        var first = CirculationDesk.Restore(policy, scoped.ToSnapshot(["10000002"], ["32044000000001"]));
        var second = CirculationDesk.Restore(policy, scoped.ToSnapshot(["10000001"], ["32044000000002"]));
        first = first.AtPlace(Monday10am, 0).CheckOut("10000002", "32044000000001", Monday10am).Value;
        second = second.AtPlace(Monday10am, 1).CheckOut("10000001", "32044000000002", Monday10am).Value;
        // <example name="merge">
        // The two parts of the example above, put back together: one snapshot holding both.
        var merged = DeskSnapshot.Merge([first.ToSnapshot(["10000002"], ["32044000000001"]), second.ToSnapshot(["10000001"], ["32044000000002"])]);
        Console.WriteLine(string.Join(", ", merged.Loans.Select(l => l.Id)));
        // 32044000000001:L1, 32044000000002:L1
        Console.WriteLine(CirculationDesk.Restore(policy, merged).FindLoan("32044000000002:L1")!.PatronId);
        // 10000001
        // </example>
    });

    [Fact]
    public void Owners_KeptApartAndGatheredPerAction() => Run("owners", () =>
    {
        var whole = OpenDesk();
        var policy = whole.Policy;
        var desk = CirculationDesk.Open(policy, whole.Patrons.Patrons, whole.Items, Monday10am, ids: IdNumbering.Scoped);
        // <example name="owners">
        // Once: every owner of a whole scoped desk, each stored on its own.
        var owners = OwnerRecords.Split(desk.ToSnapshot()).ToDictionary(o => o.PatronId ?? o.ItemBarcode!);

        // Per action: the owners it names and every owner they tie to (to a fixed point), moved on to its instant.
        var needed = new List<OwnerRecords>();
        var toVisit = new Queue<string>(["10000001", "32044000000002"]);
        while (toVisit.TryDequeue(out var key))
        {
            if (needed.Any(o => (o.PatronId ?? o.ItemBarcode) == key)) continue;
            var owner = owners[key];
            needed.Add(owner);
            foreach (var tied in owner.Ties.PatronIds.Concat(owner.Ties.ItemBarcodes)) toVisit.Enqueue(tied);
        }

        var aligned = OwnerRecords.AdvanceTo(policy, needed, Monday10am);
        var decided = CirculationDesk.Restore(policy, OwnerRecords.Gather(aligned)).AtPlace(Monday10am, 0)
            .CheckOut("10000001", "32044000000002", Monday10am);
        foreach (var after in OwnerRecords.Scatter(decided.Result.ToSnapshot(), aligned))
        {
            owners[after.PatronId ?? after.ItemBarcode!] = after;           // store each owner's records
        }

        Console.WriteLine($"{decided.IsAllowed}: {string.Join(", ", owners["10000001"].Records.Loans.Select(l => l.Id))}; tied to {string.Join(", ", owners["10000001"].Ties.ItemBarcodes)}");
        // True: 32044000000002:L1; tied to 32044000000002
        // </example>
    });

    /// <summary>The desk every example starts from (the "open" example).</summary>
    private static CirculationDesk OpenDesk()
    {
        // <example name="open">
        var policy = EmbeddedPolicies.HarvardDefault;                // Harvard's published figures
        Patron[] patrons = [new Patron("10000001", groupCode: "25"), new Patron("10000002", groupCode: "21")];
        Item[] items =
        [
            new Item("32044000000001", itemPolicy: "reserve-3h", library: "WID", title: "Middlemarch"),
            new Item("32044000000002", itemPolicy: "regular", library: "WID", title: "Bleak House"),
        ];
        var monday10am = Instant.FromUtc(2026, 1, 5, 15, 0);        // 10:00 in Cambridge, MA

        var desk = CirculationDesk.Open(policy, patrons, items, monday10am);
        // </example>
        return desk;
    }

    /// <summary>Runs an example with the console captured and checks what it printed against its comments.</summary>
    private static void Run(string name, Action example) => Run([name], example);

    private static void Run(string first, string second, Action example) => Run([first, second], example);

    private static void Run(string first, string second, string third, Action example) => Run([first, second, third], example);

    private static void Run(string[] names, Action example)
    {
        var output = new StringWriter();
        var before = Console.Out;
        Console.SetOut(output);
        try
        {
            example();
        }
        finally
        {
            Console.SetOut(before);
        }

        var printed = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Where(l => l.Length > 0).ToList();
        var expected = names.SelectMany(n => ExpectedOutput(Regions()[n])).ToList();
        Assert.Equal(expected.Count, printed.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].EndsWith("...", StringComparison.Ordinal))
            {
                Assert.StartsWith(expected[i][..^3].TrimEnd(), printed[i], StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(expected[i], printed[i]);
            }
        }
    }

    /// <summary>The comment lines right under each <c>Console.WriteLine</c> of an example.</summary>
    private static IEnumerable<string> ExpectedOutput(string code)
    {
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains("Console.WriteLine(", StringComparison.Ordinal) && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal)
                && i + 1 < lines.Length && lines[i + 1].TrimStart().StartsWith("// ", StringComparison.Ordinal))
            {
                yield return lines[i + 1].TrimStart()[3..];
            }
        }
    }

    /// <summary>The examples of this file by name, dedented.</summary>
    private static Dictionary<string, string> Regions()
    {
        var source = File.ReadAllText(Repository.PathOf("tests/Harvard.Circulation.Tests/Docs/DeskGuideTests.cs")).ReplaceLineEndings("\n");
        return Region().Matches(source).ToDictionary(m => m.Groups["name"].Value, m => Dedent(m.Groups["code"].Value));
    }

    private static string Dedent(string code)
    {
        var lines = code.TrimEnd().Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).TrimEnd();
    }

    [GeneratedRegex(@"^[ ]*// <example name=""(?<name>[a-z-]+)"">\n(?<code>.*?)^[ ]*// </example>", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Region();

    [GeneratedRegex(@"<!-- example: (?<name>[a-z-]+) -->\n```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    /// <summary>A host's store: the state it keeps, brought forward by each step's changes.</summary>
    private sealed class InMemoryStore(DeskSnapshot state)
    {
        private DeskSnapshot state = state;

        public DeskSnapshot Load() => state;

        public void Save(DeskStep step) => state = state.Apply(step);
    }
}
