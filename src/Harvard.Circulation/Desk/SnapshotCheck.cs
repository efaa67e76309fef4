using System.Globalization;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Sessions;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>
/// Everything that keeps a snapshot from describing a desk the policy could have produced: unknown ids, an item
/// with two open loans, a fine/fee that does not add up, instants that contradict a state, and something the
/// policy would already have made happen by the snapshot's instant. Paths name fields as the state file does
/// (docs/state.md).
/// </summary>
internal sealed class SnapshotCheck
{
    private readonly Policy policy;
    private readonly DeskSnapshot snapshot;
    private readonly List<SnapshotProblem> problems = [];
    private readonly Dictionary<string, int> patrons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LoanSnapshot> loans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FineFeeSnapshot> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RequestSnapshot> requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionSnapshot> sessions = new(StringComparer.Ordinal);
    /// <summary>The notices by their patron (under scoped ids; empty under dense ids) and sequence.</summary>
    private readonly Dictionary<(string Patron, long Sequence), NoticeSnapshot> notices = [];
    private readonly Dictionary<string, string> openLoanByItem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> loansByItem = new(StringComparer.Ordinal);

    private SnapshotCheck(Policy policy, DeskSnapshot snapshot)
    {
        this.policy = policy;
        this.snapshot = snapshot;
    }

    private bool IsPartial => snapshot.Scope is not null;

    private bool IsScoped => snapshot.Numbering?.Ids == IdNumbering.Scoped;

    private Instant AsOf => snapshot.AsOf;

    /// <summary>The actions taken at the snapshot's instant (counted under scoped ids).</summary>
    private int ActionsAtAsOf => snapshot.SameInstant?.Actions ?? 0;

    private readonly HashSet<(Instant, int)> loanPlaces = [];
    private readonly HashSet<(Instant, int)> requestPlaces = [];
    private readonly HashSet<(Instant, int)> sessionPlaces = [];

    /// <summary>Every problem of a snapshot with a policy, in the snapshot's order; empty when it can be restored.</summary>
    public static IReadOnlyList<SnapshotProblem> Problems(Policy policy, DeskSnapshot snapshot)
    {
        var check = new SnapshotCheck(policy, snapshot);
        check.Run();
        return check.problems;
    }

    private void Run()
    {
        CheckNumbering();
        CheckCatalogue();
        CheckLoans();
        CheckFinesFees();
        CheckRequests();
        CheckSessions();
        CheckNotices();
        CheckClaims();
        CheckPartial();
        CheckSameInstant();
        if (problems.Count == 0)
        {
            CheckNothingOverdue();
        }
    }

    private void Add(string path, string message) => problems.Add(new SnapshotProblem(path, message));

    private static string At(string list, int index) => string.Create(CultureInfo.InvariantCulture, $"{list}[{index}]");

    /// <summary>An instant as the problems quote it, with its fraction of a second when it has one (two instants that
    /// differ never read the same).</summary>
    private static string Iso(Instant? instant) => instant is { } at ? IsoInstant.Format(at) : string.Empty;

    // ---- Numbering, patrons, items, staff ----

    private void CheckNumbering()
    {
        var n = snapshot.Numbering;
        if (n is null)
        {
            Add("numbering", "is required.");
            return;
        }

        foreach (var (name, value) in new (string, long)[] { ("loans", n.Loans), ("finesFees", n.FinesFees), ("requests", n.Requests), ("sessions", n.Sessions), ("notices", n.Notices) })
        {
            if (value < 0)
            {
                Add($"numbering.{name}", $"{value} is negative.");
            }
        }

        if (!Enum.IsDefined(n.Ids))
        {
            Add("numbering.ids", $"{(int)n.Ids} is neither dense nor scoped.");
        }
        else if (!IsScoped && n.LoansByItem.Count > 0)
        {
            Add("numbering.loansByItem", "only a desk with scoped ids counts loans by item.");
        }
        else if (IsScoped)
        {
            foreach (var (name, value) in new (string, long)[] { ("loans", n.Loans), ("finesFees", n.FinesFees), ("requests", n.Requests), ("sessions", n.Sessions), ("notices", n.Notices) })
            {
                if (value != 0)
                {
                    Add($"numbering.{name}", $"{value} must be 0: under scoped ids the desk keeps no count of its own (loans and fines/fees are numbered within items and accounts, notices within accounts, and the instant and place of the action that made each orders loans, requests and sessions).");
                }
            }
        }
    }

    /// <summary>Under scoped ids: each item's count of loans (after the catalogue is known).</summary>
    private void CheckLoansByItem()
    {
        var counts = snapshot.Numbering?.LoansByItem ?? [];
        for (var i = 0; i < counts.Count && IsScoped; i++)
        {
            var path = At("numbering.loansByItem", i);
            if (counts[i] is not { } entry)
            {
                Add(path, "is null.");
                continue;
            }

            RequireItem(path + ".itemBarcode", entry.ItemBarcode);
            if (entry.Count < 1)
            {
                Add(path + ".count", $"{entry.Count}: an item with no loans is left out.");
            }
            else if (entry.ItemBarcode is not null && !loansByItem.TryAdd(entry.ItemBarcode, entry.Count))
            {
                Add(path + ".itemBarcode", $"item {entry.ItemBarcode} is counted twice.");
            }
        }
    }

    /// <summary>A loan's id under scoped ids: <c>barcode:Lk</c> of its own item within the item's count, each once.</summary>
    private void ScopedLoan(string path, LoanSnapshot loan)
    {
        if (loan.Id is null)
        {
            Add(path + ".id", "is required.");
            return;
        }

        if (!DeskIds.TryReadScoped(loan.Id, 'L', out var barcode, out var ordinal) || barcode != loan.ItemBarcode)
        {
            Add(path + ".id", $"'{loan.Id}' is not a scoped loan id of item {loan.ItemBarcode} ({loan.ItemBarcode}:L1, {loan.ItemBarcode}:L2, ...).");
        }
        else if (ordinal > loansByItem.GetValueOrDefault(barcode))
        {
            Add(path + ".id", $"{loan.Id} is beyond the item's count of loans ({loansByItem.GetValueOrDefault(barcode)}, numbering.loansByItem).");
        }
        else if (loans.ContainsKey(loan.Id))
        {
            Add(path + ".id", $"{loan.Id} appears twice.");
        }
    }

