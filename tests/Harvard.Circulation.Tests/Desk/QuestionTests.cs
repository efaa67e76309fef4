using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Testing;
using NodaTime;
using static Harvard.Circulation.Tests.Desk.DeskFixtures;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>The everyday questions, one call each: may a patron borrow an item, when is a loan due, what does a loan
/// owe, what does a patron owe — answered as the desk would act, at the desk's instant or later, in sentences.</summary>
public class QuestionTests
{
    [Fact]
    public void MayBorrow_Allowed_GivesTheDueACheckOutGetsAndSaysWhy()
    {
        var desk = Open();

        var answer = desk.MayBorrow(SpecialBorrower, Middlemarch, MondayMorning);
        var loan = desk.CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok().OpenLoanOf(Middlemarch)!;

        Assert.True(answer.IsAllowed);
        Assert.Equal(loan.DueAt, answer.DueAt);
        Assert.StartsWith(
            $"Patron {SpecialBorrower} may borrow item {Middlemarch} at {MondayMorning}: rule 'default' matched and gives terms 'regular'; "
            + $"it would be due {loan.DueAt}. Rule 'reserves' did not match on itemPolicy (",
            answer.Explain(), StringComparison.Ordinal);
        Assert.Contains(" Rule 'depository' did not match on itemPolicy (", answer.Explain(), StringComparison.Ordinal);
        Assert.Equal(answer.Explain(), answer.ToString());
    }

