using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ardalis.GuardClauses;
using Harvard.Circulation.Time;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Text;
using Harvard.Circulation.Policies;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Formats.Policies;

/// <summary>
/// Reads policy files (format 1, see <c>docs/policies.md</c>), collecting every problem as
/// <c>path: message</c>. Unknown fields, wrong types, bad spellings and dangling references are all reported;
/// a policy is returned only when there is none.
/// </summary>
/// <remarks>Pure and thread-safe. Never throws on any input text: malformed JSON is one problem whose path is
/// <c>line L, column C</c>.</remarks>
public static partial class PolicyReader
{
    /// <summary>The only format version this reader reads.</summary>
    public const int Format = 1;

    private const int MaxDepth = 64;
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd");
    private static readonly Instant PeriodCheckReference = Instant.FromUtc(2000, 1, 1, 0, 0);
    private static readonly Instant PeriodCheckLimit = Instant.FromUtc(3000, 1, 1, 0, 0);

    private static readonly string[] TopFields = ["$schema", "format", "name", "currency", "timeZone", "userGroups", "itemPolicies", "libraries", "termsOfUse", "rules", "retention"];
    private static readonly string[] UserGroupFields = ["code", "name", "mayBorrow", "maxLoans", "maxBalance", "maxLostItems", "maxClaimedReturned", "bursar"];
    private static readonly string[] BursarFields = ["minimumAge", "minimumBalance"];
    private static readonly string[] ItemPolicyFields = ["code", "name"];
    private static readonly string[] LibraryFields = ["code", "name", "hours", "closedDates"];
    private static readonly string[] WeekdayFields = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly string[] TermsFields = ["id", "loan", "overdueFine", "recalledOverdueFine", "recall", "lostItem", "request", "notices"];
    private static readonly string[] LoanFields = ["period", "dueTime", "closedDue", "maxRenewals", "maxRenewalPeriod", "renewPeriod", "autoRenew"];
    private static readonly string[] FineFields = ["amount", "per", "grace", "max", "countClosed", "graceDeducted", "forgiveOnRenewal"];
    private static readonly string[] RecallFields = ["returnWithin", "minimumLoan"];
    private static readonly string[] LostItemFields = ["agedToLostAfter", "defaultReplacementFee", "processFee", "refundReplacementFeePercent", "refundProcessFeeWhenFound", "noRefundAfter", "forgiveOverdueWhenLost"];
    private static readonly string[] RequestFields = ["pickupWithin"];
    private static readonly string[] NoticeFields = ["courtesy", "overdue", "lostItemBill", "fineFee"];
    private static readonly string[] RuleFields = ["id", "userGroup", "itemPolicy", "library", "location", "termsOfUse"];
    private static readonly string[] RetentionFields = ["anonymizeReturnsAfter", "keepLoansWithFinesFees", "returnListFor", "sessionIdleTimeout"];

    private static readonly (string Spelling, DueTime Value)[] DueTimes = Spellings<DueTime>(v => v.ToSpelling());
    private static readonly (string Spelling, ClosedDue Value)[] ClosedDues = Spellings<ClosedDue>(v => v.ToSpelling());
    private static readonly (string Spelling, FineInterval Value)[] Intervals = Spellings<FineInterval>(v => v.ToSpelling());

    /// <summary>Reads a policy from JSON text.</summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The policy, or every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static PolicyReadResult Read(string json)
    {
        Guard.Against.Null(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return SyntaxError(ProblemList.SyntaxError(ex, json));
        }

        using (document)
        {
            return Read(document.RootElement, string.Empty);
        }
    }

