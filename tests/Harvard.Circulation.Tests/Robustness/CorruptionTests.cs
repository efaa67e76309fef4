using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Testing;
using Harvard.Circulation.Tests.Testing;
using NodaTime;
using NodaTime.Text;
using Random = System.Random;

namespace Harvard.Circulation.Tests.Robustness;

/// <summary>
/// Any input gives a report or a list of problems, never an exception: seed scenarios and policies are damaged
/// (bytes, ranges, JSON values of every kind, fields, event order, nesting) and each result goes through
/// <see cref="ScenarioReader"/> / <see cref="PolicyReader"/>, and when valid through the replayer and the JSON
/// report. This is what keeps <c>circ</c> at exit 0 or 2, never 1.
/// </summary>
/// <remarks>Deterministic: each seed's cases come from a <see cref="Random"/> seeded by the seed's name. The counts
/// below add up to 11,200 cases; the file runs in well under a minute on 2 cores.</remarks>
public class CorruptionTests
{
    private const int CasesPerFixture = 2_000;
    private const int CasesPerPolicy = 1_600;
    private const int CasesPerGenerated = 500;
    private const int GeneratedSeeds = 8;
    private const int CasesPerExample = 300;

    private const string DeepMarker = "__deep_nesting__";

    // Values of every JSON kind, and strings the formats give meaning to, at and beyond their edges.
    private static readonly string[] Replacements =
    [
        "null", "true", "false", "0", "-1", "1", "2", "1.5", "-0.25", "1e308", "-1e308", "1e-320", "99999999999999999999999999999",
        "2147483648", "-2147483649", "\"\"", "\" \"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"Ünïcødé ☃ 𝔘\"", "\"\\u202e\"",
        "[]", "[null]", "[1, \"x\", {}]", "[[]]", "{}", "{\"x\": 1}", "{\"format\": 1}",
        "\"P-1D\"", "\"PT0S\"", "\"P99999Y\"", "\"P9999Y\"", "\"PT2147483647S\"", "\"P1D\"", "\"PT1M\"", "\"P1000000D\"", "\"P999Y\"", "\"P1000Y\"", "\"P1001Y\"", "\"PT8760000H\"",
        "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"", "\"-9998-01-01T00:00:00Z\"", "\"2026-01-05T10:00:00+18:00\"",
        "\"2026-02-29T10:00:00Z\"", "\"2026-01-05T10:00Z\"", "\"2026-01-05\"",
        "\"0.00\"", "\"-3.00\"", "\"0.001\"", "\"0.005\"", "\"79228162514264337593543950335\"", "\"99999999999999999999.9999999999\"", "\"1e3\"",
        "\"harvard-default\"", "\".\"", "\"/\"", "\"../../etc\"", "\"25\"", "\"21\"", "\"reserve-3h\"", "\"regular\"", "\"WID\"", "\"*\"",
        "\"10000001\"", "\"32044000000001\"", "\"L1\"", "\"F1\"", "\"R1\"", "\"S1\"", "\"jdoe\"", "\"checkOut\"", "\"declareLost\"",
        "\"America/New_York\"", "\"Mars/Base\"", "\"24:00\"", "\"00:00\"", "\"23:59\"", "\"exact\"", "\"endOfCurrentHours\"", "\"minute\"",
    ];

    private static readonly string[] FieldNames =
    [
        "unknownField", "format", "policy", "events", "asOf", "type", "at", "patron", "item", "amount", "session", "id", "transactionId",
        "request", "loan", "period", "maxRenewals", "hours", "closedDates", "rules", "termsOfUse", "userGroup", "grace", "max",
    ];

