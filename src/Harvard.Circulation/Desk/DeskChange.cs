using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Sessions;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>
/// What one step of a desk changed — an action, or an advance of its time — in the order it happened: each
/// change with the instant it happened at and the new state of what it concerns, so a host can persist it
/// (upsert by id) and act on it (send the notices decided). <see cref="DeskSnapshot.Apply"/> applies a step to the
/// snapshot before it.
/// </summary>
/// <param name="From">The desk's instant before the step.</param>
/// <param name="To">The desk's instant after it.</param>
/// <param name="Changes">The changes, by instant; at one instant: loans, fines/fees, requests, sessions, notices,
/// claims, each by number; the order of the step's own instant last.</param>
public sealed record DeskStep(Instant From, Instant To, EquatableArray<DeskChange> Changes)
{
    /// <summary>The notices the step decided, in order: what a host sends.</summary>
    public IEnumerable<NoticeSnapshot> NoticesDecided =>
        Changes.OfType<NoticeChanged>().Where(c => c.What.HasFlag(NoticeChanges.Decided)).Select(c => c.Notice);
}

/// <summary>One change of a step: what happened at an instant to one loan, fine/fee, request, session, notice or
/// patron's claims, with its new state.</summary>
/// <param name="At">The instant it happened at.</param>
public abstract record DeskChange(Instant At);

/// <summary>A loan was created or changed; <see cref="Loan"/> is its new state (with no patron once anonymized).</summary>
/// <param name="At">When.</param>
/// <param name="What">What changed.</param>
/// <param name="Loan">The loan now.</param>
public sealed record LoanChanged(Instant At, LoanChanges What, LoanSnapshot Loan) : DeskChange(At);

/// <summary>A fine/fee was created or changed; <see cref="Record"/> is its new state.</summary>
/// <param name="At">When.</param>
/// <param name="What">What changed.</param>
/// <param name="Record">The record now.</param>
/// <param name="FormerTransactionId">The id it had before when it was renumbered (a record of an earlier loan arose
/// at the same instant, domain.md §3); null otherwise.</param>
public sealed record FineFeeChanged(Instant At, FineFeeChanges What, FineFeeSnapshot Record, string? FormerTransactionId) : DeskChange(At);

/// <summary>A request was placed or changed; <see cref="Request"/> is its new state.</summary>
/// <param name="At">When.</param>
/// <param name="What">What changed.</param>
/// <param name="Request">The request now.</param>
public sealed record RequestChanged(Instant At, RequestChanges What, RequestSnapshot Request) : DeskChange(At);

/// <summary>A patron services session was opened or changed; <see cref="Session"/> is its new state.</summary>
/// <param name="At">When.</param>
/// <param name="What">What changed.</param>
/// <param name="Session">The session now.</param>
public sealed record SessionChanged(Instant At, SessionChanges What, SessionSnapshot Session) : DeskChange(At);

/// <summary>A notice was decided (the host sends it) or changed; <see cref="Notice"/> is its new state.</summary>
/// <param name="At">When.</param>
/// <param name="What">What changed.</param>
/// <param name="Notice">The notice now.</param>
public sealed record NoticeChanged(Instant At, NoticeChanges What, NoticeSnapshot Notice) : DeskChange(At);

/// <summary>A patron claimed a loan returned: the count of claims now.</summary>
/// <param name="At">When.</param>
/// <param name="Claims">The patron's claims now.</param>
public sealed record ClaimsCounted(Instant At, PatronClaims Claims) : DeskChange(At);

/// <summary>What orders the fines/fees and notices still to come at the step's last instant changed (see
/// <see cref="DeskSnapshot.SameInstant"/>); null once nothing needs it.</summary>
/// <param name="At">The step's last instant.</param>
/// <param name="Order">The order now.</param>
public sealed record SameInstantOrderChanged(Instant At, SameInstantOrder? Order) : DeskChange(At);

/// <summary>What changed about a loan.</summary>
[Flags]
public enum LoanChanges
{
    /// <summary>Nothing a host stores (not emitted).</summary>
    None = 0,

    /// <summary>It was created (checked out): <c>created</c>.</summary>
    Created = 1,

    /// <summary>Its due instant changed (renewed, recalled): <c>dueDate</c>.</summary>
    DueDate = 2,

