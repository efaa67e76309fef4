using Harvard.Circulation.Fines;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Fines;

/// <summary>The stop of an overdue fine's accrual in words, as appended to the fine's explanation.</summary>
public class AccrualStopTests
{
    [Fact]
    public void Explain_WholeSecond_QuotesTheInstantWithoutAFraction() =>
        Assert.Equal(
            "; accrual stopped at 2026-03-02T16:30:00Z: the item was checked in",
            new AccrualStop(Instant.FromUtc(2026, 3, 2, 16, 30), AccrualStopReason.CheckIn, Forgiven: false).Explain());

    [Fact]
    public void Explain_AFractionOfASecond_QuotesTheInstantWithIt() =>
        Assert.Equal(
            "; accrual stopped at 2026-03-02T16:30:00.000000001Z: the item was marked Lost, and the fine was forgiven",
            new AccrualStop(Instant.FromUtc(2026, 3, 2, 16, 30).PlusNanoseconds(1), AccrualStopReason.DeclareLost, Forgiven: true).Explain());

    [Fact]
    public void FineExplanation_CheckedInAtAFractionOfASecond_EndsWithTheStopAtThatInstant()
    {
        var checkedIn = MondayMorning + Duration.FromHours(8) + Duration.FromMilliseconds(750);
        var desk = Open().CheckOut(Faculty, ChemistryReserve, MondayMorning).Ok().CheckIn(ChemistryReserve, checkedIn).Ok();

        Assert.EndsWith("; accrual stopped at 2026-03-02T23:00:00.75Z: the item was checked in", desk.FindFineFee("F1")!.Explanation, StringComparison.Ordinal);
    }
}
