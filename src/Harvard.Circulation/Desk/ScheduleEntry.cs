using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>What a scheduled action is, in the order actions at one instant take place (domain.md §4: first what the
/// policy makes happen, then the notices due).</summary>
internal enum ScheduledAction : byte
{
    /// <summary>A loan's overdue fine record arises (first, so everything decided at the instant sees it).</summary>
    FineArises,

    /// <summary>A loan renews by itself or ages to lost.</summary>
    LoanActs,

    /// <summary>A request on the hold shelf expires (the next request moves up).</summary>
    RequestExpires,

    /// <summary>A returned loan is anonymized.</summary>
    Anonymization,

    /// <summary>A courtesy or overdue notice is decided.</summary>
    Notice,

    /// <summary>A patron services session times out.</summary>
    SessionTimesOut,
}

/// <summary>One entry of the desk's schedule: the next thing one loan, request or session makes happen by
/// itself. Each of them has at most one entry; entries run in (instant, action, number) order, so at one instant
/// loans act in loan order and requests in the order placed.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">What; it also says whether <paramref name="Number"/> is a loan, request or session number.</param>
/// <param name="Number">The loan, request or session number.</param>
internal readonly record struct ScheduleEntry(Instant At, ScheduledAction Kind, int Number) : IComparable<ScheduleEntry>
{
    /// <summary>The schedule's order: instant, then action, then number.</summary>
    public static IComparer<ScheduleEntry> Order => Comparer<ScheduleEntry>.Default;

    /// <inheritdoc/>
    public int CompareTo(ScheduleEntry other)
    {
        var byAt = At.CompareTo(other.At);
        if (byAt != 0)
        {
            return byAt;
        }

        var byKind = Kind.CompareTo(other.Kind);
        return byKind != 0 ? byKind : Number.CompareTo(other.Number);
    }
}
