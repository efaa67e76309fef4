using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Tests.Patrons;

public class PatronSpellingsTests
{
    [Theory]
    [InlineData(RecordType.External, "external")]
    [InlineData(RecordType.Internal, "internal")]
    public void RecordType_SpellingRoundTrips(RecordType value, string spelling)
    {
        Assert.Equal(spelling, value.ToSpelling());
        Assert.True(PatronSpellings.TryParseRecordType(spelling, out var parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData(PatronSearchBy.PrimaryId, "primaryId")]
    [InlineData(PatronSearchBy.Identifier, "identifier")]
    [InlineData(PatronSearchBy.Name, "name")]
    public void PatronSearchBy_SpellingRoundTrips(PatronSearchBy value, string spelling)
    {
        Assert.Equal(spelling, value.ToSpelling());
        Assert.True(PatronSpellings.TryParseSearchBy(spelling, out var parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("External")]
    [InlineData(" internal")]
    [InlineData("staff")]
    public void TryParseRecordType_NotASpelling_IsFalse(string? spelling) =>
        Assert.False(PatronSpellings.TryParseRecordType(spelling, out _));

    [Theory]
    [InlineData(null)]
    [InlineData("huid")]
    [InlineData("Name")]
    public void TryParseSearchBy_NotASpelling_IsFalse(string? spelling) =>
        Assert.False(PatronSpellings.TryParseSearchBy(spelling, out _));

    [Fact]
    public void ToSpelling_UndefinedRecordType_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((RecordType)7).ToSpelling());

    [Fact]
    public void RecordType_Default_IsExternal() => Assert.Equal(RecordType.External, default);
}
