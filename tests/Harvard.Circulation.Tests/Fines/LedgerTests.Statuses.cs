using Harvard.Circulation.Fines;

namespace Harvard.Circulation.Tests.Fines;

// Dispute and restore, refunds, closing at zero, transfer and the balances shown.
public partial class LedgerTests
{
    [Fact]
    public void Dispute_ActiveRecord_LeavesActiveBalanceShownApart()
    {
        var ledger = FacultyLedger().Dispute("F3", Later, "patron says it was returned").Value;

        Assert.Equal(FineFeeStatus.InDispute, ledger.Find("F3")!.Status);
        Assert.Equal(Money.Usd(10.50m), ledger.ActiveBalance(Faculty));
        Assert.Equal(Money.Usd(100m), ledger.InDisputeBalance(Faculty));
        Assert.Equal(Money.Usd(100m), ledger.Find("F3")!.Balance);
        Assert.Equal(FineFeeTransactionType.Dispute, Assert.Single(ledger.Find("F3")!.Transactions).Type);
    }

    [Fact]
    public void Restore_Disputed_ActiveAgain()
    {
        var ledger = FacultyLedger().Dispute("F3", Later).Value.Restore("F3", Later).Value;

        Assert.Equal(FineFeeStatus.Active, ledger.Find("F3")!.Status);
        Assert.Equal(Money.Usd(110.50m), ledger.ActiveBalance(Faculty));
        Assert.Equal(Money.Zero("USD"), ledger.InDisputeBalance(Faculty));
    }

    [Fact]
    public void Dispute_ClosedRecord_Refused()
    {
        var ledger = FacultyLedger().Waive("F2", null, Later).Value;
        AssertRefusedUnchanged(ledger, ledger.Dispute("F2", Later), "Fine/fee F2 is closed; only an active fine/fee can be disputed.");
    }

    [Fact]
    public void Restore_ActiveRecord_Refused()
    {
        var ledger = FacultyLedger();
        AssertRefusedUnchanged(ledger, ledger.Restore("F3", Later), "Fine/fee F3 is active; only a fine/fee in dispute can be restored.");
    }

    [Fact]
    public void Refund_PartOfPayment_BalanceUnchanged()
    {
        var paid = FacultyLedger().Pay(Faculty, Money.Usd(40m), "F3", Later).Value;

        var refunded = paid.Refund("F3", Money.Usd(25m), Later, "overcharged").Value.Find("F3")!;

        Assert.Equal(Money.Usd(60m), refunded.Balance);
        Assert.Equal(Money.Usd(40m), refunded.Paid);
        Assert.Equal(Money.Usd(25m), refunded.Refunded);
        Assert.Equal(FineFeeStatus.Active, refunded.Status);
    }

    [Fact]
    public void Refund_AbovePaidNotYetRefunded_Refused()
    {
        var ledger = FacultyLedger().Pay(Faculty, Money.Usd(40m), "F3", Later).Value
            .Refund("F3", Money.Usd(25m), Later).Value;

        AssertRefusedUnchanged(ledger, ledger.Refund("F3", Money.Usd(15.01m), Later),
            "A refund of 15.01 on fine/fee F3 is more than was paid and not yet refunded (15.00).");
    }

    [Fact]
    public void Refund_NothingPaid_Refused()
    {
        var ledger = FacultyLedger();
        AssertRefusedUnchanged(ledger, ledger.Refund("F2", Money.Usd(0.01m), Later),
            "A refund of 0.01 on fine/fee F2 is more than was paid and not yet refunded (0.00).");
    }

    [Fact]
    public void Pay_WholeBalance_ClosesAtZero()
    {
        var record = FacultyLedger().Pay(Faculty, Money.Usd(4.50m), "F2", Later).Value.Find("F2")!;

        Assert.Equal(FineFeeStatus.Closed, record.Status);
        Assert.True(record.Balance.IsZero);
        Assert.Equal(record.Original, record.Balance + record.Paid + record.Waived);
    }

    [Fact]
    public void Waive_PaymentThenWaiverOfRest_ClosesAtZero()
    {
        var record = FacultyLedger().Pay(Faculty, Money.Usd(60m), "F3", Later).Value
            .Waive("F3", null, Later, "goodwill").Value.Find("F3")!;

        Assert.Equal(FineFeeStatus.Closed, record.Status);
        Assert.Equal(Money.Usd(40m), record.Waived);
        Assert.Equal([FineFeeTransactionType.Payment, FineFeeTransactionType.Waive], record.Transactions.Select(t => t.Type));
    }

    [Fact]
    public void Waive_WholeBalanceOfClosedRecord_RefusedNothingToWaive()
    {
        var ledger = FacultyLedger().Waive("F2", null, Later).Value;
        AssertRefusedUnchanged(ledger, ledger.Waive("F2", null, Later), "Fine/fee F2 is closed: its balance is 0.00, nothing to waive.");
    }

    [Fact]
    public void Restore_DisputedRecordThatWasPaidToZero_Closed()
    {
        // A record paid in full is closed and cannot be disputed; a disputed one keeps its balance, so restoring
        // a disputed record always gives an active one with its balance.
        var ledger = FacultyLedger().Pay(Faculty, Money.Usd(50m), "F3", Later).Value
            .Dispute("F3", Later).Value.Restore("F3", Later).Value;

        Assert.Equal(FineFeeStatus.Active, ledger.Find("F3")!.Status);
        Assert.Equal(Money.Usd(50m), ledger.Find("F3")!.Balance);
    }

    [Fact]
    public void Transfer_ActiveRecord_LeavesActiveBalanceBalanceKept()
    {
        var ledger = FacultyLedger().Transfer("F3", Later, "to department account").Value;

        Assert.Equal(FineFeeStatus.Transferred, ledger.Find("F3")!.Status);
        Assert.Equal(Money.Usd(100m), ledger.Find("F3")!.Balance);
        Assert.Equal(Money.Usd(10.50m), ledger.ActiveBalance(Faculty));
        AssertRefusedUnchanged(ledger, ledger.Pay(Faculty, Money.Usd(1m), "F3", Later), "A payment on fine/fee F3 is not allowed: it is transferred.");
    }

    [Fact]
    public void ActiveBalance_DisputedAndExportedLeftOut()
    {
        var ledger = FacultyLedger().Dispute("F2", Later).Value.ExportToBursar(["F3"], Later).Value;

        // Only F1 (accruing, still owed and active) remains in the active balance.
        Assert.Equal(Money.Usd(6m), ledger.ActiveBalance(Faculty));
        Assert.Equal(Money.Usd(4.50m), ledger.InDisputeBalance(Faculty));
        Assert.Equal(Money.Usd(100m), ledger.ExportedBalance(Faculty));
        Assert.Equal(Money.Usd(15m), ledger.ActiveBalance(Student));
    }
}
