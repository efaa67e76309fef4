namespace Harvard.Circulation.Cli;

/// <summary>
/// Where the tool's help sends a reader: the docs on the web, since an installed tool has no <c>docs/</c> folder
/// beside it.
/// </summary>
internal static class DocsLinks
{
    /// <summary>The docs folder of the repository on GitHub, ending in a slash.</summary>
    public const string Base = "https://github.com/harvard-circulation/harvard-circulation/blob/main/docs/";

    /// <summary>The scenario files page.</summary>
    public const string Scenarios = Base + "scenarios.md";

    /// <summary>The policy files page.</summary>
    public const string Policies = Base + "policies.md";

    /// <summary>The state files page.</summary>
    public const string State = Base + "state.md";

    /// <summary>The tool's page.</summary>
    public const string Cli = Base + "cli.md";
}
