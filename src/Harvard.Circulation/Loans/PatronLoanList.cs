using System.Buffers;
using System.Numerics;
using Ardalis.GuardClauses;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Loans;

/// <summary>Which loans a patron's loan list shows.</summary>
public enum LoanListScope
{
    /// <summary>Every open loan of the patron ("all").</summary>
    All,

    /// <summary>Only the open loans made in one patron services session ("this session").</summary>
    ThisSession,
}

/// <summary>One loan of a patron with what its fine needs: the overdue fine rule it accrues under (the recalled
/// rule once recalled; null when its terms charge none) and the calendar of the item's library.</summary>
/// <remarks>The entry also keeps, privately, the loan's facts its row needs — state, due instant, session, when
/// accrual stopped — read once here: the list then reads the entries one after another and never the loans
/// themselves, which lie all over the heap (at 100,000 loans, chasing each loan was most of the list's time).</remarks>
public readonly record struct LoanListEntry
{
    /// <summary>Creates the value.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="fineRule">The overdue fine rule, or null when the terms charge no fine.</param>
    /// <param name="calendar">The calendar of the item's library, in the policy's time zone.</param>
    public LoanListEntry(Loan loan, FineRule? fineRule, LibraryCalendar calendar)
    {
        Loan = loan;
        FineRule = fineRule;
        Calendar = calendar;
        if (loan is not null)
        {
            Status = loan.Status;
            DueAt = loan.DueAt;
            SessionId = loan.SessionId;
            SessionHash = loan.SessionId?.GetHashCode(StringComparison.Ordinal) ?? 0;
            AccrualStoppedAt = loan.Status is LoanStatus.ClaimedReturned or LoanStatus.Lost ? OverdueAccrual.Until(loan, default) : default;
        }
    }

    /// <summary>The loan.</summary>
    public Loan Loan { get; }

    /// <summary>The overdue fine rule, or null when the terms charge no fine.</summary>
    public FineRule? FineRule { get; }

    /// <summary>The calendar of the item's library, in the policy's time zone.</summary>
    public LibraryCalendar Calendar { get; }

    /// <summary>The loan's state.</summary>
    internal LoanStatus Status { get; }

    /// <summary>The loan's due instant.</summary>
    internal Instant DueAt { get; }

    /// <summary>The loan's session, if any.</summary>
    internal string? SessionId { get; }

    /// <summary>The session's ordinal hash: most entries of another session are told apart without reading the string.</summary>
    internal int SessionHash { get; }

    /// <summary>When accrual stopped, for a claimed-returned or lost loan (<see cref="OverdueAccrual.Until"/>).</summary>
    internal Instant AccrualStoppedAt { get; }
}

/// <summary>One row of a patron's loan list.</summary>
public readonly record struct LoanListRow
{
    /// <summary>Creates the value.</summary>
    /// <param name="entryIndex">The index of the loan in the entries the list was built from.</param>
    /// <param name="dueAt">The due instant in force.</param>
    /// <param name="status">The loan's state.</param>
    /// <param name="isOverdue">Whether the loan is on loan and strictly past due at the list's instant.</param>
    /// <param name="fine">The overdue fine accrued (zero when none).</param>
    public LoanListRow(int entryIndex, Instant dueAt, LoanStatus status, bool isOverdue, Money fine)
    {
        EntryIndex = entryIndex;
        DueAt = dueAt;
        Status = status;
        IsOverdue = isOverdue;
        Fine = fine;
    }

    /// <summary>The index of the loan in the entries the list was built from.</summary>
    public int EntryIndex { get; }

    /// <summary>The due instant in force.</summary>
    public Instant DueAt { get; }

    /// <summary>The loan's state.</summary>
    public LoanStatus Status { get; }

    /// <summary>Whether the loan is on loan and strictly past due at the list's instant.</summary>
    public bool IsOverdue { get; }

    /// <summary>The overdue fine accrued (zero when none).</summary>
    public Money Fine { get; }
}

/// <summary>The totals under a patron's loan list.</summary>
public readonly record struct LoanListTotals
{
    /// <summary>Creates the value.</summary>
    /// <param name="count">How many rows the list has.</param>
    /// <param name="overdueCount">How many of them are overdue.</param>
    /// <param name="fines">The sum of the rows' accrued fines.</param>
    public LoanListTotals(int count, int overdueCount, Money fines)
    {
        Count = count;
        OverdueCount = overdueCount;
        Fines = fines;
    }

    /// <summary>How many rows the list has.</summary>
    public int Count { get; }

    /// <summary>How many of them are overdue.</summary>
    public int OverdueCount { get; }

    /// <summary>The sum of the rows' accrued fines.</summary>
    public Money Fines { get; }
}

