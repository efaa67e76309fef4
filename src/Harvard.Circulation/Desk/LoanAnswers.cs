using System.Globalization;
using System.Text;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>What set a loan's due instant in force.</summary>
public enum DueDateSetBy
{
    /// <summary>The check-out: the loan period from the loan instant (<c>checkOut</c>).</summary>
    CheckOut,

    /// <summary>The latest renewal: the renewal period from the renewal instant (<c>renewal</c>).</summary>
    Renewal,

    /// <summary>A recall by a request: the later of request + <c>returnWithin</c> and loan + <c>minimumLoan</c>
    /// (<c>recall</c>).</summary>
    Recall,
}

/// <summary>
/// A loan's due instant and why: what set it (check-out, the latest renewal or a recall), when, under which rule
/// and terms, and for a check-out or renewal the period, due time and closed-day move that gave it. Immutable.
/// </summary>
public sealed record DueDateAnswer
{
    /// <summary>Creates the answer (the desk builds it; hosts read it).</summary>
    /// <param name="loanId">The loan.</param>
    /// <param name="dueAt">The due instant in force.</param>
    /// <param name="setBy">What set it.</param>
    /// <param name="setAt">When.</param>
    /// <param name="ruleId">The rule the loan was made under.</param>
    /// <param name="termsOfUseId">Its terms of use.</param>
    /// <param name="calculation">For a check-out or renewal: the period added, the due time and the closed-day move;
/// null for a recall.</param>
    /// <param name="renewals">How many times the loan has been renewed.</param>
    public DueDateAnswer(
        string loanId,
        Instant dueAt,
        DueDateSetBy setBy,
        Instant setAt,
        string ruleId,
        string termsOfUseId,
        DueDateExplanation? calculation,
        int renewals)
    {
        LoanId = loanId;
        DueAt = dueAt;
        SetBy = setBy;
        SetAt = setAt;
        RuleId = ruleId;
        TermsOfUseId = termsOfUseId;
        Calculation = calculation;
        Renewals = renewals;
    }

    /// <summary>The loan.</summary>
    public string LoanId { get; }

    /// <summary>The due instant in force.</summary>
    public Instant DueAt { get; }

    /// <summary>What set it.</summary>
    public DueDateSetBy SetBy { get; }

    /// <summary>When.</summary>
    public Instant SetAt { get; }

    /// <summary>The rule the loan was made under.</summary>
    public string RuleId { get; }

    /// <summary>Its terms of use.</summary>
    public string TermsOfUseId { get; }

    /// <summary>For a check-out or renewal: the period added, the due time and the closed-day move;
/// null for a recall.</summary>
    public DueDateExplanation? Calculation { get; }

    /// <summary>How many times the loan has been renewed.</summary>
    public int Renewals { get; }

    /// <summary>The answer in sentences, e.g. <c>Loan L1 is due 2026-02-02T04:59:59Z. It was renewed at
    /// 2026-01-05T15:00:00Z (1 renewal so far) under rule 'faculty', terms 'faculty-term': ...</c>.</summary>
    /// <returns>The text (invariant culture, instants in UTC).</returns>
    public string Explain()
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder().Append(culture, $"Loan {LoanId} is due {IsoInstant.Format(DueAt)}. ");
        text.Append(SetBy switch
        {
            DueDateSetBy.CheckOut => string.Create(culture, $"It was checked out at {IsoInstant.Format(SetAt)}"),
            DueDateSetBy.Renewal => string.Create(culture, $"It was renewed at {IsoInstant.Format(SetAt)} ({Renewals} {(Renewals == 1 ? "renewal" : "renewals")} so far)"),
            _ => string.Create(culture, $"A request recalled it at {IsoInstant.Format(SetAt)}"),
        });
        text.Append(culture, $" under rule '{RuleId}', terms '{TermsOfUseId}'");
        if (Calculation is { } calculation)
        {
            text.Append(culture, $": {calculation.Period} ({calculation.DueTime.ToSpelling()}) from then gives {IsoInstant.Format(calculation.BaseDue)}; ")
                .Append(calculation.Reason).Append('.');
        }
        else
        {
            text.Append(": the due instant became the later of the request instant + the terms' returnWithin and the loan instant + their minimumLoan, as it was earlier than the due instant before.");
        }

        return text.ToString();
    }

    /// <summary>The answer in sentences (<see cref="Explain"/>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Explain();
}

/// <summary>
/// What a loan owes in fines and fees as of an instant, and why: every fine/fee recorded on it with its balance,
/// and the overdue fine of the current overdue period (accrued to the instant while on loan), with its breakdown.
/// Immutable.
/// </summary>
public sealed record LoanFineAnswer
{
    /// <summary>Creates the answer (the desk builds it; hosts read it).</summary>
    /// <param name="loanId">The loan.</param>
    /// <param name="at">The instant.</param>
    /// <param name="status">The loan's status at that instant.</param>
    /// <param name="balance">What is still owed on it: the balances of its active fines/fees.</param>
    /// <param name="currentPeriod">The current overdue period's fine as seen at the instant (accrued so far while on loan,
/// final once accrual stopped); null when the terms charge no overdue fine.</param>
    /// <param name="finesFees">Every fine/fee recorded on the loan by then, in number order (an accruing fine with its
/// amount at the instant).</param>
    public LoanFineAnswer(
        string loanId,
        Instant at,
        LoanStatus status,
        Money balance,
        FineAccrual? currentPeriod,
        EquatableArray<FineFee> finesFees)
    {
        LoanId = loanId;
        At = at;
        Status = status;
        Balance = balance;
        CurrentPeriod = currentPeriod;
        FinesFees = finesFees;
    }

