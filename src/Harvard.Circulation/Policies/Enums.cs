namespace Harvard.Circulation.Policies;

/// <summary>How a loan's due instant is derived from the loan instant and the period.</summary>
public enum DueTime
{
    /// <summary>23:59:59 local time on the local date of loan instant + period (policy spelling <c>endOfDay</c>).</summary>
    EndOfDay,

    /// <summary>Exactly loan instant + period (policy spelling <c>exact</c>).</summary>
    Exact,
}

/// <summary>How a due time that falls on closed time of the item's library is moved.</summary>
public enum ClosedDue
{
    /// <summary>No move (policy spelling <c>keep</c>).</summary>
    Keep,

    /// <summary>When the due date is a closed day, 23:59:59 on the nearest earlier open day (<c>endOfPreviousOpenDay</c>).</summary>
    EndOfPreviousOpenDay,

    /// <summary>When the due date is a closed day, 23:59:59 on the nearest later open day (<c>endOfNextOpenDay</c>).</summary>
    EndOfNextOpenDay,

    /// <summary>Outside open hours: the end of the latest open period that ended at or before it (<c>endOfCurrentHours</c>).</summary>
    EndOfCurrentHours,

    /// <summary>Outside open hours: the start of the next open period (<c>beginningOfNextOpenHours</c>).</summary>
    BeginningOfNextOpenHours,
}

/// <summary>The interval a fine rate is charged per. Intervals are fixed lengths of elapsed minutes.</summary>
public enum FineInterval
{
    /// <summary>One minute (<c>minute</c>).</summary>
    Minute,

    /// <summary>60 minutes (<c>hour</c>).</summary>
    Hour,

    /// <summary>1,440 minutes (<c>day</c>).</summary>
    Day,

    /// <summary>10,080 minutes (<c>week</c>).</summary>
    Week,
}

/// <summary>Spellings and lengths of the policy enumerations.</summary>
public static class PolicySpellings
{
    /// <summary>The length of a fine interval in minutes: 1, 60, 1,440 or 10,080.</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>Its length in minutes.</returns>
    public static long Minutes(this FineInterval interval) => interval switch
    {
        FineInterval.Minute => 1,
        FineInterval.Hour => 60,
        FineInterval.Day => 1_440,
        FineInterval.Week => 10_080,
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Not a fine interval."),
    };

    /// <summary>The policy-file spelling of a due time mode.</summary>
    /// <param name="value">The mode.</param>
    /// <returns><c>endOfDay</c> or <c>exact</c>.</returns>
    public static string ToSpelling(this DueTime value) => value switch
    {
        DueTime.EndOfDay => "endOfDay",
        DueTime.Exact => "exact",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a due time mode."),
    };

    /// <summary>The policy-file spelling of a closed-due mode.</summary>
    /// <param name="value">The mode.</param>
    /// <returns>The spelling, e.g. <c>endOfNextOpenDay</c>.</returns>
    public static string ToSpelling(this ClosedDue value) => value switch
    {
        ClosedDue.Keep => "keep",
        ClosedDue.EndOfPreviousOpenDay => "endOfPreviousOpenDay",
        ClosedDue.EndOfNextOpenDay => "endOfNextOpenDay",
        ClosedDue.EndOfCurrentHours => "endOfCurrentHours",
        ClosedDue.BeginningOfNextOpenHours => "beginningOfNextOpenHours",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a closed-due mode."),
    };

    /// <summary>The policy-file spelling of a fine interval.</summary>
    /// <param name="value">The interval.</param>
    /// <returns><c>minute</c>, <c>hour</c>, <c>day</c> or <c>week</c>.</returns>
    public static string ToSpelling(this FineInterval value) => value switch
    {
        FineInterval.Minute => "minute",
        FineInterval.Hour => "hour",
        FineInterval.Day => "day",
        FineInterval.Week => "week",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a fine interval."),
    };
}