/// <summary>
/// A patron's loan list as the desk displays it — "this session" or "all" — built without allocating: the open
/// loans in due-date order, each with its overdue flag and accrued fine, and the totals.
/// </summary>
/// <remarks>
/// <para>The rows are written into a buffer the caller provides (an array kept between calls, a pooled array or
/// stack memory), so building a list allocates nothing. Rows are ordered by due instant, ties by the order of
/// the entries. When the entries already come in that order (e.g. kept sorted by the caller) the sort is
/// skipped after one linear check; otherwise each row's due instant and position are packed into one 64-bit key,
/// the keys sorted (a radix sort for long lists) and the rows moved once each into place.</para>
/// <para>A row's fine is the overdue fine accrued under its rule (<see cref="OverdueFineCalculator.Compute"/>)
/// from the due instant to the list's instant while the loan is on loan, or to the instant it was claimed
/// returned or lost (accrual stops there). Returned loans are not listed. The fines are totalled in cents.</para>
/// <para>Pure and thread-safe.</para>
/// </remarks>
public static class PatronLoanList
{
    // Up to this many entries the keys and facts live on the stack (5 KB); above it they are rented.
    private const int StackRows = 128;

    // Up to this many rows the keys are sorted by comparison: at 1,000 keys an introsort took half the time of the
    // radix sort, whose counts cost as much as the keys (measured with a scratch benchmark of the two, 2026-12-04).
    private const int RadixRows = 4_096;

    /// <summary>Builds a patron's loan list into <paramref name="rows"/>.</summary>
    /// <param name="entries">The patron's loans with their fine rules and calendars, in any order.</param>
    /// <param name="scope">"All" open loans, or only those made in <paramref name="sessionId"/>.</param>
    /// <param name="sessionId">The patron services session, for <see cref="LoanListScope.ThisSession"/>.</param>
    /// <param name="now">The instant the list is shown at (overdue flags and fines are evaluated at it).</param>
    /// <param name="currency">The policy's currency, in which the totals are given.</param>
    /// <param name="rows">The buffer the rows are written to; at least as long as <paramref name="entries"/>.
    /// The first <see cref="LoanListTotals.Count"/> elements are the list.</param>
    /// <returns>The totals; <see cref="LoanListTotals.Count"/> is the number of rows written.</returns>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is shorter than <paramref name="entries"/>, an
    /// entry has no loan or calendar, or <see cref="LoanListScope.ThisSession"/> is asked without a session.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="currency"/> is null.</exception>
    public static LoanListTotals Build(ReadOnlySpan<LoanListEntry> entries, LoanListScope scope, string? sessionId, Instant now, string currency, Span<LoanListRow> rows)
    {
        Guard.Against.Null(currency);
        if (rows.Length < entries.Length)
        {
            throw new ArgumentException($"The row buffer holds {rows.Length} rows; {entries.Length} are needed.", nameof(rows));
        }

        if (scope == LoanListScope.ThisSession && sessionId is null)
        {
            throw new ArgumentException("A list of this session needs the session id.", nameof(sessionId));
        }

        if (entries.Length <= StackRows)
        {
            Span<ulong> stackKeys = stackalloc ulong[entries.Length];
            Span<RowFacts> stackFacts = stackalloc RowFacts[entries.Length];
            return Build(entries, scope == LoanListScope.ThisSession, sessionId, now, currency, rows, stackKeys, stackFacts);
        }

        var keys = ArrayPool<ulong>.Shared.Rent(entries.Length);
        var facts = ArrayPool<RowFacts>.Shared.Rent(entries.Length);
        try
        {
            return Build(entries, scope == LoanListScope.ThisSession, sessionId, now, currency, rows, keys.AsSpan(0, entries.Length), facts.AsSpan(0, entries.Length));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<RowFacts>.Shared.Return(facts);
        }
    }

