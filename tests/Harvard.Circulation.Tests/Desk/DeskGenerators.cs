using System.Collections.Concurrent;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Items;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Policies;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>What a generated step does at the desk.</summary>
internal enum StepKind
{
    CheckOut,
    CheckIn,
    Renew,
    ClaimReturned,
    DeclareLost,
    MarkFound,
    PlaceRequest,
    CancelRequest,
    Pay,
    Charge,
}

/// <summary>One step: wait <paramref name="Gap"/> after the previous step, then act.</summary>
internal sealed record DeskAction(Duration Gap, StepKind Kind, int Patron, int Item, int Request, bool Flag)
{
    public override string ToString() =>
        $"+{Gap.TotalMinutes.ToString(CultureInfo.InvariantCulture)}min {Kind} patron#{Patron} item#{Item} request#{Request} {Flag}";
}

/// <summary>A generated history: the recall terms of the policy, the steps, extra instants to advance to
/// between steps (as minutes after the previous step), and how long after the last step to look.</summary>
internal sealed record DeskCase(string ReturnWithin, string MinimumLoan, DeskAction[] Steps, int[][] ExtraAdvances, Duration Tail)
{
    public Policy Policy => DeskGenerators.PolicyWith(ReturnWithin, MinimumLoan);

    public override string ToString() =>
        $"returnWithin {ReturnWithin}, minimumLoan {MinimumLoan}, tail {Tail.TotalMinutes.ToString(CultureInfo.InvariantCulture)}min\n  "
        + string.Join("\n  ", Steps.Select((s, i) => $"{s} then advance at [{string.Join(", ", ExtraAdvances[i])}]"));
}

/// <summary>Generators for the desk properties: short histories of the fixture patrons and items, with gaps
/// from a minute to weeks so that grace periods, notices, aging to lost, hold-shelf expiry and anonymization
/// all come into play.</summary>
internal static class DeskGenerators
{
    public static readonly Instant Start = MondayMorning;

    private static readonly string[] Patrons = [SpecialBorrower, Faculty, VisitingResearcher];
    private static readonly string[] Items = [Middlemarch, ChemistryReserve, BleakHouse, DepositoryVolume];
    private static readonly ConcurrentDictionary<(string, string), Policy> Policies = new();

    public static Policy PolicyWith(string returnWithin, string minimumLoan) =>
        (returnWithin, minimumLoan) == ("P14D", "P7D") ? Widener : Policies.GetOrAdd((returnWithin, minimumLoan), key => Policy(
            ("\"returnWithin\": \"P14D\"", $"\"returnWithin\": \"{key.Item1}\""),
            ("\"minimumLoan\": \"P7D\"", $"\"minimumLoan\": \"{key.Item2}\"")));

    public static Arbitrary<DeskCase> Cases(int maxSteps = 24) =>
        // Two recall settings only: each policy builds its own Widener calendar once (about 1.8 s in a Debug test
        // run). With returnWithin PT2H either side of the recall's maximum can win.
        (from recall in Gen.Elements(("P14D", "P7D"), ("PT2H", "P7D"))
         let returnWithin = recall.Item1
         let minimumLoan = recall.Item2
         from count in Gen.Choose(0, maxSteps)
         from steps in Gen.ArrayOf(Step(), count)
         from extras in Gen.ArrayOf(Extras(), count)
         from tail in Gap()
         select new DeskCase(returnWithin, minimumLoan, steps, extras, tail)).ToArbitrary();

    private static Gen<int[]> Extras() =>
        from n in Gen.Choose(0, 3)
        from minutes in Gen.ArrayOf(Gen.Choose(0, 60 * 24 * 10), n)
        select minutes.Order().ToArray();

    private static Gen<Duration> Gap() =>
        Gen.Frequency(
            (3, Gen.Choose(0, 90).Select(m => Duration.FromMinutes(m))),
            (3, Gen.Choose(1, 60 * 24).Select(m => Duration.FromMinutes(m))),
            (3, Gen.Choose(1, 30).Select(d => Duration.FromDays(d))),
            (1, Gen.Choose(30, 120).Select(d => Duration.FromDays(d))));

