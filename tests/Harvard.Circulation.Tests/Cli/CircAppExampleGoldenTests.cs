using System.Xml.Linq;
using Harvard.Circulation.Cli;

namespace Harvard.Circulation.Tests.Cli;

/// <summary>
/// What <c>circ simulate</c> prints for each docs example, pinned beside it: the text report in local time
/// (<c>X.expected.txt</c>) and the picture (<c>X.svg</c>), byte for byte. Set <c>UPDATE_EXAMPLES=1</c> to rewrite
/// them, then look at the diff (and the pictures, in a browser) before committing.
/// </summary>
public sealed class CircAppExampleGoldenTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in ScenarioFiles())
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Simulate_Example_PrintsItsGoldenTextReport(string example)
    {
        var run = CircRun.Of("simulate", Repository.PathOf($"docs/examples/{example}.json"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        AssertGolden(Repository.PathOf($"docs/examples/{example}.expected.txt"), run.Stdout);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void SimulateSvg_Example_DrawsItsGoldenPicture(string example)
    {
        var run = CircRun.Of("simulate", Repository.PathOf($"docs/examples/{example}.json"), "--format", "svg");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        AssertGolden(Repository.PathOf($"docs/examples/{example}.svg"), run.Stdout);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void SimulateSvg_Example_IsWellFormedSelfContainedSvg(string example)
    {
        var svg = CircRun.Of("simulate", Repository.PathOf($"docs/examples/{example}.json"), "--format", "svg").Stdout;

        var document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", document.Root!.Name);
        Assert.Empty(document.Descendants(ns + "script"));
        Assert.Empty(document.Descendants(ns + "image"));
        Assert.DoesNotContain("href", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("http", svg.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void SimulateSvg_Example_NamesPatronsOnlyOnLoansNotAnonymized(string example)
    {
        var path = Repository.PathOf($"docs/examples/{example}.json");
        var report = System.Text.Json.JsonDocument.Parse(CircRun.Of("simulate", path, "--format", "json").Stdout).RootElement;
        var svg = CircRun.Of("simulate", path, "--format", "svg").Stdout;

        foreach (var loan in report.GetProperty("loans").EnumerateArray())
        {
            var label = $"item {loan.GetProperty("item").GetString()} · ";
            var expected = loan.GetProperty("patron").GetString() is { } patron ? label + "patron " + patron : label + "patron anonymized";
            Assert.Contains(expected, svg, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SimulateSvg_SameScenarioTwice_SameBytes()
    {
        var path = Repository.PathOf("docs/examples/recall-and-hold-shelf.json");

        Assert.Equal(CircRun.Of("simulate", path, "--format", "svg").Stdout, CircRun.Of("simulate", path, "--format", "svg").Stdout);
    }

    [Fact]
    public void SimulateSvg_Utc_LabelsTheAxisInUtc()
    {
        var svg = CircRun.Of("simulate", Repository.PathOf("docs/examples/claimed-returned.json"), "--format", "svg", "--utc").Stdout;

        Assert.Contains("As of 2026-02-03T17:00:00Z · times in UTC", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_ShowsAPictureOfAnExample() =>
        Assert.Contains("](docs/examples/claimed-returned.svg)", File.ReadAllText(Repository.PathOf("README.md")), StringComparison.Ordinal);

    private static void AssertGolden(string goldenPath, string actual)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_EXAMPLES") == "1")
        {
            File.WriteAllText(goldenPath, actual);
        }

        Assert.True(File.Exists(goldenPath), $"{goldenPath} is missing; run the tests with UPDATE_EXAMPLES=1 to write it");
        var expected = File.ReadAllText(goldenPath).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var first = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], Math.Min(expectedLines.Length, actualLines.Length));
            Assert.Fail($"{Path.GetFileName(goldenPath)} differs at line {first + 1}:\nexpected: {expectedLines.ElementAtOrDefault(first)}\nactual:   {actualLines.ElementAtOrDefault(first)}");
        }
    }

    private static IEnumerable<string> ScenarioFiles() =>
        Directory.GetFiles(Repository.PathOf("docs/examples"), "*.json")
            .Where(f => !f.EndsWith(".expected.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
