using Harvard.Circulation.Calendar;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Loans;

/// <summary>
/// The overdue fine of a loan's current overdue period: which rule it accrues under, when its record arises,
/// and until when it accrues. The one home of these rules: the desk, the nightly batch and the loan list call
/// them.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class OverdueAccrual
{
    /// <summary>The rule a loan accrues under: the recalled overdue fine once recalled, else the overdue fine.</summary>
    /// <param name="recalled">Whether a request recalled the loan.</param>
    /// <param name="terms">The loan's terms of use.</param>
    /// <returns>The rule and the type of its records, or null when the terms charge none.</returns>
    public static (FineRule Rule, FineFeeType Type)? RuleFor(bool recalled, TermsOfUse terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return recalled
            ? terms.RecalledOverdueFine is { } recalledFine ? (recalledFine, FineFeeType.RecalledOverdueFine) : null
            : terms.OverdueFine is { } overdue ? (overdue, FineFeeType.OverdueFine) : null;
    }

    /// <summary>The rule a loan accrues under.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="terms">Its terms of use.</param>
    /// <returns>The rule and the type of its records, or null when the terms charge none.</returns>
    public static (FineRule Rule, FineFeeType Type)? RuleFor(Loan loan, TermsOfUse terms) => RuleFor(Guard(loan).Recalled, terms);

    /// <summary>Until when a loan's current overdue period accrues, as seen at an instant: the instant itself while
    /// the loan is on loan; the instant it was claimed returned, became lost or was returned once accrual stopped
    /// ("not accruing fines from the date of marking it Claimed Return").</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="at">The instant the fine is looked at.</param>
    /// <returns>The end of accrual.</returns>
    public static Instant Until(Loan loan, Instant at) => Guard(loan).Status switch
    {
        LoanStatus.OnLoan => at,
        LoanStatus.ClaimedReturned => loan.ClaimedReturnedAt!.Value,
        LoanStatus.Lost => loan.ClaimedReturnedAt ?? loan.LostAt!.Value,
        _ => loan.ClaimedReturnedAt ?? loan.LostAt ?? loan.ReturnedAt!.Value,
    };

    /// <summary>The fine a loan's current overdue period has accrued as seen at an instant.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="terms">Its terms of use.</param>
    /// <param name="calendar">The calendar of the item's library.</param>
    /// <param name="at">The instant.</param>
    /// <returns>The accrual, or null when the terms charge no fine.</returns>
    public static FineAccrual? At(Loan loan, TermsOfUse terms, LibraryCalendar calendar, Instant at) =>
        RuleFor(loan, terms) is { } fine ? OverdueFineCalculator.Compute(fine.Rule, loan.DueAt, Until(loan, at), calendar) : null;

    /// <summary>When the record of an on-loan loan's current overdue period arises: the first instant its amount is
    /// positive. Null when the loan is not on loan, its record already arose, or the fine is never positive.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="terms">Its terms of use.</param>
    /// <param name="calendar">The calendar of the item's library.</param>
    /// <returns>The instant, or null.</returns>
    public static Instant? ArisesAt(Loan loan, TermsOfUse terms, LibraryCalendar calendar) =>
        Guard(loan).Status == LoanStatus.OnLoan && loan.AccruingRecordKey is null && RuleFor(loan, terms) is { } fine
            ? OverdueFineCalculator.FirstChargeInstant(fine.Rule, loan.DueAt, calendar)
            : null;

    private static Loan Guard(Loan loan) => loan ?? throw new ArgumentNullException(nameof(loan));
}