    /// <summary>
    /// The list in three steps: each listed loan's facts in entry order (small values, no row yet); their order by
    /// due; then each row written once, in that order. Writing the rows in entry order and moving them into place
    /// afterwards cost two row copies (56 bytes and a reference each) per row: as much as everything else at 1,000 rows.
    /// </summary>
    private static LoanListTotals Build(ReadOnlySpan<LoanListEntry> entries, bool thisSession, string? sessionId, Instant now, string currency,
        Span<LoanListRow> rows, Span<ulong> keys, Span<RowFacts> facts)
    {
        var fines = default(FineTotal);
        var (count, overdue, order) = Collect(entries, thisSession, sessionId, now, currency, keys, facts, ref fines);
        var zero = Money.Zero(currency);
        if (order == Order.BeyondNanoseconds)
        {
            for (var r = 0; r < count; r++)
            {
                rows[r] = Row(entries, facts[r], entries[facts[r].Entry].DueAt, now, zero, currency);
            }

            SortByComparison(rows[..count]);
        }
        else if (order == Order.Sorted)
        {
            for (var r = 0; r < count; r++)
            {
                rows[r] = Row(entries, facts[r], UnixNanoseconds.ToInstant(facts[r].Due), now, zero, currency);
            }
        }
        else
        {
            var rowBits = RowBits(count);
            var mask = (1ul << rowBits) - 1;
            if (!TryPackKeys(keys[..count], rowBits, out var spreadBits))
            {
                for (var r = 0; r < count; r++)
                {
                    rows[r] = Row(entries, facts[r], UnixNanoseconds.ToInstant(facts[r].Due), now, zero, currency);
                }

                SortByComparison(rows[..count]);
            }
            else
            {
                SortKeys(keys[..count], rowBits, spreadBits);
                for (var k = 0; k < count; k++)
                {
                    ref readonly var fact = ref facts[(int)(keys[k] & mask)];
                    rows[k] = Row(entries, fact, UnixNanoseconds.ToInstant(fact.Due), now, zero, currency);
                }
            }
        }

        if (!fines.TryToDecimal(out var total))
        {
            // Beyond a decimal's 96 bits a decimal sum starts rounding: add the fines in entry order as it would.
            total = 0m;
            for (var r = 0; r < count; r++)
            {
                total += Row(entries, facts[r], entries[facts[r].Entry].DueAt, now, zero, currency).Fine.Amount;
            }
        }

        return new LoanListTotals(count, overdue, new Money(total, currency));
    }

    /// <summary>Each listed loan's facts and due (in Unix nanoseconds, in <paramref name="keys"/>), its fine added
    /// to <paramref name="fines"/>; and whether the dues came sorted.</summary>
    private static (int Count, int Overdue, Order Order) Collect(ReadOnlySpan<LoanListEntry> entries, bool thisSession, string? sessionId, Instant now,
        string currency, Span<ulong> keys, Span<RowFacts> facts, ref FineTotal fines)
    {
        var count = 0;
        var overdue = 0;
        var order = Order.Sorted;
        var sessionHash = sessionId?.GetHashCode(StringComparison.Ordinal) ?? 0;
        var nowInRange = UnixNanoseconds.TryFrom(now, out var nowNanoseconds);
        var previous = long.MinValue;

        // The rule last read: a patron's loans share a few rules, so each is read once, not once per loan.
        FineRule? lastRule = null;
        var figures = default(IntegerFineRule);
        bool rateInListCurrency = false, capInListCurrency = false;
        for (var i = 0; i < entries.Length; i++)
        {
            ref readonly var entry = ref entries[i];
            if (entry.Loan is null)
            {
                throw new ArgumentException($"Entry {i} has no loan.", nameof(entries));
            }

            var status = entry.Status;
            if (status == LoanStatus.Returned
                || (thisSession && (entry.SessionHash != sessionHash || !string.Equals(entry.SessionId, sessionId, StringComparison.Ordinal))))
            {
                continue;
            }

            // Loan.IsOverdueAt and OverdueAccrual.Until, on the facts the entry keeps.
            var due = entry.DueAt;
            var onLoan = status == LoanStatus.OnLoan;
            var dueInRange = UnixNanoseconds.TryFrom(due, out var dueNanoseconds);
            var isOverdue = onLoan && (dueInRange && nowInRange ? nowNanoseconds > dueNanoseconds : now > due);
            var fine = new FineAmount(0, 0, false);
            var kind = FineKind.None;
            if (entry.FineRule is { } rule)
            {
                var calendar = entry.Calendar ?? throw new ArgumentException($"Entry {i} has no calendar.", nameof(entries));
                var until = onLoan ? now : entry.AccrualStoppedAt;
                if (until > due)
                {
                    if (!ReferenceEquals(rule, lastRule))
                    {
                        (lastRule, figures) = (rule, new IntegerFineRule(rule));
                        rateInListCurrency = string.Equals(FineAmount.CurrencyOf(rule.Amount), currency, StringComparison.Ordinal);
                        capInListCurrency = rule.Max is { } max && string.Equals(FineAmount.CurrencyOf(max), currency, StringComparison.Ordinal);
                    }

                    if (dueInRange && UnixNanoseconds.TryFrom(until, out var untilNanoseconds)
                        && OverdueFineCalculator.TryAmount(figures, due, dueNanoseconds, untilNanoseconds, calendar, out fine))
                    {
                        fines.Add(fine.Units, fine.Scale);
                        kind = (fine.Capped ? capInListCurrency : rateInListCurrency) ? FineKind.InListCurrency : FineKind.Computed;
                    }
                    else
                    {
                        fines.Add(OverdueFineCalculator.Compute(rule, due, until, calendar).Amount.Amount);
                        kind = FineKind.Computed;
                    }
                }
            }

            if (order != Order.BeyondNanoseconds)
            {
                order = !dueInRange ? Order.BeyondNanoseconds : dueNanoseconds < previous ? Order.Unsorted : order;
                previous = dueNanoseconds;
                keys[count] = unchecked((ulong)dueNanoseconds);
            }

            facts[count++] = new RowFacts(i, status, isOverdue, kind, fine, dueNanoseconds);
            overdue += isOverdue ? 1 : 0;
        }

        return (count, overdue, order);
    }

