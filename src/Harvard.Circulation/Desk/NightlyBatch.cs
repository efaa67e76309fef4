using Ardalis.GuardClauses;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Time;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Retention;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>Facts about a loan the nightly batch needs beyond its instants.</summary>
[Flags]
public enum NightlyLoanFlags
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>A request recalled the loan: it accrues under the recalled overdue fine.</summary>
    Recalled = 1,

    /// <summary>A fine or fee was ever recorded on the loan (the policy may keep such loans from anonymization).</summary>
    IncurredFineOrFee = 2,

    /// <summary>The loan is already anonymized.</summary>
    Anonymized = 4,
}

/// <summary>What the nightly batch decided for one loan.</summary>
[Flags]
public enum NightlyActions
{
    /// <summary>Nothing to do.</summary>
    None = 0,

    /// <summary>The loan is due to age to lost: its aging instant is at or before the run's instant.</summary>
    AgeToLost = 1,

    /// <summary>The returned loan is due to be anonymized.</summary>
    Anonymize = 2,

    /// <summary>The courtesy notice falls due in the run's window.</summary>
    CourtesyNotice = 4,

    /// <summary>At least one overdue notice falls due in the run's window (see <see cref="NightlyDecision.OverdueNotices"/>).</summary>
    OverdueNotice = 8,
}

/// <summary>The facts of one loan, as the nightly batch reads them: a small value, so a million loans are one
/// array and the batch touches no object per loan.</summary>
public readonly record struct NightlyLoan
{
    /// <summary>Creates the value.</summary>
    /// <param name="dueAt">The due instant in force.</param>
    /// <param name="dueSetAt">The instant of the check-out, renewal or recall that set it.</param>
    /// <param name="returnedAt">When the loan was returned (read only when the status is returned).</param>
    /// <param name="status">The loan's state.</param>
    /// <param name="termsIndex">The index of its terms of use in the policy (see <see cref="NightlyBatch.TermsIndexOf"/>).</param>
    /// <param name="flags">Recalled, incurred a fine or fee, already anonymized.</param>
    public NightlyLoan(Instant dueAt, Instant dueSetAt, Instant returnedAt, LoanStatus status, int termsIndex, NightlyLoanFlags flags)
    {
        DueAt = dueAt;
        DueSetAt = dueSetAt;
        ReturnedAt = returnedAt;
        Status = status;
        TermsIndex = termsIndex;
        Flags = flags;
    }

    /// <summary>The due instant in force.</summary>
    public Instant DueAt { get; }

    /// <summary>The instant of the check-out, renewal or recall that set it.</summary>
    public Instant DueSetAt { get; }

    /// <summary>When the loan was returned (read only when the status is returned).</summary>
    public Instant ReturnedAt { get; }

    /// <summary>The loan's state.</summary>
    public LoanStatus Status { get; }

    /// <summary>The index of its terms of use in the policy (see <see cref="NightlyBatch.TermsIndexOf"/>).</summary>
    public int TermsIndex { get; }

    /// <summary>Recalled, incurred a fine or fee, already anonymized.</summary>
    public NightlyLoanFlags Flags { get; }
}

/// <summary>The batch's decision for one loan.</summary>
public readonly record struct NightlyDecision
{
    /// <summary>Creates the value.</summary>
    /// <param name="actions">What falls due.</param>
    /// <param name="overdueNotices">Bit <c>i</c> set: the <c>i</c>-th overdue notice of the terms falls due in the window.</param>
    /// <param name="fine">The overdue fine accrued at the run's instant (zero when none).</param>
    public NightlyDecision(NightlyActions actions, uint overdueNotices, Money fine)
    {
        Actions = actions;
        OverdueNotices = overdueNotices;
        Fine = fine;
    }

    /// <summary>What falls due.</summary>
    public NightlyActions Actions { get; }

    /// <summary>Bit <c>i</c> set: the <c>i</c>-th overdue notice of the terms falls due in the window.</summary>
    public uint OverdueNotices { get; }

    /// <summary>The overdue fine accrued at the run's instant (zero when none).</summary>
    public Money Fine { get; }
}

