using System.Text.RegularExpressions;

namespace Harvard.Circulation.Tests.Cli;

/// <summary>
/// Runs every example of docs/cli.md: each <c>circ-file</c> block is written to a folder, each
/// <c>circ-example</c> block is run there, and what it prints (stdout, then stderr) and its exit code must be
/// what the page shows — so the page cannot drift from the tool. <c>UPDATE_EXAMPLES=1</c> rewrites the outputs.
/// </summary>
public sealed partial class CircAppDocsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (Match m in ExampleBlock().Matches(Page()))
        {
            data.Add(m.Groups["command"].Value);
        }

        return data;
    }

    [Fact]
    public void Page_HasExamples() => Assert.True(ExampleBlock().Count(Page()) >= 8);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_PrintsWhatThePageShows(string command)
    {
        var page = Page();
        foreach (Match file in FileBlock().Matches(page))
        {
            folder.Write(file.Groups["name"].Value, file.Groups["body"].Value);
        }

        var example = ExampleBlock().Matches(page).Single(m => m.Groups["command"].Value == command);
        var expectedExit = example.Groups["exit"].Success ? int.Parse(example.Groups["exit"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var args = command.Split(' ')
            .Select(a => File.Exists(Path.Combine(folder.Path, a)) ? Path.Combine(folder.Path, a) : a)
            .ToArray();

        var run = CircRun.Of(args);

        var printed = (run.Stdout + run.Stderr).Replace(folder.Path + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("UPDATE_EXAMPLES") == "1" && printed != example.Groups["output"].Value)
        {
            // Rewrites the block with what the tool prints now; check the diff of the page before committing it.
            var exit = run.ExitCode == 0 ? string.Empty : $" exit={run.ExitCode}";
            var block = $"<!-- circ-example{exit} -->\n```text\n$ circ {command}\n{printed}```";
            File.WriteAllText(PagePath(), page.Remove(example.Index, example.Length).Insert(example.Index, block));
            return;
        }

        Assert.Equal(example.Groups["output"].Value, printed);
        Assert.Equal(expectedExit, run.ExitCode);
    }

    private static string Page() => File.ReadAllText(PagePath()).ReplaceLineEndings("\n");

    private static string PagePath() => Repository.PathOf("docs/cli.md");

    [GeneratedRegex(@"<!-- circ-file (?<name>\S+) -->\n```json\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FileBlock();

    [GeneratedRegex(@"<!-- circ-example(?: exit=(?<exit>\d))? -->\n```text\n\$ circ (?<command>[^\n]*)\n(?<output>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