    /// <summary>The row of one loan's facts.</summary>
    private static LoanListRow Row(ReadOnlySpan<LoanListEntry> entries, in RowFacts fact, Instant due, Instant now, Money zero, string currency)
    {
        var fine = fact.Kind switch
        {
            FineKind.None => zero,
            FineKind.InListCurrency => new Money(fact.Fine.ToDecimal(), currency),
            _ => Recomputed(entries[fact.Entry], due, now),
        };
        return new LoanListRow(fact.Entry, due, fact.Status, fact.Overdue, fine);

        static Money Recomputed(in LoanListEntry entry, Instant due, Instant now) =>
            OverdueFineCalculator.Compute(entry.FineRule!, due, entry.Status == LoanStatus.OnLoan ? now : entry.AccrualStoppedAt, entry.Calendar).Amount;
    }

    /// <summary>Sorts packed keys: by comparison up to <see cref="RadixRows"/>, by radix above.</summary>
    private static void SortKeys(Span<ulong> keys, int rowBits, int spreadBits)
    {
        if (keys.Length <= RadixRows)
        {
            keys.Sort();
        }
        else
        {
            RadixSort(keys, rowBits, spreadBits);
        }
    }

    private enum Order
    {
        Sorted,
        Unsorted,
        BeyondNanoseconds,
    }

    private enum FineKind : byte
    {
        /// <summary>No fine: zero in the list's currency.</summary>
        None,

        /// <summary>The integer amount, in the list's currency.</summary>
        InListCurrency,

        /// <summary>Another currency or the decimal path: the row computes its money again (rare).</summary>
        Computed,
    }

    /// <summary>One listed loan's facts: no references, so a buffer of them needs no clearing and writing one no
    /// write barrier.</summary>
    private readonly record struct RowFacts(int Entry, LoanStatus Status, bool Overdue, FineKind Kind, FineAmount Fine, long Due);

    /// <summary>The bits that hold a row's position among <paramref name="count"/> rows.</summary>
    internal static int RowBits(int count) => Math.Max(1, 64 - BitOperations.LeadingZeroCount((ulong)(count - 1)));

