namespace Harvard.Circulation.Tests;

/// <summary>The repository the tests run in: its root folder (the one holding the solution) and the docs' URL.</summary>
internal static class Repository
{
    /// <summary>Where the docs are read on the web: package pages and help texts link here.</summary>
    public const string DocsUrl = Harvard.Circulation.Cli.DocsLinks.Base;

    /// <summary>The folder holding <c>Harvard.Circulation.sln</c>, without a trailing separator.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the root, given with forward slashes.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Harvard.Circulation.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Harvard.Circulation.sln.");
    }
}
