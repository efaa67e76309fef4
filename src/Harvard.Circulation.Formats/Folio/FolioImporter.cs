using System.Globalization;
using System.Text.Json;
using Ardalis.GuardClauses;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Formats.Folio;

/// <summary>
/// Imports a FOLIO circulation configuration — the circulation rules, the five kinds of policies, patron groups,
/// material and loan types, the location hierarchy — as one policy (format 1) that gives the same answers, with a
/// report of where every rule and terms of use comes from and of everything only approximated. See
/// <c>docs/folio.md</c>.
/// </summary>
/// <remarks>
/// <para>The rules text is compiled into first-match order: FOLIO's ranking of matching lines is fixed before any
/// lookup, so sorting the lines by rank and expanding each line's condition over the exported catalogue gives a
/// first-match list that picks, for every exported record, the line FOLIO picks.</para>
/// <para>Every problem is collected, each as <c>path: message</c>: <c>rulesAsText:LINE:COLUMN</c> in the rules text,
/// <c>loanPolicies[3].loansPolicy.period</c> style in the records. A result holds either a policy or problems.
/// Thread-safe: each call works on its own data.</para>
/// </remarks>
public static class FolioImporter
{
    /// <summary>Imports from a path: a folder of FOLIO API response bodies, or one bundle file.</summary>
    /// <param name="source">The folder or the bundle file.</param>
    /// <param name="options">The import options; null = <see cref="FolioImportOptions.Default"/>.</param>
    /// <returns>The policy and its report, or every problem.</returns>
    /// <exception cref="ArgumentException"><paramref name="source"/> is null or empty.</exception>
    public static FolioImportResult Import(string source, FolioImportOptions? options = null)
    {
        Guard.Against.NullOrWhiteSpace(source);
        if (Directory.Exists(source))
        {
            return ImportFolder(source, options);
        }

        string json;
        try
        {
            json = File.ReadAllText(source);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var message = ex is FileNotFoundException or DirectoryNotFoundException ? "no such file or folder" : "cannot be read: " + ex.Message;
            return new FolioImportResult(null, null, [new PolicyProblem(source, message)]);
        }

        return ImportBundle(json, options);
    }

    /// <summary>Imports a folder holding one file per part of the export (<c>circulation-rules.json</c>,
    /// <c>loan-policies.json</c>, …), each the body FOLIO's endpoint returns.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="options">The import options; null = <see cref="FolioImportOptions.Default"/>.</param>
    /// <returns>The policy and its report, or every problem.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is null or empty.</exception>
    public static FolioImportResult ImportFolder(string folder, FolioImportOptions? options = null)
    {
        Guard.Against.NullOrWhiteSpace(folder);
        var problems = new ProblemList();
        if (!Directory.Exists(folder))
        {
            return new FolioImportResult(null, null, [new PolicyProblem(folder, "no such folder")]);
        }

        using var source = FolioExportSource.FromFolder(folder, problems);
        return new FolioImportRun(options ?? FolioImportOptions.Default, problems).Run(source);
    }

    /// <summary>Imports a bundle: one JSON object whose keys are those of the folder's files (<c>rulesAsText</c>,
    /// <c>loanPolicies</c>, …).</summary>
    /// <param name="json">The bundle's text.</param>
    /// <param name="options">The import options; null = <see cref="FolioImportOptions.Default"/>.</param>
    /// <returns>The policy and its report, or every problem.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static FolioImportResult ImportBundle(string json, FolioImportOptions? options = null) =>
        ImportBundleWithCompilation(json, options).Result;

    /// <summary>Imports a bundle and also returns the compiled rules before clean-up (every rule in FOLIO's rank
    /// order), from which FOLIO's ranked list of matching lines can be read.</summary>
    internal static (FolioImportResult Result, FolioCompilation? Compilation) ImportBundleWithCompilation(string json, FolioImportOptions? options = null)
    {
        Guard.Against.Null(json);
        var problems = new ProblemList();
        using var source = FolioExportSource.FromBundle(json, problems);
        var run = new FolioImportRun(options ?? FolioImportOptions.Default, problems);
        var result = run.Run(source);
        return (result, run.Compilation);
    }
}

