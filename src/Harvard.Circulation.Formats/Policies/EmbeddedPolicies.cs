using System.Diagnostics.CodeAnalysis;
using System.Text;
using Ardalis.GuardClauses;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Formats.Policies;

/// <summary>
/// The policies shipped inside the package. <c>harvard-default</c> carries Harvard Library's published figures
/// where known (standard loans fine-free; recalls $3/day max $45; reserves and 3-hour loans $3/hour max $45
/// with 1 hour grace; lost $100 at 45 days overdue; bursar thresholds) — every other value is illustrative.
/// </summary>
/// <remarks>Each policy is read once, on first use, and shared; thread-safe.</remarks>
public static class EmbeddedPolicies
{
    /// <summary>The name of the embedded Harvard Library policy.</summary>
    public const string HarvardDefaultName = "harvard-default";

    private const string HarvardDefaultResource = "Harvard.Circulation.Formats.Policies.harvard-default.json";

    private static readonly Lazy<string> HarvardJson = new(() => LoadResource(HarvardDefaultResource), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Policy> Harvard = new(() => PolicyReader.Read(HarvardJson.Value).PolicyOrThrow(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded <c>harvard-default</c> policy file's text.</summary>
    public static string HarvardDefaultJson => HarvardJson.Value;

    /// <summary>The embedded <c>harvard-default</c> policy, read once and cached.</summary>
    public static Policy HarvardDefault => Harvard.Value;

    /// <summary>Finds an embedded policy by name (ordinal, case-sensitive).</summary>
    /// <param name="name">The name, e.g. <see cref="HarvardDefaultName"/>.</param>
    /// <param name="policy">The policy when found; otherwise null.</param>
    /// <returns>Whether an embedded policy has that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static bool TryGet(string name, [NotNullWhen(true)] out Policy? policy)
    {
        Guard.Against.Null(name);
        policy = string.Equals(name, HarvardDefaultName, StringComparison.Ordinal) ? HarvardDefault : null;
        return policy is not null;
    }

    private static string LoadResource(string resource)
    {
        using var stream = typeof(EmbeddedPolicies).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource '{resource}' is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
