using Ardalis.GuardClauses;
using NodaTime;

namespace Harvard.Circulation.Policies;

/// <summary>The terms a matching rule gives a loan: loan period and renewals, fines, recall, lost item,
/// request and notice settings.</summary>
public sealed record TermsOfUse
{
    /// <summary>Creates terms of use.</summary>
    /// <param name="id">The unique id rules name.</param>
    /// <param name="loan">Loan terms; null = may not be loaned.</param>
    /// <param name="overdueFine">The overdue fine rule; null = no fine.</param>
    /// <param name="recalledOverdueFine">The fine rule of a recalled loan; null = no fine.</param>
    /// <param name="recall">Recall terms; null = requests never recall.</param>
    /// <param name="lostItem">Lost item terms; null = nothing charged and never aged to lost.</param>
    /// <param name="request">Request terms; null = the defaults.</param>
    /// <param name="notices">Notice terms; null = none.</param>
    public TermsOfUse(string id, LoanTerms? loan, FineRule? overdueFine = null, FineRule? recalledOverdueFine = null,
        RecallTerms? recall = null, LostItemTerms? lostItem = null, RequestTerms? request = null, NoticeTerms? notices = null)
    {
        Id = Guard.Against.NullOrWhiteSpace(id);
        Loan = loan;
        OverdueFine = overdueFine;
        RecalledOverdueFine = recalledOverdueFine;
        Recall = recall;
        LostItem = lostItem;
        Request = request ?? RequestTerms.Default;
        Notices = notices;
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>Loan terms; null = the item may not be loaned under these terms.</summary>
    public LoanTerms? Loan { get; }

    /// <summary>Whether a loan may be made under these terms.</summary>
    public bool IsLoanable => Loan is not null;

    /// <summary>The overdue fine rule; null = no fine.</summary>
    public FineRule? OverdueFine { get; }

    /// <summary>The fine rule of a recalled loan; null = no fine.</summary>
    public FineRule? RecalledOverdueFine { get; }

    /// <summary>Recall terms; null = requests never recall.</summary>
    public RecallTerms? Recall { get; }

    /// <summary>Lost item terms; null = nothing charged and never aged to lost.</summary>
    public LostItemTerms? LostItem { get; }

    /// <summary>Request terms.</summary>
    public RequestTerms Request { get; }

    /// <summary>Notice terms; null = no loan notices.</summary>
    public NoticeTerms? Notices { get; }
}

/// <summary>Loan period, due time, renewals.</summary>
public sealed record LoanTerms
{
    /// <summary>Creates loan terms.</summary>
    /// <param name="period">The loan period.</param>
    /// <param name="dueTime">How the due instant is derived.</param>
    /// <param name="closedDue">How a due time on closed time moves.</param>
    /// <param name="maxRenewals">The most renewals.</param>
    /// <param name="maxRenewalPeriod">No renewal may set a due instant later than loan instant + this; null = no limit.</param>
    /// <param name="renewPeriod">The period of a renewal, from the renewal instant; null = <paramref name="period"/>.</param>
    /// <param name="autoRenew">Whether the loan renews by itself at its due instant when allowed.</param>
    /// <exception cref="ArgumentException">A boundary hours mode is combined with <see cref="DueTime.EndOfDay"/>, or a count is negative.</exception>
    public LoanTerms(Period period, DueTime dueTime = DueTime.EndOfDay, ClosedDue closedDue = ClosedDue.Keep, int maxRenewals = 0,
        Period? maxRenewalPeriod = null, Period? renewPeriod = null, bool autoRenew = false)
    {
        Period = Guard.Against.Null(period);
        Guard.Against.EnumOutOfRange(dueTime);
        Guard.Against.EnumOutOfRange(closedDue);
        Guard.Against.Negative(maxRenewals);
        if (dueTime == DueTime.EndOfDay && closedDue is ClosedDue.EndOfCurrentHours or ClosedDue.BeginningOfNextOpenHours)
        {
            throw new ArgumentException($"closedDue '{closedDue.ToSpelling()}' needs dueTime 'exact'.", nameof(closedDue));
        }

        DueTime = dueTime;
        ClosedDue = closedDue;
        MaxRenewals = maxRenewals;
        MaxRenewalPeriod = maxRenewalPeriod;
        RenewPeriod = renewPeriod ?? period;
        AutoRenew = autoRenew;
    }

    /// <summary>The loan period.</summary>
    public Period Period { get; }

