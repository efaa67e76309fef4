using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Notices;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>Notices (domain.md §6): triggers, the schedule against the due in force, exactly once, ordering.</summary>
public class NoticeTests
{
    // Middlemarch checked out Monday 2 March 10:00 EST, due 30 March 23:59:59 EDT. Courtesy P2D, overdue P1D, P7D, P14D.
    private static readonly Instant Due = Local(2026, 3, 30, 23, 59, 59);
    private static readonly Instant Courtesy = Local(2026, 3, 28, 23, 59, 59);

    private static CirculationDesk OnLoan(params (string From, string To)[] policy) =>
        Open(policy.Length == 0 ? null : Policy(policy)).CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok();

    private static (NoticeType, string, Instant, string?, string?) LoanNotice(NoticeType type, Instant at) => (type, SpecialBorrower, at, "L1", null);

    [Fact]
    public void AdvanceTo_LoanStillOnLoan_CourtesyThenOverdueAtEachDelay()
    {
        var desk = OnLoan().AdvanceTo(Local(2026, 4, 14, 0, 0));

        Assert.Equal(
            [
                LoanNotice(NoticeType.Courtesy, Courtesy),
                LoanNotice(NoticeType.Overdue, Local(2026, 3, 31, 23, 59, 59)),
                LoanNotice(NoticeType.Overdue, Local(2026, 4, 6, 23, 59, 59)),
                LoanNotice(NoticeType.Overdue, Local(2026, 4, 13, 23, 59, 59)),
            ],
            desk.Notices.Rows());
    }

    [Fact]
    public void AdvanceTo_OneTickBeforeCourtesy_NoNotice()
    {
        Assert.Empty(OnLoan().AdvanceTo(Courtesy - Duration.Epsilon).Notices);
        Assert.Single(OnLoan().AdvanceTo(Courtesy).Notices);
    }

    [Fact]
    public void CheckIn_BeforeTheFirstOverdue_NoMoreNotices()
    {
        var desk = OnLoan().CheckIn(Middlemarch, Local(2026, 3, 31, 12, 0)).Ok().AdvanceTo(Local(2026, 5, 1, 0, 0));

        Assert.Equal([LoanNotice(NoticeType.Courtesy, Courtesy)], desk.Notices.Rows());
    }

    [Fact]
    public void AdvanceTo_LoanAnonymized_ItsNoticesStayWithThePatronWithoutTheLoan()
    {
        // Returned 31 March: anonymized 60 days later, 30 May; the courtesy notice no longer names L1.
        var returned = OnLoan().CheckIn(Middlemarch, Local(2026, 3, 31, 12, 0)).Ok();

        Assert.Equal("L1", Assert.Single(returned.AdvanceTo(Local(2026, 5, 30, 11, 59)).Notices).LoanId);
        var notice = Assert.Single(returned.AdvanceTo(Local(2026, 5, 30, 12, 0)).Notices);
        Assert.Null(notice.LoanId);
        Assert.Equal((NoticeType.Courtesy, Courtesy), (notice.Type, notice.At));
    }

    [Fact]
    public void CheckIn_AtTheOverdueInstant_TheNoticeIsDecidedBeforeTheEvent()
    {
        var overdue = Local(2026, 3, 31, 23, 59, 59);

        var desk = OnLoan().CheckIn(Middlemarch, overdue).Ok();

        Assert.Equal([LoanNotice(NoticeType.Courtesy, Courtesy), LoanNotice(NoticeType.Overdue, overdue)], desk.Notices.Rows());
    }

    [Fact]
    public void ClaimReturned_NoOverdueNoticesAndNoAgingAfter()
    {
        var desk = OnLoan().ClaimReturned(Middlemarch, Local(2026, 4, 1, 9, 0)).Ok().AdvanceTo(Local(2026, 9, 1, 0, 0));

        Assert.Equal(
            [LoanNotice(NoticeType.Courtesy, Courtesy), LoanNotice(NoticeType.Overdue, Local(2026, 3, 31, 23, 59, 59))],
            desk.Notices.Rows());
    }

    [Fact]
    public void Renew_AfterTheCourtesyNotice_ScheduleRestartsFromTheNewDueAndWhatWasSentStays()
    {
        var desk = OnLoan().Renew(Middlemarch, Local(2026, 3, 29, 12, 0)).Ok().AdvanceTo(Local(2026, 5, 12, 0, 0));

        // New due: 29 March + 28 days = 26 April 23:59:59.
        Assert.Equal(Local(2026, 4, 26, 23, 59, 59), desk.Loan("L1").DueAt);
        Assert.Equal(
            [
                LoanNotice(NoticeType.Courtesy, Courtesy),
                LoanNotice(NoticeType.Courtesy, Local(2026, 4, 24, 23, 59, 59)),
                LoanNotice(NoticeType.Overdue, Local(2026, 4, 27, 23, 59, 59)),
                LoanNotice(NoticeType.Overdue, Local(2026, 5, 3, 23, 59, 59)),
                LoanNotice(NoticeType.Overdue, Local(2026, 5, 10, 23, 59, 59)),
            ],
            desk.Notices.Rows());
    }