    [Fact]
    public void MayBorrow_Refused_NamesEveryReasonAndNoDue()
    {
        var desk = Open().CheckOut(Faculty, Middlemarch, MondayMorning).Ok();

        var answer = desk.MayBorrow(SpecialBorrower, Middlemarch, MondayMorning);

        Assert.False(answer.IsAllowed);
        Assert.Null(answer.DueAt);
        Assert.StartsWith($"Patron {SpecialBorrower} may not borrow item {Middlemarch} at {MondayMorning}: Item {Middlemarch} is already on loan (L1).", answer.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void MayBorrow_Later_SeesWhatThePolicyMakesHappenByThen()
    {
        // The reserve is due three hours after check-out; two days later the faculty member's fine has arisen. The
        // item on loan answers the same; the question does not change the desk.
        var desk = Open().CheckOut(Faculty, ChemistryReserve, MondayMorning).Ok();
        var later = MondayMorning + Duration.FromDays(2);

        var now = desk.BalanceOf(Faculty, MondayMorning);
        var then = desk.BalanceOf(Faculty, later);

        Assert.True(now.Active.IsZero);
        Assert.Equal(desk.AdvanceTo(later).ActiveBalance(Faculty), then.Active);
        Assert.True(then.Active.IsPositive);
        Assert.Equal(then.Active, then.Accruing);
        Assert.True(then.Payable.IsZero);
        Assert.Equal(MondayMorning, desk.Now);
    }

    [Fact]
    public void Questions_BeforeTheDesksInstant_AreRefusedLoudly()
    {
        var desk = Open().AdvanceTo(MondayMorning + Duration.FromDays(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => desk.MayBorrow(SpecialBorrower, Middlemarch, MondayMorning));
        Assert.Throws<ArgumentOutOfRangeException>(() => desk.BalanceOf(SpecialBorrower, MondayMorning));
        Assert.Throws<ArgumentException>(() => desk.DueDateOf("L9"));
    }

    [Fact]
    public void DueDateOf_CheckOutRenewalAndRecall_SaysWhatSetIt()
    {
        var desk = Open().CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok();
        var checkedOut = desk.DueDateOf("L1");
        Assert.Equal(DueDateSetBy.CheckOut, checkedOut.SetBy);
        Assert.Equal(desk.FindLoan("L1")!.DueAt, checkedOut.DueAt);
        Assert.Equal(checkedOut.DueAt, checkedOut.Calculation!.Due);
        Assert.StartsWith($"Loan L1 is due {checkedOut.DueAt}. It was checked out at {MondayMorning} under rule 'default', terms 'regular': P28D (endOfDay) from then gives ",
            checkedOut.Explain(), StringComparison.Ordinal);

        var renewedAt = MondayMorning + Duration.FromDays(3);
        var renewed = desk.Renew(Middlemarch, renewedAt).Ok();
        var afterRenewal = renewed.DueDateOf("L1");
        Assert.Equal(DueDateSetBy.Renewal, afterRenewal.SetBy);
        Assert.Equal(renewedAt, afterRenewal.SetAt);
        Assert.Equal(renewed.FindLoan("L1")!.DueAt, afterRenewal.Calculation!.Due);
        Assert.Contains("It was renewed at " + renewedAt + " (1 renewal so far)", afterRenewal.Explain(), StringComparison.Ordinal);

        var recalledAt = renewedAt + Duration.FromDays(1);
        var recalled = renewed.PlaceRequest("R1", Faculty, Middlemarch, recalledAt).Ok();
        var afterRecall = recalled.DueDateOf("L1");
        Assert.Equal(DueDateSetBy.Recall, afterRecall.SetBy);
        Assert.Equal(recalled.FindLoan("L1")!.DueAt, afterRecall.DueAt);
        Assert.Null(afterRecall.Calculation);
        Assert.Contains("A request recalled it at " + recalledAt, afterRecall.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void FineOf_OverdueReserve_AccruesToTheInstantAndExplainsIt()
    {
        var desk = Open().CheckOut(Faculty, ChemistryReserve, MondayMorning).Ok();
        var at = MondayMorning + Duration.FromHours(8);

        var answer = desk.FineOf("L1", at);
        var advanced = desk.AdvanceTo(at);

        Assert.Equal(advanced.FindFineFee("F1")!.Balance, answer.Balance);
        Assert.Equal(advanced.AccrualOf(advanced.FindLoan("L1")!, at), answer.CurrentPeriod);
        var record = Assert.Single(answer.FinesFees);
        Assert.True(record.IsAccruing);
        Assert.StartsWith($"Loan L1 (onLoan) owes {answer.Balance.ToAmountString()} USD at {at}. F1: overdueFine of ", answer.Explain(), StringComparison.Ordinal);
        Assert.Contains("The current overdue period: overdue ", answer.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void BalanceOf_BlockedPatron_NamesTheBlock()
    {
        var policy = Policy(("{ \"code\": \"21\", \"name\": \"Faculty (Proxy)\" }", "{ \"code\": \"21\", \"name\": \"Faculty (Proxy)\", \"maxBalance\": \"5.00\" }"));
        var desk = Open(policy).CheckOut(Faculty, ChemistryReserve, MondayMorning).Ok();

        var answer = desk.BalanceOf(Faculty, MondayMorning + Duration.FromDays(1));

        Assert.True(answer.IsBlocked);
        Assert.Equal([RefusalCodes.MaxBalance], answer.Blocks.Select(b => b.Code));
        Assert.Contains("A block applies: Patron " + Faculty + " has an active balance of", answer.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void MayBorrow_AtAFractionOfASecond_QuotesTheInstantsWithTheirFraction()
    {
        // A whole-second quote would read 15:00:00Z for an instant 1 ns later.
        var at = MondayMorning.PlusNanoseconds(1);

        var allowed = Open().MayBorrow(Faculty, ChemistryReserve, at);
        var refused = Open().CheckOut(Faculty, Middlemarch, MondayMorning).Ok().MayBorrow(SpecialBorrower, Middlemarch, at);

        Assert.Equal(
            $"Patron {Faculty} may borrow item {ChemistryReserve} at 2026-03-02T15:00:00.000000001Z: rule 'reserves' matched and gives terms 'reserve-3h'; "
            + "it would be due 2026-03-02T18:00:00.000000001Z.",
            allowed.Explain());
        Assert.StartsWith($"Patron {SpecialBorrower} may not borrow item {Middlemarch} at 2026-03-02T15:00:00.000000001Z: Item {Middlemarch} is already on loan (L1).",
            refused.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void DueDateOf_AtAFractionOfASecond_QuotesTheInstantsWithTheirFraction()
    {
        var checkedOut = Open().CheckOut(Faculty, ChemistryReserve, MondayMorning + Duration.FromMilliseconds(750)).Ok();
        Assert.Equal(
            "Loan L1 is due 2026-03-02T18:00:00.75Z. It was checked out at 2026-03-02T15:00:00.75Z under rule 'reserves', terms 'reserve-3h': "
            + "PT3H (exact) from then gives 2026-03-02T18:00:00.75Z; 2026-03-02 13:00:00 -05 is within the open hours of WID: the due stays.",
            checkedOut.DueDateOf("L1").Explain());

        var renewed = Open().CheckOut(SpecialBorrower, Middlemarch, MondayMorning).Ok()
            .Renew(Middlemarch, MondayMorning + Duration.FromDays(3) + Duration.FromNanoseconds(1)).Ok();
        Assert.Contains("It was renewed at 2026-03-05T15:00:00.000000001Z (1 renewal so far)", renewed.DueDateOf("L1").Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void FineOfAndBalanceOf_AtAFractionOfASecond_QuoteTheInstantWithItsFraction()
    {
        var desk = Open().CheckOut(Faculty, ChemistryReserve, MondayMorning).Ok();
        var at = MondayMorning + Duration.FromHours(8) + Duration.FromMilliseconds(500);

        var fine = desk.FineOf("L1", at);
        var balance = desk.BalanceOf(Faculty, at);

        Assert.StartsWith($"Loan L1 (onLoan) owes {fine.Balance.ToAmountString()} USD at 2026-03-02T23:00:00.5Z. F1: overdueFine of ", fine.Explain(), StringComparison.Ordinal);
        Assert.StartsWith($"Patron {Faculty} owes {balance.Active.ToAmountString()} USD at 2026-03-02T23:00:00.5Z, of which ", balance.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Questions_BeforeTheDesksInstantByAFraction_NameTheDesksInstantWithIt()
    {
        var desk = Open().AdvanceTo(MondayMorning.PlusNanoseconds(1));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => desk.BalanceOf(SpecialBorrower, MondayMorning));

        Assert.StartsWith("The desk is at 2026-03-02T15:00:00.000000001Z; a question is asked at that instant or later.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdvanceTo_BackByAFractionOfASecond_NamesBothInstantsApart()
    {
        var desk = Open().AdvanceTo(MondayMorning.PlusNanoseconds(1));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => desk.AdvanceTo(MondayMorning));

        Assert.StartsWith("The desk is at 2026-03-02T15:00:00.000000001Z; it cannot go back to 2026-03-02T15:00:00Z.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>For generated runs, at any event: the questions asked at the event's instant (or later) answer what
    /// the desk then does — a check-out's decision, reasons and due instant; a patron's balance and blocks.</summary>
    [Property(MaxTest = 300)]
    public Property Questions_AtAnyLaterInstant_AnswerWhatTheDeskDoes() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var (scenario, split, patronIndex, itemIndex, hoursLater) = c;
            if (scenario.Patrons.Count == 0 || scenario.Items.Count == 0)
            {
                return true.ToProperty();
            }

            var desk = SnapshotProperties.Run(SnapshotProperties.Open(scenario), scenario.Events.Take(split));
            var patron = scenario.Patrons[patronIndex % scenario.Patrons.Count].PrimaryId;
            var item = scenario.Items[itemIndex % scenario.Items.Count].Barcode;
            var at = desk.Now + Duration.FromHours(hoursLater);

            var answer = desk.MayBorrow(patron, item, at);
            var balance = desk.BalanceOf(patron, at);
            var advanced = desk.AdvanceTo(at);
            var done = advanced.CheckOut(patron, item, at);
            var label = $"patron {patron}, item {item}, {hoursLater} hours after event {split}";
            return (answer.IsAllowed == done.IsAllowed).Label($"{label}: may borrow {answer.IsAllowed}, check-out {done.IsAllowed}")
                .And(answer.Reasons.Select(r => r.Message).SequenceEqual(done.Reasons.Select(r => r.Message))).Label(label + ": reasons differ")
                .And(!done.IsAllowed || answer.DueAt == done.Value.OpenLoanOf(item)!.DueAt).Label(label + ": due differs")
                .And(balance.Active == advanced.ActiveBalance(patron)).Label(label + ": balance differs")
                .And(balance.Blocks.SequenceEqual(advanced.Blocks(patron))).Label(label + ": blocks differ");
        });

    private static Gen<(Scenario, int, int, int, int)> Cases() =>
        from generated in CirculationGenerators.Scenario()
        from split in Gen.Choose(0, generated.Scenario.Events.Count)
        from patron in Gen.Choose(0, 20)
        from item in Gen.Choose(0, 20)
        from hours in Gen.Elements(0, 1, 5, 30, 24 * 10, 24 * 60)
        select (generated.Scenario, split, patron, item, hours);
}
