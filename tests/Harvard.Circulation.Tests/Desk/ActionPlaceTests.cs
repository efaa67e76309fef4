using Harvard.Circulation.Desk;
using Harvard.Circulation.Notices;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>
/// Under scoped ids one instant's loans, requests and charges are ordered across owners by the places of the
/// actions that made them (domain.md §6: notices in loan order, then in event order, then in request order), not by
/// a desk-wide number: parts of a desk acting apart, each given its action's place by the caller, order their
/// notices as the one desk does.
/// </summary>
public class ActionPlaceTests
{
    private static readonly Instant Start = MondayMorning;

    /// <summary>Two days before the loans of <see cref="Start"/> fall due: both courtesy notices at one instant.</summary>
    private static readonly Instant CourtesyInstant = Local(2026, 3, 29, 0, 0) - Duration.FromSeconds(1);

    [Fact]
    public void ActionsAtNow_CountsAllowedActionsOfTheInstant_AndStartsAgainWhenTimeMovesOn()
    {
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok();
        Assert.Equal(1, desk.ActionsAtNow);

        var refused = desk.CheckOut(SpecialBorrower, Middlemarch, Start);
        Assert.False(refused.IsAllowed);
        Assert.Equal(1, refused.Unchanged.ActionsAtNow);

        desk = desk.CheckOut(SpecialBorrower, BleakHouse, Start).Ok();
        Assert.Equal(2, desk.ActionsAtNow);
        Assert.Equal([0, 1], desk.ToSnapshot().Loans.Select(l => l.Place));
        Assert.Equal(2, desk.ToSnapshot().SameInstant!.Actions);

        Assert.Equal(0, desk.AdvanceTo(Start + Duration.FromMinutes(1)).ActionsAtNow);
        Assert.Null(desk.AdvanceTo(Start + Duration.FromMinutes(1)).ToSnapshot().SameInstant);
    }

    [Fact]
    public void ActionsAtNow_DenseIds_CountsNothing()
    {
        var desk = Open().CheckOut(Faculty, Middlemarch, Start).Ok();

        Assert.Equal(0, desk.ActionsAtNow);
        Assert.All(desk.ToSnapshot().Loans, l => Assert.Null(l.Place));
        Assert.Null(desk.ToSnapshot().SameInstant);
    }