    [Fact]
    public void Renew_AtTheCourtesyInstant_TheOldCourtesyIsSentFirst()
    {
        var desk = OnLoan().Renew(Middlemarch, Courtesy).Ok();

        Assert.Equal([LoanNotice(NoticeType.Courtesy, Courtesy)], desk.Notices.Rows());
        Assert.Equal(Local(2026, 4, 25, 23, 59, 59), desk.Loan("L1").DueAt);
    }

    [Fact]
    public void PlaceRequest_Recall_ScheduleRestartsFromTheRecalledDue()
    {
        var desk = OnLoan().PlaceRequest("R1", Faculty, Middlemarch, Local(2026, 3, 5, 15, 30)).Ok().AdvanceTo(Local(2026, 4, 3, 0, 0));

        Assert.Equal(
            [
                LoanNotice(NoticeType.Courtesy, Local(2026, 3, 17, 15, 30)),
                LoanNotice(NoticeType.Overdue, Local(2026, 3, 20, 15, 30)),
                LoanNotice(NoticeType.Overdue, Local(2026, 3, 26, 15, 30)),
                LoanNotice(NoticeType.Overdue, Local(2026, 4, 2, 15, 30)),
            ],
            desk.Notices.Rows());
    }

    [Fact]
    public void PlaceRequest_RecallAfterTheCourtesy_SentCourtesyStaysAndTheNewOneBeforeTheRecallIsNotSent()
    {
        var recalledAt = Local(2026, 3, 29, 0, 0);

        var desk = OnLoan(("\"returnWithin\": \"P14D\"", "\"returnWithin\": \"P1D\""))
            .PlaceRequest("R1", Faculty, Middlemarch, recalledAt).Ok()
            .AdvanceTo(Local(2026, 4, 1, 0, 0));

        // Recalled due: 30 March 00:00; its courtesy (28 March 00:00) is before the recall, so never sent.
        Assert.Equal(Local(2026, 3, 30, 0, 0), desk.Loan("L1").DueAt);
        Assert.Equal([LoanNotice(NoticeType.Courtesy, Courtesy), LoanNotice(NoticeType.Overdue, Local(2026, 3, 31, 0, 0))], desk.Notices.Rows());
    }

    [Fact]
    public void PlaceRequest_NoticeExactlyAtTheRecallInstant_IsNotSent()
    {
        var recalledAt = Local(2026, 3, 10, 12, 0);

        var desk = OnLoan(("\"returnWithin\": \"P14D\"", "\"returnWithin\": \"P2D\""))
            .PlaceRequest("R1", Faculty, Middlemarch, recalledAt).Ok()
            .AdvanceTo(Local(2026, 3, 14, 0, 0));

        // Recalled due 12 March 12:00; courtesy at due - P2D is the recall instant itself: not after it.
        Assert.Equal([LoanNotice(NoticeType.Overdue, Local(2026, 3, 13, 12, 0))], desk.Notices.Rows());
    }

    [Fact]
    public void AdvanceTo_AgedToLost_LostItemBillThenAFineFeeNoticePerFee()
    {
        var lostAt = Local(2026, 5, 14, 23, 59, 59); // due + P45D

        var desk = OnLoan().AdvanceTo(lostAt);

        var atLoss = desk.Notices.Where(n => n.At == lostAt).ToList();
        Assert.Equal(
            [(NoticeType.LostItemBill, (string?)null), (NoticeType.FineFee, "F1"), (NoticeType.FineFee, "F2")],
            atLoss.Select(n => (n.Type, n.TransactionId)));
        Assert.All(atLoss, n => Assert.Equal((SpecialBorrower, "L1"), (n.PatronId, n.LoanId)));
        Assert.Equal(
            [(FineFeeType.LostItemReplacementFee, 100.00m), (FineFeeType.LostItemProcessFee, 10.00m)],
            desk.FinesFees.Select(r => (r.Type, r.Original.Amount)));
    }

    [Fact]
    public void CheckIn_LateReserve_FineFeeNoticeOnlyWhenAccrualStops()
    {
        var accruing = Open().CheckOut(SpecialBorrower, ChemistryReserve, MondayMorning).Ok().AdvanceTo(Local(2026, 3, 2, 15, 0));
        Assert.True(Assert.Single(accruing.FinesFees).IsAccruing);
        Assert.Empty(accruing.Notices);

        var returned = Local(2026, 3, 2, 15, 30);
        var desk = accruing.CheckIn(ChemistryReserve, returned).Ok();

        var notice = Assert.Single(desk.Notices);
        Assert.Equal((NoticeType.FineFee, SpecialBorrower, returned, "L1", "F1"), (notice.Type, notice.PatronId, notice.At, notice.LoanId, notice.TransactionId));
    }

