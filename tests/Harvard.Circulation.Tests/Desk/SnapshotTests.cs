using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Items;
using Harvard.Circulation.Requests;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>Snapshots of a desk: what they hold, each kind of corruption rejected with its path and nothing restored,
/// partial snapshots and their scope, and the changes a tracking desk records.</summary>
public class SnapshotTests
{
    private static readonly Instant Later = MondayMorning + Duration.FromDays(2);

    /// <summary>A desk with a bit of everything: a returned loan whose reserve fine stopped and was part paid, an open
    /// loan with a fine accruing, a request on the hold shelf, a session, notices.</summary>
    private static CirculationDesk Busy()
    {
        var desk = Open()
            .OpenSession("S1", Staff, "WID", Faculty, MondayMorning).Ok()
            .CheckOut(Faculty, ChemistryReserve, MondayMorning, sessionId: "S1").Ok()
            .CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok()
            .CheckOut(VisitingResearcher, BleakHouse, MondayMorning).Ok()
            .CheckIn(ChemistryReserve, MondayMorning + Duration.FromHours(7)).Ok()
            .Pay(Faculty, Money.Usd(2m), "F1", MondayMorning + Duration.FromHours(8)).Ok()
            .CheckOut(Faculty, ChemistryReserve, MondayMorning + Duration.FromHours(9)).Ok()
            .PlaceRequest("R1", VisitingResearcher, DepositoryVolume, MondayMorning + Duration.FromHours(9)).Ok();
        return desk.AdvanceTo(Later);
    }

    [Fact]
    public void ToSnapshot_BusyDesk_HoldsEverythingAndRestoresToTheSame()
    {
        var desk = Busy();
        var snapshot = desk.ToSnapshot();

        Assert.Equal(Later, snapshot.AsOf);
        Assert.Equal(["L1", "L2", "L3", "L4"], snapshot.Loans.Select(l => l.Id));
        Assert.Equal(new DeskNumbering(4, 2, 1, 1, snapshot.Notices.Count), snapshot.Numbering);
        var stopped = snapshot.FinesFees[0];
        Assert.Equal(AccrualStopReason.CheckIn, stopped.AccrualStop!.By);
        Assert.Equal(stopped.Original, stopped.Accrual!.Value.Amount);
        Assert.True(snapshot.FinesFees[1].IsAccruing);
        Assert.Null(snapshot.FinesFees[1].Accrual);
        Assert.Equal(RequestStatusOnShelf(), snapshot.Requests.Single().Status);

        var restored = CirculationDesk.Restore(desk.Policy, snapshot);
        Assert.Equal(snapshot, restored.ToSnapshot());
        Assert.Equal(desk.ActiveBalance(Faculty), restored.ActiveBalance(Faculty));
        Assert.Equal(desk.FindFineFee("F2")!.Explanation, restored.FindFineFee("F2")!.Explanation);
        Assert.Equal(desk.FindFineFee("F1")!.Explanation, restored.FindFineFee("F1")!.Explanation);
        Assert.Empty(DeskConsistency.Violations(restored));

        static Harvard.Circulation.Requests.RequestStatus RequestStatusOnShelf() => Harvard.Circulation.Requests.RequestStatus.OnHoldShelf;
    }

