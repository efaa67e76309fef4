using Harvard.Circulation.Fines;

namespace Harvard.Circulation.Tests.Fines;

// The guide's Fines/Fees tab: search by title or transaction id, filter by type and status, any combination.
public partial class LedgerTests
{
    private static string[] Ids(IEnumerable<FineFee> records) => records.Select(r => r.TransactionId).ToArray();

    [Fact]
    public void Query_TitleAnyCase_ContainsMatch() =>
        Assert.Equal(["F2"], Ids(FacultyLedger().Query(new FineFeeQuery(search: "MIDDLE"))));

    [Fact]
    public void Query_LetterInsideTitles_MatchesEveryRecordContainingIt() =>
        Assert.Equal(["F2", "F3"], Ids(FacultyLedger().Query(new FineFeeQuery(search: "A"))));

    [Fact]
    public void Query_TransactionId_ExactMatchOnly()
    {
        Assert.Equal(["F3"], Ids(FacultyLedger().Query(new FineFeeQuery(search: "F3"))));
        Assert.Empty(FacultyLedger().Query(new FineFeeQuery(search: "f3")));
    }

    [Fact]
    public void Query_Type_OnlyThatType() =>
        Assert.Equal(["F1", "F2"], Ids(FacultyLedger().Query(new FineFeeQuery(type: FineFeeType.OverdueFine))));

    [Fact]
    public void Query_Status_OnlyThatStatus()
    {
        var ledger = FacultyLedger().Dispute("F3", Later).Value;

        Assert.Equal(["F3"], Ids(ledger.Query(new FineFeeQuery(status: FineFeeStatus.InDispute))));
        Assert.Equal(["F1", "F2", "F4"], Ids(ledger.Query(new FineFeeQuery(status: FineFeeStatus.Active))));
    }

    [Fact]
    public void Query_Combined_EveryFilterHolds()
    {
        var ledger = FacultyLedger().Waive("F2", null, Later).Value;

        Assert.Equal(["F2"], Ids(ledger.Query(new FineFeeQuery(Faculty, "middlemarch", FineFeeType.OverdueFine, FineFeeStatus.Closed))));
        Assert.Empty(ledger.Query(new FineFeeQuery(Faculty, "middlemarch", FineFeeType.OverdueFine, FineFeeStatus.Active)));
        Assert.Empty(ledger.Query(new FineFeeQuery(Student, "middlemarch")));
    }

    [Fact]
    public void Query_NoFilters_EveryRecordInOrder() =>
        Assert.Equal(["F1", "F2", "F3", "F4"], Ids(FacultyLedger().Query(new FineFeeQuery())));

    [Fact]
    public void Query_Patron_OnlyTheirRecords() =>
        Assert.Equal(["F4"], Ids(FacultyLedger().Query(new FineFeeQuery(patronId: Student))));
}
