using Harvard.Circulation.Fines;
using NodaTime;

namespace Harvard.Circulation.Tests.Fines;

/// <summary>The ledger's transactions, refusals and balances. Fixture: the faculty patron 10000002 owes a
/// still-accruing fine on a 3-hour reserve (F1, oldest), an overdue fine on Middlemarch (F2) and the
/// replacement fee of Orlando (F3); a student, 10000042, owes a card renewal (F4).</summary>
public partial class LedgerTests
{
    private const string Faculty = "10000002";
    private const string Student = "10000042";
    private static readonly Instant Monday = Instant.FromUtc(2026, 4, 6, 14, 0);
    private static readonly Instant Later = Monday + Duration.FromDays(10);

    private static Ledger FacultyLedger() => Ledger.Empty("USD")
        .Add(new FineFee("F1", Faculty, FineFeeType.OverdueFine, Money.Usd(6m), Monday, "L1", "Reserve: Principles of Economics", accruing: true))
        .Add(new FineFee("F2", Faculty, FineFeeType.OverdueFine, Money.Usd(4.50m), Monday + Duration.FromDays(1), "L2", "Middlemarch"))
        .Add(new FineFee("F3", Faculty, FineFeeType.LostItemReplacementFee, Money.Usd(100m), Monday + Duration.FromDays(2), "L3", "Orlando: A Biography"))
        .Add(new FineFee("F4", Student, FineFeeType.CardRenewal, Money.Usd(15m), Monday));

    private static string Message<T>(Decision<T> decision) => Assert.Single(decision.Reasons).Message;

    private static void AssertRefusedUnchanged(Ledger ledger, Decision<Ledger> decision, string message, string? kind = null)
    {
        Assert.False(decision.IsAllowed, kind is null ? null : $"The {kind} was allowed.");
        Assert.Same(ledger, decision.Unchanged);
        var refusal = Assert.Single(decision.Reasons);
        Assert.Equal(RefusalCodes.TransactionNotAllowed, refusal.Code);
        Assert.Equal(message, refusal.Message);
    }

    [Fact]
    public void Pay_WithoutTransactionId_PaysOldestFirstPassingOverAccruingFine()
    {
        var ledger = FacultyLedger().Pay(Faculty, Money.Usd(50m), null, Later).Value;

        Assert.Equal(Money.Usd(6m), ledger.Find("F1")!.Balance);
        Assert.Empty(ledger.Find("F1")!.Transactions);
        Assert.Equal(FineFeeStatus.Closed, ledger.Find("F2")!.Status);
        Assert.Equal(Money.Usd(4.50m), ledger.Find("F2")!.Paid);
        Assert.Equal(Money.Usd(54.50m), ledger.Find("F3")!.Balance);
        Assert.Equal(Money.Usd(45.50m), ledger.Find("F3")!.Paid);
        Assert.Equal(Money.Usd(15m), ledger.Find("F4")!.Balance);
    }

    [Fact]
    public void Pay_WithTransactionId_PaysThatRecordOnly()
    {
        var ledger = FacultyLedger().Pay(Faculty, Money.Usd(30m), "F3", Later, "cash").Value;

        var record = ledger.Find("F3")!;
        Assert.Equal(Money.Usd(70m), record.Balance);
        Assert.Equal(FineFeeStatus.Active, record.Status);
        Assert.Equal(new FineFeeTransaction(FineFeeTransactionType.Payment, Later, Money.Usd(30m), "cash"), Assert.Single(record.Transactions));
        Assert.Equal(Money.Usd(4.50m), ledger.Find("F2")!.Balance);
    }

    [Fact]
    public void Pay_AboveBalance_RefusedNothingApplied()
    {
        var ledger = FacultyLedger();
        AssertRefusedUnchanged(ledger, ledger.Pay(Faculty, Money.Usd(100.01m), "F3", Later),
            "A payment of 100.01 is more than the balance of fine/fee F3 (100.00).");
    }

    [Fact]
    public void Waive_AboveBalance_RefusedNothingApplied()
    {
        var ledger = FacultyLedger();
        AssertRefusedUnchanged(ledger, ledger.Waive("F2", Money.Usd(5m), Later),
            "A waiver of 5.00 is more than the balance of fine/fee F2 (4.50).");
    }

    [Fact]
    public void Pay_WithoutIdAbovePayable_RefusedNothingApplied()
    {
        // Payable now: F2 + F3 = 104.50; F1 is still accruing and F4 is another patron's.
        var ledger = FacultyLedger();
        AssertRefusedUnchanged(ledger, ledger.Pay(Faculty, Money.Usd(104.51m), null, Later),
            "A payment of 104.51 is more than patron 10000002 can pay now (104.50: active fines/fees whose accrual has stopped).");
    }

    [Fact]
    public void Pay_WithoutIdExactlyPayable_ClosesEveryStoppedRecord()
    {
        var ledger = FacultyLedger().Pay(Faculty, Money.Usd(104.50m), null, Later).Value;

        Assert.Equal(FineFeeStatus.Closed, ledger.Find("F2")!.Status);
        Assert.Equal(FineFeeStatus.Closed, ledger.Find("F3")!.Status);
        Assert.Equal(Money.Usd(6m), ledger.ActiveBalance(Faculty));
        Assert.Equal(Money.Zero("USD"), ledger.Payable(Faculty));
    }

