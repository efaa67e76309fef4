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
/// No decision depends on the numbering: the same generated runs on a desk with dense ids and on one with scoped
/// ids, side by side, are allowed and refused alike, for the same reasons, and after every event the scoped desk's
/// snapshot, its ids mapped to the dense desk's, is the dense desk's snapshot — loans, fines/fees with every amount
/// and transaction, notices, sessions, and what orders the records and notices still to come at the instant.
/// </summary>
public class ScopedIdProperties
{
    [Property(MaxTest = 200)]
    public Property Scoped_DecidesEveryEventAsDense() =>
        Prop.ForAll(Cases(CirculationGenerators.Scenario()).ToArbitrary(), c => SameDecisionsLaw(c.Scenario, c.Snap));

    [Property(MaxTest = 40)]
    public Property Scoped_DecidesEveryEventOfALongRunAsDense() =>
        Prop.ForAll(Cases(LongRunGenerator.Scenario()).ToArbitrary(), c => SameDecisionsLaw(c.Scenario, c.Snap));

    /// <summary>A generated run, and which of its events to move back onto the desk's next scheduled instant (when one
    /// falls before the event): records and notices arising by themselves and by an action at one instant are where
    /// the numbering of one instant matters.</summary>
    private static Gen<(Scenario Scenario, int Snap)> Cases(Gen<ScenarioCase> scenarios) =>
        from generated in scenarios
        from snap in Gen.Choose(0, int.MaxValue)
        select (generated.Scenario, snap);

    private static Property SameDecisionsLaw(Scenario scenario, int snap)
    {
        var random = new Random(snap);
        var dense = SnapshotProperties.Open(scenario, IdNumbering.Dense);
        var scoped = SnapshotProperties.Open(scenario, IdNumbering.Scoped);
        foreach (var generated in scenario.Events)
        {
            var e = generated;
            if (random.Next(3) == 0 && dense.NextScheduledAt is { } next && next > dense.Now && next < e.At)
            {
                e = e with { At = next };
            }

            // Time first moves to the event's instant (records may arise by then), as the action itself would.
            dense = dense.AdvanceTo(e.At);
            scoped = scoped.AdvanceTo(e.At);
            var before = IdMap.Between(dense, scoped);
            var denseDecision = Act(dense, e);
            var scopedDecision = Act(scoped, e with { TransactionId = e.TransactionId is { } id ? before.ToScoped(id) : null });
            dense = denseDecision.Result;
            scoped = scopedDecision.Result;
            var after = IdMap.Between(dense, scoped);
            var what = $"event {e.Index} ({e.TypeSpelling})";
            if (denseDecision.IsAllowed != scopedDecision.IsAllowed
                || !denseDecision.Reasons.Select(r => (r.Code, r.Message)).SequenceEqual(scopedDecision.Reasons.Select(r => (r.Code, after.ToDense(r.Message)))))
            {
                return false.Label($"{what}: dense {Describe(denseDecision)}; scoped {Describe(scopedDecision)}");
            }

            if (SameAsDense(dense, scoped, after) is { } difference)
            {
                return false.Label($"after {what}:\n{difference}");
            }
        }

        dense = dense.AdvanceTo(scenario.AsOf);
        scoped = scoped.AdvanceTo(scenario.AsOf);
        var violations = DeskConsistency.Violations(scoped);
        var atAsOf = SameAsDense(dense, scoped, IdMap.Between(dense, scoped));
        return (atAsOf is null).Label("at asOf: " + atAsOf)
            .And(violations.Count == 0).Label("the scoped desk is inconsistent: " + string.Join("; ", violations.Take(3)))
            .And(scoped.Ids == IdNumbering.Scoped && scoped.Loans.All(l => l.Id.Contains(':', StringComparison.Ordinal)))
            .Label("the scoped desk made a dense id");
    }

    private static Decision<CirculationDesk> Act(CirculationDesk desk, ScenarioEvent e) =>
        e.Type == ScenarioEventType.SearchPatrons ? Decision<CirculationDesk>.Allow(desk.AdvanceTo(e.At)) : ScenarioReplayer.Apply(desk, e);

    private static string Describe(Decision<CirculationDesk> decision) =>
        decision.IsAllowed ? "allowed" : "refused: " + string.Join(" ", decision.Reasons.Select(r => $"{r.Code}: {r.Message}"));

