using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Calendar;

/// <summary>
/// The open periods of one library in its policy's time zone: which instants are open, how much open time lies
/// between two instants, and where the nearest open days and periods are.
/// </summary>
/// <remarks>
/// <para>Each local date has at most one open period. A date is a <em>closed day</em> when its weekday's hours
/// are <see cref="DayHours.ClosedAllDay"/> or it is one of <see cref="Policies.Library.ClosedDates"/>; otherwise
/// its period is <c>[open, close)</c> in local time, mapped to instants leniently (a local time skipped by a
/// DST gap moves forward by the gap; an ambiguous one takes the earlier instant). A day open all day runs from
/// local midnight to the next local midnight: 23 or 25 elapsed hours on a DST change day. The opening instant
/// is open; the closing instant is closed.</para>
/// <para>Each period is kept within its own date's instants <c>[midnight, next midnight)</c> (both lenient), so
/// periods never overlap even in zones whose DST changes happen at midnight. A period that maps to no time at
/// all (e.g. opening and closing inside the same skipped hour) is empty: its date is still an open day, but it
/// adds no open time.</para>
/// <para><see cref="OpenTimeBetween"/> is O(1) in the span with a small constant and
/// <see cref="InstantWhenOpenTimeReaches"/> O(log n), from a table of each local date's midnight, open period and
/// the open time of the dates before it, from <see cref="TableFirstDate"/> to <see cref="TableLastDate"/>, built
/// lazily on first use (thread-safe). Outside that window a slower day-by-day computation gives the same
/// answers.</para>
/// <para>Immutable and safe to share between threads.</para>
/// </remarks>
public sealed class LibraryCalendar
{
    /// <summary>The first local date covered by the prefix-sum table.</summary>
    public static readonly LocalDate TableFirstDate = new(1970, 1, 1);

    /// <summary>The last local date covered by the prefix-sum table.</summary>
    public static readonly LocalDate TableLastDate = new(2099, 12, 31);

    /// <summary>How many days the searches for an open day or period look before giving up: about ten years.</summary>
    internal const int SearchDays = 3_660;

    private const int MinutesPerDay = 1_440;
    private static readonly LocalTime LastSecond = new(23, 59, 59);
    private static readonly int TableFirstDay = TableFirstDate.ToDateOnly().DayNumber;
    private static readonly int TableDayCount = TableLastDate.ToDateOnly().DayNumber - TableFirstDay + 1;
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private readonly DayHours[] week;
    private readonly LocalDate[] closedDates;
    private readonly bool alwaysOpen;

    // Per date of the window (47,482 dates), its lenient midnight, its open period and the open time of the dates
    // before it, as Unix nanoseconds, in one array of 32-byte entries: the open time between two instants is then
    // two lookups and a subtraction, with no zone conversion and no search (see DayTable). 1.5 MB per calendar,
    // built once per calendar on first use; an always-open calendar never builds it.
    private DayTable? days;
    private readonly Lock building = new();

    /// <summary>Creates the calendar of a library in a time zone.</summary>
    /// <param name="library">The library: weekly hours and closed dates.</param>
    /// <param name="zone">The policy's time zone, in which hours and closed dates are read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="library"/> or <paramref name="zone"/> is null.</exception>
    internal LibraryCalendar(Library library, DateTimeZone zone)
    {
        Library = Guard.Against.Null(library);
        Zone = Guard.Against.Null(zone);
        week = new DayHours[7];
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            week[(int)day - 1] = library.Hours[day];
        }

