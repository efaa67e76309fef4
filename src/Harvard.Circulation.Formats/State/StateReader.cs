using System.Globalization;
using System.Text.Json;
using Ardalis.GuardClauses;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Sessions;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Formats.State;

/// <summary>A desk's state as a state file holds it: the snapshot and the policy it is restored under.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="PolicyName">The name the file gives the policy (<c>harvard-default</c>), or null when the policy is
/// written inline.</param>
/// <param name="Snapshot">The snapshot.</param>
public sealed record StateFile(Policy Policy, string? PolicyName, DeskSnapshot Snapshot)
{
    /// <summary>The state of a desk: its snapshot and its policy, written inline, or by name when the name is
    /// given.</summary>
    /// <param name="desk">The desk.</param>
    /// <param name="policyName">An embedded policy's name (<c>harvard-default</c>) that names the desk's policy;
    /// null writes the policy inline.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ArgumentException"><paramref name="policyName"/> does not name the desk's policy.</exception>
    public static StateFile Of(CirculationDesk desk, string? policyName = null)
    {
        Guard.Against.Null(desk);
        if (policyName is not null && (!EmbeddedPolicies.TryGet(policyName, out var named) || !named.Equals(desk.Policy)))
        {
            throw new ArgumentException($"'{policyName}' is not the name of an embedded policy equal to the desk's policy.", nameof(policyName));
        }

        return new StateFile(desk.Policy, policyName, desk.ToSnapshot());
    }

    /// <summary>The desk the state describes.</summary>
    /// <returns>The desk, restored under <see cref="Policy"/>.</returns>
    /// <exception cref="InvalidSnapshotException">The snapshot is not consistent (a state read by
    /// <see cref="StateReader"/> always is).</exception>
    public CirculationDesk Restore() => CirculationDesk.Restore(Policy, Snapshot);
}

/// <summary>One problem of a state file, at a path such as <c>loans[3].patronId</c>.</summary>
/// <param name="Path">Where: field names with zero-based indexes, <c>policy.</c> for an inline policy, or
/// <c>line L, column C</c> for JSON that does not parse.</param>
/// <param name="Message">What is wrong.</param>
public sealed record StateProblem(string Path, string Message)
{
    /// <summary>The problem as <c>path: message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The result of reading a state file: the state, or every problem found (and then no state).</summary>
/// <param name="State">The state; null when there are problems.</param>
/// <param name="Problems">Every problem found; empty when the state is valid.</param>
public sealed record StateReadResult(StateFile? State, IReadOnlyList<StateProblem> Problems)
{
    /// <summary>Whether the file is a valid state.</summary>
    public bool IsValid => State is not null && Problems.Count == 0;
}

/// <summary>
/// Reads state files (format 1, <c>docs/state.md</c>) in two passes: the structure (bad JSON with line and column,
/// unknown and missing fields, wrong types and spellings, the policy's own problems prefixed <c>policy.</c>), then,
/// when that is sound, the consistency of the snapshot under its policy (<see cref="CirculationDesk.Check"/>: unknown
/// patrons, items and loans, two open loans of an item, balances that do not add up, instants after <c>asOf</c>, ...).
/// Every problem has its path; a file with any problem gives no state at all. Never throws on any input text.
/// </summary>
public static class StateReader
{
    /// <summary>The only format version this reader reads and the writer writes.</summary>
    public const int Format = 1;

    private static readonly string[] TopFields =
        ["$schema", "format", "policy", "asOf", "patrons", "items", "staff", "loans", "finesFees", "requests", "sessions", "notices",
         "claims", "numbering", "loansElsewhere", "scope", "sameInstant"];

    private static readonly string[] LoanFields =
        ["id", "place", "patronId", "itemBarcode", "status", "loanedAt", "dueAt", "ruleId", "termsOfUseId", "location", "sessionId", "notes",
         "renewedAt", "recalledAt", "claimedReturnedAt", "lostAt", "agedToLost", "returnedAt", "noticesSent", "autoRenewTried", "incurredFineOrFee"];

