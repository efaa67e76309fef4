using System.Collections.Immutable;
using Ardalis.GuardClauses;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Items;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Requests;
using Harvard.Circulation.Sessions;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>
/// The whole circulation state of one institution at one instant — patrons, items, loans, fines/fees,
/// requests, notices sent and patron services sessions — and every action on it, decided by the policy.
/// </summary>
/// <remarks>
/// <para>Immutable: every action returns a new desk (or a refusal carrying the desk unchanged but advanced to
/// the action's instant). No clock is read: each action names its instant, and actions must come in time
/// order (<see cref="Now"/> never goes back).</para>
/// <para>Before an action at instant <c>t</c>, <see cref="AdvanceTo"/> applies, in time order, what the
/// policy makes happen by itself up to and including <c>t</c>: at each instant first overdue fines arising,
/// auto-renewals, aging to lost, request expiry (the next request moving up) and anonymization, then the
/// notices due. So advancing to <c>t1</c> and then <c>t2</c> gives the same desk as advancing to <c>t2</c>
/// at once, and each notice is decided exactly once.</para>
/// <para>Safe to share between threads.</para>
/// </remarks>
public sealed partial record CirculationDesk
{
    private const string PendingPrefix = "\u0001pending-";

    private CirculationDesk(Policy policy, PatronDirectory patrons, ImmutableDictionary<string, Item> items, Instant now)
    {
        Policy = policy;
        Calendars = PolicyCalendars.Of(policy);
        Patrons = patrons;
        ItemsByBarcode = items;
        Now = now;
        Ledger = Ledger.Empty(policy.Currency);
    }

    /// <summary>The policy every decision comes from.</summary>
    public Policy Policy { get; }

    /// <summary>The library calendars of the policy.</summary>
    public PolicyCalendars Calendars { get; }

    /// <summary>The patrons.</summary>
    public PatronDirectory Patrons { get; }

    /// <summary>The items by barcode.</summary>
    public ImmutableDictionary<string, Item> ItemsByBarcode { get; }

    /// <summary>The instant the desk has been advanced to.</summary>
    public Instant Now { get; private init; }

    /// <summary>Every loan, in the order made (<c>L1, L2, ...</c>).</summary>
    public ImmutableList<Loan> Loans { get; private init; } = [];

    /// <summary>The fines and fees. Records that arose at <see cref="Now"/> may still carry a provisional id
    /// until the desk moves on; <see cref="Settled"/> gives them their final ids.</summary>
    public Ledger Ledger { get; private init; }

    /// <summary>Every request, in the order placed.</summary>
    public ImmutableList<Request> Requests { get; private init; } = [];

    /// <summary>Every notice decided so far, in the order decided.</summary>
    public ImmutableList<Notice> Notices { get; private init; } = [];

    /// <summary>Every patron services session, in the order opened.</summary>
    public ImmutableList<PatronServicesSession> Sessions { get; private init; } = [];

    private ImmutableDictionary<string, int> LoanIndex { get; init; } = ImmutableDictionary<string, int>.Empty;

    private ImmutableDictionary<string, string> OpenLoanByItem { get; init; } = ImmutableDictionary<string, string>.Empty;

    private ImmutableDictionary<string, string> AccruingFineByLoan { get; init; } = ImmutableDictionary<string, string>.Empty;

    private ImmutableDictionary<string, int> ClaimsByPatron { get; init; } = ImmutableDictionary<string, int>.Empty;

    private ImmutableDictionary<string, Instant> AutoRenewTried { get; init; } = ImmutableDictionary<string, Instant>.Empty;

    private ImmutableHashSet<string> ScheduledNoticesSent { get; init; } = [];

    private ImmutableList<PendingRecord> Pending { get; init; } = [];

    private ImmutableHashSet<string> AnonymizedLoans { get; init; } = [];

    private int FineCount { get; init; }

    private long NoticeCount { get; init; }

    private long RecordCount { get; init; }

