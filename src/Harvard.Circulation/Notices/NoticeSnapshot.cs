using NodaTime;

namespace Harvard.Circulation.Notices;

/// <summary>A notice as a snapshot holds it.</summary>
public sealed record NoticeSnapshot
{
    /// <summary>The trigger.</summary>
    public required NoticeType Type { get; init; }

    /// <summary>The recipient.</summary>
    public required string PatronId { get; init; }

    /// <summary>When it goes out.</summary>
    public required Instant At { get; init; }

    /// <summary>The order it was decided in: under dense ids across the desk (unique in it, from 0); under scoped
    /// ids within its patron's account (the account's first notice 0, its second 1, ...), so no desk-wide counter is
    /// needed.</summary>
    public required long Sequence { get; init; }

    /// <summary>The loan it is about, if any (removed on anonymization).</summary>
    public string? LoanId { get; init; }

    /// <summary>The request it is about, if any.</summary>
    public string? RequestId { get; init; }

    /// <summary>The fine/fee it is about, if any.</summary>
    public string? TransactionId { get; init; }

    /// <summary>Under dense ids, its place among the notices decided for the same instant, fixed once the desk moved
    /// past that instant; null while the instant is the desk's (see <c>DeskSnapshot.SameInstant</c>), and always
    /// under scoped ids, where <see cref="Place"/> orders it.</summary>
    public int? Order { get; init; }

    /// <summary>Under scoped ids, what places it among everyone's notices of its instant (domain.md §6): its loan's
    /// check-out, its request's placing, or the action that decided it — with its type and, for notices of one place,
    /// its sequence, a rank no part of the desk needs the others to know; null under dense ids.</summary>
    public NoticePlace? Place { get; init; }
}
