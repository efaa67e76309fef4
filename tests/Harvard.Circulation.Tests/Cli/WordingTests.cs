using Harvard.Circulation.Calendar;
using Harvard.Circulation.Items;
using Harvard.Circulation.Cli;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Text;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Tests.Calendar;
using Harvard.Circulation.Tests.Desk;
using NodaTime;

namespace Harvard.Circulation.Tests.Cli;

/// <summary>
/// The words the text outputs use, pinned against what the engine itself writes: each fine explanation is made
/// by <see cref="OverdueFineCalculator"/> and each refusal by a desk, so a change of the engine's grammar fails
/// here rather than falling back silently to the engine's own wording.
/// </summary>
public sealed class WordingTests
{
    private static readonly Instant Due = CalendarFixtures.At(2026, 1, 5, 13, 0);
    private static readonly InstantText Local = InstantText.Local(CalendarFixtures.NewYork);

    public static TheoryData<string, FineRule, Instant, LibraryCalendar, string> Fines() => new()
    {
        {
            "grace charged (forgiven): the whole time counts", Rule("3.00", FineInterval.Hour, "PT1H", "45.00"), Due + Duration.FromMinutes(187), CalendarFixtures.AlwaysOpen,
            "overdue 3 hours 7 minutes, past the grace of 1 hour, so all of it is charged: 4 started hours at 3.00 USD an hour = 12.00 USD"
        },
        {
            "within the grace", Rule("3.00", FineInterval.Hour, "PT1H", "45.00"), Due + Duration.FromMinutes(45), CalendarFixtures.AlwaysOpen,
            "overdue 45 minutes, within the grace of 1 hour: nothing charged"
        },
        {
            "grace deducted", Rule("1.00", FineInterval.Hour, "PT1H", null, graceDeducted: true), Due + Duration.FromMinutes(61), CalendarFixtures.AlwaysOpen,
            "overdue 1 hour 1 minute, less the grace of 1 hour: 1 minute charged: 1 started hour at 1.00 USD an hour = 1.00 USD"
        },
        {
            "a per-day fine in days, capped", Rule("3.00", FineInterval.Day, "PT0S", "45.00"), Due + Duration.FromDays(16), CalendarFixtures.AlwaysOpen,
            "overdue 16 days: 16 started days at 3.00 USD a day = 48.00 USD, capped at 45.00 USD"
        },
        {
            "a started day counts", Rule("3.00", FineInterval.Day, "PT0S", null), Due + Duration.FromDays(2) + Duration.FromMinutes(1), CalendarFixtures.AlwaysOpen,
            "overdue 2 days 1 minute: 3 started days at 3.00 USD a day = 9.00 USD"
        },
        {
            "closed time left out", Rule("3.00", FineInterval.Hour, "PT1H", "45.00", countClosed: false), CalendarFixtures.At(2026, 1, 6, 10, 0), CalendarFixtures.Widener,
            "overdue 10 hours of opening hours (11 hours while closed not counted), past the grace of 1 hour, so all of it is charged: 10 started hours at 3.00 USD an hour = 30.00 USD"
        },
        {
            "max zero", Rule("1.00", FineInterval.Hour, "PT0S", "0.00"), Due + Duration.FromDays(3), CalendarFixtures.AlwaysOpen,
            "overdue 3 days: 72 started hours at 1.00 USD an hour = 72.00 USD, capped at 0.00 USD: no fine"
        },
        {
            "one minute", Rule("0.10", FineInterval.Minute, "PT0S", null), Due + Duration.FromSeconds(30), CalendarFixtures.AlwaysOpen,
            "overdue 1 minute: 1 started minute at 0.10 USD a minute = 0.10 USD"
        },
    };

    [Theory]
    [MemberData(nameof(Fines))]
    public void FineExplanation_EngineExplanation_IsInWords(string what, FineRule rule, Instant until, LibraryCalendar calendar, string expected)
    {
        var engine = OverdueFineCalculator.Compute(rule, Due, until, calendar).Explain();

        Assert.True(expected == Wording.FineExplanation(engine, Local, "USD"), $"{what}: '{engine}' became '{Wording.FineExplanation(engine, Local, "USD")}'");
    }

    [Fact]
    public void FineExplanation_StoppedAccrual_RewritesTheInstant()
    {
        var engine = "overdue 187 minutes, grace 60 minutes forgiven, 4 intervals of 1 hour at 3.00 = 12.00; accrual stopped at 2026-01-05T21:10:00Z: the item was checked in";

        Assert.Equal(
            "overdue 3 hours 7 minutes, past the grace of 1 hour, so all of it is charged: 4 started hours at 3.00 USD an hour = 12.00 USD; accrual stopped at 2026-01-05 16:10 EST: the item was checked in",
            Wording.FineExplanation(engine, Local, "USD"));
    }

    [Fact]
    public void FineExplanation_UnknownGrammar_IsKeptWithItsInstantsRewritten() =>
        Assert.Equal("not overdue: nothing charged at 2026-01-05 16:10 EST", Wording.FineExplanation("not overdue: nothing charged at 2026-01-05T21:10:00Z", Local, "USD"));

    [Fact]
    public void Refusal_RenewOfAClaimedReturnedLoan_IsInWords()
    {
        var engine = LoanStateMachine.NotAllowed("L1", LoanStatus.ClaimedReturned, LoanTrigger.Renew).Message;

        Assert.Equal("renew is not allowed on loan L1: it is claimedReturned.", engine);
        Assert.Equal("Renew is not allowed on loan L1: it is claimed returned.", Wording.Refusal(engine, Local, "USD"));
    }

