using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Loans;

/// <summary>When a loan renews by itself: terms with <c>autoRenew</c> try once at each due instant of an on-loan
/// loan (a refused try leaves the loan to fall due). The one home of the rule.</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class AutoRenewal
{
    /// <summary>The instant auto-renewal is tried for a loan.</summary>
    /// <param name="loan">The loan.</param>
    /// <param name="terms">Its terms of use.</param>
    /// <returns>The due instant, or null when the terms do not auto-renew, the loan is not on loan, or the try at
    /// this due instant was made.</returns>
    public static Instant? At(Loan loan, TermsOfUse terms)
    {
        ArgumentNullException.ThrowIfNull(loan);
        ArgumentNullException.ThrowIfNull(terms);
        return loan.Status == LoanStatus.OnLoan && terms.Loan is { AutoRenew: true } && !loan.AutoRenewTried ? loan.DueAt : null;
    }
}