    /// <summary>How the due instant is derived.</summary>
    public DueTime DueTime { get; }

    /// <summary>How a due time on closed time moves.</summary>
    public ClosedDue ClosedDue { get; }

    /// <summary>The most renewals.</summary>
    public int MaxRenewals { get; }

    /// <summary>The longest total loan, from the loan instant; null = no limit.</summary>
    public Period? MaxRenewalPeriod { get; }

    /// <summary>The period of a renewal, counted from the renewal instant.</summary>
    public Period RenewPeriod { get; }

    /// <summary>Whether the loan renews by itself at its due instant when allowed.</summary>
    public bool AutoRenew { get; }
}

/// <summary>An overdue fine rule: an amount per interval, a grace period, a cap.</summary>
public sealed record FineRule
{
    /// <summary>Creates a fine rule.</summary>
    /// <param name="amount">The amount charged per interval.</param>
    /// <param name="per">The interval.</param>
    /// <param name="grace">The grace period; null = none.</param>
    /// <param name="max">The cap per overdue period; null = no cap; zero = no fine at all.</param>
    /// <param name="countClosed">Whether closed library time counts as overdue time.</param>
    /// <param name="graceDeducted">Whether only the time past the grace is charged (else the whole time is).</param>
    /// <param name="forgiveOnRenewal">Whether renewing an overdue loan waives what accrued.</param>
    /// <exception cref="ArgumentException">An amount is negative.</exception>
    public FineRule(Money amount, FineInterval per, Period? grace = null, Money? max = null, bool countClosed = true,
        bool graceDeducted = false, bool forgiveOnRenewal = false)
    {
        if (amount.Amount < 0) { throw new ArgumentOutOfRangeException(nameof(amount), amount, "A fine amount cannot be negative."); }
        if (max is { Amount: < 0 }) { throw new ArgumentOutOfRangeException(nameof(max), max, "A fine cap cannot be negative."); }
        Guard.Against.EnumOutOfRange(per);
        Amount = amount;
        Per = per;
        Grace = grace ?? Period.Zero;
        Max = max;
        CountClosed = countClosed;
        GraceDeducted = graceDeducted;
        ForgiveOnRenewal = forgiveOnRenewal;
        Figures = new FineRuleFigures(amount, per, Grace, max, countClosed, graceDeducted);
    }

    /// <summary>The figures the fine's integer path reads, computed once here rather than per fine.</summary>
    internal FineRuleFigures Figures { get; }

    /// <summary>The amount charged per interval.</summary>
    public Money Amount { get; }

    /// <summary>The interval.</summary>
    public FineInterval Per { get; }

    /// <summary>The grace period.</summary>
    public Period Grace { get; }

    /// <summary>The cap per overdue period; null = no cap.</summary>
    public Money? Max { get; }

    /// <summary>Whether closed library time counts.</summary>
    public bool CountClosed { get; }

    /// <summary>Whether only the time past the grace is charged.</summary>
    public bool GraceDeducted { get; }

    /// <summary>Whether renewing an overdue loan waives what accrued.</summary>
    public bool ForgiveOnRenewal { get; }
}

/// <summary>Recall terms: a request on a loaned item shortens the loan.</summary>
public sealed record RecallTerms
{
    /// <summary>Creates recall terms.</summary>
    /// <param name="returnWithin">The time the borrower has from the request.</param>
    /// <param name="minimumLoan">The least loan time guaranteed from the loan instant; null = none.</param>
    public RecallTerms(Period returnWithin, Period? minimumLoan = null)
    {
        ReturnWithin = Guard.Against.Null(returnWithin);
        MinimumLoan = minimumLoan ?? Period.Zero;
    }

    /// <summary>The time the borrower has from the request.</summary>
    public Period ReturnWithin { get; }

