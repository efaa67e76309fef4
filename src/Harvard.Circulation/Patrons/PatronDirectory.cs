using System.Collections.Frozen;
using Ardalis.GuardClauses;

namespace Harvard.Circulation.Patrons;

/// <summary>
/// The patrons known to the engine, found by primary ID or any additional identifier, and searched as staff
/// search them in Alma's Manage Patron Services.
/// </summary>
/// <remarks>
/// <para>Every ID is trimmed and compared ordinally ignoring case. A lookup is one dictionary probe, whatever
/// the number of patrons; a name search reads only the patrons whose names hold the rarest three letters of the
/// query (an index built at the first name search), or every patron when each word is shorter than three.</para>
/// <para>Each primary ID and each additional identifier value names at most one patron, so a lookup by any
/// ID is never ambiguous: a directory in which two patrons share one is refused when built.</para>
/// <para>Results keep the order the patrons were given in. Immutable and safe to share between threads.</para>
/// </remarks>
public sealed class PatronDirectory
{
    private readonly FrozenDictionary<string, int> byPrimaryId;
    private readonly FrozenDictionary<string, int> byIdentifier;
    private readonly Lazy<FrozenDictionary<string, int[]>> nameIndex;

    /// <summary>Creates a directory.</summary>
    /// <param name="patrons">The patrons, in the order results are given.</param>
    /// <exception cref="ArgumentNullException"><paramref name="patrons"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">Two patrons share a primary ID, or an additional identifier value is
    /// another patron's primary ID or identifier; the message names the value and the primary IDs, never a
    /// name.</exception>
    public PatronDirectory(IEnumerable<Patron> patrons)
    {
        Patrons = Guard.Against.Null(patrons).ToEquatableArray();
        var primary = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Patrons.Count; i++)
        {
            var patron = Guard.Against.Null(Patrons[i], nameof(patrons), "A patron directory cannot hold a null patron.");
            if (!primary.TryAdd(patron.PrimaryId, i))
            {
                throw new ArgumentException($"Patron ID '{patron.PrimaryId}' appears twice in the directory.", nameof(patrons));
            }
        }

