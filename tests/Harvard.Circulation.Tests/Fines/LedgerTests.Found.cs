using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;
using NodaTime;
using static Harvard.Circulation.Tests.Loans.DeskFixtures;

namespace Harvard.Circulation.Tests.Fines;

// Lost and found through the desk: the faculty patron's Orlando is declared lost on 1 April, then found.
public partial class LedgerTests
{
    private static readonly Instant LostOn = Monday + Duration.FromDays(30);
    private static readonly Instant FoundOn = LostOn + Duration.FromDays(10);

    private static CirculationDesk LostOrlando(LostItemTerms? lost = null) =>
        WithOrlandoOut(lost).DeclareLost(OrlandoBarcode, LostOn).Value;

    private static FineFee Replacement(CirculationDesk desk) => desk.FinesFees.Where(r => r.LoanId == "L1").Single(r => r.Type == FineFeeType.LostItemReplacementFee);

    [Fact]
    public void DeclareLost_HarvardTerms_ChargesOneHundredDollars()
    {
        var fee = Replacement(LostOrlando());

        Assert.Equal("F1", fee.TransactionId);
        Assert.Equal(Money.Usd(100m), fee.Original);
        Assert.Equal(FineFeeStatus.Active, fee.Status);
        Assert.Equal("Orlando: A Biography", fee.Title);
    }

    [Fact]
    public void DeclareLost_ItemWithReplacementCost_ChargesThatCost()
    {
        var desk = OpenDesk().CheckOut(FacultyPatron, UlyssesBarcode, Monday).Value.DeclareLost(UlyssesBarcode, LostOn).Value;

        Assert.Equal(Money.Usd(80m), desk.FindFineFee("F1")!.Original);
    }

    [Fact]
    public void MarkFound_UnpaidFullRefund_WaivedAndClosed()
    {
        var fee = Replacement(LostOrlando().MarkFound(OrlandoBarcode, FoundOn).Value);

        Assert.Equal(FineFeeStatus.Closed, fee.Status);
        Assert.Equal(Money.Usd(100m), fee.Waived);
        Assert.Equal(new FineFeeTransaction(FineFeeTransactionType.Waive, FoundOn, Money.Usd(100m), "found"), Assert.Single(fee.Transactions));
    }

    [Fact]
    public void MarkFound_PaidInFull_RefundedBalanceStaysZero()
    {
        var desk = LostOrlando().Pay(FacultyPatron, Money.Usd(100m), "F1", LostOn + Duration.FromDays(1)).Value;

        var fee = Replacement(desk.MarkFound(OrlandoBarcode, FoundOn).Value);

        Assert.Equal(FineFeeStatus.Closed, fee.Status);
        Assert.True(fee.Balance.IsZero);
        Assert.Equal(Money.Usd(100m), fee.Paid);
        Assert.Equal(Money.Usd(100m), fee.Refunded);
        Assert.Equal(new FineFeeTransaction(FineFeeTransactionType.Refund, FoundOn, Money.Usd(100m), "found"), fee.Transactions[^1]);
    }

    [Fact]
    public void MarkFound_FiftyPercentUnpaid_HalfWaivedHalfStillOwed()
    {
        var fee = Replacement(LostOrlando(new LostItemTerms(Period.FromDays(45), Money.Usd(100m), refundReplacementFeePercent: 50))
            .MarkFound(OrlandoBarcode, FoundOn).Value);

        Assert.Equal(Money.Usd(50m), fee.Waived);
        Assert.Equal(Money.Usd(50m), fee.Balance);
        Assert.Equal(FineFeeStatus.Active, fee.Status);
    }

    [Fact]
    public void MarkFound_FiftyPercentWithEightyPaid_WaivesTwentyRefundsThirty()
    {
        var desk = LostOrlando(new LostItemTerms(Period.FromDays(45), Money.Usd(100m), refundReplacementFeePercent: 50))
            .Pay(FacultyPatron, Money.Usd(80m), "F1", LostOn + Duration.FromDays(1)).Value;

        var fee = Replacement(desk.MarkFound(OrlandoBarcode, FoundOn).Value);

        Assert.Equal(Money.Usd(20m), fee.Waived);
        Assert.Equal(Money.Usd(30m), fee.Refunded);
        Assert.Equal(FineFeeStatus.Closed, fee.Status);
        Assert.Equal(fee.Original, fee.Balance + fee.Paid + fee.Waived);
    }

