namespace Harvard.Circulation.Cli;

/// <summary>
/// How the tool words a rejected file: each problem as <c>path: message</c> (the whole document's path <c>$</c>
/// given as the file's own path) and a closing summary line. A file of the other kind is named for what it is
/// instead, by <see cref="Harvard.Circulation.Formats.Json.FileKinds"/>.
/// </summary>
internal static class FileProblems
{
    /// <summary>Writes each problem as <c>path: message</c>, <c>$</c> replaced by the file's path, then the
    /// summary line <c>FILE: not a valid WHAT: N problems</c>.</summary>
    public static void Write(string file, string what, IEnumerable<(string Path, string Message)> problems, TextWriter stderr)
    {
        var count = 0;
        foreach (var (path, message) in problems)
        {
            stderr.WriteLine($"{(path == "$" ? file : path)}: {message}");
            count++;
        }

        stderr.WriteLine($"{file}: not a valid {what}: {(count == 1 ? "1 problem" : $"{count} problems")}");
    }
}
