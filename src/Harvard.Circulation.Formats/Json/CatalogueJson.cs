using Harvard.Circulation.Formats.Text;
using Harvard.Circulation.Items;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using System.Text.Json;

namespace Harvard.Circulation.Formats.Json;

/// <summary>
/// The patrons, items and staff of a file, in the shapes scenario files give them (<c>docs/scenarios.md</c>) and
/// state files repeat (<c>docs/state.md</c>): read with every problem at its path, written so that reading gives
/// them back.
/// </summary>
internal static class CatalogueJson
{
    private static readonly string[] PatronFields = ["id", "group", "recordType", "name", "identifiers"];
    private static readonly string[] IdentifierFields = ["type", "value"];
    private static readonly string[] ItemFields = ["barcode", "title", "itemPolicy", "library", "location", "replacementCost"];
    private static readonly string[] StaffFields = ["id", "nameSearch"];
    private static readonly (string, RecordType)[] RecordTypes = [("external", RecordType.External), ("internal", RecordType.Internal)];

    /// <summary>Reads the <c>patrons</c>, <c>items</c> and <c>staff</c> arrays of a file's top object (each
    /// optional), in file order. Groups and item policies are checked against the policy when there is one;
    /// duplicates are named at their second occurrence; every primary ID and identifier value names one patron.</summary>
    public static (Dictionary<string, Patron> Patrons, Dictionary<string, Item> Items, Dictionary<string, StaffMember> Staff) Read(
        ProblemList problems, JsonObjectReader file, Policy? policy) => Read(problems, file, policy, out _);

