using Harvard.Circulation.Fines;
using Harvard.Circulation.Notices;
using NodaTime;

namespace Harvard.Circulation.Formats.Compare;

/// <summary>
/// The running figures of one part of the scenario (all of it, a user group, an item policy) under both policies:
/// index 0 of every pair is the old policy, 1 the new. Counted as the events go, then at <c>asOf</c>; turned into
/// <see cref="ComparisonFigures"/> at the end.
/// </summary>
internal sealed class ComparisonTally(bool hasPatrons)
{
    /// <summary>The block codes in the order they are reported.</summary>
    public static readonly string[] BlockCodes = [RefusalCodes.MayNotBorrow, RefusalCodes.MaxLoans, RefusalCodes.MaxBalance, RefusalCodes.MaxLostItems];

    private static readonly FineFeeType[] FineTypes = Enum.GetValues<FineFeeType>();
    private static readonly NoticeType[] NoticeTypes = Enum.GetValues<NoticeType>();

    private readonly int[] checkOuts = new int[2];
    private readonly int[] checkOutsRefused = new int[2];
    private readonly SortedDictionary<string, int[]> checkOutsRefusedBy = new(StringComparer.Ordinal);
    private readonly int[] renewals = new int[2];
    private readonly int[] renewalsRefused = new int[2];
    private readonly SortedDictionary<string, int[]> renewalsRefusedBy = new(StringComparer.Ordinal);
    private readonly int[] overdue = new int[2];
    private readonly int[] lost = new int[2];
    private readonly int[,] fineCounts = new int[2, FineTypes.Length];
    private readonly decimal[,] fineTotals = new decimal[2, FineTypes.Length];
    private readonly decimal[] balances = new decimal[2];
    private readonly int[] owing = new int[2];
    private readonly int[,] blocked = new int[2, BlockCodes.Length];
    private readonly int[] newlyBlocked = new int[BlockCodes.Length];
    private readonly int[] unblocked = new int[BlockCodes.Length];
    private readonly int[,] notices = new int[2, NoticeTypes.Length];
    private int payingMore;
    private int payingLess;
    private int dueCompared;
    private int dueEarlier;
    private int dueLater;
    private decimal dueShiftNanoseconds;
    private Duration? dueMaxShift;

    public void CheckOut(int side, EquatableArray<Refusal> reasons) =>
        Decided(side, reasons, checkOuts, checkOutsRefused, checkOutsRefusedBy);

    public void RenewRefused(int side, EquatableArray<Refusal> reasons) =>
        Decided(side, reasons, renewals, renewalsRefused, renewalsRefusedBy, countAllowed: false);

    public void DueDates(Instant old, Instant @new)
    {
        dueCompared++;
        if (old == @new)
        {
            return;
        }

        var shift = @new - old;
        if (shift < Duration.Zero)
        {
            dueEarlier++;
        }
        else
        {
            dueLater++;
        }

        dueShiftNanoseconds += shift.ToInt64Nanoseconds();
        if (dueMaxShift is not { } max || Abs(shift) > Abs(max))
        {
            dueMaxShift = shift;
        }
    }

    public void Loan(int side, int renewalCount, bool isOverdue, bool isLost)
    {
        renewals[side] += renewalCount;
        overdue[side] += isOverdue ? 1 : 0;
        lost[side] += isLost ? 1 : 0;
    }

    public void FineFee(int side, FineFeeType type, Money original)
    {
        fineCounts[side, (int)type]++;
        fineTotals[side, (int)type] += original.Amount;
    }

    public void Patron(Money oldBalance, Money newBalance, Money oldCharged, Money newCharged, IReadOnlyList<string> oldBlocks, IReadOnlyList<string> newBlocks)
    {
        balances[0] += oldBalance.Amount;
        balances[1] += newBalance.Amount;
        owing[0] += oldBalance.IsPositive ? 1 : 0;
        owing[1] += newBalance.IsPositive ? 1 : 0;
        payingMore += newCharged > oldCharged ? 1 : 0;
        payingLess += newCharged < oldCharged ? 1 : 0;
        for (var b = 0; b < BlockCodes.Length; b++)
        {
            var inOld = oldBlocks.Contains(BlockCodes[b]);
            var inNew = newBlocks.Contains(BlockCodes[b]);
            blocked[0, b] += inOld ? 1 : 0;
            blocked[1, b] += inNew ? 1 : 0;
            newlyBlocked[b] += inNew && !inOld ? 1 : 0;
            unblocked[b] += inOld && !inNew ? 1 : 0;
        }
    }

