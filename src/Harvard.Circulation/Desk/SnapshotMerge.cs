using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Sessions;
using Harvard.Circulation.Time;

namespace Harvard.Circulation.Desk;

/// <summary>
/// Puts the parts of one scoped desk back together (<see cref="DeskSnapshot.Merge"/>): every account, item record
/// and their loans, fines/fees, requests, sessions and notices held by any part, each once. A record two parts both
/// hold must be the same in both: parts that acted apart on it disagree, and the merge says where instead of
/// choosing one.
/// </summary>
internal sealed class SnapshotMerge
{
    private readonly IReadOnlyList<DeskSnapshot> parts;
    private readonly List<SnapshotProblem> problems = [];

    // What each id was first seen as, and in which part (for the problems' paths).
    private readonly Dictionary<string, (Patron Patron, int Part)> patrons = new(StringComparer.Ordinal);
    private readonly List<Patron> patronOrder = [];
    private readonly List<Item> itemOrder = [];
    private readonly Dictionary<string, (AccountRecords Account, int Part)> accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Item Item, int Part)> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, int Part)> loansByItem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (LoanSnapshot Loan, int Part)> loans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (RequestSnapshot Request, int Part)> requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (LoanElsewhere Loan, int Part, int Index)> elsewhere = new(StringComparer.Ordinal);

    private SnapshotMerge(IReadOnlyList<DeskSnapshot> parts) => this.parts = parts;

    /// <summary>The snapshot holding everything the parts hold.</summary>
    public static DeskSnapshot Merge(IEnumerable<DeskSnapshot> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("There are no parts to merge.", nameof(parts));
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentNullException(nameof(parts), $"Part {i} is null.");
            }
        }

        return new SnapshotMerge(list).Run();
    }

    private DeskSnapshot Run()
    {
        CheckAlike();
        for (var i = 0; i < parts.Count; i++)
        {
            Gather(i);
        }

        // An item out on a loan some part leaves out is no longer elsewhere once another part holds that loan open.
        var stillElsewhere = new List<LoanElsewhere>();
        foreach (var (loanId, (loan, part, index)) in elsewhere)
        {
            if (!loans.TryGetValue(loanId, out var held))
            {
                stillElsewhere.Add(loan);
            }
            else if (held.Loan.ReturnedAt is not null || held.Loan.PatronId is null)
            {
                Add(part, $"loansElsewhere[{index}].loanId", $"loan {loanId} is out in this part but returned in part {held.Part}: the parts acted apart on item {loan.ItemBarcode}.");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidSnapshotException(problems);
        }

        var first = parts[0];
        var accountOrder = patronOrder.Select(p => p.PrimaryId).ToList();
        var itemPlace = itemOrder.Select((item, i) => (item.Barcode, i)).ToDictionary(p => p.Barcode, p => p.i, StringComparer.Ordinal);
        var sameInstant = MergeSameInstant(accountOrder);
        return new DeskSnapshot
        {
            AsOf = first.AsOf,
            Patrons = patronOrder.ToEquatableArray(),
            Items = itemOrder.ToEquatableArray(),
            Staff = first.Staff,
            // Under scoped ids loans, requests and sessions are listed by the instant and place of the action that made them.
            Loans = loans.Values.Select(l => l.Loan).OrderBy(l => l.LoanedAt).ThenBy(l => l.Place).ToEquatableArray(),
            FinesFees = accountOrder.SelectMany(p => accounts[p].Account.FinesFees).ToEquatableArray(),
            Requests = requests.Values.Select(r => r.Request).OrderBy(r => r.PlacedAt).ThenBy(r => r.Place).ToEquatableArray(),
            Sessions = accountOrder.SelectMany(p => accounts[p].Account.Sessions).OrderBy(s => s.OpenedAt).ThenBy(s => s.Place).ToEquatableArray(),
            // Notices are listed account by account: each account's sequence counts its own.
            Notices = accountOrder.SelectMany(p => accounts[p].Account.Notices).ToEquatableArray(),
            Claims = accountOrder.Select(p => accounts[p].Account.Claims).OfType<PatronClaims>().ToEquatableArray(),
            Numbering = DeskNumbering.None with
            {
                Ids = IdNumbering.Scoped,
                LoansByItem = loansByItem.Select(l => new ItemLoans(l.Key, l.Value.Count)).OrderBy(l => itemPlace[l.ItemBarcode]).ToEquatableArray(),
            },
            LoansElsewhere = stillElsewhere.OrderBy(l => itemPlace.GetValueOrDefault(l.ItemBarcode, int.MaxValue)).ToEquatableArray(),
            Scope = parts.Any(p => p.Scope is null) ? null : new DeskScope(
                parts.SelectMany(p => p.Scope!.PatronIds).Distinct(StringComparer.Ordinal).ToEquatableArray(),
                parts.SelectMany(p => p.Scope!.ItemBarcodes).Distinct(StringComparer.Ordinal).ToEquatableArray()),
            SameInstant = sameInstant,
        };
    }

    /// <summary>The parts must be of one scoped desk at one instant, with its staff.</summary>
    private void CheckAlike()
    {
        var first = parts[0];
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.Numbering?.Ids != IdNumbering.Scoped)
            {
                Add(i, "numbering.ids", "the part's ids are dense: a desk with dense ids numbers across the whole desk, so only parts of a desk with scoped ids merge.");
            }

            if (part.AsOf != first.AsOf)
            {
                Add(i, "asOf", $"{IsoInstant.Format(part.AsOf)} is not part 0's instant ({IsoInstant.Format(first.AsOf)}): move the parts on to one instant before merging them.");
            }

            if (part.Staff != first.Staff)
            {
                Add(i, "staff", "the staff differ from part 0's: the parts are not of one desk.");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidSnapshotException(problems);
        }
    }

    /// <summary>Takes in what one part holds, checking it against what earlier parts hold of the same.</summary>
    private void Gather(int part)
    {
        var snapshot = parts[part];
        var held = snapshot.Patrons.Select(p => p.PrimaryId).ToHashSet(StringComparer.Ordinal);
        var byAccount = AccountRecords.Group(snapshot);
        for (var j = 0; j < snapshot.Patrons.Count; j++)
        {
            var patron = snapshot.Patrons[j];
            if (!patrons.ContainsKey(patron.PrimaryId))
            {
                patronOrder.Add(patron);
            }

            if (!Same(patrons, patron.PrimaryId, patron, part))
            {
                Add(part, $"patrons[{j}]", $"patron {patron.PrimaryId} differs from part {patrons[patron.PrimaryId].Part}'s: the parts are not of one desk.");
                continue;
            }

            var account = byAccount(patron.PrimaryId);
            if (!Same(accounts, patron.PrimaryId, account, part))
            {
                Add(part, $"patrons[{j}]", $"the account of patron {patron.PrimaryId} differs from part {accounts[patron.PrimaryId].Part}'s ({account.DifferenceFrom(accounts[patron.PrimaryId].Account)}): the parts acted apart on it.");
            }
        }

        for (var j = 0; j < snapshot.Items.Count; j++)
        {
            var item = snapshot.Items[j];
            if (!items.ContainsKey(item.Barcode))
            {
                itemOrder.Add(item);
            }

            if (!Same(items, item.Barcode, item, part))
            {
                Add(part, $"items[{j}]", $"item {item.Barcode} differs from part {items[item.Barcode].Part}'s: the parts are not of one desk.");
            }
        }

        for (var j = 0; j < snapshot.Numbering!.LoansByItem.Count; j++)
        {
            var count = snapshot.Numbering.LoansByItem[j];
            if (!Same(loansByItem, count.ItemBarcode, count.Count, part))
            {
                Add(part, $"numbering.loansByItem[{j}]", $"item {count.ItemBarcode} has made {count.Count} loans here, {loansByItem[count.ItemBarcode].Count} in part {loansByItem[count.ItemBarcode].Part}: the parts acted apart on it.");
            }
        }

        for (var j = 0; j < snapshot.Loans.Count; j++)
        {
            var loan = snapshot.Loans[j];
            if (!Same(loans, loan.Id, loan, part))
            {
                Add(part, $"loans[{j}]", $"loan {loan.Id} differs from part {loans[loan.Id].Part}'s: the parts acted apart on it.");
            }
            else if (loan.PatronId is { } patronId && !held.Contains(patronId))
            {
                Add(part, $"loans[{j}].patronId", $"loan {loan.Id} names patron {patronId}, whose account the part does not hold.");
            }
        }

        for (var j = 0; j < snapshot.Requests.Count; j++)
        {
            var request = snapshot.Requests[j];
            if (!Same(requests, request.Id, request, part))
            {
                Add(part, $"requests[{j}]", $"request {request.Id} differs from part {requests[request.Id].Part}'s: the parts acted apart on it.");
            }
        }

        for (var j = 0; j < snapshot.LoansElsewhere.Count; j++)
        {
            var loan = snapshot.LoansElsewhere[j];
            elsewhere.TryAdd(loan.LoanId, (loan, part, j));
        }
    }

    /// <summary>The records of the instant still being numbered and placed: each held account's pending fines/fees
    /// account by account, and the notices of every part (one of an account no part holds is kept once: it only
    /// places the others).</summary>
    private SameInstantOrder? MergeSameInstant(List<string> accountOrder)
    {
        var orders = parts.Select(p => p.SameInstant).OfType<SameInstantOrder>().ToList();
        if (orders.Count == 0)
        {
            return null;
        }

        var pendingFines = orders.SelectMany(o => o.FinesFees).GroupBy(f => f.TransactionId, StringComparer.Ordinal).Select(g => g.First())
            .ToDictionary(f => f.TransactionId, StringComparer.Ordinal);
        // In the batch's order (loan order, rank, then as they arose), as a desk restored from the merge lists them: an
        // account lists its records as they arose, which leaves a record numbered before an earlier one after it.
        var fines = accountOrder.SelectMany(p => accounts[p].Account.FinesFees)
            .Select((r, place) => (Pending: pendingFines.GetValueOrDefault(r.TransactionId), Place: place))
            .Where(p => p.Pending is not null)
            .OrderBy(p => BatchEntry.OfScoped(p.Pending!, p.Place, 0))
            .Select(p => p.Pending!);

        var named = orders.SelectMany(o => o.Notices).Where(n => n.PatronId is not null).DistinctBy(n => (n.PatronId, n.Sequence)).ToList();
        var placedByNamed = named.Select(n => (n.Sequence, n.Type, n.Place)).ToHashSet();
        var unnamed = orders.SelectMany(o => o.Notices).Where(n => n.PatronId is null && !placedByNamed.Contains((n.Sequence, n.Type, n.Place))).Distinct();
        return new SameInstantOrder(parts[0].AsOf, fines.ToEquatableArray(), named.Concat(unnamed).ToEquatableArray())
        {
            Actions = orders.Max(o => o.Actions),
        };
    }

    /// <summary>Records <paramref name="value"/> under <paramref name="key"/> when new; false when an earlier part
    /// holds something else under it.</summary>
    private static bool Same<T>(Dictionary<string, (T Value, int Part)> seen, string key, T value, int part)
    {
        if (seen.TryGetValue(key, out var earlier))
        {
            return EqualityComparer<T>.Default.Equals(earlier.Value, value);
        }

        seen.Add(key, (value, part));
        return true;
    }

    private void Add(int part, string path, string message) => problems.Add(new SnapshotProblem($"parts[{part}].{path}", message));

    /// <summary>Everything one account holds in a part, compared whole between parts.</summary>
    private sealed record AccountRecords(
        EquatableArray<LoanSnapshot> Loans,
        EquatableArray<FineFeeSnapshot> FinesFees,
        EquatableArray<SessionSnapshot> Sessions,
        EquatableArray<NoticeSnapshot> Notices,
        PatronClaims? Claims)
    {
        /// <summary>Each account's records in a part, found by patron id (the part's lists grouped once: a merge costs
        /// what the parts hold).</summary>
        public static Func<string, AccountRecords> Group(DeskSnapshot snapshot)
        {
            var loans = snapshot.Loans.Where(l => l.PatronId is not null).ToLookup(l => l.PatronId!, StringComparer.Ordinal);
            var finesFees = snapshot.FinesFees.ToLookup(r => r.PatronId, StringComparer.Ordinal);
            var sessions = snapshot.Sessions.ToLookup(s => s.PatronId, StringComparer.Ordinal);
            var notices = snapshot.Notices.ToLookup(n => n.PatronId, StringComparer.Ordinal);
            var claims = snapshot.Claims.ToLookup(c => c.PatronId, StringComparer.Ordinal);
            return patronId => new(
                loans[patronId].ToEquatableArray(),
                finesFees[patronId].ToEquatableArray(),
                sessions[patronId].ToEquatableArray(),
                notices[patronId].ToEquatableArray(),
                claims[patronId].FirstOrDefault());
        }

        /// <summary>Which of the account's lists differ, naming the first record that does (by id, never by name).</summary>
        public string DifferenceFrom(AccountRecords other) => string.Join("; ", new[]
        {
            Describe("loans", Loans, other.Loans, l => l.Id),
            Describe("fines/fees", FinesFees, other.FinesFees, r => r.TransactionId),
            Describe("sessions", Sessions, other.Sessions, s => s.Id),
            Describe("notices", Notices, other.Notices, n => n.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Claims == other.Claims ? null : $"claims returned {Claims?.Count ?? 0} here, {other.Claims?.Count ?? 0} there",
        }.OfType<string>());

        private static string? Describe<T>(string what, EquatableArray<T> here, EquatableArray<T> there, Func<T, string> id)
        {
            if (here == there)
            {
                return null;
            }

            var common = Math.Min(here.Count, there.Count);
            for (var i = 0; i < common; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(here[i], there[i]))
                {
                    return $"{what}: {id(here[i])} differs";
                }
            }

            return $"{what}: {here.Count} here, {there.Count} there";
        }
    }
}
