using System.Text.Json;

namespace Harvard.Circulation.Cli;

/// <summary>
/// How the tool words a rejected file: each problem as <c>path: message</c> (the whole document's path <c>$</c>
/// given as the file's own path), a closing summary line, and a file of the other kind named for what it is
/// instead of as a list of unknown fields.
/// </summary>
internal static class FileProblems
{
    /// <summary>What a JSON file looks like from its top-level field names.</summary>
    public enum Kind
    {
        /// <summary>Neither: not a JSON object, or no telling field.</summary>
        Unknown,

        /// <summary>It has <c>events</c> or <c>asOf</c> and none of a policy's lists.</summary>
        Scenario,

        /// <summary>It has <c>termsOfUse</c>, <c>rules</c> or <c>userGroups</c> and no <c>events</c>.</summary>
        Policy,

        /// <summary>A scenario report: <c>refused</c> and <c>balances</c>, no <c>events</c>.</summary>
        Report,

        /// <summary>A state file: <c>numbering</c>, no <c>events</c>.</summary>
        State,
    }

    /// <summary>The line that names a report or a state file given where a policy or a scenario was expected, and
    /// what to do with it; null for any other file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="expected">What was expected there: <c>policy</c> or <c>scenario</c>.</param>
    public static string? OutputGivenAsInput(string path, string expected) => Guess(path) switch
    {
        Kind.Report => $"{path}: this is a report (what 'circ simulate --format json' writes), not a {expected}: give the scenario it was made from",
        Kind.State => $"{path}: this is a state file (what 'circ simulate --state-out' writes), not a {expected}: continue it with 'circ simulate SCENARIO --state-in {path}'",
        _ => null,
    };

    /// <summary>Guesses what a file is, from the field names of its top-level object; never throws.</summary>
    public static Kind Guess(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Kind.Unknown;
            }

            var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var events = names.Contains("events");
            if (!events && names.Contains("refused") && names.Contains("balances"))
            {
                return Kind.Report;
            }

            if (!events && names.Contains("numbering"))
            {
                return Kind.State;
            }

            var scenario = events || names.Contains("asOf");
            var policy = names.Contains("termsOfUse") || names.Contains("rules") || names.Contains("userGroups");
            return scenario && !policy ? Kind.Scenario : policy && !events ? Kind.Policy : Kind.Unknown;
        }
#pragma warning disable CA1031 // A guess: any file that cannot be read or parsed is simply of no known kind.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Kind.Unknown;
        }
    }

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
