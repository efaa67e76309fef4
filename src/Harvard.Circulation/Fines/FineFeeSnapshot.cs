using NodaTime;

namespace Harvard.Circulation.Fines;

/// <summary>A fine/fee as a snapshot holds it.</summary>
/// <remarks>An overdue fine still accruing holds the amount the desk last evaluated it at (the desk evaluates it
/// again whenever it reads the account, so it is derived, and its breakdown is not kept); once its accrual stopped,
/// the breakdown it ended with and why it stopped are kept.</remarks>
public sealed record FineFeeSnapshot
{
    /// <summary>The transaction id, <c>F</c> and its number.</summary>
    public required string TransactionId { get; init; }

    /// <summary>The patron's primary id.</summary>
    public required string PatronId { get; init; }

    /// <summary>The type.</summary>
    public required FineFeeType Type { get; init; }

    /// <summary>The status.</summary>
    public required FineFeeStatus Status { get; init; }

    /// <summary>The original amount.</summary>
    public required Money Original { get; init; }

    /// <summary>What is still owed.</summary>
    public required Money Balance { get; init; }

    /// <summary>The total of payments.</summary>
    public required Money Paid { get; init; }

    /// <summary>The total of waivers.</summary>
    public required Money Waived { get; init; }

    /// <summary>The total refunded.</summary>
    public required Money Refunded { get; init; }

    /// <summary>When it arose.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>The loan, if any (removed when the loan is anonymized).</summary>
    public string? LoanId { get; init; }

    /// <summary>The item title, if any.</summary>
    public string? Title { get; init; }

    /// <summary>Whether it is an overdue fine still accruing.</summary>
    public bool IsAccruing { get; init; }

    /// <summary>The transactions, in order.</summary>
    public EquatableArray<FineFeeTransaction> Transactions { get; init; }

    /// <summary>For an overdue fine whose accrual stopped: the breakdown it ended with; null otherwise.</summary>
    public FineAccrual? Accrual { get; init; }

    /// <summary>For an overdue fine whose accrual stopped: when, why, and whether it was forgiven; null otherwise.</summary>
    public AccrualStop? AccrualStop { get; init; }
}
