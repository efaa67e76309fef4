using System.Text;

namespace Harvard.Circulation.Formats.Schemas;

/// <summary>
/// The JSON Schemas (draft 2020-12) of the public file formats: policy files, scenario files, the scenario report
/// and the comparison report. Editors complete and check a file that names its schema in a <c>$schema</c> field (the readers accept
/// that field and ignore its value); tools can validate files against them. The same files are in the package's
/// <c>schemas/</c> folder and in the repository's <c>docs/schemas/</c>.
/// </summary>
/// <remarks>
/// A schema checks each field — names, types, spellings, the syntax of amounts, periods, times and instants — but
/// not what only the reader can: unique codes and ids, references between them, events in time order, time zone
/// ids. A file valid for its reader is valid for its schema; the reverse does not hold. Each text is read once, on
/// first use; thread-safe.
/// </remarks>
public static class FormatSchemas
{
    /// <summary>The <c>$id</c> of the policy file schema, a URL editors can fetch.</summary>
    public const string PolicyId = Base + "policy.schema.json";

    /// <summary>The <c>$id</c> of the scenario file schema; it refers to the policy schema for an inline policy.</summary>
    public const string ScenarioId = Base + "scenario.schema.json";

    /// <summary>The <c>$id</c> of the scenario report schema (what <c>circ simulate --format json</c> prints).</summary>
    public const string ReportId = Base + "report.schema.json";

    /// <summary>The <c>$id</c> of the comparison report schema (what <c>circ compare --format json</c> prints).</summary>
    public const string CompareId = Base + "compare.schema.json";

    /// <summary>The <c>$id</c> of the state file's schema (<c>docs/schemas/state.schema.json</c>), which state files
    /// name in their <c>$schema</c> field.</summary>
    public const string StateId = Base + "state.schema.json";

    private const string Base = "https://raw.githubusercontent.com/harvard-circulation/harvard-circulation/main/docs/schemas/";

    private static readonly Lazy<string> PolicyText = new(() => Load("policy.schema.json"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> ScenarioText = new(() => Load("scenario.schema.json"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> ReportText = new(() => Load("report.schema.json"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> StateText = new(() => Load("state.schema.json"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> CompareText = new(() => Load("compare.schema.json"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The policy file schema's JSON text.</summary>
    public static string Policy => PolicyText.Value;

    /// <summary>The scenario file schema's JSON text.</summary>
    public static string Scenario => ScenarioText.Value;

    /// <summary>The scenario report schema's JSON text.</summary>
    public static string Report => ReportText.Value;

    /// <summary>The comparison report schema's JSON text.</summary>
    public static string Compare => CompareText.Value;

    /// <summary>The state file schema's JSON text.</summary>
    public static string State => StateText.Value;

    private static string Load(string file)
    {
        var resource = "Harvard.Circulation.Formats.Schemas." + file;
        using var stream = typeof(FormatSchemas).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource '{resource}' is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