    public static TheoryData<string> Seeds()
    {
        var data = new TheoryData<string> { "spec-example", "late-reserve", "harvard-default-policy", "generated-policy" };
        for (var i = 0; i < GeneratedSeeds; i++)
        {
            data.Add($"generated-scenario-{i}");
        }

        foreach (var example in Examples())
        {
            data.Add("docs/examples/" + Path.GetFileName(example));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Corrupt_Seed_ReadersReportAndReplayNeverThrows(string seed)
    {
        var (text, isPolicy, cases, baseDirectory) = Seed(seed);
        var random = new Random(StableHash(seed));
        var failures = new List<string>();
        for (var i = 0; i < cases; i++)
        {
            var (damaged, how) = Corrupt(text, random);
            try
            {
                if (isPolicy)
                {
                    CheckPolicy(damaged);
                }
                else
                {
                    CheckScenario(damaged, baseDirectory);
                }
            }
            catch (Exception ex)
            {
                failures.Add($"case {i} ({how}): {ex.GetType().Name}: {ex.Message}{Environment.NewLine}{Shorten(damaged)}{Environment.NewLine}{ex.StackTrace}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} damaged inputs of {seed} threw:{Environment.NewLine}" + string.Join(Environment.NewLine + Environment.NewLine, failures.Take(3)));
    }

    [Fact]
    public void Seeds_AddUpToAtLeastTenThousandCases()
    {
        var total = Seeds().Cast<object[]>().Sum(row => Seed((string)row[0]).Cases);

        Assert.True(total >= 10_000, $"only {total} cases");
    }

    [Fact]
    public void Corrupt_Samples_ReachBeyondTheJsonParser()
    {
        // Guards the corruptions: most must still parse as JSON, so that the readers' checks and the replay run.
        var random = new Random(7);
        var results = Enumerable.Range(0, 500).Select(_ => ScenarioReader.Read(Corrupt(ScenarioFixtures.ClaimedReturn, random).Text)).ToList();

        Assert.InRange(results.Count(r => r.Problems.Any(p => p.Path.StartsWith("line ", StringComparison.Ordinal))), 1, 250);
        Assert.InRange(results.Count(r => r.IsValid), 25, 450);
    }

    private static void CheckScenario(string json, string? baseDirectory)
    {
        var read = ScenarioReader.Read(json, baseDirectory);
        Assert.Equal(read.Scenario is null, read.Problems.Count > 0);
        if (read.Scenario is { } scenario)
        {
            Assert.NotEmpty(ScenarioReportJson.Write(ScenarioReplayer.Replay(scenario)));
        }
    }

    private static void CheckPolicy(string json)
    {
        var read = PolicyReader.Read(json);
        Assert.Equal(read.Policy is null, read.Problems.Count > 0);
        var bytes = PolicyReader.Read(Encoding.UTF8.GetBytes(json));
        Assert.Equal(read.IsValid, bytes.IsValid);
        if (read.Policy is { } policy)
        {
            // A damaged policy that is still valid drives the desk: the spec example replayed under it.
            CheckScenarioUnder(json.Length % 2 == 0 ? ScenarioFixtures.ClaimedReturn : ScenarioFixtures.LateReserve, policy);
        }
    }

    private static void CheckScenarioUnder(string json, Harvard.Circulation.Policies.Policy policy)
    {
        if (ScenarioReader.Read(json, policyOverride: policy).Scenario is { } scenario)
        {
            Assert.NotEmpty(ScenarioReportJson.Write(ScenarioReplayer.Replay(scenario)));
        }
    }

    private static (string Text, bool IsPolicy, int Cases, string? BaseDirectory) Seed(string name)
    {
        if (name.StartsWith("generated-scenario-", StringComparison.Ordinal))
        {
            var index = int.Parse(name["generated-scenario-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            return (GeneratedScenarios.Value[index], false, CasesPerGenerated, null);
        }

        if (name.StartsWith("docs/examples/", StringComparison.Ordinal))
        {
            var path = Examples().Single(e => Path.GetFileName(e) == name["docs/examples/".Length..]);
            var text = File.ReadAllText(path);
            return (text, !text.Contains("\"events\"", StringComparison.Ordinal), CasesPerExample, Path.GetDirectoryName(path));
        }

        return name switch
        {
            "spec-example" => (ScenarioFixtures.ClaimedReturn, false, CasesPerFixture, null),
            "late-reserve" => (ScenarioFixtures.LateReserve, false, CasesPerFixture, null),
            "harvard-default-policy" => (EmbeddedPolicies.HarvardDefaultJson, true, CasesPerPolicy, null),
            "generated-policy" => (PolicyWriter.Write(CirculationGenerators.Policy().Sample(30, new Rnd(2026), 1)[0]), true, CasesPerPolicy, null),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a seed."),
        };
    }

    private static readonly Lazy<string[]> GeneratedScenarios = new(() =>
        [.. CirculationGenerators.Scenario().Sample(60, new Rnd(1705), GeneratedSeeds).Select(c => c.Json)]);

    private static string[] Examples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Harvard.Circulation.sln")))
            {
                var examples = Path.Combine(dir.FullName, "docs", "examples");
                return Directory.Exists(examples) ? [.. Directory.GetFiles(examples, "*.json").Order(StringComparer.Ordinal)] : [];
            }
        }

        return [];
    }

    /// <summary>One to three damages, most of them keeping the text JSON so that the readers' checks run.</summary>
    internal static (string Text, string How) Corrupt(string json, Random random)
    {
        var text = json;
        var hows = new List<string>();
        var count = random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        for (var i = 0; i < count; i++)
        {
            var (next, how) = random.Next(20) switch
            {
                0 => FlipByte(text, random),
                1 => Truncate(text, random),
                2 => DeleteRange(text, random),
                3 => DuplicateRange(text, random),
                < 11 => OnTree(text, random, ReplaceValue),
                < 13 => OnTree(text, random, DeleteField),
                < 15 => OnTree(text, random, AddField),
                < 17 => OnTree(text, random, SwapArrayElements),
                17 => OnTree(text, random, MoveToEdgeOfTime),
                _ => OnTree(text, random, NestDeeply),
            };
            text = next;
            hows.Add(how);
        }

        return (text, string.Join(", then ", hows));
    }

    private static (string, string) FlipByte(string text, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
        {
            return (text, "flip nothing");
        }

        var at = random.Next(bytes.Length);
        var bit = random.Next(8);
        bytes[at] ^= (byte)(1 << bit);
        return (Encoding.UTF8.GetString(bytes), $"flip bit {bit} of byte {at}");
    }

    private static (string, string) Truncate(string text, Random random)
    {
        var length = random.Next(text.Length + 1);
        return (text[..length], $"truncate to {length}");
    }

    private static (string, string) DeleteRange(string text, Random random)
    {
        var start = random.Next(text.Length + 1);
        var length = Math.Min(random.Next(1, 40), text.Length - start);
        return (text.Remove(start, length), $"delete {length} at {start}");
    }

    private static (string, string) DuplicateRange(string text, Random random)
    {
        var start = random.Next(text.Length + 1);
        var length = Math.Min(random.Next(1, 60), text.Length - start);
        var at = random.Next(text.Length + 1);
        return (text.Insert(at, text.Substring(start, length)), $"copy {length} from {start} to {at}");
    }

    private static (string, string) OnTree(string text, Random random, Func<JsonNode, Random, string> damage)
    {
        string how;
        string written;
        try
        {
            if (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 512 }) is not { } root)
            {
                return (text, "nothing to damage");
            }

            how = damage(root, random);
            written = root.ToJsonString(new JsonSerializerOptions { MaxDepth = 512 });
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not JSON (any more), or JSON the node tree cannot hold (a repeated field, a lone surrogate).
            return DeleteRange(text, random);
        }

        // Replacements go in as text, so that what the node tree would refuse to write still reaches the readers.
        for (var i = 0; i < Replacements.Length; i++)
        {
            written = written.Replace("\"" + RawMarker(i) + "\"", Replacements[i], StringComparison.Ordinal);
        }

        var marker = "\"" + DeepMarker + "\"";
        if (written.Contains(marker, StringComparison.Ordinal))
        {
            var depth = random.Next(4) switch { 0 => 63, 1 => 64, 2 => 65, _ => random.Next(100, 5_000) };
            var (open, close) = random.Next(2) == 0 ? ("[", "]") : ("{\"x\":", "}");
            written = written.Replace(marker, string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)), StringComparison.Ordinal);
            how += $" {depth} deep";
        }

        return (written, how);
    }

