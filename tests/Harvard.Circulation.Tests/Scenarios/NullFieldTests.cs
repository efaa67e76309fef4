using System.Text.Json.Nodes;
using Harvard.Circulation.Formats.Scenarios;

namespace Harvard.Circulation.Tests.Scenarios;

/// <summary>An optional field given as JSON null reads as the field left out: its default, never a dropped entry, a
/// missing id or an exception.</summary>
public class NullFieldTests
{
    private const string Base = """
        {
          "format": 1,
          "policy": "harvard-default",
          "patrons": [ { "id": "10000001", "group": "25", "identifiers": [ { "type": "barcode", "value": "21234000000001" } ] },
                       { "id": "10000002", "group": "21" } ],
          "items": [ { "barcode": "I1", "itemPolicy": "regular", "library": "WID" },
                     { "barcode": "I2", "itemPolicy": "regular", "library": "WID" } ],
          "staff": [ { "id": "jdoe" } ],
          "events": [
            { "at": "2026-01-05T10:00:00-05:00", "type": "openSession", "staff": "jdoe", "location": "WID", "patron": "10000001" },
            { "at": "2026-01-05T10:01:00-05:00", "type": "checkOut", "patron": "10000001", "item": "I1" },
            { "at": "2026-01-05T10:02:00-05:00", "type": "placeRequest", "patron": "10000002", "item": "I1" },
            { "at": "2026-01-05T10:03:00-05:00", "type": "cancelRequest", "request": "R1" },
            { "at": "2026-01-05T10:04:00-05:00", "type": "charge", "patron": "10000001", "feeType": "other", "amount": "5.00" },
            { "at": "2026-01-05T10:05:00-05:00", "type": "pay", "patron": "10000001", "amount": "1.00" },
            { "at": "2026-01-05T10:06:00-05:00", "type": "waive", "transactionId": "F1" },
            { "at": "2026-01-05T10:07:00-05:00", "type": "exportToBursar" },
            { "at": "2026-01-05T10:08:00-05:00", "type": "checkIn", "item": "I1" }
          ],
          "asOf": "2026-01-06T00:00:00-05:00",
          "queries": [ { "finesFees": { } } ]
        }
        """;

    /// <summary>Every optional field of the format, as the object that holds it and the field's name.</summary>
    public static TheoryData<string, string> OptionalFields() => new()
    {
        { "$", "name" },
        { "$", "patrons" },
        { "$", "items" },
        { "$", "staff" },
        { "$", "queries" },
        { "patrons[0]", "recordType" },
        { "patrons[0]", "name" },
        { "patrons[1]", "identifiers" },
        { "items[0]", "title" },
        { "items[0]", "location" },
        { "items[0]", "replacementCost" },
        { "staff[0]", "nameSearch" },
        { "events[0]", "id" },
        { "events[1]", "location" },
        { "events[1]", "session" },
        { "events[2]", "id" },
        { "events[3]", "notifyUser" },
        { "events[4]", "title" },
        { "events[5]", "transactionId" },
        { "events[6]", "amount" },
        { "events[6]", "reason" },
        { "events[7]", "patron" },
        { "events[8]", "session" },
        { "queries[0].finesFees", "patron" },
        { "queries[0].finesFees", "search" },
        { "queries[0].finesFees", "type" },
        { "queries[0].finesFees", "status" },
    };

    [Theory]
    [MemberData(nameof(OptionalFields))]
    public void Read_OptionalFieldNull_ReadsAsLeftOut(string holder, string field)
    {
        var withNull = JsonNode.Parse(Base)!;
        Holder(withNull, holder)[field] = null;
        var leftOut = JsonNode.Parse(Base)!;
        Holder(leftOut, holder).AsObject().Remove(field);

        var readWithNull = ScenarioReader.Read(withNull.ToJsonString());
        var readLeftOut = ScenarioReader.Read(leftOut.ToJsonString());

        // The top-level arrays left out make the events name unknown patrons, items and staff; everything else is valid.
        Assert.Equal(holder == "$" && field is "patrons" or "items" or "staff", !readLeftOut.IsValid);
        Assert.Equal(readLeftOut.Problems.Select(p => p.ToString()), readWithNull.Problems.Select(p => p.ToString()));
        if (readLeftOut.IsValid)
        {
            Assert.Equal(ScenarioWriter.Write(readLeftOut.Scenario!, "harvard-default"), ScenarioWriter.Write(readWithNull.Scenario!, "harvard-default"));
        }
    }

    [Fact]
    public void Read_NullIds_GiveTheDefaultIds()
    {
        var root = JsonNode.Parse(Base)!;
        root["events"]![0]!["id"] = null;
        root["events"]![2]!["id"] = null;

        var read = ScenarioReader.Read(root.ToJsonString());

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        Assert.Equal("S1", read.Scenario!.Events[0].Id);
        Assert.Equal("R1", read.Scenario.Events[2].Id);
        Assert.Equal("R1", read.Scenario.Events[3].Id);
    }

    [Fact]
    public void Read_NullRecordType_IsExternal()
    {
        var root = JsonNode.Parse(Base)!;
        root["patrons"]![0]!["recordType"] = null;

        var read = ScenarioReader.Read(root.ToJsonString());

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        Assert.Equal(["10000001", "10000002"], read.Scenario!.Patrons.Select(p => p.PrimaryId));
        Assert.Equal(Harvard.Circulation.Patrons.RecordType.External, read.Scenario.Patrons[0].RecordType);
    }

    [Fact]
    public void Read_NullRequiredField_IsAProblemAtItsPath()
    {
        var root = JsonNode.Parse(Base)!;
        root["patrons"]![1]!["group"] = null;
        root["events"]![2]!["item"] = null;

        var read = ScenarioReader.Read(root.ToJsonString());

        Assert.Equal(["patrons[1].group: expected a string", "events[2].item: expected a string"], read.Problems.Select(p => p.ToString()));
    }

    private static JsonNode Holder(JsonNode root, string path)
    {
        var node = root;
        if (path == "$")
        {
            return node;
        }

        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                node = node[part]!;
                continue;
            }

            node = node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }

        return node;
    }
}