    /// <summary>Reads a policy from UTF-8 JSON (a leading byte order mark is skipped).</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <returns>The policy, or every problem found.</returns>
    public static PolicyReadResult Read(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), DocumentOptions);
        }
        catch (JsonException ex)
        {
            return SyntaxError(ProblemList.SyntaxError(ex, utf8));
        }
        catch (ArgumentException ex)
        {
            return new PolicyReadResult(null, [new PolicyProblem("line 1, column 1", "the file is not UTF-8 JSON: " + ex.Message)]);
        }

        using (document)
        {
            return Read(document.RootElement, string.Empty);
        }
    }

    /// <summary>Reads a policy from a JSON element, e.g. a policy inline in a scenario file.</summary>
    /// <param name="element">The policy object.</param>
    /// <param name="pathPrefix">Put before every path, e.g. <c>policy.</c> gives <c>policy.rules[1].termsOfUse</c>;
    /// empty for a policy file.</param>
    /// <returns>The policy, or every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pathPrefix"/> is null.</exception>
    public static PolicyReadResult Read(JsonElement element, string pathPrefix)
    {
        Guard.Against.Null(pathPrefix);
        var reader = new Reader(pathPrefix.EndsWith('.') ? pathPrefix[..^1] : pathPrefix);
        Policy? policy;
        try
        {
            policy = reader.ReadPolicy(element);
        }
        catch (InvalidOperationException ex)
        {
            // A JsonElement whose document was disposed, or one that is not part of a document.
            reader.Problem(reader.RootPath, "cannot be read: " + ex.Message);
            policy = null;
        }

        return reader.Sink.Count > 0 || policy is null
            ? new PolicyReadResult(null, reader.Sink.Count > 0 ? reader.Problems : [new PolicyProblem(Display(reader.RootPath), "is not a policy")])
            : new PolicyReadResult(policy, []);
    }

    private static PolicyReadResult SyntaxError((string Path, string Message) problem) =>
        new(null, [new PolicyProblem(problem.Path, problem.Message)]);

    /// <summary>Reads the opening hours of one library, written as in a policy file's <c>libraries[]</c> entries
    /// (<c>hours</c>, <c>closedDates</c>), from an object that holds them; problems go to <paramref name="sink"/>.</summary>
    internal static (WeeklyHours? Hours, List<LocalDate> ClosedDates) ReadOpening(ProblemList sink, JsonObjectReader fields) =>
        new Reader(fields.Path, sink).ReadOpening(fields);

    /// <summary>The field names of a library's opening hours in a policy file.</summary>
    internal static IReadOnlyList<string> OpeningFields { get; } = ["hours", "closedDates"];

    private static string Display(string path) => path.Length == 0 ? "$" : path;

    [GeneratedRegex(@"^rules\[(?<index>\d+)\]\.(?<field>termsOfUse|userGroup|itemPolicy)$")]
    private static partial Regex RuleReference();

    private static (string, T)[] Spellings<T>(Func<T, string> spell)
        where T : struct, Enum => Enum.GetValues<T>().Select(v => (spell(v), v)).ToArray();

    /// <summary>One read: the problems found so far and the policy's currency.</summary>
    private sealed class Reader(string rootPath, ProblemList? sink = null)
    {
        public string RootPath { get; } = rootPath;

        /// <summary>Where every problem of this read goes.</summary>
        public ProblemList Sink { get; } = sink ?? new();

        public IReadOnlyList<PolicyProblem> Problems => Sink.All.Select(p => new PolicyProblem(p.Path, p.Message)).ToList();

        public string Currency { get; private set; } = Money.DefaultCurrency;

        public void Problem(string path, string message) => Sink.Add(path, message);

        public static string Child(string path, string name) => ProblemList.Child(path, name);

        public static string Index(string path, int index) => ProblemList.Index(path, index);

        public Period? Period(JsonObjectReader fields, string name, bool required) =>
            fields.Raw(name, required) is { } e ? ReadPeriod(e, fields.PathOf(name)) : null;

        public Money? Amount(JsonObjectReader fields, string name, bool required) =>
            fields.NonNegativeAmount(name, required, Currency);

        public Policy? ReadPolicy(JsonElement element)
        {
            var f = JsonObjectReader.Open(Sink, element, RootPath, TopFields);
            if (f is null)
            {
                return null;
            }

            if (f.Int("format", required: true, nonNegative: true) is { } format && format != Format)
            {
                Problem(f.PathOf("format"), string.Create(CultureInfo.InvariantCulture, $"format {format} is not supported; this reader reads format {Format}"));
            }

            // "$schema" names the file's JSON Schema for editors; the reader only checks it is a string.
            _ = f.String("$schema", required: false, nonEmpty: false);
            var name = f.String("name", required: false, nonEmpty: false);
            var currency = f.String("currency", required: false, nonEmpty: false);
            if (currency is not null && !Money.IsCurrencyCode(currency))
            {
                Problem(f.PathOf("currency"), $"'{currency}' is not a three-letter upper-case currency code");
            }
            else if (currency is not null)
            {
                Currency = currency;
            }

            DateTimeZone? zone = null;
            if (f.String("timeZone", required: true, nonEmpty: false) is { } zoneId)
            {
                zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
                if (zone is null)
                {
                    Problem(f.PathOf("timeZone"), $"'{zoneId}' is not a time zone id");
                }
            }

            var groups = ReadList(f, "userGroups", required: true, ReadUserGroup);
            var itemPolicies = ReadList(f, "itemPolicies", required: true, ReadItemPolicy);
            var libraries = ReadList(f, "libraries", required: false, ReadLibrary);
            var terms = ReadList(f, "termsOfUse", required: true, ReadTerms);
            var rules = ReadList(f, "rules", required: true, ReadRule);
            var retention = f.Object("retention", RetentionFields, required: false) is { } r ? ReadRetention(r) : RetentionTerms.Default;

            var references = Policy.FindProblems(Currency, groups.References, itemPolicies.References, libraries.References, terms.References, rules.References);
            foreach (var problem in references)
            {
                Problem(Child(RootPath, problem.Path), problem.Message + ReferenceSuggestion(problem.Path, rules.References, groups.References, itemPolicies.References, terms.References));
            }

            if (Sink.Count > 0 || zone is null || retention is null)
            {
                return null;
            }

            try
            {
                return new Policy(name, Currency, zone, groups.Items!, itemPolicies.Items!, libraries.Items!, terms.Items!, rules.Items!, retention);
            }
            catch (InvalidPolicyException ex)
            {
                foreach (var problem in ex.Problems)
                {
                    Problem(Child(RootPath, problem.Path), problem.Message);
                }

                return null;
            }
        }

        /// <summary>"Did you mean" for a rule naming terms of use, a user group or an item policy that is not
        /// defined: the closest of the codes the policy defines.</summary>
        private static string ReferenceSuggestion(string path, List<Rule?> rules, List<UserGroup?> groups, List<ItemPolicy?> itemPolicies, List<TermsOfUse?> terms)
        {
            var match = RuleReference().Match(path);
            if (!match.Success || !int.TryParse(match.Groups["index"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || index >= rules.Count || rules[index] is not { } rule)
            {
                return string.Empty;
            }

            return match.Groups["field"].Value switch
            {
                "termsOfUse" => Suggestions.DidYouMean(rule.TermsOfUse, terms.Select(t => t?.Id ?? string.Empty)),
                "userGroup" => Suggestions.DidYouMean(rule.UserGroup, groups.Select(g => g?.Code ?? string.Empty)),
                "itemPolicy" => Suggestions.DidYouMean(rule.ItemPolicy, itemPolicies.Select(p => p?.Code ?? string.Empty)),
                _ => string.Empty,
            };
        }

        private static ReadList<T> ReadList<T>(JsonObjectReader f, string name, bool required, Func<JsonElement, string, (T? Item, T? Reference)> read)
            where T : class
        {
            var list = new ReadList<T>();
            if (f.Array(name, required) is not { } array)
            {
                return list;
            }

            var path = f.PathOf(name);
            var i = 0;
            foreach (var element in array.EnumerateArray())
            {
                var (item, reference) = read(element, Index(path, i));
                list.Add(item, reference);
                i++;
            }

            return list;
        }

        private (UserGroup?, UserGroup?) ReadUserGroup(JsonElement element, string path)
        {
            var before = Sink.Count;
            if (JsonObjectReader.Open(Sink, element, path, UserGroupFields) is not { } f)
            {
                return (null, null);
            }

            var code = f.String("code", required: true, nonEmpty: true);
            var name = f.String("name", required: true, nonEmpty: true);
            var mayBorrow = f.Bool("mayBorrow", true);
            var maxLoans = f.Int("maxLoans", required: false, nonNegative: true);
            var maxBalance = Amount(f, "maxBalance", required: false);
            var maxLost = f.Int("maxLostItems", required: false, nonNegative: true);
            var maxClaimed = f.Int("maxClaimedReturned", required: false, nonNegative: true);
            BursarTerms? bursar = null;
            if (f.Object("bursar", BursarFields, required: false) is { } b)
            {
                var age = Period(b, "minimumAge", required: true);
                var balance = Amount(b, "minimumBalance", required: true);
                bursar = age is not null && balance is { } m ? new BursarTerms(age, m) : null;
            }

            var reference = code is null ? null : new UserGroup(code, name ?? code);
            return Sink.Count != before || code is null || name is null
                ? (null, reference)
                : (new UserGroup(code, name, mayBorrow, maxLoans, maxBalance, maxLost, maxClaimed, bursar), reference);
        }

        private (ItemPolicy?, ItemPolicy?) ReadItemPolicy(JsonElement element, string path)
        {
            var before = Sink.Count;
            if (JsonObjectReader.Open(Sink, element, path, ItemPolicyFields) is not { } f)
            {
                return (null, null);
            }

            var code = f.String("code", required: true, nonEmpty: true);
            var name = f.String("name", required: true, nonEmpty: true);
            var reference = code is null ? null : new ItemPolicy(code, name ?? code);
            return Sink.Count != before || code is null || name is null ? (null, reference) : (new ItemPolicy(code, name), reference);
        }

        private (Library?, Library?) ReadLibrary(JsonElement element, string path)
        {
            var before = Sink.Count;
            if (JsonObjectReader.Open(Sink, element, path, LibraryFields) is not { } f)
            {
                return (null, null);
            }

            var code = f.String("code", required: true, nonEmpty: true);
            var name = f.String("name", required: false, nonEmpty: false);
            var (hours, closed) = ReadOpening(f);

            var reference = code is null ? null : new Library(code);
            return Sink.Count != before || code is null ? (null, reference) : (new Library(code, name, hours, closed), reference);
        }

        /// <summary>A library's <c>hours</c> and <c>closedDates</c>, from the object that holds them.</summary>
        public (WeeklyHours? Hours, List<LocalDate> ClosedDates) ReadOpening(JsonObjectReader f)
        {
            WeeklyHours? hours = null;
            if (f.Object("hours", WeekdayFields, required: false) is { } h)
            {
                var days = new Dictionary<IsoDayOfWeek, DayHours>();
                for (var d = 0; d < WeekdayFields.Length; d++)
                {
                    if (ReadDay(h, WeekdayFields[d]) is { } day)
                    {
                        days[(IsoDayOfWeek)(d + 1)] = day;
                    }
                }

                hours = new WeeklyHours(days);
            }

            var closed = new List<LocalDate>();
            if (f.Array("closedDates", required: false) is { } dates)
            {
                var i = 0;
                foreach (var item in dates.EnumerateArray())
                {
                    var itemPath = Index(f.PathOf("closedDates"), i++);
                    if (ReadString(item, itemPath, nonEmpty: false) is { } text)
                    {
                        var parsed = DatePattern.Parse(text);
                        if (parsed.Success)
                        {
                            closed.Add(parsed.Value);
                        }
                        else
                        {
                            Problem(itemPath, $"'{text}' is not a date yyyy-MM-dd");
                        }
                    }
                }
            }

            return (hours, closed);
        }

        private DayHours? ReadDay(JsonObjectReader hours, string weekday)
        {
            if (hours.Array(weekday, required: false) is not { } array)
            {
                return null;
            }

            var path = hours.PathOf(weekday);
            var length = array.GetArrayLength();
            if (length == 0)
            {
                return DayHours.ClosedAllDay;
            }

            if (length != 2)
            {
                Problem(path, "expected [] (closed all day) or [open, close]");
                return null;
            }

            var open = ReadTime(array[0], Index(path, 0), isClose: false);
            var close = ReadTime(array[1], Index(path, 1), isClose: true);
            if (open is not { } o || close is not { } c)
            {
                return null;
            }

            if (c <= o)
            {
                Problem(Index(path, 1), $"close {DayHours.FormatMinute(c)} is not after open {DayHours.FormatMinute(o)}");
                return null;
            }

            return DayHours.Between(LocalTime.FromMinutesSinceMidnight(o), c == 1_440 ? null : LocalTime.FromMinutesSinceMidnight(c));
        }

        /// <summary>A time of day as minutes after midnight; 24:00 (1,440) only as a close.</summary>
        private int? ReadTime(JsonElement element, string path, bool isClose)
        {
            if (ReadString(element, path, nonEmpty: false) is not { } text)
            {
                return null;
            }

            if (text == "24:00")
            {
                if (isClose)
                {
                    return 1_440;
                }

                Problem(path, "24:00 can only close a day; open at 00:00");
                return null;
            }

            var parsed = TimePattern.Parse(text);
            if (!parsed.Success)
            {
                Problem(path, $"'{text}' is not a time HH:mm");
                return null;
            }

            return (parsed.Value.Hour * 60) + parsed.Value.Minute;
        }

        private (TermsOfUse?, TermsOfUse?) ReadTerms(JsonElement element, string path)
        {
            var before = Sink.Count;
            if (JsonObjectReader.Open(Sink, element, path, TermsFields) is not { } f)
            {
                return (null, null);
            }

            var id = f.String("id", required: true, nonEmpty: true);
            LoanTerms? loan = null;
            if (!f.Has("loan"))
            {
                Problem(f.PathOf("loan"), "is required");
            }
            else if (f.Object("loan", LoanFields, required: false) is { } l)
            {
                loan = ReadLoan(l);
            }

            var overdue = f.Object("overdueFine", FineFields, required: false) is { } o ? ReadFine(o) : null;
            var recalled = f.Object("recalledOverdueFine", FineFields, required: false) is { } ro ? ReadFine(ro) : null;
            RecallTerms? recall = null;
            if (f.Object("recall", RecallFields, required: false) is { } rc)
            {
                var within = Period(rc, "returnWithin", required: true);
                var minimum = Period(rc, "minimumLoan", required: false);
                recall = within is null ? null : new RecallTerms(within, minimum);
            }

            LostItemTerms? lost = null;
            if (f.Object("lostItem", LostItemFields, required: false) is { } li)
            {
                var aged = Period(li, "agedToLostAfter", required: false);
                var fee = Amount(li, "defaultReplacementFee", required: false);
                var process = Amount(li, "processFee", required: false);
                var percent = li.Int("refundReplacementFeePercent", required: false, nonNegative: true);
                if (percent is > 100)
                {
                    Problem(li.PathOf("refundReplacementFeePercent"), string.Create(CultureInfo.InvariantCulture, $"{percent} is not a percent from 0 to 100"));
                    percent = null;
                }

                var refundProcess = li.Bool("refundProcessFeeWhenFound", false);
                var noRefund = Period(li, "noRefundAfter", required: false);
                var forgive = li.Bool("forgiveOverdueWhenLost", false);
                lost = new LostItemTerms(aged, fee, process, percent ?? 100, refundProcess, noRefund, forgive);
            }

            RequestTerms? request = null;
            if (f.Object("request", RequestFields, required: false) is { } rq)
            {
                request = Period(rq, "pickupWithin", required: false) is { } pickup ? new RequestTerms(pickup) : null;
            }

            NoticeTerms? notices = null;
            if (f.Object("notices", NoticeFields, required: false) is { } n)
            {
                var courtesy = Period(n, "courtesy", required: false);
                var delays = new List<Period>();
                if (n.Array("overdue", required: false) is { } overdueArray)
                {
                    var i = 0;
                    foreach (var item in overdueArray.EnumerateArray())
                    {
                        if (ReadPeriod(item, Index(n.PathOf("overdue"), i++)) is { } delay)
                        {
                            delays.Add(delay);
                        }
                    }
                }

                if (delays.Count > NoticeTerms.MaxOverdueNotices)
                {
                    Problem(n.PathOf("overdue"), string.Create(CultureInfo.InvariantCulture, $"{delays.Count} overdue notices; at most {NoticeTerms.MaxOverdueNotices} are allowed"));
                    delays.RemoveRange(NoticeTerms.MaxOverdueNotices, delays.Count - NoticeTerms.MaxOverdueNotices);
                }

                notices = new NoticeTerms(courtesy, delays, n.Bool("lostItemBill", false), n.Bool("fineFee", false));
            }

            var reference = id is null ? null : new TermsOfUse(id, null);
            return Sink.Count != before || id is null
                ? (null, reference)
                : (new TermsOfUse(id, loan, overdue, recalled, recall, lost, request, notices), reference);
        }

        private LoanTerms? ReadLoan(JsonObjectReader f)
        {
            var before = Sink.Count;
            var period = Period(f, "period", required: true);
            var dueTime = f.Enum("dueTime", DueTimes, DueTime.EndOfDay);
            var closedDue = f.Enum("closedDue", ClosedDues, ClosedDue.Keep);
            if (dueTime == DueTime.EndOfDay && closedDue is ClosedDue.EndOfCurrentHours or ClosedDue.BeginningOfNextOpenHours)
            {
                Problem(f.PathOf("closedDue"), $"'{closedDue.Value.ToSpelling()}' needs dueTime 'exact'");
            }

            var maxRenewals = f.Int("maxRenewals", required: false, nonNegative: true);
            var maxRenewalPeriod = Period(f, "maxRenewalPeriod", required: false);
            var renewPeriod = Period(f, "renewPeriod", required: false);
            var autoRenew = f.Bool("autoRenew", false);
            return Sink.Count != before || period is null || dueTime is null || closedDue is null
                ? null
                : new LoanTerms(period, dueTime.Value, closedDue.Value, maxRenewals ?? 0, maxRenewalPeriod, renewPeriod, autoRenew);
        }

        private FineRule? ReadFine(JsonObjectReader f)
        {
            var before = Sink.Count;
            var amount = Amount(f, "amount", required: true);
            var per = f.Enum("per", Intervals, null, required: true);

            var grace = Period(f, "grace", required: false);
            var max = Amount(f, "max", required: false);
            var countClosed = f.Bool("countClosed", true);
            var graceDeducted = f.Bool("graceDeducted", false);
            var forgive = f.Bool("forgiveOnRenewal", false);
            return Sink.Count != before || amount is null || per is null
                ? null
                : new FineRule(amount.Value, per.Value, grace, max, countClosed, graceDeducted, forgive);
        }

        private (Rule?, Rule?) ReadRule(JsonElement element, string path)
        {
            var before = Sink.Count;
            if (JsonObjectReader.Open(Sink, element, path, RuleFields) is not { } f)
            {
                return (null, null);
            }

            var id = f.String("id", required: true, nonEmpty: true);
            var group = f.String("userGroup", required: false, nonEmpty: true);
            var itemPolicy = f.String("itemPolicy", required: false, nonEmpty: true);
            var library = f.String("library", required: false, nonEmpty: true);
            var location = f.String("location", required: false, nonEmpty: true);
            var terms = f.String("termsOfUse", required: true, nonEmpty: true);
            if (id is null || terms is null)
            {
                return (null, null);
            }

            var rule = new Rule(id, terms, group ?? Rule.Any, itemPolicy ?? Rule.Any, library ?? Rule.Any, location ?? Rule.Any);
            return (Sink.Count != before ? null : rule, rule);
        }

        private RetentionTerms? ReadRetention(JsonObjectReader f)
        {
            var before = Sink.Count;
            var anonymize = Period(f, "anonymizeReturnsAfter", required: false);
            var keep = f.Bool("keepLoansWithFinesFees", true);
            var returnList = Period(f, "returnListFor", required: false);
            var idle = Period(f, "sessionIdleTimeout", required: false);
            return Sink.Count != before ? null : new RetentionTerms(anonymize, keep, returnList, idle);
        }

        public string? ReadString(JsonElement element, string path, bool nonEmpty)
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                Problem(path, "expected a string");
                return null;
            }

            var text = element.GetString()!;
            if (nonEmpty && string.IsNullOrWhiteSpace(text))
            {
                Problem(path, "must not be empty");
                return null;
            }

            return text;
        }

        public int? ReadInt(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
            {
                Problem(path, "expected a whole number");
                return null;
            }

            if (value < 0)
            {
                Problem(path, "must not be negative");
                return null;
            }

            return value;
        }

        public bool? ReadBool(JsonElement element, string path)
        {
            if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return element.GetBoolean();
            }

            Problem(path, "expected true or false");
            return null;
        }

        public Period? ReadPeriod(JsonElement element, string path)
        {
            if (ReadString(element, path, nonEmpty: false) is not { } text)
            {
                return null;
            }

            var parsed = PeriodPattern.Roundtrip.Parse(text);
            if (!parsed.Success)
            {
                parsed = PeriodPattern.NormalizingIso.Parse(text);
            }

            if (!parsed.Success)
            {
                Problem(path, $"'{text}' is not an ISO-8601 period");
                return null;
            }

            var period = parsed.Value;
            if (PolicyTime.IsNegative(period))
            {
                Problem(path, "must not be negative");
                return null;
            }

            try
            {
                // A period the engine cannot add to an instant would fail later, far from the file. At most
                // 1,000 years: scenario instants end with 2999, so chains of periods (due, then aged to lost, then a
                // refund window) stay inside the years NodaTime can hold.
                if (PolicyTime.Add(PeriodCheckReference, period, DateTimeZone.Utc) > PeriodCheckLimit)
                {
                    throw new OverflowException();
                }
            }
            catch (Exception ex) when (ex is ArgumentException or OverflowException or InvalidOperationException)
            {
                Problem(path, $"'{text}' is too long");
                return null;
            }

            return period;
        }
    }

    /// <summary>The items read from one array, and stand-ins carrying their keys for the cross-reference checks.</summary>
    private sealed class ReadList<T>
        where T : class
    {
        private readonly List<T> items = [];
        private bool complete = true;

        public List<T?> References { get; } = [];

        /// <summary>Every item, or null when any could not be read.</summary>
        public List<T>? Items => complete ? items : null;

        public void Add(T? item, T? reference)
        {
            References.Add(reference);
            if (item is null)
            {
                complete = false;
            }
            else
            {
                items.Add(item);
            }
        }
    }
}