    /// <summary>Reads the <c>patrons</c>, <c>items</c> and <c>staff</c> arrays as
    /// <see cref="Read(ProblemList, JsonObjectReader, Policy?)"/> does, and gives the ids of the entries that are
    /// listed but left out for their problems (reported), so that what names them is not also called unknown.</summary>
    public static (Dictionary<string, Patron> Patrons, Dictionary<string, Item> Items, Dictionary<string, StaffMember> Staff) Read(
        ProblemList problems, JsonObjectReader file, Policy? policy, out RejectedEntries rejected)
    {
        var reading = new Reading(problems, policy);
        rejected = reading.Rejected;
        var patrons = reading.ReadPatrons(file);
        try
        {
            // Lookups by any identifier must be unambiguous. ClaimIdentifierValues names each clash at its
            // path; the directory's own check stays as the last word.
            _ = new PatronDirectory(patrons.Values);
        }
        catch (ArgumentException ex)
        {
            problems.Add(file.PathOf("patrons"), ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
        }

        return (patrons, reading.ReadItems(file), reading.ReadStaff(file));
    }

    /// <summary>Writes patrons as a scenario file's <c>patrons</c> array.</summary>
    public static void WritePatrons(Utf8JsonWriter w, IEnumerable<Patron> patrons)
    {
        w.WriteStartArray("patrons");
        foreach (var patron in patrons)
        {
            w.WriteStartObject();
            w.WriteString("id", patron.PrimaryId);
            w.WriteString("group", patron.GroupCode);
            w.WriteString("recordType", patron.RecordType.ToSpelling());
            w.WriteOptional("name", patron.Name);
            if (patron.Identifiers.Count > 0)
            {
                w.WriteStartArray("identifiers");
                foreach (var identifier in patron.Identifiers)
                {
                    w.WriteStartObject();
                    w.WriteString("type", identifier.Type);
                    w.WriteString("value", identifier.Value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes items as a scenario file's <c>items</c> array.</summary>
    public static void WriteItems(Utf8JsonWriter w, IEnumerable<Item> items)
    {
        w.WriteStartArray("items");
        foreach (var item in items)
        {
            w.WriteStartObject();
            w.WriteString("barcode", item.Barcode);
            w.WriteOptional("title", item.Title);
            w.WriteString("itemPolicy", item.ItemPolicy);
            w.WriteString("library", item.Library);
            w.WriteOptional("location", item.Location);
            w.WriteOptional("replacementCost", item.ReplacementCost?.ToAmountString());
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes staff members as a scenario file's <c>staff</c> array.</summary>
    public static void WriteStaff(Utf8JsonWriter w, IEnumerable<StaffMember> staff)
    {
        w.WriteStartArray("staff");
        foreach (var member in staff)
        {
            w.WriteStartObject();
            w.WriteString("id", member.Id);
            w.WriteBoolean("nameSearch", member.NameSearch);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private sealed class Reading(ProblemList problems, Policy? policy)
    {
        private readonly string currency = policy?.Currency ?? Money.DefaultCurrency;

        public RejectedEntries Rejected { get; } = new();

        public Dictionary<string, Patron> ReadPatrons(JsonObjectReader f)
        {
            var patrons = new Dictionary<string, Patron>(StringComparer.OrdinalIgnoreCase);
            var owners = new Dictionary<string, (string Owner, bool IsPrimary)>(StringComparer.OrdinalIgnoreCase);
            if (f.Array("patrons", required: false) is not { } array)
            {
                return patrons;
            }

            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = ProblemList.Index(f.PathOf("patrons"), index++);
                if (JsonObjectReader.Open(problems, element, path, PatronFields) is not { } p)
                {
                    continue;
                }

                var id = p.String("id", required: true);
                var group = p.String("group", required: true);
                // Absent or null: the default; null only for a wrong value, which is reported.
                var recordType = p.Enum("recordType", RecordTypes, RecordType.External);
                var patronName = p.Has("name") ? p.String("name", required: false) : null;
                var identifiers = ReadIdentifiers(p);
                if (group is not null && policy is not null && policy.FindUserGroup(group) is null)
                {
                    problems.Add(p.PathOf("group"), $"'{group}' is not a user group of the policy" + Suggestions.DidYouMean(group, policy.UserGroups.Select(g => g.Code)));
                    group = null;
                }

                if (id is not null && patrons.ContainsKey(id.Trim()))
                {
                    problems.Add(p.PathOf("id"), $"duplicate patron id '{id}'");
                    continue;
                }

                if (id is null || group is null || recordType is null || identifiers is null)
                {
                    Reject(id);
                    continue;
                }

                try
                {
                    var patron = new Patron(id, group, patronName, recordType.Value, identifiers);
                    if (ClaimIdentifierValues(patron, p, owners))
                    {
                        patrons.Add(patron.PrimaryId, patron);
                    }
                    else
                    {
                        Reject(id);
                    }
                }
                catch (ArgumentException ex)
                {
                    problems.Add(p.PathOf("identifiers"), ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
                    Reject(id);
                }
            }

            return patrons;

            void Reject(string? id)
            {
                if (!string.IsNullOrWhiteSpace(id))
                {
                    Rejected.PatronIds.Add(id.Trim());
                }
            }
        }

        /// <summary>A value names one patron: a primary ID or identifier value that an earlier
        /// patron already has is refused at this, the second, occurrence's path.</summary>
        private bool ClaimIdentifierValues(Patron patron, JsonObjectReader p, Dictionary<string, (string Owner, bool IsPrimary)> owners)
        {
            var ok = true;
            void Claim(string value, string path, bool isPrimary)
            {
                if (owners.TryGetValue(value, out var owner) && owner.Owner != patron.PrimaryId)
                {
                    problems.Add(path, $"'{value}' is already {(owner.IsPrimary ? "the primary ID" : "an identifier")} of patron '{owner.Owner}'; a value names one patron");
                    ok = false;
                }
            }

            Claim(patron.PrimaryId, p.PathOf("id"), isPrimary: true);
            for (var j = 0; j < patron.Identifiers.Count; j++)
            {
                Claim(patron.Identifiers[j].Value, ProblemList.Child(ProblemList.Index(p.PathOf("identifiers"), j), "value"), isPrimary: false);
            }

            if (ok)
            {
                owners.TryAdd(patron.PrimaryId, (patron.PrimaryId, true));
                foreach (var identifier in patron.Identifiers)
                {
                    owners.TryAdd(identifier.Value, (patron.PrimaryId, false));
                }
            }

            return ok;
        }

        private List<PatronIdentifier>? ReadIdentifiers(JsonObjectReader p)
        {
            var identifiers = new List<PatronIdentifier>();
            if (p.Array("identifiers", required: false) is not { } array)
            {
                return p.Has("identifiers") && p.Raw("identifiers", required: false) is not null ? null : identifiers;
            }

            var ok = true;
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = ProblemList.Index(p.PathOf("identifiers"), index++);
                if (JsonObjectReader.Open(problems, element, path, IdentifierFields) is { } i
                    && i.String("type", required: true) is { } type && i.String("value", required: true) is { } value)
                {
                    identifiers.Add(new PatronIdentifier(type, value));
                }
                else
                {
                    ok = false;
                }
            }

            return ok ? identifiers : null;
        }

        public Dictionary<string, Item> ReadItems(JsonObjectReader f)
        {
            var items = new Dictionary<string, Item>(StringComparer.Ordinal);
            if (f.Array("items", required: false) is not { } array)
            {
                return items;
            }

            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = ProblemList.Index(f.PathOf("items"), index++);
                if (JsonObjectReader.Open(problems, element, path, ItemFields) is not { } i)
                {
                    continue;
                }

                var barcode = i.String("barcode", required: true);
                var title = i.Has("title") ? i.String("title", required: false) : null;
                var itemPolicy = i.String("itemPolicy", required: true);
                var library = i.String("library", required: true);
                var location = i.Has("location") ? i.String("location", required: false) : null;
                var cost = i.PositiveAmount("replacementCost", required: false, currency);
                var costBad = i.Has("replacementCost") && i.Raw("replacementCost", required: false) is not null && cost is null;
                if (itemPolicy is not null && policy is not null && policy.FindItemPolicy(itemPolicy) is null)
                {
                    problems.Add(i.PathOf("itemPolicy"), $"'{itemPolicy}' is not an item policy of the policy" + Suggestions.DidYouMean(itemPolicy, policy.ItemPolicies.Select(p => p.Code)));
                    itemPolicy = null;
                }

                if (barcode is not null && items.ContainsKey(barcode))
                {
                    problems.Add(i.PathOf("barcode"), $"duplicate item barcode '{barcode}'");
                    continue;
                }

                if (barcode is not null && itemPolicy is not null && library is not null && !costBad)
                {
                    items.Add(barcode, new Item(barcode, itemPolicy, library, title, location, cost));
                }
                else if (barcode is not null)
                {
                    Rejected.ItemBarcodes.Add(barcode);
                }
            }

            return items;
        }

        public Dictionary<string, StaffMember> ReadStaff(JsonObjectReader f)
        {
            var staff = new Dictionary<string, StaffMember>(StringComparer.Ordinal);
            if (f.Array("staff", required: false) is not { } array)
            {
                return staff;
            }

            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = ProblemList.Index(f.PathOf("staff"), index++);
                if (JsonObjectReader.Open(problems, element, path, StaffFields) is not { } s || s.String("id", required: true) is not { } id)
                {
                    continue;
                }

                var nameSearch = s.Bool("nameSearch") ?? false;
                if (!staff.TryAdd(id, new StaffMember(id, nameSearch)))
                {
                    problems.Add(s.PathOf("id"), $"duplicate staff id '{id}'");
                }
            }

            return staff;
        }
    }
}

/// <summary>The ids of the patrons and the barcodes of the items that a file lists in entries left out for their
/// problems (each reported at its path): an event naming one names a listed entry, not an unknown one.</summary>
internal sealed class RejectedEntries
{
    public HashSet<string> PatronIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> ItemBarcodes { get; } = new(StringComparer.Ordinal);
}
