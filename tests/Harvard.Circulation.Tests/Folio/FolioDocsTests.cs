using System.Text.RegularExpressions;
using Harvard.Circulation.Tests.Cli;

namespace Harvard.Circulation.Tests.Folio;

/// <summary>
/// Runs the examples of docs/folio.md in order, in one folder: each <c>circ-file</c> block is written there, each
/// <c>circ-example</c> block is run (a bare <c>*.json</c> argument names a file of that folder; single quotes group
/// an argument as a shell would), and what it prints (stdout, then stderr) and its exit code must be what the page
/// shows.
/// </summary>
public sealed partial class FolioDocsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<int> Examples() => new(Enumerable.Range(0, ExampleBlock().Count(Page())));

    [Fact]
    public void Page_HasTheWorkedExample() => Assert.True(ExampleBlock().Count(Page()) >= 3);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_PrintsWhatThePageShows(int index)
    {
        var page = Page();
        foreach (Match file in FileBlock().Matches(page))
        {
            folder.Write(file.Groups["name"].Value, file.Groups["body"].Value);
        }

        var examples = ExampleBlock().Matches(page);
        for (var i = 0; i < index; i++)
        {
            Run(examples[i]); // the examples before this one leave their files behind
        }

        var example = examples[index];
        var run = Run(example);
        var expectedExit = example.Groups["exit"].Success ? int.Parse(example.Groups["exit"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var printed = (run.Stdout + run.Stderr).Replace(folder.Path + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
        Assert.Equal(example.Groups["output"].Value, printed);
        Assert.Equal(expectedExit, run.ExitCode);
    }

    private CircRun Run(Match example)
    {
        var args = Argument().Matches(example.Groups["command"].Value)
            .Select(m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Value)
            .Select(a => a.EndsWith(".json", StringComparison.Ordinal) && !a.Contains('/', StringComparison.Ordinal) ? Path.Combine(folder.Path, a) : a)
            .ToArray();
        return CircRun.Of(args);
    }

    private static string Page()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Harvard.Circulation.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir.FullName, "docs", "folio.md")).ReplaceLineEndings("\n");
    }

    [GeneratedRegex(@"<!-- circ-file (?<name>\S+) -->\n```json\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FileBlock();

    [GeneratedRegex(@"<!-- circ-example(?: exit=(?<exit>\d))? -->\n```text\n\$ circ (?<command>[^\n]*)\n(?<output>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    [GeneratedRegex(@"'(?<quoted>[^']*)'|\S+")]
    private static partial Regex Argument();
}