    /// <summary>Packs each row's (due, position) into a key, in place of its due in nanoseconds; false when the
    /// spread of the dues and the positions do not fit 64 bits together.</summary>
    internal static bool TryPackKeys(Span<ulong> keys, int rowBits, out int spreadBits)
    {
        const long NanosecondsPerMinute = 60_000_000_000;
        var first = unchecked((long)keys[0]);
        long least = long.MaxValue, greatest = long.MinValue;
        ulong differences = 0;
        var wholeMinutes = true;
        foreach (var key in keys)
        {
            // Within ±2^62 of 1970 both: the difference fits.
            var due = unchecked((long)key);
            least = Math.Min(least, due);
            greatest = Math.Max(greatest, due);
            var difference = unchecked(due - first);
            differences |= unchecked((ulong)difference);
            wholeMinutes &= difference % NanosecondsPerMinute == 0;
        }

        // Every due less the earliest shares the trailing zeros of the differences from the first.
        var spread = unchecked((ulong)(greatest - least));
        var shift = differences == 0 ? 0 : BitOperations.TrailingZeroCount(differences);
        spreadBits = 64 - BitOperations.LeadingZeroCount(wholeMinutes ? spread / NanosecondsPerMinute : spread >> shift);
        if (spreadBits + rowBits > 64)
        {
            return false;
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var fromLeast = unchecked(keys[i] - (ulong)least);
            keys[i] = ((wholeMinutes ? fromLeast / NanosecondsPerMinute : fromLeast >> shift) << rowBits) | (uint)i;
        }

        return true;
    }

    /// <summary>A stable LSD radix sort of the keys on their due bits only: the positions below them are already in
    /// order, and stability keeps them so. 8-bit digits up to 4,096 keys, 11-bit above (fewer passes where clearing
    /// the counts is cheap against the keys); all digits counted in one sweep; digits every key shares skipped.</summary>
    internal static void RadixSort(Span<ulong> keys, int rowBits, int spreadBits)
    {
        var digitBits = keys.Length <= 4_096 ? 8 : 11;
        var buckets = 1 << digitBits;
        var mask = (ulong)buckets - 1;
        var digits = (spreadBits + digitBits - 1) / digitBits;
        if (digits == 0)
        {
            return;
        }

        var scratchArray = ArrayPool<ulong>.Shared.Rent(keys.Length);
        var countsArray = ArrayPool<int>.Shared.Rent(digits * buckets);
        try
        {
            var counts = countsArray.AsSpan(0, digits * buckets);
            counts.Clear();
            foreach (var key in keys)
            {
                var due = key >> rowBits;
                for (var d = 0; d < digits; d++)
                {
                    counts[(d * buckets) + (int)((due >> (d * digitBits)) & mask)]++;
                }
            }

            var source = keys;
            var target = scratchArray.AsSpan(0, keys.Length);
            for (var d = 0; d < digits; d++)
            {
                var digitCounts = counts.Slice(d * buckets, buckets);
                var shift = rowBits + (d * digitBits);
                if (digitCounts[(int)((source[0] >> shift) & mask)] == source.Length)
                {
                    continue;
                }

                var sum = 0;
                for (var b = 0; b < buckets; b++)
                {
                    (digitCounts[b], sum) = (sum, sum + digitCounts[b]);
                }

                foreach (var key in source)
                {
                    target[digitCounts[(int)((key >> shift) & mask)]++] = key;
                }

                var swap = source;
                source = target;
                target = swap;
            }

            if (source != keys)
            {
                source.CopyTo(keys);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratchArray);
            ArrayPool<int>.Shared.Return(countsArray);
        }
    }

    /// <summary>The general case (dues beyond 64-bit nanoseconds or too far apart to pack): a comparison sort of
    /// small (due, row) keys, then the rows gathered by them.</summary>
    private static void SortByComparison(Span<LoanListRow> rows)
    {
        var keys = ArrayPool<DueKey>.Shared.Rent(rows.Length);
        var scratch = ArrayPool<LoanListRow>.Shared.Rent(rows.Length);
        try
        {
            for (var i = 0; i < rows.Length; i++)
            {
                keys[i] = new DueKey(rows[i].DueAt, rows[i].EntryIndex, i);
            }

            rows.CopyTo(scratch);
            keys.AsSpan(0, rows.Length).Sort(default(ByDueThenEntry));
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = scratch[keys[i].Row];
            }
        }
        finally
        {
            ArrayPool<DueKey>.Shared.Return(keys);
            ArrayPool<LoanListRow>.Shared.Return(scratch, clearArray: true);
        }
    }

    private readonly record struct DueKey(Instant DueAt, int EntryIndex, int Row);

    /// <summary>Due instant first, then the entry order: a total order, so the unstable sort is deterministic.</summary>
    private readonly struct ByDueThenEntry : IComparer<DueKey>
    {
        public int Compare(DueKey x, DueKey y)
        {
            var byDue = x.DueAt.CompareTo(y.DueAt);
            return byDue != 0 ? byDue : x.EntryIndex.CompareTo(y.EntryIndex);
        }
    }
}
