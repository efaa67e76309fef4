using Harvard.Circulation.Desk;
using Harvard.Circulation.Items;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Requests;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>Requests (domain.md §4): the queue, the hold shelf, expiry, fulfilment and cancelling.</summary>
public class RequestTests
{
    private static readonly Instant FacultyRequests = Local(2026, 3, 5, 15, 30);
    private static readonly Instant ResearcherRequests = Local(2026, 3, 6, 9, 0);
    private static readonly Instant CheckedIn = Local(2026, 3, 10, 12, 0);

    /// <summary>Middlemarch on loan to the special borrower since Monday 2 March; the faculty proxy's R1 then the
    /// visiting researcher's R2 wait for it.</summary>
    private static CirculationDesk TwoRequestsWaiting() => Open()
        .CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok()
        .PlaceRequest("R1", Faculty, Middlemarch, FacultyRequests).Ok()
        .PlaceRequest("R2", VisitingResearcher, Middlemarch, ResearcherRequests).Ok();

    private static CirculationDesk OnHoldShelf() => TwoRequestsWaiting().CheckIn(Middlemarch, CheckedIn).Ok();

    private static Request RequestOf(CirculationDesk desk, string id) => desk.Requests.Single(r => r.Id == id);

    [Fact]
    public void PlaceRequest_ItemOnLoan_WaitsWithNoExpiry()
    {
        var desk = TwoRequestsWaiting();

        Assert.Equal(["R1", "R2"], desk.Requests.Select(r => r.Id));
        Assert.All(desk.Requests, r => Assert.Equal((RequestStatus.Waiting, (Instant?)null), (r.Status, r.ExpiresAt)));
        Assert.DoesNotContain(desk.Notices, n => n.RequestId is not null);
    }

    [Fact]
    public void CheckIn_RequestedItem_FirstRequestToHoldShelfWithRequestAvailable()
    {
        var desk = OnHoldShelf();

        var r1 = RequestOf(desk, "R1");
        Assert.Equal(RequestStatus.OnHoldShelf, r1.Status);
        Assert.Equal(CheckedIn, r1.OnHoldShelfAt);
        Assert.Equal(Local(2026, 3, 17, 12, 0), r1.ExpiresAt);
        Assert.Equal(RequestStatus.Waiting, RequestOf(desk, "R2").Status);
        Assert.Equal([(NoticeType.RequestAvailable, Faculty, CheckedIn, (string?)null, (string?)"R1")], desk.Notices.Where(n => n.RequestId is not null).Rows());
    }

    [Fact]
    public void AdvanceTo_OneTickBeforePickupWithin_StillOnHoldShelf()
    {
        var desk = OnHoldShelf().AdvanceTo(Local(2026, 3, 17, 12, 0) - Duration.Epsilon);

        Assert.Equal(RequestStatus.OnHoldShelf, RequestOf(desk, "R1").Status);
        Assert.Equal(RequestStatus.Waiting, RequestOf(desk, "R2").Status);
    }

    [Fact]
    public void AdvanceTo_PickupWithinElapsed_ExpiresWithNoticeAndNextMovesUpAtThatInstant()
    {
        var expires = Local(2026, 3, 17, 12, 0);

        var desk = OnHoldShelf().AdvanceTo(expires + Duration.FromDays(1));

        var r1 = RequestOf(desk, "R1");
        var r2 = RequestOf(desk, "R2");
        Assert.Equal((RequestStatus.Expired, expires, (Instant?)expires), (r1.Status, r1.ClosedAt, r1.ExpiresAt));
        Assert.Equal((RequestStatus.OnHoldShelf, (Instant?)expires, (Instant?)Local(2026, 3, 24, 12, 0)), (r2.Status, r2.OnHoldShelfAt, r2.ExpiresAt));
        Assert.Equal(
            [
                (NoticeType.RequestAvailable, Faculty, CheckedIn, null, "R1"),
                (NoticeType.RequestCancelled, Faculty, expires, null, "R1"),
                (NoticeType.RequestAvailable, VisitingResearcher, expires, null, "R2"),
            ],
            desk.Notices.Where(n => n.RequestId is not null).Rows());
    }