    /// <summary>The least loan time guaranteed from the loan instant.</summary>
    public Period MinimumLoan { get; }
}

/// <summary>Lost item terms: aging to lost, fees, refunds when found.</summary>
public sealed record LostItemTerms
{
    /// <summary>Creates lost item terms.</summary>
    /// <param name="agedToLostAfter">An onLoan loan becomes lost at due + this; null = never.</param>
    /// <param name="defaultReplacementFee">The replacement fee when the item has no cost; null = none.</param>
    /// <param name="processFee">The processing fee; null = zero.</param>
    /// <param name="refundReplacementFeePercent">The share of the replacement fee cancelled when found, 0–100.</param>
    /// <param name="refundProcessFeeWhenFound">Whether the process fee is cancelled when found.</param>
    /// <param name="noRefundAfter">Nothing is cancelled when found more than this after the loss; null = no limit.</param>
    /// <param name="forgiveOverdueWhenLost">Whether the overdue fine is waived when the loan becomes lost.</param>
    /// <exception cref="ArgumentOutOfRangeException">The percent is outside 0–100 or an amount is negative.</exception>
    public LostItemTerms(Period? agedToLostAfter = null, Money? defaultReplacementFee = null, Money? processFee = null,
        int refundReplacementFeePercent = 100, bool refundProcessFeeWhenFound = false, Period? noRefundAfter = null,
        bool forgiveOverdueWhenLost = false)
    {
        Guard.Against.OutOfRange(refundReplacementFeePercent, nameof(refundReplacementFeePercent), 0, 100);
        if (defaultReplacementFee is { Amount: < 0 }) { throw new ArgumentOutOfRangeException(nameof(defaultReplacementFee), defaultReplacementFee, "A fee cannot be negative."); }
        if (processFee is { Amount: < 0 }) { throw new ArgumentOutOfRangeException(nameof(processFee), processFee, "A fee cannot be negative."); }
        AgedToLostAfter = agedToLostAfter;
        DefaultReplacementFee = defaultReplacementFee;
        ProcessFee = processFee;
        RefundReplacementFeePercent = refundReplacementFeePercent;
        RefundProcessFeeWhenFound = refundProcessFeeWhenFound;
        NoRefundAfter = noRefundAfter;
        ForgiveOverdueWhenLost = forgiveOverdueWhenLost;
    }

    /// <summary>An onLoan loan becomes lost at due + this; null = never.</summary>
    public Period? AgedToLostAfter { get; }

    /// <summary>The replacement fee when the item has no cost; null = none.</summary>
    public Money? DefaultReplacementFee { get; }

    /// <summary>The processing fee; null = none.</summary>
    public Money? ProcessFee { get; }

    /// <summary>The share of the replacement fee cancelled when found, 0–100.</summary>
    public int RefundReplacementFeePercent { get; }

    /// <summary>Whether the process fee is cancelled when found.</summary>
    public bool RefundProcessFeeWhenFound { get; }

    /// <summary>Nothing is cancelled when found more than this after the loss; null = no limit.</summary>
    public Period? NoRefundAfter { get; }

    /// <summary>Whether the overdue fine is waived when the loan becomes lost.</summary>
    public bool ForgiveOverdueWhenLost { get; }
}

/// <summary>Request terms.</summary>
public sealed record RequestTerms
{
    /// <summary>Creates request terms.</summary>
    /// <param name="pickupWithin">How long a request waits on the hold shelf.</param>
    public RequestTerms(Period pickupWithin) => PickupWithin = Guard.Against.Null(pickupWithin);

    /// <summary>The defaults: pick up within 7 days.</summary>
    public static RequestTerms Default { get; } = new(Period.FromDays(7));

    /// <summary>How long a request waits on the hold shelf.</summary>
    public Period PickupWithin { get; }
}

/// <summary>Which loan notices are sent.</summary>
public sealed record NoticeTerms
{
    /// <summary>Creates notice terms.</summary>
    /// <param name="courtesy">A courtesy notice this long before due; null = none.</param>
    /// <param name="overdue">One overdue notice at each of these delays after due.</param>
    /// <param name="lostItemBill">Whether a lost item bill is sent on becoming lost.</param>
    /// <param name="fineFee">Whether a fine/fee notice is sent when a fine/fee becomes final.</param>
    /// <exception cref="ArgumentException">More than <see cref="MaxOverdueNotices"/> overdue notices.</exception>
    public NoticeTerms(Period? courtesy = null, IEnumerable<Period>? overdue = null, bool lostItemBill = false, bool fineFee = false)
    {
        Courtesy = courtesy;
        Overdue = (overdue ?? []).ToEquatableArray();
        if (Overdue.Count > MaxOverdueNotices)
        {
            throw new ArgumentException($"At most {MaxOverdueNotices} overdue notices are allowed; {Overdue.Count} were given.", nameof(overdue));
        }

        LostItemBill = lostItemBill;
        FineFee = fineFee;
    }

    /// <summary>The most overdue notices one terms of use may send per due instant.</summary>
    public const int MaxOverdueNotices = 32;

    /// <summary>A courtesy notice this long before due; null = none.</summary>
    public Period? Courtesy { get; }

