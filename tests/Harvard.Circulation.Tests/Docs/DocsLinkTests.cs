using System.Text.RegularExpressions;

namespace Harvard.Circulation.Tests.Docs;

/// <summary>
/// The docs are self-contained: every relative link in <c>docs/</c>, the README and the changelog reaches a file
/// (and a heading, when it names one) that is in the repository; no page names a <c>.md</c> file the repository
/// does not hold; the package READMEs, read on a package page far from the repository, link by URL only.
/// </summary>
public sealed partial class DocsLinkTests
{
    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        foreach (var page in RepositoryPages())
        {
            data.Add(page);
        }

        return data;
    }

    public static TheoryData<string> PackageReadmes()
    {
        var data = new TheoryData<string>();
        foreach (var readme in Directory.GetFiles(Path.Combine(Repository.Root, "src"), "README.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            data.Add(Path.GetRelativePath(Repository.Root, readme).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void Pages_IncludeEveryDocsPageAndTheReadme()
    {
        var pages = RepositoryPages().ToList();

        Assert.Contains("README.md", pages);
        Assert.Contains("docs/cli.md", pages);
        Assert.True(pages.Count >= 15, $"{pages.Count} pages");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void RelativeLinks_Page_EveryTargetExists(string page)
    {
        var broken = new List<string>();
        var text = File.ReadAllText(Path.Combine(Repository.Root, page));
        foreach (var target in LinkTargets(text))
        {
            if (Problem(page, target) is { } problem)
            {
                broken.Add($"{target}: {problem}");
            }
        }

        Assert.True(broken.Count == 0, $"{page}: " + string.Join("; ", broken));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void MarkdownNames_Page_AreFilesOfTheRepository(string page)
    {
        var names = MarkdownFiles().Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var text = UrlPattern().Replace(File.ReadAllText(Path.Combine(Repository.Root, page)), string.Empty);

        var missing = MarkdownName().Matches(text).Select(m => m.Value).Where(n => !names.Contains(Path.GetFileName(n))).Distinct().ToList();

        Assert.True(missing.Count == 0, $"{page} names files the repository does not hold: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(PackageReadmes))]
    public void PackageReadme_Links_AreAbsoluteUrls(string readme)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, readme));

        var relative = LinkTargets(text).Where(t => !t.StartsWith("https://", StringComparison.Ordinal)).ToList();

        Assert.True(relative.Count == 0, $"{readme}: a package page cannot follow relative links: {string.Join(", ", relative)}");
        Assert.Contains(Repository.DocsUrl, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Exit codes of `circ simulate`", "exit-codes-of-circ-simulate")]
    [InlineData("The embedded `harvard-default` policy", "the-embedded-harvard-default-policy")]
    [InlineData("Lost and found", "lost-and-found")]
    [InlineData("`simulate`: the text report", "simulate-the-text-report")]
    public void Slug_Heading_IsGitHubsAnchor(string heading, string slug) => Assert.Equal(slug, Slug(heading));

    [Fact]
    public void Problem_MissingFileAndMissingHeading_AreNamed()
    {
        Assert.Equal("no such file", Problem("docs/cli.md", "domain.md"));
        Assert.Equal("no heading 'no-such-heading' in docs/scenarios.md", Problem("docs/cli.md", "scenarios.md#no-such-heading"));
        Assert.Null(Problem("docs/cli.md", "scenarios.md#report"));
        Assert.Null(Problem("README.md", "docs/examples/"));
    }

    /// <summary>Why a link from a page does not resolve, or null when it does.</summary>
    private static string? Problem(string page, string target)
    {
        if (target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal)
            || target.StartsWith("mailto:", StringComparison.Ordinal))
        {
            return null;
        }

        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var pageFolder = Path.GetDirectoryName(Path.Combine(Repository.Root, page))!;
        var path = file.Length == 0 ? Path.Combine(Repository.Root, page) : Path.GetFullPath(Path.Combine(pageFolder, Uri.UnescapeDataString(file)));
        if (!path.StartsWith(Repository.Root, StringComparison.Ordinal))
        {
            return "outside the repository";
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return "no such file";
        }

        if (anchor is null || !path.EndsWith(".md", StringComparison.Ordinal))
        {
            return null;
        }

        var slugs = Headings(File.ReadAllText(path));
        return slugs.Contains(anchor) ? null : $"no heading '{anchor}' in {Path.GetRelativePath(Repository.Root, path).Replace('\\', '/')}";
    }

    private static IEnumerable<string> LinkTargets(string markdown)
    {
        foreach (Match m in MarkdownLink().Matches(markdown))
        {
            yield return m.Groups["target"].Value;
        }

        foreach (Match m in HtmlLink().Matches(markdown))
        {
            yield return m.Groups["target"].Value;
        }
    }

    /// <summary>The anchors of a page's headings, as GitHub makes them (a repeated heading gets -1, -2, ...).</summary>
    private static HashSet<string> Headings(string markdown)
    {
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && Heading().Match(line) is { Success: true } heading)
            {
                var slug = Slug(heading.Groups["title"].Value);
                var unique = slug;
                for (var n = 1; !slugs.Add(unique); n++)
                {
                    unique = $"{slug}-{n}";
                }
            }
        }

        return slugs;
    }

    private static string Slug(string heading) =>
        SlugDropped().Replace(heading.Trim().ToLowerInvariant(), string.Empty).Replace(' ', '-');

    private static IEnumerable<string> RepositoryPages() =>
        MarkdownFiles()
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'))
            .Where(f => f.StartsWith("docs/", StringComparison.Ordinal) || !f.Contains('/', StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> MarkdownFiles() =>
        Directory.GetFiles(Repository.Root, "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Repository.Root, f).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "bin" or "obj" or "artifacts" or "BenchmarkDotNet.Artifacts" or "TestResults" || part.StartsWith('.')));

    [GeneratedRegex(@"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"<(?:img|a)\s[^>]*(?:src|href)=""(?<target>[^""]+)""")]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"^#{1,6}\s+(?<title>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\s_-]")]
    private static partial Regex SlugDropped();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"[\w./-]*\b[\w-]+\.md\b")]
    private static partial Regex MarkdownName();
}