    [Fact]
    public void Charge_ManualCharge_AlwaysGetsAFineFeeNotice()
    {
        var charged = Local(2026, 3, 3, 14, 0);

        var desk = Open().Charge(VisitingResearcher, FineFeeType.CardRenewal, new Money(15m, "USD"), null, charged).Ok();

        var notice = Assert.Single(desk.Notices);
        Assert.Equal((NoticeType.FineFee, VisitingResearcher, charged, (string?)null, "F1"), (notice.Type, notice.PatronId, notice.At, notice.LoanId, notice.TransactionId));
    }

    [Fact]
    public void PlaceRequest_TermsWithoutNoticesBlock_RequestNoticesStillSent()
    {
        var placed = Local(2026, 3, 3, 11, 0);

        var desk = Open().PlaceRequest("R1", Faculty, DepositoryVolume, placed).Ok().AdvanceTo(Local(2026, 3, 10, 0, 0));

        Assert.Equal(
            [(NoticeType.RequestAvailable, Faculty, placed, null, "R1"), (NoticeType.RequestCancelled, Faculty, Local(2026, 3, 6, 11, 0), null, "R1")],
            desk.Notices.Rows());
    }

    [Fact]
    public void AdvanceTo_TermsWithoutNoticesBlock_NoLoanNotices()
    {
        var desk = Open().CheckOut(SpecialBorrower, DepositoryVolume, MondayMorning).Ok().AdvanceTo(Local(2026, 6, 1, 0, 0));

        Assert.Empty(desk.Notices);
    }

    [Fact]
    public void AdvanceTo_InSteps_SameNoticesAsAtOnce()
    {
        var start = OnLoan();
        var stepped = start;
        foreach (var at in new[] { Courtesy, Courtesy, Due, Local(2026, 4, 6, 23, 59, 59), Local(2026, 5, 20, 0, 0) })
        {
            stepped = stepped.AdvanceTo(at);
        }

        var once = start.AdvanceTo(Local(2026, 5, 20, 0, 0));

        Assert.Equal(once.Notices, stepped.Notices);
        Assert.Equal(7, once.Notices.Count);
    }

    [Fact]
    public void Replay_NoticesAtOneInstant_LoanNoticesInLoanOrderThenNoLoanThenRequests()
    {
        const string events = """
            { "at": "2026-03-02T10:00:00-05:00", "type": "checkOut", "patron": "10000025", "item": "32044000000001" },
            { "at": "2026-03-02T10:00:00-05:00", "type": "checkOut", "patron": "10000021", "item": "32044000000003" },
            { "at": "2026-03-02T10:00:00-05:00", "type": "checkOut", "patron": "10000025", "item": "32044000000002" },
            { "at": "2026-03-02T10:30:00-05:00", "type": "placeRequest", "patron": "10000021", "item": "32044000000002" },
            { "at": "2026-03-31T23:59:59-04:00", "type": "checkIn", "item": "32044000000002" },
            { "at": "2026-03-31T23:59:59-04:00", "type": "charge", "patron": "10000021", "feeType": "other", "amount": "5.00" }
            """;

        var report = ReturnListTests.Replay(events, "2026-03-31T23:59:59-04:00");

        var at = Instant.FromUtc(2026, 4, 1, 3, 59, 59);
        Assert.Equal(
            [
                ("10000025", "overdue", "L1", null),
                ("10000021", "overdue", "L2", null),
                ("10000025", "fineFee", "L3", null),
                ("10000021", "fineFee", null, null),
                ("10000021", "requestAvailable", null, "R1"),
            ],
            report.Notices.Where(n => n.At == at).Select(n => (n.Patron, n.Type, n.Loan, n.Request)));
    }
}

public class AttachmentTests
{
    [Fact]
    public void Attachments_AfterOverdueAndLost_ListsThePatronsNoticesInTimeOrder()
    {
        var desk = DeskFixtures.Open().CheckOut(DeskFixtures.SpecialBorrower, DeskFixtures.Middlemarch, DeskFixtures.MondayMorning).Ok();
        var lost = desk.DeclareLost(DeskFixtures.Middlemarch, DeskFixtures.MondayMorning + NodaTime.Duration.FromDays(40)).Ok();

        var attachments = lost.Attachments(DeskFixtures.SpecialBorrower);

        Assert.Equal(
            ["courtesy", "overdue", "overdue", "lostItemBill", "fineFee", "fineFee"],
            attachments.Select(n => Harvard.Circulation.Notices.NoticeSpellings.ToSpelling(n.Type)));
        Assert.Empty(lost.Attachments(DeskFixtures.Faculty));
        Assert.True(attachments.Zip(attachments.Skip(1)).All(p => p.First.At <= p.Second.At));
    }
}