    private static readonly string[] FineFeeFields =
        ["transactionId", "patronId", "type", "status", "original", "balance", "paid", "waived", "refunded", "createdAt", "loanId", "title",
         "isAccruing", "transactions", "accrual", "accrualStop"];

    private static readonly string[] TransactionFields = ["type", "at", "amount", "reason"];
    private static readonly string[] AccrualFields =
        ["overdueMinutes", "closedMinutesLeftOut", "graceMinutes", "chargeableMinutes", "intervals", "per", "graceDeducted", "rate", "cap", "capped", "amount"];

    private static readonly string[] AccrualStopFields = ["at", "by", "forgiven"];
    private static readonly string[] RequestFields =
        ["id", "number", "place", "patronId", "itemBarcode", "status", "placedAt", "pickupWithin", "onHoldShelfAt", "expiresAt", "closedAt"];

    private static readonly string[] SessionFields =
        ["id", "number", "place", "staffId", "location", "patronId", "openedAt", "lastActivityAt", "closedByStaffAt", "closedAt", "loanIds", "returnIds"];

    private static readonly string[] NoticeFields = ["type", "patronId", "at", "sequence", "loanId", "requestId", "transactionId", "order", "place"];
    private static readonly string[] ClaimFields = ["patronId", "count"];
    private static readonly string[] NumberingFields = ["loans", "finesFees", "requests", "sessions", "notices", "ids", "loansByItem"];
    private static readonly string[] LoansByItemFields = ["itemBarcode", "count"];
    private static readonly (string, IdNumbering)[] IdNumberings = [("dense", IdNumbering.Dense), ("scoped", IdNumbering.Scoped)];
    private static readonly string[] ElsewhereFields = ["loanId", "itemBarcode"];
    private static readonly string[] ScopeFields = ["patronIds", "itemBarcodes"];
    private static readonly string[] SameInstantFields = ["at", "actions", "finesFees", "notices"];
    private static readonly string[] PendingFineFeeFields = ["transactionId", "loanNumber", "rank", "loan"];
    private static readonly string[] LoanPlaceFields = ["at", "place"];
    private static readonly string[] PendingNoticeFields = ["sequence", "type", "loanNumber", "requestNumber", "patronId", "place"];
    private static readonly string[] NoticePlaceFields = ["by", "at", "place"];
    /// <summary>The spellings of <see cref="NoticeOrderedBy"/> in state files, read and written.</summary>
    internal static readonly (string Spelling, NoticeOrderedBy By)[] NoticeOrderings = [("loan", NoticeOrderedBy.Loan), ("action", NoticeOrderedBy.Action), ("request", NoticeOrderedBy.Request)];

    private static readonly (string, LoanStatus)[] LoanStatuses = Spellings<LoanStatus>(s => s.ToSpelling());
    private static readonly (string, FineFeeType)[] FeeTypes = Spellings<FineFeeType>(s => s.ToSpelling());
    private static readonly (string, FineFeeStatus)[] FeeStatuses = Spellings<FineFeeStatus>(s => s.ToSpelling());
    private static readonly (string, FineFeeTransactionType)[] TransactionTypes = Spellings<FineFeeTransactionType>(s => s.ToSpelling());
    private static readonly (string, FineInterval)[] Intervals = Spellings<FineInterval>(s => s.ToSpelling());
    private static readonly (string, AccrualStopReason)[] StopReasons = Spellings<AccrualStopReason>(AccrualStop.ToSpelling);
    private static readonly (string, RequestStatus)[] RequestStatuses = Spellings<RequestStatus>(s => s.ToSpelling());
    private static readonly (string, NoticeType)[] NoticeTypes = Spellings<NoticeType>(s => s.ToSpelling());
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Reads a state from JSON text.</summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The state, or every problem found.</returns>
    public static StateReadResult Read(string json)
    {
        Guard.Against.Null(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var (path, message) = ProblemList.SyntaxError(ex, json);
            return new StateReadResult(null, [new StateProblem(path, message)]);
        }

        return Read(document);
    }

