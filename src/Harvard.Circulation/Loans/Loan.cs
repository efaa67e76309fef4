using System.Collections.Immutable;
using Ardalis.GuardClauses;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Loans;

/// <summary>
/// One loan of one item to one patron, with the instant of every transition. Immutable: every change makes a
/// new loan (see <see cref="LoanStateMachine"/>).
/// </summary>
/// <remarks>
/// <para>An anonymized loan keeps its item and instants but has no patron (<see cref="PatronId"/> is null).</para>
/// <para>Every transition copies the loan, so it is kept small: what never changes after check-out (id, item, rule,
/// terms, location, loan instant) is one shared object, and the optional instants are plain instants with a bit each
/// saying whether they are set, rather than nullable instants (8 bytes more each).</para>
/// </remarks>
public sealed record Loan
{
    private const byte HasRecalledAt = 1, HasClaimedReturnedAt = 2, HasLostAt = 4, HasReturnedAt = 8, HasAutoRenewTriedFor = 16, HasScheduled = 32;

    private readonly Facts facts;
    private readonly byte present;
    private readonly byte scheduledKind;
    private readonly Instant recalledAt, claimedReturnedAt, lostAt, returnedAt, autoRenewTriedFor, scheduledAt;

    /// <summary>Creates an open loan.</summary>
    /// <param name="id">The loan id, e.g. <c>L1</c>.</param>
    /// <param name="patronId">The patron's primary id.</param>
    /// <param name="itemBarcode">The item's barcode.</param>
    /// <param name="loanedAt">The check-out instant.</param>
    /// <param name="dueAt">The due instant; not before <paramref name="loanedAt"/>.</param>
    /// <param name="ruleId">The rule that matched.</param>
    /// <param name="termsOfUseId">The terms of use it named.</param>
    /// <param name="location">The staff member's current location, recorded only.</param>
    /// <param name="sessionId">The patron services session it was made in, if any.</param>
    /// <param name="notes">Notes on the loan.</param>
    public Loan(string id, string patronId, string itemBarcode, Instant loanedAt, Instant dueAt, string ruleId, string termsOfUseId,
        string? location = null, string? sessionId = null, IEnumerable<string>? notes = null)
        : this(NumberOf(Guard.Against.NullOrWhiteSpace(id)), id, patronId, itemBarcode, loanedAt, dueAt, ruleId, termsOfUseId, location, sessionId, notes)
    {
    }

    /// <summary>Creates an open loan with the desk's number for it (an id of another shape than <c>Ln</c>: a scoped
    /// id).</summary>
    internal Loan(int number, string id, string patronId, string itemBarcode, Instant loanedAt, Instant dueAt, string ruleId, string termsOfUseId,
        string? location = null, string? sessionId = null, IEnumerable<string>? notes = null, int? place = null)
    {
        Guard.Against.NullOrWhiteSpace(id);
        PatronId = Guard.Against.NullOrWhiteSpace(patronId);
        Guard.Against.NullOrWhiteSpace(itemBarcode);
        if (dueAt < loanedAt)
        {
            throw new ArgumentException($"The due instant {IsoInstant.Format(dueAt)} is before the loan instant {IsoInstant.Format(loanedAt)}.", nameof(dueAt));
        }

        DueAt = dueAt;
        facts = new Facts(number, id, itemBarcode, loanedAt, Guard.Against.NullOrWhiteSpace(ruleId), Guard.Against.NullOrWhiteSpace(termsOfUseId), location, place);
        SessionId = sessionId;
        Notes = (notes ?? []).ToEquatableArray();
        Status = LoanStatus.OnLoan;
    }

    /// <summary>The desk's number of the loan: <c>n</c> of an id <c>Ln</c>; under scoped ids, the order the desk made
    /// its loans in; 0 for a loan made outside a desk with an id of another shape.</summary>
    /// <remarks>Loans are ordered by it (records and notices at one instant follow loan order).</remarks>
    public int Number => facts.Number;

    /// <summary>The loan id.</summary>
    public string Id => facts.Id;

    /// <summary>Under scoped ids, the place of its check-out among the actions of <see cref="LoanedAt"/>, which
    /// with that instant orders loans across items (loan order) without a desk-wide number; null under dense ids.</summary>
    internal int? Place => facts.Place;

