using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Patrons;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>
/// <see cref="DeskSnapshot.Merge"/> puts parts of one scoped desk back together, and refuses — naming the part and the
/// record, never a patron's name — parts that are not of one desk at one instant, or that acted apart on something
/// both hold. The laws over generated histories are in <see cref="SnapshotMergeProperties"/>.
/// </summary>
public class SnapshotMergeTests
{
    private static readonly Instant Start = MondayMorning;

    [Fact]
    public void Merge_PartsKeptApart_HoldsBothPartsWork()
    {
        var whole = OpenScoped();
        var first = CirculationDesk.Restore(Widener, whole.ToSnapshot([Faculty], [Middlemarch]));
        var second = CirculationDesk.Restore(Widener, whole.ToSnapshot([SpecialBorrower], [BleakHouse]));
        first = first.AtPlace(Start, 0).CheckOut(Faculty, Middlemarch, Start).Ok();
        second = second.AtPlace(Start, 1).CheckOut(SpecialBorrower, BleakHouse, Start).Ok();

        var merged = DeskSnapshot.Merge([second.ToSnapshot([SpecialBorrower], [BleakHouse]), first.ToSnapshot([Faculty], [Middlemarch])]);

        // Loans are listed by their actions' places, whichever part holds them; patrons in the parts' order.
        Assert.Equal(["32044000000001:L1", "32044000000003:L1"], merged.Loans.Select(l => l.Id));
        Assert.Equal([SpecialBorrower, Faculty], merged.Patrons.Select(p => p.PrimaryId));
        Assert.Equal(2, merged.SameInstant!.Actions);
        Assert.Equal([SpecialBorrower, Faculty], merged.Scope!.PatronIds);
        Assert.Equal([BleakHouse, Middlemarch], merged.Scope.ItemBarcodes);
        var restored = CirculationDesk.Restore(Widener, merged);
        Assert.Equal(2, restored.Loans.Count);
        Assert.False(restored.CheckOut(SpecialBorrower, Middlemarch, Start).IsAllowed);
    }

    [Fact]
    public void Merge_APartWithTheWhole_GivesTheWhole()
    {
        var whole = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok().CheckOut(SpecialBorrower, BleakHouse, Start).Ok();

        var merged = DeskSnapshot.Merge([whole.ToSnapshot(), whole.ToSnapshot([Faculty], [])]);

        Assert.Equal(whole.ToSnapshot(), merged);
    }

    [Fact]
    public void Merge_AnItemOutElsewhere_IsNoLongerElsewhereWhenAPartHoldsItsLoan()
    {
        var (whole, _) = LentAgain();
        var earlierBorrower = whole.ToSnapshot([Faculty], []);
        Assert.Equal([new LoanElsewhere($"{Middlemarch}:L2", Middlemarch)], earlierBorrower.LoansElsewhere);

        var merged = DeskSnapshot.Merge([earlierBorrower, whole.ToSnapshot([SpecialBorrower], [Middlemarch])]);

        Assert.Equal([$"{Middlemarch}:L1", $"{Middlemarch}:L2"], merged.Loans.Select(l => l.Id));
        Assert.Empty(merged.LoansElsewhere);
        Assert.Empty(CirculationDesk.Check(Widener, merged));
    }

    [Fact]
    public void Merge_FinesFeesOfTheInstant_KeepTheirAccountsOrder()
    {
        var usd = new Money(5m, "USD");
        var whole = OpenScoped()
            .Charge(Faculty, FineFeeType.DamagedItemFine, usd, "Middlemarch", Start).Ok()
            .Charge(SpecialBorrower, FineFeeType.DamagedItemFine, usd, "Bleak House", Start).Ok()
            .Charge(Faculty, FineFeeType.LostItemProcessFee, usd, "Bleak House", Start).Ok();

        var merged = DeskSnapshot.Merge([whole.ToSnapshot([Faculty], []), whole.ToSnapshot([SpecialBorrower], [])]);

        Assert.Equal([$"{Faculty}:F1", $"{Faculty}:F2", $"{SpecialBorrower}:F1"], merged.FinesFees.Select(r => r.TransactionId));
        Assert.Equal([$"{Faculty}:F1", $"{Faculty}:F2", $"{SpecialBorrower}:F1"], merged.SameInstant!.FinesFees.Select(r => r.TransactionId));
        Assert.Equal(3, merged.SameInstant.Actions);
        Assert.Empty(CirculationDesk.Check(Widener, merged));
    }

    [Fact]
    public void Merge_NoParts_Throws()
    {
        Assert.Throws<ArgumentException>(() => DeskSnapshot.Merge([]));
        Assert.Throws<ArgumentNullException>(() => DeskSnapshot.Merge(null!));
        Assert.Throws<ArgumentNullException>(() => DeskSnapshot.Merge([OpenScoped().ToSnapshot(), null!]));
    }

