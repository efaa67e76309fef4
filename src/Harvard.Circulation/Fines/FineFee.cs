using Ardalis.GuardClauses;
using NodaTime;

namespace Harvard.Circulation.Fines;

/// <summary>The types of fine/fee (the guide's Fines/Fees tab filter).</summary>
public enum FineFeeType
{
    /// <summary>An overdue fine (<c>overdueFine</c>).</summary>
    OverdueFine,

    /// <summary>An overdue fine of a recalled loan (<c>recalledOverdueFine</c>).</summary>
    RecalledOverdueFine,

    /// <summary>The replacement fee of a lost item (<c>lostItemReplacementFee</c>).</summary>
    LostItemReplacementFee,

    /// <summary>The processing fee of a lost item (<c>lostItemProcessFee</c>).</summary>
    LostItemProcessFee,

    /// <summary>A card renewal fee (<c>cardRenewal</c>).</summary>
    CardRenewal,

    /// <summary>A fine for a damaged item (<c>damagedItemFine</c>).</summary>
    DamagedItemFine,

    /// <summary>Any other charge (<c>other</c>).</summary>
    Other,
}

/// <summary>The statuses of a fine/fee.</summary>
public enum FineFeeStatus
{
    /// <summary>Owed; counts in the active balance (<c>active</c>).</summary>
    Active,

    /// <summary>Disputed by the patron; shown apart (<c>inDispute</c>).</summary>
    InDispute,

    /// <summary>Balance zero (<c>closed</c>).</summary>
    Closed,

    /// <summary>Sent to the bursar, who now collects it (<c>exportedToBursar</c>).</summary>
    ExportedToBursar,

    /// <summary>Transferred elsewhere (<c>transferred</c>).</summary>
    Transferred,
}

/// <summary>The kinds of fine/fee transaction.</summary>
public enum FineFeeTransactionType
{
    /// <summary>A payment (<c>payment</c>).</summary>
    Payment,

    /// <summary>A waiver (<c>waive</c>).</summary>
    Waive,

    /// <summary>The patron disputes the record (<c>dispute</c>).</summary>
    Dispute,

    /// <summary>A dispute ends; the record is active again (<c>restore</c>).</summary>
    Restore,

    /// <summary>A credit back to the patron of an amount paid (<c>refund</c>).</summary>
    Refund,

    /// <summary>Sent to the bursar (<c>exportToBursar</c>).</summary>
    ExportToBursar,

    /// <summary>Transferred elsewhere (<c>transfer</c>).</summary>
    Transfer,
}

/// <summary>Spellings of the fine/fee enumerations, as the file formats write them.</summary>
public static class FineFeeSpellings
{
    /// <summary>The spelling of a type, e.g. <c>overdueFine</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The spelling.</returns>
    public static string ToSpelling(this FineFeeType type) => type switch
    {
        FineFeeType.OverdueFine => "overdueFine",
        FineFeeType.RecalledOverdueFine => "recalledOverdueFine",
        FineFeeType.LostItemReplacementFee => "lostItemReplacementFee",
        FineFeeType.LostItemProcessFee => "lostItemProcessFee",
        FineFeeType.CardRenewal => "cardRenewal",
        FineFeeType.DamagedItemFine => "damagedItemFine",
        FineFeeType.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a fine/fee type."),
    };

    /// <summary>The spelling of a status, e.g. <c>inDispute</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The spelling.</returns>
    public static string ToSpelling(this FineFeeStatus status) => status switch
    {
        FineFeeStatus.Active => "active",
        FineFeeStatus.InDispute => "inDispute",
        FineFeeStatus.Closed => "closed",
        FineFeeStatus.ExportedToBursar => "exportedToBursar",
        FineFeeStatus.Transferred => "transferred",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a fine/fee status."),
    };

