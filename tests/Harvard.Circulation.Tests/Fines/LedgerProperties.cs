using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Fines;
using NodaTime;

namespace Harvard.Circulation.Tests.Fines;

/// <summary>The laws of the ledger over random records and random sequences of transactions.</summary>
public class LedgerProperties
{
    private static Ledger Build(LedgerCase c) => c.Records.Aggregate(Ledger.Empty("USD"), (l, r) => l.Add(r));

    private static string Id(LedgerCase c, int record) => "F" + (record + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Decision<Ledger> Apply(Ledger ledger, LedgerCase c, LedgerStep step, Instant at)
    {
        var id = Id(c, step.Record);
        var amount = Money.Usd(step.Cents / 100m);
        return step.Op switch
        {
            LedgerOp.PayWithId => ledger.Pay(LedgerGenerators.Patrons[step.Patron], amount, id, at),
            LedgerOp.PayWithoutId => ledger.Pay(LedgerGenerators.Patrons[step.Patron], amount, null, at),
            LedgerOp.WaivePart => ledger.Waive(id, amount, at),
            LedgerOp.WaiveAll => ledger.Waive(id, null, at),
            LedgerOp.Dispute => ledger.Dispute(id, at),
            LedgerOp.Restore => ledger.Restore(id, at),
            LedgerOp.Refund => ledger.Refund(id, amount, at),
            LedgerOp.Export => ledger.ExportToBursar([id], at),
            LedgerOp.Transfer => ledger.Transfer(id, at),
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };
    }

    // Runs the case and checks a law after every step, on the ledger before and the decision.
    private static bool Holds(LedgerCase c, Func<Ledger, Decision<Ledger>, bool> law)
    {
        var ledger = Build(c);
        var at = LedgerGenerators.Start + Duration.FromDays(30);
        foreach (var step in c.Steps)
        {
            at += Duration.FromHours(1);
            var decision = Apply(ledger, c, step, at);
            if (!law(ledger, decision))
            {
                return false;
            }

            ledger = decision.Result;
        }

        return true;
    }

    [Property(MaxTest = 1000)]
    public Property Transactions_AnySequence_MoneyNeverCreatedOrLost() =>
        Prop.ForAll(LedgerGenerators.Cases(), c => Holds(c, (_, decision) => decision.Result.Records.All(r =>
            r.Original == r.Balance + r.Paid + r.Waived
            && r.Refunded <= r.Paid
            && r.Balance.Amount >= 0m
            && r.Paid.Amount >= 0m
            && r.Waived.Amount >= 0m)));

    [Property(MaxTest = 1000)]
    public Property Transactions_AnySequence_TotalOwedPlusSettledEqualsTotalCharged() =>
        Prop.ForAll(LedgerGenerators.Cases(), c =>
        {
            var charged = c.Records.Sum(r => r.Original.Amount);
            return Holds(c, (_, decision) => decision.Result.Records.Sum(r => r.Balance.Amount + r.Paid.Amount + r.Waived.Amount) == charged);
        });

    [Property(MaxTest = 1000)]
    public Property Transactions_Refused_LedgerUnchanged() =>
        Prop.ForAll(LedgerGenerators.Cases(), c => Holds(c, (before, decision) =>
            decision.IsAllowed
                ? !ReferenceEquals(before, decision.Result)
                : ReferenceEquals(before, decision.Result) && decision.Reasons.Count == 1 && decision.Reasons[0].Code == RefusalCodes.TransactionNotAllowed));

    [Property(MaxTest = 1000)]
    public Property Transactions_AnySequence_ClosedIffBalanceZeroOutsideDisputeExportTransfer() =>
        Prop.ForAll(LedgerGenerators.Cases(), c => Holds(c, (_, decision) => decision.Result.Records
            .Where(r => r.Status is FineFeeStatus.Active or FineFeeStatus.Closed)
            .All(r => (r.Status == FineFeeStatus.Closed) == r.Balance.IsZero)));

    [Property(MaxTest = 1000)]
    public Property Transactions_AnySequence_AccruingRecordsNeverTouched() =>
        Prop.ForAll(LedgerGenerators.Cases(), c => Holds(c, (_, decision) => decision.Result.Records
            .Where(r => r.IsAccruing)
            .All(r => r.Transactions.Count == 0 && r.Balance == r.Original && r.Status == FineFeeStatus.Active)));

    [Property(MaxTest = 1000)]
    public Property ActiveBalance_AnySequence_SumOfActiveBalances() =>
        Prop.ForAll(LedgerGenerators.Cases(), c => Holds(c, (_, decision) => LedgerGenerators.Patrons.All(p =>
            decision.Result.ActiveBalance(p).Amount == decision.Result.Records.Where(r => r.PatronId == p && r.Status == FineFeeStatus.Active).Sum(r => r.Balance.Amount))));

    [Property(MaxTest = 1000)]
    public Property Balances_AnySequence_AreTheirRecomputationFromTheRecords() =>
        Prop.ForAll(LedgerGenerators.Cases(), c => Holds(c, (_, decision) => LedgerGenerators.Patrons.All(p =>
        {
            var ledger = decision.Result;
            decimal SumOf(Func<FineFee, bool> counted) => ledger.Records.Where(r => r.PatronId == p && counted(r)).Sum(r => r.Balance.Amount);
            return ledger.ActiveBalance(p).Amount == SumOf(r => r.Status == FineFeeStatus.Active)
                && ledger.InDisputeBalance(p).Amount == SumOf(r => r.Status == FineFeeStatus.InDispute)
                && ledger.ExportedBalance(p).Amount == SumOf(r => r.Status == FineFeeStatus.ExportedToBursar)
                && ledger.Payable(p).Amount == SumOf(r => r.Status == FineFeeStatus.Active && !r.IsAccruing);
        })));

    [Property(MaxTest = 1000)]
    public Property PayWithoutId_AnySequence_PaysPayableRecordsOldestFirst() =>
        Prop.ForAll(LedgerGenerators.Cases(), c =>
        {
            var ledger = Build(c);
            var at = LedgerGenerators.Start + Duration.FromDays(30);
            foreach (var step in c.Steps)
            {
                at += Duration.FromHours(1);
                var decision = Apply(ledger, c, step, at);
                if (step.Op == LedgerOp.PayWithoutId && decision.IsAllowed && !PaidOldestFirst(ledger, decision.Result, LedgerGenerators.Patrons[step.Patron], step.Cents / 100m))
                {
                    return false;
                }

                ledger = decision.Result;
            }

            return true;
        });

    // The model: the patron's active records whose accrual stopped, by creation (in ledger order at one instant),
    // each paid up to its balance until the amount is spent.
    private static bool PaidOldestFirst(Ledger before, Ledger after, string patron, decimal amount)
    {
        var expected = new decimal[before.Records.Count];
        foreach (var i in Enumerable.Range(0, before.Records.Count)
                     .Where(i => before.Records[i] is { Status: FineFeeStatus.Active, IsAccruing: false } r && r.PatronId == patron)
                     .OrderBy(i => before.Records[i].CreatedAt))
        {
            expected[i] = Math.Min(amount, before.Records[i].Balance.Amount);
            amount -= expected[i];
        }

        return amount == 0m && Enumerable.Range(0, expected.Length).All(i => after.Records[i].Paid.Amount - before.Records[i].Paid.Amount == expected[i]);
    }
}
