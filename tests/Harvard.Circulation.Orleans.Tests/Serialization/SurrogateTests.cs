using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Orleans.Desks;
using Harvard.Circulation.Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Orleans.Serialization;

namespace Harvard.Circulation.Orleans.Tests.Serialization;

/// <summary>What crosses the wire or goes to storage comes back equal: instants to the nanosecond, amounts with their
/// scale and currency, every field of an event, whole answers.</summary>
public sealed class SurrogateTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Property(MaxTest = 500)]
    public bool Instant_RoundTrips_ToTheNanosecond(long ticks, int nanoseconds)
    {
        var instant = Instant.FromUnixTimeTicks(ticks / 4) + Duration.FromNanoseconds(Math.Abs(nanoseconds % 100));
        var converter = new InstantConverter();
        return converter.ConvertFromSurrogate(converter.ConvertToSurrogate(instant)) == instant
            && Serializer.Deserialize<Instant>(Serializer.SerializeToArray(instant)) == instant;
    }

    [Fact]
    public void Instant_AtTheEndsOfTime_RoundTrips()
    {
        foreach (var instant in new[] { Instant.MinValue, Instant.MaxValue, Instant.FromUnixTimeTicks(-1) + Duration.FromNanoseconds(1), Instant.FromUnixTimeTicks(0) })
        {
            Assert.Equal(instant, Serializer.Deserialize<Instant>(Serializer.SerializeToArray(instant)));
        }
    }

    [Property(MaxTest = 300)]
    public bool Money_RoundTrips_WithItsScale(decimal amount)
    {
        var money = new Money(amount, "EUR");
        var back = Serializer.Deserialize<Money>(Serializer.SerializeToArray(money));
        return back == money && back.Amount.Scale == money.Amount.Scale && back.Currency == "EUR";
    }

    [Fact]
    public void ScenarioEvent_WithEveryField_RoundTrips()
    {
        var e = new ScenarioEvent(7, Instant.FromUtc(2026, 3, 1, 12, 30) + Duration.FromNanoseconds(5), ScenarioEventType.Charge)
        {
            Patron = "p1", Item = "i1", Location = "Widener", Session = "S1", Amount = new Money(12.50m, "USD"), TransactionId = "F3",
            Reason = "damaged", FeeType = FineFeeType.LostItemProcessFee, Title = "A title", Id = "R1", NotifyUser = false, Staff = "st1",
            SearchBy = Patrons.PatronSearchBy.Name, Query = "Smith",
        };
        Assert.Equal(e, Serializer.Deserialize<ScenarioEvent>(Serializer.SerializeToArray(e)));
    }

    [Fact]
    public void DeskAnswer_RoundTrips_Equal()
    {
        var answer = new DeskAnswer("op", false, [new Refusal(RefusalCodes.MaxLoans, "Too many loans.")], Instant.FromUtc(2026, 1, 5, 9, 0),
            ["{\"change\":\"loanCreated\"}"], ["p1", "p2"]);
        var back = Serializer.Deserialize<DeskAnswer>(Serializer.SerializeToArray(answer))!;
        Assert.Equal(answer, back);
        Assert.NotEqual(answer, back with { Changes = [] });
        Assert.NotEqual(answer, back with { PatronsFound = null });
    }
}