    /// <summary>Opens a desk with its patrons and items at a starting instant.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="patrons">The patrons; each patron's group must be in the policy's catalogue.</param>
    /// <param name="items">The items; each item policy must be in the policy.</param>
    /// <param name="start">The starting instant.</param>
    /// <returns>The desk.</returns>
    /// <exception cref="ArgumentException">A patron's group or an item's policy is unknown, or a barcode repeats; the message names the code (never a patron's name).</exception>
    public static CirculationDesk Open(Policy policy, IEnumerable<Patron> patrons, IEnumerable<Item> items, Instant start)
    {
        Guard.Against.Null(policy);
        var directory = new PatronDirectory(Guard.Against.Null(patrons));
        foreach (var patron in directory.Patrons)
        {
            if (policy.FindUserGroup(patron.GroupCode) is null)
            {
                throw new ArgumentException($"Patron {patron.PrimaryId} is in user group '{patron.GroupCode}', which is not in the policy's catalogue.", nameof(patrons));
            }
        }

        var byBarcode = ImmutableDictionary.CreateBuilder<string, Item>(StringComparer.Ordinal);
        foreach (var item in Guard.Against.Null(items))
        {
            if (policy.FindItemPolicy(item.ItemPolicy) is null)
            {
                throw new ArgumentException($"Item {item.Barcode} has item policy '{item.ItemPolicy}', which the policy does not define.", nameof(items));
            }

            if (!byBarcode.TryAdd(item.Barcode, item))
            {
                throw new ArgumentException($"Item barcode {item.Barcode} appears twice.", nameof(items));
            }
        }

        return new CirculationDesk(policy, directory, byBarcode.ToImmutable(), start);
    }

    /// <summary>Finds a loan by id.</summary>
    /// <param name="loanId">The id.</param>
    /// <returns>The loan, or null.</returns>
    public Loan? FindLoan(string loanId) => LoanIndex.TryGetValue(Guard.Against.Null(loanId), out var i) ? Loans[i] : null;

    /// <summary>The open loan of an item, if any.</summary>
    /// <param name="barcode">The item barcode.</param>
    /// <returns>The loan, or null when the item is on the shelf.</returns>
    public Loan? OpenLoanOf(string barcode) => OpenLoanByItem.TryGetValue(Guard.Against.Null(barcode), out var id) ? FindLoan(id) : null;

    /// <summary>The terms of use a loan was made under.</summary>
    /// <param name="loan">The loan.</param>
    /// <returns>The terms.</returns>
    public TermsOfUse TermsOf(Loan loan) => Policy.FindTermsOfUse(Guard.Against.Null(loan).TermsOfUseId)
        ?? throw new InvalidOperationException($"Loan {loan.Id} names terms '{loan.TermsOfUseId}' the policy does not define.");

    /// <summary>How many loans the patron has claimed returned (every claim counts).</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The count.</returns>
    public int ClaimedReturnedCount(string patronId) => ClaimsByPatron.GetValueOrDefault(Guard.Against.Null(patronId));

    /// <summary>The notices a patron has been sent — the Attachments tab of the patron's User Details — in time order.</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The notices, earliest first (ties in the order decided).</returns>
    public IReadOnlyList<Notice> Attachments(string patronId)
    {
        var patron = Patrons.FindByPrimaryId(Guard.Against.Null(patronId))?.PrimaryId ?? patronId;
        return Notices.Where(n => n.PatronId == patron).OrderBy(n => n.At).ThenBy(n => n.Sequence).ToList();
    }

    /// <summary>The patron's active balance at <see cref="Now"/> (fines still accruing counted as accrued so far).</summary>
    /// <param name="patronId">The patron.</param>
    /// <returns>The balance.</returns>
    public Money ActiveBalance(string patronId) => Ledger.ActiveBalance(patronId);

    /// <summary>The desk with every record that arose so far under its final id (<c>F1, F2, ...</c>).</summary>
    /// <returns>The settled desk.</returns>
    public CirculationDesk Settled() => Flush();

    private Item ItemOf(Loan loan) => ItemsByBarcode[loan.ItemBarcode];

    private LibraryCalendar CalendarOf(Item item) => Calendars.For(item.Library);

    private DateTimeZone Zone => Policy.TimeZone;

