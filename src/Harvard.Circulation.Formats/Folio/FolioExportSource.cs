using System.Text.Json;
using Harvard.Circulation.Formats.Json;

namespace Harvard.Circulation.Formats.Folio;

/// <summary>One part of a FOLIO export: its key in a bundle, its file in a folder, the FOLIO endpoint whose body it is.</summary>
internal sealed record FolioExportPart(string Key, string FileName, string? Endpoint, bool Required, JsonValueKind Kind)
{
    /// <summary>Where the part comes from, for messages about a missing file.</summary>
    public string Origin => Endpoint is null ? "the import's own settings" : $"the body of GET {Endpoint}";
}

/// <summary>
/// Loads the parts of a FOLIO export — a folder of API response bodies, or one bundle object with the same keys —
/// as JSON elements keyed by bundle key. The documents stay open until the source is disposed.
/// </summary>
internal sealed class FolioExportSource : IDisposable
{
    /// <summary>Every part of an export, in the order of <c>docs/folio.md</c>.</summary>
    public static readonly IReadOnlyList<FolioExportPart> Parts =
    [
        new("rulesAsText", "circulation-rules.json", "/circulation/rules", true, JsonValueKind.String),
        new("loanPolicies", "loan-policies.json", "/loan-policy-storage/loan-policies", true, JsonValueKind.Array),
        new("requestPolicies", "request-policies.json", "/request-policy-storage/request-policies", true, JsonValueKind.Array),
        new("patronNoticePolicies", "patron-notice-policies.json", "/patron-notice-policy-storage/patron-notice-policies", true, JsonValueKind.Array),
        new("overdueFinePolicies", "overdue-fines-policies.json", "/overdue-fines-policies", true, JsonValueKind.Array),
        new("lostItemFeePolicies", "lost-item-fees-policies.json", "/lost-item-fees-policies", true, JsonValueKind.Array),
        new("usergroups", "groups.json", "/groups", true, JsonValueKind.Array),
        new("mtypes", "material-types.json", "/material-types", true, JsonValueKind.Array),
        new("loantypes", "loan-types.json", "/loan-types", true, JsonValueKind.Array),
        new("locations", "locations.json", "/locations", true, JsonValueKind.Array),
        new("loclibs", "libraries.json", "/location-units/libraries", true, JsonValueKind.Array),
        new("loccamps", "campuses.json", "/location-units/campuses", true, JsonValueKind.Array),
        new("locinsts", "institutions.json", "/location-units/institutions", true, JsonValueKind.Array),
        new("servicepoints", "service-points.json", "/service-points", false, JsonValueKind.Array),
        new("patronBlockLimits", "patron-block-limits.json", "/patron-block-limits", false, JsonValueKind.Array),
        new("settings", "settings.json", null, false, JsonValueKind.Object),
    ];

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };
    private static readonly string[] RulesFileFields = ["id", "rulesAsText", "metadata"];
    private static readonly string[] CollectionExtras = ["totalRecords", "resultInfo"];

    private readonly List<JsonDocument> documents = [];
    private readonly Dictionary<string, JsonElement> values = new(StringComparer.Ordinal);

    private FolioExportSource()
    {
    }

    /// <summary>The element of a part, or null when the export does not have it (reported when required).</summary>
    public JsonElement? this[string key] => values.TryGetValue(key, out var value) ? value : null;

    /// <summary>Reads a bundle: one object whose keys are the parts' keys.</summary>
    public static FolioExportSource FromBundle(string json, ProblemList problems)
    {
        var source = new FolioExportSource();
        if (source.Parse(json, string.Empty, problems) is not { } root)
        {
            return source;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add("$", "expected a bundle object whose keys are rulesAsText, loanPolicies, … (see docs/folio.md)");
            return source;
        }

        var fields = JsonObjectReader.Open(problems, root, string.Empty, Parts.Select(p => p.Key).ToArray())!;
        foreach (var part in Parts)
        {
            if (fields.Raw(part.Key, part.Required) is { } value)
            {
                source.Add(part, value, part.Key, problems);
            }
        }

        return source;
    }

    /// <summary>Reads a folder: one file per part, each the body FOLIO's endpoint returns.</summary>
    public static FolioExportSource FromFolder(string folder, ProblemList problems)
    {
        var source = new FolioExportSource();
        foreach (var part in Parts)
        {
            var path = Path.Combine(folder, part.FileName);
            if (!File.Exists(path))
            {
                if (part.Required)
                {
                    problems.Add(part.FileName, $"no such file in the folder: it holds {part.Origin}");
                }

                continue;
            }

            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(part.FileName, "cannot be read: " + ex.Message);
                continue;
            }

            if (source.Parse(text, part.FileName + ", ", problems) is not { } root)
            {
                continue;
            }

            if (part.Key == "settings")
            {
                source.Add(part, root, part.Key, problems);
                continue;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(part.FileName, $"expected a JSON object: {part.Origin}");
                continue;
            }

            var known = part.Key == "rulesAsText" ? RulesFileFields : [part.Key, .. CollectionExtras];
            JsonElement? value = null;
            foreach (var property in root.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    problems.Add(part.FileName, $"unknown field '{property.Name}': the file should hold {part.Origin}");
                }
                else if (property.Name == part.Key)
                {
                    value = property.Value;
                }
            }

            if (value is null)
            {
                problems.Add(part.FileName, $"has no '{part.Key}': the file should hold {part.Origin}");
                continue;
            }

            source.Add(part, value.Value, part.Key, problems);
        }

        return source;
    }

    public void Dispose()
    {
        foreach (var document in documents)
        {
            document.Dispose();
        }
    }

    private JsonElement? Parse(string text, string prefix, ProblemList problems)
    {
        try
        {
            var document = JsonDocument.Parse(text, DocumentOptions);
            documents.Add(document);
            return document.RootElement;
        }
        catch (JsonException ex)
        {
            var (path, message) = ProblemList.SyntaxError(ex, text);
            problems.Add(prefix + path, message);
            return null;
        }
    }

    private void Add(FolioExportPart part, JsonElement value, string path, ProblemList problems)
    {
        if (value.ValueKind != part.Kind)
        {
            problems.Add(path, part.Kind switch
            {
                JsonValueKind.String => "expected a string: the rules text",
                JsonValueKind.Array => "expected an array of records",
                _ => "expected an object",
            });
            return;
        }

        values[part.Key] = value;
    }
}