    public void Notice(int side, NoticeType type) => notices[side, (int)type]++;

    public ComparisonFigures ToFigures(string currency)
    {
        Money Amount(decimal amount) => new(amount, currency);
        var fines = new List<FineFeeFigures>();
        for (var t = 0; t < FineTypes.Length; t++)
        {
            if (fineCounts[0, t] + fineCounts[1, t] > 0)
            {
                fines.Add(new FineFeeFigures(FineTypes[t], new(fineCounts[0, t], fineCounts[1, t]), new(Amount(fineTotals[0, t]), Amount(fineTotals[1, t]))));
            }
        }

        PatronFigures? patrons = null;
        if (hasPatrons)
        {
            var blocks = new List<BlockFigures>();
            for (var b = 0; b < BlockCodes.Length; b++)
            {
                if (blocked[0, b] + blocked[1, b] > 0)
                {
                    blocks.Add(new BlockFigures(BlockCodes[b], new(blocked[0, b], blocked[1, b]), newlyBlocked[b], unblocked[b]));
                }
            }

            var byType = new List<KeyValuePair<string, Compared<int>>>();
            for (var t = 0; t < NoticeTypes.Length; t++)
            {
                if (notices[0, t] + notices[1, t] > 0)
                {
                    byType.Add(new(NoticeTypes[t].ToSpelling(), new(notices[0, t], notices[1, t])));
                }
            }

            patrons = new PatronFigures(new(Amount(balances[0]), Amount(balances[1])), Pair(owing), payingMore, payingLess, blocks, byType);
        }

        var moved = dueEarlier + dueLater;
        Duration? mean = moved == 0 ? null : Duration.FromSeconds((long)decimal.Round(dueShiftNanoseconds / moved / 1_000_000_000m, MidpointRounding.AwayFromZero));
        return new ComparisonFigures(
            Pair(checkOuts), Pair(checkOutsRefused), Keyed(checkOutsRefusedBy), Pair(renewals), Pair(renewalsRefused), Keyed(renewalsRefusedBy),
            new DueDateShifts(dueCompared, dueEarlier, dueLater, mean, dueMaxShift),
            Pair(overdue), Pair(lost),
            new(Sum(fineCounts, 0), Sum(fineCounts, 1)),
            new(Amount(Sum(fineTotals, 0)), Amount(Sum(fineTotals, 1))),
            fines, patrons);
    }

    private static void Decided(int side, EquatableArray<Refusal> reasons, int[] allowed, int[] refused, SortedDictionary<string, int[]> refusedBy, bool countAllowed = true)
    {
        if (reasons.Count == 0)
        {
            allowed[side] += countAllowed ? 1 : 0;
            return;
        }

        refused[side]++;
        for (var i = 0; i < reasons.Count; i++)
        {
            var code = reasons[i].Code;
            if (!Seen(reasons, i, code))
            {
                if (!refusedBy.TryGetValue(code, out var counts))
                {
                    refusedBy[code] = counts = new int[2];
                }

                counts[side]++;
            }
        }
    }

    // An event refused twice for one code (two blocks of one kind) counts once under it.
    private static bool Seen(EquatableArray<Refusal> reasons, int upTo, string code)
    {
        for (var j = 0; j < upTo; j++)
        {
            if (reasons[j].Code == code)
            {
                return true;
            }
        }

        return false;
    }

    private static Compared<int> Pair(int[] counts) => new(counts[0], counts[1]);

    private static List<KeyValuePair<string, Compared<int>>> Keyed(SortedDictionary<string, int[]> counts) =>
        counts.Select(c => new KeyValuePair<string, Compared<int>>(c.Key, Pair(c.Value))).ToList();

    private static int Sum(int[,] values, int side)
    {
        var sum = 0;
        for (var i = 0; i < values.GetLength(1); i++)
        {
            sum += values[side, i];
        }

        return sum;
    }

    private static decimal Sum(decimal[,] values, int side)
    {
        var sum = 0m;
        for (var i = 0; i < values.GetLength(1); i++)
        {
            sum += values[side, i];
        }

        return sum;
    }

    private static Duration Abs(Duration duration) => duration < Duration.Zero ? -duration : duration;
}
