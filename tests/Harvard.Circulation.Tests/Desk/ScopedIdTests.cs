using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Notices;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>Scoped ids (<see cref="IdNumbering.Scoped"/>): their shape, lookups by them, the numbering of one
/// instant's records within an account, and bad scoped ids in a snapshot.</summary>
public class ScopedIdTests
{
    private static readonly Instant Start = MondayMorning;

    [Fact]
    public void CheckOut_ScopedIds_NumberEachItemsLoansFromOne()
    {
        var desk = OpenScoped()
            .CheckOut(Faculty, Middlemarch, Start).Ok()
            .CheckOut(Faculty, BleakHouse, Start).Ok()
            .CheckIn(Middlemarch, Start + Duration.FromHours(1)).Ok()
            .CheckOut(SpecialBorrower, Middlemarch, Start + Duration.FromHours(2)).Ok();

        Assert.Equal(IdNumbering.Scoped, desk.Ids);
        Assert.Equal([$"{Middlemarch}:L1", $"{BleakHouse}:L1", $"{Middlemarch}:L2"], desk.Loans.Select(l => l.Id));
        Assert.Equal([1, 2, 3], desk.Loans.Select(l => l.Number));
        Assert.Equal(SpecialBorrower, desk.FindLoan($"{Middlemarch}:L2")!.PatronId);
        Assert.Null(desk.FindLoan("L1"));
        Assert.Null(desk.FindLoan($"{Middlemarch}:L3"));
        Assert.Equal(3, desk.LoanCount);
    }

    [Fact]
    public void CheckOut_DenseIds_AreTheDefault()
    {
        var desk = Open().CheckOut(Faculty, Middlemarch, Start).Ok();

        Assert.Equal(IdNumbering.Dense, desk.Ids);
        Assert.Equal("L1", Assert.Single(desk.Loans).Id);
        Assert.Null(desk.FindLoan($"{Middlemarch}:L1"));
    }

