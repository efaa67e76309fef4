using System.Text.Json;
using System.Text.RegularExpressions;
using FsCheck.Xunit;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;
using Harvard.Circulation.Tests.Cli;
using Harvard.Circulation.Tests.Desk;
using Harvard.Circulation.Tests.Policies;

namespace Harvard.Circulation.Tests.Scenarios;

/// <summary>What a JSON file is taken for from its top-level field names, and the words that name a file of
/// another kind given where a policy was expected.</summary>
public sealed partial class FileKindsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string, string, string> Files() => new()
    {
        { "a scenario", """{ "format": 1, "policy": "harvard-default", "events": [], "asOf": "2026-01-06T00:00:00Z" }""", "Scenario" },
        { "a scenario with asOf only", """{ "format": 1, "asOf": "2026-01-06T00:00:00Z" }""", "Scenario" },
        { "a policy", """{ "format": 1, "userGroups": [], "termsOfUse": [], "rules": [] }""", "Policy" },
        { "a report", """{ "asOf": "2026-01-06T00:00:00Z", "loans": [], "refused": [], "balances": [] }""", "Report" },
        { "a state file", """{ "format": 1, "asOf": "2026-01-06T00:00:00Z", "numbering": {} }""", "State" },
        { "a comparison report", """{ "format": 1, "asOf": "2026-01-06T00:00:00Z", "old": {}, "new": {}, "events": 3, "differingEvents": 1, "userGroups": [] }""", "Comparison" },
        { "an import report", """{ "format": 1, "fallbackLine": 3, "rules": [], "terms": [], "dropped": [], "approximations": [] }""", "ImportReport" },
        { "an explanation", """{ "userGroup": "21", "itemPolicy": "regular", "library": "WID", "location": null, "rule": "default", "ruleIndex": 2, "termsOfUse": "regular", "verdicts": [], "due": null }""", "Explanation" },
        { "an explanation of no matching rule", """{ "userGroup": "58", "itemPolicy": "rare", "library": null, "location": null, "rule": null, "ruleIndex": null, "termsOfUse": null, "verdicts": [], "due": null }""", "Explanation" },
        { "a policy matrix", """{ "policy": "Widener", "timeZone": "UTC", "currency": "USD", "library": null, "location": null, "userGroups": [], "itemPolicies": [], "cells": [] }""", "PolicyMatrix" },
        { "a policy matrix of an unnamed policy", """{ "policy": null, "timeZone": "UTC", "currency": "USD", "library": "WID", "location": null, "userGroups": [], "itemPolicies": [], "cells": [] }""", "PolicyMatrix" },
        { "a policy with a stray field of an explanation", """{ "format": 1, "userGroups": [], "termsOfUse": [], "rules": [], "verdicts": [] }""", "Policy" },
        { "a policy with a stray field of a policy matrix", """{ "format": 1, "userGroups": [], "termsOfUse": [], "rules": [], "cells": [] }""", "Policy" },
        { "events beside a policy's lists", """{ "events": [], "rules": [] }""", "Unknown" },
        { "no telling field", """{ "format": 1, "name": "x" }""", "Unknown" },
        { "not an object", "[ 1 ]", "Unknown" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Guess_TopLevelFieldNames_GiveTheKind(string what, string json, string kind)
    {
        // The kind by name: a public test cannot take the internal enum.
        var expected = Enum.Parse<FileKind>(kind);
        using var document = JsonDocument.Parse(json);

        Assert.True(expected == FileKinds.Guess(document.RootElement), what);
        Assert.True(expected == FileKinds.Guess(folder.Write("file.json", json)), what + " (from the file)");
    }

    [Fact]
    public void Guess_EveryPolicyTheRepositoryShipsOrShows_IsAPolicy()
    {
        // A policy taken for another kind would have its own problems replaced by a line naming that kind: every
        // real policy (embedded, in the docs and examples, inline in an example scenario, in the tests' fixtures,
        // printed by 'circ policy show') must stay a policy to the guess.
        var found = new List<string>();
        var wrong = new List<string>();
        foreach (var (source, text) in RepositoryJson())
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException)
            {
                continue; // A fragment of a docs page, not a file.
            }

            using (document)
            {
                Check(source, document.RootElement);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("policy", out var inline))
                {
                    Check(source + " (its inline policy)", inline);
                }
            }
        }

        Assert.Empty(wrong);
        // Not vacuous: the policies known to be there were found and read.
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "embedded Harvard.Circulation.Formats.Policies.harvard-default.json",
                "src/Harvard.Circulation.Formats/Policies/harvard-default.json",
                "docs/examples/compare/new-policy.json",
                "docs/examples/folio/policy.json",
                "docs/policies.md block 1",
                "docs/examples/fine-settings.json (its inline policy)",
                "circ policy show",
                "CliFixtures.WidenerPolicy",
                "PolicyReaderTests.Widener",
                "DeskFixtures.PolicyJson",
            },
            found.ToHashSet(StringComparer.Ordinal));

        void Check(string source, JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object || !PolicyReader.Read(element, string.Empty).IsValid)
            {
                return;
            }

            found.Add(source);
            var kind = FileKinds.Guess(element);
            if (kind != FileKind.Policy)
            {
                wrong.Add($"{source}: {kind}");
            }
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(PolicyGenerators)])]
    public void Guess_AnyPolicyAsWritten_IsAPolicy(Policy policy)
    {
        // What 'circ import-folio' and a snapshot write is PolicyWriter's text.
        using var document = JsonDocument.Parse(PolicyWriter.Write(policy));
        Assert.True(FileKinds.Guess(document.RootElement) == FileKind.Policy);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"events\": ")]
    public void Guess_FileThatDoesNotParse_IsUnknown(string text) =>
        Assert.Equal(FileKind.Unknown, FileKinds.Guess(folder.Write("broken.json", text)));

    [Fact]
    public void Guess_NoSuchFile_IsUnknown() =>
        Assert.Equal(FileKind.Unknown, FileKinds.Guess(Path.Combine(folder.Path, "absent.json")));

    [Fact]
    public void GivenAsPolicy_Scenario_NamesItAndHowToReplayIt() =>
        Assert.Equal(
            "reserve.json: this is a scenario file, not a policy: replay it with 'circ simulate reserve.json'",
            FileKinds.GivenAsPolicy(FileKind.Scenario, "reserve.json"));

    [Fact]
    public void GivenAsPolicy_FileNamedInAnotherFile_StartsWithTheNameAndAdvisesTheUsablePath()
    {
        Assert.Equal(
            "reserve.json: this is a scenario file, not a policy: replay it with 'circ simulate scenarios/reserve.json'",
            FileKinds.GivenAsPolicy(FileKind.Scenario, "reserve.json", "scenarios/reserve.json"));
        Assert.Equal(
            "x.state.json: this is a state file (what 'circ simulate --state-out' writes), not a policy: continue it with 'circ simulate SCENARIO --state-in /data/x.state.json'",
            FileKinds.GivenAsPolicy(FileKind.State, "x.state.json", "/data/x.state.json"));
    }

    [Theory]
    [InlineData("here.json", "here.json")]
    [InlineData("scenarios/reserve.json", "scenarios/reserve.json")]
    [InlineData("CWD/scenarios/../reserve.json", "reserve.json")]
    [InlineData("../elsewhere/reserve.json", "PARENT/elsewhere/reserve.json")]
    [InlineData("CWD-sibling/reserve.json", "CWD-sibling/reserve.json")]
    public void FromCurrentDirectory_BelowIsRelativeElseAbsolute(string file, string expected)
    {
        // CWD: the current folder; PARENT: its parent. A sibling whose name starts with the current folder's name is
        // not below it.
        var cwd = Path.Combine(folder.Path, "work");
        string Expand(string path) => path
            .Replace("CWD", cwd, StringComparison.Ordinal)
            .Replace("PARENT", folder.Path, StringComparison.Ordinal)
            .Replace('/', Path.DirectorySeparatorChar);

        Assert.Equal(Expand(expected), FileKinds.FromCurrentDirectory(Expand(file), cwd));
    }

    [Fact]
    public void EveryKindGivenAsAnotherKind_HasItsLine()
    {
        // A kind the guess knows but no line names would fall back to the list of unknown fields.
        foreach (var kind in Enum.GetValues<FileKind>().Where(k => k is not (FileKind.Policy or FileKind.Unknown)))
        {
            Assert.True(FileKinds.GivenAsPolicy(kind, "x.json") is not null, $"{kind} given as a policy");
            Assert.True(FileKinds.InlineAsPolicy(kind, "expected a policy object") is not null, $"{kind} inline as a policy");
            if (kind != FileKind.Scenario)
            {
                Assert.True(FileKinds.OutputGivenAsInput(kind, "x.json", "scenario") is not null, $"{kind} given as a scenario");
            }
        }
    }

    [Theory]
    [InlineData("Policy")]
    [InlineData("Unknown")]
    public void InlineAsPolicy_PolicyOrUnknown_IsNull(string kind) =>
        Assert.Null(FileKinds.InlineAsPolicy(Enum.Parse<FileKind>(kind), "expected a policy object"));

    [Theory]
    [InlineData("Policy")]
    [InlineData("Unknown")]
    public void GivenAsPolicy_PolicyOrUnknown_IsNull(string kind) =>
        Assert.Null(FileKinds.GivenAsPolicy(Enum.Parse<FileKind>(kind), "widener.json"));

    /// <summary>Every JSON text the repository holds, named by where it is: embedded resources, JSON files below
    /// docs, src and tests, the JSON blocks of the docs pages and READMEs, the tests' policy fixtures and what
    /// <c>circ policy show</c> prints.</summary>
    private static IEnumerable<(string Source, string Text)> RepositoryJson()
    {
        var assembly = typeof(EmbeddedPolicies).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return ("embedded " + resource, reader.ReadToEnd());
        }

        foreach (var top in new[] { "docs", "src", "tests" })
        {
            foreach (var file in Directory.EnumerateFiles(Repository.PathOf(top), "*", SearchOption.AllDirectories).Where(IsSource).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(Repository.Root, file).Replace(Path.DirectorySeparatorChar, '/');
                if (file.EndsWith(".json", StringComparison.Ordinal))
                {
                    yield return (relative, File.ReadAllText(file));
                }
                else if (file.EndsWith(".md", StringComparison.Ordinal))
                {
                    var blocks = JsonBlock().Matches(File.ReadAllText(file));
                    for (var i = 0; i < blocks.Count; i++)
                    {
                        yield return ($"{relative} block {i + 1}", blocks[i].Groups["json"].Value);
                    }
                }
            }
        }

        var readme = Repository.PathOf("README.md");
        var readmeBlocks = JsonBlock().Matches(File.ReadAllText(readme));
        for (var i = 0; i < readmeBlocks.Count; i++)
        {
            yield return ($"README.md block {i + 1}", readmeBlocks[i].Groups["json"].Value);
        }

        yield return ("CliFixtures.WidenerPolicy", CliFixtures.WidenerPolicy);
        yield return ("PolicyReaderTests.Widener", PolicyReaderTests.Widener);
        yield return ("DeskFixtures.PolicyJson", DeskFixtures.PolicyJson);
        yield return ("circ policy show", CircRun.Of("policy", "show").Stdout);

        static bool IsSource(string file)
        {
            var parts = file.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return !parts.Contains("bin") && !parts.Contains("obj");
        }
    }

    [GeneratedRegex("```json\\r?\\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