        closedDates = [.. library.ClosedDates];
        alwaysOpen = closedDates.Length == 0 && Array.TrueForAll(week, h => h.IsOpenAllDay);
    }

    /// <summary>The library.</summary>
    public Library Library { get; }

    /// <summary>The time zone in which the library's hours and dates are read.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The calendar of a library open all the time (a library no policy lists).</summary>
    /// <param name="libraryCode">The library code.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>A calendar in which every instant is open.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="libraryCode"/> is empty or white space.</exception>
    public static LibraryCalendar AlwaysOpen(string libraryCode, DateTimeZone zone) => new(Library.AlwaysOpen(libraryCode), zone);

    /// <summary>Whether a local date is closed all day: its weekday has no hours, or it is a closed date.</summary>
    /// <param name="date">The local date.</param>
    /// <returns><see langword="true"/> for a closed day.</returns>
    public bool IsClosedDay(LocalDate date) => week[(int)date.DayOfWeek - 1].IsClosedAllDay || IsClosedDate(date);

    /// <summary>Whether an instant lies in an open period (the opening instant is open, the closing instant closed).</summary>
    /// <param name="instant">The instant.</param>
    /// <returns><see langword="true"/> when the library is open at it.</returns>
    public bool IsOpen(Instant instant)
    {
        if (alwaysOpen)
        {
            return true;
        }

        return TryOpenPeriod(LocalDateOf(instant), out var start, out var end) && start <= instant && instant < end;
    }

    /// <summary>The nearest date strictly before <paramref name="date"/> that is not a closed day.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The earlier open day.</returns>
    /// <exception cref="InvalidOperationException">No open day lies within 3,660 days before it (a library closed every day).</exception>
    public LocalDate PreviousOpenDay(LocalDate date) =>
        TryNearestOpenDay(date, -1, out var result) ? result : throw NoOpenDay(date, "before");

    /// <summary>The nearest date strictly after <paramref name="date"/> that is not a closed day.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The later open day.</returns>
    /// <exception cref="InvalidOperationException">No open day lies within 3,660 days after it (a library closed every day).</exception>
    public LocalDate NextOpenDay(LocalDate date) =>
        TryNearestOpenDay(date, 1, out var result) ? result : throw NoOpenDay(date, "after");

    /// <summary>23:59:59 local on a date, mapped leniently.</summary>
    /// <param name="date">The local date.</param>
    /// <returns>The instant.</returns>
    public Instant EndOfDay(LocalDate date) => ZoneMapping.Leniently(Zone, date + LastSecond);

    /// <summary>The end of the latest open period that ended at or before an instant.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The closing instant; null when no period ended within 3,660 days before it.</returns>
    public Instant? EndOfLatestOpenPeriodAtOrBefore(Instant instant)
    {
        var date = LocalDateOf(instant);
        for (var i = 0; i <= SearchDays; i++, date = date.PlusDays(-1))
        {
            if (TryOpenPeriod(date, out _, out var end) && end <= instant)
            {
                return end;
            }
        }

        return null;
    }

    /// <summary>The start of the next open period strictly after an instant.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The opening instant; null when no period starts within 3,660 days after it.</returns>
    public Instant? StartOfNextOpenPeriodAfter(Instant instant)
    {
        var date = LocalDateOf(instant);
        for (var i = 0; i <= SearchDays; i++, date = date.PlusDays(1))
        {
            if (TryOpenPeriod(date, out var start, out _) && start > instant)
            {
                return start;
            }
        }

        return null;
    }

    /// <summary>The open time in <c>[from, to)</c>.</summary>
    /// <param name="from">The start, included.</param>
    /// <param name="to">The end, excluded.</param>
    /// <returns>The open time; zero when <paramref name="to"/> is not after <paramref name="from"/>.</returns>
    /// <remarks>O(1) in the span within the table's window; allocates nothing once the table is built.</remarks>
    public Duration OpenTimeBetween(Instant from, Instant to)
    {
        if (to <= from)
        {
            return Duration.Zero;
        }

        if (alwaysOpen)
        {
            return to - from;
        }

        if (UnixNanoseconds.TryFrom(from, out var fromNanoseconds) && UnixNanoseconds.TryFrom(to, out var toNanoseconds))
        {
            var table = Days;
            if (table.Covers(fromNanoseconds) && table.Covers(toNanoseconds))
            {
                return Duration.FromNanoseconds(table.OpenBefore(toNanoseconds) - table.OpenBefore(fromNanoseconds));
            }
        }

        var first = LocalDateOf(from);
        var last = LocalDateOf(to);
        if (first == last)
        {
            return Overlap(first, from, to);
        }

        return Overlap(first, from, Instant.MaxValue) + OpenTimeOfDates(first.PlusDays(1), last) + Overlap(last, Instant.MinValue, to);
    }

    /// <summary>The open time in <c>[from, to)</c> in nanoseconds, both given as Unix nanoseconds (see
    /// <see cref="UnixNanoseconds"/>): the fine's hot path, in integers. False when either instant lies outside the
    /// table's window (the caller then takes <see cref="OpenTimeBetween"/>).</summary>
    /// <remarks>Requires <paramref name="from"/> &lt; <paramref name="to"/>. Builds the table on first use.</remarks>
    internal bool TryOpenNanosecondsBetween(long from, long to, out long open)
    {
        if (alwaysOpen)
        {
            open = to - from;
            return true;
        }

        var table = Days;
        if (table.Covers(from) && table.Covers(to))
        {
            open = table.OpenBefore(to) - table.OpenBefore(from);
            return true;
        }

        open = 0;
        return false;
    }

    /// <summary>The earliest instant <c>t ≥ from</c> with <c>OpenTimeBetween(from, t) == openTime</c>: when an
    /// amount of open time, counted from <paramref name="from"/>, has passed.</summary>
    /// <param name="from">The instant counting starts at.</param>
    /// <param name="openTime">The open time to count, zero or more.</param>
    /// <returns>The instant; <paramref name="from"/> itself for zero. It always lies in or at the end of an open period.</returns>
    /// <remarks>O(log n) (a binary search of the table) within the table's window; allocates nothing once the table is built.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="openTime"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The library has no open time for 3,660 days in a row, or the
    /// instant would lie beyond the year 9999.</exception>
    public Instant InstantWhenOpenTimeReaches(Instant from, Duration openTime)
    {
        if (openTime < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(openTime), openTime, "The open time cannot be negative.");
        }

        return TryInstantWhenOpenTimeReaches(from, openTime, out var result)
            ? result
            : throw new InvalidOperationException(
                $"Library '{Library.Code}' never reaches {openTime} of open time after {IsoInstant.Format(from)}: it has no open time for {SearchDays:N0} days in a row, or the instant lies beyond the year 9999.");
    }

    /// <summary>As <see cref="InstantWhenOpenTimeReaches"/>, without throwing.</summary>
    internal bool TryInstantWhenOpenTimeReaches(Instant from, Duration openTime, out Instant result)
    {
        result = from;
        if (openTime <= Duration.Zero)
        {
            return true;
        }

        if (alwaysOpen)
        {
            if (Instant.MaxValue - from < openTime)
            {
                return false;
            }

            result = from + openTime;
            return true;
        }

        var date = LocalDateOf(from);
        var remaining = openTime;
        if (TryOpenPeriod(date, out var start, out var end))
        {
            var begin = Max(start, from);
            if (begin < end)
            {
                if (remaining <= end - begin)
                {
                    result = begin + remaining;
                    return true;
                }

                remaining -= end - begin;
            }
        }

        date = date.PlusDays(1);
        var closedStreak = 0;
        while (true)
        {
            var index = TableIndex(date);
            if (index >= 0 && index < TableDayCount)
            {
                var table = Days;
                var before = table.OpenBeforeDate(index);
                var rest = table.OpenBeforeDate(TableDayCount) - before;
                if (Duration.FromNanoseconds(rest) >= remaining)
                {
                    // The first date index j with OpenBeforeDate(j) - before >= needed: the answer lies on date j - 1.
                    var needed = remaining.ToInt64Nanoseconds();
                    var j = table.FirstDateReaching(index + 1, TableDayCount, before + needed);
                    var day = TableFirstDate.PlusDays(j - 1);
                    _ = TryOpenPeriod(day, out start, out _);
                    result = start + Duration.FromNanoseconds(needed - (table.OpenBeforeDate(j - 1) - before));
                    return true;
                }

                remaining -= Duration.FromNanoseconds(rest);
                date = TableLastDate.PlusDays(1);
                closedStreak = 0;
                continue;
            }

            if (date.Year >= 9999)
            {
                return false;
            }

            if (TryOpenPeriod(date, out start, out end))
            {
                closedStreak = 0;
                if (remaining <= end - start)
                {
                    result = start + remaining;
                    return true;
                }

                remaining -= end - start;
            }
            else if (++closedStreak > SearchDays)
            {
                return false;
            }

            date = date.PlusDays(1);
        }
    }

    /// <summary>The per-date table, built once on first use (by one thread; the others wait for it).</summary>
    /// <remarks>A plain field read on the hot path rather than <see cref="Lazy{T}.Value"/>.</remarks>
    private DayTable Days
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref days) ?? Build();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private DayTable Build()
    {
        lock (building)
        {
            if (days is null)
            {
                Volatile.Write(ref days, BuildDayTable());
            }

            return days!;
        }
    }

    /// <summary>The open period of a date, if it has open time: <c>[start, end)</c>.</summary>
    internal bool TryOpenPeriod(LocalDate date, out Instant start, out Instant end)
    {
        var hours = week[(int)date.DayOfWeek - 1];
        if (hours.IsClosedAllDay || IsClosedDate(date))
        {
            start = end = default;
            return false;
        }

        var dayStart = Midnight(date);
        var nextDayStart = Midnight(date.PlusDays(1));
        start = hours.OpenMinute == 0 ? dayStart : Max(dayStart, AtMinute(date, hours.OpenMinute));
        end = hours.CloseMinute == MinutesPerDay ? nextDayStart : Min(nextDayStart, AtMinute(date, hours.CloseMinute));
        return start < end;
    }

    /// <summary>As <see cref="TryOpenPeriod(LocalDate, out Instant, out Instant)"/>, in Unix nanoseconds, given the
    /// date's midnight and the next (the table's build).</summary>
    private bool TryOpenPeriod(LocalDate date, long midnight, long nextMidnight, out long start, out long end)
    {
        var hours = week[(int)date.DayOfWeek - 1];
        if (hours.IsClosedAllDay || IsClosedDate(date))
        {
            start = end = 0;
            return false;
        }

        start = hours.OpenMinute == 0 ? midnight : Math.Max(midnight, UnixNanoseconds.From(AtMinute(date, hours.OpenMinute)));
        end = hours.CloseMinute == MinutesPerDay ? nextMidnight : Math.Min(nextMidnight, UnixNanoseconds.From(AtMinute(date, hours.CloseMinute)));
        return start < end;
    }

    /// <summary>Whether the date is one of the library's closed dates.</summary>
    internal bool IsClosedDate(LocalDate date) => closedDates.Length != 0 && Array.BinarySearch(closedDates, date) >= 0;

    /// <summary>The date whose instants <c>[lenient midnight, next lenient midnight)</c> hold the instant.</summary>
    internal LocalDate LocalDateOf(Instant instant)
    {
        var date = instant.InZone(Zone).Date;

        // Only in a zone whose DST gap spans midnight can an instant precede its own date's lenient midnight.
        return instant < Midnight(date) ? date.PlusDays(-1) : date;
    }

    private bool TryNearestOpenDay(LocalDate date, int step, out LocalDate result)
    {
        result = date;
        for (var i = 0; i < SearchDays; i++)
        {
            result = result.PlusDays(step);
            if (!IsClosedDay(result))
            {
                return true;
            }
        }

        return false;
    }

    private InvalidOperationException NoOpenDay(LocalDate date, string direction) =>
        new($"Library '{Library.Code}' has no open day within {SearchDays:N0} days {direction} {date:uuuu-MM-dd}: it is closed every day.");

    private Instant Midnight(LocalDate date) => ZoneMapping.Leniently(Zone, date.AtMidnight());

    private Instant AtMinute(LocalDate date, int minute) => ZoneMapping.Leniently(Zone, date + LocalTime.FromMinutesSinceMidnight(minute));

    private Duration Overlap(LocalDate date, Instant from, Instant to)
    {
        if (!TryOpenPeriod(date, out var start, out var end))
        {
            return Duration.Zero;
        }

        var begin = Max(start, from);
        var finish = Min(end, to);
        return finish > begin ? finish - begin : Duration.Zero;
    }

    /// <summary>The open time of the dates <c>[first, endExclusive)</c>: the table inside its window, day by day outside.</summary>
    private Duration OpenTimeOfDates(LocalDate first, LocalDate endExclusive)
    {
        if (first >= endExclusive)
        {
            return Duration.Zero;
        }

        var from = TableIndex(first);
        var to = TableIndex(endExclusive);
        var inside = Math.Max(from, 0);
        var insideEnd = Math.Min(to, TableDayCount);
        var total = Duration.Zero;
        if (inside < insideEnd)
        {
            var table = Days;
            total += Duration.FromNanoseconds(table.OpenBeforeDate(insideEnd) - table.OpenBeforeDate(inside));
        }

        // Before the window, then after it: the slow path (dates outside 1970..2099 only).
        for (var date = first; date < endExclusive && TableIndex(date) < 0; date = date.PlusDays(1))
        {
            total += DayOpenTime(date);
        }

        for (var date = Max(first, TableLastDate.PlusDays(1)); date < endExclusive; date = date.PlusDays(1))
        {
            total += DayOpenTime(date);
        }

        return total;
    }

    private Duration DayOpenTime(LocalDate date) => TryOpenPeriod(date, out var start, out var end) ? end - start : Duration.Zero;

    private DayTable BuildDayTable()
    {
        var midnights = new long[TableDayCount + 1];
        var date = TableFirstDate;
        for (var i = 0; i <= TableDayCount; i++, date = date.PlusDays(1))
        {
            midnights[i] = UnixNanoseconds.From(Midnight(date));
        }

        var entries = new DayTable.Day[TableDayCount + 2];
        entries[0] = new DayTable.Day(long.MinValue, long.MinValue, long.MinValue, 0);
        var openBefore = 0L;
        date = TableFirstDate;
        for (var i = 0; i < TableDayCount; i++, date = date.PlusDays(1))
        {
            long open = midnights[i], close = midnights[i];
            if (TryOpenPeriod(date, midnights[i], midnights[i + 1], out var start, out var end))
            {
                open = start;
                close = end;
            }

            entries[i + 1] = new DayTable.Day(midnights[i], open, close, openBefore);
            openBefore += close - open;
        }

        var last = midnights[TableDayCount];
        entries[TableDayCount + 1] = new DayTable.Day(last, last, last, openBefore);
        return new DayTable(entries);
    }

    /// <summary>
    /// Each date of the window as one entry — its lenient midnight, its open period and the open time of the dates
    /// before it, in Unix nanoseconds — so that the open time before an instant is a lookup and a clamp, and the
    /// open time between two instants the difference of two of them.
    /// </summary>
    /// <remarks>
    /// <para>The date holding an instant follows from the instant without a search. Date <c>i</c>'s midnight is
    /// <c>i</c> days after the first local midnight, minus the zone's offset at it; reading the instant with an
    /// offset halfway between the zone's least and greatest offsets in the window puts it within half the offsets'
    /// spread of its local time, which is less than a day in every zone (the widest spread, Pacific/Apia's, is 25
    /// hours). So the day number of that estimate is the right date or one of its neighbours, and one comparison
    /// with each neighbour's midnight corrects it: at most one step, near a change of offset.</para>
    /// <para>Entries 0 and <c>count + 1</c> are sentinels (a midnight before everything, and the window's end
    /// with the total open time), so the correction needs no bounds checks of its own.</para>
    /// </remarks>
    internal sealed class DayTable
    {
        private const long NanosecondsPerDay = NodaConstants.NanosecondsPerDay;
        private readonly Day[] entries;
        private readonly long first;
        private readonly long end;
        private readonly long shift;

        public DayTable(Day[] entries)
        {
            this.entries = entries;
            first = entries[1].Midnight;
            end = entries[^1].Midnight;

            // The offset of each date's midnight: its local midnight (i days after the epoch's) minus the instant.
            long least = long.MaxValue, greatest = long.MinValue;
            for (var i = 1; i < entries.Length - 1; i++)
            {
                var offset = ((i - 1 + TableFirstDay - UnixEpochDay) * NanosecondsPerDay) - entries[i].Midnight;
                least = Math.Min(least, offset);
                greatest = Math.Max(greatest, offset);
            }

            // The entry of (instant + halfway offset)'s local date is its day number counted from the first date, plus
            // one for the leading sentinel. The dividend is never negative: the instant is at or after the first
            // midnight, and the halfway offset less than a day from that midnight's offset.
            var halfway = least + ((greatest - least) / 2);
            shift = halfway - ((TableFirstDay - UnixEpochDay - 1) * NanosecondsPerDay);
            MaxOffsetSpread = greatest - least;
        }

        /// <summary>The greatest difference between two dates' midnight offsets, in nanoseconds (under a day: see remarks).</summary>
        public long MaxOffsetSpread { get; }

        /// <summary>Whether an instant (Unix nanoseconds) lies in the window.</summary>
        public bool Covers(long instant) => instant >= first && instant < end;

        /// <summary>The open time of the window's dates before the one holding the instant, plus the open time of
        /// that date before the instant. The instant must be in the window.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long OpenBefore(long instant)
        {
            ref readonly var day = ref entries[EntryIndex(instant)];
            var within = instant < day.Open ? day.Open : instant > day.Close ? day.Close : instant;
            return unchecked(day.OpenBefore + (within - day.Open));
        }

        /// <summary>The open time of the window's dates before date <paramref name="dateIndex"/> (0 to the date count).</summary>
        public long OpenBeforeDate(int dateIndex) => entries[dateIndex + 1].OpenBefore;

        /// <summary>The index of the date whose <c>[midnight, next midnight)</c> holds an instant in the window.</summary>
        public int DateIndex(long instant) => EntryIndex(instant) - 1;

        /// <summary>The estimate's date index minus the true one: −1, 0 or 1 (checked by a property on zones with DST).</summary>
        internal int EstimateError(long instant) => Estimate(instant) - EntryIndex(instant);

        /// <summary>The first date index in <c>[low, high]</c> whose <see cref="OpenBeforeDate"/> is at least <paramref name="value"/>.</summary>
        public int FirstDateReaching(int low, int high, long value)
        {
            while (low < high)
            {
                var mid = low + ((high - low) / 2);
                if (OpenBeforeDate(mid) >= value)
                {
                    high = mid;
                }
                else
                {
                    low = mid + 1;
                }
            }

            return low;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int EntryIndex(long instant)
        {
            var index = Estimate(instant);

            // One step at most (see remarks); the loops only make that a fact rather than an assumption.
            while (instant < entries[index].Midnight)
            {
                index--;
            }

            while (instant >= entries[index + 1].Midnight)
            {
                index++;
            }

            return index;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Estimate(long instant)
        {
            // Within the window the estimate is between 0 and the last entry; the clamp only keeps a wrong offset
            // spread (none is known) from indexing outside the array.
            var index = unchecked((instant + shift) / NanosecondsPerDay);
            var last = entries.Length - 1;
            return (ulong)index <= (ulong)last ? (int)index : index < 0 ? 0 : last;
        }

        /// <summary>One date: its lenient midnight, its open period <c>[Open, Close)</c> (equal for a date without
        /// open time) and the open time of the window's dates before it, all in nanoseconds.</summary>
        internal readonly record struct Day(long Midnight, long Open, long Close, long OpenBefore);
    }

    private static int TableIndex(LocalDate date) => date.ToDateOnly().DayNumber - TableFirstDay;

    private static Instant Max(Instant left, Instant right) => left > right ? left : right;

    private static Instant Min(Instant left, Instant right) => left < right ? left : right;

    private static LocalDate Max(LocalDate left, LocalDate right) => left > right ? left : right;
}
