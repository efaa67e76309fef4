using NodaTime;

namespace Harvard.Circulation.Formats.Scenarios;

/// <summary>A loan as the report shows it.</summary>
/// <param name="Id">The loan id.</param>
/// <param name="Patron">The patron; null once anonymized.</param>
/// <param name="Item">The item barcode.</param>
/// <param name="Status">The status spelling.</param>
/// <param name="LoanedAt">The check-out instant.</param>
/// <param name="DueAt">The due instant in force.</param>
/// <param name="ReturnedAt">When returned, or null.</param>
/// <param name="Overdue">Whether on loan and past due at the report instant.</param>
/// <param name="Renewals">The number of renewals.</param>
/// <param name="AllowedActions">The row actions offered, in the guide's order.</param>
/// <param name="Rule">The rule that matched.</param>
/// <param name="AnonymizeAt">When it will be anonymized, or null when never.</param>
/// <param name="Anonymized">Whether it has been anonymized.</param>
/// <param name="Recalled">Whether a request recalled it.</param>
/// <param name="ClaimedReturnedAt">When claimed returned, or null.</param>
/// <param name="LostAt">When it became lost, or null.</param>
public sealed record LoanRow(string Id, string? Patron, string Item, string Status, Instant LoanedAt, Instant DueAt, Instant? ReturnedAt, bool Overdue,
    int Renewals, IReadOnlyList<string> AllowedActions, string Rule, Instant? AnonymizeAt, bool Anonymized, bool Recalled, Instant? ClaimedReturnedAt, Instant? LostAt);

/// <summary>A fine/fee as the report shows it.</summary>
/// <param name="TransactionId">The id.</param>
/// <param name="Patron">The patron.</param>
/// <param name="Loan">The loan, or null.</param>
/// <param name="Title">The title, or null.</param>
/// <param name="Type">The type spelling.</param>
/// <param name="Status">The status spelling.</param>
/// <param name="Amount">The original amount (accrued so far for a fine still accruing).</param>
/// <param name="Balance">The balance.</param>
/// <param name="Explanation">How the amount came about (for an overdue fine: time, closed time, intervals, rate, cap).</param>
public sealed record FineFeeRow(string TransactionId, string Patron, string? Loan, string? Title, string Type, string Status, Money Amount, Money Balance, string? Explanation);

/// <summary>A notice as the report shows it.</summary>
/// <param name="Patron">The recipient.</param>
/// <param name="Type">The type spelling.</param>
/// <param name="At">When.</param>
/// <param name="Loan">The loan, or null.</param>
/// <param name="Request">The request of a request notice, else null.</param>
public sealed record NoticeRow(string Patron, string Type, Instant At, string? Loan, string? Request);

/// <summary>A request as the report shows it.</summary>
/// <param name="Id">The id.</param>
/// <param name="Patron">The requester.</param>
/// <param name="Item">The item.</param>
/// <param name="Status">The status spelling.</param>
/// <param name="ExpiresAt">When it expires on the hold shelf; null before it reaches it.</param>
public sealed record RequestRow(string Id, string Patron, string Item, string Status, Instant? ExpiresAt);

/// <summary>A patron services session as the report shows it.</summary>
/// <param name="Id">The id.</param>
/// <param name="Patron">The patron.</param>
/// <param name="Location">The current location.</param>
/// <param name="Loans">Loans of this session.</param>
/// <param name="Returns">Returns of this session.</param>
/// <param name="ClosedAt">When it closed, or null while open at the report instant.</param>
public sealed record SessionRow(string Id, string Patron, string Location, IReadOnlyList<string> Loans, IReadOnlyList<string> Returns, Instant? ClosedAt);

/// <summary>A successful patron search.</summary>
/// <param name="Event">The event index.</param>
/// <param name="Results">Matching patron ids, in scenario order.</param>
public sealed record SearchRow(int Event, IReadOnlyList<string> Results);

/// <summary>A refused event.</summary>
/// <param name="Event">The event index.</param>
/// <param name="Type">The event type spelling.</param>
/// <param name="Reason">Why it was refused.</param>
public sealed record RefusalRow(int Event, string Type, string Reason);

/// <summary>One line of the replay's timeline: an event and its outcome.</summary>
/// <param name="At">When.</param>
/// <param name="Event">The event index.</param>
/// <param name="Type">The event type spelling.</param>
/// <param name="Summary">What it was about.</param>
/// <param name="Refusal">Why it was refused; null when it was applied.</param>
public sealed record TimelineRow(Instant At, int Event, string Type, string Summary, string? Refusal);

/// <summary>
/// What a replayed scenario shows at its <c>asOf</c> instant: the report of <c>docs/scenarios.md</c>.
/// </summary>
/// <param name="Name">The scenario's name, if any.</param>
/// <param name="AsOf">The report instant.</param>
/// <param name="Loans">Loans by number.</param>
/// <param name="FinesFees">Fines/fees by number.</param>
/// <param name="Balances">Every patron's active balance, in scenario order.</param>
/// <param name="Notices">Notices by instant, ties as the ordering rules of docs/scenarios.md say.</param>
/// <param name="ReturnList">Every patron's return list, most recent first.</param>
/// <param name="Requests">Requests by number.</param>
/// <param name="Sessions">Sessions in the order opened.</param>
/// <param name="Searches">Successful searches.</param>
/// <param name="Queries">Each query's transaction ids.</param>
/// <param name="Refused">Refused events by index.</param>
/// <param name="Timeline">Every event with its outcome.</param>
public sealed record ScenarioReport(string? Name, Instant AsOf, IReadOnlyList<LoanRow> Loans, IReadOnlyList<FineFeeRow> FinesFees,
    IReadOnlyList<KeyValuePair<string, Money>> Balances, IReadOnlyList<NoticeRow> Notices, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> ReturnList,
    IReadOnlyList<RequestRow> Requests, IReadOnlyList<SessionRow> Sessions, IReadOnlyList<SearchRow> Searches, IReadOnlyList<IReadOnlyList<string>> Queries,
    IReadOnlyList<RefusalRow> Refused, IReadOnlyList<TimelineRow> Timeline);