    [Fact]
    public void CheckOut_ByTheRequester_FulfilsTheRequest()
    {
        var pickedUp = Local(2026, 3, 11, 14, 0);

        var desk = OnHoldShelf().CheckOut(Faculty, Middlemarch, pickedUp).Ok();

        var r1 = RequestOf(desk, "R1");
        Assert.Equal((RequestStatus.Fulfilled, (Instant?)pickedUp, (Instant?)Local(2026, 3, 17, 12, 0)), (r1.Status, r1.ClosedAt, r1.ExpiresAt));
        Assert.Equal(Faculty, desk.Loan("L2").PatronId);
        Assert.Equal(RequestStatus.Waiting, RequestOf(desk, "R2").Status);
    }

    [Fact]
    public void CheckOut_ByAnotherPatronWhileOnHoldShelf_IsRefused()
    {
        var decision = OnHoldShelf().CheckOut(VisitingResearcher, Middlemarch, Local(2026, 3, 11, 14, 0));

        var refusal = decision.Refused();
        Assert.Equal(RefusalCodes.OnHoldShelfForAnotherPatron, refusal.Code);
        Assert.Equal("Item 32044000000001 is on the hold shelf for another patron's request (R1).", refusal.Message);
        Assert.Null(decision.Result.OpenLoanOf(Middlemarch));
    }

    [Fact]
    public void CheckIn_AfterTheFirstRequesterReturnsIt_NextRequestInOrderPlacedMovesUp()
    {
        var returned = Local(2026, 3, 20, 16, 0);

        var desk = OnHoldShelf().CheckOut(Faculty, Middlemarch, Local(2026, 3, 11, 14, 0)).Ok().CheckIn(Middlemarch, returned).Ok();

        var r2 = RequestOf(desk, "R2");
        Assert.Equal((RequestStatus.OnHoldShelf, (Instant?)returned), (r2.Status, r2.OnHoldShelfAt));
    }

    [Fact]
    public void CancelRequest_OnHoldShelfNotifyingTheUser_CancelledNoticeAndNextMovesUp()
    {
        var cancelled = Local(2026, 3, 12, 9, 30);

        var desk = OnHoldShelf().CancelRequest("R1", notifyUser: true, cancelled).Ok();

        Assert.Equal((RequestStatus.Cancelled, (Instant?)cancelled), (RequestOf(desk, "R1").Status, RequestOf(desk, "R1").ClosedAt));
        Assert.Equal((RequestStatus.OnHoldShelf, (Instant?)Local(2026, 3, 19, 9, 30)), (RequestOf(desk, "R2").Status, RequestOf(desk, "R2").ExpiresAt));
        Assert.Equal(
            [(NoticeType.RequestCancelled, Faculty, cancelled, null, "R1"), (NoticeType.RequestAvailable, VisitingResearcher, cancelled, null, "R2")],
            desk.Notices.Where(n => n.At == cancelled).Rows());
    }

    [Fact]
    public void CancelRequest_WithoutNotifyingTheUser_NoCancelledNotice()
    {
        var cancelled = Local(2026, 3, 12, 9, 30);

        var desk = OnHoldShelf().CancelRequest("R1", notifyUser: false, cancelled).Ok();

        Assert.Equal(RequestStatus.Cancelled, RequestOf(desk, "R1").Status);
        Assert.DoesNotContain(desk.Notices, n => n.Type == NoticeType.RequestCancelled);
        Assert.Equal(RequestStatus.OnHoldShelf, RequestOf(desk, "R2").Status);
    }

