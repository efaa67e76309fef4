namespace Harvard.Circulation.Desk;

/// <summary>How a desk numbers the loans and fines/fees it creates.</summary>
/// <remarks>No decision depends on the numbering: a desk with scoped ids decides every action as the same desk with
/// dense ids, the ids aside (a property test runs both side by side). Requests and sessions keep the ids they are
/// given, under either.</remarks>
public enum IdNumbering
{
    /// <summary>One sequence for the whole desk: loans <c>L1</c>, <c>L2</c>, …, fines/fees <c>F1</c>, <c>F2</c>, …
    /// (the fines/fees of one instant numbered in loan order across the desk). The default, and what <c>circ</c>
    /// uses.</summary>
    Dense,

    /// <summary>Each owner numbers its own, so that no desk-wide counter is needed (a desk spread over many machines):
    /// a loan within its item (<c>32044000000401:L1</c>, the item's first loan), a fine/fee within its patron's
    /// account (<c>10000001:F1</c>; the records of one instant in loan order within the account). The owner's id,
    /// a colon, the letter and the number.</summary>
    Scoped,
}
