using System.Reflection;
using System.Text.RegularExpressions;

namespace Harvard.Circulation.Tests.Docs;

/// <summary>docs/api.md gives every public type of the three packages its role: a new public type must be listed,
/// and a listed type must still be public.</summary>
public sealed partial class ApiDocsTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(Money).Assembly,
        typeof(Harvard.Circulation.Formats.Scenarios.ScenarioReader).Assembly,
        typeof(Harvard.Circulation.Testing.ScenarioAssert).Assembly,
    ];

    [Fact]
    public void EveryPublicType_IsListedOnce()
    {
        var listed = ListedTypes();
        var publicTypes = PublicTypeNames();
        Assert.Empty(publicTypes.Except(listed, StringComparer.Ordinal));
        Assert.Empty(listed.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void EveryListedType_IsPublic() =>
        Assert.Empty(ListedTypes().Except(PublicTypeNames(), StringComparer.Ordinal));

    [Fact]
    public void EveryRole_IsWritten() =>
        Assert.All(File.ReadAllLines(Repository.PathOf("docs/api.md")).Where(l => TypeRow().IsMatch(l)),
            row => Assert.Matches(@"^\| `[^`]+` \| \S.{8,} \|$", row));

    private static List<string> ListedTypes() =>
        File.ReadAllLines(Repository.PathOf("docs/api.md")).Select(l => TypeRow().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    private static HashSet<string> PublicTypeNames() =>
        Packages.SelectMany(a => a.GetExportedTypes()).Select(DisplayName).ToHashSet(StringComparer.Ordinal);

    // Decision`1 → Decision<T>, as the page writes it.
    private static string DisplayName(Type type) => type.IsGenericTypeDefinition
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(a => a.Name))}>"
        : type.Name;

    [GeneratedRegex(@"^\| `([A-Za-z][A-Za-z0-9]*(?:<[A-Z, ]+>)?)` \|")]
    private static partial Regex TypeRow();
}