/// <summary>A record of the catalogue as read: id, path, code, name and the parent ids it names.</summary>
internal sealed record FolioRecord(string Id, string Path, string? Code, string? Name, string? ParentId = null, string? CampusId = null, string? InstitutionId = null);

/// <summary>One import: reads the export, compiles the rules, maps the policies, builds the policy and report.</summary>
internal sealed class FolioImportRun(FolioImportOptions options, ProblemList problems)
{
    private const string MaxLoansCondition = "3d7c52dc-c732-4223-8bf8-e5917801386f";
    private const string MaxLostItemsCondition = "72b67965-5b73-4840-bc0b-be8f3f6e047e";
    private const string MaxBalanceCondition = "cf7a0d5f-a327-4ca1-aa9e-dc55ec006b8a";

    private static readonly string[] SettingsFields = ["timeZone", "currency", "name", "libraryHours"];
    private static readonly string[] GroupFields = ["group", "desc", "id", "expirationOffsetInDays", "source", "metadata"];
    private static readonly string[] TypeFields = ["id", "name", "source", "metadata"];
    private static readonly string[] InstitutionFields = ["id", "name", "code", "isShadow", "metadata"];
    private static readonly string[] CampusFields = ["id", "name", "code", "institutionId", "isShadow", "metadata"];
    private static readonly string[] LibraryFields = ["id", "name", "code", "campusId", "isShadow", "metadata"];
    private static readonly string[] LocationFields = ["id", "name", "code", "description", "discoveryDisplayName", "isActive", "institutionId", "institution", "campusId", "campus", "libraryId", "library", "details", "primaryServicePoint", "primaryServicePointObject", "servicePointIds", "isFloatingCollection", "servicePoints", "isShadow", "metadata"];
    private static readonly string[] BlockLimitFields = ["id", "patronGroupId", "conditionId", "value", "metadata"];

    private static readonly (FolioPolicyType Type, string Key, string What)[] PolicyKinds =
    [
        (FolioPolicyType.Loan, "loanPolicies", "loan policy"),
        (FolioPolicyType.Request, "requestPolicies", "request policy"),
        (FolioPolicyType.Notice, "patronNoticePolicies", "notice policy"),
        (FolioPolicyType.OverdueFine, "overdueFinePolicies", "overdue fine policy"),
        (FolioPolicyType.LostItem, "lostItemFeePolicies", "lost item fee policy"),
    ];

    private static readonly Dictionary<string, string> OtherConditions = new(StringComparer.Ordinal)
    {
        ["584fbd4f-6a34-4730-a6ca-73a6a6a9d845"] = "Maximum number of overdue items",
        ["e5b45031-a202-4abb-917b-e1df9346fe2c"] = "Maximum number of overdue recalls",
        ["08530ac4-07f2-48e6-9dda-a97bc2bf7053"] = "Recall overdue by maximum number of days",
    };

    private readonly FolioFindings findings = new();

    /// <summary>The compiled rules, once <see cref="Run"/> got that far.</summary>
    public FolioCompilation? Compilation { get; private set; }