    /// <summary>Under scoped ids: each patron's fines/fees are <c>patronId:F1</c> to <c>Fm</c>, each once.</summary>
    private void CheckScopedFineFeeIds()
    {
        var ordinals = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        for (var i = 0; i < snapshot.FinesFees.Count; i++)
        {
            if (snapshot.FinesFees[i] is not { TransactionId: { } id } record)
            {
                continue;
            }

            var path = At("finesFees", i) + ".transactionId";
            if (!DeskIds.TryReadScoped(id, 'F', out var owner, out var ordinal) || owner != record.PatronId)
            {
                Add(path, $"'{id}' is not a scoped fine/fee id of patron {record.PatronId} ({record.PatronId}:F1, {record.PatronId}:F2, ...).");
            }
            else if (!(ordinals.TryGetValue(owner, out var seen) ? seen : ordinals[owner] = []).Add(ordinal))
            {
                Add(path, $"{id} appears twice.");
            }
        }

        foreach (var (owner, seen) in ordinals)
        {
            if (seen.Max != seen.Count)
            {
                Add("finesFees", $"patron {owner}'s fines/fees are not numbered {owner}:F1 to {owner}:F{seen.Count} (an account numbers its records in turn).");
            }
        }

    }

    private void CheckCatalogue()
    {
        for (var i = 0; i < snapshot.Patrons.Count; i++)
        {
            var patron = snapshot.Patrons[i];
            if (patron is null)
            {
                Add(At("patrons", i), "is null.");
                continue;
            }

            if (!patrons.TryAdd(patron.PrimaryId, i))
            {
                Add(At("patrons", i) + ".id", $"patron {patron.PrimaryId} appears twice.");
            }

            if (policy.FindUserGroup(patron.GroupCode) is null)
            {
                Add(At("patrons", i) + ".group", $"user group '{patron.GroupCode}' is not in the policy's catalogue.");
            }
        }

        if (problems.Count == 0)
        {
            try
            {
                _ = new PatronDirectory(snapshot.Patrons);
            }
            catch (ArgumentException e)
            {
                Add("patrons", e.Message);
            }
        }

        for (var i = 0; i < snapshot.Items.Count; i++)
        {
            var item = snapshot.Items[i];
            if (item is null)
            {
                Add(At("items", i), "is null.");
                continue;
            }

            if (!items.TryAdd(item.Barcode, i))
            {
                Add(At("items", i) + ".barcode", $"item {item.Barcode} appears twice.");
            }

            if (policy.FindItemPolicy(item.ItemPolicy) is null)
            {
                Add(At("items", i) + ".itemPolicy", $"item policy '{item.ItemPolicy}' is not defined by the policy.");
            }

            if (item.ReplacementCost is { } cost && cost.Currency != policy.Currency)
            {
                Add(At("items", i) + ".replacementCost", $"is in {cost.Currency}; the policy's currency is {policy.Currency}.");
            }
        }

        var staff = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < snapshot.Staff.Count; i++)
        {
            if (snapshot.Staff[i] is not { } member)
            {
                Add(At("staff", i), "is null.");
            }
            else if (!staff.Add(member.Id))
            {
                Add(At("staff", i) + ".id", $"staff member {member.Id} appears twice.");
            }
        }
    }

    private void RequirePatron(string path, string? patronId)
    {
        if (patronId is null)
        {
            Add(path, "is required.");
        }
        else if (!patrons.ContainsKey(patronId))
        {
            Add(path, $"patron {patronId} is not among the patrons.");
        }
    }

    private void RequireItem(string path, string? barcode)
    {
        if (barcode is null)
        {
            Add(path, "is required.");
        }
        else if (!items.ContainsKey(barcode))
        {
            Add(path, $"item {barcode} is not among the items.");
        }
    }

    private void NotAfterAsOf(string path, Instant? at)
    {
        if (at is { } instant && instant > AsOf)
        {
            Add(path, $"{Iso(instant)} is after the snapshot's instant ({Iso(AsOf)}).");
        }
    }

    /// <summary>Checks an id of the form <c>Xn</c> numbered in order and within the numbering; gives n (0 when bad).</summary>
    private int NumberedId(string path, string? id, char prefix, int count, ref int previous, string what)
    {
        var number = id is null ? 0 : DeskSnapshots.NumberOf(id);
        if (id is null)
        {
            Add(path, "is required.");
            return 0;
        }

        if (number == 0 || id[0] != prefix)
        {
            Add(path, $"'{id}' is not a {what} id ({prefix}1, {prefix}2, ...).");
            return 0;
        }

        if (number > count)
        {
            Add(path, $"{id} is beyond the numbering ({count} {what}s numbered).");
        }

        if (number <= previous)
        {
            Add(path, $"{id} is out of order or appears twice (the list is by number).");
        }

        previous = number;
        return number;
    }

    // ---- Loans ----

    private void CheckLoans()
    {
        CheckLoansByItem();
        var previous = 0;
        (Instant, int)? previousPlace = null;
        for (var i = 0; i < snapshot.Loans.Count; i++)
        {
            var path = At("loans", i);
            if (snapshot.Loans[i] is not { } loan)
            {
                Add(path, "is null.");
                continue;
            }

            if (IsScoped)
            {
                ScopedLoan(path, loan);
            }
            else
            {
                NumberedId(path + ".id", loan.Id, 'L', snapshot.Numbering?.Loans ?? 0, ref previous, "loan");
            }

            CheckPlace(path + ".place", loan.Place, loan.LoanedAt, "loan", loanPlaces, ref previousPlace);
            loans.TryAdd(loan.Id ?? string.Empty, loan);
            if (loan.PatronId is null)
            {
                if (loan.Status != LoanStatus.Returned)
                {
                    Add(path + ".patronId", $"loan {loan.Id} has no patron (anonymized) but is {loan.Status.ToSpelling()}; only a returned loan is anonymized.");
                }

                if (loan.SessionId is not null)
                {
                    Add(path + ".sessionId", $"anonymized loan {loan.Id} still names session {loan.SessionId}.");
                }
            }
            else
            {
                RequirePatron(path + ".patronId", loan.PatronId);
            }

            RequireItem(path + ".itemBarcode", loan.ItemBarcode);
            if (!Enum.IsDefined(loan.Status))
            {
                Add(path + ".status", $"{(int)loan.Status} is not a loan status.");
            }

            if (loan.RuleId is null || !policy.Rules.Any(r => r.Id == loan.RuleId))
            {
                Add(path + ".ruleId", $"rule '{loan.RuleId}' is not in the policy.");
            }

            if (loan.TermsOfUseId is null || policy.FindTermsOfUse(loan.TermsOfUseId) is null)
            {
                Add(path + ".termsOfUseId", $"terms of use '{loan.TermsOfUseId}' are not in the policy.");
            }

            CheckLoanInstants(path, loan);
            for (var n = 0; n < loan.NoticesSent.Count; n++)
            {
                if (loan.NoticesSent[n] is < 0 or > 63 || (n > 0 && loan.NoticesSent[n] <= loan.NoticesSent[n - 1]))
                {
                    Add($"{path}.noticesSent[{n}]", $"{loan.NoticesSent[n]}: notices are numbered 0 (courtesy) to 63, ascending, each once.");
                }
            }

            if (loan.Status != LoanStatus.Returned && loan.ItemBarcode is not null)
            {
                if (openLoanByItem.TryGetValue(loan.ItemBarcode, out var other))
                {
                    Add(path + ".itemBarcode", $"item {loan.ItemBarcode} has two open loans, {other} and {loan.Id}.");
                }
                else
                {
                    openLoanByItem[loan.ItemBarcode] = loan.Id ?? string.Empty;
                }
            }
        }
    }

    private void CheckLoanInstants(string path, LoanSnapshot loan)
    {
        NotAfterAsOf(path + ".loanedAt", loan.LoanedAt);
        if (loan.DueAt < loan.LoanedAt)
        {
            Add(path + ".dueAt", $"{Iso(loan.DueAt)} is before the loan instant {Iso(loan.LoanedAt)}.");
        }

        for (var r = 0; r < loan.RenewedAt.Count; r++)
        {
            var at = loan.RenewedAt[r];
            if (at < (r == 0 ? loan.LoanedAt : loan.RenewedAt[r - 1]))
            {
                Add($"{path}.renewedAt[{r}]", $"{Iso(at)} is before the check-out or the renewal before it.");
            }

            NotAfterAsOf($"{path}.renewedAt[{r}]", at);
        }

        foreach (var (field, at) in new[] { ("recalledAt", loan.RecalledAt), ("claimedReturnedAt", loan.ClaimedReturnedAt), ("lostAt", loan.LostAt), ("returnedAt", loan.ReturnedAt) })
        {
            if (at is { } instant && instant < loan.LoanedAt)
            {
                Add($"{path}.{field}", $"{Iso(instant)} is before the loan instant {Iso(loan.LoanedAt)}.");
            }

            NotAfterAsOf($"{path}.{field}", at);
        }

        void Requires(string field, Instant? at, bool required, string why)
        {
            if (required && at is null)
            {
                Add($"{path}.{field}", $"is required: the loan is {loan.Status.ToSpelling()}{why}.");
            }
            else if (!required && at is not null)
            {
                Add($"{path}.{field}", $"must be absent: the loan is {loan.Status.ToSpelling()}{why}.");
            }
        }

        switch (loan.Status)
        {
            case LoanStatus.OnLoan:
                Requires("claimedReturnedAt", loan.ClaimedReturnedAt, false, string.Empty);
                Requires("lostAt", loan.LostAt, false, string.Empty);
                Requires("returnedAt", loan.ReturnedAt, false, string.Empty);
                break;
            case LoanStatus.ClaimedReturned:
                Requires("claimedReturnedAt", loan.ClaimedReturnedAt, true, string.Empty);
                Requires("lostAt", loan.LostAt, false, string.Empty);
                Requires("returnedAt", loan.ReturnedAt, false, string.Empty);
                break;
            case LoanStatus.Lost:
                Requires("lostAt", loan.LostAt, true, string.Empty);
                Requires("returnedAt", loan.ReturnedAt, false, string.Empty);
                break;
            case LoanStatus.Returned:
                Requires("returnedAt", loan.ReturnedAt, true, string.Empty);
                break;
        }

        if (loan.AgedToLost && loan.LostAt is null)
        {
            Add(path + ".agedToLost", "a loan that never became lost cannot have aged to lost.");
        }
    }

    // ---- Fines/fees ----

    private void CheckFinesFees()
    {
        if (IsScoped)
        {
            CheckScopedFineFeeIds();
        }

        var previous = 0;
        var accruingLoans = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < snapshot.FinesFees.Count; i++)
        {
            var path = At("finesFees", i);
            if (snapshot.FinesFees[i] is not { } record)
            {
                Add(path, "is null.");
                continue;
            }

            if (!IsScoped)
            {
                NumberedId(path + ".transactionId", record.TransactionId, 'F', snapshot.Numbering?.FinesFees ?? 0, ref previous, "fine/fee");
            }
            else if (record.TransactionId is null)
            {
                Add(path + ".transactionId", "is required.");
            }

            records.TryAdd(record.TransactionId ?? string.Empty, record);
            RequirePatron(path + ".patronId", record.PatronId);
            if (record.LoanId is { } loanId)
            {
                if (!loans.TryGetValue(loanId, out var loan))
                {
                    Add(path + ".loanId", $"loan {loanId} is not among the loans.");
                }
                else if (loan.PatronId != record.PatronId)
                {
                    Add(path + ".loanId", $"loan {loanId} is not patron {record.PatronId}'s.");
                }
            }

            NotAfterAsOf(path + ".createdAt", record.CreatedAt);
            CheckAmounts(path, record);
            CheckTransactions(path, record);
            CheckAccrual(path, record, accruingLoans);
        }

        foreach (var loanId in snapshot.FinesFees.Select(r => r?.LoanId).OfType<string>().Distinct())
        {
            if (loans.TryGetValue(loanId, out var loan) && !loan.IncurredFineOrFee)
            {
                Add(At("loans", snapshot.Loans.AsImmutableArray().IndexOf(loan)) + ".incurredFineOrFee", $"loan {loanId} has fines/fees but is marked as having incurred none.");
            }
        }
    }

    private void CheckAmounts(string path, FineFeeSnapshot record)
    {
        var amounts = new (string Field, Money Value)[]
        {
            ("original", record.Original), ("balance", record.Balance), ("paid", record.Paid), ("waived", record.Waived), ("refunded", record.Refunded),
        };
        foreach (var (field, value) in amounts)
        {
            var amount = value;
            if (amount.Currency is null)
            {
                Add($"{path}.{field}", "is required.");
                return;
            }

            if (amount.Currency != policy.Currency)
            {
                Add($"{path}.{field}", $"is in {amount.Currency}; the policy's currency is {policy.Currency}.");
                return;
            }

            if (amount.Amount < 0)
            {
                Add($"{path}.{field}", $"{amount.ToAmountString()} is negative.");
                return;
            }
        }

        if (!record.Original.IsPositive)
        {
            Add(path + ".original", "a fine/fee exists only for a positive amount.");
        }

        if (record.Original != record.Balance + record.Paid + record.Waived)
        {
            Add(path + ".balance", $"does not add up: original {record.Original.ToAmountString()} is not balance {record.Balance.ToAmountString()} + paid {record.Paid.ToAmountString()} + waived {record.Waived.ToAmountString()}.");
        }

        if (record.Refunded > record.Paid)
        {
            Add(path + ".refunded", $"{record.Refunded.ToAmountString()} is more than was paid ({record.Paid.ToAmountString()}).");
        }

        if (record.Status == FineFeeStatus.Closed && !record.Balance.IsZero)
        {
            Add(path + ".status", $"a closed fine/fee has a zero balance, not {record.Balance.ToAmountString()}.");
        }
        else if (record.Status == FineFeeStatus.Active && record.Balance.IsZero)
        {
            Add(path + ".status", "an active fine/fee with a zero balance is closed.");
        }
        else if (!Enum.IsDefined(record.Status))
        {
            Add(path + ".status", $"{(int)record.Status} is not a fine/fee status.");
        }
    }

    private void CheckTransactions(string path, FineFeeSnapshot record)
    {
        if (record.Original.Currency != policy.Currency)
        {
            return;
        }

        var sums = new Dictionary<FineFeeTransactionType, Money>();
        var previous = record.CreatedAt;
        for (var t = 0; t < record.Transactions.Count; t++)
        {
            var tpath = $"{path}.transactions[{t}]";
            if (record.Transactions[t] is not { } transaction)
            {
                Add(tpath, "is null.");
                continue;
            }

            if (transaction.Amount.Currency != policy.Currency || transaction.Amount.Amount < 0)
            {
                Add(tpath + ".amount", $"{transaction.Amount} is not a non-negative amount in {policy.Currency}.");
                continue;
            }

            if (transaction.At < previous)
            {
                Add(tpath + ".at", $"{Iso(transaction.At)} is before the fine/fee arose or the transaction before it.");
            }

            NotAfterAsOf(tpath + ".at", transaction.At);
            previous = transaction.At;
            sums[transaction.Type] = sums.TryGetValue(transaction.Type, out var sum) ? sum + transaction.Amount : transaction.Amount;
        }

        var zero = Money.Zero(policy.Currency);
        foreach (var (field, type, total) in new[]
        {
            ("paid", FineFeeTransactionType.Payment, record.Paid), ("waived", FineFeeTransactionType.Waive, record.Waived), ("refunded", FineFeeTransactionType.Refund, record.Refunded),
        })
        {
            var sum = sums.GetValueOrDefault(type, zero);
            if (total.Currency == policy.Currency && sum != total)
            {
                Add($"{path}.{field}", $"{total.ToAmountString()} is not the sum of its {type.ToSpelling()} transactions ({sum.ToAmountString()}).");
            }
        }
    }

    private void CheckAccrual(string path, FineFeeSnapshot record, HashSet<string> accruingLoans)
    {
        var overdue = record.Type is FineFeeType.OverdueFine or FineFeeType.RecalledOverdueFine;
        if (record.IsAccruing)
        {
            if (!overdue)
            {
                Add(path + ".isAccruing", $"only an overdue fine accrues, not a {record.Type.ToSpelling()}.");
            }
            else if (record.LoanId is null || !loans.TryGetValue(record.LoanId, out var loan) || loan.Status != LoanStatus.OnLoan)
            {
                Add(path + ".isAccruing", "an accruing fine belongs to a loan that is on loan.");
            }
            else if (!accruingLoans.Add(record.LoanId))
            {
                Add(path + ".isAccruing", $"loan {record.LoanId} has two accruing fines.");
            }

            if (record.Status != FineFeeStatus.Active || record.Transactions.Count > 0)
            {
                Add(path + ".isAccruing", "an accruing fine is active and has no transactions (its accrual has not stopped).");
            }

            if (record.Accrual is not null || record.AccrualStop is not null)
            {
                Add(path + ".accrualStop", "an accruing fine has no final breakdown or stop yet.");
            }

            return;
        }

        if (record.AccrualStop is { } stop)
        {
            if (!overdue || record.Accrual is null)
            {
                Add(path + ".accrualStop", "only an overdue fine with its final breakdown (accrual) has a stop.");
            }

            if (!Enum.IsDefined(stop.By))
            {
                Add(path + ".accrualStop.by", $"{(int)stop.By} is not a reason accrual stops.");
            }

            if (stop.At < record.CreatedAt)
            {
                Add(path + ".accrualStop.at", $"{Iso(stop.At)} is before the fine arose ({Iso(record.CreatedAt)}).");
            }

            NotAfterAsOf(path + ".accrualStop.at", stop.At);
        }

        if (record.Accrual is { } accrual)
        {
            if (record.AccrualStop is null)
            {
                Add(path + ".accrual", "a final breakdown goes with the stop that ended accrual (accrualStop).");
            }
            else if (accrual.Amount != record.Original)
            {
                Add(path + ".accrual.amount", $"{accrual.Amount.ToAmountString()} is not the fine's original amount ({record.Original.ToAmountString()}).");
            }
        }
    }

    // ---- Requests and sessions ----

    private void CheckRequests()
    {
        var previous = 0;
        (Instant, int)? previousPlace = null;
        var onShelfByItem = new Dictionary<string, string>(StringComparer.Ordinal);
        var openByPatronItem = new HashSet<(string, string)>();
        for (var i = 0; i < snapshot.Requests.Count; i++)
        {
            var path = At("requests", i);
            if (snapshot.Requests[i] is not { } request)
            {
                Add(path, "is null.");
                continue;
            }

            if (request.Id is null || !requests.TryAdd(request.Id, request))
            {
                Add(path + ".id", request.Id is null ? "is required." : $"request {request.Id} appears twice.");
            }

            DeskNumber(path + ".number", request.Number, snapshot.Numbering?.Requests ?? 0, ref previous, "request");
            CheckPlace(path + ".place", request.Place, request.PlacedAt, "request", requestPlaces, ref previousPlace);
            RequirePatron(path + ".patronId", request.PatronId);
            RequireItem(path + ".itemBarcode", request.ItemBarcode);
            NotAfterAsOf(path + ".placedAt", request.PlacedAt);
            NotAfterAsOf(path + ".onHoldShelfAt", request.OnHoldShelfAt);
            NotAfterAsOf(path + ".closedAt", request.ClosedAt);
            var open = request.Status is RequestStatus.Waiting or RequestStatus.OnHoldShelf;
            var reachedShelf = request.Status is RequestStatus.OnHoldShelf or RequestStatus.Expired;
            if (reachedShelf && (request.OnHoldShelfAt is null || request.ExpiresAt is null))
            {
                Add(path + ".expiresAt", $"a request that reached the hold shelf ({request.Status.ToSpelling()}) has onHoldShelfAt and expiresAt.");
            }

            if (request.Status == RequestStatus.Waiting && (request.OnHoldShelfAt ?? request.ExpiresAt) is not null)
            {
                Add(path + ".onHoldShelfAt", "a waiting request has not reached the hold shelf.");
            }

            if (open == request.ClosedAt is not null)
            {
                Add(path + ".closedAt", open ? $"a {request.Status.ToSpelling()} request is not closed." : $"is required: the request is {request.Status.ToSpelling()}.");
            }

            if (request.PatronId is null || request.ItemBarcode is null)
            {
                continue;
            }

            if (open && !openByPatronItem.Add((request.PatronId, request.ItemBarcode)))
            {
                Add(path + ".patronId", $"patron {request.PatronId} has two open requests on item {request.ItemBarcode}.");
            }

            if (request.Status == RequestStatus.OnHoldShelf)
            {
                if (!onShelfByItem.TryAdd(request.ItemBarcode, request.Id ?? string.Empty))
                {
                    Add(path + ".status", $"item {request.ItemBarcode} is on the hold shelf for two requests, {onShelfByItem[request.ItemBarcode]} and {request.Id}.");
                }

                if (OpenLoanOf(request.ItemBarcode) is { } loan)
                {
                    Add(path + ".status", $"item {request.ItemBarcode} cannot be on the hold shelf for {request.Id} while out on {loan}.");
                }
            }
        }

        // An item on the shelf with a waiting request but none on the hold shelf would have moved its queue.
        foreach (var group in snapshot.Requests.Where(r => r is { Status: RequestStatus.Waiting, ItemBarcode: not null }).GroupBy(r => r.ItemBarcode))
        {
            if (!onShelfByItem.ContainsKey(group.Key) && OpenLoanOf(group.Key) is null && items.ContainsKey(group.Key))
            {
                var first = group.First();
                Add(At("requests", snapshot.Requests.AsImmutableArray().IndexOf(first)) + ".status",
                    $"item {group.Key} is on the shelf, so its first waiting request ({first.Id}) would be on the hold shelf.");
            }
        }
    }

    private string? OpenLoanOf(string barcode) =>
        openLoanByItem.TryGetValue(barcode, out var loanId) ? loanId
        : snapshot.LoansElsewhere.FirstOrDefault(l => l?.ItemBarcode == barcode)?.LoanId;

    private void CheckSessions()
    {
        var previous = 0;
        (Instant, int)? previousPlace = null;
        for (var i = 0; i < snapshot.Sessions.Count; i++)
        {
            var path = At("sessions", i);
            if (snapshot.Sessions[i] is not { } session)
            {
                Add(path, "is null.");
                continue;
            }

            if (session.Id is null || !sessions.TryAdd(session.Id, session))
            {
                Add(path + ".id", session.Id is null ? "is required." : $"session {session.Id} appears twice.");
            }

            DeskNumber(path + ".number", session.Number, snapshot.Numbering?.Sessions ?? 0, ref previous, "session");
            CheckPlace(path + ".place", session.Place, session.OpenedAt, "session", sessionPlaces, ref previousPlace);
            RequirePatron(path + ".patronId", session.PatronId);
            if (session.StaffId is null)
            {
                Add(path + ".staffId", "is required.");
            }

            if (session.Location is null || policy.FindLibrary(session.Location) is null)
            {
                Add(path + ".location", $"'{session.Location}' is not a library of the policy.");
            }

            NotAfterAsOf(path + ".lastActivityAt", session.LastActivityAt);
            if (session.LastActivityAt < session.OpenedAt)
            {
                Add(path + ".lastActivityAt", $"{Iso(session.LastActivityAt)} is before the session opened ({Iso(session.OpenedAt)}).");
            }

            if (session.ClosedByStaffAt is { } byStaff && session.ClosedAt != byStaff)
            {
                Add(path + ".closedAt", $"a session its staff member closed closed then ({Iso(byStaff)}).");
            }

            NotAfterAsOf(path + ".closedAt", session.ClosedAt);
            foreach (var (field, ids) in new[] { ("loanIds", session.LoanIds), ("returnIds", session.ReturnIds) })
            {
                for (var l = 0; l < ids.Count; l++)
                {
                    if (!loans.TryGetValue(ids[l] ?? string.Empty, out var loan) || loan.PatronId != session.PatronId)
                    {
                        Add($"{path}.{field}[{l}]", $"{ids[l]} is not a loan of patron {session.PatronId} among the loans.");
                    }
                }
            }
        }

        for (var i = 0; i < snapshot.Loans.Count; i++)
        {
            if (snapshot.Loans[i] is { SessionId: { } sessionId } loan
                && (!sessions.TryGetValue(sessionId, out var session) || session.PatronId != loan.PatronId))
            {
                Add(At("loans", i) + ".sessionId", $"session {sessionId} is not a session of patron {loan.PatronId} among the sessions.");
            }
        }
    }

    // ---- Notices, claims ----

    private void CheckNotices()
    {
        long previous = -1;
        var pending = snapshot.SameInstant?.Notices.Where(p => p is not null).Select(p => NoticeKey(p.PatronId, p.Sequence)).ToHashSet() ?? [];
        var patronPlaces = snapshot.Patrons.Where(p => p is not null).Select((p, place) => (p.PrimaryId, place))
            .DistinctBy(e => e.PrimaryId).ToDictionary(e => e.PrimaryId, e => e.place, StringComparer.Ordinal);
        var previousPlace = -1;
        for (var i = 0; i < snapshot.Notices.Count; i++)
        {
            var path = At("notices", i);
            if (snapshot.Notices[i] is not { } notice)
            {
                Add(path, "is null.");
                continue;
            }

            if (IsScoped)
            {
                // Account by account, in the patrons' order; each account's notices numbered 0, 1, 2, ...
                var place = notice.PatronId is { } patron ? patronPlaces.GetValueOrDefault(patron, -1) : -1;
                var expected = place == previousPlace ? previous + 1 : 0;
                if (place >= 0 && (place < previousPlace || notice.Sequence != expected))
                {
                    Add(path + ".sequence", place < previousPlace
                        ? $"{notice.Sequence}: the notices are listed account by account, in the order of the patrons."
                        : $"{notice.Sequence} is not {expected}: under scoped ids each account's notices are numbered 0, 1, 2, ... in the order listed.");
                }

                previousPlace = Math.Max(place, previousPlace);
            }
            else if (notice.Sequence <= previous || notice.Sequence >= (snapshot.Numbering?.Notices ?? 0))
            {
                Add(path + ".sequence", $"{notice.Sequence} is out of order, repeated or beyond the numbering ({snapshot.Numbering?.Notices ?? 0} notices decided).");
            }

            previous = notice.Sequence;
            notices[NoticeKey(notice.PatronId, notice.Sequence)] = notice;
            RequirePatron(path + ".patronId", notice.PatronId);
            if (notice.LoanId is { } loanId && (!loans.TryGetValue(loanId, out var loan) || loan.PatronId != notice.PatronId))
            {
                Add(path + ".loanId", $"{loanId} is not a loan of patron {notice.PatronId} among the loans.");
            }

            if (notice.RequestId is { } requestId && (requests.TryGetValue(requestId, out var request) ? request.PatronId != notice.PatronId : !IsPartial))
            {
                Add(path + ".requestId", $"{requestId} is not a request of patron {notice.PatronId} among the requests.");
            }

            if (notice.TransactionId is { } transactionId && (!records.TryGetValue(transactionId, out var record) || record.PatronId != notice.PatronId))
            {
                Add(path + ".transactionId", $"{transactionId} is not a fine/fee of patron {notice.PatronId} among the fines/fees.");
            }

            if (IsScoped)
            {
                CheckNoticePlace(path, notice);
            }
            else if (notice.Place is not null)
            {
                Add(path + ".place", "must be absent: under dense ids the notice's order places it among those of its instant.");
            }
            else if (notice.Order is null != pending.Contains(NoticeKey(notice.PatronId, notice.Sequence)))
            {
                Add(path + ".order", notice.Order is null
                    ? "is required: the notice is not one of the snapshot's instant (sameInstant.notices)."
                    : "must be absent: the notice's place among those of the snapshot's instant is not fixed yet (sameInstant.notices).");
            }
        }
    }

    /// <summary>Under scoped ids a notice keeps what places it (no desk-wide order): an action the notice can follow —
    /// its loan's check-out or its request's placing (that very one, where the snapshot holds it), or for a notice
    /// with neither an action at its own instant (or the check-out of a loan since anonymized).</summary>
    private void CheckNoticePlace(string path, NoticeSnapshot notice)
    {
        if (notice.Order is not null)
        {
            Add(path + ".order", "must be absent: under scoped ids the notice's place orders it among those of its instant (place).");
        }

        if (notice.Place is not { } place)
        {
            Add(path + ".place", "is required: under scoped ids a notice keeps the action that places it among those of its instant.");
            return;
        }

        var of = PlaceOfNotice(notice);
        var fits = Enum.IsDefined(place.By) && place.Place >= 0 && place.At <= notice.At && (place.By != NoticeOrderedBy.Action || place.At == notice.At);
        if (!fits || (of is var (by, _, _) ? by != place.By : place.By == NoticeOrderedBy.Request))
        {
            Add(path + ".place", $"{place.By} at {Iso(place.At)} in place {place.Place} cannot place a {notice.Type.ToSpelling()} notice at {Iso(notice.At)}"
                + (of is var (named, _, _) ? $" about a {named.ToString().ToLowerInvariant()}" : string.Empty)
                + ": it is placed by its loan's check-out or its request's placing, at or before it, or for a notice with neither by an action at its instant.");
        }
        else if (of is (_, { } at, { } actionPlace) && (at, actionPlace) != (place.At, place.Place))
        {
            Add(path + ".place", $"the notice is placed by its {place.By.ToString().ToLowerInvariant()}, made by the action at {Iso(at)} in place {actionPlace}, not at {Iso(place.At)} in place {place.Place}.");
        }
    }

    private (string Patron, long Sequence) NoticeKey(string? patronId, long sequence) =>
        DeskIds.NoticeKey(IsScoped ? IdNumbering.Scoped : IdNumbering.Dense, patronId, sequence);

    private void CheckClaims()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var claimed = snapshot.Loans.Where(l => l is { PatronId: not null, ClaimedReturnedAt: not null })
            .GroupBy(l => l.PatronId!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        for (var i = 0; i < snapshot.Claims.Count; i++)
        {
            var path = At("claims", i);
            if (snapshot.Claims[i] is not { } claims)
            {
                Add(path, "is null.");
                continue;
            }

            RequirePatron(path + ".patronId", claims.PatronId);
            if (claims.PatronId is not null && !seen.Add(claims.PatronId))
            {
                Add(path + ".patronId", $"patron {claims.PatronId} appears twice.");
            }

            var made = claims.PatronId is null ? 0 : claimed.GetValueOrDefault(claims.PatronId);
            if (claims.Count < Math.Max(made, 1))
            {
                Add(path + ".count", $"{claims.Count} is fewer than the claims on patron {claims.PatronId}'s loans ({Math.Max(made, 1)}).");
            }
        }

        foreach (var (patronId, count) in claimed)
        {
            if (!seen.Contains(patronId))
            {
                Add("claims", $"patron {patronId} has claimed returned {count} loans, which the claims do not count.");
            }
        }
    }

    // ---- Partial snapshots and the snapshot's own instant ----

    private void CheckPartial()
    {
        if (snapshot.Scope is { } scope)
        {
            for (var i = 0; i < scope.PatronIds.Count; i++)
            {
                RequirePatron($"scope.patronIds[{i}]", scope.PatronIds[i]);
            }

            for (var i = 0; i < scope.ItemBarcodes.Count; i++)
            {
                RequireItem($"scope.itemBarcodes[{i}]", scope.ItemBarcodes[i]);
            }
        }

        for (var i = 0; i < snapshot.LoansElsewhere.Count; i++)
        {
            var path = At("loansElsewhere", i);
            if (!IsPartial)
            {
                Add(path, "only a partial snapshot (with a scope) has loans held elsewhere.");
                return;
            }

            var elsewhere = snapshot.LoansElsewhere[i];
            RequireItem(path + ".itemBarcode", elsewhere?.ItemBarcode);
            if (IsScoped ? !ScopedElsewhere(path, elsewhere) : !DenseElsewhere(path, elsewhere))
            {
                continue;
            }
            if (openLoanByItem.ContainsKey(elsewhere!.ItemBarcode ?? string.Empty))
            {
                Add(path + ".itemBarcode", $"item {elsewhere.ItemBarcode} has an open loan among the loans too.");
            }
        }
    }

    private bool DenseElsewhere(string path, LoanElsewhere? elsewhere)
    {
        var number = elsewhere?.LoanId is { } id ? DeskSnapshots.NumberOf(id) : 0;
        if (number == 0 || number > (snapshot.Numbering?.Loans ?? 0) || loans.ContainsKey(elsewhere!.LoanId))
        {
            Add(path + ".loanId", $"'{elsewhere?.LoanId}' is not a loan id within the numbering that the loans leave out.");
            return false;
        }

        return true;
    }

    /// <summary>Under scoped ids a loan held elsewhere is its item's latest.</summary>
    private bool ScopedElsewhere(string path, LoanElsewhere? elsewhere)
    {
        var barcode = elsewhere?.ItemBarcode ?? string.Empty;
        var latest = DeskIds.ScopedLoan(barcode, loansByItem.GetValueOrDefault(barcode));
        if (elsewhere?.LoanId != latest || loans.ContainsKey(latest))
        {
            Add(path + ".loanId", $"'{elsewhere?.LoanId}' is not item {barcode}'s latest loan ({latest}) that the loans leave out.");
            return false;
        }

        return true;
    }

    private void CheckSameInstant()
    {
        if (snapshot.SameInstant is not { } same)
        {
            return;
        }

        if (same.At != AsOf)
        {
            Add("sameInstant.at", $"{Iso(same.At)} is not the snapshot's instant ({Iso(AsOf)}).");
        }

        if (same.Actions < 0 || (!IsScoped && same.Actions != 0))
        {
            Add("sameInstant.actions", IsScoped
                ? $"{same.Actions} is negative."
                : $"{same.Actions}: under dense ids actions are not counted (0).");
        }

        var count = snapshot.Numbering?.FinesFees ?? 0;
        var pendingIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < same.FinesFees.Count; i++)
        {
            var path = $"sameInstant.finesFees[{i}]";
            var pending = same.FinesFees[i];
            var number = pending?.TransactionId is { } id ? DeskSnapshots.NumberOf(id) : 0;
            if (IsScoped)
            {
                // Under scoped ids only the records of accounts the snapshot holds are listed, each once.
                if (pending?.TransactionId is null || !records.ContainsKey(pending.TransactionId) || !pendingIds.Add(pending.TransactionId))
                {
                    Add(path + ".transactionId", $"'{pending?.TransactionId}' is not among the fines/fees, or is listed twice.");
                    continue;
                }
            }
            else if (pending is null || number != count - same.FinesFees.Count + i + 1)
            {
                Add(path + ".transactionId", $"the fines/fees of the instant are the last ones numbered, in order (F{count - same.FinesFees.Count + i + 1} here).");
                continue;
            }

            if (pending.Rank is < 0 or > 2)
            {
                Add(path + ".rank", $"{pending.Rank} is not 0 (overdue fine), 1 (replacement fee) or 2 (process fee).");
            }

            CheckPendingLoan(path, pending);

            if (records.TryGetValue(pending.TransactionId, out var record))
            {
                if (record.CreatedAt != same.At)
                {
                    Add(path + ".transactionId", $"{pending.TransactionId} arose at {Iso(record.CreatedAt)}, not at the snapshot's instant.");
                }
            }
            else if (!IsPartial)
            {
                Add(path + ".transactionId", $"{pending.TransactionId} is not among the fines/fees.");
            }
        }

        var named = new HashSet<(string, long)>();
        for (var i = 0; i < same.Notices.Count; i++)
        {
            var path = $"sameInstant.notices[{i}]";
            if (same.Notices[i] is not { } pending)
            {
                Add(path, "is null.");
                continue;
            }

            if (!CheckPendingPlace(path, pending))
            {
                continue;
            }

            // Under scoped ids a sequence names a notice only with its patron; a partial snapshot leaves out the
            // patron of an account it does not hold (the entry only keeps the others' places).
            if (!IsScoped && pending.PatronId is not null)
            {
                Add(path + ".patronId", "must be absent: under dense ids the sequence alone names the notice.");
                continue;
            }

            if (IsScoped && pending.PatronId is null)
            {
                if (!IsPartial)
                {
                    Add(path + ".patronId", "is required: under scoped ids a sequence names a notice within its patron's account.");
                }

                continue;
            }

            var key = NoticeKey(pending.PatronId, pending.Sequence);
            var what = pending.PatronId is null ? $"notice {pending.Sequence}" : $"notice {pending.Sequence} of patron {pending.PatronId}";
            if (!named.Add(key))
            {
                Add(path + ".sequence", $"{what} is repeated.");
            }
            else if (notices.TryGetValue(key, out var notice))
            {
                if (notice.At != same.At || notice.Type != pending.Type)
                {
                    Add(path + ".type", $"{what} is a {notice.Type.ToSpelling()} notice at {Iso(notice.At)}, not a {pending.Type.ToSpelling()} notice at the snapshot's instant.");
                }
                else if (pending.Place is { } place && PlaceOfNotice(notice) is var (by, at, actionPlace) && (by != place.By || (at is not null && (at, actionPlace) != (place.At, place.Place))))
                {
                    Add(path + ".place", $"{what} is placed by its {by.ToString().ToLowerInvariant()}"
                        + (at is null ? string.Empty : $" (the action at {Iso(at)} in place {actionPlace})") + $", not by the {place.By.ToString().ToLowerInvariant()} at {Iso(place.At)} in place {place.Place}.");
                }
            }
            else if (!IsPartial || pending.PatronId is not null)
            {
                Add(path + ".sequence", $"{what} is not among the notices.");
            }
        }
    }

    /// <summary>Under scoped ids the place of the action that made a loan, request or session: required, 0 or more,
    /// within the actions counted at the snapshot's instant when made at it, one action's for one of them only, and
    /// the list in the order of those actions (loan, request or session order, with no desk-wide number).</summary>
    private void CheckPlace(string path, int? place, Instant at, string what, HashSet<(Instant, int)> taken, ref (Instant At, int Place)? previous)
    {
        if (!IsScoped)
        {
            if (place is not null)
            {
                Add(path, $"must be absent: under dense ids a {what}'s number orders it.");
            }

            return;
        }

        if (place is not { } value || value < 0)
        {
            Add(path, $"'{place}': under scoped ids a {what} keeps the place of the action that made it among those of its instant, 0 or more.");
        }
        else if (at == AsOf && value >= ActionsAtAsOf)
        {
            Add(path, $"{value}: {ActionsAtAsOf} actions were taken at the snapshot's instant (sameInstant.actions), so places 0 to {ActionsAtAsOf - 1}.");
        }
        else if (!taken.Add((at, value)))
        {
            Add(path, $"{value}: another {what} was made by the action at {Iso(at)} in this place; one action makes one {what}.");
        }
        else
        {
            if (previous is { } before && (at, value).CompareTo(before) < 0)
            {
                Add(path, $"{value}: the {what} made at {Iso(at)} in this place is listed after one made at {Iso(before.At)} in place {before.Place}; {what}s are listed in the order they were made (by instant, then place).");
            }

            previous = (at, value);
        }
    }

    /// <summary>A request's or session's desk number: under dense ids required, in order and within the numbering;
    /// under scoped ids absent (its action's instant and place order it).</summary>
    private void DeskNumber(string path, int? number, int count, ref int previous, string what)
    {
        if (IsScoped)
        {
            if (number is not null)
            {
                Add(path, $"must be absent: under scoped ids the instant and place of the action that made a {what} order it, not a desk-wide number.");
            }

            return;
        }

        if (number is not { } value)
        {
            Add(path, "is required.");
            return;
        }

        if (value <= previous || value > count)
        {
            Add(path, $"{value} is out of order, repeated or beyond the numbering ({count}).");
        }

        previous = value;
    }

    /// <summary>What puts a fine/fee of the instant in loan order: its loan's number under dense ids, its loan's
    /// check-out (instant and place) under scoped ids — that loan's own, where the snapshot holds it.</summary>
    private void CheckPendingLoan(string path, PendingFineFee pending)
    {
        if (!IsScoped)
        {
            if (pending.Loan is not null)
            {
                Add(path + ".loan", "must be absent: under dense ids the loan number puts the fine/fee in loan order.");
            }

            return;
        }

        if (pending.LoanNumber is not null)
        {
            Add(path + ".loanNumber", "must be absent: under scoped ids its loan's check-out puts the fine/fee in loan order (loan).");
        }

        if (pending.Loan is not { } place)
        {
            if (records.GetValueOrDefault(pending.TransactionId)?.LoanId is { } named)
            {
                Add(path + ".loan", $"is required: the fine/fee is about loan {named}, whose check-out puts it in loan order.");
            }

            return;
        }

        if (place.Place < 0 || place.At > AsOf)
        {
            Add(path + ".loan", $"a check-out at {Iso(place.At)} in place {place.Place} is not one the snapshot's instant can follow (at or before it, place 0 or more).");
        }
        else if (records.GetValueOrDefault(pending.TransactionId)?.LoanId is { } loanId && loans.GetValueOrDefault(loanId) is { } loan
            && (loan.LoanedAt, loan.Place) != (place.At, place.Place))
        {
            Add(path + ".loan", $"loan {loanId} was checked out at {Iso(loan.LoanedAt)} in place {loan.Place}, not at {Iso(place.At)} in place {place.Place}.");
        }
    }

    /// <summary>A pending notice is placed by desk numbers under dense ids, by an action's place under scoped ids;
    /// false when what places it is missing (nothing more about it can be checked).</summary>
    private bool CheckPendingPlace(string path, PendingNotice pending)
    {
        if (!IsScoped)
        {
            if (pending.Place is not null)
            {
                Add(path + ".place", "must be absent: under dense ids the loan or request number places the notice.");
            }

            return true;
        }

        if (pending.LoanNumber is not null || pending.RequestNumber is not null)
        {
            Add(path + (pending.LoanNumber is not null ? ".loanNumber" : ".requestNumber"), "must be absent: under scoped ids an action's place places the notice (place).");
        }

        if (pending.Place is not { } place)
        {
            Add(path + ".place", "is required: under scoped ids an action's place places the notice among those of its instant.");
            return false;
        }

        if (!Enum.IsDefined(place.By) || place.Place < 0 || place.At > AsOf || (place.By == NoticeOrderedBy.Action && (place.At != AsOf || place.Place >= ActionsAtAsOf)))
        {
            Add(path + ".place", $"{place.By} at {Iso(place.At)} in place {place.Place} is not an action the snapshot's instant can follow: a loan's or request's action at or before it, or for a notice with neither one of the {ActionsAtAsOf} actions taken at it.");
            return false;
        }

        return true;
    }

    /// <summary>What places a notice of the snapshot's instant, where the snapshot shows it: its request's or loan's
    /// action (instant and place, when the snapshot holds it); null for a notice naming neither, which is a charge's
    /// or one whose loan was anonymized (no longer named).</summary>
    private (NoticeOrderedBy By, Instant? At, int? Place)? PlaceOfNotice(NoticeSnapshot notice) =>
        notice.RequestId is { } requestId ? (NoticeOrderedBy.Request, requests.GetValueOrDefault(requestId)?.PlacedAt, requests.GetValueOrDefault(requestId)?.Place)
        : notice.LoanId is { } loanId ? (NoticeOrderedBy.Loan, loans.GetValueOrDefault(loanId)?.LoanedAt, loans.GetValueOrDefault(loanId)?.Place)
        : null;

    /// <summary>What the policy makes happen by itself up to the snapshot's instant must have happened: each loan's
    /// next scheduled action, each hold-shelf expiry and session time-out is not before it; an accruing fine is no
    /// more than its loan has accrued by then.</summary>
    private void CheckNothingOverdue()
    {
        var catalogue = new DeskCatalogue(policy, new PatronDirectory(snapshot.Patrons), snapshot.Items.ToList(), snapshot.Staff.ToList());
        var accruing = snapshot.FinesFees.Where(r => r.IsAccruing).ToDictionary(r => r.LoanId!, StringComparer.Ordinal);
        for (var i = 0; i < snapshot.Loans.Count; i++)
        {
            var loan = Loan.FromSnapshot(snapshot.Loans[i], i + 1);
            if (accruing.TryGetValue(loan.Id, out var record))
            {
                loan = loan.WithAccruingRecord(0);
                if (OverdueAccrual.At(loan, catalogue.TermsOf(loan), catalogue.CalendarOf(loan), AsOf) is not { } accrual || record.Original > accrual.Amount)
                {
                    Add(At("finesFees", snapshot.FinesFees.AsImmutableArray().IndexOf(record)) + ".original",
                        $"{record.Original.ToAmountString()} is more than loan {loan.Id} has accrued by the snapshot's instant.");
                }
            }

            if (DeskTransaction.NextScheduledOf(catalogue, loan) is { } next && next.At < AsOf)
            {
                Add(At("loans", i), $"loan {loan.Id}: {Describe(next.Kind)} was due at {Iso(next.At)}, before the snapshot's instant ({Iso(AsOf)}), and has not happened.");
            }
        }

        for (var i = 0; i < snapshot.Requests.Count; i++)
        {
            if (snapshot.Requests[i] is { Status: RequestStatus.OnHoldShelf, ExpiresAt: { } expires } request && expires < AsOf)
            {
                Add(At("requests", i) + ".expiresAt", $"request {request.Id} expired at {Iso(expires)}, before the snapshot's instant, but is still on the hold shelf.");
            }
        }

        for (var i = 0; i < snapshot.Sessions.Count; i++)
        {
            var session = snapshot.Sessions[i];
            if (session.ClosedAt is null && Sessions.PatronServicesSession.FromSnapshot(session, i + 1).ClosesAt(policy.Retention.SessionIdleTimeout, policy.TimeZone) is var closes && closes < AsOf)
            {
                Add(At("sessions", i) + ".closedAt", $"session {session.Id} timed out at {Iso(closes)}, before the snapshot's instant, but is open.");
            }
        }
    }

    private static string Describe(ScheduledAction action) => action switch
    {
        ScheduledAction.FineArises => "its overdue fine arising",
        ScheduledAction.LoanActs => "its auto-renewal or aging to lost",
        ScheduledAction.Anonymization => "its anonymization",
        ScheduledAction.Notice => "a courtesy or overdue notice",
        _ => action.ToString(),
    };
}
