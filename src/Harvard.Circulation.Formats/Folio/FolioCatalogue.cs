namespace Harvard.Circulation.Formats.Folio;

/// <summary>A FOLIO patron group and its code in our policy (<c>group</c>, or its id when that cannot serve).</summary>
internal sealed record FolioGroupEntry(string Id, string Code, string Name);

/// <summary>A FOLIO material type or loan type and the part of item policy codes it gives (its name, or its id).</summary>
internal sealed record FolioTypeEntry(string Id, string CodePart);

/// <summary>One of our item policies: a material type × loan type pair, code <c>{material}|{loan type}</c>.</summary>
internal sealed record FolioItemPolicyEntry(string MaterialTypeId, string LoanTypeId, string Code, string Name);

/// <summary>A FOLIO location with the ids its <c>a b c s</c> criteria test and our library and location codes.</summary>
internal sealed record FolioLocationEntry(string Id, string Code, string LibraryId, string LibraryCode, string? CampusId, string? InstitutionId)
{
    /// <summary>The id a place criterion tests: institution, campus, library or location.</summary>
    public string? IdFor(char letter) => letter switch
    {
        'a' => InstitutionId,
        'b' => CampusId,
        'c' => LibraryId,
        _ => Id,
    };
}

/// <summary>
/// The closed catalogue a FOLIO rules text is compiled over: every patron group, item policy (material type ×
/// loan type) and location of one export, with the codes they get in our policy.
/// </summary>
internal sealed class FolioCatalogue
{
    public FolioCatalogue(IEnumerable<FolioGroupEntry> groups, IEnumerable<FolioTypeEntry> materialTypes, IEnumerable<FolioTypeEntry> loanTypes,
        IEnumerable<FolioLocationEntry> locations)
    {
        Groups = groups.OrderBy(g => g.Code, StringComparer.Ordinal).ToList();
        var loanTypeList = loanTypes.ToList();
        ItemPolicies = materialTypes
            .SelectMany(m => loanTypeList.Select(t => new FolioItemPolicyEntry(m.Id, t.Id, $"{m.CodePart}|{t.CodePart}", $"{m.CodePart} / {t.CodePart}")))
            .OrderBy(p => p.Code, StringComparer.Ordinal)
            .ToList();
        Locations = locations.OrderBy(l => l.LibraryCode, StringComparer.Ordinal).ThenBy(l => l.Code, StringComparer.Ordinal).ToList();
        LocationCountByLibrary = Locations.GroupBy(l => l.LibraryCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>The patron groups, by code.</summary>
    public IReadOnlyList<FolioGroupEntry> Groups { get; }

    /// <summary>Every material type × loan type pair, by code.</summary>
    public IReadOnlyList<FolioItemPolicyEntry> ItemPolicies { get; }

    /// <summary>The locations, by library code then location code.</summary>
    public IReadOnlyList<FolioLocationEntry> Locations { get; }

    /// <summary>How many locations each library code has.</summary>
    public IReadOnlyDictionary<string, int> LocationCountByLibrary { get; }
}
