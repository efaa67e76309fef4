using System.Reflection;

namespace Harvard.Circulation.Tests;

/// <summary>The shape rules every public type of the engine follows, checked by reflection so that a new type
/// cannot quietly break them.</summary>
public class ConventionTests
{
    private static readonly Assembly[] Assemblies = [typeof(global::Harvard.Circulation.Money).Assembly];

    public static TheoryData<string> AssemblyNames() => new(Assemblies.Select(a => a.GetName().Name!));

    [Theory]
    [MemberData(nameof(AssemblyNames))]
    public void PublicStructs_AreReadonly(string assembly)
    {
        var mutable = PublicTypes(assembly)
            .Where(t => t.IsValueType && !t.IsEnum && !IsReadOnly(t))
            .Select(t => t.FullName);
        AssertNone(mutable, "public structs must be readonly");
    }

    [Theory]
    [MemberData(nameof(AssemblyNames))]
    public void PublicClasses_AreSealedAbstractOrStatic(string assembly)
    {
        // A static class is abstract and sealed in metadata; a delegate type is sealed.
        var open = PublicTypes(assembly)
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Select(t => t.FullName);
        AssertNone(open, "public classes must be sealed, abstract or static");
    }

    [Theory]
    [MemberData(nameof(AssemblyNames))]
    public void PublicProperties_HaveNoPublicSetOrInit(string assembly)
    {
        // Positional records generate public init accessors, so the engine's records declare get-only
        // properties assigned in a validating constructor. Inherited members (Exception.HelpLink) are not ours.
        // The state a host hands in and gets out (snapshots, their parts, the changes of a step) is plain data: it is
        // checked as a whole when restored (CirculationDesk.Check), since no one record can know its consistency.
        const BindingFlags declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var settable = PublicTypes(assembly)
            .Where(t => !IsStateData(t))
            .SelectMany(t => t.GetProperties(declared).Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.SetMethod is { IsPublic: true })
            .Select(x => $"{x.Type.FullName}.{x.Property.Name}");
        AssertNone(settable, "public properties must have no public set or init accessor");
    }

    [Fact]
    public void Assemblies_HavePublicTypes() => Assert.All(Assemblies, a => Assert.NotEmpty(a.GetExportedTypes()));

    // Lists every violation in the failure message, not the first few.
    private static void AssertNone(IEnumerable<string?> violations, string rule)
    {
        var list = violations.ToList();
        Assert.True(list.Count == 0, $"{rule}: {string.Join(", ", list)}");
    }

    private static bool IsStateData(Type type) =>
        type.Name.EndsWith("Snapshot", StringComparison.Ordinal)
        || typeof(global::Harvard.Circulation.Desk.DeskChange).IsAssignableFrom(type)
        || type.Namespace == "Harvard.Circulation.Desk" && type.Name is "DeskStep" or "DeskNumbering" or "PatronClaims" or "DeskScope" or "LoanElsewhere" or "ItemLoans"
            or "SameInstantOrder" or "PendingFineFee" or "LoanPlace" or "PendingNotice" or "SnapshotProblem" or "OwnerRecords"
        || type == typeof(global::Harvard.Circulation.Notices.NoticePlace)
        || type == typeof(global::Harvard.Circulation.Fines.AccrualStop);

    private static IEnumerable<Type> PublicTypes(string assembly) =>
        Assemblies.Single(a => a.GetName().Name == assembly).GetExportedTypes();

    // The compiler marks readonly structs with IsReadOnlyAttribute, which it may embed, so match by name.
    private static bool IsReadOnly(Type type) =>
        type.GetCustomAttributes(inherit: false).Any(a => a.GetType().FullName == "System.Runtime.CompilerServices.IsReadOnlyAttribute");
}
