using Ardalis.GuardClauses;
using NodaTime;

namespace Harvard.Circulation.Notices;

/// <summary>What triggers a notice, in the order notices at one instant are listed.</summary>
public enum NoticeType
{
    /// <summary>Before due (<c>courtesy</c>).</summary>
    Courtesy,

    /// <summary>At a configured delay past due (<c>overdue</c>).</summary>
    Overdue,

    /// <summary>On becoming lost (<c>lostItemBill</c>).</summary>
    LostItemBill,

    /// <summary>A fine/fee became final (<c>fineFee</c>).</summary>
    FineFee,

    /// <summary>A request reached the hold shelf (<c>requestAvailable</c>).</summary>
    RequestAvailable,

    /// <summary>A request was cancelled or expired (<c>requestCancelled</c>).</summary>
    RequestCancelled,
}

/// <summary>Spellings of notice types.</summary>
public static class NoticeSpellings
{
    /// <summary>The spelling of a notice type, e.g. <c>lostItemBill</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The spelling.</returns>
    public static string ToSpelling(this NoticeType type) => type switch
    {
        NoticeType.Courtesy => "courtesy",
        NoticeType.Overdue => "overdue",
        NoticeType.LostItemBill => "lostItemBill",
        NoticeType.FineFee => "fineFee",
        NoticeType.RequestAvailable => "requestAvailable",
        NoticeType.RequestCancelled => "requestCancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a notice type."),
    };
}

/// <summary>
/// A notice the engine decided to send; the host sends it. Kept as the patron's attachments.
/// </summary>
public sealed record Notice
{
    /// <summary>Creates a notice.</summary>
    /// <param name="type">The trigger.</param>
    /// <param name="patronId">The recipient.</param>
    /// <param name="at">When it is due to go out.</param>
    /// <param name="loanId">The loan it is about, if any.</param>
    /// <param name="requestId">The request it is about, if any.</param>
    /// <param name="transactionId">The fine/fee it is about, if any.</param>
    /// <param name="sequence">The order in which the engine decided it, for ties.</param>
    public Notice(NoticeType type, string patronId, Instant at, string? loanId = null, string? requestId = null, string? transactionId = null, long sequence = 0)
    {
        Guard.Against.EnumOutOfRange(type);
        Type = type;
        PatronId = Guard.Against.NullOrWhiteSpace(patronId);
        At = at;
        LoanId = loanId;
        RequestId = requestId;
        TransactionId = transactionId;
        Sequence = sequence;
    }

    /// <summary>The trigger.</summary>
    public NoticeType Type { get; }

    /// <summary>The recipient.</summary>
    public string PatronId { get; }

    /// <summary>When it goes out.</summary>
    public Instant At { get; }

    /// <summary>The loan it is about, if any.</summary>
    public string? LoanId { get; private init; }

    /// <summary>The request it is about, if any.</summary>
    public string? RequestId { get; }

    /// <summary>The fine/fee it is about, if any.</summary>
    public string? TransactionId { get; private init; }

    /// <summary>The order in which the engine decided it: across the desk under dense ids, within the patron's
    /// account under scoped ids.</summary>
    public long Sequence { get; }

    internal Notice WithTransactionId(string? id) => this with { TransactionId = id };

    /// <summary>The notice's place among the notices decided for the same instant, in the order the notices list
    /// shows them (domain.md §6: those with a loan in loan order, then those with neither in event order, then
    /// request notices in request order; each by trigger). Fixed when the desk moves past the instant, so it holds
    /// even once the loan is anonymized and no longer named; null while the instant is open.</summary>
    internal int? Order { get; init; }

    /// <summary>Under scoped ids, what places the notice among everyone's notices of its instant (its loan's
    /// check-out, its request's placing, or the action that decided it), kept for good so that no desk-wide rank is
    /// needed (<see cref="Order"/> stays null); null under dense ids.</summary>
    internal NoticePlace? Place { get; init; }

    /// <summary>The notice as a snapshot holds it.</summary>
    internal NoticeSnapshot ToSnapshot() => new()
    {
        Type = Type,
        PatronId = PatronId,
        At = At,
        Sequence = Sequence,
        LoanId = LoanId,
        RequestId = RequestId,
        TransactionId = TransactionId,
        Order = Order,
        Place = Place,
    };

    /// <summary>A notice as a snapshot holds it, back.</summary>
    internal static Notice FromSnapshot(NoticeSnapshot snapshot) =>
        new(snapshot.Type, snapshot.PatronId, snapshot.At, snapshot.LoanId, snapshot.RequestId, snapshot.TransactionId, snapshot.Sequence)
        {
            Order = snapshot.Order,
            Place = snapshot.Place,
        };

    /// <summary>The notice no longer naming its loan (the loan was anonymized).</summary>
    internal Notice WithoutLoan() => this with { LoanId = null };
}
