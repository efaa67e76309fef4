using ArchUnitNET.Domain;
using ArchUnitNET.Domain.Extensions;
using ArchUnitNET.Loader;
using Harvard.Circulation.Cli;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Formats.Scenarios;

namespace Harvard.Circulation.Tests;

/// <summary>
/// The layers point one way (docs/architecture.md): leaf values below the concepts, each concept folder on
/// the ones below it only, the desk on top; the core knows no JSON, file or console; formats build on the core and
/// the tool on both. A new dependency that points back up a layer, or closes a cycle, fails here.
/// </summary>
public class ArchitectureTests
{
    private const string Core = "Harvard.Circulation";

    /// <summary>Each namespace of the core and the namespaces it may use (besides its own and the leaves).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [Core] = [],
        ["Collections"] = [],
        ["Time"] = [],
        ["Policies"] = [],
        ["Calendar"] = ["Policies"],
        ["Fines"] = ["Policies", "Calendar"],
        ["Loans"] = ["Policies", "Calendar", "Fines"],
        ["Sessions"] = [],
        ["Notices"] = ["Policies", "Calendar", "Fines", "Loans"],
        ["Requests"] = ["Policies", "Calendar", "Fines", "Loans"],
        ["Retention"] = ["Policies", "Calendar", "Fines", "Loans"],
        ["Items"] = ["Policies", "Calendar", "Fines", "Loans", "Requests"],
        ["Patrons"] = ["Policies", "Calendar", "Fines", "Loans", "Notices", "Sessions", "Requests"],
        ["Desk"] = ["Policies", "Calendar", "Fines", "Loans", "Sessions", "Notices", "Requests", "Retention", "Items", "Patrons"],
    };

    /// <summary>The leaves every namespace may use: the root values, the persistent collections, period arithmetic.</summary>
    private static readonly string[] Leaves = [Core, "Collections", "Time"];

    private static readonly Lazy<Architecture> Loaded = new(() => new ArchLoader()
        .LoadAssemblies(typeof(CirculationDesk).Assembly, typeof(ScenarioReplayer).Assembly, typeof(CircApp).Assembly)
        .Build());

    public static TheoryData<string> CoreNamespaces() => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(CoreNamespaces))]
    public void CoreNamespace_UsesOnlyTheLayersBelow(string name)
    {
        var allowed = Allowed[name].Concat(Leaves).Append(name).ToHashSet(StringComparer.Ordinal);

        var wrong = CoreDependencies()
            .Where(d => d.From == name && !allowed.Contains(d.To))
            .Select(d => $"{d.FromType} uses {d.ToType}")
            .Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.True(wrong.Count == 0, $"{name} may use {string.Join(", ", Allowed[name])} and the leaves; it uses:\n  " + string.Join("\n  ", wrong));
    }

    [Fact]
    public void CoreNamespaces_FormNoCycle()
    {
        var edges = CoreDependencies().Where(d => d.From != d.To).Select(d => (d.From, d.To)).Distinct().ToList();
        var cycle = FindCycle(edges);

        Assert.True(cycle is null, "a cycle of namespaces: " + string.Join(" -> ", cycle ?? []));
    }

    [Fact]
    public void AllowedLayers_AreThemselvesAcyclic() =>
        Assert.Null(FindCycle([.. Allowed.SelectMany(e => e.Value.Select(to => (e.Key, to)))]));

    [Fact]
    public void Core_KnowsNoJsonFileOrConsole()
    {
        var banned = new[] { "System.Text.Json", "System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.Console", "Harvard.Circulation.Formats", "Harvard.Circulation.Cli" };

        var uses = CoreTypes().SelectMany(t => t.Dependencies.Select(d => (From: t.FullName, To: d.Target.FullName)))
            .Where(d => banned.Any(b => d.To == b || d.To.StartsWith(b + ".", StringComparison.Ordinal) || d.To.StartsWith(b + "`", StringComparison.Ordinal)))
            .Select(d => $"{d.From} uses {d.To}").Distinct().ToList();

        Assert.True(uses.Count == 0, "the engine core must not read files, write consoles or know JSON:\n  " + string.Join("\n  ", uses));
    }

    [Fact]
    public void Formats_DoNotUseTheTool()
    {
        var uses = Loaded.Value.Types
            .Where(t => t.Namespace.FullName.StartsWith("Harvard.Circulation.Formats", StringComparison.Ordinal))
            .SelectMany(t => t.Dependencies.Select(d => d.Target.FullName))
            .Where(n => n.StartsWith("Harvard.Circulation.Cli", StringComparison.Ordinal)).ToList();

        Assert.Empty(uses);
    }

    [Fact]
    public void Dependencies_AreSeen()
    {
        // The law above can fail: the desk is seen to use the loans, and the loans not the desk.
        var edges = CoreDependencies().Select(d => (d.From, d.To)).ToHashSet();
        Assert.Contains(("Desk", "Loans"), edges);
        Assert.Contains(("Loans", "Fines"), edges);
        Assert.DoesNotContain(("Loans", "Desk"), edges);
    }

    private static IEnumerable<IType> CoreTypes() =>
        Loaded.Value.Types.Where(t => t.Assembly.FullName.StartsWith("Harvard.Circulation,", StringComparison.Ordinal));

    /// <summary>Every use of a core type by a core type, by the short name of each namespace (the root is "Harvard.Circulation").</summary>
    private static List<(string From, string To, string FromType, string ToType)> CoreDependencies() =>
        CoreTypes()
            .SelectMany(t => t.Dependencies.Select(d => d.Target)
                .Where(target => target.Assembly.FullName.StartsWith("Harvard.Circulation,", StringComparison.Ordinal))
                .Select(target => (From: Short(t.Namespace.FullName), To: Short(target.Namespace.FullName), FromType: t.FullName, ToType: target.FullName)))
            .Where(d => !d.FromType.Contains("<PrivateImplementationDetails>", StringComparison.Ordinal)
                && !d.ToType.Contains("<PrivateImplementationDetails>", StringComparison.Ordinal)
                && !string.IsNullOrEmpty(d.From) && !string.IsNullOrEmpty(d.To))
            .ToList();

    private static string Short(string ns) => ns == Core ? Core : ns.StartsWith(Core + ".", StringComparison.Ordinal) ? ns[(Core.Length + 1)..] : ns;

    private static List<string>? FindCycle(List<(string From, string To)> edges)
    {
        var graph = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().ToList());
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.SkipWhile(n => n != next), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            state[node] = 2;
            path.RemoveAt(path.Count - 1);
            return null;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