    /// <summary>The loan.</summary>
    public string LoanId { get; }

    /// <summary>The instant.</summary>
    public Instant At { get; }

    /// <summary>The loan's status at that instant.</summary>
    public LoanStatus Status { get; }

    /// <summary>What is still owed on it: the balances of its active fines/fees.</summary>
    public Money Balance { get; }

    /// <summary>The current overdue period's fine as seen at the instant (accrued so far while on loan,
/// final once accrual stopped); null when the terms charge no overdue fine.</summary>
    public FineAccrual? CurrentPeriod { get; }

    /// <summary>Every fine/fee recorded on the loan by then, in number order (an accruing fine with its
/// amount at the instant).</summary>
    public EquatableArray<FineFee> FinesFees { get; }

    /// <summary>The answer in sentences: what is owed, each fine/fee and its status, and how the current overdue
    /// period's fine comes about.</summary>
    /// <returns>The text (invariant culture, instants in UTC).</returns>
    public string Explain()
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder().Append(culture, $"Loan {LoanId} ({Status.ToSpelling()}) owes {Balance.ToAmountString()} {Balance.Currency} at {IsoInstant.Format(At)}.");
        foreach (var record in FinesFees)
        {
            text.Append(culture, $" {record.TransactionId}: {record.Type.ToSpelling()} of {record.Original.ToAmountString()}, {record.Status.ToSpelling()}, balance {record.Balance.ToAmountString()}");
            text.Append(record.IsAccruing ? " (still accruing)." : ".");
        }

        if (CurrentPeriod is { } accrual)
        {
            text.Append(culture, $" The current overdue period: {accrual.Explain()}.");
        }
        else
        {
            text.Append(" Its terms charge no overdue fine.");
        }

        return text.ToString();
    }

    /// <summary>The answer in sentences (<see cref="Explain"/>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Explain();
}

/// <summary>
/// What a patron owes at an instant and what could block them: the active balance (fines still accruing counted as
/// accrued so far), what is in dispute or with the bursar, what can be paid now without naming a record, and every
/// check-out block of the patron's user group that applies. Immutable.
/// </summary>
public sealed record PatronBalance
{
    /// <summary>Creates the answer (the desk builds it; hosts read it).</summary>
    /// <param name="patronId">The patron.</param>
    /// <param name="at">The instant.</param>
    /// <param name="active">The active balance.</param>
    /// <param name="accruing">The part of <see cref="Active"/> still accruing.</param>
    /// <param name="inDispute">The balance in dispute (not active).</param>
    /// <param name="exportedToBursar">The balance the bursar now collects.</param>
    /// <param name="payable">What a payment without a transaction id can pay now (active records whose accrual stopped).</param>
    /// <param name="blocks">Every check-out block that applies, each naming the limit and the figure; empty when none.</param>
    public PatronBalance(
        string patronId,
        Instant at,
        Money active,
        Money accruing,
        Money inDispute,
        Money exportedToBursar,
        Money payable,
        EquatableArray<Refusal> blocks)
    {
        PatronId = patronId;
        At = at;
        Active = active;
        Accruing = accruing;
        InDispute = inDispute;
        ExportedToBursar = exportedToBursar;
        Payable = payable;
        Blocks = blocks;
    }

    /// <summary>The patron.</summary>
    public string PatronId { get; }

    /// <summary>The instant.</summary>
    public Instant At { get; }

    /// <summary>The active balance.</summary>
    public Money Active { get; }

    /// <summary>The part of <see cref="Active"/> still accruing.</summary>
    public Money Accruing { get; }

    /// <summary>The balance in dispute (not active).</summary>
    public Money InDispute { get; }

    /// <summary>The balance the bursar now collects.</summary>
    public Money ExportedToBursar { get; }

    /// <summary>What a payment without a transaction id can pay now (active records whose accrual stopped).</summary>
    public Money Payable { get; }

    /// <summary>Every check-out block that applies, each naming the limit and the figure; empty when none.</summary>
    public EquatableArray<Refusal> Blocks { get; }

    /// <summary>Whether a block applies (the patron may not check out now).</summary>
    public bool IsBlocked => Blocks.Count > 0;

    /// <summary>The answer in sentences.</summary>
    /// <returns>The text (invariant culture).</returns>
    public string Explain()
    {
        var culture = CultureInfo.InvariantCulture;
        var currency = Active.Currency;
        var text = new StringBuilder().Append(culture, $"Patron {PatronId} owes {Active.ToAmountString()} {currency} at {IsoInstant.Format(At)}");
        text.Append(Accruing.IsZero ? "." : string.Create(culture, $", of which {Accruing.ToAmountString()} is still accruing; {Payable.ToAmountString()} can be paid now."));
        if (!InDispute.IsZero)
        {
            text.Append(culture, $" {InDispute.ToAmountString()} {currency} is in dispute.");
        }

        if (!ExportedToBursar.IsZero)
        {
            text.Append(culture, $" {ExportedToBursar.ToAmountString()} {currency} was sent to the bursar.");
        }

        if (Blocks.Count == 0)
        {
            text.Append(" No block applies.");
        }
        else
        {
            text.Append(culture, $" {(Blocks.Count == 1 ? "A block applies" : $"{Blocks.Count} blocks apply")}:");
            foreach (var block in Blocks)
            {
                text.Append(' ').Append(block.Message);
            }
        }

        return text.ToString();
    }

    /// <summary>The answer in sentences (<see cref="Explain"/>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Explain();
}