    /// <summary>Every node of the tree with the path to it, the root first.</summary>
    private static List<(JsonNode? Node, JsonNode? Parent, string Key, int Index, string Path)> Nodes(JsonNode root)
    {
        var list = new List<(JsonNode?, JsonNode?, string, int, string)> { (root, null, string.Empty, -1, "$") };
        for (var i = 0; i < list.Count; i++)
        {
            var (node, _, _, _, path) = list[i];
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        list.Add((value, o, key, -1, path + "." + key));
                    }

                    break;
                case JsonArray a:
                    for (var j = 0; j < a.Count; j++)
                    {
                        list.Add((a[j], a, string.Empty, j, $"{path}[{j}]"));
                    }

                    break;
            }
        }

        return list;
    }

    private static string ReplaceValue(JsonNode root, Random random)
    {
        var nodes = Nodes(root).Where(n => n.Parent is not null).ToList();
        if (nodes.Count == 0)
        {
            return "replace nothing";
        }

        var (_, parent, key, index, path) = nodes[random.Next(nodes.Count)];
        var pick = random.Next(Replacements.Length + 2);
        var replacement = pick switch
        {
            _ when pick == Replacements.Length => JsonValue.Create(new string('x', random.Next(1_000, 200_000))),
            _ when pick == Replacements.Length + 1 => JsonValue.Create(string.Concat(Enumerable.Repeat("ü☃𝔘", random.Next(1, 5_000)))),
            _ => JsonValue.Create(RawMarker(pick)),
        };
        Set(parent!, key, index, replacement);
        return $"{path} = {(pick < Replacements.Length ? Replacements[pick] : "a huge string")}";
    }

    private static string DeleteField(JsonNode root, Random random)
    {
        var objects = Nodes(root).Where(n => n.Node is JsonObject { Count: > 0 }).ToList();
        if (objects.Count == 0)
        {
            return "delete nothing";
        }

        var (node, _, _, _, path) = objects[random.Next(objects.Count)];
        var o = (JsonObject)node!;
        var key = o.ElementAt(random.Next(o.Count)).Key;
        o.Remove(key);
        return $"delete {path}.{key}";
    }

    private static string AddField(JsonNode root, Random random)
    {
        var objects = Nodes(root).Where(n => n.Node is JsonObject).ToList();
        if (objects.Count == 0)
        {
            return "add nothing";
        }

        var (node, _, _, _, path) = objects[random.Next(objects.Count)];
        var o = (JsonObject)node!;
        var name = FieldNames[random.Next(FieldNames.Length)];
        var value = JsonValue.Create(RawMarker(random.Next(Replacements.Length)));
        if (o.ContainsKey(name))
        {
            o[name] = value;
            return $"{path}.{name} = (replaced)";
        }

        o.Add(name, value);
        return $"add {path}.{name}";
    }

    private static string SwapArrayElements(JsonNode root, Random random)
    {
        var arrays = Nodes(root).Where(n => n.Node is JsonArray { Count: > 1 }).ToList();
        if (arrays.Count == 0)
        {
            return "swap nothing";
        }

        // The events array most of the time: out-of-order events are the format's subtlest error.
        var events = arrays.FirstOrDefault(a => a.Path == "$.events");
        var (node, _, _, _, path) = events.Node is not null && random.Next(3) > 0 ? events : arrays[random.Next(arrays.Count)];
        var a = (JsonArray)node!;
        var i = random.Next(a.Count);
        var j = random.Next(a.Count);
        var first = a[i]?.DeepClone();
        var second = a[j]?.DeepClone();
        a[i] = second;
        a[j] = first;
        return $"swap {path}[{i}] and [{j}]";
    }

    /// <summary>Every instant at the edge of what NodaTime holds, in order, so the scenario stays valid and the
    /// desk's period arithmetic runs there.</summary>
    private static string MoveToEdgeOfTime(JsonNode root, Random random)
    {
        string[] edges =
        [
            "9999-12-31T23:59:59Z", "9999-12-01T10:00:00-05:00", "0001-01-01T00:00:00Z", "0001-01-02T00:00:00+14:00",
            "2999-12-31T23:59:59Z", "2999-12-01T10:00:00-05:00", "1900-01-01T00:00:00Z",
        ];
        var edge = edges[random.Next(edges.Length)];
        var start = OffsetDateTimePattern.ExtendedIso.Parse(edge).Value;
        var step = 0;
        foreach (var (_, parent, key, _, _) in Nodes(root).Where(n => n.Key is "at" or "asOf" && n.Parent is JsonObject))
        {
            // Later nodes are later in the file: events first, asOf last; steps of a day keep them in order.
            var at = edge.StartsWith("99", StringComparison.Ordinal) || edge.StartsWith("2999-12-31", StringComparison.Ordinal) ? start : start.Plus(Duration.FromDays(step++));
            ((JsonObject)parent!)[key] = JsonValue.Create(OffsetDateTimePattern.ExtendedIso.Format(at));
        }

        return $"every instant at {edge}";
    }

    private static string NestDeeply(JsonNode root, Random random)
    {
        var nodes = Nodes(root).Where(n => n.Parent is not null).ToList();
        if (nodes.Count == 0)
        {
            return "nest nothing";
        }

        var (_, parent, key, index, path) = nodes[random.Next(nodes.Count)];
        Set(parent!, key, index, JsonValue.Create(DeepMarker));
        return $"nest {path}";
    }

    private static string RawMarker(int index) => "__raw_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "__";

    private static void Set(JsonNode parent, string key, int index, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[key] = value;
        }
        else
        {
            ((JsonArray)parent)[index] = value;
        }
    }

    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static string Shorten(string text) => text.Length <= 3_000 ? text : text[..3_000] + "...";
}
