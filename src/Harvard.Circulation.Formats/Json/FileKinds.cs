using System.Text.Json;

namespace Harvard.Circulation.Formats.Json;

/// <summary>What a JSON file looks like from the field names of its top-level object.</summary>
internal enum FileKind
{
    /// <summary>None of the others: not a JSON object, or no telling field.</summary>
    Unknown,

    /// <summary>A scenario file: it has <c>events</c> or <c>asOf</c> and none of a policy's lists.</summary>
    Scenario,

    /// <summary>A policy file: it has <c>termsOfUse</c>, <c>rules</c> or <c>userGroups</c> and no <c>events</c>.</summary>
    Policy,

    /// <summary>A scenario report: <c>refused</c> and <c>balances</c>, no <c>events</c>.</summary>
    Report,

    /// <summary>A state file: <c>numbering</c>, no <c>events</c>.</summary>
    State,

    /// <summary>A comparison report: <c>old</c>, <c>new</c> and <c>differingEvents</c> (its <c>events</c> is a count,
    /// its <c>userGroups</c> a breakdown: neither makes it a scenario or a policy).</summary>
    Comparison,

    /// <summary>A FOLIO import report: <c>fallbackLine</c>, <c>dropped</c> and <c>approximations</c> (its <c>rules</c>,
    /// the FOLIO line of each rule, does not make it a policy).</summary>
    ImportReport,

    /// <summary>What <c>circ explain --format json</c> writes: <c>verdicts</c> and <c>ruleIndex</c>, fields no policy
    /// has (its <c>termsOfUse</c>, the id of the matching terms, does not make it a policy).</summary>
    Explanation,

    /// <summary>What <c>circ policy matrix --format json</c> writes: <c>cells</c> and <c>policy</c>, fields no policy
    /// has (its <c>userGroups</c>, the matrix's rows, does not make it a policy).</summary>
    PolicyMatrix,
}

