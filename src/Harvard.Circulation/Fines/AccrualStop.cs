using System.Globalization;
using Harvard.Circulation.Time;
using NodaTime;

namespace Harvard.Circulation.Fines;

/// <summary>What stopped an overdue fine's accrual.</summary>
public enum AccrualStopReason
{
    /// <summary>The item was checked in (<c>checkIn</c>).</summary>
    CheckIn,

    /// <summary>The loan was renewed; a new overdue period starts from the new due date (<c>renew</c>).</summary>
    Renew,

    /// <summary>The item was marked Claimed Return (<c>claimReturned</c>).</summary>
    ClaimReturned,

    /// <summary>The item was marked Lost (<c>declareLost</c>).</summary>
    DeclareLost,

    /// <summary>The loan aged to lost (<c>ageToLost</c>).</summary>
    AgeToLost,
}

/// <summary>Why and when an overdue fine stopped accruing: its loan was checked in, renewed, claimed returned or
/// became lost; forgiven when the lost-item terms forgive overdue fines.</summary>
/// <param name="At">When accrual stopped.</param>
/// <param name="By">What stopped it.</param>
/// <param name="Forgiven">Whether the fine was waived as forgiven when it stopped.</param>
public sealed record AccrualStop(Instant At, AccrualStopReason By, bool Forgiven)
{
    /// <summary>The spelling of a reason, as the loan actions are spelled: <c>checkIn</c>, <c>renew</c>,
    /// <c>claimReturned</c>, <c>declareLost</c>, <c>ageToLost</c>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The spelling.</returns>
    public static string ToSpelling(AccrualStopReason reason) => reason switch
    {
        AccrualStopReason.CheckIn => "checkIn",
        AccrualStopReason.Renew => "renew",
        AccrualStopReason.ClaimReturned => "claimReturned",
        AccrualStopReason.DeclareLost => "declareLost",
        AccrualStopReason.AgeToLost => "ageToLost",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a reason accrual stops."),
    };

    /// <summary>The stop in words, as appended to a fine's explanation, e.g. <c>; accrual stopped at
    /// 2026-01-05T14:00:00Z: the item was checked in</c>.</summary>
    /// <returns>The text (invariant culture).</returns>
    public string Explain() => string.Create(
        CultureInfo.InvariantCulture,
        $"; accrual stopped at {IsoInstant.Format(At)}: {Reason(By)}{(Forgiven ? ", and the fine was forgiven" : string.Empty)}");

    private static string Reason(AccrualStopReason reason) => reason switch
    {
        AccrualStopReason.CheckIn => "the item was checked in",
        AccrualStopReason.ClaimReturned => "the item was marked Claimed Return",
        AccrualStopReason.DeclareLost => "the item was marked Lost",
        AccrualStopReason.AgeToLost => "the loan aged to lost",
        AccrualStopReason.Renew => "the loan was renewed (a new overdue period starts from the new due date)",
        _ => ToSpelling(reason),
    };
}