    [Fact]
    public void Pay_RecordOfAnotherPatron_Refused()
    {
        var ledger = FacultyLedger();
        AssertRefusedUnchanged(ledger, ledger.Pay(Faculty, Money.Usd(1m), "F4", Later), "Fine/fee F4 is not on patron 10000002's account.");
    }

    [Fact]
    public void Pay_InDispute_Refused()
    {
        var ledger = FacultyLedger().Dispute("F3", Later).Value;
        AssertRefusedUnchanged(ledger, ledger.Pay(Faculty, Money.Usd(10m), "F3", Later), "A payment on fine/fee F3 is not allowed: it is inDispute.");
    }

    [Fact]
    public void Waive_InDispute_Refused()
    {
        var ledger = FacultyLedger().Dispute("F3", Later).Value;
        AssertRefusedUnchanged(ledger, ledger.Waive("F3", null, Later), "A waiver on fine/fee F3 is not allowed: it is inDispute.");
    }

    [Fact]
    public void Pay_Exported_Refused()
    {
        var ledger = FacultyLedger().ExportToBursar(["F3"], Later).Value;
        AssertRefusedUnchanged(ledger, ledger.Pay(Faculty, Money.Usd(10m), "F3", Later), "A payment on fine/fee F3 is not allowed: it is exportedToBursar.");
    }

    [Fact]
    public void Waive_Exported_Refused()
    {
        var ledger = FacultyLedger().ExportToBursar(["F3"], Later).Value;
        AssertRefusedUnchanged(ledger, ledger.Waive("F3", Money.Usd(1m), Later), "A waiver on fine/fee F3 is not allowed: it is exportedToBursar.");
    }

    [Fact]
    public void Pay_WithoutIdAfterDispute_PassesOverTheDisputedRecord()
    {
        var ledger = FacultyLedger().Dispute("F2", Later).Value.Pay(Faculty, Money.Usd(100m), null, Later).Value;

        Assert.Equal(Money.Usd(4.50m), ledger.Find("F2")!.Balance);
        Assert.Equal(FineFeeStatus.Closed, ledger.Find("F3")!.Status);
    }

    public static TheoryData<string, Func<Ledger, Decision<Ledger>>> TransactionsOnAccruingFine() => new()
    {
        { "payment", l => l.Pay(Faculty, Money.Usd(1m), "F1", Later) },
        { "waiver", l => l.Waive("F1", null, Later) },
        { "dispute", l => l.Dispute("F1", Later) },
        { "refund", l => l.Refund("F1", Money.Usd(1m), Later) },
        { "transfer", l => l.Transfer("F1", Later) },
    };

    [Theory]
    [MemberData(nameof(TransactionsOnAccruingFine))]
    public void Transaction_OnAccruingFine_Refused(string kind, Func<Ledger, Decision<Ledger>> transaction)
    {
        var ledger = FacultyLedger();
        AssertRefusedUnchanged(ledger, transaction(ledger), "Fine/fee F1 is an overdue fine still accruing; no transaction is allowed until its accrual stops.", kind);
    }

    [Fact]
    public void ExportToBursar_AccruingFine_Refused()
    {
        var ledger = FacultyLedger();
        AssertRefusedUnchanged(ledger, ledger.ExportToBursar(["F1"], Later), "Fine/fee F1 is active and still accruing; it cannot be exported.");
    }

    public static TheoryData<string, Func<Ledger, Decision<Ledger>>> TransactionsOnUnknownId() => new()
    {
        { "payment", l => l.Pay(Faculty, Money.Usd(1m), "F99", Later) },
        { "waiver", l => l.Waive("F99", null, Later) },
        { "dispute", l => l.Dispute("F99", Later) },
        { "restore", l => l.Restore("F99", Later) },
        { "refund", l => l.Refund("F99", Money.Usd(1m), Later) },
        { "transfer", l => l.Transfer("F99", Later) },
        { "export", l => l.ExportToBursar(["F3", "F99"], Later) },
    };

    [Theory]
    [MemberData(nameof(TransactionsOnUnknownId))]
    public void Transaction_UnknownTransactionId_Refused(string kind, Func<Ledger, Decision<Ledger>> transaction)
    {
        var ledger = FacultyLedger();
        AssertRefusedUnchanged(ledger, transaction(ledger), "Fine/fee F99 does not exist.", kind);
    }

    [Fact]
    public void Pay_ZeroAmount_ThrowsOutOfRange() =>
        Assert.Equal("amount", Assert.Throws<ArgumentOutOfRangeException>(() => FacultyLedger().Pay(Faculty, Money.Usd(0m), null, Later)).ParamName);

    [Fact]
    public void Pay_OtherCurrency_Throws() =>
        Assert.Equal("amount", Assert.Throws<ArgumentException>(() => FacultyLedger().Pay(Faculty, new Money(5m, "EUR"), "F3", Later)).ParamName);

    [Fact]
    public void Add_ExistingTransactionId_Throws() =>
        Assert.Equal("record", Assert.Throws<ArgumentException>(() =>
            FacultyLedger().Add(new FineFee("F2", Student, FineFeeType.Other, Money.Usd(1m), Later))).ParamName);
}
