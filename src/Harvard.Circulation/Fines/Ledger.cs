using System.Collections.Immutable;
using Ardalis.GuardClauses;
using Harvard.Circulation.Time;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Fines;

/// <summary>A Fines/Fees tab query: each filter optional, all given filters must hold. Immutable, value equality.</summary>
public sealed record FineFeeQuery
{
    /// <summary>Creates a query.</summary>
    /// <param name="patronId">Only this patron's records.</param>
    /// <param name="search">A title that contains this, case-insensitively, or a transaction id equal to it.</param>
    /// <param name="type">Only this type.</param>
    /// <param name="status">Only this status.</param>
    public FineFeeQuery(string? patronId = null, string? search = null, FineFeeType? type = null, FineFeeStatus? status = null)
    {
        PatronId = patronId;
        Search = search;
        Type = type;
        Status = status;
    }

    /// <summary>Only this patron's records; null = every patron.</summary>
    public string? PatronId { get; }

    /// <summary>A title that contains this, case-insensitively, or a transaction id equal to it; null = any.</summary>
    public string? Search { get; }

    /// <summary>Only this type; null = any.</summary>
    public FineFeeType? Type { get; }

    /// <summary>Only this status; null = any.</summary>
    public FineFeeStatus? Status { get; }

    /// <summary>Whether a record passes every filter given.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The answer.</returns>
    public bool Matches(FineFee record)
    {
        Guard.Against.Null(record);
        return (PatronId is null || record.PatronId == PatronId)
            && (Type is null || record.Type == Type)
            && (Status is null || record.Status == Status)
            && (Search is null || record.TransactionId == Search
                || (record.Title is { } title && title.Contains(Search, StringComparison.OrdinalIgnoreCase)));
    }
}

/// <summary>
/// All fines and fees, in the order they arose, with the transactions the staff guide describes. Immutable:
/// every transaction gives a new ledger, or a refusal and the ledger unchanged — nothing is half-applied.
/// </summary>
/// <remarks>
/// Refused, with nothing applied: a payment or waiver above the balance; a payment or waiver on a record in
/// dispute, exported or transferred; any transaction on an overdue fine still accruing; a payment without a
/// transaction id above what the patron can pay now; a refund above what was paid and not yet refunded; a
/// transaction id that does not exist.
/// </remarks>
public sealed class Ledger
{
    private static readonly ImmutableDictionary<string, PatronBalances> NoBalances =
        ImmutableDictionary<string, PatronBalances>.Empty.WithComparers(StringComparer.Ordinal);

    private readonly ImmutableList<FineFee> records;
    private readonly ImmutableDictionary<string, int> indexById;

    // Kept with every change, so that a balance or a payment without a record costs no scan of the ledger.
    private readonly ImmutableDictionary<string, PatronBalances> balancesByPatron;

    private Ledger(string currency, ImmutableList<FineFee> records, ImmutableDictionary<string, int> indexById,
        ImmutableDictionary<string, PatronBalances> balancesByPatron)
    {
        Currency = currency;
        this.records = records;
        this.indexById = indexById;
        this.balancesByPatron = balancesByPatron;
    }

