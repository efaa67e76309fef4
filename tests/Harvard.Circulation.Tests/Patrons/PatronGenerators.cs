using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Patrons;

namespace Harvard.Circulation.Tests.Patrons;

/// <summary>A search to run: the directory's patrons, the staff member's clearance, the kind and the query.</summary>
internal sealed record SearchCase(Patron[] Patrons, bool NameSearch, PatronSearchBy By, string Query)
{
    // Patron.ToString hides names; a counter-example needs them.
    public override string ToString() =>
        $"{By.ToSpelling()} '{Query}' nameSearch={NameSearch} over [{string.Join("; ", Patrons.Select(p => $"{p} name='{p.Name}'"))}]";
}

/// <summary>A lookup to run: the directory's patrons, the patron expected, and the ID as typed at the desk.</summary>
internal sealed record LookupCase(Patron[] Patrons, int Index, bool IsPrimary, string Typed)
{
    public override string ToString() => $"'{Typed}' should find #{Index} of [{string.Join("; ", Patrons.Select(p => p.ToString()))}]";
}

/// <summary>Generators for the patron properties. IDs are drawn from a small alphabet so that case and
/// padding matter; primary IDs end in <c>-index</c> and identifiers in <c>#index.position</c>, which keeps
/// every ID distinct as a directory requires.</summary>
internal static class PatronGenerators
{
    private static readonly string[] NameWords = ["Ada", "Lovelace", "Ada-Marie", "Charles", "Babbage", "Grace", "Hopper", "Åsa", "de", "la", "Library"];
    private static readonly string[] Padding = ["", " ", "  ", "\t", "\n", "\u00A0"];
    private static readonly string[] IdentifierTypes = ["barcode", "library card", "university id"];

    public static Arbitrary<SearchCase> SearchCases() =>
        (from patrons in Directories()
         from nameSearch in Gen.Elements(true, false)
         from kind in Gen.Elements(PatronSearchBy.PrimaryId, PatronSearchBy.Identifier, PatronSearchBy.Name)
         from query in Query(patrons, kind)
         select new SearchCase(patrons, nameSearch, kind, query)).ToArbitrary();

    public static Arbitrary<LookupCase> LookupCases() =>
        (from patrons in Directories().Where(ps => ps.Length > 0)
         from index in Gen.Choose(0, patrons.Length - 1)
         from position in Gen.Choose(-1, patrons[index].Identifiers.Count - 1)
         let id = position < 0 ? patrons[index].PrimaryId : patrons[index].Identifiers[position].Value
         from typed in Typed(id)
         select new LookupCase(patrons, index, position < 0, typed)).ToArbitrary();

    private static Gen<Patron[]> Directories() =>
        from count in Gen.Choose(0, 8)
        from patrons in Gen.CollectToArray(Enumerable.Range(0, count), PatronAt)
        select patrons;

    private static Gen<Patron> PatronAt(int index) =>
        from primary in IdText()
        from name in Gen.OneOf(Gen.Constant<string?>(null), NameText().Select(n => (string?)n))
        from groupCode in Gen.Elements(typeof(HarvardUserGroups).GetFields().Select(f => (string)f.GetRawConstantValue()!))
        from recordType in Gen.Elements(RecordType.External, RecordType.Internal)
        from count in Gen.Choose(0, 3)
        from values in Gen.ArrayOf(IdText(), count)
        from types in Gen.ArrayOf(Gen.Elements(IdentifierTypes), count)
        select new Patron(
            $"{primary}-{index}",
            groupCode,
            name,
            recordType,
            values.Select((value, position) => new PatronIdentifier(types[position], $"{value}#{index}.{position}")));

    private static Gen<string> IdText() =>
        from length in Gen.Choose(1, 4)
        from chars in Gen.ArrayOf(Gen.Elements("aAbBxX019".ToCharArray()), length)
        select new string(chars);

    private static Gen<string> NameText() =>
        from count in Gen.Choose(1, 3)
        from words in Gen.ArrayOf(Gen.Elements(NameWords), count)
        select string.Join(' ', words);

    /// <summary>A value as a person might type it: any case, spaces around.</summary>
    private static Gen<string> Typed(string value) =>
        from flags in Gen.ArrayOf(Gen.Elements(true, false), value.Length)
        from left in Gen.Elements(Padding)
        from right in Gen.Elements(Padding)
        select left + new string(value.Select((c, i) => flags[i] ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray()) + right;

    private static Gen<string> Query(Patron[] patrons, PatronSearchBy by)
    {
        var known = by switch
        {
            PatronSearchBy.PrimaryId => patrons.Select(p => p.PrimaryId).ToArray(),
            PatronSearchBy.Identifier => patrons.SelectMany(p => p.Identifiers.Select(i => i.Value)).ToArray(),
            _ => NameWords.Concat(NameWords.Select(w => w[..Math.Min(3, w.Length)])).Concat(["love", "ada love", "ada babbage", "grace  hopper", "", " "]).ToArray(),
        };

        // Known values (and prefixes of them, for names) mostly; random text sometimes; several words for names.
        var single = known.Length == 0 ? IdText() : Gen.Frequency((4, Gen.Elements(known)), (1, IdText()));
        var raw = by == PatronSearchBy.Name
            ? from count in Gen.Choose(0, 3)
              from words in Gen.ArrayOf(single, count)
              select string.Join(' ', words)
            : single;
        return raw.SelectMany(Typed);
    }
}