    /// <summary>Overdue notice delays after due, one notice each.</summary>
    public EquatableArray<Period> Overdue { get; }

    /// <summary>Whether a lost item bill is sent on becoming lost.</summary>
    public bool LostItemBill { get; }

    /// <summary>Whether a fine/fee notice is sent when a fine/fee becomes final.</summary>
    public bool FineFee { get; }
}

/// <summary>Retention and session settings.</summary>
public sealed record RetentionTerms
{
    /// <summary>Creates retention settings.</summary>
    /// <param name="anonymizeReturnsAfter">A returned loan loses its patron this long after return.</param>
    /// <param name="keepLoansWithFinesFees">Whether a loan that incurred any fine/fee is never anonymized.</param>
    /// <param name="returnListFor">How long returns stay on the patron's return list.</param>
    /// <param name="sessionIdleTimeout">A patron services session closes after this long without activity.</param>
    public RetentionTerms(Period? anonymizeReturnsAfter = null, bool keepLoansWithFinesFees = true, Period? returnListFor = null, Period? sessionIdleTimeout = null)
    {
        AnonymizeReturnsAfter = anonymizeReturnsAfter ?? Period.FromDays(60);
        KeepLoansWithFinesFees = keepLoansWithFinesFees;
        ReturnListFor = returnListFor ?? Period.FromMonths(6);
        SessionIdleTimeout = sessionIdleTimeout ?? Period.FromMinutes(5);
    }

    /// <summary>The defaults: 60 days, keep loans with fines/fees, 6 months, 5 minutes.</summary>
    public static RetentionTerms Default { get; } = new();

    /// <summary>A returned loan loses its patron this long after return.</summary>
    public Period AnonymizeReturnsAfter { get; }

    /// <summary>Whether a loan that incurred any fine/fee is never anonymized.</summary>
    public bool KeepLoansWithFinesFees { get; }

    /// <summary>How long returns stay on the patron's return list.</summary>
    public Period ReturnListFor { get; }

    /// <summary>A patron services session closes after this long without activity.</summary>
    public Period SessionIdleTimeout { get; }
}

/// <summary>A rule: matches on user group, item policy, library and location (each a code or <c>*</c>)
/// and names the terms of use.</summary>
public sealed record Rule
{
    /// <summary>The wildcard that matches any code.</summary>
    public const string Any = "*";

    /// <summary>Creates a rule.</summary>
    /// <param name="id">The unique id.</param>
    /// <param name="termsOfUse">The id of the terms of use it names.</param>
    /// <param name="userGroup">A user group code or <c>*</c>.</param>
    /// <param name="itemPolicy">An item policy code or <c>*</c>.</param>
    /// <param name="library">A library code or <c>*</c>.</param>
    /// <param name="location">A location code or <c>*</c>.</param>
    public Rule(string id, string termsOfUse, string userGroup = Any, string itemPolicy = Any, string library = Any, string location = Any)
    {
        Id = Guard.Against.NullOrWhiteSpace(id);
        TermsOfUse = Guard.Against.NullOrWhiteSpace(termsOfUse);
        UserGroup = Guard.Against.NullOrWhiteSpace(userGroup);
        ItemPolicy = Guard.Against.NullOrWhiteSpace(itemPolicy);
        Library = Guard.Against.NullOrWhiteSpace(library);
        Location = Guard.Against.NullOrWhiteSpace(location);
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The terms of use id.</summary>
    public string TermsOfUse { get; }

    /// <summary>The user group code or <c>*</c>.</summary>
    public string UserGroup { get; }

    /// <summary>The item policy code or <c>*</c>.</summary>
    public string ItemPolicy { get; }

    /// <summary>The library code or <c>*</c>.</summary>
    public string Library { get; }

    /// <summary>The location code or <c>*</c>.</summary>
    public string Location { get; }

    /// <summary>Whether this rule matches the given codes.</summary>
    /// <param name="userGroup">The patron's group.</param>
    /// <param name="itemPolicy">The item's policy.</param>
    /// <param name="library">The item's library.</param>
    /// <param name="location">The item's location, if any.</param>
    /// <returns><see langword="true"/> when every field is a wildcard or equal.</returns>
    public bool Matches(string userGroup, string itemPolicy, string library, string? location) =>
        Field(UserGroup, userGroup) && Field(ItemPolicy, itemPolicy) && Field(Library, library) && Field(Location, location);

    private static bool Field(string pattern, string? value) => pattern == Any || string.Equals(pattern, value, StringComparison.Ordinal);
}