    public FolioImportResult Run(FolioExportSource source)
    {
        // Settings: the tenant locale FOLIO keeps outside these records.
        var settings = source["settings"] is { } s ? JsonObjectReader.Open(problems, s, "settings", SettingsFields) : null;
        var zone = TimeZone(settings);
        var currency = Currency(settings);
        var name = options.Name ?? settings?.String("name", required: false, nonEmpty: false);

        // The catalogue.
        var groups = Records(source, "usergroups", GroupFields, (f, id, path) => new FolioRecord(id, path, f.String("group", required: true, nonEmpty: false), f.String("desc", required: false, nonEmpty: false)));
        var materialTypes = Records(source, "mtypes", TypeFields, (f, id, path) => new FolioRecord(id, path, f.String("name", required: true, nonEmpty: false), null));
        var loanTypes = Records(source, "loantypes", TypeFields, (f, id, path) => new FolioRecord(id, path, f.String("name", required: true, nonEmpty: false), null));
        var institutions = Records(source, "locinsts", InstitutionFields, (f, id, path) => new FolioRecord(id, path, f.String("code", required: true, nonEmpty: false), Name(f)));
        var campuses = Records(source, "loccamps", CampusFields, (f, id, path) => new FolioRecord(id, path, f.String("code", required: true, nonEmpty: false), Name(f), f.String("institutionId", required: true)));
        var libraries = Records(source, "loclibs", LibraryFields, (f, id, path) => new FolioRecord(id, path, f.String("code", required: true, nonEmpty: false), Name(f), f.String("campusId", required: true)));
        var locations = Records(source, "locations", LocationFields, (f, id, path) => new FolioRecord(id, path, f.String("code", required: true, nonEmpty: false), Name(f),
            f.String("libraryId", required: true), f.String("campusId", required: false), f.String("institutionId", required: false)));

        var groupCodes = Codes(groups, "group", "the patron group", forbidBar: false);
        var materialCodes = Codes(materialTypes, "name", "the material type name", forbidBar: true);
        var loanTypeCodes = Codes(loanTypes, "name", "the loan type name", forbidBar: true);
        var libraryCodes = Codes(libraries, "code", "the library code", forbidBar: false);
        var locationCodes = Codes(locations, "code", "the location code", forbidBar: false);
        Parents(campuses, institutions, "institutionId", "institution");
        Parents(libraries, campuses, "campusId", "campus");
        Parents(locations, libraries, "libraryId", "library");

        var campusById = campuses.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var libraryById = libraries.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var locationEntries = locations.Where(l => l.ParentId is not null && libraryById.ContainsKey(l.ParentId)).Select(l =>
        {
            var library = libraryById[l.ParentId!];
            var campusId = l.CampusId ?? library.ParentId;
            var institutionId = l.InstitutionId ?? (campusId is not null && campusById.TryGetValue(campusId, out var campus) ? campus.ParentId : null);
            return new FolioLocationEntry(l.Id, locationCodes[l.Id], l.ParentId!, libraryCodes[library.Id], campusId, institutionId);
        }).ToList();

        var catalogue = new FolioCatalogue(
            groups.Select(g => new FolioGroupEntry(g.Id, groupCodes[g.Id], string.IsNullOrWhiteSpace(g.Name) ? groupCodes[g.Id] : g.Name)),
            materialTypes.Select(m => new FolioTypeEntry(m.Id, materialCodes[m.Id])),
            loanTypes.Select(t => new FolioTypeEntry(t.Id, loanTypeCodes[t.Id])),
            locationEntries);

        // The policy records, by kind and id.
        var policies = PolicyKinds.ToDictionary(k => k.Type, k => PolicyRecords(source, k.Key));

        // The rules text: parse, check the policy ids it names, compile.
        var rulesText = source["rulesAsText"]?.GetString();
        FolioRulesText? rules = null;
        if (rulesText is not null)
        {
            rules = FolioRulesParser.Parse(rulesText);
            var ruleProblems = rules.Problems.ToList();
            foreach (var reference in rules.References)
            {
                if (!policies[reference.Type].ContainsKey(reference.Id))
                {
                    ruleProblems.Add(new FolioRulesProblem(reference.Line, reference.Column, $"no {PolicyKinds[(int)reference.Type].What} has id '{reference.Id}'"));
                }
            }

            foreach (var problem in ruleProblems.OrderBy(p => p.Line).ThenBy(p => p.Column))
            {
                problems.Add(problem.Path, problem.Message);
            }
        }

        FolioCompilation? compilation = null;
        if (problems.Count == 0 && rules is not null)
        {
            compilation = FolioRulesCompiler.Compile(rules, catalogue);
            Compilation = compilation;
            foreach (var problem in compilation.Problems)
            {
                problems.Add(problem.Path, problem.Message);
            }
        }

        // Map and validate every policy a line of the text names, whether or not its rules are kept after
        // clean-up (spec §2); the others only have their fields checked, and are listed as unused.
        var usedIds = (rules?.References.Select(r => (r.Type, r.Id)) ?? []).ToHashSet();
        var mapper = new FolioPolicyMapper(problems, findings, currency);
        var loans = Map(policies, FolioPolicyType.Loan, usedIds, mapper.MapLoan);
        var requests = Map(policies, FolioPolicyType.Request, usedIds, (e, p) => mapper.MapRequest(e, p) is { } allows ? new Box<bool>(allows) : null);
        var notices = Map(policies, FolioPolicyType.Notice, usedIds, (e, p) => { var n = mapper.MapNotice(e, p, out var valid); return valid ? new Box<NoticeTerms?>(n) : null; });
        var overdue = Map(policies, FolioPolicyType.OverdueFine, usedIds, mapper.MapOverdue);
        var lost = Map(policies, FolioPolicyType.LostItem, usedIds, mapper.MapLost);
        var unused = Unused(policies, usedIds);

        var pickupWithin = mapper.PickupWithin(source["servicepoints"]);
        var userGroups = UserGroups(source, groups, groupCodes, currency);
        var openingHours = OpeningHours(settings, libraries, libraryCodes);

        if (problems.Count > 0 || compilation is null || zone is null)
        {
            return Failed();
        }

        var terms = compilation.Terms.Select(t => Terms(t.Id, t.Policies, loans, requests, notices, overdue, lost, pickupWithin)).ToList();
        GlobalApproximations(compilation, terms, requests, libraries, libraryCodes, openingHours);
        findings.Note("retention", "FOLIO's anonymization settings are not part of the export: the retention defaults apply (returns anonymized after P60D, loans with fines/fees kept, return lists for P6M, sessions idle after PT5M)");

        if (options.Strict)
        {
            foreach (var approximation in findings.Approximations)
            {
                problems.Add(approximation.Path, $"{approximation.Message} [{approximation.Code}; an error under --strict]");
            }

            if (problems.Count > 0)
            {
                return Failed();
            }
        }

        var libraryList = libraries.Select(l => openingHours.TryGetValue(l.Id, out var h)
            ? new Library(libraryCodes[l.Id], l.Name, h.Hours, h.ClosedDates)
            : new Library(libraryCodes[l.Id], l.Name));
        var itemPolicies = catalogue.ItemPolicies.Select(p => new ItemPolicy(p.Code, p.Name));
        var policyRules = compilation.Emitted.Select(r => new Rule(r.Id, r.TermsId, r.Rule.UserGroup, r.Rule.ItemPolicy, r.Rule.Library, r.Rule.Location));
        Policy policy;
        try
        {
            policy = new Policy(name, currency, zone, userGroups, itemPolicies, libraryList, terms, policyRules);
        }
        catch (InvalidPolicyException ex)
        {
            foreach (var problem in ex.Problems)
            {
                problems.Add(problem.Path, "the imported policy is not valid: " + problem.Message);
            }

            return Failed();
        }

        var report = new FolioImportReport(
            rules!.FallbackLine,
            compilation.Emitted.Select(r => new FolioRuleOrigin(r.Id, r.Rule.IsFallback ? null : r.Rule.Line)).ToEquatableArray(),
            compilation.Terms.Select(t => new FolioTermsOrigin(t.Id, t.Policies.Loan, t.Policies.Request, t.Policies.Notice, t.Policies.OverdueFine, t.Policies.LostItem)).ToEquatableArray(),
            compilation.Dropped.ToEquatableArray(),
            findings.Approximations.ToEquatableArray(),
            findings.Notes.ToEquatableArray(),
            unused.ToEquatableArray());
        return new FolioImportResult(policy, report, [])
        {
            TermsWithRenewPeriod = compilation.Terms.Where(t => loans[t.Policies.Loan] is { Loan: not null, HasRenewPeriod: true }).Select(t => t.Id).ToEquatableArray(),
        };
    }