    /// <summary>The spelling of a transaction type, e.g. <c>payment</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The spelling.</returns>
    public static string ToSpelling(this FineFeeTransactionType type) => type switch
    {
        FineFeeTransactionType.Payment => "payment",
        FineFeeTransactionType.Waive => "waive",
        FineFeeTransactionType.Dispute => "dispute",
        FineFeeTransactionType.Restore => "restore",
        FineFeeTransactionType.Refund => "refund",
        FineFeeTransactionType.ExportToBursar => "exportToBursar",
        FineFeeTransactionType.Transfer => "transfer",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a transaction type."),
    };
}

/// <summary>One transaction on a fine/fee: when, what kind, how much and why. Immutable, value equality.</summary>
public sealed record FineFeeTransaction
{
    /// <summary>Creates a transaction.</summary>
    /// <param name="type">The kind.</param>
    /// <param name="at">When.</param>
    /// <param name="amount">How much (zero for dispute and restore).</param>
    /// <param name="reason">Why, if given.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined kind.</exception>
    public FineFeeTransaction(FineFeeTransactionType type, Instant at, Money amount, string? reason)
    {
        Type = Guard.Against.EnumOutOfRange(type);
        At = at;
        Amount = amount;
        Reason = reason;
    }

    /// <summary>The kind.</summary>
    public FineFeeTransactionType Type { get; }

    /// <summary>When.</summary>
    public Instant At { get; }

    /// <summary>How much (zero for dispute and restore).</summary>
    public Money Amount { get; }

    /// <summary>Why, if given.</summary>
    public string? Reason { get; }
}

/// <summary>
/// A fine or fee on a patron's account. Always: original amount = balance + payments + waivers; refunds hand
/// back part of what was paid and never change the balance. Records are never deleted.
/// </summary>
public sealed record FineFee
{
    /// <summary>Creates a fine/fee record with no transactions.</summary>
    /// <param name="transactionId">The unique transaction id, e.g. <c>F1</c>.</param>
    /// <param name="patronId">The patron's primary id.</param>
    /// <param name="type">The type.</param>
    /// <param name="amount">The original amount; positive.</param>
    /// <param name="createdAt">When it arose.</param>
    /// <param name="loanId">The loan it belongs to, if any.</param>
    /// <param name="title">The item title, if any.</param>
    /// <param name="accruing">Whether it is an overdue fine still accruing.</param>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not positive.</exception>
    public FineFee(string transactionId, string patronId, FineFeeType type, Money amount, Instant createdAt, string? loanId = null, string? title = null, bool accruing = false)
    {
        TransactionId = Guard.Against.NullOrWhiteSpace(transactionId);
        PatronId = Guard.Against.NullOrWhiteSpace(patronId);
        Guard.Against.EnumOutOfRange(type);
        if (!amount.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A fine/fee exists only for a positive amount.");
        }

        Type = type;
        Original = amount;
        Balance = amount;
        Paid = Money.Zero(amount.Currency);
        Waived = Money.Zero(amount.Currency);
        Refunded = Money.Zero(amount.Currency);
        CreatedAt = createdAt;
        LoanId = loanId;
        Title = title;
        IsAccruing = accruing;
        Status = FineFeeStatus.Active;
    }

    /// <summary>The unique transaction id.</summary>
    public string TransactionId { get; private init; }

    /// <summary>The desk's stable key of the record: the order it arose in. Unlike <see cref="TransactionId"/>,
    /// which the desk numbers per instant in loan order, it never changes.</summary>
    internal long Key { get; init; }

    /// <summary>The patron's primary id.</summary>
    public string PatronId { get; }

    /// <summary>The loan it belongs to, if any.</summary>
    public string? LoanId { get; private init; }

    /// <summary>The item title, if any.</summary>
    public string? Title { get; }

    /// <summary>The type.</summary>
    public FineFeeType Type { get; }

    /// <summary>The status.</summary>
    public FineFeeStatus Status { get; private init; }

    /// <summary>The original amount (for an accruing fine, accrued so far).</summary>
    public Money Original { get; private init; }

    /// <summary>What is still owed.</summary>
    public Money Balance { get; private init; }

    /// <summary>The total of payments.</summary>
    public Money Paid { get; private init; }

    /// <summary>The total of waivers.</summary>
    public Money Waived { get; private init; }

