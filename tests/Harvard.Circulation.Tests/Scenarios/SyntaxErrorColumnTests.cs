using System.Text;
using System.Text.Json;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Formats.State;

namespace Harvard.Circulation.Tests.Scenarios;

/// <summary>JSON that does not parse is named by line and column, both from 1, the column in characters as a person
/// counts them (Unicode scalar values), not in the parser's UTF-8 bytes — in every reader, from text or from bytes.</summary>
public class SyntaxErrorColumnTests
{
    private const string Expected = "',' is an invalid start of a property name. Expected a '\"'.";

    /// <summary>Line 2 has six two-byte letters before the second comma, at character 28 (byte 34).</summary>
    private const string Accented = "{\n  \"name\": \"Éloïse Ünïcödé\",,\n}";

    /// <summary>An emoji is one character, two UTF-16 code units and four UTF-8 bytes: the second comma is character
    /// 15 (code unit 16, byte 18).</summary>
    private const string Emoji = "{ \"name\": \"😀\",, }";

    public static TheoryData<string, string> Texts() => new()
    {
        { Accented, "line 2, column 28" },
        { Emoji, "line 1, column 15" },
        { "{\n  \"format\": 1,\n  \"policy\": \"harvard-default\",,\n}", "line 3, column 31" },
        { "{\r\n  \"name\": \"Ünï\",,\r\n}", "line 2, column 17" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void ScenarioReader_Text_ColumnInCharacters(string json, string where) =>
        Assert.Equal([$"{where}: not valid JSON: {Expected}"], ScenarioReader.Read(json).Problems.Select(p => p.ToString()));

    [Theory]
    [MemberData(nameof(Texts))]
    public void ScenarioReader_Bytes_ColumnInCharacters(string json, string where)
    {
        Assert.Equal([$"{where}: not valid JSON: {Expected}"], ScenarioReader.Read(Encoding.UTF8.GetBytes(json)).Problems.Select(p => p.ToString()));
        Assert.Equal([$"{where}: not valid JSON: {Expected}"], ScenarioReader.Read((byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)]).Problems.Select(p => p.ToString()));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void PolicyReader_TextAndBytes_ColumnInCharacters(string json, string where)
    {
        Assert.Equal([$"{where}: not valid JSON: {Expected}"], PolicyReader.Read(json).Problems.Select(p => p.ToString()));
        Assert.Equal([$"{where}: not valid JSON: {Expected}"], PolicyReader.Read(Encoding.UTF8.GetBytes(json).AsSpan()).Problems.Select(p => p.ToString()));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void StateReader_TextAndBytes_ColumnInCharacters(string json, string where)
    {
        Assert.Equal([$"{where}: not valid JSON: {Expected}"], StateReader.Read(json).Problems.Select(p => p.ToString()));
        Assert.Equal([$"{where}: not valid JSON: {Expected}"], StateReader.Read(Encoding.UTF8.GetBytes(json)).Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void SyntaxError_InvalidUtf8BeforeTheError_CountsOneCharacterPerBadSequence()
    {
        // 0xFF is not UTF-8 (an editor shows one replacement character): the parser stops at it.
        byte[] bytes = [.. "{ \"a\": \""u8, 0xC3, 0xA9, 0xFF, .. "\",, }"u8];
        var ex = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(bytes));

        Assert.Equal("line 1, column 13", ProblemList.SyntaxError(ex, bytes).Path);
    }

    [Fact]
    public void SyntaxError_TextStopsEarly_ColumnAfterTheLastCharacter()
    {
        // 14 characters (16 bytes): the parser stops after the last one.
        var read = ScenarioReader.Read("{ \"name\": \"Ünï");

        Assert.Equal(
            ["line 1, column 15: not valid JSON: the text ends before the JSON is complete (an object, array or string is not closed)"],
            read.Problems.Select(p => p.ToString()));
    }
}