/// <summary>
/// Guesses what kind of file a JSON file is, so that a file of one kind given where another is expected is named for
/// what it is (<c>reserve.json: this is a scenario file, not a policy: ...</c>) instead of as a list of unknown fields;
/// and the words that name it, shared by the tool and the readers.
/// </summary>
/// <remarks>Pure apart from reading the file; thread-safe.</remarks>
internal static class FileKinds
{
    private static readonly JsonDocumentOptions GuessOptions = new() { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Guesses what a file is, from the field names of its top-level object; never throws.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The kind; <see cref="FileKind.Unknown"/> for a file that cannot be read or parsed.</returns>
    public static FileKind Guess(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, GuessOptions);
            return Guess(document.RootElement);
        }
#pragma warning disable CA1031 // A guess: any file that cannot be read or parsed is simply of no known kind.
        catch (Exception)
#pragma warning restore CA1031
        {
            return FileKind.Unknown;
        }
    }

    /// <summary>Guesses what a parsed file is, from the field names of its top-level object.</summary>
    /// <param name="root">The document's root element.</param>
    /// <returns>The kind; <see cref="FileKind.Unknown"/> when the root is not an object.</returns>
    public static FileKind Guess(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return FileKind.Unknown;
        }

        var names = root.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        // First: a comparison report has both "events" and "userGroups", which would make it of no known kind.
        if (names.Contains("old") && names.Contains("new") && names.Contains("differingEvents"))
        {
            return FileKind.Comparison;
        }

        // Before the policy's lists: an import report has "rules" too.
        if (names.Contains("fallbackLine") && names.Contains("dropped") && names.Contains("approximations"))
        {
            return FileKind.ImportReport;
        }

        // Before the policy's lists as well, and each told by two fields a policy never has, so that no policy with
        // one stray field is taken for them.
        if (names.Contains("verdicts") && names.Contains("ruleIndex"))
        {
            return FileKind.Explanation;
        }

        if (names.Contains("cells") && names.Contains("policy"))
        {
            return FileKind.PolicyMatrix;
        }

        var events = names.Contains("events");
        if (!events && names.Contains("refused") && names.Contains("balances"))
        {
            return FileKind.Report;
        }

        if (!events && names.Contains("numbering"))
        {
            return FileKind.State;
        }

        var scenario = events || names.Contains("asOf");
        var policy = names.Contains("termsOfUse") || names.Contains("rules") || names.Contains("userGroups");
        return scenario && !policy ? FileKind.Scenario : policy && !events ? FileKind.Policy : FileKind.Unknown;
    }

    /// <summary>The line that names a file of another kind given where a policy was expected, and what to do with
    /// it: a scenario, a report or a state file; null for a policy or a file of no known kind.</summary>
    /// <param name="kind">What the file is.</param>
    /// <param name="path">The file, as it was given.</param>
    /// <returns><c>PATH: this is a scenario file, not a policy: ...</c>, or null.</returns>
    public static string? GivenAsPolicy(FileKind kind, string path) => GivenAsPolicy(kind, path, path);

    /// <summary>As <see cref="GivenAsPolicy(FileKind, string)"/>, for a file named in another file: the line starts
    /// with the file as written there, and its advice names the file as a command run from the current folder
    /// reaches it.</summary>
    /// <param name="kind">What the file is.</param>
    /// <param name="path">The file, as it was written.</param>
    /// <param name="usablePath">The file as a command reaches it (<see cref="FromCurrentDirectory"/>).</param>
    /// <returns><c>PATH: this is a scenario file, not a policy: replay it with 'circ simulate USABLE'</c>, or null.</returns>
    public static string? GivenAsPolicy(FileKind kind, string path, string usablePath) => kind == FileKind.Scenario
        ? $"{path}: this is a scenario file, not a policy: replay it with 'circ simulate {usablePath}'"
        : OutputGivenAsInput(kind, path, "policy", usablePath);

    /// <summary>The line that names a report (of a scenario, a comparison or a FOLIO import), a state file, an
    /// explanation or a policy matrix given where a policy or a scenario was expected, and what to do with it; null
    /// for any other kind.</summary>
    /// <param name="kind">What the file is.</param>
    /// <param name="path">The file, as it was given.</param>
    /// <param name="expected">What was expected there: <c>policy</c> or <c>scenario</c>.</param>
    /// <returns><c>PATH: this is a report ..., not a EXPECTED: ...</c>, or null.</returns>
    public static string? OutputGivenAsInput(FileKind kind, string path, string expected) => OutputGivenAsInput(kind, path, expected, path);

    private static string? OutputGivenAsInput(FileKind kind, string path, string expected, string usablePath) => kind switch
    {
        FileKind.Report => $"{path}: this is a report (what 'circ simulate --format json' writes), not a {expected}: give the scenario it was made from",
        FileKind.State => $"{path}: this is a state file (what 'circ simulate --state-out' writes), not a {expected}: continue it with 'circ simulate SCENARIO --state-in {usablePath}'",
        FileKind.Comparison => $"{path}: this is a comparison report (what 'circ compare --format json' writes), not a {expected}: give the policies and the scenario it was made from",
        FileKind.ImportReport => $"{path}: this is an import report (what 'circ import-folio --report' writes), not a {expected}: the policy imported with it is what 'circ import-folio' wrote to --out (or stdout)",
        FileKind.Explanation => $"{path}: this is an explanation (what 'circ explain --format json' writes), not a {expected}: give the policy it was made from",
        FileKind.PolicyMatrix => $"{path}: this is a policy matrix (what 'circ policy matrix --format json' writes), not a {expected}: give the policy it was made from",
        _ => null,
    };

    /// <summary>The message for an object of another kind written inline where a policy object was expected (a
    /// scenario's <c>policy</c>): a scenario, a report or a state file pasted whole; null for a policy or an object of
    /// no known kind.</summary>
    /// <param name="kind">What the object is.</param>
    /// <param name="expected">What the field takes, in the words of its own problem for a value of the wrong type.</param>
    /// <returns><c>this inline object is a scenario, not a policy: EXPECTED</c>, or null.</returns>
    public static string? InlineAsPolicy(FileKind kind, string expected) => kind switch
    {
        FileKind.Scenario => $"this inline object is a scenario, not a policy: {expected}",
        FileKind.Report => $"this inline object is a report (what 'circ simulate --format json' writes), not a policy: {expected}",
        FileKind.State => $"this inline object is a state file (what 'circ simulate --state-out' writes), not a policy: {expected}",
        FileKind.Comparison => $"this inline object is a comparison report (what 'circ compare --format json' writes), not a policy: {expected}",
        FileKind.ImportReport => $"this inline object is an import report (what 'circ import-folio --report' writes), not a policy: {expected}",
        FileKind.Explanation => $"this inline object is an explanation (what 'circ explain --format json' writes), not a policy: {expected}",
        FileKind.PolicyMatrix => $"this inline object is a policy matrix (what 'circ policy matrix --format json' writes), not a policy: {expected}",
        _ => null,
    };

    /// <summary>
    /// A file as a command run from <paramref name="currentDirectory"/> reaches it: relative to that folder when the
    /// file lies below it, else absolute. Advice that names a file found through another file's folder must work
    /// where the user runs <c>circ</c>, which need not be that folder.
    /// </summary>
    /// <param name="file">The file: absolute, or relative to <paramref name="currentDirectory"/>.</param>
    /// <param name="currentDirectory">The folder commands are run from; absolute.</param>
    /// <returns><c>sub/file.json</c> for a file below the folder; <c>/elsewhere/file.json</c> otherwise.</returns>
    public static string FromCurrentDirectory(string file, string currentDirectory)
    {
        var full = Path.GetFullPath(file, currentDirectory);
        var relative = Path.GetRelativePath(currentDirectory, full);
        var outside = relative == ".."
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith(".." + Path.AltDirectorySeparatorChar, StringComparison.Ordinal)
            || Path.IsPathRooted(relative);
        return outside ? full : relative;
    }
}