/// <summary>The counts of one nightly run.</summary>
public readonly record struct NightlyTotals
{
    /// <summary>Creates the value.</summary>
    /// <param name="ageToLost">Loans due to age to lost.</param>
    /// <param name="anonymize">Loans due for anonymization.</param>
    /// <param name="notices">Notices due (courtesy and overdue).</param>
    /// <param name="finesAccrued">The sum of the accrued fines.</param>
    public NightlyTotals(int ageToLost, int anonymize, int notices, Money finesAccrued)
    {
        AgeToLost = ageToLost;
        Anonymize = anonymize;
        Notices = notices;
        FinesAccrued = finesAccrued;
    }

    /// <summary>Loans due to age to lost.</summary>
    public int AgeToLost { get; }

    /// <summary>Loans due for anonymization.</summary>
    public int Anonymize { get; }

    /// <summary>Notices due (courtesy and overdue).</summary>
    public int Notices { get; }

    /// <summary>The sum of the accrued fines.</summary>
    public Money FinesAccrued { get; }
}

/// <summary>
/// The nightly batch of one library: over every loan, the fine accrued, whether it ages to lost, whether a
/// returned loan is due for anonymization, and which notices fall due — written into caller-provided buffers,
/// allocating nothing per loan.
/// </summary>
/// <remarks>
/// <para>The answers are those of <see cref="CirculationDesk"/>: a loan ages to lost at
/// <c>due + agedToLostAfter</c>; a returned loan is anonymized at <c>returned + anonymizeReturnsAfter</c> unless
/// the policy keeps loans with fines/fees and it incurred one; the courtesy notice is due at
/// <c>due − courtesy</c> and overdue notice <c>i</c> at <c>due + overdue[i]</c>, each only when after the
/// instant that set the due date and (as the desk ages a loan before deciding notices) before the loan ages to
/// lost; the fine is <see cref="OverdueFineCalculator.Compute"/> from the due instant to the run's instant under
/// the overdue (or, once recalled, the recalled) fine rule. Period arithmetic is <see cref="PolicyTime"/>'s.</para>
/// <para>Speed: per run each period becomes a pair of thresholds bounding <c>PolicyTime.Add</c> by the zone's
/// widest offset change, so most loans are decided by comparing instants; only loans within that margin of a
/// threshold take the exact local-calendar path. Immutable and thread-safe.</para>
/// <para>Auto-renewal, request expiry and the recording of fines in the ledger stay with the desk: the batch
/// decides, it does not change loans.</para>
/// </remarks>
public sealed class NightlyBatch
{
    private readonly Policy policy;
    private readonly LibraryCalendar calendar;
    private readonly DateTimeZone zone;
    private readonly Duration offsetSpread;
    private readonly TermsOfUse[] terms;
    private readonly TermsFines[] fines;
    private readonly Dictionary<string, int> termsIndex;
    private readonly Money zero;

    /// <summary>Compiles the batch for one library of a policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="calendar">The calendar of the library (in the policy's time zone).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public NightlyBatch(Policy policy, LibraryCalendar calendar)
    {
        this.policy = Guard.Against.Null(policy);
        this.calendar = Guard.Against.Null(calendar);
        zone = policy.TimeZone;
        offsetSpread = Duration.FromSeconds((long)zone.MaxOffset.Seconds - zone.MinOffset.Seconds);
        terms = [.. policy.TermsOfUse];
        fines = [.. terms.Select(t => new TermsFines(OverdueAccrual.RuleFor(false, t)?.Rule, OverdueAccrual.RuleFor(true, t)?.Rule, policy.Currency))];
        termsIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++)
        {
            termsIndex[terms[i].Id] = i;
        }