    /// <summary>Null when the scoped desk's snapshot, its ids mapped, is the dense desk's; else the first difference.
    /// The records of the instant still to be numbered together differ by design: a fine/fee transaction fixes every
    /// record's number under dense ids, only its own account's under scoped ids. So the dense desk's must be the
    /// scoped desk's, in the same order, less those of accounts a transaction of the instant fixed.</summary>
    private static string? SameAsDense(CirculationDesk dense, CirculationDesk scoped, IdMap map)
    {
        var expected = dense.ToSnapshot();
        var actual = map.ToDense(scoped.ToSnapshot());
        var densePending = expected.SameInstant?.FinesFees ?? [];
        var scopedPending = actual.SameInstant?.FinesFees ?? [];
        if (!IsSubsequence(densePending, scopedPending))
        {
            return $"  pending fines/fees: dense [{string.Join(", ", densePending)}] are not among scoped [{string.Join(", ", scopedPending)}] in order";
        }

        expected = WithoutPendingFinesFees(expected);
        actual = WithoutPendingFinesFees(actual);
        return expected == actual ? null : SnapshotProperties.Difference(expected, actual);
    }

    private static bool IsSubsequence(IReadOnlyList<PendingFineFee> part, IReadOnlyList<PendingFineFee> whole)
    {
        var next = 0;
        foreach (var entry in whole)
        {
            next += next < part.Count && part[next] == entry ? 1 : 0;
        }

        return next == part.Count;
    }

    private static DeskSnapshot WithoutPendingFinesFees(DeskSnapshot snapshot) => snapshot.SameInstant is not { } same ? snapshot
        : snapshot with { SameInstant = same.Notices.Count == 0 ? null : same with { FinesFees = [] } };
}

