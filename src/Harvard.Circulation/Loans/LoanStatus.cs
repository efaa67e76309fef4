namespace Harvard.Circulation.Loans;

/// <summary>The states of a loan. "Overdue" is derived from the due instant, not a state.</summary>
public enum LoanStatus
{
    /// <summary>Charged to the patron (<c>onLoan</c>).</summary>
    OnLoan,

    /// <summary>The patron says it was returned but the library cannot find it; still charged, not accruing
    /// fines from the claim on (<c>claimedReturned</c>).</summary>
    ClaimedReturned,

    /// <summary>Lost: a fee is charged and the item stays on the patron's record (<c>lost</c>).</summary>
    Lost,

    /// <summary>Returned; closed (<c>returned</c>).</summary>
    Returned,
}

/// <summary>What can happen to a loan. The first three are the row actions staff are offered.</summary>
public enum LoanTrigger
{
    /// <summary>Mark the item Claimed Return (<c>claimReturned</c>).</summary>
    ClaimReturned,

    /// <summary>Mark the item Lost (<c>declareLost</c>).</summary>
    DeclareLost,

    /// <summary>Mark the item Found (<c>markFound</c>).</summary>
    MarkFound,

    /// <summary>Check the item in (<c>checkIn</c>); on a claimed-returned or lost loan it resolves as found.</summary>
    CheckIn,

    /// <summary>Renew the loan (<c>renew</c>).</summary>
    Renew,

    /// <summary>The policy ages an overdue loan to lost (<c>agedToLost</c>).</summary>
    AgeToLost,
}

/// <summary>Spellings of the loan enumerations, as the file formats write them.</summary>
public static class LoanSpellings
{
    /// <summary>The spelling of a status: <c>onLoan</c>, <c>claimedReturned</c>, <c>lost</c>, <c>returned</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The spelling.</returns>
    public static string ToSpelling(this LoanStatus status) => status switch
    {
        LoanStatus.OnLoan => "onLoan",
        LoanStatus.ClaimedReturned => "claimedReturned",
        LoanStatus.Lost => "lost",
        LoanStatus.Returned => "returned",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a loan status."),
    };

    /// <summary>The spelling of a trigger, e.g. <c>claimReturned</c>.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>The spelling.</returns>
    public static string ToSpelling(this LoanTrigger trigger) => trigger switch
    {
        LoanTrigger.ClaimReturned => "claimReturned",
        LoanTrigger.DeclareLost => "declareLost",
        LoanTrigger.MarkFound => "markFound",
        LoanTrigger.CheckIn => "checkIn",
        LoanTrigger.Renew => "renew",
        LoanTrigger.AgeToLost => "agedToLost",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Not a loan trigger."),
    };
}