    private static string? Name(JsonObjectReader f) => f.String("name", required: false, nonEmpty: false);

    private FolioImportResult Failed() =>
        new(null, null, problems.All.Select(p => new PolicyProblem(p.Path, p.Message)).ToList());

    private DateTimeZone? TimeZone(JsonObjectReader? settings)
    {
        (string? Id, string Path) source = options.TimeZone is { } given ? (given, "timeZone") : (settings?.String("timeZone", required: false), "settings.timeZone");
        var (id, path) = source;
        if (id is null)
        {
            problems.Add("settings.timeZone", "is required: give the tenant's time zone (e.g. America/New_York) in the export's settings, or as the timeZone option (circ import-folio --time-zone)");
            return null;
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
        if (zone is null)
        {
            problems.Add(path, $"'{id}' is not a time zone id");
        }

        return zone;
    }

    private string Currency(JsonObjectReader? settings)
    {
        (string? Code, string Path) source = options.Currency is { } given ? (given, "currency") : (settings?.String("currency", required: false), "settings.currency");
        var (code, path) = source;
        if (code is null)
        {
            return Money.DefaultCurrency;
        }

        if (!Money.IsCurrencyCode(code))
        {
            problems.Add(path, $"'{code}' is not a three-letter upper-case currency code");
            return Money.DefaultCurrency;
        }

        return code;
    }

    /// <summary>The records of one catalogue list, each with a unique id.</summary>
    private List<FolioRecord> Records(FolioExportSource source, string key, string[] fields, Func<JsonObjectReader, string, string, FolioRecord> read)
    {
        var records = new List<FolioRecord>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        if (source[key] is not { } array)
        {
            return records;
        }

        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var path = ProblemList.Index(key, i++);
            if (JsonObjectReader.Open(problems, element, path, fields) is not { } f)
            {
                continue;
            }

            var id = f.String("id", required: true);
            if (id is null)
            {
                continue;
            }

            if (!seen.TryAdd(id, path))
            {
                problems.Add(f.PathOf("id"), $"duplicate id '{id}' (also {seen[id]})");
                continue;
            }

            records.Add(read(f, id, path));
        }

        return records;
    }