    [Fact]
    public void Merge_DenseIds_IsRefused()
    {
        var error = Assert.Throws<InvalidSnapshotException>(() => DeskSnapshot.Merge([Open().ToSnapshot([Faculty], [])]));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("parts[0].numbering.ids", problem.Path);
        Assert.Contains("only parts of a desk with scoped ids merge", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_PartsAtDifferentInstants_IsRefused()
    {
        var whole = OpenScoped();
        var later = whole.AdvanceTo(Start + Duration.FromHours(1));

        var error = Assert.Throws<InvalidSnapshotException>(() => DeskSnapshot.Merge([whole.ToSnapshot([Faculty], []), later.ToSnapshot([SpecialBorrower], [])]));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("parts[1].asOf", problem.Path);
        Assert.Contains("move the parts on to one instant", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_PartsAFractionOfASecondApart_NamesBothInstantsApart()
    {
        var whole = OpenScoped();
        var later = whole.AdvanceTo(Start.PlusNanoseconds(1));

        var error = Assert.Throws<InvalidSnapshotException>(() => DeskSnapshot.Merge([whole.ToSnapshot([Faculty], []), later.ToSnapshot([SpecialBorrower], [])]));

        Assert.Equal(
            "2026-03-02T15:00:00.000000001Z is not part 0's instant (2026-03-02T15:00:00Z): move the parts on to one instant before merging them.",
            Assert.Single(error.Problems).Message);
    }

    [Fact]
    public void Merge_PartsOfDifferentDesks_IsRefused()
    {
        var part = OpenScoped().ToSnapshot([Faculty], []);
        var otherDesks = part with { Staff = new[] { new StaffMember(Staff) }.ToEquatableArray() };
        var otherPatron = part with { Patrons = new[] { new Patron(Faculty, "59", "Someone Else") }.ToEquatableArray() };

        var error = Assert.Throws<InvalidSnapshotException>(() => DeskSnapshot.Merge([part, otherDesks]));
        Assert.Equal("parts[1].staff: the staff differ from part 0's: the parts are not of one desk.", Assert.Single(error.Problems).ToString());

        error = Assert.Throws<InvalidSnapshotException>(() => DeskSnapshot.Merge([part, otherPatron]));
        Assert.Equal($"parts[1].patrons[0]: patron {Faculty} differs from part 0's: the parts are not of one desk.", Assert.Single(error.Problems).ToString());
        Assert.DoesNotContain("Someone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_PartsThatActedApartOnOneAccount_IsRefusedNamingTheAccountNotThePatronsName()
    {
        var whole = OpenScoped();
        var first = CirculationDesk.Restore(Widener, whole.ToSnapshot([Faculty], [Middlemarch]));
        var second = CirculationDesk.Restore(Widener, whole.ToSnapshot([Faculty], [BleakHouse]));
        first = first.CheckOut(Faculty, Middlemarch, Start).Ok();

        var error = Assert.Throws<InvalidSnapshotException>(() => DeskSnapshot.Merge([first.ToSnapshot([Faculty], [Middlemarch]), second.ToSnapshot([Faculty], [BleakHouse])]));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("parts[1].patrons[0]", problem.Path);
        Assert.Equal($"the account of patron {Faculty} differs from part 0's (loans: 0 here, 1 there): the parts acted apart on it.", problem.Message);
        Assert.DoesNotContain("Babbage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_PartsThatActedApartOnOneItem_IsRefused()
    {
        var whole = OpenScoped();
        var first = CirculationDesk.Restore(Widener, whole.ToSnapshot([Faculty], [Middlemarch]));
        var second = CirculationDesk.Restore(Widener, whole.ToSnapshot([SpecialBorrower], [Middlemarch]));
        first = first.CheckOut(Faculty, Middlemarch, Start).Ok();
        second = second.CheckOut(SpecialBorrower, Middlemarch, Start).Ok();

        var error = Assert.Throws<InvalidSnapshotException>(() => DeskSnapshot.Merge([first.ToSnapshot([Faculty], [Middlemarch]), second.ToSnapshot([SpecialBorrower], [Middlemarch])]));

        Assert.Contains(error.Problems, p => p.Path == "parts[1].loans[0]"
            && p.Message == $"loan {Middlemarch}:L1 differs from part 0's: the parts acted apart on it.");
    }

    [Fact]
    public void Merge_ALoanOutInOnePartAndReturnedInAnother_IsRefused()
    {
        var (whole, later) = LentAgain();
        var earlierBorrower = CirculationDesk.Restore(Widener, whole.ToSnapshot([Faculty], [])).AdvanceTo(later);
        var borrower = CirculationDesk.Restore(Widener, whole.ToSnapshot([SpecialBorrower], [Middlemarch])).CheckIn(Middlemarch, later).Ok();

        var error = Assert.Throws<InvalidSnapshotException>(() => DeskSnapshot.Merge([earlierBorrower.ToSnapshot([Faculty], []), borrower.ToSnapshot([SpecialBorrower], [Middlemarch])]));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("parts[0].loansElsewhere[0].loanId", problem.Path);
        Assert.Equal($"loan {Middlemarch}:L2 is out in this part but returned in part 1: the parts acted apart on item {Middlemarch}.", problem.Message);
    }

    /// <summary>Middlemarch lent to the faculty member, returned, and lent again to the special borrower: the faculty
    /// member's part holds the item (for the returned loan) but not its new loan. Also gives an instant an hour on.</summary>
    private static (CirculationDesk Desk, Instant Later) LentAgain()
    {
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok()
            .CheckIn(Middlemarch, Start + Duration.FromMinutes(10)).Ok()
            .CheckOut(SpecialBorrower, Middlemarch, Start + Duration.FromMinutes(20)).Ok();
        return (desk, Start + Duration.FromHours(1));
    }
}
