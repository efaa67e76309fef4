using Harvard.Circulation.Desk;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>
/// <see cref="OwnerRecords"/>: what each account and item holds of a scoped desk, the ties between them, and the
/// refusals that name what is wrong (by id, never by a patron's name). The laws over generated histories are in
/// <see cref="OwnerRecordsProperties"/>.
/// </summary>
public class OwnerRecordsTests
{
    private static readonly Instant Start = MondayMorning;

    [Fact]
    public void Split_HoldsEachRecordWithItsOwner_AndTiesTheBorrowerAndTheRequesterToTheItem()
    {
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok()
            .PlaceRequest("R1", SpecialBorrower, Middlemarch, Start + Duration.FromMinutes(5)).Ok();

        var owners = OwnerRecords.Split(desk.ToSnapshot()).ToDictionary(o => o.PatronId ?? o.ItemBarcode!);

        var faculty = owners[Faculty];
        Assert.Equal([Faculty], faculty.Records.Patrons.Select(p => p.PrimaryId));
        Assert.Empty(faculty.Records.Items);
        Assert.Equal([$"{Middlemarch}:L1"], faculty.Records.Loans.Select(l => l.Id));
        Assert.Equal([Middlemarch], faculty.Ties.ItemBarcodes);
        Assert.Null(faculty.ItemBarcode);
        var item = owners[Middlemarch];
        Assert.Null(item.PatronId);
        Assert.Equal(["R1"], item.Records.Requests.Select(r => r.Id));
        Assert.Equal([new LoanElsewhere($"{Middlemarch}:L1", Middlemarch)], item.Records.LoansElsewhere);
        Assert.Equal([new ItemLoans(Middlemarch, 1)], item.Records.Numbering.LoansByItem);
        Assert.Equal([Faculty, SpecialBorrower], item.Ties.PatronIds);
        Assert.Equal([Middlemarch], owners[SpecialBorrower].Ties.ItemBarcodes);
        Assert.Empty(owners[SpecialBorrower].Records.Requests);
        Assert.Empty(owners[BleakHouse].Ties.PatronIds);
    }

    [Fact]
    public void Gather_TheBorrowerAndTheItem_DecideAsTheWholeDesk()
    {
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok();
        var owners = OwnerRecords.Split(desk.ToSnapshot());
        var needed = owners.Where(o => o.PatronId == Faculty || o.ItemBarcode == Middlemarch).ToList();

        var gathered = CirculationDesk.Restore(Widener, OwnerRecords.Gather(needed));
        var later = Start + Duration.FromMinutes(10);
        var returned = gathered.CheckIn(Middlemarch, later).Ok();
        var after = OwnerRecords.Scatter(returned.ToSnapshot(), needed);

        Assert.Equal(desk.CheckIn(Middlemarch, later).Ok().FindLoan($"{Middlemarch}:L1")!.ToSnapshot(), returned.FindLoan($"{Middlemarch}:L1")!.ToSnapshot());
        Assert.Equal([Faculty, null], after.Select(o => o.PatronId));
        Assert.Empty(after[1].Records.LoansElsewhere);
        Assert.Equal(later, after[0].AsOf);
        Assert.Throws<ArgumentException>(() => gathered.CheckOut(SpecialBorrower, Middlemarch, later));
    }

    [Fact]
    public void Gather_WithoutAnOwnerTheyTieTo_IsRefusedNamingIt()
    {
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok();
        var borrower = OwnerRecords.Split(desk.ToSnapshot()).Single(o => o.PatronId == Faculty);

        var error = Assert.Throws<ArgumentException>(() => OwnerRecords.Gather([borrower]));

        Assert.Equal("owners", error.ParamName);
        Assert.StartsWith($"The owners' records tie them to owners not given: item {Middlemarch} (tied to patron {Faculty}). Gather every owner they tie to.", error.Message);
    }

    [Fact]
    public void Gather_AnOwnerTwice_OrNone_IsRefused()
    {
        var owners = OwnerRecords.Split(OpenScoped().ToSnapshot());
        var faculty = owners.Single(o => o.PatronId == Faculty);

        Assert.StartsWith($"Given more than once: patron {Faculty}.", Assert.Throws<ArgumentException>(() => OwnerRecords.Gather([faculty, faculty])).Message);
        Assert.StartsWith("No owners were given.", Assert.Throws<ArgumentException>(() => OwnerRecords.Gather([])).Message);
        Assert.Throws<ArgumentNullException>(() => OwnerRecords.Gather([faculty, null!]));
    }

    [Fact]
    public void Gather_OwnersAtTwoInstants_IsRefusedUntilMovedOnTogether()
    {
        var desk = OpenScoped();
        var faculty = OwnerRecords.Split(desk.ToSnapshot()).Single(o => o.PatronId == Faculty);
        var later = Start + Duration.FromHours(1);
        var item = OwnerRecords.Split(desk.AdvanceTo(later).ToSnapshot()).Single(o => o.ItemBarcode == Middlemarch);

        var error = Assert.Throws<InvalidSnapshotException>(() => OwnerRecords.Gather([faculty, item]));
        var moved = OwnerRecords.AdvanceTo(Widener, [faculty, item], later);

        Assert.Contains(error.Problems, p => p.Path == "parts[1].asOf");
        Assert.Equal([later, later], moved.Select(o => o.AsOf));
        Assert.Equal(item.Records.Items, moved[1].Records.Items);
        Assert.Equal(2, OwnerRecords.Gather(moved).Scope!.PatronIds.Count + OwnerRecords.Gather(moved).Scope!.ItemBarcodes.Count);
    }

