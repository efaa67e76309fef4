using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Loans;

namespace Harvard.Circulation.Tests.Loans;

/// <summary>One trigger fired a number of minutes after the previous step (zero: at the same instant).</summary>
internal sealed record LoanStep(LoanTrigger Trigger, int MinutesLater)
{
    public override string ToString() => $"{Trigger.ToSpelling()} +{MinutesLater}min";
}

/// <summary>What staff do at the desk in a desk sequence.</summary>
internal enum DeskAction
{
    CheckOut,
    ClaimReturned,
    DeclareLost,
    MarkFound,
    CheckIn,
    Renew,
}

/// <summary>One desk action on one item, a number of minutes after the previous step.</summary>
internal sealed record LoanDeskStep(DeskAction Action, string Barcode, int MinutesLater)
{
    public override string ToString() => $"{Action} {Barcode} +{MinutesLater}min";
}

/// <summary>Generators for the loan properties. Sequences are bounded (at most 24 steps) to keep the suite
/// fast; minutes later are often zero so that same-instant steps are exercised.</summary>
internal static class LoanGenerators
{
    private static readonly string[] Barcodes = [DeskFixtures.OrlandoBarcode, DeskFixtures.MiddlemarchBarcode, DeskFixtures.UlyssesBarcode];

    public static Arbitrary<LoanStep[]> LoanSequences() =>
        (from count in Gen.Choose(0, 24)
         from steps in Gen.ArrayOf(Step(), count)
         select steps).ToArbitrary();

    public static Arbitrary<LoanDeskStep[]> DeskSequences() =>
        (from count in Gen.Choose(1, 24)
         from steps in Gen.ArrayOf(DeskStepGen(), count)
         select steps).ToArbitrary();

    private static Gen<LoanStep> Step() =>
        from trigger in Gen.Elements(Enum.GetValues<LoanTrigger>())
        from minutes in Minutes()
        select new LoanStep(trigger, minutes);

    private static Gen<LoanDeskStep> DeskStepGen() =>
        from action in Gen.Frequency(
            (3, Gen.Constant(DeskAction.CheckOut)),
            (3, Gen.Constant(DeskAction.ClaimReturned)),
            (2, Gen.Constant(DeskAction.DeclareLost)),
            (2, Gen.Constant(DeskAction.MarkFound)),
            (2, Gen.Constant(DeskAction.CheckIn)),
            (1, Gen.Constant(DeskAction.Renew)))
        from barcode in Gen.Elements(Barcodes)
        from minutes in Minutes()
        select new LoanDeskStep(action, barcode, minutes);

    // Zero, minutes, hours or days (up to 30 days, so that aging to lost at due + 45 days happens sometimes).
    private static Gen<int> Minutes() => Gen.Frequency(
        (2, Gen.Constant(0)),
        (3, Gen.Choose(1, 120)),
        (3, Gen.Choose(121, 3 * 24 * 60)),
        (2, Gen.Choose(3 * 24 * 60, 30 * 24 * 60)));
}
