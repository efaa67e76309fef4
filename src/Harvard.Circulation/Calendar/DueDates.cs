using System.Globalization;
using Ardalis.GuardClauses;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Calendar;

/// <summary>
/// Due instants: the loan instant plus a period (<see cref="DueTime"/>), then moved off closed time as the terms'
/// <see cref="ClosedDue"/> says.
/// </summary>
/// <remarks>
/// <para><see cref="DueTime.EndOfDay"/>: 23:59:59 local on the local date of <c>PolicyTime.Add(start, period)</c>;
/// <see cref="DueTime.Exact"/>: that instant itself.</para>
/// <para><see cref="ClosedDue.EndOfPreviousOpenDay"/> and <see cref="ClosedDue.EndOfNextOpenDay"/> are judged by
/// the day, for either due time: only when the due's local date is a closed day does the due move, to 23:59:59
/// local on the nearest earlier / later date that is not a closed day. <see cref="ClosedDue.EndOfCurrentHours"/>
/// and <see cref="ClosedDue.BeginningOfNextOpenHours"/> are judged by the instant: only a due outside the open
/// periods moves (a due exactly at opening is open and stays; one exactly at closing is closed, and the end of the
/// latest period is that same instant). When no open day or period lies within 3,660 days, or the move would put the
/// due before <c>start</c> (a check-out after closing time), the due stays.</para>
/// <para>All members are pure and thread-safe.</para>
/// </remarks>
public static class DueDates
{
    /// <summary>The due instant of a loan (or renewal) made at <paramref name="start"/>.</summary>
    /// <param name="start">The loan or renewal instant.</param>
    /// <param name="period">The period: the terms' <see cref="LoanTerms.Period"/> or <see cref="LoanTerms.RenewPeriod"/>.</param>
    /// <param name="terms">The loan terms: due time and closed-due mode.</param>
    /// <param name="calendar">The calendar of the item's library.</param>
    /// <returns>The due instant.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="period"/>, <paramref name="terms"/> or <paramref name="calendar"/> is null.</exception>
    public static Instant Compute(Instant start, Period period, LoanTerms terms, LibraryCalendar calendar) =>
        Decide(start, period, terms, calendar, out _, out _);

    /// <summary>The due instant with the reasoning behind it.</summary>
    /// <param name="start">The loan or renewal instant.</param>
    /// <param name="period">The period: the terms' <see cref="LoanTerms.Period"/> or <see cref="LoanTerms.RenewPeriod"/>.</param>
    /// <param name="terms">The loan terms: due time and closed-due mode.</param>
    /// <param name="calendar">The calendar of the item's library.</param>
    /// <returns>The explanation; its <see cref="DueDateExplanation.Due"/> equals <see cref="Compute"/>'s result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="period"/>, <paramref name="terms"/> or <paramref name="calendar"/> is null.</exception>
    public static DueDateExplanation Explain(Instant start, Period period, LoanTerms terms, LibraryCalendar calendar)
    {
        var due = Decide(start, period, terms, calendar, out var baseDue, out var reason);
        return new DueDateExplanation(start, period, terms.DueTime, baseDue, terms.ClosedDue, due != baseDue, reason, due);
    }

