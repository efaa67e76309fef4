using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Notices;

/// <summary>A courtesy or overdue notice a loan is due to get.</summary>
public readonly record struct ScheduledNotice
{
    /// <summary>Creates the value.</summary>
    /// <param name="at">When it is decided.</param>
    /// <param name="type">Courtesy or overdue.</param>
    /// <param name="index">Which one: 0 the courtesy notice, <c>i + 1</c> the <c>i</c>-th overdue notice.</param>
    public ScheduledNotice(Instant at, NoticeType type, int index)
    {
        At = at;
        Type = type;
        Index = index;
    }

    /// <summary>When it is decided.</summary>
    public Instant At { get; }

    /// <summary>Courtesy or overdue.</summary>
    public NoticeType Type { get; }

    /// <summary>Which one: 0 the courtesy notice, <c>i + 1</c> the <c>i</c>-th overdue notice.</summary>
    public int Index { get; }
}

/// <summary>
/// The courtesy and overdue notices of a loan (domain.md §6): courtesy at due − <c>courtesy</c>, overdue at due +
/// each delay, always against the due instant in force, only while the loan is on loan, and never at or before
/// the check-out, renewal or recall that set the due instant. After a renewal or recall the schedule starts
/// again from the new due instant (what was sent stays sent). The one home of the rule.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class NoticeSchedule
{
    /// <summary>When the courtesy notice of a due instant is decided.</summary>
    /// <param name="dueAt">The due instant.</param>
    /// <param name="courtesy">How long before due.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>The instant.</returns>
    public static Instant CourtesyAt(Instant dueAt, Period courtesy, DateTimeZone zone) => PolicyTime.Subtract(dueAt, courtesy, zone);

    /// <summary>When an overdue notice of a due instant is decided.</summary>
    /// <param name="dueAt">The due instant.</param>
    /// <param name="delay">How long after due.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>The instant.</returns>
    public static Instant OverdueAt(Instant dueAt, Period delay, DateTimeZone zone) => PolicyTime.Add(dueAt, delay, zone);

    /// <summary>The notices still to decide for a loan, earliest first (at one instant the courtesy notice, then
    /// the overdue notices in the order of their delays).</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="terms">Its terms of use.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>The notices; none when the loan is not on loan or its terms send none.</returns>
    public static IReadOnlyList<ScheduledNotice> Pending(Loan loan, TermsOfUse terms, DateTimeZone zone)
    {
        var pending = new List<ScheduledNotice>();
        for (var index = 0; index <= LastIndex(loan, terms); index++)
        {
            if (Candidate(loan, terms.Notices!, index, zone) is { } notice)
            {
                pending.Add(notice);
            }
        }

        return pending.OrderBy(n => n.At).ThenBy(n => n.Index).ToList();
    }

    /// <summary>The next notice a loan is due to get, or null.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="terms">Its terms of use.</param>
    /// <param name="zone">The policy's time zone.</param>
    /// <returns>The earliest pending notice (the lowest index among equal instants), or null.</returns>
    public static ScheduledNotice? Next(Loan loan, TermsOfUse terms, DateTimeZone zone)
    {
        ScheduledNotice? best = null;
        for (var index = 0; index <= LastIndex(loan, terms); index++)
        {
            if (Candidate(loan, terms.Notices!, index, zone) is { } notice && (best is null || notice.At < best.Value.At))
            {
                best = notice;
            }
        }

        return best;
    }

    /// <summary>The highest index a loan's terms schedule (−1 when none: not on loan, or no notices).</summary>
    private static int LastIndex(Loan loan, TermsOfUse terms)
    {
        ArgumentNullException.ThrowIfNull(loan);
        ArgumentNullException.ThrowIfNull(terms);
        return loan.Status == LoanStatus.OnLoan && terms.Notices is { } notices ? notices.Overdue.Count : -1;
    }

    private static ScheduledNotice? Candidate(Loan loan, NoticeTerms notices, int index, DateTimeZone zone)
    {
        if ((loan.NoticesSent & (1ul << index)) != 0)
        {
            return null;
        }

        if (index == 0)
        {
            return notices.Courtesy is { } courtesy && CourtesyAt(loan.DueAt, courtesy, zone) is var at && at > loan.DueSetAt
                ? new ScheduledNotice(at, NoticeType.Courtesy, 0)
                : null;
        }

        var overdueAt = OverdueAt(loan.DueAt, notices.Overdue[index - 1], zone);
        return overdueAt > loan.DueSetAt ? new ScheduledNotice(overdueAt, NoticeType.Overdue, index) : null;
    }
}