    /// <summary>An empty ledger in a currency.</summary>
    /// <param name="currency">The ISO 4217 currency.</param>
    /// <returns>The ledger.</returns>
    public static Ledger Empty(string currency) => new(Guard.Against.NullOrWhiteSpace(currency), [], ImmutableDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal), NoBalances);

    /// <summary>The currency of every record.</summary>
    public string Currency { get; }

    /// <summary>Every record, in the order they arose.</summary>
    public IReadOnlyList<FineFee> Records => records;

    /// <summary>Finds a record by transaction id.</summary>
    /// <param name="transactionId">The id.</param>
    /// <returns>The record, or null.</returns>
    public FineFee? Find(string transactionId) =>
        indexById.TryGetValue(Guard.Against.Null(transactionId), out var i) ? records[i] : null;

    /// <summary>Adds a new record.</summary>
    /// <param name="record">The record; its transaction id must be new.</param>
    /// <returns>The new ledger.</returns>
    /// <exception cref="ArgumentException">The id exists already.</exception>
    public Ledger Add(FineFee record)
    {
        Guard.Against.Null(record);
        if (indexById.ContainsKey(record.TransactionId))
        {
            throw new ArgumentException($"Transaction id '{record.TransactionId}' exists already.", nameof(record));
        }

        return new(Currency, records.Add(record), indexById.Add(record.TransactionId, records.Count),
            Rebalanced(balancesByPatron, null, record, records.Count));
    }

    /// <summary>Replaces a record by its transaction id.</summary>
    /// <param name="record">The new version.</param>
    /// <returns>The new ledger.</returns>
    internal Ledger Replace(FineFee record)
    {
        var at = indexById[record.TransactionId];
        return new(Currency, records.SetItem(at, record), indexById, Rebalanced(balancesByPatron, records[at], record, at));
    }

    /// <summary>The record with a stable key (<see cref="FineFee.Key"/>), searched from the newest.</summary>
    internal FineFee? FindByKey(long key)
    {
        for (var i = records.Count - 1; i >= 0; i--)
        {
            if (records[i].Key == key)
            {
                return records[i];
            }
        }

        return null;
    }

    /// <summary>The ledger with records given new transaction ids, all at once (a permutation of ids within one
    /// instant's records is allowed).</summary>
    internal Ledger Renumber(IReadOnlyCollection<(string From, string To)> renames)
    {
        var list = records;
        var index = indexById;
        foreach (var (from, _) in renames)
        {
            index = index.Remove(from);
        }

        foreach (var (from, to) in renames)
        {
            var at = indexById[from];
            list = list.SetItem(at, list[at].WithTransactionId(to));
            index = index.Add(to, at);
        }

        // Only ids change: every record keeps its place, status and balance.
        return new(Currency, list, index, balancesByPatron);
    }

    /// <summary>The ledger with its records in another order (stable), e.g. by number after a renumbering.</summary>
    internal Ledger OrderedBy(Func<FineFee, long> key)
    {
        var ordered = records.OrderBy(key).ToImmutableList();
        var index = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        var balances = NoBalances;
        for (var i = 0; i < ordered.Count; i++)
        {
            index.Add(ordered[i].TransactionId, i);
            balances = Rebalanced(balances, null, ordered[i], i);
        }

        return new(Currency, ordered, index.ToImmutable(), balances);
    }

    /// <summary>The ledger with every record of a loan unlinked from it (the loan was anonymized).</summary>
    internal Ledger WithoutLoan(string loanId)
    {
        var list = records;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].LoanId == loanId)
            {
                list = list.SetItem(i, list[i].WithoutLoan());
            }
        }

        return new(Currency, list, indexById, balancesByPatron);
    }

    /// <summary>The records of one patron, in order.</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The records.</returns>
    public IEnumerable<FineFee> ForPatron(string patronId) => records.Where(r => r.PatronId == patronId);

    /// <summary>The records of one loan, in order.</summary>
    /// <param name="loanId">The loan.</param>
    /// <returns>The records.</returns>
    public IEnumerable<FineFee> ForLoan(string loanId) => records.Where(r => r.LoanId == loanId);

    /// <summary>The active balance: the sum of the balances of the patron's <c>active</c> records.</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The balance.</returns>
    public Money ActiveBalance(string patronId) => new(BalancesOf(patronId).Active, Currency);

    /// <summary>The sum of the balances of the patron's records in dispute, shown apart.</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The amount.</returns>
    public Money InDisputeBalance(string patronId) => new(BalancesOf(patronId).InDispute, Currency);

    /// <summary>The sum of the balances the bursar now collects.</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The amount.</returns>
    public Money ExportedBalance(string patronId) => new(BalancesOf(patronId).Exported, Currency);

    /// <summary>The Fines/Fees tab: records passing the query, in order.</summary>
    /// <param name="query">The query.</param>
    /// <returns>The records.</returns>
    public IReadOnlyList<FineFee> Query(FineFeeQuery query)
    {
        Guard.Against.Null(query);
        return records.Where(query.Matches).ToList();
    }

    /// <summary>What the patron can pay now without naming a record: the balances of active records whose accrual has stopped.</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The amount.</returns>
    public Money Payable(string patronId) => new(BalancesOf(patronId).Payable, Currency);

    /// <summary>
    /// A payment. With a transaction id it pays that record; without, it pays the patron's active records
    /// whose accrual has stopped, oldest first, passing over fines still accruing.
    /// </summary>
    /// <param name="patronId">The paying patron.</param>
    /// <param name="amount">The amount; positive.</param>
    /// <param name="transactionId">The record to pay, if named.</param>
    /// <param name="at">When.</param>
    /// <param name="reason">Why, if given.</param>
    /// <returns>The new ledger, or a refusal with the ledger unchanged.</returns>
    public Decision<Ledger> Pay(string patronId, Money amount, string? transactionId, Instant at, string? reason = null)
    {
        Guard.Against.NullOrWhiteSpace(patronId);
        RequirePositive(amount);
        if (transactionId is not null)
        {
            if (Lookup(transactionId, out var record) is { } missing)
            {
                return Decision<Ledger>.Refuse(this, missing);
            }

            if (record.PatronId != patronId)
            {
                return Refuse($"Fine/fee {transactionId} is not on patron {patronId}'s account.");
            }

            return ReduceBalance(record, FineFeeTransactionType.Payment, amount, at, reason);
        }

        var payable = Payable(patronId);
        if (amount > payable)
        {
            return Refuse($"A payment of {amount.ToAmountString()} is more than patron {patronId} can pay now ({payable.ToAmountString()}: active fines/fees whose accrual has stopped).");
        }

        var ledger = this;
        var left = amount;
        // Oldest first; records created at one instant in ledger (number) order.
        foreach (var (_, position) in BalancesOf(patronId).PayableRecords)
        {
            if (left.IsZero)
            {
                break;
            }

            var record = records[position];
            var part = Money.Min(left, record.Balance);
            ledger = ledger.Replace(record.Apply(new FineFeeTransaction(FineFeeTransactionType.Payment, at, part, reason)));
            left -= part;
        }

        return Decision<Ledger>.Allow(ledger);
    }

    /// <summary>A waiver of part or all of a record's balance.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="amount">The amount; null = the whole balance.</param>
    /// <param name="at">When.</param>
    /// <param name="reason">Why, if given.</param>
    /// <returns>The new ledger, or a refusal.</returns>
    public Decision<Ledger> Waive(string transactionId, Money? amount, Instant at, string? reason = null)
    {
        if (Lookup(transactionId, out var record) is { } missing)
        {
            return Decision<Ledger>.Refuse(this, missing);
        }

        if (amount is { } given)
        {
            RequirePositive(given);
        }

        var waived = amount ?? record.Balance;
        if (waived.IsZero && record.Status == FineFeeStatus.Closed)
        {
            return Refuse($"Fine/fee {transactionId} is closed: its balance is 0.00, nothing to waive.");
        }

        return ReduceBalance(record, FineFeeTransactionType.Waive, waived, at, reason);
    }

    /// <summary>Marks an active record as disputed; it leaves the active balance until restored.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="at">When.</param>
    /// <param name="reason">Why, if given.</param>
    /// <returns>The new ledger, or a refusal.</returns>
    public Decision<Ledger> Dispute(string transactionId, Instant at, string? reason = null)
    {
        if (Lookup(transactionId, out var record) is { } missing)
        {
            return Decision<Ledger>.Refuse(this, missing);
        }

        if (NotWhileAccruing(record) is { } accruing)
        {
            return Decision<Ledger>.Refuse(this, accruing);
        }

        if (record.Status != FineFeeStatus.Active)
        {
            return Refuse($"Fine/fee {transactionId} is {record.Status.ToSpelling()}; only an active fine/fee can be disputed.");
        }

        return Decision<Ledger>.Allow(Replace(record.WithStatus(FineFeeStatus.InDispute,
            new FineFeeTransaction(FineFeeTransactionType.Dispute, at, Money.Zero(Currency), reason))));
    }

    /// <summary>Ends a dispute: the record is active again.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="at">When.</param>
    /// <param name="reason">Why, if given.</param>
    /// <returns>The new ledger, or a refusal.</returns>
    public Decision<Ledger> Restore(string transactionId, Instant at, string? reason = null)
    {
        if (Lookup(transactionId, out var record) is { } missing)
        {
            return Decision<Ledger>.Refuse(this, missing);
        }

        if (record.Status != FineFeeStatus.InDispute)
        {
            return Refuse($"Fine/fee {transactionId} is {record.Status.ToSpelling()}; only a fine/fee in dispute can be restored.");
        }

        var status = record.Balance.IsZero ? FineFeeStatus.Closed : FineFeeStatus.Active;
        return Decision<Ledger>.Allow(Replace(record.WithStatus(status,
            new FineFeeTransaction(FineFeeTransactionType.Restore, at, Money.Zero(Currency), reason))));
    }

    /// <summary>A refund: a credit back to the patron of part of what was paid. The balance does not change.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="amount">The amount; at most what was paid and not yet refunded.</param>
    /// <param name="at">When.</param>
    /// <param name="reason">Why, if given.</param>
    /// <returns>The new ledger, or a refusal.</returns>
    public Decision<Ledger> Refund(string transactionId, Money amount, Instant at, string? reason = null)
    {
        RequirePositive(amount);
        if (Lookup(transactionId, out var record) is { } missing)
        {
            return Decision<Ledger>.Refuse(this, missing);
        }

        if (NotWhileAccruing(record) is { } accruing)
        {
            return Decision<Ledger>.Refuse(this, accruing);
        }

        var refundable = record.Paid - record.Refunded;
        if (amount > refundable)
        {
            return Refuse($"A refund of {amount.ToAmountString()} on fine/fee {transactionId} is more than was paid and not yet refunded ({refundable.ToAmountString()}).");
        }

        return Decision<Ledger>.Allow(Replace(record.Apply(new FineFeeTransaction(FineFeeTransactionType.Refund, at, amount, reason))));
    }

    /// <summary>Transfers a record elsewhere (e.g. to another account); its balance is no longer active.</summary>
    /// <param name="transactionId">The record.</param>
    /// <param name="at">When.</param>
    /// <param name="reason">Why, if given.</param>
    /// <returns>The new ledger, or a refusal.</returns>
    public Decision<Ledger> Transfer(string transactionId, Instant at, string? reason = null)
    {
        if (Lookup(transactionId, out var record) is { } missing)
        {
            return Decision<Ledger>.Refuse(this, missing);
        }

        if (NotWhileAccruing(record) is { } accruing)
        {
            return Decision<Ledger>.Refuse(this, accruing);
        }

        if (record.Status != FineFeeStatus.Active)
        {
            return Refuse($"Fine/fee {transactionId} is {record.Status.ToSpelling()}; only an active fine/fee can be transferred.");
        }

        return Decision<Ledger>.Allow(Replace(record.WithStatus(FineFeeStatus.Transferred,
            new FineFeeTransaction(FineFeeTransactionType.Transfer, at, record.Balance, reason))));
    }

    /// <summary>
    /// The records of a patron eligible for bursar export at an instant: active, accrual stopped, existing at
    /// least the group's minimum age, when their balances add up to at least the minimum balance; else none.
    /// </summary>
    /// <param name="patronId">The patron.</param>
    /// <param name="group">The patron's user group.</param>
    /// <param name="at">The instant.</param>
    /// <param name="zone">The policy's time zone, for the minimum age.</param>
    /// <returns>The eligible records, in order; empty when the group is never exported or the total is short.</returns>
    public IReadOnlyList<FineFee> BursarEligible(string patronId, UserGroup group, Instant at, DateTimeZone zone)
    {
        Guard.Against.Null(group);
        if (group.Bursar is not { } bursar)
        {
            return [];
        }

        var eligible = records.Where(r => r.PatronId == patronId && r.Status == FineFeeStatus.Active && !r.IsAccruing
            && PolicyTime.Add(r.CreatedAt, bursar.MinimumAge, zone) <= at).ToList();
        var total = eligible.Aggregate(Money.Zero(Currency), (sum, r) => sum + r.Balance);
        return eligible.Count > 0 && total >= bursar.MinimumBalance ? eligible : [];
    }

    /// <summary>Exports records to the bursar: each becomes <c>exportedToBursar</c> with its balance unchanged.</summary>
    /// <param name="transactionIds">The records, as listed by <see cref="BursarEligible"/>.</param>
    /// <param name="at">When.</param>
    /// <returns>The new ledger, or a refusal when a record is not active.</returns>
    public Decision<Ledger> ExportToBursar(IEnumerable<string> transactionIds, Instant at)
    {
        var ledger = this;
        foreach (var id in Guard.Against.Null(transactionIds))
        {
            // Looked up in the ledger being built, so that an id given twice is refused, not exported twice.
            if (ledger.Lookup(id, out var record) is { } missing)
            {
                return Decision<Ledger>.Refuse(this, missing);
            }

            if (record.Status != FineFeeStatus.Active || record.IsAccruing)
            {
                return Refuse($"Fine/fee {id} is {record.Status.ToSpelling()}{(record.IsAccruing ? " and still accruing" : string.Empty)}; it cannot be exported.");
            }

            ledger = ledger.Replace(record.WithStatus(FineFeeStatus.ExportedToBursar,
                new FineFeeTransaction(FineFeeTransactionType.ExportToBursar, at, record.Balance, null)));
        }

        return Decision<Ledger>.Allow(ledger);
    }

    private PatronBalances BalancesOf(string patronId) =>
        balancesByPatron.TryGetValue(Guard.Against.Null(patronId), out var balances) ? balances : PatronBalances.None;

    /// <summary>The balances with a record's old version (if any) taken out and its new version put in; both versions
    /// are of one patron (a record's patron never changes).</summary>
    private static ImmutableDictionary<string, PatronBalances> Rebalanced(
        ImmutableDictionary<string, PatronBalances> balances, FineFee? before, FineFee after, int at)
    {
        var current = balances.TryGetValue(after.PatronId, out var found) ? found : PatronBalances.None;
        return balances.SetItem(after.PatronId, (before is null ? current : current.Changed(before, at, -1)).Changed(after, at, 1));
    }

    /// <summary>One patron's sums by status and the records payable without naming one, oldest first (by creation,
    /// then position).</summary>
    private sealed record PatronBalances(decimal Active, decimal InDispute, decimal Exported, decimal Payable,
        ImmutableSortedSet<(Instant CreatedAt, int At)> PayableRecords)
    {
        public static readonly PatronBalances None = new(0m, 0m, 0m, 0m, []);

        /// <summary>The balances with a record added (sign 1) or taken out (sign −1).</summary>
        public PatronBalances Changed(FineFee record, int at, int sign)
        {
            var amount = sign * record.Balance.Amount;
            var isPayable = record.Status == FineFeeStatus.Active && !record.IsAccruing;
            return new(
                record.Status == FineFeeStatus.Active ? Active + amount : Active,
                record.Status == FineFeeStatus.InDispute ? InDispute + amount : InDispute,
                record.Status == FineFeeStatus.ExportedToBursar ? Exported + amount : Exported,
                isPayable ? Payable + amount : Payable,
                !isPayable ? PayableRecords : sign > 0 ? PayableRecords.Add((record.CreatedAt, at)) : PayableRecords.Remove((record.CreatedAt, at)));
        }
    }

    private Decision<Ledger> ReduceBalance(FineFee record, FineFeeTransactionType type, Money amount, Instant at, string? reason)
    {
        var verb = type == FineFeeTransactionType.Payment ? "payment" : "waiver";
        if (NotWhileAccruing(record) is { } accruing)
        {
            return Decision<Ledger>.Refuse(this, accruing);
        }

        if (record.Status is FineFeeStatus.InDispute or FineFeeStatus.ExportedToBursar or FineFeeStatus.Transferred)
        {
            return Refuse($"A {verb} on fine/fee {record.TransactionId} is not allowed: it is {record.Status.ToSpelling()}.");
        }

        if (amount > record.Balance)
        {
            return Refuse($"A {verb} of {amount.ToAmountString()} is more than the balance of fine/fee {record.TransactionId} ({record.Balance.ToAmountString()}).");
        }

        return Decision<Ledger>.Allow(Replace(record.Apply(new FineFeeTransaction(type, at, amount, reason))));
    }

    private static Refusal? NotWhileAccruing(FineFee record) => record.IsAccruing
        ? new Refusal(RefusalCodes.TransactionNotAllowed, $"Fine/fee {record.TransactionId} is an overdue fine still accruing; no transaction is allowed until its accrual stops.")
        : null;

    private Refusal? Lookup(string transactionId, out FineFee record)
    {
        Guard.Against.NullOrWhiteSpace(transactionId);
        if (Find(transactionId) is { } found)
        {
            record = found;
            return null;
        }

        record = null!;
        return NoSuchRecord(transactionId);
    }

    /// <summary>The refusal of a transaction naming a record that does not exist.</summary>
    internal static Refusal NoSuchRecord(string transactionId) => new(RefusalCodes.TransactionNotAllowed, $"Fine/fee {transactionId} does not exist.");

    private Decision<Ledger> Refuse(string message) => Decision<Ledger>.Refuse(this, new Refusal(RefusalCodes.TransactionNotAllowed, message));

    private void RequirePositive(Money amount)
    {
        if (!amount.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "An amount must be positive.");
        }

        if (amount.Currency.Length > 0 && amount.Currency != Currency)
        {
            throw new ArgumentException($"The amount is in {amount.Currency}, not the ledger's currency {Currency}.", nameof(amount));
        }
    }
}