/// <summary>
/// The ids of two desks that ran the same events, one with dense and one with scoped ids, paired: a loan by the
/// desk's number for it, a fine/fee by its order of arising (both desks number those alike).
/// </summary>
internal sealed class IdMap
{
    private readonly Dictionary<string, string> toDense = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> toScoped = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Patron, long Sequence), long> denseSequences = [];
    private long denseNotices;
    private (string Scoped, string Dense)[] longestFirst = [];

    public static IdMap Between(CirculationDesk dense, CirculationDesk scoped)
    {
        var map = new IdMap();
        var denseLoans = dense.Loans.ToDictionary(l => l.Number);
        foreach (var loan in scoped.Loans)
        {
            map.Pair(denseLoans[loan.Number].Id, loan.Id);
        }

        var denseRecords = dense.FinesFees.ToDictionary(r => r.Key);
        foreach (var record in scoped.FinesFees)
        {
            map.Pair(denseRecords[record.Key].TransactionId, record.TransactionId);
        }

        // Notices: the n-th of an account on one desk is its n-th on the other (both count an account's in the order
        // decided); the dense desk numbers them across the desk, the scoped one within the account.
        var denseByPatron = dense.ToSnapshot().Notices.ToLookup(n => n.PatronId);
        foreach (var group in scoped.ToSnapshot().Notices.GroupBy(n => n.PatronId))
        {
            foreach (var (notice, denseNotice) in group.Zip(denseByPatron[group.Key]))
            {
                map.denseSequences[(notice.PatronId, notice.Sequence)] = denseNotice.Sequence;
            }
        }

        map.denseNotices = dense.ToSnapshot().Numbering.Notices;
        map.longestFirst = [.. map.toDense.OrderByDescending(e => e.Key.Length).Select(e => (e.Key, e.Value))];
        return map;
    }

    /// <summary>The scoped id of a dense one; the id itself when no record has it (both desks then refuse it).</summary>
    public string ToScoped(string denseId) => toScoped.GetValueOrDefault(denseId, denseId);

    private string ToDenseId(string scopedId) => toDense.GetValueOrDefault(scopedId, scopedId);

    /// <summary>A message with every scoped id in it replaced by its dense one.</summary>
    public string ToDense(string message)
    {
        foreach (var (scoped, dense) in longestFirst)
        {
            message = message.Replace(scoped, dense, StringComparison.Ordinal);
        }

        return message;
    }

    /// <summary>A snapshot of the scoped desk as the dense desk would write it.</summary>
    public DeskSnapshot ToDense(DeskSnapshot snapshot)
    {
        var orders = DenseOrders(snapshot);
        return snapshot with
        {
            // A whole scoped snapshot lists loans, requests and sessions in the order made, the dense desk's numbers.
            Loans = snapshot.Loans.Select(l => l with { Id = ToDenseId(l.Id), Place = null }).ToEquatableArray(),
            Requests = snapshot.Requests.Select((r, i) => r with { Number = i + 1, Place = null }).ToEquatableArray(),
            FinesFees = snapshot.FinesFees
                .Select(r => r with { TransactionId = ToDenseId(r.TransactionId), LoanId = r.LoanId is { } loan ? ToDenseId(loan) : null })
                .OrderBy(r => DeskIds.NumberOf(r.TransactionId))
                .ToEquatableArray(),
            Sessions = snapshot.Sessions.Select((s, i) => s with
            {
                Number = i + 1,
                Place = null,
                LoanIds = s.LoanIds.Select(ToDenseId).ToEquatableArray(),
                ReturnIds = s.ReturnIds.Select(ToDenseId).ToEquatableArray(),
            }).ToEquatableArray(),
            Notices = snapshot.Notices.Select(n => n with
            {
                Sequence = DenseSequence(n.PatronId, n.Sequence),
                LoanId = n.LoanId is { } loan ? ToDenseId(loan) : null,
                TransactionId = n.TransactionId is { } record ? ToDenseId(record) : null,
                Place = null,
                Order = orders.GetValueOrDefault((n.PatronId, n.Sequence)),
            }).OrderBy(n => n.Sequence).ToEquatableArray(),
            Numbering = new DeskNumbering(snapshot.Loans.Count, snapshot.FinesFees.Count, snapshot.Requests.Count, snapshot.Sessions.Count, denseNotices),
            SameInstant = snapshot.SameInstant is not { } same || (same.FinesFees.Count == 0 && same.Notices.Count == 0) ? null : same with
            {
                Actions = 0,
                FinesFees = same.FinesFees.Select(p => p with
                {
                    TransactionId = ToDenseId(p.TransactionId),
                    LoanNumber = p.Loan is { } loan ? NumberOfLoanMadeBy(snapshot, loan.At, loan.Place) : null,
                    Loan = null,
                }).ToEquatableArray(),
                Notices = same.Notices.Select(p => p with
                {
                    Sequence = DenseSequence(p.PatronId!, p.Sequence),
                    PatronId = null,
                    Place = null,
                    LoanNumber = p.Place is { By: NoticeOrderedBy.Loan } loan ? NumberOfLoanMadeBy(snapshot, loan.At, loan.Place) : null,
                    RequestNumber = p.Place is { By: NoticeOrderedBy.Request } request ? NumberOfRequestMadeBy(snapshot, request) : null,
                }).ToEquatableArray(),
            },
        };
    }

    /// <summary>The desk's number of the loan the action at a place made (the dense desk's number for it); -1 when
    /// no loan of the snapshot was made by it.</summary>
    private static int NumberOfLoanMadeBy(DeskSnapshot snapshot, Instant at, int place) =>
        snapshot.Loans.Select((l, i) => (l.LoanedAt, l.Place, Number: i + 1)).FirstOrDefault(l => l.LoanedAt == at && l.Place == place, (at, place, -1)).Number;

    /// <summary>The number of the request the action at a place made; -1 when none was.</summary>
    private static int NumberOfRequestMadeBy(DeskSnapshot snapshot, NoticePlace place) =>
        snapshot.Requests.Select((r, i) => (r.PlacedAt, r.Place, Number: i + 1)).FirstOrDefault(r => r.PlacedAt == place.At && r.Place == place.Place, (place.At, place.Place, -1)).Number;

    /// <summary>The order a dense desk fixes for each notice once its instant is past: its rank among the notices of
    /// its instant by what places them (a scoped desk keeps the place instead); the notices of the snapshot's own
    /// instant still being placed have none.</summary>
    private static Dictionary<(string Patron, long Sequence), int?> DenseOrders(DeskSnapshot snapshot)
    {
        var pending = (snapshot.SameInstant?.Notices ?? []).Select(p => (p.PatronId ?? string.Empty, p.Sequence)).ToHashSet();
        return snapshot.Notices
            .Where(n => !pending.Contains((n.PatronId, n.Sequence)))
            .GroupBy(n => n.At)
            .SelectMany(instant => instant
                .OrderBy(n => (int)n.Place!.By).ThenBy(n => n.Place!.At).ThenBy(n => n.Place!.Place).ThenBy(n => n.Type).ThenBy(n => n.Sequence)
                .Select((n, rank) => (Key: (n.PatronId, n.Sequence), Rank: (int?)rank)))
            .ToDictionary(e => e.Key, e => e.Rank);
    }

    /// <summary>The dense desk's sequence of a scoped desk's notice; -1 when the dense desk has no such notice.</summary>
    private long DenseSequence(string patronId, long sequence) => denseSequences.GetValueOrDefault((patronId, sequence), -1);

    private void Pair(string dense, string scoped)
    {
        toDense[scoped] = dense;
        toScoped[dense] = scoped;
    }
}