    private CirculationDesk WithLoan(Loan loan)
    {
        if (LoanIndex.TryGetValue(loan.Id, out var i))
        {
            // Only this loan's own entry may go: the item may since have been lent again (an old return being
            // anonymized must not forget the item's current loan).
            var openByItem = loan.IsOpen
                ? OpenLoanByItem.SetItem(loan.ItemBarcode, loan.Id)
                : OpenLoanByItem.TryGetValue(loan.ItemBarcode, out var open) && open == loan.Id ? OpenLoanByItem.Remove(loan.ItemBarcode) : OpenLoanByItem;
            return this with { Loans = Loans.SetItem(i, loan), OpenLoanByItem = openByItem };
        }

        return this with
        {
            Loans = Loans.Add(loan),
            LoanIndex = LoanIndex.Add(loan.Id, Loans.Count),
            OpenLoanByItem = OpenLoanByItem.SetItem(loan.ItemBarcode, loan.Id),
        };
    }

    private CirculationDesk WithRequest(Request request)
    {
        var i = Requests.FindIndex(r => r.Id == request.Id);
        return this with { Requests = i >= 0 ? Requests.SetItem(i, request) : Requests.Add(request) };
    }

    private CirculationDesk WithSession(PatronServicesSession session)
    {
        var i = Sessions.FindIndex(s => s.Id == session.Id);
        return this with { Sessions = i >= 0 ? Sessions.SetItem(i, session) : Sessions.Add(session) };
    }

    private CirculationDesk AddNotice(NoticeType type, string patronId, Instant at, string? loanId = null, string? requestId = null, string? transactionId = null) =>
        this with
        {
            Notices = Notices.Add(new Notice(type, patronId, at, loanId, requestId, transactionId, NoticeCount)),
            NoticeCount = NoticeCount + 1,
        };

    private int LoanNumber(string? loanId) => loanId is not null && LoanIndex.TryGetValue(loanId, out var i) ? i : int.MaxValue;

    private readonly record struct PendingRecord(string ProvisionalId, string? LoanId, int KindRank, long Sequence);

    /// <summary>Adds a fine/fee record under a provisional id; <see cref="Flush"/> numbers the records that
    /// arose at one instant in loan order (overdue fine, replacement fee, process fee), records with no loan
    /// last in event order.</summary>
    private CirculationDesk AddRecord(string patronId, FineFeeType type, Money amount, Instant at, string? loanId, string? title, bool accruing, out string provisionalId)
    {
        provisionalId = PendingPrefix + RecordCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var record = new FineFee(provisionalId, patronId, type, amount, at, loanId, title, accruing);
        // Per loan: overdue fine, replacement fee, process fee; records with no loan keep event order.
        var rank = loanId is null ? 0 : type switch
        {
            FineFeeType.OverdueFine or FineFeeType.RecalledOverdueFine => 0,
            FineFeeType.LostItemReplacementFee => 1,
            FineFeeType.LostItemProcessFee => 2,
            _ => 3,
        };
        return this with
        {
            Ledger = Ledger.Add(record),
            Pending = Pending.Add(new PendingRecord(provisionalId, loanId, rank, RecordCount)),
            RecordCount = RecordCount + 1,
        };
    }

    private CirculationDesk Flush()
    {
        if (Pending.IsEmpty)
        {
            return this;
        }

        var desk = this;
        var count = FineCount;
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pending in Pending.OrderBy(p => LoanNumber(p.LoanId)).ThenBy(p => p.KindRank).ThenBy(p => p.Sequence))
        {
            count++;
            renames[pending.ProvisionalId] = "F" + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var ledger = Ledger.Empty(Policy.Currency);
        foreach (var record in Ledger.Records.Where(r => !renames.ContainsKey(r.TransactionId)))
        {
            ledger = ledger.Add(record);
        }

        foreach (var (provisional, final) in renames.OrderBy(r => int.Parse(r.Value.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)))
        {
            ledger = ledger.Add(Ledger.Find(provisional)!.WithTransactionId(final));
        }

        var accruing = AccruingFineByLoan;
        foreach (var (loanId, txId) in AccruingFineByLoan)
        {
            if (renames.TryGetValue(txId, out var final))
            {
                accruing = accruing.SetItem(loanId, final);
            }
        }

        var notices = Notices.Select(n => n.TransactionId is { } id && renames.TryGetValue(id, out var final) ? n.WithTransactionId(final) : n).ToImmutableList();
        return desk with { Ledger = ledger, AccruingFineByLoan = accruing, Notices = notices, Pending = [], FineCount = count };
    }
}