    /// <summary>Our codes for the records of one kind: the FOLIO value, or the record's id where that cannot be a
    /// code (empty, <c>*</c>, shared by two records, or holding the item policy separator <c>|</c>).</summary>
    private Dictionary<string, string> Codes(List<FolioRecord> records, string field, string what, bool forbidBar)
    {
        var counts = records.Where(r => r.Code is not null).GroupBy(r => r.Code!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var code = record.Code;
            var why = string.IsNullOrWhiteSpace(code) ? "is empty"
                : code == Rule.Any ? "is '*', which means 'any' in a policy"
                : counts[code] > 1 ? "is shared with another record of the same kind"
                : forbidBar && code.Contains('|', StringComparison.Ordinal) ? "holds '|', which separates material type and loan type in item policy codes"
                : null;
            if (why is not null)
            {
                findings.Note(ProblemList.Child(record.Path, field), $"{what} '{code}' {why}: the record's id '{record.Id}' is its code instead");
                code = record.Id;
            }

            codes[record.Id] = code!;
        }

        return codes;
    }

    /// <summary>Every parent id must name a record of the export.</summary>
    private void Parents(List<FolioRecord> children, List<FolioRecord> parents, string field, string what)
    {
        var ids = parents.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var child in children)
        {
            if (child.ParentId is { } parent && !ids.Contains(parent))
            {
                problems.Add(ProblemList.Child(child.Path, field), $"no {what} of the export has id '{parent}'");
            }
        }
    }

    /// <summary>The records of one policy kind by id, each an object with a unique id.</summary>
    private Dictionary<string, (JsonElement Element, string Path)> PolicyRecords(FolioExportSource source, string key)
    {
        var records = new Dictionary<string, (JsonElement, string)>(StringComparer.Ordinal);
        if (source[key] is not { } array)
        {
            return records;
        }

        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var path = ProblemList.Index(key, i++);
            if (element.ValueKind != JsonValueKind.Object)
            {
                problems.Add(path, "expected an object");
                continue;
            }

            if (!element.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(idElement.GetString()))
            {
                problems.Add(ProblemList.Child(path, "id"), "is required");
                continue;
            }

            var id = idElement.GetString()!;
            if (!records.TryAdd(id, (element, path)))
            {
                problems.Add(ProblemList.Child(path, "id"), $"duplicate id '{id}' (also {records[id].Item2})");
            }
        }

        return records;
    }

    /// <summary>Maps each used record of a kind once; unused records only have their fields checked.</summary>
    private Dictionary<string, T> Map<T>(Dictionary<FolioPolicyType, Dictionary<string, (JsonElement Element, string Path)>> policies, FolioPolicyType type,
        HashSet<(FolioPolicyType, string)> used, Func<JsonElement, string, T?> map)
        where T : class
    {
        var mapped = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (id, (element, path)) in policies[type].OrderBy(p => p.Value.Path.Length).ThenBy(p => p.Value.Path, StringComparer.Ordinal))
        {
            if (used.Contains((type, id)))
            {
                if (map(element, path) is { } result)
                {
                    mapped[id] = result;
                }
            }
            else
            {
                // Only "wrong file, typo" matters for a record no rule uses: its unknown fields.
                var scratch = new ProblemList();
                var scratchMapper = new FolioPolicyMapper(scratch, new FolioFindings(), Money.DefaultCurrency);
                switch (type)
                {
                    case FolioPolicyType.Loan: scratchMapper.MapLoan(element, path); break;
                    case FolioPolicyType.Request: scratchMapper.MapRequest(element, path); break;
                    case FolioPolicyType.Notice: scratchMapper.MapNotice(element, path, out _); break;
                    case FolioPolicyType.OverdueFine: scratchMapper.MapOverdue(element, path); break;
                    default: scratchMapper.MapLost(element, path); break;
                }

                foreach (var (problemPath, message) in scratch.All.Where(p => p.Message is "unknown field" or "is given more than once"))
                {
                    problems.Add(problemPath, message);
                }
            }
        }

        return mapped;
    }

    private static List<FolioUnusedRecord> Unused(Dictionary<FolioPolicyType, Dictionary<string, (JsonElement Element, string Path)>> policies, HashSet<(FolioPolicyType, string)> used) =>
        PolicyKinds.SelectMany(k => policies[k.Type]
                .Where(p => !used.Contains((k.Type, p.Key)))
                .OrderBy(p => p.Value.Path.Length).ThenBy(p => p.Value.Path, StringComparer.Ordinal)
                .Select(p => new FolioUnusedRecord(p.Value.Path, p.Key)))
            .ToList();

    private static TermsOfUse Terms(string id, FolioPolicyTuple tuple, Dictionary<string, FolioLoanMapping> loans, Dictionary<string, Box<bool>> requests,
        Dictionary<string, Box<NoticeTerms?>> notices, Dictionary<string, FolioOverdueMapping> overdue, Dictionary<string, LostItemTerms> lost, Period pickupWithin)
    {
        var loan = loans[tuple.Loan];
        var request = new RequestTerms(pickupWithin);
        if (loan.Loan is null)
        {
            // Not loanable: FOLIO refuses the check-out, so no fine, recall, loss or notice can follow.
            return new TermsOfUse(id, null, request: request);
        }

        var fines = overdue[tuple.OverdueFine];
        var allowsRecall = requests[tuple.Request].Value;
        return new TermsOfUse(
            id,
            loan.Loan,
            overdueFine: Fine(fines.Regular, loan.Grace),
            recalledOverdueFine: Fine(fines.Recall, fines.NoGraceForRecalls ? Period.Zero : loan.Grace),
            recall: allowsRecall ? loan.Recall : null,
            lostItem: lost[tuple.LostItem],
            request: request,
            notices: notices[tuple.Notice].Value);
    }

    private static FineRule? Fine(FolioFineMapping? fine, Period grace) => fine is null ? null
        : new FineRule(fine.Amount, fine.Per, grace, fine.Max, fine.CountClosed, graceDeducted: false, forgiveOnRenewal: fine.ForgiveOnRenewal);

    /// <summary>§5.6: the patron groups, with the block limits FOLIO's automated patron blocks set.</summary>
    private List<UserGroup> UserGroups(FolioExportSource source, List<FolioRecord> groups, Dictionary<string, string> codes, string currency)
    {
        var limits = groups.ToDictionary(g => g.Id, _ => (MayBorrow: true, MaxLoans: (int?)null, MaxBalance: (Money?)null, MaxLost: (int?)null), StringComparer.Ordinal);
        if (source["patronBlockLimits"] is { } array)
        {
            var seen = new Dictionary<(string, string), string>();
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            var mapped = false;
            var i = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = ProblemList.Index("patronBlockLimits", i++);
                if (JsonObjectReader.Open(problems, element, path, BlockLimitFields) is not { } f)
                {
                    continue;
                }

                if (f.String("id", required: true) is { } id && !ids.TryAdd(id, path))
                {
                    problems.Add(f.PathOf("id"), $"duplicate id '{id}' (also {ids[id]})");
                }

                var group = f.String("patronGroupId", required: true);
                var condition = f.String("conditionId", required: true);
                var value = f.Number("value", required: true);
                if (group is null || condition is null || value is not { } v)
                {
                    continue;
                }

                if (!limits.TryGetValue(group, out var limit))
                {
                    problems.Add(f.PathOf("patronGroupId"), $"no patron group of the export has id '{group}'");
                    continue;
                }

                if (!seen.TryAdd((group, condition), path))
                {
                    problems.Add(path, $"a second limit for this patron group and condition (also {seen[(group, condition)]})");
                    continue;
                }

                switch (condition)
                {
                    case MaxLoansCondition:
                        limit.MaxLoans = Count(f, v);
                        mapped = true;
                        break;
                    case MaxLostItemsCondition:
                        limit.MaxLost = Count(f, v);
                        mapped = true;
                        break;
                    case MaxBalanceCondition:
                        if (v < 0 || decimal.Round(v, 2) != v)
                        {
                            problems.Add(f.PathOf("value"), string.Create(CultureInfo.InvariantCulture, $"{v} is not an amount of 0 or more with at most 2 decimals"));
                        }
                        else if (v == 0)
                        {
                            // FOLIO blocks at a balance ≥ 0: always.
                            limit.MayBorrow = false;
                        }
                        else
                        {
                            // FOLIO blocks at a balance ≥ the value, this engine above maxBalance: one cent below.
                            limit.MaxBalance = new Money(v - 0.01m, currency);
                        }

                        mapped = true;
                        break;
                    default:
                        findings.Approximate(path, "A22", string.Create(CultureInfo.InvariantCulture,
                            $"the block condition '{OtherConditions.GetValueOrDefault(condition, condition)}' (limit {v}) is dropped: it never blocks here"));
                        break;
                }

                limits[group] = limit;
            }

            if (mapped)
            {
                findings.Approximate("patronBlockLimits", "A22", "FOLIO's block conditions say whether a reached limit blocks borrowing, renewals or requests; here a reached limit refuses check-outs only");
            }
        }

        return groups.Select(g =>
        {
            var limit = limits[g.Id];
            var code = codes[g.Id];
            return new UserGroup(code, string.IsNullOrWhiteSpace(g.Name) ? code : g.Name, limit.MayBorrow, limit.MaxLoans, limit.MaxBalance, limit.MaxLost);
        }).ToList();
    }

    private int? Count(JsonObjectReader f, decimal value)
    {
        if (value < 0 || value != decimal.Truncate(value) || value > int.MaxValue)
        {
            problems.Add(f.PathOf("value"), string.Create(CultureInfo.InvariantCulture, $"{value} is not a whole number, 0 or more"));
            return null;
        }

        return (int)value;
    }

    /// <summary><c>settings.libraryHours</c>: opening hours by library code, written as in a policy file.</summary>
    private Dictionary<string, (WeeklyHours? Hours, List<LocalDate> ClosedDates)> OpeningHours(JsonObjectReader? settings, List<FolioRecord> libraries, Dictionary<string, string> codes)
    {
        var result = new Dictionary<string, (WeeklyHours?, List<LocalDate>)>(StringComparer.Ordinal);
        if (settings?.Raw("libraryHours", required: false) is not { } element)
        {
            return result;
        }

        var path = settings.PathOf("libraryHours");
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, "expected an object whose keys are library codes");
            return result;
        }

        var byCode = libraries.ToDictionary(l => codes[l.Id], l => l.Id, StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var libraryPath = ProblemList.Child(path, property.Name);
            if (!byCode.TryGetValue(property.Name, out var libraryId))
            {
                problems.Add(libraryPath, $"no library of the export has code '{property.Name}'");
                continue;
            }

            if (JsonObjectReader.Open(problems, property.Value, libraryPath, PolicyReader.OpeningFields) is { } f)
            {
                result[libraryId] = PolicyReader.ReadOpening(problems, f);
            }
        }

        return result;
    }

    /// <summary>The approximations that depend on the whole import: A23 (no calendar) and A24 (recall permission).</summary>
    private void GlobalApproximations(FolioCompilation compilation, List<TermsOfUse> terms, Dictionary<string, Box<bool>> requests,
        List<FolioRecord> libraries, Dictionary<string, string> codes, Dictionary<string, (WeeklyHours? Hours, List<LocalDate> ClosedDates)> hours)
    {
        // Only the terms some written rule gives can make a difference.
        var given = compilation.Emitted.Select(r => r.TermsId).ToHashSet(StringComparer.Ordinal);
        var needsCalendar = terms.Where(t => given.Contains(t.Id)).Any(t => t.Loan is { ClosedDue: not ClosedDue.Keep }
            || t.OverdueFine is { CountClosed: false } || t.RecalledOverdueFine is { CountClosed: false });
        if (needsCalendar)
        {
            foreach (var library in libraries.Where(l => !hours.ContainsKey(l.Id)))
            {
                findings.Approximate(library.Path, "A23", $"no opening hours for library '{codes[library.Id]}' in settings.libraryHours: it is open all the time here, so closed-library due dates and closed-time fines never apply to its items");
            }
        }

        var recallPermissions = compilation.Terms.Where(t => given.Contains(t.Id)).Select(t => requests[t.Policies.Request].Value).Distinct().Count();
        if (recallPermissions > 1 && compilation.Emitted.Any(r => r.Rule.UserGroup != Rule.Any))
        {
            findings.Approximate("requestPolicies", "A24", "FOLIO asks the requester's own rule whether a recall is allowed; this engine asks the borrower's terms — the request policies differ on Recall and the rules vary by patron group");
        }
    }

    /// <summary>A reference wrapper, so that a null notice terms can be a successful mapping.</summary>
    private sealed record Box<T>(T Value);
}