    [Fact]
    public void CancelRequest_WaitingRequest_NothingMovesUp()
    {
        var desk = TwoRequestsWaiting().CancelRequest("R2", notifyUser: true, Local(2026, 3, 7, 9, 0)).Ok();

        Assert.Equal(RequestStatus.Cancelled, RequestOf(desk, "R2").Status);
        Assert.Equal(RequestStatus.Waiting, RequestOf(desk, "R1").Status);
        Assert.Equal([(NoticeType.RequestCancelled, VisitingResearcher, Local(2026, 3, 7, 9, 0), null, "R2")], desk.Notices.Where(n => n.RequestId is not null).Rows());
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("expired")]
    [InlineData("fulfilled")]
    public void CancelRequest_ClosedRequest_IsRefusedNamingItsStatus(string status)
    {
        var desk = status switch
        {
            "cancelled" => OnHoldShelf().CancelRequest("R1", true, Local(2026, 3, 12, 9, 30)).Ok(),
            "expired" => OnHoldShelf().AdvanceTo(Local(2026, 3, 18, 0, 0)),
            _ => OnHoldShelf().CheckOut(Faculty, Middlemarch, Local(2026, 3, 11, 14, 0)).Ok(),
        };

        var decision = desk.CancelRequest("R1", true, Local(2026, 3, 18, 9, 0));

        var refusal = decision.Refused();
        Assert.Equal(RefusalCodes.RequestNotAllowed, refusal.Code);
        Assert.Equal($"Request R1 is {status}; only a waiting or on-hold-shelf request can be cancelled.", refusal.Message);
        Assert.Equal(desk.Notices.Count, decision.Result.Notices.Count);
    }

    [Fact]
    public void PlaceRequest_ItemOnTheShelf_GoesStraightToTheHoldShelf()
    {
        var placed = Local(2026, 3, 3, 11, 0);

        var desk = Open().PlaceRequest("R1", Faculty, BleakHouse, placed).Ok();

        var r1 = RequestOf(desk, "R1");
        Assert.Equal((RequestStatus.OnHoldShelf, (Instant?)placed, (Instant?)Local(2026, 3, 10, 11, 0)), (r1.Status, r1.OnHoldShelfAt, r1.ExpiresAt));
        Assert.Equal([(NoticeType.RequestAvailable, Faculty, placed, null, "R1")], desk.Notices.Rows());
    }

    [Fact]
    public void PlaceRequest_PickupWithin_ComesFromTheRequestersTerms()
    {
        var placed = Local(2026, 3, 3, 11, 0);

        var desk = Open().PlaceRequest("R1", Faculty, DepositoryVolume, placed).Ok();

        Assert.Equal(Local(2026, 3, 6, 11, 0), RequestOf(desk, "R1").ExpiresAt);
    }

    [Fact]
    public void Renew_AnotherPatronHasAWaitingRequest_IsRefused()
    {
        var desk = Open().CheckOut(SpecialBorrower, DepositoryVolume, MondayMorning).Ok()
            .PlaceRequest("R1", Faculty, DepositoryVolume, FacultyRequests).Ok();

        var decision = desk.Renew(DepositoryVolume, Local(2026, 3, 20, 10, 0));

        var refusal = decision.Refused();
        Assert.Equal(RefusalCodes.RequestedByAnotherPatron, refusal.Code);
        Assert.Equal("Item 32044000000004 has a waiting request by another patron (R1).", refusal.Message);
        Assert.Equal(0, decision.Result.Loan("L1").Renewals);
    }

    [Fact]
    public void Renew_AfterTheOtherPatronsRequestIsCancelled_IsAllowed()
    {
        var desk = Open().CheckOut(SpecialBorrower, DepositoryVolume, MondayMorning).Ok()
            .PlaceRequest("R1", Faculty, DepositoryVolume, FacultyRequests).Ok()
            .CancelRequest("R1", false, Local(2026, 3, 6, 10, 0)).Ok();

        var renewed = desk.Renew(DepositoryVolume, Local(2026, 3, 20, 10, 0)).Ok();

        Assert.Equal(1, renewed.Loan("L1").Renewals);
    }
}