        var other = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Patrons.Count; i++)
        {
            var patron = Patrons[i];
            foreach (var identifier in patron.Identifiers)
            {
                if (primary.TryGetValue(identifier.Value, out var owner) && owner != i)
                {
                    throw new ArgumentException(
                        $"Identifier '{identifier.Value}' of patron '{patron.PrimaryId}' is the primary ID of patron '{Patrons[owner].PrimaryId}'.",
                        nameof(patrons));
                }

                if (!other.TryAdd(identifier.Value, i) && other[identifier.Value] != i)
                {
                    throw new ArgumentException(
                        $"Identifier '{identifier.Value}' of patron '{patron.PrimaryId}' is also an identifier of patron '{Patrons[other[identifier.Value]].PrimaryId}'.",
                        nameof(patrons));
                }
            }
        }

        byPrimaryId = primary.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        byIdentifier = other.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        nameIndex = new Lazy<FrozenDictionary<string, int[]>>(() => BuildNameIndex(Patrons));
    }

    /// <summary>An empty directory.</summary>
    public static PatronDirectory Empty { get; } = new([]);

    /// <summary>Every patron, in the order given.</summary>
    public EquatableArray<Patron> Patrons { get; }

    /// <summary>The number of patrons.</summary>
    public int Count => Patrons.Count;

    /// <summary>The patron with a primary ID.</summary>
    /// <param name="primaryId">The primary ID; trimmed, case ignored.</param>
    /// <returns>The patron, or null when none has it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="primaryId"/> is null.</exception>
    public Patron? FindByPrimaryId(string primaryId) => Lookup(byPrimaryId, Guard.Against.Null(primaryId));

    /// <summary>The patron with an additional identifier of this value, whatever its type.</summary>
    /// <param name="value">The identifier value; trimmed, case ignored.</param>
    /// <returns>The patron, or null when none has it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public Patron? FindByIdentifier(string value) => Lookup(byIdentifier, Guard.Against.Null(value));

    /// <summary>The patron whose primary ID or additional identifier is this value — what a scan at the desk
    /// finds.</summary>
    /// <param name="anyId">A primary ID or identifier value; trimmed, case ignored.</param>
    /// <returns>The patron, or null when none has it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="anyId"/> is null.</exception>
    public Patron? Find(string anyId)
    {
        Guard.Against.Null(anyId);
        return Lookup(byPrimaryId, anyId) ?? Lookup(byIdentifier, anyId);
    }

    /// <summary>Searches patrons as a staff member.</summary>
    /// <param name="staff">Who searches.</param>
    /// <param name="by">What the query is matched against.</param>
    /// <param name="query">The query. For IDs, trimmed and matched exactly ignoring case; for names, split on
    /// white space, and a patron matches when the name contains every word, ignoring case (ordinal,
    /// culture-invariant).</param>
    /// <returns>
    /// Allowed, with the matching patrons in directory order (possibly none; a blank query matches none).
    /// Refused with <see cref="RefusalCodes.NameSearchNotPermitted"/> and an empty value when the search is by
    /// name and the staff member lacks the name-search clearance — a refusal, never an empty result.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="staff"/> or <paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is not defined.</exception>
    public Decision<EquatableArray<Patron>> Search(StaffMember staff, PatronSearchBy by, string query)
    {
        Guard.Against.Null(staff);
        Guard.Against.Null(query);
        switch (by)
        {
            case PatronSearchBy.PrimaryId:
                return Allow(FindByPrimaryId(query));
            case PatronSearchBy.Identifier:
                return Allow(FindByIdentifier(query));
            case PatronSearchBy.Name:
                if (!staff.NameSearch)
                {
                    return Decision<EquatableArray<Patron>>.Refuse(
                        EquatableArray<Patron>.Empty,
                        new Refusal(
                            RefusalCodes.NameSearchNotPermitted,
                            $"Searching patrons by name needs the name-search clearance ({StaffMember.NameSearchRole}); staff '{staff.Id}' does not have it."));
                }

                return Decision<EquatableArray<Patron>>.Allow(SearchByName(query));
            default:
                throw new ArgumentOutOfRangeException(nameof(by), by, "Not a patron search kind.");
        }
    }

    /// <summary>The position of the patron with a primary ID (trimmed, case ignored) in <see cref="Patrons"/>; −1 when none.</summary>
    internal int IndexOf(string primaryId) => byPrimaryId.TryGetValue(primaryId.Trim(), out var i) ? i : -1;

    private static Decision<EquatableArray<Patron>> Allow(Patron? found) =>
        Decision<EquatableArray<Patron>>.Allow(found is null ? EquatableArray<Patron>.Empty : EquatableArray.Create(found));

    private Patron? Lookup(FrozenDictionary<string, int> index, string id) =>
        index.TryGetValue(id.Trim(), out var i) ? Patrons[i] : null;

    private EquatableArray<Patron> SearchByName(string query)
    {
        // A null separator splits on every char.IsWhiteSpace character.
        var words = query.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return EquatableArray<Patron>.Empty;
        }

        bool Matches(int i) => Patrons[i].Name is { } name && Array.TrueForAll(words, w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

        // Only the patrons whose name holds the rarest three letters of the query's words can match: reading those
        // costs the size of that list, not of the directory. Words shorter than three letters narrow nothing.
        int[]? candidates = null;
        foreach (var word in words)
        {
            var upper = word.ToUpperInvariant();
            for (var k = 0; k + Trigram <= upper.Length; k++)
            {
                var list = nameIndex.Value.TryGetValue(upper.Substring(k, Trigram), out var found) ? found : [];
                if (candidates is null || list.Length < candidates.Length)
                {
                    candidates = list;
                }
            }
        }

        return candidates is null
            ? Enumerable.Range(0, Patrons.Count).Where(Matches).Select(i => Patrons[i]).ToEquatableArray()
            : candidates.Where(Matches).Select(i => Patrons[i]).ToEquatableArray();
    }

    private const int Trigram = 3;

    /// <summary>Each three letters of any name (upper case), with the patrons whose name holds them, in order.</summary>
    private static FrozenDictionary<string, int[]> BuildNameIndex(EquatableArray<Patron> patrons)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < patrons.Count; i++)
        {
            if (patrons[i].Name is not { } name)
            {
                continue;
            }

            var upper = name.ToUpperInvariant();
            for (var k = 0; k + Trigram <= upper.Length; k++)
            {
                var key = upper.Substring(k, Trigram);
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                if (list.Count == 0 || list[^1] != i)
                {
                    list.Add(i);
                }
            }
        }

        return index.ToFrozenDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