    [Fact]
    public void MarkFound_OneThirdPercent_RoundsToTheCent()
    {
        // 33% of 80.15 = 26.4495 → 26.45 (half away from zero at the cent).
        var desk = OpenDesk(new LostItemTerms(Period.FromDays(45), Money.Usd(80.15m), refundReplacementFeePercent: 33))
            .CheckOut(FacultyPatron, OrlandoBarcode, Monday).Value.DeclareLost(OrlandoBarcode, LostOn).Value;

        Assert.Equal(Money.Usd(26.45m), Replacement(desk.MarkFound(OrlandoBarcode, FoundOn).Value).Waived);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void MarkFound_NoRefundAfterBoundary_ExactlyStillRefundsAfterNothing(int minutesPastLimit, bool refunded)
    {
        var terms = new LostItemTerms(Period.FromDays(45), Money.Usd(100m), noRefundAfter: Period.FromDays(30));
        var at = LostOn + Duration.FromDays(30) + Duration.FromMinutes(minutesPastLimit);

        var desk = LostOrlando(terms).MarkFound(OrlandoBarcode, at).Value;

        var fee = Replacement(desk);
        Assert.Equal(refunded ? Money.Zero("USD") : Money.Usd(100m), fee.Balance);
        Assert.Equal(refunded ? FineFeeStatus.Closed : FineFeeStatus.Active, fee.Status);
        Assert.Equal(LoanStatus.Returned, desk.FindLoan("L1")!.Status);
    }

    [Theory]
    [InlineData(false, "10.00", FineFeeStatus.Active)]
    [InlineData(true, "0.00", FineFeeStatus.Closed)]
    public void MarkFound_ProcessFee_CancelledOnlyWithRefundProcessFeeWhenFound(bool refundProcessFee, string balance, FineFeeStatus status)
    {
        var terms = new LostItemTerms(Period.FromDays(45), Money.Usd(100m), processFee: Money.Usd(10m), refundProcessFeeWhenFound: refundProcessFee);

        var desk = LostOrlando(terms).MarkFound(OrlandoBarcode, FoundOn).Value;

        var process = desk.FindFineFee("F2")!;
        Assert.Equal(FineFeeType.LostItemProcessFee, process.Type);
        Assert.Equal(balance, process.Balance.ToAmountString());
        Assert.Equal(status, process.Status);
        Assert.Equal(FineFeeStatus.Closed, desk.FindFineFee("F1")!.Status);
    }

    [Fact]
    public void MarkFound_DisputedFee_LeftAsItIs()
    {
        var desk = LostOrlando().Dispute("F1", LostOn + Duration.FromDays(1)).Value;

        var fee = Replacement(desk.MarkFound(OrlandoBarcode, FoundOn).Value);

        Assert.Equal(FineFeeStatus.InDispute, fee.Status);
        Assert.Equal(Money.Usd(100m), fee.Balance);
        Assert.Equal([FineFeeTransactionType.Dispute], fee.Transactions.Select(t => t.Type));
    }

    [Fact]
    public void MarkFound_ExportedFee_LeftAsItIs()
    {
        var desk = LostOrlando().ExportToBursar(FacultyPatron, LostOn + Duration.FromDays(31)).Value;

        var fee = Replacement(desk.MarkFound(OrlandoBarcode, LostOn + Duration.FromDays(32)).Value);

        Assert.Equal(FineFeeStatus.ExportedToBursar, fee.Status);
        Assert.Equal(Money.Usd(100m), fee.Balance);
    }

    [Fact]
    public void CheckIn_LostItem_RefundsAsMarkFound()
    {
        var checkedIn = LostOrlando().CheckIn(OrlandoBarcode, FoundOn).Value;
        var found = LostOrlando().MarkFound(OrlandoBarcode, FoundOn).Value;

        Assert.Equal(Replacement(found), Replacement(checkedIn));
        Assert.Equal(found.FindLoan("L1"), checkedIn.FindLoan("L1"));
        Assert.Equal(Money.Zero("USD"), checkedIn.ActiveBalance(FacultyPatron));
    }

    [Fact]
    public void MarkFound_ClaimedReturnedThenLost_RefundsLikeLost()
    {
        var desk = WithOrlandoOut().ClaimReturned(OrlandoBarcode, LostOn - Duration.FromDays(1)).Value
            .DeclareLost(OrlandoBarcode, LostOn).Value
            .MarkFound(OrlandoBarcode, FoundOn).Value;

        Assert.Equal(FineFeeStatus.Closed, Replacement(desk).Status);
        Assert.Equal(Money.Usd(100m), Replacement(desk).Waived);
    }
}