    [Fact]
    public void Refusal_ClaimOfALostLoan_IsInWords() =>
        Assert.Equal(
            "Claim returned is not allowed on loan L2: it is lost. Mark it found first.",
            Wording.Refusal(LoanStateMachine.NotAllowed("L2", LoanStatus.Lost, LoanTrigger.ClaimReturned).Message, Local, "USD"));

    [Fact]
    public void Refusal_AmountsAndInstants_CarryCurrencyAndLocalTime()
    {
        Assert.Equal(
            "A payment of 5.00 USD is more than patron 10000001 can pay now (3.00 USD: active fines/fees whose accrual has stopped).",
            Wording.Refusal("A payment of 5.00 is more than patron 10000001 can pay now (3.00: active fines/fees whose accrual has stopped).", Local, "USD"));
        Assert.Equal(
            "Session S1 closed at 2026-01-05 10:05 EST; scan the patron again to open a new session.",
            Wording.Refusal("Session S1 closed at 2026-01-05T15:05:00Z; scan the patron again to open a new session.", Local, "USD"));
        Assert.Equal(
            "Renewing loan L1 would make it due 2030-01-05 10:00 EST, later than 2029-12-05 10:00 EST (loan instant + 48 months).",
            Wording.Refusal("Renewing loan L1 would make it due 2030-01-05T15:00:00Z, later than 2029-12-05T15:00:00Z (loan instant + P48M).", Local, "USD"));
    }

    [Fact]
    public void Refusal_RenewalPastTheLongestLoanByAFractionOfASecond_KeepsTheFractionsInLocalTime() =>
        Assert.Equal(
            "Renewing loan L1 would make it due 2026-03-02 11:30:00.75 EST, later than 2026-03-02 11:30:00.5 EST (loan instant + 90 minutes).",
            Wording.Refusal(Assert.Single(RenewalTests.RenewAQuarterSecondTooLate().Reasons).Message, Local, "USD"));

    [Fact]
    public void Refusal_RequestOnTheHoldShelf_ReadsAsASentence() =>
        Assert.Equal(
            "Item 32044000000001 has a request on the hold shelf by another patron (R1).",
            Wording.Refusal("Item 32044000000001 has a onHoldShelf request by another patron (R1).", Local, "USD"));

    [Fact]
    public void Refusal_RealDeskRefusals_HoldNoSpellingOfTheFormats()
    {
        var policy = EmbeddedPolicies.HarvardDefault;
        var at = CalendarFixtures.At(2026, 1, 5, 10, 0);
        var desk = CirculationDesk.Open(policy, [new Patron("10000001", "25")], [new Item("32044000000001", "regular", "WID", "Middlemarch")], at);
        desk = desk.CheckOut("10000001", "32044000000001", at).Value;
        desk = desk.ClaimReturned("32044000000001", at + Duration.FromDays(1)).Value;

        var refusals = new[]
        {
            desk.Renew("32044000000001", at + Duration.FromDays(2)),
            desk.CheckOut("10000001", "32044000000001", at + Duration.FromDays(2)),
        }.SelectMany(d => d.Reasons).Select(r => Wording.Refusal(r.Message, Local, "USD")).ToList();

        Assert.NotEmpty(refusals);
        Assert.All(refusals, r => Assert.DoesNotMatch(@"\b(onLoan|claimedReturned|claimReturned|declareLost|markFound|onHoldShelf|inDispute|exportedToBursar)\b", r));
    }

    [Theory]
    [InlineData(0, "0 minutes")]
    [InlineData(1, "1 minute")]
    [InlineData(60, "1 hour")]
    [InlineData(187, "3 hours 7 minutes")]
    [InlineData(1440, "1 day")]
    [InlineData(14400, "10 days")]
    [InlineData(2881, "2 days 1 minute")]
    [InlineData(1500, "1 day 1 hour")]
    public void Minutes_Count_AsDaysHoursMinutes(long minutes, string expected) => Assert.Equal(expected, Wording.Minutes(minutes));

    [Theory]
    [InlineData("P28D", "28 days")]
    [InlineData("PT3H", "3 hours")]
    [InlineData("P48M", "48 months")]
    [InlineData("P1W", "1 week")]
    [InlineData("P1Y2M", "1 year 2 months")]
    [InlineData("PT0S", "no time")]
    public void Period_Iso_InTheUnitsWritten(string iso, string expected) =>
        Assert.Equal(expected, Wording.Period(NodaTime.Text.PeriodPattern.Roundtrip.Parse(iso).Value));

    [Theory]
    [InlineData("claimedReturned", "claimed returned")]
    [InlineData("lostItemBill", "lost item bill")]
    [InlineData("fineFee", "fine/fee")]
    [InlineData("onHoldShelf", "on the hold shelf")]
    [InlineData("active", "active")]
    public void Spelling_FormatValue_AsWords(string spelling, string words) => Assert.Equal(words, Wording.Spelling(spelling));

    [Theory]
    [InlineData("itemPolcy", "itemPolicy")]
    [InlineData("fromat", "format")]
    [InlineData("reserve-4h", "reserve-3h")]
    [InlineData("CHECKOUT", "checkOut")]
    [InlineData("lose", null)]
    [InlineData("checkOut", null)]
    public void Closest_Misspelling_SuggestsTheNearestWord(string word, string? expected) =>
        Assert.Equal(expected, Suggestions.Closest(word, ["itemPolicy", "format", "reserve-3h", "checkOut", "checkIn", "declareLost", "markFound"]));

    private static FineRule Rule(string amount, FineInterval per, string grace, string? max, bool graceDeducted = false, bool countClosed = true) =>
        new(Money.Usd(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)), per, NodaTime.Text.PeriodPattern.Roundtrip.Parse(grace).Value,
            max is null ? null : Money.Usd(decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture)), countClosed, graceDeducted);
}
