using Harvard.Circulation.Cli;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;
using NodaTime;

namespace Harvard.Circulation.Tests.Scenarios;

/// <summary>How the JSON formats write an instant: one formatter, which the state file, the reports and the tool's
/// UTC text all use.</summary>
public class JsonInstantTests
{
    public static TheoryData<Instant, string> Instants => new()
    {
        { Instant.FromUtc(2026, 3, 2, 16, 30), "2026-03-02T16:30:00Z" },
        { Instant.FromUtc(2026, 3, 2, 16, 30) + Duration.FromMilliseconds(750), "2026-03-02T16:30:00.75Z" },
        { Instant.FromUtc(2026, 3, 2, 16, 30).PlusNanoseconds(1), "2026-03-02T16:30:00.000000001Z" },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void Format_UtcWithTheFractionOnlyWhenPresent(Instant instant, string expected)
    {
        Assert.Equal(expected, JsonInstant.Format(instant));
        Assert.Equal(expected, StateWriter.At(instant));
        Assert.Equal(expected, ScenarioReportJson.Iso(instant));
        Assert.Equal(expected, InstantText.Utc.Format(instant));
    }
}
