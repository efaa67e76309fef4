using System.Globalization;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Cli;

/// <summary>
/// Terms of use in words for <c>circ explain</c> and <c>circ policy matrix</c>: periods as days, hours and
/// months, rates with their currency and unit (<c>3.00 USD an hour</c>), what a grace does, and where a due time
/// moves when the library is closed. The policy's own spellings follow in parentheses where a policy writer needs
/// them.
/// </summary>
internal static class TermsWording
{
    /// <summary>The loan period and where the due time falls: <c>3 hours, due at the exact time; a due time outside
    /// opening hours moves back to closing time (PT3H, dueTime exact, closedDue endOfCurrentHours)</c>.</summary>
    public static string Loan(LoanTerms loan) =>
        $"{Wording.Period(loan.Period)}, {DueTime(loan.DueTime)}; {ClosedDue(loan.ClosedDue)} ({loan.Period}, dueTime {loan.DueTime.ToSpelling()}, closedDue {loan.ClosedDue.ToSpelling()})";

    /// <summary>The loan period in a few words: <c>28 days, due end of day</c>, <c>3 hours, due at the exact time</c>.</summary>
    public static string LoanShort(LoanTerms loan) =>
        $"{Wording.Period(loan.Period)}, {(loan.DueTime == Policies.DueTime.Exact ? "due at the exact time" : "due end of day")}";

    /// <summary>How the due time is set.</summary>
    public static string DueTime(DueTime dueTime) => dueTime switch
    {
        Policies.DueTime.EndOfDay => "due at 23:59:59 on the last day",
        Policies.DueTime.Exact => "due at the exact time",
        _ => dueTime.ToSpelling(),
    };

    /// <summary>Where a due time falling on closed time moves.</summary>
    public static string ClosedDue(ClosedDue closedDue) => closedDue switch
    {
        Policies.ClosedDue.Keep => "kept when the library is closed",
        Policies.ClosedDue.EndOfPreviousOpenDay => "a due date on a closed day moves back to the end of the previous open day",
        Policies.ClosedDue.EndOfNextOpenDay => "a due date on a closed day moves to the end of the next open day",
        Policies.ClosedDue.EndOfCurrentHours => "a due time outside opening hours moves back to closing time",
        Policies.ClosedDue.BeginningOfNextOpenHours => "a due time outside opening hours moves to the next opening",
        _ => closedDue.ToSpelling(),
    };

    /// <summary>The renewals: <c>up to 5, each 28 days from the renewal, never due later than 48 months after
    /// check-out</c>, or <c>none (maxRenewals 0)</c>.</summary>
    public static string Renewals(LoanTerms loan) => loan.MaxRenewals == 0
        ? "none (maxRenewals 0)"
        : string.Create(CultureInfo.InvariantCulture, $"up to {loan.MaxRenewals}, each {Wording.Period(loan.RenewPeriod)} from the renewal")
            + (loan.MaxRenewalPeriod is { } longest ? $", never due later than {Wording.Period(longest)} after check-out" : string.Empty)
            + (loan.AutoRenew ? ", renewed automatically at the due time" : string.Empty);

    /// <summary>The renewals in a few words: <c>5 × 28 days</c>, <c>5 × 8 months, automatic</c>, <c>none</c>.</summary>
    public static string RenewalsShort(LoanTerms loan) => loan.MaxRenewals == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{loan.MaxRenewals} × {Wording.Period(loan.RenewPeriod)}") + (loan.AutoRenew ? ", automatic" : string.Empty);

    /// <summary>A fine rule in words: <c>3.00 USD an hour after a grace of 1 hour (past it, all the overdue time is
    /// charged), at most 45.00 USD, closed hours not counted</c>; <c>none</c> for no rule.</summary>
    public static string Fine(FineRule? fine)
    {
        if (fine is null)
        {
            return "none";
        }

        if (fine.Max is { IsZero: true })
        {
            return "none (max 0.00: no fine at all)";
        }

        var parts = new List<string> { Rate(fine) };
        if (fine.Grace != NodaTime.Period.Zero)
        {
            parts[0] += $" after a grace of {Wording.Period(fine.Grace)} ({(fine.GraceDeducted ? "past it, only the time past the grace is charged" : "past it, all the overdue time is charged")})";
        }

        parts.Add(fine.Max is { } max ? $"at most {Wording.Amount(max)}" : "no cap");
        parts.Add(fine.CountClosed ? "closed hours counted" : "closed hours not counted");
        if (fine.ForgiveOnRenewal)
        {
            parts.Add("forgiven on renewal");
        }

        return string.Join(", ", parts);
    }

    /// <summary>A fine rule in a few words: <c>3.00 USD an hour, grace 1 hour, max 45.00 USD</c>; <c>none</c>.</summary>
    public static string FineShort(FineRule? fine)
    {
        if (fine is null || fine.Max is { IsZero: true })
        {
            return "none";
        }

        return Rate(fine)
            + (fine.Grace == NodaTime.Period.Zero ? string.Empty : $", grace {Wording.Period(fine.Grace)}")
            + (fine.Max is { } max ? $", max {Wording.Amount(max)}" : string.Empty);
    }

    /// <summary>Lost-item terms in words.</summary>
    public static string Lost(LostItemTerms? lost)
    {
        if (lost is null)
        {
            return "nothing charged, never aged to lost";
        }

        var parts = new List<string>
        {
            lost.AgedToLostAfter is { } after ? $"aged to lost {Wording.Period(after)} after due" : "never aged to lost",
            "replacement fee: the item's cost, else " + (lost.DefaultReplacementFee is { } fee ? Wording.Amount(fee) : "none"),
            "process fee " + (lost.ProcessFee is { } process ? Wording.Amount(process) : "none"),
            string.Create(CultureInfo.InvariantCulture, $"{lost.RefundReplacementFeePercent}% of the replacement fee refunded when found")
                + (lost.NoRefundAfter is { } noRefund ? $" within {Wording.Period(noRefund)}" : string.Empty),
            lost.RefundProcessFeeWhenFound ? "process fee refunded when found" : "process fee kept when found",
        };
        if (lost.ForgiveOverdueWhenLost)
        {
            parts.Add("overdue fine forgiven when lost");
        }

        return string.Join("; ", parts);
    }

    /// <summary>Notice terms in words.</summary>
    public static string Notices(NoticeTerms? notices) => notices is null
        ? "none"
        : string.Join("; ",
            notices.Courtesy is { } courtesy ? $"courtesy {Wording.Period(courtesy)} before due" : "no courtesy notice",
            notices.Overdue.Count == 0 ? "no overdue notice" : "overdue " + string.Join(", ", notices.Overdue.Select(Wording.Period)) + " after due",
            notices.LostItemBill ? "lost item bill" : "no lost item bill",
            notices.FineFee ? "fine/fee notice" : "no fine/fee notice");

    /// <summary>Recall terms in words.</summary>
    public static string Recall(RecallTerms? recall) => recall is null
        ? "none: requests never recall"
        : $"return within {Wording.Period(recall.ReturnWithin)} of the recall, after a minimum loan of {Wording.Period(recall.MinimumLoan)}";

    private static string Rate(FineRule fine)
    {
        var unit = fine.Per.ToSpelling();
        return $"{Wording.ExactAmount(fine.Amount)} {(unit == "hour" ? "an" : "a")} {unit}";
    }
}