    private static Gen<DeskAction> Step() =>
        from gap in Gap()
        from kind in Gen.Frequency(
            (6, Gen.Constant(StepKind.CheckOut)),
            (4, Gen.Constant(StepKind.CheckIn)),
            (2, Gen.Constant(StepKind.Renew)),
            (1, Gen.Constant(StepKind.ClaimReturned)),
            (1, Gen.Constant(StepKind.DeclareLost)),
            (1, Gen.Constant(StepKind.MarkFound)),
            (4, Gen.Constant(StepKind.PlaceRequest)),
            (1, Gen.Constant(StepKind.CancelRequest)),
            (1, Gen.Constant(StepKind.Pay)),
            (1, Gen.Constant(StepKind.Charge)))
        from patron in Gen.Choose(0, Patrons.Length - 1)
        from item in Gen.Choose(0, Items.Length - 1)
        from request in Gen.Choose(0, 9)
        from flag in Gen.Elements(true, false)
        select new DeskAction(gap, kind, patron, item, request, flag);

    /// <summary>Applies a step at an instant; a refusal leaves the desk as the decision carries it.</summary>
    public static CirculationDesk Apply(CirculationDesk desk, DeskAction step, Instant at)
    {
        var patron = Patrons[step.Patron];
        var item = Items[step.Item];
        var decision = step.Kind switch
        {
            StepKind.CheckOut => desk.CheckOut(patron, item, at),
            StepKind.CheckIn => desk.CheckIn(item, at),
            StepKind.Renew => desk.Renew(item, at),
            StepKind.ClaimReturned => desk.ClaimReturned(item, at),
            StepKind.DeclareLost => desk.DeclareLost(item, at),
            StepKind.MarkFound => desk.MarkFound(item, at),
            StepKind.PlaceRequest => desk.PlaceRequest("R" + (desk.Requests.Count + 1).ToString(CultureInfo.InvariantCulture), patron, item, at),
            StepKind.CancelRequest => desk.Requests.Count == 0
                ? Decision<CirculationDesk>.Allow(desk.AdvanceTo(at))
                : desk.CancelRequest(desk.Requests[step.Request % desk.Requests.Count].Id, step.Flag, at),
            StepKind.Pay => desk.Pay(patron, new Money(step.Flag ? 3m : 10m, "USD"), null, at),
            StepKind.Charge => desk.Charge(patron, step.Flag ? FineFeeType.DamagedItemFine : FineFeeType.Other, new Money(4.50m, "USD"), null, at),
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };
        return decision.Result;
    }

    /// <summary>Runs a case's steps from <see cref="Start"/>; with <paramref name="advanceBetween"/> the desk is
    /// also asked to advance at the case's extra instants between steps. Returns the desk and the last step's instant.</summary>
    public static (CirculationDesk Desk, Instant Last) Run(DeskCase c, bool advanceBetween, Action<CirculationDesk, DeskAction, Instant, CirculationDesk>? observe = null)
    {
        var desk = Open(c.Policy, Start);
        var at = Start;
        for (var i = 0; i < c.Steps.Length; i++)
        {
            var step = c.Steps[i];
            if (advanceBetween)
            {
                foreach (var minutes in c.ExtraAdvances[i])
                {
                    var extra = at + Duration.FromMinutes(minutes);
                    if (extra <= at + step.Gap)
                    {
                        desk = desk.AdvanceTo(extra);
                    }
                }
            }

            at += step.Gap;
            if (observe is not null)
            {
                // The observer compares with the desk just before the action, after what happened by itself.
                desk = desk.AdvanceTo(at);
            }

            var next = Apply(desk, step, at);
            observe?.Invoke(desk, step, at, next);
            desk = next;
        }

        return (desk, at);
    }
}
