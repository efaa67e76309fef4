using System.Globalization;

namespace Harvard.Circulation.Formats.Folio;

/// <summary>The five FOLIO policy types a rule line names, by their letters <c>l r n o i</c>.</summary>
internal enum FolioPolicyType
{
    /// <summary><c>l</c>: loan policy.</summary>
    Loan,

    /// <summary><c>r</c>: request policy.</summary>
    Request,

    /// <summary><c>n</c>: patron notice policy.</summary>
    Notice,

    /// <summary><c>o</c>: overdue fine policy.</summary>
    OverdueFine,

    /// <summary><c>i</c>: lost item fee policy.</summary>
    LostItem,
}

/// <summary>How a criterion selects names: <c>all</c>, any of the names listed, or none of them (<c>!name</c>).</summary>
internal enum FolioCriterionMode
{
    All,
    AnyOf,
    NoneOf,
}

/// <summary>One kind of priority before the line priority: <c>criterium(...)</c> or <c>number-of-criteria</c>.</summary>
internal enum FolioPriorityKind
{
    None,
    Criterium,
    NumberOfCriteria,
}

/// <summary>A problem in the rules text, at a 1-based line and column (the column of the offending character,
/// or one past the end of the line when something is missing there).</summary>
internal sealed record FolioRulesProblem(int Line, int Column, string Message)
{
    public string Path => string.Create(CultureInfo.InvariantCulture, $"rulesAsText:{Line}:{Column}");

    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A policy id named in the rules text, where it stands.</summary>
internal sealed record FolioPolicyReference(FolioPolicyType Type, string Id, int Line, int Column);

/// <summary>The five policy ids of one rule line (or of the fallback line).</summary>
internal sealed record FolioPolicyTuple(string Loan, string Request, string Notice, string OverdueFine, string LostItem)
{
    public string Get(FolioPolicyType type) => type switch
    {
        FolioPolicyType.Loan => Loan,
        FolioPolicyType.Request => Request,
        FolioPolicyType.Notice => Notice,
        FolioPolicyType.OverdueFine => OverdueFine,
        FolioPolicyType.LostItem => LostItem,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a policy type."),
    };
}

/// <summary>One criterion of a line: a letter (<c>g m t a b c s</c>) and its name selection.</summary>
internal sealed record FolioCriterion(char Letter, FolioCriterionMode Mode, IReadOnlyList<string> Names, int Column)
{
    /// <summary>Whether the criterion holds for a record id (null = the record is absent: only <c>all</c> of a
    /// letter whose record always exists would hold, and the compiler never asks that).</summary>
    public bool Holds(string? id) => Mode switch
    {
        FolioCriterionMode.All => true,
        FolioCriterionMode.AnyOf => id is not null && Names.Contains(id, StringComparer.Ordinal),
        _ => id is null || !Names.Contains(id, StringComparer.Ordinal),
    };
}

/// <summary>A line of criteria: its own criteria, its enclosing line (if nested), and its policies if it has
/// any (a line without policies only groups the lines nested under it).</summary>
internal sealed record FolioRuleLine(int Line, int Indent, IReadOnlyList<FolioCriterion> Criteria, FolioPolicyTuple? Policies, FolioRuleLine? Parent)
{
    /// <summary>This line's criteria and those of every enclosing line, outermost first.</summary>
    public IEnumerable<FolioCriterion> AllCriteria => (Parent?.AllCriteria ?? []).Concat(Criteria);
}

/// <summary>The priority line: up to two criterion priorities, then <c>first-line</c> or <c>last-line</c>.</summary>
internal sealed record FolioPriority(FolioPriorityKind First, FolioPriorityKind Second, bool FirstLine, IReadOnlyDictionary<char, int> Weights)
{
    /// <summary><c>priority: last-line</c>.</summary>
    public static FolioPriority LastLine { get; } = new(FolioPriorityKind.None, FolioPriorityKind.None, false, new Dictionary<char, int>());

    /// <summary>Whether this is the bare <c>priority: first-line</c>, whose fallback comes after the last rule.</summary>
    public bool IsBareFirstLine => FirstLine && First == FolioPriorityKind.None && Second == FolioPriorityKind.None;

    /// <summary>The rank of a rule line: greater ranks win. Fixed before any lookup (FOLIO's Drools salience
    /// <c>10^8·R1 + 10^7·R2 + (line | 10^7 − line)</c>, kept as a tuple).</summary>
    public (int R1, int R2, int L) Rank(FolioRuleLine line)
    {
        var letters = line.AllCriteria.Select(c => c.Letter).ToList();
        return (Value(First, letters), Value(Second, letters), FirstLine ? -line.Line : line.Line);
    }

    private int Value(FolioPriorityKind kind, List<char> letters) => kind switch
    {
        FolioPriorityKind.Criterium => letters.Count == 0 ? 0 : letters.Max(l => Weights.GetValueOrDefault(l)),
        // The location letters a, b, c, s count as one kind.
        FolioPriorityKind.NumberOfCriteria => letters.Select(l => l is 'a' or 'b' or 'c' or 's' ? 's' : l).Distinct().Count(),
        _ => 0,
    };
}

/// <summary>A parsed FOLIO circulation rules text (mod-circulation's <c>CirculationRules.g4</c> language).</summary>
internal sealed record FolioRulesText(
    FolioPriority Priority,
    IReadOnlyList<FolioRuleLine> Lines,
    int FallbackLine,
    FolioPolicyTuple? Fallback,
    IReadOnlyList<FolioPolicyReference> References,
    IReadOnlyList<FolioRulesProblem> Problems)
{
    /// <summary>The lines that name policies: one rule each.</summary>
    public IEnumerable<FolioRuleLine> RuleLines => Lines.Where(l => l.Policies is not null);
}
