using Harvard.Circulation.Desk;
using Harvard.Circulation.Loans;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>Patron services sessions (domain.md §5): one patron, 5 idle minutes, one open session per staff member.</summary>
public class SessionTests
{
    private static readonly Instant Scanned = Local(2026, 3, 2, 10, 0);

    private static CirculationDesk WithSession() => Open().OpenSession("S1", Staff, "WID", SpecialBorrower, Scanned).Ok();

    [Fact]
    public void CheckOut_FourMinutesFiftyNineIdle_IsAllowedAndRecordedInTheSession()
    {
        var desk = WithSession().CheckOut(SpecialBorrower, Middlemarch, Scanned + Duration.FromSeconds(299), sessionId: "S1").Ok();

        var session = Assert.Single(desk.Sessions);
        Assert.Equal(["L1"], session.LoanIds);
        Assert.Equal(("S1", "WID"), (desk.Loan("L1").SessionId, desk.Loan("L1").Location));
        Assert.Equal(Scanned + Duration.FromSeconds(299), session.LastActivityAt);
    }

    [Fact]
    public void CheckOut_FiveMinutesIdle_IsRefusedSessionClosed()
    {
        var decision = WithSession().CheckOut(SpecialBorrower, Middlemarch, Scanned + Duration.FromMinutes(5), sessionId: "S1");

        var refusal = decision.Refused();
        Assert.Equal(RefusalCodes.SessionClosed, refusal.Code);
        Assert.Equal("Session S1 closed at 2026-03-02T15:05:00Z; scan the patron again to open a new session.", refusal.Message);
        Assert.Empty(decision.Result.Loans);
    }

    [Fact]
    public void CheckOut_SessionClosedAtAFractionOfASecond_NamesTheInstantWithIt()
    {
        var scanned = Scanned + Duration.FromMilliseconds(750);
        var desk = Open().OpenSession("S1", Staff, "WID", SpecialBorrower, scanned).Ok();

        var refusal = desk.CheckOut(SpecialBorrower, Middlemarch, scanned + Duration.FromMinutes(6), sessionId: "S1").Refused();

        Assert.Equal("Session S1 closed at 2026-03-02T15:05:00.75Z; scan the patron again to open a new session.", refusal.Message);
    }

    [Fact]
    public void CheckOut_ActivityInTheSession_RestartsTheIdleClock()
    {
        var first = Scanned + Duration.FromMinutes(4);
        var desk = WithSession().CheckOut(SpecialBorrower, Middlemarch, first, sessionId: "S1").Ok();

        var allowed = desk.CheckOut(SpecialBorrower, BleakHouse, first + Duration.FromSeconds(299), sessionId: "S1");
        var refused = desk.CheckIn(Middlemarch, first + Duration.FromMinutes(5), sessionId: "S1");

        Assert.True(allowed.IsAllowed);
        Assert.Equal(first + Duration.FromMinutes(5), desk.SessionClosesAt(desk.Sessions[0]));
        Assert.Equal(RefusalCodes.SessionClosed, refused.Refused().Code);
        Assert.Equal(LoanStatus.OnLoan, refused.Result.Loan("L1").Status);
    }

    [Fact]
    public void CheckOut_ForAnotherPatron_IsRefusedWithTheSessionsPatron()
    {
        var decision = WithSession().CheckOut(Faculty, Middlemarch, Scanned + Duration.FromMinutes(1), sessionId: "S1");

        var refusal = decision.Refused();
        Assert.Equal(RefusalCodes.SessionPatronMismatch, refusal.Code);
        Assert.Equal("Session S1 is for patron 10000025; a check-out for another patron is refused in it.", refusal.Message);
        Assert.Empty(decision.Result.Loans);
    }