    /// <summary>The patron's primary id; null once anonymized.</summary>
    public string? PatronId { get; private init; }

    /// <summary>Which notices of the current due instant have been decided: bit 0 the courtesy notice, bit
    /// <c>i + 1</c> the <c>i</c>-th overdue notice. A new due instant (renewal, recall) starts again from none;
    /// a renewal to the same due instant keeps what was sent.</summary>
    internal ulong NoticesSent => NoticesSentFor == DueAt ? NoticesSentMask : 0;

    private ulong NoticesSentMask { get; init; }

    private Instant NoticesSentFor { get; init; }

    /// <summary>Whether auto-renewal was tried at the current due instant (it is tried once per due instant, so a
    /// renewal that lands on the same due instant is not tried again).</summary>
    internal bool AutoRenewTried => AutoRenewTriedFor == DueAt;

    private Instant? AutoRenewTriedFor
    {
        get => Get(HasAutoRenewTriedFor, autoRenewTriedFor);
        init => present = Set(HasAutoRenewTriedFor, value, out autoRenewTriedFor);
    }

    /// <summary>The key of the overdue fine record accruing for the current overdue period, if one arose.</summary>
    internal long? AccruingRecordKey { get; private init; }

    /// <summary>The desk's schedule entry for the loan (its next scheduled action), kept so that a change of the loan
    /// can take the old entry out without computing it again; null when nothing is scheduled.</summary>
    internal (Instant At, byte Kind)? Scheduled
    {
        get => (present & HasScheduled) != 0 ? (scheduledAt, scheduledKind) : null;
        init
        {
            present = Set(HasScheduled, value?.At, out scheduledAt);
            scheduledKind = value?.Kind ?? 0;
        }
    }

    /// <summary>Whether any fine/fee of any type or status was ever recorded on the loan.</summary>
    public bool IncurredFineOrFee { get; private init; }

    /// <summary>Whether the patron link has been removed.</summary>
    public bool IsAnonymized => PatronId is null;

    /// <summary>The item's barcode.</summary>
    public string ItemBarcode => facts.ItemBarcode;

    /// <summary>The state.</summary>
    public LoanStatus Status { get; private init; }

    /// <summary>The check-out instant.</summary>
    public Instant LoanedAt => facts.LoanedAt;

    /// <summary>The due instant in force.</summary>
    public Instant DueAt { get; private init; }

    /// <summary>The instant of the check-out, renewal or recall that set <see cref="DueAt"/>.</summary>
    public Instant DueSetAt => Latest(Latest(LoanedAt, LastRenewedAt), RecalledAt);

    /// <summary>How many times the loan was renewed.</summary>
    public int Renewals => RenewedAt.Count;

    /// <summary>The instants of the renewals, in order.</summary>
    public EquatableArray<Instant> RenewedAt { get; private init; }

    /// <summary>Whether a request recalled the loan.</summary>
    public bool Recalled => RecalledAt is not null;

    /// <summary>When the loan was recalled, if it was.</summary>
    public Instant? RecalledAt
    {
        get => Get(HasRecalledAt, recalledAt);
        private init => present = Set(HasRecalledAt, value, out recalledAt);
    }

    /// <summary>When the item was marked Claimed Return, if it was.</summary>
    public Instant? ClaimedReturnedAt
    {
        get => Get(HasClaimedReturnedAt, claimedReturnedAt);
        private init => present = Set(HasClaimedReturnedAt, value, out claimedReturnedAt);
    }

    /// <summary>When the loan became lost, if it did.</summary>
    public Instant? LostAt
    {
        get => Get(HasLostAt, lostAt);
        private init => present = Set(HasLostAt, value, out lostAt);
    }

    /// <summary>Whether the loan became lost by aging rather than by staff.</summary>
    public bool AgedToLost { get; private init; }

    /// <summary>When the loan was closed as returned (checked in or found), if it was.</summary>
    public Instant? ReturnedAt
    {
        get => Get(HasReturnedAt, returnedAt);
        private init => present = Set(HasReturnedAt, value, out returnedAt);
    }

