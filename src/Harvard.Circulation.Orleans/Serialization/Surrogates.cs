using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Patrons;
using NodaTime;

namespace Harvard.Circulation.Orleans.Serialization;

// Orleans serializes the core's and the formats' values through surrogates: the core knows nothing of Orleans, so
// its types carry no serializer attributes. Each surrogate keeps every bit of its value (an instant to the
// nanosecond, an amount with its scale and currency).

/// <summary>An instant as Unix ticks and the nanoseconds below a tick.</summary>
[GenerateSerializer]
internal struct InstantSurrogate
{
    [Id(0)] public long UnixTicks;
    [Id(1)] public int Nanoseconds;
}

[RegisterConverter]
internal sealed class InstantConverter : IConverter<Instant, InstantSurrogate>
{
    public Instant ConvertFromSurrogate(in InstantSurrogate surrogate) =>
        Instant.FromUnixTimeTicks(surrogate.UnixTicks) + Duration.FromNanoseconds(surrogate.Nanoseconds);

    public InstantSurrogate ConvertToSurrogate(in Instant value)
    {
        var ticks = value.ToUnixTimeTicks();
        return new InstantSurrogate { UnixTicks = ticks, Nanoseconds = (int)(value - Instant.FromUnixTimeTicks(ticks)).ToInt64Nanoseconds() };
    }
}

/// <summary>An amount of money: its decimal and its currency.</summary>
[GenerateSerializer]
internal struct MoneySurrogate
{
    [Id(0)] public decimal Amount;
    [Id(1)] public string Currency;
}

[RegisterConverter]
internal sealed class MoneyConverter : IConverter<Money, MoneySurrogate>
{
    public Money ConvertFromSurrogate(in MoneySurrogate surrogate) => new(surrogate.Amount, surrogate.Currency);

    public MoneySurrogate ConvertToSurrogate(in Money value) => new() { Amount = value.Amount, Currency = value.Currency };
}

/// <summary>A refusal: its code and message.</summary>
[GenerateSerializer]
internal struct RefusalSurrogate
{
    [Id(0)] public string Code;
    [Id(1)] public string Message;
}

[RegisterConverter]
internal sealed class RefusalConverter : IConverter<Refusal, RefusalSurrogate>
{
    public Refusal ConvertFromSurrogate(in RefusalSurrogate surrogate) => new(surrogate.Code, surrogate.Message);

    public RefusalSurrogate ConvertToSurrogate(in Refusal value) => new() { Code = value.Code, Message = value.Message };
}

/// <summary>A scenario event with every field it may carry; enums as their numbers.</summary>
[GenerateSerializer]
internal struct ScenarioEventSurrogate
{
    [Id(0)] public int Index;
    [Id(1)] public Instant At;
    [Id(2)] public int Type;
    [Id(3)] public string? Patron;
    [Id(4)] public string? Item;
    [Id(5)] public string? Location;
    [Id(6)] public string? Session;
    [Id(7)] public Money? Amount;
    [Id(8)] public string? TransactionId;
    [Id(9)] public string? Reason;
    [Id(10)] public int? FeeType;
    [Id(11)] public string? Title;
    [Id(12)] public string? Id;
    [Id(13)] public bool NotifyUser;
    [Id(14)] public string? Staff;
    [Id(15)] public int? SearchBy;
    [Id(16)] public string? Query;
}

[RegisterConverter]
internal sealed class ScenarioEventConverter : IConverter<ScenarioEvent, ScenarioEventSurrogate>
{
    public ScenarioEvent ConvertFromSurrogate(in ScenarioEventSurrogate surrogate) => new(surrogate.Index, surrogate.At, (ScenarioEventType)surrogate.Type)
    {
        Patron = surrogate.Patron,
        Item = surrogate.Item,
        Location = surrogate.Location,
        Session = surrogate.Session,
        Amount = surrogate.Amount,
        TransactionId = surrogate.TransactionId,
        Reason = surrogate.Reason,
        FeeType = (FineFeeType?)surrogate.FeeType,
        Title = surrogate.Title,
        Id = surrogate.Id,
        NotifyUser = surrogate.NotifyUser,
        Staff = surrogate.Staff,
        SearchBy = (PatronSearchBy?)surrogate.SearchBy,
        Query = surrogate.Query,
    };

    public ScenarioEventSurrogate ConvertToSurrogate(in ScenarioEvent value) => new()
    {
        Index = value.Index,
        At = value.At,
        Type = (int)value.Type,
        Patron = value.Patron,
        Item = value.Item,
        Location = value.Location,
        Session = value.Session,
        Amount = value.Amount,
        TransactionId = value.TransactionId,
        Reason = value.Reason,
        FeeType = (int?)value.FeeType,
        Title = value.Title,
        Id = value.Id,
        NotifyUser = value.NotifyUser,
        Staff = value.Staff,
        SearchBy = (int?)value.SearchBy,
        Query = value.Query,
    };
}