    [Fact]
    public void CheckIn_ItemLoanedToAnotherPatron_IsRefusedInTheSession()
    {
        var desk = Open().CheckOut(Faculty, Middlemarch, Scanned - Duration.FromDays(1)).Ok()
            .OpenSession("S1", Staff, "WID", SpecialBorrower, Scanned).Ok();

        var decision = desk.CheckIn(Middlemarch, Scanned + Duration.FromMinutes(1), sessionId: "S1");

        Assert.Equal("Session S1 is for patron 10000025; a return for another patron is refused in it.", decision.Refused().Message);
        Assert.True(decision.Result.Loan("L1").IsOpen);
        Assert.Empty(decision.Result.Sessions[0].ReturnIds);
    }

    [Fact]
    public void OpenSession_SameStaffMember_ClosesThePreviousAtThatInstant()
    {
        var second = Scanned + Duration.FromMinutes(2);
        var desk = WithSession()
            .OpenSession("S2", OtherStaff, "WID", Faculty, Scanned + Duration.FromMinutes(1)).Ok()
            .OpenSession("S3", Staff, "WID", VisitingResearcher, second).Ok();

        Assert.Equal(second, desk.SessionClosesAt(desk.Sessions[0]));
        Assert.Equal(second, desk.Sessions[0].ClosedByStaffAt);
        Assert.Null(desk.Sessions[1].ClosedByStaffAt);
        Assert.Equal(RefusalCodes.SessionClosed, desk.CheckOut(SpecialBorrower, Middlemarch, second, sessionId: "S1").Refused().Code);
        Assert.True(desk.CheckOut(Faculty, Middlemarch, second, sessionId: "S2").IsAllowed);
    }

    [Fact]
    public void Sessions_LoansAndReturnsOfThisSession_DifferFromAllLoans()
    {
        var desk = Open().CheckOut(SpecialBorrower, Middlemarch, Scanned - Duration.FromDays(3)).Ok()
            .OpenSession("S1", Staff, "WID", SpecialBorrower, Scanned).Ok()
            .CheckOut(SpecialBorrower, BleakHouse, Scanned + Duration.FromMinutes(1), sessionId: "S1").Ok()
            .CheckIn(Middlemarch, Scanned + Duration.FromMinutes(2), sessionId: "S1").Ok();

        var session = desk.Sessions[0];
        Assert.Equal(["L2"], session.LoanIds);
        Assert.Equal(["L1"], session.ReturnIds);
        Assert.Equal(["L1", "L2"], desk.Loans.Where(l => l.PatronId == SpecialBorrower).Select(l => l.Id));
        Assert.Null(desk.Loan("L1").SessionId);
    }

    [Fact]
    public void OpenSession_ScanningThePatronAgain_OpensANewEmptySession()
    {
        var desk = WithSession()
            .CheckOut(SpecialBorrower, Middlemarch, Scanned + Duration.FromMinutes(1), sessionId: "S1").Ok();
        var later = Scanned + Duration.FromMinutes(20);
        var refused = desk.CheckOut(SpecialBorrower, BleakHouse, later, sessionId: "S1");

        desk = refused.Result.OpenSession("S2", Staff, "WID", SpecialBorrower, later).Ok();

        Assert.Equal(RefusalCodes.SessionClosed, refused.Refused().Code);
        Assert.Empty(desk.Sessions[1].LoanIds);
        Assert.Empty(desk.Sessions[1].ReturnIds);
        desk = desk.CheckOut(SpecialBorrower, BleakHouse, later, sessionId: "S2").Ok();
        Assert.Equal(["L2"], desk.Sessions[1].LoanIds);
        Assert.Equal(["L1"], desk.Sessions[0].LoanIds);
        Assert.Equal(Scanned + Duration.FromMinutes(6), desk.SessionClosesAt(desk.Sessions[0]));
    }

    [Fact]
    public void OpenSession_LocationNotALibraryOfThePolicy_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Open().OpenSession("S1", Staff, "LAM", SpecialBorrower, Scanned));

        Assert.Equal("location", ex.ParamName);
    }
}