    /// <summary>Its status changed: <c>status</c>.</summary>
    Status = 4,

    /// <summary>It was renewed: <c>renewals</c>.</summary>
    Renewals = 8,

    /// <summary>A request recalled it: <c>recalled</c>.</summary>
    Recalled = 16,

    /// <summary>A courtesy or overdue notice of its due instant was decided: <c>noticesSent</c>.</summary>
    NoticesSent = 32,

    /// <summary>Auto-renewal was tried at its due instant: <c>autoRenewTried</c>.</summary>
    AutoRenewTried = 64,

    /// <summary>It incurred its first fine/fee: <c>fineOrFeeIncurred</c>.</summary>
    FineOrFeeIncurred = 128,

    /// <summary>Its patron link was removed: <c>anonymized</c>.</summary>
    Anonymized = 256,

    /// <summary>A note was added: <c>notes</c>.</summary>
    Notes = 512,
}

/// <summary>What changed about a fine/fee.</summary>
[Flags]
public enum FineFeeChanges
{
    /// <summary>Nothing a host stores (not emitted).</summary>
    None = 0,

    /// <summary>It arose: <c>created</c>.</summary>
    Created = 1,

    /// <summary>Its amount changed (an accruing fine accrued): <c>amount</c>.</summary>
    Amount = 2,

    /// <summary>Its balance changed: <c>balance</c>.</summary>
    Balance = 4,

    /// <summary>Its status changed: <c>status</c>.</summary>
    Status = 8,

    /// <summary>A transaction was recorded on it: <c>transaction</c>.</summary>
    Transaction = 16,

    /// <summary>Its accrual stopped: <c>accrualStopped</c>.</summary>
    AccrualStopped = 32,

    /// <summary>It was renumbered: <c>renumbered</c>.</summary>
    Renumbered = 64,

    /// <summary>Its loan was anonymized and is no longer named: <c>loanForgotten</c>.</summary>
    LoanForgotten = 128,
}

/// <summary>What changed about a request.</summary>
[Flags]
public enum RequestChanges
{
    /// <summary>Nothing a host stores (not emitted).</summary>
    None = 0,

    /// <summary>It was placed: <c>placed</c>.</summary>
    Placed = 1,

    /// <summary>It moved up to the hold shelf: <c>onHoldShelf</c>.</summary>
    OnHoldShelf = 2,

    /// <summary>It was fulfilled (checked out to the requester): <c>fulfilled</c>.</summary>
    Fulfilled = 4,

    /// <summary>It was cancelled: <c>cancelled</c>.</summary>
    Cancelled = 8,

    /// <summary>It expired on the hold shelf: <c>expired</c>.</summary>
    Expired = 16,
}

/// <summary>What changed about a patron services session.</summary>
[Flags]
public enum SessionChanges
{
    /// <summary>Nothing a host stores (not emitted).</summary>
    None = 0,

    /// <summary>It was opened: <c>opened</c>.</summary>
    Opened = 1,

    /// <summary>An action named it (its last activity moved): <c>activity</c>.</summary>
    Activity = 2,

    /// <summary>A loan was made in it: <c>loan</c>.</summary>
    Loan = 4,

    /// <summary>A return was made in it: <c>return</c>.</summary>
    Return = 8,

    /// <summary>It closed (timed out, or its staff member opened another): <c>closed</c>.</summary>
    Closed = 16,

    /// <summary>A loan of it was anonymized and is no longer named: <c>loanForgotten</c>.</summary>
    LoanForgotten = 32,
}

/// <summary>What changed about a notice.</summary>
[Flags]
public enum NoticeChanges
{
    /// <summary>Nothing a host stores (not emitted).</summary>
    None = 0,

    /// <summary>It was decided: the host sends it: <c>decided</c>.</summary>
    Decided = 1,

    /// <summary>Its place among the notices of its instant was fixed: <c>ordered</c>.</summary>
    Ordered = 2,

    /// <summary>The fine/fee it is about was renumbered: <c>fineFeeRenumbered</c>.</summary>
    FineFeeRenumbered = 4,

    /// <summary>Its loan was anonymized and is no longer named: <c>loanForgotten</c>.</summary>
    LoanForgotten = 8,
}