        zero = Money.Zero(policy.Currency);
    }

    /// <summary>The index of a terms of use, for <see cref="NightlyLoan.TermsIndex"/>; -1 when unknown.</summary>
    /// <param name="termsOfUseId">The terms id.</param>
    /// <returns>The index.</returns>
    public int TermsIndexOf(string termsOfUseId) => termsIndex.TryGetValue(Guard.Against.Null(termsOfUseId), out var i) ? i : -1;

    /// <summary>The facts of a loan.</summary>
    /// <param name="loan">The loan.</param>
    /// <returns>The facts.</returns>
    /// <exception cref="ArgumentException">The loan's terms are not in the policy.</exception>
    public NightlyLoan FactsOf(Loan loan)
    {
        Guard.Against.Null(loan);
        var index = TermsIndexOf(loan.TermsOfUseId);
        if (index < 0)
        {
            throw new ArgumentException($"Loan {loan.Id} names terms '{loan.TermsOfUseId}' the policy does not define.", nameof(loan));
        }

        var flags = (loan.Recalled ? NightlyLoanFlags.Recalled : 0) | (loan.IncurredFineOrFee ? NightlyLoanFlags.IncurredFineOrFee : 0)
            | (loan.IsAnonymized ? NightlyLoanFlags.Anonymized : 0);
        return new NightlyLoan(loan.DueAt, loan.DueSetAt, loan.ReturnedAt ?? default, loan.Status, index, flags);
    }

    /// <summary>Runs the batch for the window <c>(since, now]</c>: fines at <paramref name="now"/>, aging and
    /// anonymization due at or before it, notices falling due after <paramref name="since"/> up to it.</summary>
    /// <param name="loans">The loans of the library.</param>
    /// <param name="since">The previous run's instant (notices at or before it were decided then).</param>
    /// <param name="now">This run's instant.</param>
    /// <param name="decisions">One decision per loan, written at the loan's index; at least as long as <paramref name="loans"/>.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ArgumentException"><paramref name="decisions"/> is too short, <paramref name="now"/> is
    /// before <paramref name="since"/>, or a loan's terms index is out of range.</exception>
    public NightlyTotals Run(ReadOnlySpan<NightlyLoan> loans, Instant since, Instant now, Span<NightlyDecision> decisions)
    {
        if (decisions.Length < loans.Length)
        {
            throw new ArgumentException($"The decision buffer holds {decisions.Length} decisions; {loans.Length} are needed.", nameof(decisions));
        }

        if (now < since)
        {
            throw new ArgumentException($"The run's instant {IsoInstant.Format(now)} is before the previous run's {IsoInstant.Format(since)}.", nameof(now));
        }

        // Per run (a few small allocations, not per loan): each period's bounds against now and since.
        var run = new RunTerms[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            var t = terms[i];
            run[i] = new RunTerms(
                t.LostItem?.AgedToLostAfter is { } aged ? new Threshold(aged, +1, now, offsetSpread) : default,
                t.Notices?.Courtesy is { } courtesy ? new Threshold(courtesy, -1, now, offsetSpread) : default,
                t.Notices?.Courtesy is { } courtesySince ? new Threshold(courtesySince, -1, since, offsetSpread) : default,
                t.Notices is { } n ? [.. n.Overdue.Select(p => new Threshold(p, +1, now, offsetSpread))] : [],
                t.Notices is { } m ? [.. m.Overdue.Select(p => new Threshold(p, +1, since, offsetSpread))] : []);
        }

        var retention = policy.Retention;
        var anonymize = new Threshold(retention.AnonymizeReturnsAfter, +1, now, offsetSpread);
        int aging = 0, anonymized = 0, notices = 0;
        var total = default(FineTotal);

        // The loans' instants as Unix nanoseconds: the bounds are integer comparisons. An instant beyond them (before
        // 1824 or after 2116) is read as "decide by the rule".
        var nowInRange = UnixNanoseconds.TryFrom(now, out var nowNanoseconds);
        for (var i = 0; i < loans.Length; i++)
        {
            ref readonly var loan = ref loans[i];
            if (unchecked((uint)loan.TermsIndex >= (uint)terms.Length))
            {
                throw new ArgumentException($"Loan {i} has terms index {loan.TermsIndex}, outside the policy's {terms.Length} terms.", nameof(loans));
            }

            var actions = NightlyActions.None;
            uint overdueNotices = 0;
            var fine = zero;
            if (loan.Status == LoanStatus.Returned)
            {
                // The rule is Anonymization.At; the bound only spares most loans the calendar arithmetic.
                if ((loan.Flags & NightlyLoanFlags.Anonymized) == 0 && anonymize.Bound(loan.ReturnedAt) >= 0
                    && Anonymization.At(loan.ReturnedAt, (loan.Flags & NightlyLoanFlags.IncurredFineOrFee) != 0, retention, zone) is { } anonymizeAt
                    && anonymizeAt <= now)
                {
                    actions = NightlyActions.Anonymize;
                    anonymized++;
                }
            }
            else if (loan.Status == LoanStatus.OnLoan)
            {
                var t = terms[loan.TermsIndex];
                ref readonly var r = ref run[loan.TermsIndex];
                var dueInRange = UnixNanoseconds.TryFrom(loan.DueAt, out var due);
                var dueBound = dueInRange ? due : Threshold.Unknown;
                var agesAt = Instant.MaxValue;
                if (r.AgedToLost.Bound(dueBound) >= 0 && AgingToLost.At(loan.DueAt, t, zone) is { } lostAt && lostAt <= now)
                {
                    actions |= NightlyActions.AgeToLost;
                    agesAt = lostAt;
                    aging++;
                }

                // Notices as the desk decides them (NoticeSchedule): after the instant that set the due, and, as the
                // desk ages a loan before deciding notices, before the loan ages to lost.
                if (r.Courtesy.Bound(dueBound) >= 0 && r.CourtesySince.Bound(dueBound) <= 0
                    && NoticeSchedule.CourtesyAt(loan.DueAt, t.Notices!.Courtesy!, zone) is var courtesyAt
                    && courtesyAt > since && courtesyAt <= now && courtesyAt > loan.DueSetAt && courtesyAt < agesAt)
                {
                    actions |= NightlyActions.CourtesyNotice;
                    notices++;
                }

                var overdueNow = r.OverdueNow;
                for (var n = 0; n < overdueNow.Length; n++)
                {
                    if (overdueNow[n].Bound(dueBound) >= 0 && r.OverdueSince[n].Bound(dueBound) <= 0
                        && NoticeSchedule.OverdueAt(loan.DueAt, t.Notices!.Overdue[n], zone) is var overdueAt
                        && overdueAt > since && overdueAt <= now && overdueAt > loan.DueSetAt && overdueAt < agesAt)
                    {
                        overdueNotices |= 1u << n;
                    }
                }

                if (overdueNotices != 0)
                {
                    actions |= NightlyActions.OverdueNotice;
                    notices += System.Numerics.BitOperations.PopCount(overdueNotices);
                }

                // The fine (OverdueAccrual's rule, read per terms once), in integers when the instants allow.
                ref readonly var f = ref fines[loan.TermsIndex];
                var recalled = (loan.Flags & NightlyLoanFlags.Recalled) != 0;
                if ((recalled ? f.HasRecalled : f.HasOverdue) && (dueInRange && nowInRange ? nowNanoseconds > due : now > loan.DueAt))
                {
                    ref readonly var rule = ref recalled ? ref f.Recalled : ref f.Overdue;
                    if (dueInRange && nowInRange && OverdueFineCalculator.TryAmount(rule, loan.DueAt, due, nowNanoseconds, calendar, out var amount))
                    {
                        total.Add(amount.Units, amount.Scale);
                        fine = new Money(amount.ToDecimal(), amount.Capped ? f.CapCurrency(recalled) : f.RateCurrency(recalled));
                    }
                    else
                    {
                        fine = OverdueFineCalculator.Compute(rule.Rule, loan.DueAt, now, calendar).Amount;
                        total.Add(fine.Amount);
                    }
                }
            }

            decisions[i] = new NightlyDecision(actions, overdueNotices, fine);
        }

        if (!total.TryToDecimal(out var finesAccrued))
        {
            // Beyond a decimal's 96 bits a decimal sum starts rounding: add the decisions' fines in loan order as it would.
            finesAccrued = 0m;
            foreach (var decision in decisions[..loans.Length])
            {
                finesAccrued += decision.Fine.Amount;
            }
        }

        return new NightlyTotals(aging, anonymized, notices, new Money(finesAccrued, policy.Currency));
    }

    /// <summary>When a loan ages to lost under its terms (the <see cref="AgingToLost"/> rule), or null when its
    /// terms never age loans.</summary>
    /// <param name="loan">The loan's facts.</param>
    /// <returns>The instant.</returns>
    public Instant? AgesToLostAt(in NightlyLoan loan) => AgingToLost.At(loan.DueAt, terms[loan.TermsIndex], zone);

    /// <summary>When a returned loan is anonymized (the <see cref="Anonymization"/> rule), or null (open, or kept
    /// for a fine or fee).</summary>
    /// <param name="loan">The loan's facts.</param>
    /// <returns>The instant.</returns>
    public Instant? AnonymizeAt(in NightlyLoan loan) =>
        loan.Status != LoanStatus.Returned ? null : Anonymization.At(loan.ReturnedAt, (loan.Flags & NightlyLoanFlags.IncurredFineOrFee) != 0, policy.Retention, zone);

    private readonly record struct RunTerms(Threshold AgedToLost, Threshold Courtesy, Threshold CourtesySince, Threshold[] OverdueNow, Threshold[] OverdueSince);

    /// <summary>The overdue and recalled overdue fine rules of one terms of use, read once (see
    /// <see cref="IntegerFineRule"/>), with the currencies their amounts come in.</summary>
    private readonly struct TermsFines
    {
        private readonly string overdueRate, overdueCap, recalledRate, recalledCap;

        public TermsFines(FineRule? overdue, FineRule? recalled, string currency)
        {
            (HasOverdue, HasRecalled) = (overdue is not null, recalled is not null);
            Overdue = overdue is null ? default : new IntegerFineRule(overdue);
            Recalled = recalled is null ? default : new IntegerFineRule(recalled);
            (overdueRate, overdueCap) = Currencies(overdue, currency);
            (recalledRate, recalledCap) = Currencies(recalled, currency);
        }

        public bool HasOverdue { get; }

        public bool HasRecalled { get; }

        // Fields, to be passed by reference.
        public readonly IntegerFineRule Overdue;

        public readonly IntegerFineRule Recalled;

        public string RateCurrency(bool recalled) => recalled ? recalledRate : overdueRate;

        public string CapCurrency(bool recalled) => recalled ? recalledCap : overdueCap;

        private static (string Rate, string Cap) Currencies(FineRule? rule, string currency) =>
            rule is null ? (currency, currency) : (FineAmount.CurrencyOf(rule.Amount), rule.Max is { } max ? FineAmount.CurrencyOf(max) : currency);
    }

    /// <summary>
    /// Bounds <c>shift(x) ≤ limit</c> for <c>shift(x) = x + period</c> (sign +1) or <c>x − period</c> (sign −1) in
    /// policy time: with date parts in <c>[minDays, maxDays]</c> and the zone's offsets differing by at most
    /// <c>spread</c>, <c>shift(x) − x</c> lies within known bounds; so <c>x ≤ limit − upper</c> surely reaches it,
    /// <c>x &gt; limit − lower</c> surely does not, and only between them must the rule itself be computed. The bounds
    /// are kept in Unix nanoseconds, so that a loan is decided by two integer comparisons (NodaTime's instant
    /// comparisons were calls in the batch's loop).
    /// </summary>
    private readonly struct Threshold
    {
        /// <summary>An instant that could not be read in nanoseconds: every defined bound answers "decide by the rule".</summary>
        public const long Unknown = long.MinValue;

        private readonly bool defined;
        private readonly long surelyAtOrBefore;
        private readonly long surelyAfter;

        public Threshold(Period period, int sign, Instant limit, Duration spread)
        {
            defined = true;
            if (PolicyTime.IsNegative(period) || period.Years > 10_000 || period.Months > 120_000 || period.Weeks > 520_000 || period.Days > 3_650_000)
            {
                surelyAtOrBefore = long.MinValue;
                surelyAfter = long.MaxValue;
                return;
            }

            var time = PolicyTime.TimePart(period);
            var fixedDays = (period.Weeks * 7L) + period.Days;
            var low = Duration.FromDays((period.Years * 365L) + (period.Months * 28L) + fixedDays);
            var high = Duration.FromDays((period.Years * 366L) + (period.Months * 31L) + fixedDays);
            if (period.HasDateComponent)
            {
                low -= spread;
                high += spread;
            }

            // shift(x) - x lies in [lowShift, highShift].
            var (lowShift, highShift) = sign > 0 ? (low + time, high + time) : (-(high + time), -(low + time));
            // One nanosecond of margin each way would do; a tick is kept from when the bounds were ticks.
            surelyAtOrBefore = Clamp(limit, -highShift - Duration.FromTicks(1), atOrBefore: true);
            surelyAfter = Clamp(limit, -lowShift + Duration.FromTicks(1), atOrBefore: false);
        }

        /// <summary>1: <c>shift(x) ≤ limit</c> surely; −1: surely not (also for the default, undefined bound); 0:
        /// the rule must decide (always for <see cref="Unknown"/>).</summary>
        public int Bound(long x) => !defined ? -1 : x == Unknown ? 0 : x <= surelyAtOrBefore ? 1 : x > surelyAfter ? -1 : 0;

        /// <summary>As <see cref="Bound(long)"/> for an instant.</summary>
        public int Bound(Instant x) => Bound(UnixNanoseconds.TryFrom(x, out var nanoseconds) ? nanoseconds : Unknown);

        /// <summary><c>limit + offset</c> in Unix nanoseconds, for comparison with instants within the nanosecond
        /// range: beyond it, the bound that every such instant is below (or above) — so no loan is decided wrongly, and
        /// never <see cref="Unknown"/>'s value for a bound an instant must reach.</summary>
        private static long Clamp(Instant instant, Duration offset, bool atOrBefore)
        {
            var nanoseconds = (System.Numerics.BigInteger)instant.ToUnixTimeTicks() * NodaConstants.NanosecondsPerTick + offset.ToBigIntegerNanoseconds();
            if (nanoseconds <= -(System.Numerics.BigInteger.One << 62))
            {
                // Every instant in range is after it: "x ≤ bound" never holds; "x > bound" always does.
                return atOrBefore ? long.MinValue : long.MinValue + 1;
            }

            return nanoseconds >= (System.Numerics.BigInteger.One << 62) ? long.MaxValue : (long)nanoseconds;
        }
    }
}