    /// <summary>When the loan was marked found, if it was (a check-in of a claimed-returned or lost loan counts).</summary>
    public Instant? FoundAt => (present & (HasClaimedReturnedAt | HasLostAt)) != 0 ? ReturnedAt : null;

    /// <summary>The instant of the latest transition (the check-out at first).</summary>
    // Derived rather than stored: each transition copies the whole record, and a smaller record is a faster
    // copy (the apply path allocates only the new loan; see LoanActionBenchmarks).
    public Instant LastTransitionAt
    {
        get
        {
            var latest = Latest(LoanedAt, LastRenewedAt);
            if ((present & (HasClaimedReturnedAt | HasLostAt | HasReturnedAt)) != 0)
            {
                latest = Latest(Latest(Latest(latest, ClaimedReturnedAt), LostAt), ReturnedAt);
            }

            return latest;
        }
    }

    /// <summary>The rule that matched at check-out.</summary>
    public string RuleId => facts.RuleId;

    /// <summary>The terms of use the rule named.</summary>
    public string TermsOfUseId => facts.TermsOfUseId;

    /// <summary>The staff member's current location at check-out, recorded only.</summary>
    public string? Location => facts.Location;

    /// <summary>The patron services session the loan was made in, if any.</summary>
    public string? SessionId { get; private init; }

    /// <summary>Notes on the loan.</summary>
    public EquatableArray<string> Notes { get; private init; }

    /// <summary>Whether the loan is open (not returned).</summary>
    public bool IsOpen => Status != LoanStatus.Returned;

    /// <summary>Whether the loan is overdue at an instant: on loan and strictly past due.</summary>
    /// <param name="at">The instant.</param>
    /// <returns>The answer.</returns>
    public bool IsOverdueAt(Instant at) => Status == LoanStatus.OnLoan && at > DueAt;

    /// <summary>The row actions offered now, in the guide's order.</summary>
    public ImmutableArray<LoanTrigger> AllowedActions => LoanStateMachine.AllowedActions(Status);

    /// <summary>This loan with a note added.</summary>
    /// <param name="note">The note.</param>
    /// <returns>The new loan.</returns>
    public Loan WithNote(string note) => this with { Notes = Notes.Append(Guard.Against.NullOrWhiteSpace(note)).ToEquatableArray() };

    /// <summary>The loan with its patron link removed; item and instants kept.</summary>
    /// <returns>The anonymized loan.</returns>
    /// <exception cref="InvalidOperationException">The loan is still open.</exception>
    public Loan Anonymized() => Status == LoanStatus.Returned
        ? this with { PatronId = null, SessionId = null }
        : throw new InvalidOperationException($"Loan {Id} is {Status.ToSpelling()}; only a returned loan can be anonymized.");

    /// <summary>The loan recalled: due moved earlier at the recall instant.</summary>
    /// <param name="at">The recall instant.</param>
    /// <param name="dueAt">The new, earlier due instant.</param>
    /// <returns>The recalled loan.</returns>
    internal Loan RecalledTo(Instant at, Instant dueAt) => this with { RecalledAt = at, DueAt = dueAt };

    internal Loan WithNoticeSent(int bit) => this with { NoticesSentMask = NoticesSent | (1ul << bit), NoticesSentFor = DueAt };

    internal Loan WithAutoRenewTried() => this with { AutoRenewTriedFor = DueAt };

    internal Loan WithAccruingRecord(long? key) => this with { AccruingRecordKey = key, IncurredFineOrFee = IncurredFineOrFee || key is not null };

    internal Loan WithFineOrFeeIncurred() => this with { IncurredFineOrFee = true };

    /// <summary>The loan as a snapshot holds it.</summary>
    internal LoanSnapshot ToSnapshot()
    {
        var sent = NoticesSent;
        var indexes = ImmutableArray.CreateBuilder<int>();
        for (var bit = 0; bit < 64 && sent >> bit != 0; bit++)
        {
            if ((sent & (1ul << bit)) != 0)
            {
                indexes.Add(bit);
            }
        }

        return new LoanSnapshot
        {
            Id = Id,
            Place = Place,
            PatronId = PatronId,
            ItemBarcode = ItemBarcode,
            Status = Status,
            LoanedAt = LoanedAt,
            DueAt = DueAt,
            RuleId = RuleId,
            TermsOfUseId = TermsOfUseId,
            Location = Location,
            SessionId = SessionId,
            Notes = Notes,
            RenewedAt = RenewedAt,
            RecalledAt = RecalledAt,
            ClaimedReturnedAt = ClaimedReturnedAt,
            LostAt = LostAt,
            AgedToLost = AgedToLost,
            ReturnedAt = ReturnedAt,
            NoticesSent = new EquatableArray<int>(indexes.ToImmutable()),
            AutoRenewTried = AutoRenewTried,
            IncurredFineOrFee = IncurredFineOrFee,
        };
    }