    [Fact]
    public void AtPlace_DenseIds_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Open().AtPlace(Start, 3));
        Assert.Contains("only under scoped ids", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AtPlace_BeforeAnActionAlreadyTaken_Throws()
    {
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok().CheckOut(SpecialBorrower, BleakHouse, Start).Ok();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => desk.AtPlace(Start, 1));
        Assert.Equal("place", error.ParamName);
        Assert.Contains("2 actions were taken at 2026-03-02T15:00:00Z already; the next one's place is 2 or later", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => desk.AtPlace(Start - Duration.FromSeconds(1), 5));
    }

    [Fact]
    public void AtPlace_BeforeAnActionTakenAtAFractionOfASecond_NamesTheInstantWithIt()
    {
        var at = Start.PlusNanoseconds(1);
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, at).Ok();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => desk.AtPlace(at, 0));

        Assert.Contains("1 actions were taken at 2026-03-02T15:00:00.000000001Z already; the next one's place is 1 or later", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AtPlace_GivesTheNextActionItsPlace_AndLaterOnesFollowIt()
    {
        var desk = OpenScoped().AtPlace(Start, 7).CheckOut(Faculty, Middlemarch, Start).Ok().CheckOut(SpecialBorrower, BleakHouse, Start).Ok();

        Assert.Equal([7, 8], desk.ToSnapshot().Loans.Select(l => l.Place));
        Assert.Equal(9, desk.ActionsAtNow);

        // A later instant starts again from the place given there.
        var later = desk.AtPlace(Start + Duration.FromHours(1), 3);
        Assert.Equal(Start + Duration.FromHours(1), later.Now);
        Assert.Equal(3, later.ActionsAtNow);
    }

    [Fact]
    public void Notices_LoansOfOneInstant_FollowTheOrderTheirActionsWereTaken()
    {
        // The later check-out is of the item listed first and the patron listed first: only the actions' order
        // can put the other patron's notice first.
        var desk = OpenScoped().CheckOut(SpecialBorrower, BleakHouse, Start).Ok().CheckOut(Faculty, Middlemarch, Start).Ok()
            .AdvanceTo(CourtesyInstant + Duration.FromMinutes(1));

        var courtesy = desk.Notices.Where(n => n.At == CourtesyInstant).ToList();
        Assert.Equal([SpecialBorrower, Faculty], courtesy.Select(n => n.PatronId));
        Assert.All(courtesy, n => Assert.Equal(NoticeType.Courtesy, n.Type));
    }

    [Fact]
    public void Parts_ActingApartWithTheCallersPlaces_PlaceTheirNoticesAsTheWholeDesk()
    {
        var opened = OpenScoped();
        var whole = opened.CheckOut(SpecialBorrower, BleakHouse, Start).Ok().CheckOut(Faculty, Middlemarch, Start).Ok().AdvanceTo(CourtesyInstant);

        // Each part starts from the desk as it was and knows nothing of the other's loan: only the caller's places
        // order them.
        var first = CirculationDesk.Restore(Widener, opened.ToSnapshot([SpecialBorrower], [BleakHouse]))
            .AtPlace(Start, 0).CheckOut(SpecialBorrower, BleakHouse, Start).Ok().AdvanceTo(CourtesyInstant);
        var second = CirculationDesk.Restore(Widener, opened.ToSnapshot([Faculty], [Middlemarch]))
            .AtPlace(Start, 1).CheckOut(Faculty, Middlemarch, Start).Ok().AdvanceTo(CourtesyInstant);
        Assert.Equal((Start, 0), (first.ToSnapshot().Loans.Single().LoanedAt, first.ToSnapshot().Loans.Single().Place));
        Assert.Equal((Start, 1), (second.ToSnapshot().Loans.Single().LoanedAt, second.ToSnapshot().Loans.Single().Place));

        var pending = new[] { first, second }
            .SelectMany(part => part.ToSnapshot().SameInstant!.Notices)
            .OrderBy(p => p.Place!.By).ThenBy(p => p.Place!.At).ThenBy(p => p.Place!.Place).ThenBy(p => p.Type)
            .Select(p => (p.PatronId, p.Type, p.Place))
            .ToList();
        var expected = whole.ToSnapshot().SameInstant!.Notices.Select(p => (p.PatronId, p.Type, p.Place)).ToList();

        Assert.Equal(expected, pending);
        Assert.Equal(whole.Notices.Where(n => n.At == CourtesyInstant).Select(n => n.PatronId), pending.Select(p => p.PatronId));
        Assert.Equal([new NoticePlace(NoticeOrderedBy.Loan, Start, 0), new NoticePlace(NoticeOrderedBy.Loan, Start, 1)], pending.Select(p => p.Place));
    }

    [Fact]
    public void Charges_OfOneInstant_ArePlacedByTheirActions()
    {
        var desk = OpenScoped().Charge(Faculty, Harvard.Circulation.Fines.FineFeeType.Other, new Money(2m, "USD"), null, Start).Ok()
            .Charge(SpecialBorrower, Harvard.Circulation.Fines.FineFeeType.Other, new Money(3m, "USD"), null, Start).Ok();

        var pending = desk.ToSnapshot().SameInstant!.Notices;
        Assert.Equal([(Faculty, new NoticePlace(NoticeOrderedBy.Action, Start, 0)), (SpecialBorrower, new NoticePlace(NoticeOrderedBy.Action, Start, 1))],
            pending.Select(p => (p.PatronId!, p.Place!)));
        Assert.Equal([Faculty, SpecialBorrower], desk.AdvanceTo(Start + Duration.FromSeconds(1)).Notices.Select(n => n.PatronId));
    }

    [Fact]
    public void Restore_MidInstant_TheNextActionComesAfterTheActionsTaken()
    {
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok();
        var restored = CirculationDesk.Restore(Widener, desk.ToSnapshot());

        Assert.Equal(1, restored.ActionsAtNow);
        var lent = restored.CheckOut(SpecialBorrower, BleakHouse, Start).Ok();
        Assert.Equal([0, 1], lent.ToSnapshot().Loans.Select(l => l.Place));
        Assert.Equal(desk.CheckOut(SpecialBorrower, BleakHouse, Start).Ok().ToSnapshot(), lent.ToSnapshot());
    }
}
