using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Fines;
using NodaTime;

namespace Harvard.Circulation.Tests.Fines;

/// <summary>The kinds of ledger transaction the properties try.</summary>
internal enum LedgerOp
{
    PayWithId,
    PayWithoutId,
    WaivePart,
    WaiveAll,
    Dispute,
    Restore,
    Refund,
    Export,
    Transfer,
}

/// <summary>One transaction: its kind, the patron (index), the record (index; one past the end names an id
/// that does not exist) and an amount in cents.</summary>
internal sealed record LedgerStep(LedgerOp Op, int Patron, int Record, long Cents)
{
    public override string ToString() => $"{Op} patron#{Patron} record#{Record} {Cents}c";
}

/// <summary>A ledger of random records and a sequence of transactions on it.</summary>
internal sealed record LedgerCase(FineFee[] Records, LedgerStep[] Steps)
{
    public override string ToString() =>
        $"records [{string.Join("; ", Records.Select(r => $"{r.TransactionId} {r.PatronId} {r.Original}{(r.IsAccruing ? " accruing" : "")}"))}] steps [{string.Join(", ", Steps)}]";
}

/// <summary>Generators for the ledger properties: 1–5 records of two patrons (some still accruing, a quarter created at
/// one same instant), 0–20
/// transactions with amounts from a cent to $150, so that some exceed the balance.</summary>
internal static class LedgerGenerators
{
    public static readonly string[] Patrons = ["10000002", "10000042"];
    public static readonly Instant Start = Instant.FromUtc(2026, 4, 6, 14, 0);

    public static Arbitrary<LedgerCase> Cases() =>
        (from count in Gen.Choose(1, 5)
         from records in Gen.CollectToArray(Enumerable.Range(0, count), RecordAt)
         from length in Gen.Choose(0, 20)
         from steps in Gen.ArrayOf(Step(count), length)
         select new LedgerCase(records, steps)).ToArbitrary();

    private static Gen<FineFee> RecordAt(int index) =>
        from patron in Gen.Elements(Patrons)
        from type in Gen.Elements(Enum.GetValues<FineFeeType>())
        from cents in Gen.Choose(1, 12000)
        from accruing in Gen.Frequency((1, Gen.Constant(true)), (5, Gen.Constant(false)))
        from hours in Gen.Frequency((3, Gen.Choose(0, 500)), (1, Gen.Constant(24)))
        select new FineFee("F" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), patron,
            type, Money.Usd(cents / 100m), Start + Duration.FromHours(hours), title: "Title " + index, accruing: accruing);

    private static Gen<LedgerStep> Step(int records) =>
        from op in Gen.Elements(Enum.GetValues<LedgerOp>())
        from patron in Gen.Choose(0, Patrons.Length - 1)
        from record in Gen.Frequency((12, Gen.Choose(0, records - 1)), (1, Gen.Constant(records)))
        from cents in Gen.Frequency((3, Gen.Choose(1, 2000)), (2, Gen.Choose(1, 15000)))
        select new LedgerStep(op, patron, record, cents);
}