    [Fact]
    public void ItemOnLoan_ScopedIds_RefusalNamesTheOpenLoan()
    {
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok();

        var refusal = desk.CheckOut(SpecialBorrower, Middlemarch, Start + Duration.FromMinutes(5)).Refused();

        Assert.Equal(RefusalCodes.ItemOnLoan, refusal.Code);
        Assert.Contains($"({Middlemarch}:L1)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FinesFeesOfOneInstant_ScopedIds_AreNumberedInLoanOrderWithinTheAccount()
    {
        // The reserve (the second loan) is overdue first: its fine arises by itself at some instant; declaring the
        // term loan (the first loan) lost at that very instant adds its fees, which come first in loan order.
        foreach (var ids in new[] { IdNumbering.Dense, IdNumbering.Scoped })
        {
            var lent = CirculationDesk.Open(Widener, DeskFixtures.Patrons, DeskFixtures.Items, Start, ids: ids)
                .CheckOut(Faculty, Middlemarch, Start).Ok()
                .CheckOut(Faculty, ChemistryReserve, Start).Ok();
            var arises = InstantTheFirstRecordArises(lent);
            var desk = lent.DeclareLost(Middlemarch, arises).Ok();

            var records = desk.FinesFees.OrderBy(r => r.TransactionId, StringComparer.Ordinal).Select(r => (r.TransactionId, r.LoanId, r.Type)).ToList();
            var (l1, l2, f) = ids == IdNumbering.Dense ? ("L1", "L2", "F") : ($"{Middlemarch}:L1", $"{ChemistryReserve}:L1", $"{Faculty}:F");
            Assert.Equal(
                [(f + "1", l1, FineFeeType.LostItemReplacementFee), (f + "2", l1, FineFeeType.LostItemProcessFee), (f + "3", l2, FineFeeType.OverdueFine)],
                records);
            Assert.Empty(DeskConsistency.Violations(desk));

            // Payments without a transaction id take the oldest first, the records of one instant in number order.
            var paid = desk.Pay(Faculty, new Money(1m, "USD"), null, arises).Ok();
            Assert.Equal(["1.00", "0.00", "0.00"], paid.FinesFees.OrderBy(r => r.TransactionId, StringComparer.Ordinal).Select(r => r.Paid.ToAmountString()));
        }
    }

    [Fact]
    public void FinesFeesOfOneInstant_RestoredMidInstant_ScopedIds_KeepLoanOrderByTheCheckOuts()
    {
        // The reserve is lent first this time (place 0): its fine, arisen by itself, comes before the term loan's
        // fees declared at that very instant. A desk restored at that instant has no desk-wide loan number to go by:
        // the pending fine's loan place (its check-out's instant and place) must put it first.
        var lent = OpenScoped()
            .CheckOut(Faculty, ChemistryReserve, Start).Ok()
            .CheckOut(Faculty, Middlemarch, Start).Ok();
        var arises = InstantTheFirstRecordArises(lent);
        var atThatInstant = lent.AdvanceTo(arises);
        Assert.Equal(new LoanPlace(Start, 0), atThatInstant.ToSnapshot().SameInstant!.FinesFees.Single().Loan);

        var restored = CirculationDesk.Restore(Widener, atThatInstant.ToSnapshot()).DeclareLost(Middlemarch, arises).Ok();
        var direct = atThatInstant.DeclareLost(Middlemarch, arises).Ok();

        var records = restored.FinesFees.OrderBy(r => r.TransactionId, StringComparer.Ordinal).Select(r => (r.TransactionId, r.LoanId, r.Type)).ToList();
        Assert.Equal(
            [
                ($"{Faculty}:F1", $"{ChemistryReserve}:L1", FineFeeType.OverdueFine),
                ($"{Faculty}:F2", $"{Middlemarch}:L1", FineFeeType.LostItemReplacementFee),
                ($"{Faculty}:F3", $"{Middlemarch}:L1", FineFeeType.LostItemProcessFee),
            ],
            records);
        Assert.Equal(direct.ToSnapshot(), restored.ToSnapshot());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FinesFeesOfOneInstant_RestoredMidInstant_ScopedIds_NumberTheNextRecordByLoanOrder_WhateverOrderTheyAreListedIn(bool reversed)
    {
        // A charge, then a lost item's fees at that instant: the fees are numbered before the charge (loan order). A
        // state file may list the instant's pending records in any order; the restored desk numbers a second lost
        // item's fees between them all the same.
        var at = Start + Duration.FromHours(1);
        var desk = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok().CheckOut(Faculty, BleakHouse, Start).Ok()
            .Charge(Faculty, FineFeeType.Other, new Money(2m, "USD"), null, at).Ok()
            .DeclareLost(Middlemarch, at).Ok();
        var snapshot = desk.ToSnapshot();
        var pending = snapshot.SameInstant!;
        var listed = reversed ? snapshot with { SameInstant = pending with { FinesFees = pending.FinesFees.Reverse().ToEquatableArray() } } : snapshot;

        var restored = CirculationDesk.Restore(Widener, listed).DeclareLost(BleakHouse, at).Ok();

        var records = restored.FinesFees.OrderBy(r => DeskIds.OrdinalOfFineFee(r.TransactionId)).Select(r => (r.TransactionId, r.LoanId, r.Type)).ToList();
        Assert.Equal(
            [
                ($"{Faculty}:F1", $"{Middlemarch}:L1", FineFeeType.LostItemReplacementFee),
                ($"{Faculty}:F2", $"{Middlemarch}:L1", FineFeeType.LostItemProcessFee),
                ($"{Faculty}:F3", $"{BleakHouse}:L1", FineFeeType.LostItemReplacementFee),
                ($"{Faculty}:F4", $"{BleakHouse}:L1", FineFeeType.LostItemProcessFee),
                ($"{Faculty}:F5", (string?)null, FineFeeType.Other),
            ],
            records);
        Assert.Equal(desk.DeclareLost(BleakHouse, at).Ok().ToSnapshot(), restored.ToSnapshot());
    }

    [Fact]
    public void FinesFeesOfOneInstant_ScopedIds_AreFixedOnlyByATransactionOnTheirOwnAccount()
    {
        // The reserve's fine arises for Faculty at some instant; at that instant another patron is charged and pays,
        // then Faculty's term loan (the earlier loan) is declared lost. The other patron's payment fixes only that
        // patron's numbers: Faculty's records of the instant are still numbered together, in loan order. A payment
        // by Faculty at the instant (of a charge made then) fixes Faculty's: the fine keeps F1 and the fees come after.
        var lent = CirculationDesk.Open(Widener, DeskFixtures.Patrons, DeskFixtures.Items, Start, ids: IdNumbering.Scoped)
            .CheckOut(Faculty, Middlemarch, Start).Ok()
            .CheckOut(Faculty, ChemistryReserve, Start).Ok();
        var arises = InstantTheFirstRecordArises(lent);
        var charged = lent.Charge(SpecialBorrower, FineFeeType.CardRenewal, new Money(5m, "USD"), null, arises).Ok();

        var otherPaid = charged.Pay(SpecialBorrower, new Money(5m, "USD"), null, arises).Ok().DeclareLost(Middlemarch, arises).Ok();
        var ownPaid = charged.Charge(Faculty, FineFeeType.CardRenewal, new Money(5m, "USD"), null, arises).Ok()
            .Pay(Faculty, new Money(5m, "USD"), $"{Faculty}:F2", arises).Ok().DeclareLost(Middlemarch, arises).Ok();

        static List<(string, FineFeeType)> Faculty_(CirculationDesk desk) => desk.Account(Faculty).Ledger.Records
            .OrderBy(r => r.TransactionId, StringComparer.Ordinal).Select(r => (r.TransactionId, r.Type)).ToList();
        Assert.Equal(
            [($"{Faculty}:F1", FineFeeType.LostItemReplacementFee), ($"{Faculty}:F2", FineFeeType.LostItemProcessFee), ($"{Faculty}:F3", FineFeeType.OverdueFine)],
            Faculty_(otherPaid));
        Assert.Equal(
            [($"{Faculty}:F1", FineFeeType.OverdueFine), ($"{Faculty}:F2", FineFeeType.CardRenewal),
                ($"{Faculty}:F3", FineFeeType.LostItemReplacementFee), ($"{Faculty}:F4", FineFeeType.LostItemProcessFee)],
            Faculty_(ownPaid));
        Assert.Empty(DeskConsistency.Violations(otherPaid));
        Assert.Empty(DeskConsistency.Violations(ownPaid));
    }

    [Fact]
    public void FinesFeesOfOneInstant_ScopedIds_LeaveOtherAccountsNumbersAlone()
    {
        // Dense ids number the records of one instant across the desk; scoped ids within each account.
        foreach (var ids in new[] { IdNumbering.Dense, IdNumbering.Scoped })
        {
            var lent = CirculationDesk.Open(Widener, DeskFixtures.Patrons, DeskFixtures.Items, Start, ids: ids)
                .CheckOut(Faculty, Middlemarch, Start).Ok()
                .CheckOut(SpecialBorrower, ChemistryReserve, Start).Ok();
            var desk = lent.DeclareLost(Middlemarch, InstantTheFirstRecordArises(lent)).Ok();

            var byPatron = desk.FinesFees.OrderBy(r => r.LoanId, StringComparer.Ordinal).ThenBy(r => r.Type)
                .Select(r => (r.PatronId, r.TransactionId)).ToList();
            Assert.Equal(
                ids == IdNumbering.Dense
                    ? [(Faculty, "F1"), (Faculty, "F2"), (SpecialBorrower, "F3")]
                    : [(Faculty, $"{Faculty}:F1"), (Faculty, $"{Faculty}:F2"), (SpecialBorrower, $"{SpecialBorrower}:F1")],
                byPatron);
            Assert.Equal(3, desk.FineFeeCount);
        }
    }

    [Fact]
    public void FindFineFee_ScopedIds_FindsByTheAccountsNumber()
    {
        var lent = OpenScoped().CheckOut(Faculty, ChemistryReserve, Start).Ok();
        var desk = lent.AdvanceTo(InstantTheFirstRecordArises(lent));

        var record = desk.FindFineFee($"{Faculty}:F1");

        Assert.NotNull(record);
        Assert.Equal(Faculty, record.PatronId);
        Assert.Null(desk.FindFineFee("F1"));
        Assert.Null(desk.FindFineFee($"{Faculty}:F2"));
        Assert.Null(desk.FindFineFee($"{SpecialBorrower}:F1"));
        Assert.Null(desk.FindFineFee("nobody:F1"));
        Assert.Null(desk.FindFineFee(string.Empty));
        Assert.Equal(RefusalCodes.TransactionNotAllowed, desk.Waive("F1", null, null, desk.Now).Refused().Code);
    }

    /// <summary>The first instant a record arises on a desk left to itself.</summary>
    private static Instant InstantTheFirstRecordArises(CirculationDesk desk)
    {
        while (desk.FineFeeCount == 0)
        {
            desk = desk.AdvanceTo(desk.NextScheduledAt ?? throw new InvalidOperationException("Nothing arises."));
        }

        return desk.Now;
    }

    /// <summary>A desk with scoped ids holding two loans of one patron (one of them lost) and three fines/fees.</summary>
    private static DeskSnapshot ScopedSnapshot()
    {
        var lent = OpenScoped().CheckOut(Faculty, Middlemarch, Start).Ok().CheckOut(Faculty, ChemistryReserve, Start).Ok();
        return lent.DeclareLost(Middlemarch, InstantTheFirstRecordArises(lent)).Ok().ToSnapshot();
    }

    public static TheoryData<string, string, string> Corruptions() => new()
    {
        { "a dense loan id", "loans[0].id", "'L1' is not a scoped loan id of item 32044000000001" },
        { "another item's loan id", "loans[0].id", "'32044000000002:L1' is not a scoped loan id of item 32044000000001" },
        { "a loan beyond its item's count", "loans[0].id", "32044000000001:L2 is beyond the item's count of loans (1" },
        { "loans out of loan order", "loans[1].place", "0: the loan made at 2026-03-02T15:00:00Z in this place is listed after one made at 2026-03-02T15:00:00Z in place 1" },
        { "loans counted across the desk", "numbering.loans", "2 must be 0: under scoped ids the desk keeps no count of its own" },
        { "fines/fees counted across the desk", "numbering.finesFees", "3 must be 0: under scoped ids the desk keeps no count of its own" },
        { "a pending fine/fee ordered by a loan number", "sameInstant.finesFees[0].loanNumber", "must be absent: under scoped ids its loan's check-out puts the fine/fee in loan order" },
        { "a pending fine/fee without its loan's place", "sameInstant.finesFees[0].loan", "is required: the fine/fee is about loan 32044000000001:L1" },
        { "a pending fine/fee placed by another loan", "sameInstant.finesFees[0].loan", "loan 32044000000001:L1 was checked out at 2026-03-02T15:00:00Z in place 0, not at 2026-03-02T15:00:00Z in place 1" },
        { "a pending fine/fee placed by a check-out to come", "sameInstant.finesFees[0].loan", "is not one the snapshot's instant can follow" },
        { "a pending fine/fee with a loan's place under dense ids", "sameInstant.finesFees[0].loan", "must be absent: under dense ids the loan number puts the fine/fee in loan order" },
        { "a request with a desk number", "requests[0].number", "must be absent: under scoped ids the instant and place of the action that made a request order it" },
        { "requests counted across the desk", "numbering.requests", "1 must be 0" },
        { "a session with a desk number", "sessions[0].number", "must be absent: under scoped ids the instant and place of the action that made a session order it" },
        { "a session without its place", "sessions[0].place", "under scoped ids a session keeps the place of the action that made it among those of its instant" },
        { "sessions out of the order opened", "sessions[1].place", "is listed after one made at" },
        { "a scoped notice with an order", "notices[0].order", "must be absent: under scoped ids the notice's place orders it among those of its instant" },
        { "a notice without its place", "notices[0].place", "is required: under scoped ids a notice keeps the action that places it" },
        { "a notice placed by another check-out", "notices[0].place", "the notice is placed by its loan, made by the action at 2026-03-02T15:00:00Z in place 0, not at 2026-03-02T15:00:00Z in place 1" },
        { "a loan's notice placed by a request", "notices[0].place", "Request at 2026-03-02T15:00:00Z in place 0 cannot place a lostItemBill notice at 2026-03-02T19:00:00.000000001Z about a loan" },
        { "a notice placed by a check-out after it", "notices[0].place", "cannot place a lostItemBill notice at 2026-03-02T19:00:00.000000001Z" },
        { "a notice with a place under dense ids", "notices[0].place", "must be absent: under dense ids the notice's order places it" },
        { "a request without its number under dense ids", "requests[0].number", "is required" },
        { "a session with a place under dense ids", "sessions[0].place", "must be absent: under dense ids a session's number orders it" },
        { "a dense fine/fee id", "finesFees[0].transactionId", "'F1' is not a scoped fine/fee id of patron 10000021" },
        { "a gap in an account's numbers", "finesFees", "patron 10000021's fines/fees are not numbered 10000021:F1 to 10000021:F3" },
        { "an item counted twice", "numbering.loansByItem[1].itemBarcode", "item 32044000000001 is counted twice" },
        { "an unknown item counted", "numbering.loansByItem[0].itemBarcode", "item 39999999999999 is not among the items" },
        { "a count of none", "numbering.loansByItem[0].count", "0: an item with no loans is left out" },
        { "an undefined numbering", "numbering.ids", "9 is neither dense nor scoped" },
        { "loans counted by item under dense ids", "numbering.loansByItem", "only a desk with scoped ids counts loans by item" },
        { "a notice numbered across the desk", "notices[1].sequence", "5 is not 1: under scoped ids each account's notices are numbered 0, 1, 2" },
        { "notices counted across the desk", "numbering.notices", "3 must be 0: under scoped ids the desk keeps no count of its own" },
        { "a pending notice without its patron", "sameInstant.notices[0].patronId", "is required: under scoped ids a sequence names a notice within its patron's account" },
        { "a pending notice of another account", "sameInstant.notices[0].sequence", $"notice 0 of patron {SpecialBorrower} is not among the notices" },
        { "a pending notice naming its patron under dense ids", "sameInstant.notices[0].patronId", "must be absent: under dense ids the sequence alone names the notice" },
        { "a loan without its place", "loans[0].place", "under scoped ids a loan keeps the place of the action that made it among those of its instant" },
        { "two loans made by one action", "loans[1].place", "0: another loan was made by the action at 2026-03-02T15:00:00Z in this place" },
        { "a pending notice without its place", "sameInstant.notices[0].place", "is required: under scoped ids an action's place places the notice" },
        { "a pending notice placed by a loan number", "sameInstant.notices[0].loanNumber", "must be absent: under scoped ids an action's place places the notice" },
        { "a pending notice placed by an action not taken", "sameInstant.notices[0].place", "is not an action the snapshot's instant can follow" },
        { "a pending notice placed by another loan", "sameInstant.notices[0].place", "is placed by its loan (the action at 2026-03-02T15:00:00Z in place 0), not by the loan at 2026-03-02T15:00:00Z in place 1" },
        { "a loan with a place under dense ids", "loans[0].place", "must be absent: under dense ids a loan's number orders it" },
        { "actions counted under dense ids", "sameInstant.actions", "under dense ids actions are not counted" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Check_CorruptScopedSnapshot_NamesThePathAndRestoresNothing(string corruption, string path, string message)
    {
        var snapshot = ScopedSnapshot();
        Assert.Empty(CirculationDesk.Check(Widener, snapshot));
        var loans = snapshot.Loans;
        var records = snapshot.FinesFees;
        var counts = snapshot.Numbering.LoansByItem;
        var corrupt = corruption switch
        {
            "a dense loan id" => snapshot with { Loans = EquatableArray.Create(loans[0] with { Id = "L1" }, loans[1]) },
            "another item's loan id" => snapshot with { Loans = EquatableArray.Create(loans[0] with { Id = $"{ChemistryReserve}:L1" }, loans[1]) },
            "a loan beyond its item's count" => snapshot with { Loans = EquatableArray.Create(loans[0] with { Id = $"{Middlemarch}:L2" }, loans[1]) },
            "loans out of loan order" => snapshot with { Loans = EquatableArray.Create(loans[1], loans[0]) },
            "loans counted across the desk" => snapshot with { Numbering = snapshot.Numbering with { Loans = 2 } },
            "fines/fees counted across the desk" => snapshot with { Numbering = snapshot.Numbering with { FinesFees = 3 } },
            "a pending fine/fee ordered by a loan number" => WithFirstPendingFineFee(snapshot, p => p with { LoanNumber = 1 }),
            "a pending fine/fee without its loan's place" => WithFirstPendingFineFee(snapshot, p => p with { Loan = null }),
            "a pending fine/fee placed by another loan" => WithFirstPendingFineFee(snapshot, p => p with { Loan = p.Loan! with { Place = 1 } }),
            "a pending fine/fee placed by a check-out to come" => WithFirstPendingFineFee(snapshot, p => p with { Loan = new LoanPlace(snapshot.AsOf.Plus(Duration.FromDays(1)), 0) }),
            "a pending fine/fee with a loan's place under dense ids" => WithFirstPendingFineFee(DenseSnapshot(), p => p with { Loan = new LoanPlace(Start, 0) }),
            "a request with a desk number" => WithRequestsAndSessions(IdNumbering.Scoped) is var requested
                ? requested with { Requests = requested.Requests.Select(r => r with { Number = 1 }).ToEquatableArray() }
                : null!,
            "requests counted across the desk" => WithRequestsAndSessions(IdNumbering.Scoped) is var counted
                ? counted with { Numbering = counted.Numbering with { Requests = 1 } }
                : null!,
            "a session with a desk number" => WithRequestsAndSessions(IdNumbering.Scoped) is var numbered
                ? numbered with { Sessions = numbered.Sessions.Select((x, i) => x with { Number = i + 1 }).ToEquatableArray() }
                : null!,
            "a session without its place" => WithRequestsAndSessions(IdNumbering.Scoped) is var unplaced
                ? unplaced with { Sessions = unplaced.Sessions.Select((x, i) => i == 0 ? x with { Place = null } : x).ToEquatableArray() }
                : null!,
            "sessions out of the order opened" => WithRequestsAndSessions(IdNumbering.Scoped) is var swapped
                ? swapped with { Sessions = swapped.Sessions.Reverse().ToEquatableArray() }
                : null!,
            "a scoped notice with an order" => WithFirstNotice(snapshot, n => n with { Order = 0 }),
            "a notice without its place" => WithFirstNotice(snapshot, n => n with { Place = null }),
            "a notice placed by another check-out" => WithFirstNotice(snapshot, n => n with { Place = n.Place! with { Place = 1 } }),
            "a loan's notice placed by a request" => WithFirstNotice(snapshot, n => n with { Place = n.Place! with { By = NoticeOrderedBy.Request } }),
            "a notice placed by a check-out after it" => WithFirstNotice(snapshot, n => n with { Place = n.Place! with { At = n.At.Plus(Duration.FromHours(1)) } }),
            "a notice with a place under dense ids" => WithFirstNotice(DenseSnapshot(), n => n with { Place = new NoticePlace(NoticeOrderedBy.Loan, Start, 0) }),
            "a request without its number under dense ids" => WithRequestsAndSessions(IdNumbering.Dense) is var denseRequested
                ? denseRequested with { Requests = denseRequested.Requests.Select(r => r with { Number = null }).ToEquatableArray() }
                : null!,
            "a session with a place under dense ids" => WithRequestsAndSessions(IdNumbering.Dense) is var denseOpened
                ? denseOpened with { Sessions = denseOpened.Sessions.Select(x => x with { Place = 0 }).ToEquatableArray() }
                : null!,
            "a dense fine/fee id" => snapshot with { FinesFees = records.Skip(1).Prepend(records[0] with { TransactionId = "F1" }).ToEquatableArray() },
            "a gap in an account's numbers" => snapshot with
            {
                FinesFees = records.Select(r => r.TransactionId == $"{Faculty}:F3" ? r with { TransactionId = $"{Faculty}:F4" } : r).ToEquatableArray(),
                SameInstant = null,
            },
            "an item counted twice" => snapshot with { Numbering = snapshot.Numbering with { LoansByItem = EquatableArray.Create(counts[0], counts[0]) } },
            "an unknown item counted" => snapshot with { Numbering = snapshot.Numbering with { LoansByItem = counts.Prepend(new ItemLoans("39999999999999", 1)).ToEquatableArray() } },
            "a count of none" => snapshot with { Numbering = snapshot.Numbering with { LoansByItem = counts.Skip(1).Prepend(counts[0] with { Count = 0 }).ToEquatableArray() } },
            "an undefined numbering" => snapshot with { Numbering = snapshot.Numbering with { Ids = (IdNumbering)9 } },
            "loans counted by item under dense ids" => Open().CheckOut(Faculty, Middlemarch, Start).Ok().ToSnapshot() is var dense
                ? dense with { Numbering = dense.Numbering with { LoansByItem = EquatableArray.Create(new ItemLoans(Middlemarch, 1)) } }
                : null!,
            "a notice numbered across the desk" => snapshot with { Notices = snapshot.Notices.Select((n, i) => i == 1 ? n with { Sequence = 5 } : n).ToEquatableArray() },
            "notices counted across the desk" => snapshot with { Numbering = snapshot.Numbering with { Notices = 3 } },
            "a pending notice without its patron" => WithFirstPending(snapshot, p => p with { PatronId = null }),
            "a pending notice of another account" => WithFirstPending(snapshot, p => p with { PatronId = SpecialBorrower }),
            "a pending notice naming its patron under dense ids" => WithFirstPending(DenseSnapshot(), p => p with { PatronId = Faculty }),
            "a loan without its place" => snapshot with { Loans = EquatableArray.Create(loans[0] with { Place = null }, loans[1]) },
            "two loans made by one action" => snapshot with { Loans = EquatableArray.Create(loans[0], loans[1] with { Place = 0 }) },
            "a pending notice without its place" => WithFirstPending(snapshot, p => p with { Place = null }),
            "a pending notice placed by a loan number" => WithFirstPending(snapshot, p => p with { LoanNumber = 1 }),
            "a pending notice placed by an action not taken" => WithFirstPending(snapshot, p => p with { Place = new NoticePlace(NoticeOrderedBy.Action, snapshot.AsOf, 5) }),
            "a pending notice placed by another loan" => WithFirstPending(snapshot, p => p with { Place = p.Place! with { Place = 1 } }),
            "a loan with a place under dense ids" => DenseSnapshot() is var denseLent
                ? denseLent with { Loans = denseLent.Loans.Select((l, i) => i == 0 ? l with { Place = 0 } : l).ToEquatableArray() }
                : null!,
            "actions counted under dense ids" => DenseSnapshot() is var denseLost ? denseLost with { SameInstant = denseLost.SameInstant! with { Actions = 2 } } : null!,
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };

        var problems = CirculationDesk.Check(Widener, corrupt);
        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
        Assert.Throws<InvalidSnapshotException>(() => CirculationDesk.Restore(Widener, corrupt));
    }

    private static DeskSnapshot WithFirstNotice(DeskSnapshot snapshot, Func<NoticeSnapshot, NoticeSnapshot> change) =>
        snapshot with { Notices = snapshot.Notices.Select((n, i) => i == 0 ? change(n) : n).ToEquatableArray() };

    private static DeskSnapshot WithFirstPendingFineFee(DeskSnapshot snapshot, Func<PendingFineFee, PendingFineFee> change)
    {
        var same = snapshot.SameInstant!;
        return snapshot with { SameInstant = same with { FinesFees = same.FinesFees.Select((p, i) => i == 0 ? change(p) : p).ToEquatableArray() } };
    }

    /// <summary>A desk with a loan, a request on it and two sessions opened (at one instant, by two staff members).</summary>
    private static DeskSnapshot WithRequestsAndSessions(IdNumbering ids) =>
        (ids == IdNumbering.Scoped ? OpenScoped() : Open())
            .CheckOut(Faculty, Middlemarch, Start).Ok()
            .PlaceRequest("R1", SpecialBorrower, Middlemarch, Start.Plus(Duration.FromHours(1))).Ok()
            .OpenSession("S1", Staff, "WID", Faculty, Start.Plus(Duration.FromHours(2))).Ok()
            .OpenSession("S2", OtherStaff, "WID", SpecialBorrower, Start.Plus(Duration.FromHours(2))).Ok()
            .ToSnapshot();

    private static DeskSnapshot WithFirstPending(DeskSnapshot snapshot, Func<PendingNotice, PendingNotice> change)
    {
        var same = snapshot.SameInstant!;
        return snapshot with { SameInstant = same with { Notices = same.Notices.Select((p, i) => i == 0 ? change(p) : p).ToEquatableArray() } };
    }

    /// <summary>What <see cref="ScopedSnapshot"/> holds, with dense ids.</summary>
    private static DeskSnapshot DenseSnapshot()
    {
        var lent = Open().CheckOut(Faculty, Middlemarch, Start).Ok().CheckOut(Faculty, ChemistryReserve, Start).Ok();
        return lent.DeclareLost(Middlemarch, InstantTheFirstRecordArises(lent)).Ok().ToSnapshot();
    }

    [Fact]
    public void ScopedSnapshot_HoldsNoticesOfItsInstantStillToBePlaced()
    {
        // What the notice corruptions above rely on: notices of one account, some of them of the snapshot's instant.
        var snapshot = ScopedSnapshot();

        Assert.Equal([0L, 1L, 2L], snapshot.Notices.Select(n => n.Sequence).Take(3));
        Assert.All(snapshot.Notices, n => Assert.Equal(Faculty, n.PatronId));
        Assert.Equal(0, snapshot.Numbering.Notices);
        Assert.All(snapshot.SameInstant!.Notices, p => Assert.Equal(Faculty, p.PatronId));
        Assert.NotEmpty(snapshot.SameInstant.Notices);
        Assert.All(DenseSnapshot().SameInstant!.Notices, p => Assert.Null(p.PatronId));
    }

    [Fact]
    public void Notices_ScopedIds_AreNumberedWithinEachAccount_AndListedAsUnderDenseIds()
    {
        // Two patrons' loans fall due together: their notices of one instant interleave in loan order across the
        // desk, while each account numbers its own from 0.
        CirculationDesk Run(IdNumbering ids) => CirculationDesk.Open(Widener, DeskFixtures.Patrons, DeskFixtures.Items, Start, ids: ids)
            .CheckOut(Faculty, ChemistryReserve, Start).Ok()
            .CheckOut(SpecialBorrower, Middlemarch, Start).Ok()
            .CheckOut(Faculty, BleakHouse, Start).Ok()
            .AdvanceTo(Start + Duration.FromDays(400));
        var dense = Run(IdNumbering.Dense);
        var scoped = Run(IdNumbering.Scoped);

        foreach (var patron in new[] { Faculty, SpecialBorrower })
        {
            var own = scoped.Attachments(patron);
            Assert.True(own.Count >= 2, $"patron {patron} got {own.Count} notices; the test needs more.");
            Assert.Equal(Enumerable.Range(0, own.Count).Select(i => (long)i), own.Select(n => n.Sequence));
        }

        Assert.Contains(dense.Notices.Zip(dense.Notices.Skip(1)), pair => pair.First.At == pair.Second.At && pair.First.PatronId != pair.Second.PatronId);
        Assert.Equal(
            dense.Notices.Select(n => (n.Type, n.PatronId, n.At, n.RequestId)),
            scoped.Notices.Select(n => (n.Type, n.PatronId, n.At, n.RequestId)));
        Assert.Equal(dense.Notices.Count, scoped.Notices.Select(n => (n.PatronId, n.Sequence)).Distinct().Count());
        Assert.Empty(DeskConsistency.Violations(scoped));
    }

    [Fact]
    public void Restore_ScopedSnapshot_ContinuesEachOwnersNumbering()
    {
        var restored = CirculationDesk.Restore(Widener, ScopedSnapshot());

        var desk = restored.CheckIn(ChemistryReserve, restored.Now + Duration.FromMinutes(1)).Ok()
            .CheckOut(SpecialBorrower, ChemistryReserve, restored.Now + Duration.FromMinutes(2)).Ok()
            .Charge(Faculty, FineFeeType.DamagedItemFine, new Money(5m, "USD"), "Torn page", restored.Now + Duration.FromMinutes(3)).Ok();

        Assert.Equal(IdNumbering.Scoped, desk.Ids);
        Assert.NotNull(desk.FindLoan($"{ChemistryReserve}:L2"));
        Assert.Equal("Torn page", desk.FindFineFee($"{Faculty}:F4")?.Title);
        Assert.Empty(DeskConsistency.Violations(desk));
    }

    [Fact]
    public void Open_UndefinedNumbering_IsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CirculationDesk.Open(Widener, DeskFixtures.Patrons, DeskFixtures.Items, Start, ids: (IdNumbering)7));
        Assert.Equal("ids", error.ParamName);
    }
}