    /// <summary>The total refunded to the patron out of what was paid.</summary>
    public Money Refunded { get; private init; }

    /// <summary>When it arose.</summary>
    public Instant CreatedAt { get; }

    /// <summary>Whether it is an overdue fine whose accrual has not stopped.</summary>
    public bool IsAccruing { get; private init; }

    /// <summary>The transactions, in order.</summary>
    public EquatableArray<FineFeeTransaction> Transactions { get; private init; }

    internal FineFee WithTransactionId(string id) => this with { TransactionId = id };

    /// <summary>How the amount came about, for an overdue fine: overdue time, closed time left out, intervals,
    /// rate and cap, and why and when accrual stopped; null for other records.</summary>
    public string? Explanation => Accrual is { } accrual ? accrual.Explain() + AccrualStop?.Explain() : null;

    /// <summary>For an overdue fine, the accrual its amount comes from (as of the instant it was last
    /// evaluated, or when its accrual stopped); null for other records.</summary>
    public FineAccrual? Accrual { get; private init; }

    /// <summary>For an overdue fine whose accrual stopped: when, why and whether it was forgiven; null otherwise.</summary>
    public AccrualStop? AccrualStop { get; private init; }

    internal FineFee Accrued(FineAccrual accrual) => this with { Original = accrual.Amount, Balance = accrual.Amount, Accrual = accrual };

    internal FineFee AccrualStopped(FineAccrual accrual, AccrualStop stop) =>
        this with { Original = accrual.Amount, Balance = accrual.Amount, Accrual = accrual, IsAccruing = false, AccrualStop = stop };

    /// <summary>A record as a snapshot holds it, back: amounts, status and transactions as given (the desk checked
    /// them); an accruing fine's breakdown is evaluated again when its account is read.</summary>
    internal static FineFee FromSnapshot(FineFeeSnapshot snapshot, long key) =>
        new FineFee(snapshot.TransactionId, snapshot.PatronId, snapshot.Type, snapshot.Original, snapshot.CreatedAt, snapshot.LoanId, snapshot.Title, snapshot.IsAccruing)
        {
            Key = key,
            Status = snapshot.Status,
            Balance = snapshot.Balance,
            Paid = snapshot.Paid,
            Waived = snapshot.Waived,
            Refunded = snapshot.Refunded,
            Transactions = snapshot.Transactions,
            Accrual = snapshot.IsAccruing ? null : snapshot.Accrual,
            AccrualStop = snapshot.AccrualStop,
        };

    /// <summary>The record as a snapshot holds it.</summary>
    internal FineFeeSnapshot ToSnapshot() => new()
    {
        TransactionId = TransactionId,
        PatronId = PatronId,
        Type = Type,
        Status = Status,
        Original = Original,
        Balance = Balance,
        Paid = Paid,
        Waived = Waived,
        Refunded = Refunded,
        CreatedAt = CreatedAt,
        LoanId = LoanId,
        Title = Title,
        IsAccruing = IsAccruing,
        Transactions = Transactions,
        Accrual = IsAccruing ? null : Accrual,
        AccrualStop = AccrualStop,
    };

    internal FineFee WithoutLoan() => this with { LoanId = null };

    internal FineFee WithStatus(FineFeeStatus status, FineFeeTransaction transaction) => this with
    {
        Status = status,
        Transactions = Transactions.Append(transaction).ToEquatableArray(),
    };

    internal FineFee Apply(FineFeeTransaction transaction)
    {
        var next = transaction.Type switch
        {
            FineFeeTransactionType.Payment => this with { Balance = Balance - transaction.Amount, Paid = Paid + transaction.Amount },
            FineFeeTransactionType.Waive => this with { Balance = Balance - transaction.Amount, Waived = Waived + transaction.Amount },
            FineFeeTransactionType.Refund => this with { Refunded = Refunded + transaction.Amount },
            _ => this,
        };
        var status = next.Balance.IsZero && next.Status == FineFeeStatus.Active ? FineFeeStatus.Closed : next.Status;
        return next with { Status = status, Transactions = Transactions.Append(transaction).ToEquatableArray() };
    }
}