    /// <summary>A loan as a snapshot holds it, back (the desk checked it and links its accruing record).</summary>
    /// <param name="snapshot">The loan as the snapshot holds it.</param>
    /// <param name="number">The desk's number for it: its id's under dense ids, the restoring desk's own under scoped
    /// ids.</param>
    internal static Loan FromSnapshot(LoanSnapshot snapshot, int number)
    {
        var sent = 0ul;
        foreach (var index in snapshot.NoticesSent)
        {
            sent |= 1ul << index;
        }

        // The constructor checks the id, item, instants, rule and terms; a patron is required there, so an
        // anonymized loan is built with a placeholder and anonymized after.
        var loan = new Loan(number, snapshot.Id, snapshot.PatronId ?? "-", snapshot.ItemBarcode, snapshot.LoanedAt, snapshot.DueAt, snapshot.RuleId,
            snapshot.TermsOfUseId, snapshot.Location, snapshot.SessionId, snapshot.Notes, snapshot.Place)
        {
            Status = snapshot.Status,
            RenewedAt = snapshot.RenewedAt,
            RecalledAt = snapshot.RecalledAt,
            ClaimedReturnedAt = snapshot.ClaimedReturnedAt,
            LostAt = snapshot.LostAt,
            AgedToLost = snapshot.AgedToLost,
            ReturnedAt = snapshot.ReturnedAt,
            NoticesSentMask = sent,
            NoticesSentFor = snapshot.DueAt,
            AutoRenewTriedFor = snapshot.AutoRenewTried ? snapshot.DueAt : null,
            IncurredFineOrFee = snapshot.IncurredFineOrFee,
        };
        return snapshot.PatronId is null ? loan with { PatronId = null, SessionId = null } : loan;
    }

    internal static int NumberOf(string id) =>
        id.Length > 1 && id[0] == 'L' && int.TryParse(id.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;

    private Instant? LastRenewedAt => RenewedAt.Count == 0 ? null : RenewedAt[RenewedAt.Count - 1];

    private static Instant Latest(Instant instant, Instant? other) => other is { } o && o > instant ? o : instant;

    private Instant? Get(byte bit, Instant value) => (present & bit) != 0 ? value : null;

    /// <summary>The presence bits with <paramref name="bit"/> set or cleared, and the instant to store (the default
    /// when absent, so that equal loans have equal fields).</summary>
    private byte Set(byte bit, Instant? value, out Instant stored)
    {
        stored = value.GetValueOrDefault();
        return value is null ? (byte)(present & ~bit) : (byte)(present | bit);
    }

    /// <summary>What a loan never changes after check-out: shared by every version of it.</summary>
    private sealed record Facts(int Number, string Id, string ItemBarcode, Instant LoanedAt, string RuleId, string TermsOfUseId, string? Location, int? Place);

    internal Loan Renewed(Instant at, Instant dueAt) => this with
    {
        DueAt = dueAt,
        RenewedAt = RenewedAt.Append(at).ToEquatableArray(),
        AccruingRecordKey = null,
    };

    // Leaving onLoan stops accrual: the current period's record (if any) is final from here.
    internal Loan Transitioned(LoanTrigger trigger, LoanStatus target, Instant at) => target switch
    {
        LoanStatus.ClaimedReturned => this with { Status = target, ClaimedReturnedAt = at, AccruingRecordKey = null },
        LoanStatus.Lost => this with { Status = target, LostAt = at, AgedToLost = trigger == LoanTrigger.AgeToLost, AccruingRecordKey = null },
        LoanStatus.Returned => this with { Status = target, ReturnedAt = at, AccruingRecordKey = null },
        _ => this with { Status = target },
    };
}