    public static TheoryData<string, string> Corruptions() => new()
    {
        { "unknownPatron", "loans[1].patronId" },
        { "twoOpenLoans", "loans[3].itemBarcode" },
        { "balanceDoesNotAddUp", "finesFees[0].balance" },
        { "paidIsNotTheSumOfPayments", "finesFees[0].paid" },
        { "anonymizedButOpen", "loans[1].patronId" },
        { "noticeOrderMissing", "notices[0].order" },
        { "loanBeyondNumbering", "loans[3].id" },
        { "instantAfterAsOf", "loans[1].loanedAt" },
        { "unknownRule", "loans[1].ruleId" },
        { "overdueNoticeNotSent", "loans[1]" },
        { "closedWithABalance", "finesFees[0].status" },
        { "accruingMoreThanAccrued", "finesFees[1].original" },
        { "holdShelfWhileOut", "requests[0].status" },
        { "claimsNotCounted", "claims" },
        { "sessionOfAnotherPatron", "loans[0].sessionId" },
        { "sameInstantElsewhere", "sameInstant.at" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Restore_CorruptSnapshot_RejectedWithItsPathNothingRestored(string corruption, string path)
    {
        var desk = Busy();
        var good = desk.ToSnapshot();
        var bad = Corrupt(good, corruption);

        var problems = CirculationDesk.Check(desk.Policy, bad);
        var thrown = Assert.Throws<InvalidSnapshotException>(() => CirculationDesk.Restore(desk.Policy, bad));

        Assert.Contains(problems, p => p.Path == path);
        Assert.Equal(problems, thrown.Problems);
        Assert.StartsWith("The snapshot cannot be restored", thrown.Message, StringComparison.Ordinal);
        Assert.Empty(CirculationDesk.Check(desk.Policy, good));
    }

    private static DeskSnapshot Corrupt(DeskSnapshot s, string corruption)
    {
        LoanSnapshot Loan(int i) => s.Loans[i];
        DeskSnapshot WithLoan(int i, LoanSnapshot loan) => s with { Loans = s.Loans.AsImmutableArray().SetItem(i, loan).ToEquatableArray() };
        DeskSnapshot WithRecord(int i, FineFeeSnapshot record) => s with { FinesFees = s.FinesFees.AsImmutableArray().SetItem(i, record).ToEquatableArray() };
        var usd = (decimal amount) => Money.Usd(amount);
        return corruption switch
        {
            "unknownPatron" => WithLoan(1, Loan(1) with { PatronId = "99999999" }),
            "twoOpenLoans" => WithLoan(3, Loan(3) with { ItemBarcode = Middlemarch }),
            "balanceDoesNotAddUp" => WithRecord(0, s.FinesFees[0] with { Balance = s.FinesFees[0].Balance + usd(1m) }),
            "paidIsNotTheSumOfPayments" => WithRecord(0, s.FinesFees[0] with { Paid = s.FinesFees[0].Paid + usd(1m), Balance = s.FinesFees[0].Balance - usd(1m) }),
            "anonymizedButOpen" => WithLoan(1, Loan(1) with { PatronId = null }),
            "noticeOrderMissing" => s with { Notices = s.Notices.AsImmutableArray().SetItem(0, s.Notices[0] with { Order = null }).ToEquatableArray() },
            "loanBeyondNumbering" => s with { Numbering = s.Numbering with { Loans = 3 } },
            "instantAfterAsOf" => WithLoan(1, Loan(1) with { LoanedAt = s.AsOf + Duration.FromDays(1), DueAt = s.AsOf + Duration.FromDays(30) }),
            "unknownRule" => WithLoan(1, Loan(1) with { RuleId = "no-such-rule" }),
            "overdueNoticeNotSent" => WithLoan(1, Loan(1) with { DueAt = Loan(1).LoanedAt + Duration.FromHours(1), NoticesSent = EquatableArray<int>.Empty }),
            "closedWithABalance" => WithRecord(0, s.FinesFees[0] with { Status = FineFeeStatus.Closed }),
            "accruingMoreThanAccrued" => WithRecord(1, s.FinesFees[1] with { Original = usd(999m), Balance = usd(999m) }),
            "holdShelfWhileOut" => WithLoan(3, Loan(3) with { ItemBarcode = DepositoryVolume }),
            "claimsNotCounted" => WithLoan(1, Loan(1) with { Status = LoanStatus.ClaimedReturned, ClaimedReturnedAt = Loan(1).LoanedAt }),
            "sessionOfAnotherPatron" => WithLoan(0, Loan(0) with { PatronId = SpecialBorrower }),
            "sameInstantElsewhere" => s with { SameInstant = new SameInstantOrder(s.AsOf - Duration.FromHours(1), EquatableArray<PendingFineFee>.Empty, EquatableArray<PendingNotice>.Empty) },
            _ => throw new ArgumentOutOfRangeException(nameof(corruption), corruption, "Not a corruption."),
        };
    }

    [Fact]
    public void ToSnapshot_DeskWithStaff_KeepsThem()
    {
        var staff = new Harvard.Circulation.Patrons.StaffMember(Staff, nameSearch: true);
        var desk = CirculationDesk.Open(Open().Policy, Open().Patrons.Patrons, Open().Items, MondayMorning, [staff]);

        Assert.Equal([staff], desk.ToSnapshot().Staff);
        Assert.Equal([staff], CirculationDesk.Restore(desk.Policy, desk.ToSnapshot()).Staff);
    }

    [Fact]
    public void InvalidSnapshot_Messages_NameIdsNeverPatronNames()
    {
        var desk = Busy();
        var snapshot = desk.ToSnapshot();
        var bad = snapshot with { Loans = snapshot.Loans.Select(l => l with { PatronId = l.PatronId is null ? null : "77777777" }).ToEquatableArray() };

        var problems = CirculationDesk.Check(desk.Policy, bad);

        Assert.NotEmpty(problems);
        var names = desk.Patrons.Patrons.Select(p => p.Name).OfType<string>().ToList();
        Assert.NotEmpty(names);
        Assert.All(problems, p => Assert.DoesNotContain(names, n => p.Message.Contains(n, StringComparison.Ordinal)));
    }

    [Fact]
    public void PartialSnapshot_HoldsWhatTheActionNeedsAndRefusesToActBeyond()
    {
        var desk = Busy();

        var part = desk.ToSnapshot([SpecialBorrower], [Middlemarch]);
        var restored = CirculationDesk.Restore(desk.Policy, part);

        Assert.Equal([SpecialBorrower], part.Patrons.Select(p => p.PrimaryId));
        Assert.Equal([Middlemarch], part.Items.Select(i => i.Barcode));
        Assert.Equal(["L2"], part.Loans.Select(l => l.Id));
        Assert.Equal(desk.ToSnapshot().Numbering, part.Numbering);
        Assert.Equal(desk.Renew(Middlemarch, Later).Ok().FindLoan("L2")!.DueAt, restored.Renew(Middlemarch, Later).Ok().FindLoan("L2")!.DueAt);
        var beyond = Assert.Throws<ArgumentException>(() => restored.Pay(Faculty, Money.Usd(1m), null, Later));
        Assert.Contains("is not in the scope of this desk", beyond.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => restored.ExportToBursar(null, Later));
    }

    [Fact]
    public void PartialSnapshot_OfAnItemWithAQueue_HoldsTheRequesters()
    {
        // A check-in of an item with a waiting request moves the queue: the requester's account is in the part.
        var desk = Open().CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok()
            .PlaceRequest("R1", Faculty, Middlemarch, MondayMorning + Duration.FromHours(1)).Ok();
        var at = MondayMorning + Duration.FromHours(2);

        var part = CirculationDesk.Restore(desk.Policy, desk.ToSnapshot([], [Middlemarch])).TrackingChanges();
        var whole = desk.TrackingChanges().CheckIn(Middlemarch, at).Ok();
        var checkedIn = part.CheckIn(Middlemarch, at).Ok();

        Assert.Equal([SpecialBorrower, Faculty], desk.ToSnapshot([], [Middlemarch]).Patrons.Select(p => p.PrimaryId));
        Assert.Equal(whole.LastStep!.Changes, checkedIn.LastStep!.Changes);
        Assert.Contains(checkedIn.LastStep.NoticesDecided, n => n.Type == NoticeType.RequestAvailable && n.PatronId == Faculty);
    }

    [Fact]
    public void PartialSnapshot_OfARequester_HoldsTheItemsItWaitsForAndExpiresItsHoldAsTheWholeDesk()
    {
        // Faculty waits for Middlemarch (on the hold shelf once it is checked in): the part of Faculty alone holds
        // the item and its queue, so moved on past the pickup time it expires the request as the whole desk does.
        var desk = Open(start: MondayMorning).CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok()
            .PlaceRequest("R1", Faculty, Middlemarch, MondayMorning + Duration.FromHours(1)).Ok()
            .CheckIn(Middlemarch, MondayMorning + Duration.FromHours(2)).Ok();
        var part = desk.ToSnapshot([Faculty], []);
        var later = MondayMorning + Duration.FromDays(30);

        Assert.Equal([Middlemarch], part.Items.Select(i => i.Barcode));
        Assert.Equal(["R1"], part.Requests.Select(r => r.Id));
        var partLater = CirculationDesk.Restore(desk.Policy, part).AdvanceTo(later);
        var wholeLater = desk.AdvanceTo(later);
        Assert.Equal(RequestStatus.Expired, partLater.FindRequest("R1")!.Status);
        Assert.Equal(wholeLater.FindRequest("R1"), partLater.FindRequest("R1"));
        Assert.Equal(
            wholeLater.Account(Faculty).Notices.Select(n => (n.Type, n.At, n.RequestId)),
            partLater.Account(Faculty).Notices.Select(n => (n.Type, n.At, n.RequestId)));
        Assert.Contains(partLater.Account(Faculty).Notices, n => n.Type == NoticeType.RequestCancelled && n.RequestId == "R1");

        // A closed request ties the patron to the item no more.
        var cancelled = desk.CancelRequest("R1", notifyUser: false, MondayMorning + Duration.FromHours(3)).Ok();
        Assert.Empty(cancelled.ToSnapshot([Faculty], []).Items);
    }

    [Fact]
    public void PartialSnapshot_Restored_CostsWhatItHoldsNotWhatTheDeskHolds()
    {
        // The same part (one patron, one item, nothing tying them to the rest) of a desk that made 200 loans and
        // of one that made 20,000: restoring it allocates about the same, not a hundred times more.
        static long RestoreAllocates(int loans)
        {
            var patrons = Enumerable.Range(0, 1 + (loans / 20)).Select(i => new Patron("P" + i, "25")).ToList();
            var items = Enumerable.Range(0, loans + 1).Select(i => new Item("I" + i, "regular", "WID")).ToList();
            var desk = CirculationDesk.Open(Widener, patrons, items, MondayMorning);
            for (var i = 1; i <= loans; i++)
            {
                desk = desk.CheckOut("P" + (1 + (i % (loans / 20))), "I" + i, MondayMorning).Ok();
            }

            var part = desk.ToSnapshot(["P0"], ["I0"]);
            Assert.Equal(loans, part.Numbering.Loans);
            CirculationDesk.Restore(desk.Policy, part);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var restored = CirculationDesk.Restore(desk.Policy, part);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(restored.CheckOut("P0", "I0", MondayMorning).IsAllowed);
            return allocated;
        }

        var small = RestoreAllocates(200);
        var large = RestoreAllocates(20_000);
        Assert.True(large < 2 * small, $"restoring the part allocated {small:N0} bytes of a 200-loan desk and {large:N0} of a 20,000-loan desk");
    }

    [Fact]
    public void TrackingChanges_CheckOut_RecordsTheLoanAndTheSession()
    {
        var desk = Open().OpenSession("S1", Staff, "WID", Faculty, MondayMorning).Ok();
        Assert.Null(desk.LastStep);

        var tracking = desk.TrackingChanges();
        var after = tracking.CheckOut(Faculty, Middlemarch, MondayMorning + Duration.FromMinutes(1), sessionId: "S1").Ok();

        Assert.True(after.TracksChanges);
        Assert.Null(tracking.LastStep);
        var step = after.LastStep!;
        Assert.Equal((MondayMorning, MondayMorning + Duration.FromMinutes(1)), (step.From, step.To));
        var loan = Assert.IsType<LoanChanged>(step.Changes[0]);
        Assert.Equal(LoanChanges.Created, loan.What);
        Assert.Equal("L1", loan.Loan.Id);
        var session = Assert.IsType<SessionChanged>(step.Changes[1]);
        Assert.Equal(SessionChanges.Activity | SessionChanges.Loan, session.What);
        Assert.Equal(2, step.Changes.Count);
        Assert.Equal(desk.ToSnapshot().Apply(step), after.ToSnapshot());
    }

    [Fact]
    public void TrackingChanges_RefusedAction_StillRecordsWhatTimeBrought()
    {
        // The reserve's fine arises while time advances to a refused renewal: the step has it.
        var desk = Open().CheckOut(Faculty, ChemistryReserve, MondayMorning).Ok().TrackingChanges();

        var refused = desk.Renew(Middlemarch, Later);

        Assert.False(refused.IsAllowed);
        var created = refused.Unchanged.LastStep!.Changes.OfType<FineFeeChanged>().First();
        Assert.Equal(FineFeeChanges.Created, created.What);
        Assert.Equal("F1", created.Record.TransactionId);
    }

    [Fact]
    public void Anonymized_LoanInSnapshotAndChanges_NamesNoPatron()
    {
        var policy = Policy(("\"anonymizeReturnsAfter\": \"P60D\"", "\"anonymizeReturnsAfter\": \"PT0S\""));
        var desk = Open(policy).CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok().TrackingChanges();

        var returned = desk.CheckIn(Middlemarch, MondayMorning + Duration.FromHours(1)).Ok().AdvanceTo(Later);

        var loan = returned.ToSnapshot().Loans.Single();
        Assert.Null(loan.PatronId);
        Assert.Null(loan.SessionId);
        var anonymized = returned.LastStep!.Changes.OfType<LoanChanged>().Single();
        Assert.True(anonymized.What.HasFlag(LoanChanges.Anonymized));
        Assert.Null(anonymized.Loan.PatronId);
    }

    [Fact]
    public void Check_InstantsApartByAFractionOfASecond_AreQuotedWithTheirFractions()
    {
        var snapshot = Open(start: MondayMorning).CheckOut(Faculty, Middlemarch, MondayMorning).Ok().ToSnapshot();
        var early = snapshot with { AsOf = MondayMorning - Duration.FromMilliseconds(500) };

        var problems = CirculationDesk.Check(Widener, early);

        Assert.Contains(problems, p => p.Message == "2026-03-02T15:00:00Z is after the snapshot's instant (2026-03-02T14:59:59.5Z).");
    }

    [Fact]
    public void Check_SessionTimedOutAtAFractionOfASecond_QuotesTheInstantWithIt()
    {
        var snapshot = Open(start: MondayMorning).OpenSession("S1", Staff, "WID", Faculty, MondayMorning + Duration.FromMilliseconds(750)).Ok().ToSnapshot();
        var later = snapshot with { AsOf = MondayMorning + Duration.FromMinutes(10) };

        var problems = CirculationDesk.Check(Widener, later);

        Assert.Contains(problems, p => p.Message == "session S1 timed out at 2026-03-02T15:05:00.75Z, before the snapshot's instant, but is open.");
    }
}