    /// <summary>Reads a state from UTF-8 JSON (a leading byte order mark is skipped).</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <returns>The state, or every problem found.</returns>
    public static StateReadResult Read(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var (path, message) = ProblemList.SyntaxError(ex, utf8.Span);
            return new StateReadResult(null, [new StateProblem(path, message)]);
        }
        catch (ArgumentException ex)
        {
            return new StateReadResult(null, [new StateProblem("line 1, column 1", "the file is not UTF-8 JSON: " + ex.Message)]);
        }

        return Read(document);
    }

    /// <summary>Reads a state file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The state, or every problem found (a file that cannot be read is one problem, at its path).</returns>
    public static StateReadResult ReadFile(string path)
    {
        Guard.Against.NullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new StateReadResult(null, [new StateProblem(path, "cannot be read: " + ex.Message)]);
        }

        return Read(bytes);
    }

    /// <summary>Reads the records one owner of a desk holds (<see cref="OwnerRecords.Records"/>) written as a state
    /// file: well formed, but not checked as a desk — alone they are not one (an account's loans name items it does
    /// not hold); they are checked when gathered and restored.</summary>
    /// <param name="json">The text.</param>
    /// <returns>The records, or every problem found in their form.</returns>
    internal static StateReadResult ReadOwnerRecords(string json)
    {
        Guard.Against.Null(json);
        try
        {
            return Read(JsonDocument.Parse(json, DocumentOptions), checkDesk: false);
        }
        catch (JsonException ex)
        {
            var (path, message) = ProblemList.SyntaxError(ex, json);
            return new StateReadResult(null, [new StateProblem(path, message)]);
        }
    }

    private static StateReadResult Read(JsonDocument document, bool checkDesk = true)
    {
        using (document)
        {
            var problems = new ProblemList();
            StateFile? state = null;
            try
            {
                state = new Reading(problems).Read(document.RootElement);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or OverflowException)
            {
                problems.Add("$", "cannot be read: " + ex.Message);
            }

            if (problems.Count == 0 && state is not null && checkDesk)
            {
                // The second pass: the records are well formed; are they a desk?
                foreach (var problem in CirculationDesk.Check(state.Policy, state.Snapshot))
                {
                    problems.Add(problem.Path, problem.Message);
                }
            }

            var list = problems.All.Select(p => new StateProblem(p.Path, p.Message)).ToList();
            return list.Count > 0 || state is null
                ? new StateReadResult(null, list.Count > 0 ? list : [new StateProblem("$", "is not a state file")])
                : new StateReadResult(state, []);
        }
    }

    private static (string, T)[] Spellings<T>(Func<T, string> spell)
        where T : struct, Enum => Enum.GetValues<T>().Select(v => (spell(v), v)).ToArray();

    private sealed class Reading(ProblemList problems)
    {
        private string currency = Money.DefaultCurrency;

        public StateFile? Read(JsonElement root)
        {
            if (JsonObjectReader.Open(problems, root, string.Empty, TopFields) is not { } f)
            {
                return null;
            }

            if (f.Int("format", required: true) is { } format && format != Format)
            {
                problems.Add(f.PathOf("format"), string.Create(CultureInfo.InvariantCulture, $"format {format} is not supported; this reader reads state files of format {Format}"));
            }

            _ = f.String("$schema", required: false, nonEmpty: false);
            var (policy, policyName) = ReadPolicy(f);
            currency = policy?.Currency ?? Money.DefaultCurrency;
            var asOf = Instant(f, "asOf");
            foreach (var name in (string[])["patrons", "items", "staff"])
            {
                Required(f, name);
            }

            var (patrons, items, staff) = CatalogueJson.Read(problems, f, policy);
            var loans = List(f, "loans", LoanFields, ReadLoan);
            var finesFees = List(f, "finesFees", FineFeeFields, ReadFineFee);
            var requests = List(f, "requests", RequestFields, ReadRequest);
            var sessions = List(f, "sessions", SessionFields, ReadSession);
            var notices = List(f, "notices", NoticeFields, ReadNotice);
            var claims = List(f, "claims", ClaimFields, c => Int(c, "count") is { } count && Id(c, "patronId") is { } patron ? new PatronClaims(patron, count) : null);
            var numbering = ReadNumbering(f);
            var elsewhere = List(f, "loansElsewhere", ElsewhereFields, l => Id(l, "loanId") is { } loan && Id(l, "itemBarcode") is { } item
                ? new LoanElsewhere(loan, item)
                : null);
            var scope = ReadScope(f);
            var sameInstant = ReadSameInstant(f);
            if (problems.Count > 0 || policy is null || asOf is null || numbering is null)
            {
                return null;
            }

            var snapshot = new DeskSnapshot
            {
                AsOf = asOf.Value,
                Patrons = patrons.Values.ToEquatableArray(),
                Items = items.Values.ToEquatableArray(),
                Staff = staff.Values.ToEquatableArray(),
                Loans = loans,
                FinesFees = finesFees,
                Requests = requests,
                Sessions = sessions,
                Notices = notices,
                Claims = claims,
                Numbering = numbering,
                LoansElsewhere = elsewhere,
                Scope = scope,
                SameInstant = sameInstant,
            };
            return new StateFile(policy, policyName, snapshot);
        }

        private (Policy? Policy, string? Name) ReadPolicy(JsonObjectReader f)
        {
            if (f.Raw("policy", required: true) is not { } element)
            {
                return (null, null);
            }

            if (element.ValueKind == JsonValueKind.Object)
            {
                var result = PolicyReader.Read(element, "policy.");
                foreach (var problem in result.Problems)
                {
                    problems.Add("policy." + problem.Path, problem.Message);
                }

                return (result.Policy, null);
            }

            if (element.ValueKind == JsonValueKind.String && EmbeddedPolicies.TryGet(element.GetString()!, out var embedded))
            {
                return (embedded, element.GetString());
            }

            problems.Add(f.PathOf("policy"), element.ValueKind == JsonValueKind.String
                ? $"'{element.GetString()}' is not an embedded policy (harvard-default); a state file gives any other policy inline"
                : "expected \"harvard-default\" or a policy object");
            return (null, null);
        }

        private LoanSnapshot? ReadLoan(JsonObjectReader l)
        {
            var before = problems.Count;
            var id = Id(l, "id");
            var place = OptionalInt(l, "place");
            var patron = NullableId(l, "patronId");
            var item = Id(l, "itemBarcode");
            var status = l.Spelling("status", LoanStatuses, required: true);
            var loanedAt = Instant(l, "loanedAt");
            var dueAt = Instant(l, "dueAt");
            var rule = Id(l, "ruleId");
            var terms = Id(l, "termsOfUseId");
            var location = NullableId(l, "location");
            var session = NullableId(l, "sessionId");
            var notes = Strings(l, "notes", nonEmpty: false);
            var renewed = Instants(l, "renewedAt");
            var recalled = NullableInstant(l, "recalledAt");
            var claimed = NullableInstant(l, "claimedReturnedAt");
            var lost = NullableInstant(l, "lostAt");
            var aged = Bool(l, "agedToLost");
            var returned = NullableInstant(l, "returnedAt");
            var sent = Ints(l, "noticesSent");
            var tried = Bool(l, "autoRenewTried");
            var incurred = Bool(l, "incurredFineOrFee");
            return problems.Count > before ? null : new LoanSnapshot
            {
                Id = id!,
                Place = place,
                PatronId = patron,
                ItemBarcode = item!,
                Status = status!.Value,
                LoanedAt = loanedAt!.Value,
                DueAt = dueAt!.Value,
                RuleId = rule!,
                TermsOfUseId = terms!,
                Location = location,
                SessionId = session,
                Notes = notes,
                RenewedAt = renewed,
                RecalledAt = recalled,
                ClaimedReturnedAt = claimed,
                LostAt = lost,
                AgedToLost = aged!.Value,
                ReturnedAt = returned,
                NoticesSent = sent,
                AutoRenewTried = tried!.Value,
                IncurredFineOrFee = incurred!.Value,
            };
        }

        private FineFeeSnapshot? ReadFineFee(JsonObjectReader r)
        {
            var before = problems.Count;
            var id = Id(r, "transactionId");
            var patron = Id(r, "patronId");
            var type = r.Spelling("type", FeeTypes, required: true);
            var status = r.Spelling("status", FeeStatuses, required: true);
            var original = Amount(r, "original");
            var balance = Amount(r, "balance");
            var paid = Amount(r, "paid");
            var waived = Amount(r, "waived");
            var refunded = Amount(r, "refunded");
            var created = Instant(r, "createdAt");
            var loan = NullableId(r, "loanId");
            var title = Required(r, "title") ? r.String("title", required: false, nonEmpty: false) : null;
            var accruing = Bool(r, "isAccruing");
            var transactions = List(r, "transactions", TransactionFields, t =>
            {
                var start = problems.Count;
                var kind = t.Spelling("type", TransactionTypes, required: true);
                var at = Instant(t, "at");
                var amount = Amount(t, "amount");
                var reason = Required(t, "reason") ? t.String("reason", required: false, nonEmpty: false) : null;
                return problems.Count > start ? null : new FineFeeTransaction(kind!.Value, at!.Value, amount!.Value, reason);
            });
            FineAccrual? accrual = null;
            if (Required(r, "accrual") && r.Raw("accrual", required: false) is not null && r.Object("accrual", AccrualFields, required: false) is { } a)
            {
                var start = problems.Count;
                var figures = (Long(a, "overdueMinutes"), Long(a, "closedMinutesLeftOut"), Long(a, "graceMinutes"), Long(a, "chargeableMinutes"), Long(a, "intervals"));
                var per = a.Spelling("per", Intervals, required: true);
                var deducted = Bool(a, "graceDeducted");
                var rate = Amount(a, "rate");
                var cap = Required(a, "cap") ? a.NonNegativeAmount("cap", required: false, currency) : null;
                var capped = Bool(a, "capped");
                var amount = Amount(a, "amount");
                if (problems.Count == start)
                {
                    accrual = new FineAccrual(figures.Item1!.Value, figures.Item2!.Value, figures.Item3!.Value, figures.Item4!.Value, figures.Item5!.Value,
                        per!.Value, deducted!.Value, rate!.Value, cap, capped!.Value, amount!.Value);
                }
            }

            AccrualStop? stop = null;
            if (Required(r, "accrualStop") && r.Raw("accrualStop", required: false) is not null && r.Object("accrualStop", AccrualStopFields, required: false) is { } s)
            {
                var at = Instant(s, "at");
                var by = s.Spelling("by", StopReasons, required: true);
                var forgiven = Bool(s, "forgiven");
                stop = at is { } when && by is { } reason && forgiven is { } f ? new AccrualStop(when, reason, f) : null;
            }

            return problems.Count > before ? null : new FineFeeSnapshot
            {
                TransactionId = id!,
                PatronId = patron!,
                Type = type!.Value,
                Status = status!.Value,
                Original = original!.Value,
                Balance = balance!.Value,
                Paid = paid!.Value,
                Waived = waived!.Value,
                Refunded = refunded!.Value,
                CreatedAt = created!.Value,
                LoanId = loan,
                Title = title,
                IsAccruing = accruing!.Value,
                Transactions = transactions,
                Accrual = accrual,
                AccrualStop = stop,
            };
        }

        private RequestSnapshot? ReadRequest(JsonObjectReader r)
        {
            var before = problems.Count;
            var id = Id(r, "id");
            var number = OptionalInt(r, "number");
            var place = OptionalInt(r, "place");
            var patron = Id(r, "patronId");
            var item = Id(r, "itemBarcode");
            var status = r.Spelling("status", RequestStatuses, required: true);
            var placed = Instant(r, "placedAt");
            var within = Period(r, "pickupWithin");
            var onShelf = NullableInstant(r, "onHoldShelfAt");
            var expires = NullableInstant(r, "expiresAt");
            var closed = NullableInstant(r, "closedAt");
            return problems.Count > before ? null : new RequestSnapshot
            {
                Id = id!,
                Number = number,
                Place = place,
                PatronId = patron!,
                ItemBarcode = item!,
                Status = status!.Value,
                PlacedAt = placed!.Value,
                PickupWithin = within!,
                OnHoldShelfAt = onShelf,
                ExpiresAt = expires,
                ClosedAt = closed,
            };
        }

        private SessionSnapshot? ReadSession(JsonObjectReader s)
        {
            var before = problems.Count;
            var id = Id(s, "id");
            var number = OptionalInt(s, "number");
            var place = OptionalInt(s, "place");
            var staff = Id(s, "staffId");
            var location = Id(s, "location");
            var patron = Id(s, "patronId");
            var opened = Instant(s, "openedAt");
            var last = Instant(s, "lastActivityAt");
            var byStaff = NullableInstant(s, "closedByStaffAt");
            var closed = NullableInstant(s, "closedAt");
            var loans = Strings(s, "loanIds", nonEmpty: true);
            var returns = Strings(s, "returnIds", nonEmpty: true);
            return problems.Count > before ? null : new SessionSnapshot
            {
                Id = id!,
                Number = number,
                Place = place,
                StaffId = staff!,
                Location = location!,
                PatronId = patron!,
                OpenedAt = opened!.Value,
                LastActivityAt = last!.Value,
                ClosedByStaffAt = byStaff,
                ClosedAt = closed,
                LoanIds = loans,
                ReturnIds = returns,
            };
        }

        private NoticeSnapshot? ReadNotice(JsonObjectReader n)
        {
            var before = problems.Count;
            var type = n.Spelling("type", NoticeTypes, required: true);
            var patron = Id(n, "patronId");
            var at = Instant(n, "at");
            var sequence = Long(n, "sequence");
            var loan = NullableId(n, "loanId");
            var request = NullableId(n, "requestId");
            var transaction = NullableId(n, "transactionId");
            var order = Required(n, "order") && n.Raw("order", required: false) is not null ? Int(n, "order") : null;
            var place = n.Has("place") ? ReadNoticePlace(n) : null;
            return problems.Count > before ? null : new NoticeSnapshot
            {
                Type = type!.Value,
                PatronId = patron!,
                At = at!.Value,
                Sequence = sequence!.Value,
                LoanId = loan,
                RequestId = request,
                TransactionId = transaction,
                Order = order,
                Place = place,
            };
        }

        private DeskNumbering? ReadNumbering(JsonObjectReader f)
        {
            if (f.Object("numbering", NumberingFields, required: true) is not { } n)
            {
                return null;
            }

            var before = problems.Count;
            var numbers = (Int(n, "loans"), Int(n, "finesFees"), Int(n, "requests"), Int(n, "sessions"), Long(n, "notices"));
            var ids = n.Enum("ids", IdNumberings, IdNumbering.Dense, required: false, what: "numbering of ids") ?? IdNumbering.Dense;
            var loansByItem = n.Has("loansByItem")
                ? List(n, "loansByItem", LoansByItemFields, e => Id(e, "itemBarcode") is { } item && Int(e, "count") is { } count ? new ItemLoans(item, count) : null)
                : [];
            return problems.Count > before ? null
                : new DeskNumbering(numbers.Item1!.Value, numbers.Item2!.Value, numbers.Item3!.Value, numbers.Item4!.Value, numbers.Item5!.Value)
                {
                    Ids = ids,
                    LoansByItem = loansByItem,
                };
        }

        private DeskScope? ReadScope(JsonObjectReader f)
        {
            if (!Required(f, "scope") || f.Raw("scope", required: false) is null || f.Object("scope", ScopeFields, required: false) is not { } s)
            {
                return null;
            }

            return new DeskScope(Strings(s, "patronIds", nonEmpty: true), Strings(s, "itemBarcodes", nonEmpty: true));
        }

        private SameInstantOrder? ReadSameInstant(JsonObjectReader f)
        {
            if (!Required(f, "sameInstant") || f.Raw("sameInstant", required: false) is null
                || f.Object("sameInstant", SameInstantFields, required: false) is not { } o)
            {
                return null;
            }

            var at = Instant(o, "at");
            var actions = OptionalInt(o, "actions") ?? 0;
            var finesFees = List(o, "finesFees", PendingFineFeeFields, p =>
            {
                var before = problems.Count;
                var id = Id(p, "transactionId");
                var loan = NullableInt(p, "loanNumber");
                var rank = Int(p, "rank");
                var loanPlace = p.Has("loan") ? ReadLoanPlace(p) : null;
                return problems.Count > before ? null : new PendingFineFee(id!, loan, rank!.Value) { Loan = loanPlace };
            });
            var notices = List(o, "notices", PendingNoticeFields, p =>
            {
                var before = problems.Count;
                var sequence = Long(p, "sequence");
                var type = p.Spelling("type", NoticeTypes, required: true);
                var loan = NullableInt(p, "loanNumber");
                var request = NullableInt(p, "requestNumber");
                var patron = p.Has("patronId") ? Id(p, "patronId") : null;
                var place = p.Has("place") ? ReadNoticePlace(p) : null;
                return problems.Count > before ? null : new PendingNotice(sequence!.Value, type!.Value, loan, request) { PatronId = patron, Place = place };
            });
            return at is { } when ? new SameInstantOrder(when, finesFees, notices) { Actions = actions } : null;
        }

        /// <summary>Under scoped ids, what puts a pending fine/fee in loan order: <c>{"at": ..., "place": 0}</c>, its
        /// loan's check-out.</summary>
        private LoanPlace? ReadLoanPlace(JsonObjectReader p)
        {
            if (p.Object("loan", LoanPlaceFields, required: true) is not { } o)
            {
                return null;
            }

            var before = problems.Count;
            var at = Instant(o, "at");
            var place = Int(o, "place");
            return problems.Count > before ? null : new LoanPlace(at!.Value, place!.Value);
        }

        /// <summary>Under scoped ids, what places a pending notice: <c>{"by": "loan", "at": ..., "place": 2}</c>.</summary>
        private NoticePlace? ReadNoticePlace(JsonObjectReader p)
        {
            if (p.Object("place", NoticePlaceFields, required: true) is not { } o)
            {
                return null;
            }

            var before = problems.Count;
            var by = o.Spelling("by", NoticeOrderings, required: true);
            var at = Instant(o, "at");
            var place = Int(o, "place");
            return problems.Count > before ? null : new NoticePlace(by!.Value, at!.Value, place!.Value);
        }

        /// <summary>A required array of objects, each opened with its fields and read; an entry with problems
        /// (reported) is left out.</summary>
        private EquatableArray<T> List<T>(JsonObjectReader f, string name, string[] fields, Func<JsonObjectReader, T?> read)
            where T : class
        {
            var list = new List<T>();
            if (f.Array(name, required: true) is not { } array)
            {
                return list.ToEquatableArray();
            }

            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                if (JsonObjectReader.Open(problems, element, ProblemList.Index(f.PathOf(name), index++), fields) is { } o && read(o) is { } value)
                {
                    list.Add(value);
                }
            }

            return list.ToEquatableArray();
        }

        /// <summary>Whether a field is there (a field that may be <c>null</c> must still be written); reports it
        /// when not.</summary>
        private bool Required(JsonObjectReader o, string name)
        {
            if (o.Has(name))
            {
                return true;
            }

            problems.Add(o.PathOf(name), "is required");
            return false;
        }

        private static string? Id(JsonObjectReader o, string name) => o.String(name, required: true);

        private string? NullableId(JsonObjectReader o, string name) => Required(o, name) ? o.String(name, required: false) : null;

        private bool? Bool(JsonObjectReader o, string name) => Required(o, name) ? o.Bool(name) ?? Wrong(o, name, "expected true or false") : null;

        private bool? Wrong(JsonObjectReader o, string name, string message)
        {
            // Bool reports a wrong type itself; only null is left to name.
            if (o.Raw(name, required: false) is null)
            {
                problems.Add(o.PathOf(name), message);
            }

            return null;
        }

        private static int? Int(JsonObjectReader o, string name) => o.Int(name, required: true, nonNegative: true);

        /// <summary>A field that may be left out altogether (one a newer form of the file added).</summary>
        private static int? OptionalInt(JsonObjectReader o, string name) =>
            o.Has(name) && o.Raw(name, required: false) is not null ? o.Int(name, required: false, nonNegative: true) : null;

        private int? NullableInt(JsonObjectReader o, string name) =>
            Required(o, name) && o.Raw(name, required: false) is not null ? o.Int(name, required: false, nonNegative: true) : null;

        private long? Long(JsonObjectReader o, string name)
        {
            if (o.Raw(name, required: true) is not { } e)
            {
                return null;
            }

            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var value) || value < 0)
            {
                problems.Add(o.PathOf(name), "expected a whole number, not negative");
                return null;
            }

            return value;
        }

        private Money? Amount(JsonObjectReader o, string name) => o.NonNegativeAmount(name, required: true, currency);

        private Instant? Instant(JsonObjectReader o, string name) => o.Raw(name, required: true) is { } e ? ParseInstant(e, o.PathOf(name)) : null;

        private Instant? NullableInstant(JsonObjectReader o, string name) =>
            Required(o, name) && o.Raw(name, required: false) is { } e ? ParseInstant(e, o.PathOf(name)) : null;

        private Instant? ParseInstant(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.String && OffsetDateTimePattern.ExtendedIso.Parse(e.GetString()!) is { Success: true } parsed)
            {
                return parsed.Value.ToInstant();
            }

            problems.Add(path, e.ValueKind == JsonValueKind.String
                ? $"'{e.GetString()}' is not an ISO-8601 instant such as \"2026-01-05T15:00:00Z\""
                : "expected an ISO-8601 instant such as \"2026-01-05T15:00:00Z\"");
            return null;
        }

        private Period? Period(JsonObjectReader o, string name)
        {
            if (o.String(name, required: true) is not { } text)
            {
                return null;
            }

            var parsed = PeriodPattern.Roundtrip.Parse(text);
            if (!parsed.Success)
            {
                problems.Add(o.PathOf(name), $"'{text}' is not an ISO-8601 period such as \"P7D\"");
                return null;
            }

            return parsed.Value;
        }

        private EquatableArray<string> Strings(JsonObjectReader o, string name, bool nonEmpty) =>
            Values(o, name, (e, path) =>
            {
                if (e.ValueKind == JsonValueKind.String && (!nonEmpty || !string.IsNullOrWhiteSpace(e.GetString())))
                {
                    return (true, e.GetString()!);
                }

                problems.Add(path, nonEmpty ? "expected a non-empty string" : "expected a string");
                return (false, string.Empty);
            });

        private EquatableArray<Instant> Instants(JsonObjectReader o, string name) =>
            Values(o, name, (e, path) => ParseInstant(e, path) is { } i ? (true, i) : (false, default));

        private EquatableArray<int> Ints(JsonObjectReader o, string name) =>
            Values(o, name, (e, path) =>
            {
                if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= 0)
                {
                    return (true, n);
                }

                problems.Add(path, "expected a whole number, not negative");
                return (false, 0);
            });

        private static EquatableArray<T> Values<T>(JsonObjectReader o, string name, Func<JsonElement, string, (bool Ok, T Value)> read)
        {
            var list = new List<T>();
            if (o.Array(name, required: true) is not { } array)
            {
                return list.ToEquatableArray();
            }

            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                if (read(element, ProblemList.Index(o.PathOf(name), index++)) is (true, var value))
                {
                    list.Add(value);
                }
            }

            return list.ToEquatableArray();
        }
    }
}