    private static Instant Decide(Instant start, Period period, LoanTerms terms, LibraryCalendar calendar, out Instant baseDue, out string reason)
    {
        Guard.Against.Null(period);
        Guard.Against.Null(terms);
        Guard.Against.Null(calendar);
        var zone = calendar.Zone;
        var code = calendar.Library.Code;
        var added = PolicyTime.Add(start, period, zone);
        baseDue = terms.DueTime == DueTime.EndOfDay ? calendar.EndOfDay(added.InZone(zone).Date) : added;
        var date = baseDue.InZone(zone).Date;
        switch (terms.ClosedDue)
        {
            case ClosedDue.EndOfPreviousOpenDay or ClosedDue.EndOfNextOpenDay:
            {
                if (!calendar.IsClosedDay(date))
                {
                    reason = $"{Format(date)} is an open day of {code}: the due stays";
                    return baseDue;
                }

                var why = calendar.IsClosedDate(date) ? "a closed date" : $"a closed weekday ({date.DayOfWeek})";
                var previous = terms.ClosedDue == ClosedDue.EndOfPreviousOpenDay;
                LocalDate target;
                try
                {
                    target = previous ? calendar.PreviousOpenDay(date) : calendar.NextOpenDay(date);
                }
                catch (InvalidOperationException)
                {
                    reason = $"{Format(date)} is {why} of {code}, and no open day lies within {LibraryCalendar.SearchDays:N0} days: the due stays";
                    return baseDue;
                }

                if (calendar.EndOfDay(target) < start)
                {
                    reason = $"{Format(date)} is {why} of {code}, and the previous open day {Format(target)} ends before the loan or renewal instant: the due stays";
                    return baseDue;
                }

                reason = $"{Format(date)} is {why} of {code}: moved to 23:59:59 on the {(previous ? "previous" : "next")} open day {Format(target)}";
                return calendar.EndOfDay(target);
            }

            case ClosedDue.EndOfCurrentHours or ClosedDue.BeginningOfNextOpenHours:
            {
                if (calendar.IsOpen(baseDue))
                {
                    reason = $"{Format(baseDue, zone)} is within the open hours of {code}: the due stays";
                    return baseDue;
                }

                var end = terms.ClosedDue == ClosedDue.EndOfCurrentHours;
                var moved = end ? calendar.EndOfLatestOpenPeriodAtOrBefore(baseDue) : calendar.StartOfNextOpenPeriodAfter(baseDue);
                if (moved is not { } value)
                {
                    reason = $"{Format(baseDue, zone)} is outside the open hours of {code}, and no open period lies within {LibraryCalendar.SearchDays:N0} days: the due stays";
                    return baseDue;
                }

                if (value < start)
                {
                    // A check-out after closing time: the end of the hours already passed, so the due cannot move back to it.
                    reason = $"{Format(baseDue, zone)} is outside the open hours of {code}, and the end of the latest open period, {Format(value, zone)}, is before the loan or renewal instant: the due stays";
                    return baseDue;
                }

                reason = $"{Format(baseDue, zone)} is outside the open hours of {code}: moved to the {(end ? "end of the latest open period" : "start of the next open period")}, {Format(value, zone)}";
                return value;
            }

            default:
                reason = "closedDue 'keep': the due stays";
                return baseDue;
        }
    }

    private static string Format(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    internal static string Format(Instant instant, DateTimeZone zone) =>
        instant.InZone(zone).ToString("uuuu-MM-dd HH:mm:ss o<G>", CultureInfo.InvariantCulture);
}

/// <summary>Why a due instant is what it is: the instant before any move, the closed-due mode applied, whether
/// and why it moved, and the result.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record DueDateExplanation
{
    /// <summary>Creates the value.</summary>
    /// <param name="start">The loan or renewal instant.</param>
    /// <param name="period">The period added to it.</param>
    /// <param name="dueTime">How the due instant was derived.</param>
    /// <param name="baseDue">The due instant before any closed-due move.</param>
    /// <param name="closedDue">The closed-due mode applied.</param>
    /// <param name="moved">Whether the due moved off closed time.</param>
    /// <param name="reason">Why it moved or stayed, in words (e.g. <c>2026-12-25 is a closed date of WID: moved to
/// 23:59:59 on the next open day 2026-12-26</c>).</param>
    /// <param name="due">The resulting due instant.</param>
    public DueDateExplanation(Instant start, Period period, DueTime dueTime, Instant baseDue, ClosedDue closedDue, bool moved, string reason, Instant due)
    {
        Start = start;
        Period = period;
        DueTime = dueTime;
        BaseDue = baseDue;
        ClosedDue = closedDue;
        Moved = moved;
        Reason = reason;
        Due = due;
    }

    /// <summary>The loan or renewal instant.</summary>
    public Instant Start { get; }

    /// <summary>The period added to it.</summary>
    public Period Period { get; }

    /// <summary>How the due instant was derived.</summary>
    public DueTime DueTime { get; }

    /// <summary>The due instant before any closed-due move.</summary>
    public Instant BaseDue { get; }

    /// <summary>The closed-due mode applied.</summary>
    public ClosedDue ClosedDue { get; }

    /// <summary>Whether the due moved off closed time.</summary>
    public bool Moved { get; }

    /// <summary>Why it moved or stayed, in words (e.g. <c>2026-12-25 is a closed date of WID: moved to
/// 23:59:59 on the next open day 2026-12-26</c>).</summary>
    public string Reason { get; }

    /// <summary>The resulting due instant.</summary>
    public Instant Due { get; }


    /// <summary>One line: the derivation, the closed-due mode and the reason.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"due {IsoInstant.Format(Due)} = {IsoInstant.Format(Start)} + {Period} ({DueTime.ToSpelling()}) gives {IsoInstant.Format(BaseDue)}; closedDue '{ClosedDue.ToSpelling()}': {Reason}";
}