    [Fact]
    public void AdvanceTo_AnOwnerBeyondTheInstant_IsRefused()
    {
        var later = Start + Duration.FromHours(1);
        var owners = OwnerRecords.Split(OpenScoped().AdvanceTo(later).ToSnapshot());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OwnerRecords.AdvanceTo(Widener, owners, Start));

        Assert.Equal("at", error.ParamName);
        Assert.Contains($"patron {owners[0].PatronId} is already at 2026-03-02T16:00:00Z; owners are moved on, never back.", error.Message);
    }

    [Fact]
    public void Split_ADenseDesk_OrAPart_IsRefused()
    {
        Assert.Contains("ids are dense", Assert.Throws<ArgumentException>(() => OwnerRecords.Split(Open().ToSnapshot())).Message);
        Assert.Contains("part of a desk", Assert.Throws<ArgumentException>(() => OwnerRecords.Split(OpenScoped().ToSnapshot([Faculty], []))).Message);
    }

    [Fact]
    public void Scatter_ASnapshotNotHoldingAnOwner_IsRefusedNamingIt()
    {
        var desk = OpenScoped();
        var owners = OwnerRecords.Split(desk.ToSnapshot());
        var faculty = owners.Single(o => o.PatronId == Faculty);

        var error = Assert.Throws<ArgumentException>(() => OwnerRecords.Scatter(desk.ToSnapshot([SpecialBorrower], []), [faculty]));

        Assert.Equal("acted", error.ParamName);
        Assert.StartsWith($"The snapshot does not hold patron {Faculty}:", error.Message);
    }

    [Fact]
    public void Scatter_KeepsAClosedRequestOfAPatronNotGathered_WithItsItem()
    {
        // The special borrower's request is fulfilled by the check-out, and the loan anonymized 60 days after its
        // return: closed, the request no longer ties them to the item, but it stays on the item's queue.
        var returnedAt = Start + Duration.FromMinutes(10);
        var desk = OpenScoped().PlaceRequest("R1", SpecialBorrower, Middlemarch, Start).Ok()
            .CheckOut(SpecialBorrower, Middlemarch, Start + Duration.FromMinutes(5)).Ok()
            .CheckIn(Middlemarch, returnedAt).Ok()
            .AdvanceTo(returnedAt + Duration.FromDays(61));
        var owners = OwnerRecords.Split(desk.ToSnapshot());
        var item = owners.Single(o => o.ItemBarcode == Middlemarch);
        Assert.Equal(["R1"], item.Records.Requests.Select(r => r.Id));
        Assert.NotNull(item.Records.Requests[0].ClosedAt);
        Assert.Empty(item.Ties.PatronIds);
        var withoutRequester = owners.Where(o => o.ItemBarcode == Middlemarch || o.PatronId == Faculty).ToList();

        var gathered = OwnerRecords.Gather(withoutRequester);
        Assert.Empty(gathered.Requests);
        var later = desk.Now + Duration.FromMinutes(20);
        var acted = CirculationDesk.Restore(Widener, gathered).CheckOut(Faculty, Middlemarch, later).Ok();
        var after = OwnerRecords.Scatter(acted.ToSnapshot(), withoutRequester).Single(o => o.ItemBarcode == Middlemarch);

        Assert.Equal(item.Records.Requests, after.Records.Requests);
    }

    [Fact]
    public void Gathered_MidInstant_NumbersTheInstantsNextRecord_AsTheWholeDesk()
    {
        // A charge, then a lost item's replacement fee at the same instant: the fee is numbered before the charge (loan
        // order), though it arose after it. Gathered and restored before the instant ends, the account must still number
        // a second lost item's fee between them, as the whole desk does (it once numbered it after the charge).
        var at = Start + Duration.FromHours(1);
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok().CheckOut(Faculty, BleakHouse, Start).Ok()
            .Charge(Faculty, Harvard.Circulation.Fines.FineFeeType.Other, new Money(2m, "USD"), null, at).Ok()
            .DeclareLost(Middlemarch, at).Ok();
        var owners = OwnerRecords.Split(desk.ToSnapshot());
        var account = owners.Single(o => o.PatronId == Faculty);
        Assert.Equal([$"{Faculty}:F1", $"{Faculty}:F2", $"{Faculty}:F3"], account.Records.SameInstant!.FinesFees.Select(f => f.TransactionId));
        Assert.Equal(Harvard.Circulation.Fines.FineFeeType.Other, desk.FinesFees.Single(f => f.TransactionId == $"{Faculty}:F3").Type);
        var needed = owners.Where(o => o.PatronId == Faculty || o.ItemBarcode is Middlemarch or BleakHouse).ToList();

        var gathered = OwnerRecords.Gather(OwnerRecords.AdvanceTo(Widener, needed, at));
        var onTheOwners = CirculationDesk.Restore(Widener, gathered).AtPlace(at, desk.ActionsAtNow).DeclareLost(BleakHouse, at).Ok();
        var onTheWhole = desk.DeclareLost(BleakHouse, at).Ok();

        Assert.Equal(gathered.SameInstant!.FinesFees, account.Records.SameInstant.FinesFees);
        var records = onTheWhole.FinesFees.Where(f => f.PatronId == Faculty).Select(f => (f.TransactionId, f.Type, f.LoanId)).Order().ToList();
        Assert.Equal(records, onTheOwners.FinesFees.Where(f => f.PatronId == Faculty).Select(f => (f.TransactionId, f.Type, f.LoanId)).Order().ToList());
        Assert.Equal(Harvard.Circulation.Fines.FineFeeType.Other, records[^1].Type);
        Assert.Equal([$"{Middlemarch}:L1", $"{BleakHouse}:L1"], records.Where(r => r.LoanId is not null).OrderBy(r => r.TransactionId, StringComparer.Ordinal).Select(r => r.LoanId).Distinct());
    }
}
