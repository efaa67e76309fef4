using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>A counter-example of the advancing property, kept as an example: a capped fine still accruing must
/// read the same whether the desk was asked about it on the way or not.</summary>
public class AccrualRegressionTests
{
    [Fact]
    public void AdvanceTo_CappedFineAskedOnTheWay_SameExplanationAsAdvancingOnce()
    {
        var desk = Open().CheckOut(SpecialBorrower, ChemistryReserve, MondayMorning).Ok();
        var wednesday = Local(2026, 3, 4, 18, 0);

        var once = desk.AdvanceTo(wednesday);
        var stepped = desk.AdvanceTo(Local(2026, 3, 3, 18, 0)).AdvanceTo(wednesday);

        var fine = Assert.Single(once.FinesFees);
        Assert.Equal(45.00m, fine.Original.Amount);
        Assert.Equal(fine.Explanation, Assert.Single(stepped.FinesFees).Explanation);
        Assert.Equal(fine, stepped.FinesFees[0]);
    }
}
