using NodaTime;

namespace Harvard.Circulation.Loans;

/// <summary>A loan as a snapshot holds it: every instant and counter, the patron only while not anonymized.</summary>
/// <remarks>The counters are those of the due instant in force: which courtesy/overdue notices of it were decided,
/// and whether auto-renewal was tried at it.</remarks>
public sealed record LoanSnapshot
{
    /// <summary>The loan id: <c>L</c> and its number, or under scoped ids the item's barcode, <c>:L</c> and the
    /// loan's place among the item's loans.</summary>
    public required string Id { get; init; }

    /// <summary>Under scoped ids, the place of its check-out among the actions taken at <see cref="LoanedAt"/> (from
    /// 0), which with that instant puts loans of different items in loan order; null under dense ids, whose numbers
    /// give the order.</summary>
    public int? Place { get; init; }

    /// <summary>The patron's primary id; null once anonymized.</summary>
    public string? PatronId { get; init; }

    /// <summary>The item's barcode.</summary>
    public required string ItemBarcode { get; init; }

    /// <summary>The state.</summary>
    public required LoanStatus Status { get; init; }

    /// <summary>The check-out instant.</summary>
    public required Instant LoanedAt { get; init; }

    /// <summary>The due instant in force.</summary>
    public required Instant DueAt { get; init; }

    /// <summary>The rule that matched at check-out.</summary>
    public required string RuleId { get; init; }

    /// <summary>The terms of use the rule named.</summary>
    public required string TermsOfUseId { get; init; }

    /// <summary>The staff member's current location at check-out, if recorded.</summary>
    public string? Location { get; init; }

    /// <summary>The session the loan was made in, if any (removed on anonymization).</summary>
    public string? SessionId { get; init; }

    /// <summary>Notes on the loan.</summary>
    public EquatableArray<string> Notes { get; init; }

    /// <summary>The instants of the renewals, in order.</summary>
    public EquatableArray<Instant> RenewedAt { get; init; }

    /// <summary>When a request recalled the loan, if one did.</summary>
    public Instant? RecalledAt { get; init; }

    /// <summary>When it was marked Claimed Return, if it was.</summary>
    public Instant? ClaimedReturnedAt { get; init; }

    /// <summary>When it became lost, if it did.</summary>
    public Instant? LostAt { get; init; }

    /// <summary>Whether it became lost by aging rather than by staff.</summary>
    public bool AgedToLost { get; init; }

    /// <summary>When it was returned (checked in or found), if it was.</summary>
    public Instant? ReturnedAt { get; init; }

    /// <summary>Which courtesy and overdue notices of the current due instant were decided: 0 the courtesy notice,
    /// <c>i</c> the notice of the <c>i</c>-th overdue delay, ascending.</summary>
    public EquatableArray<int> NoticesSent { get; init; }

    /// <summary>Whether auto-renewal was tried at the current due instant.</summary>
    public bool AutoRenewTried { get; init; }

    /// <summary>Whether any fine/fee was ever recorded on the loan (what retention keeps loans for).</summary>
    public bool IncurredFineOrFee { get; init; }
}
