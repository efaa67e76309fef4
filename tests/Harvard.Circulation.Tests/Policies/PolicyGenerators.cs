using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Policies;

/// <summary>A check-out to resolve against a policy: codes from the policy, or codes it does not know.</summary>
public sealed record CheckoutCodes(Policy Policy, string UserGroup, string ItemPolicy, string Library, string? Location)
{
    public override string ToString() => $"{UserGroup}/{ItemPolicy}/{Library}/{Location ?? "(none)"} against{Environment.NewLine}{PolicyWriter.Write(Policy)}";
}

/// <summary>A policy with many overlapping rules.</summary>
public sealed record RuleHeavyPolicy(Policy Policy)
{
    public override string ToString() => PolicyWriter.Write(Policy);
}

/// <summary>A check-out against a policy with many overlapping rules.</summary>
public sealed record RuleHeavyCheckout(CheckoutCodes Checkout)
{
    public override string ToString() => Checkout.ToString();
}

/// <summary>Text that is meant to break the reader: random characters or a valid policy file damaged.</summary>
public sealed record HostileText(string Text)
{
    public override string ToString() => Text;
}

/// <summary>The one generator class of the policy tests: valid policies, check-outs against them, hostile text.</summary>
public static class PolicyGenerators
{
    private static readonly string[] GroupCodes = ["21", "25", "42", "58", "59"];
    private static readonly string[] ItemPolicyCodes = ["regular", "term-loan", "reserve-3h", "media"];
    private static readonly string[] LibraryCodes = ["WID", "LAM", "CAB", "HLS"];
    private static readonly string[] LocationCodes = ["stacks", "reserves-desk", "media-room"];
    private static readonly string[] TermsIds = ["regular", "term-loan", "reserve-3h", "no-loan", "media"];
    private static readonly string[] Zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC"];

    private static readonly Period[] Periods =
    [
        Period.Zero, Period.FromDays(28), Period.FromHours(3), Period.FromWeeks(2), Period.FromMonths(8), Period.FromYears(1),
        Period.FromMinutes(90), Period.FromDays(7) + Period.FromHours(12), Period.FromSeconds(30), Period.FromMilliseconds(1500),
        Period.FromHours(24), Period.FromDays(1),
    ];

    private static readonly string[] Snippets =
    [
        "null", "1e999", "-1", "1.5", "\"x\"", "{}", "[]", "\"P-1D\"", "\"P2X\"", "\"24:00\"", "\"fortnight\"", "\"-3.00\"", "\"Mars/Base\"",
        ",", "\"", "{", "]", ":", "\"\"", "true", "99999999999999999999", "\"\\u0000\"", "[[[[[[", "\"unknownField\": 1,",
    ];

    public static Arbitrary<Policy> Policies() => Arb.From(PolicyGen());

    /// <summary>Policies of up to 60 rules over few codes, so that rules overlap, shadow and cover one another: what
    /// the resolver's merge of rule groups and the linter's pattern lookups must get right.</summary>
    public static Arbitrary<RuleHeavyPolicy> RuleHeavyPolicies() => Arb.From(
        from policy in PolicyGen(maxRules: 60)
        select new RuleHeavyPolicy(policy));

    /// <summary>Check-outs against rule-heavy policies.</summary>
    public static Arbitrary<RuleHeavyCheckout> RuleHeavyCheckouts() => Arb.From(
        from policy in PolicyGen(maxRules: 60)
        from userGroup in Code(policy.UserGroups.Select(g => g.Code), "99")
        from itemPolicy in Code(policy.ItemPolicies.Select(p => p.Code), "rare-book")
        from library in Code(policy.Libraries.Select(l => l.Code).Concat(policy.Rules.Select(r => r.Library)), "BAK")
        from location in Gen.Elements<string?>([.. LocationCodes, "basement", null])
        select new RuleHeavyCheckout(new CheckoutCodes(policy, userGroup, itemPolicy, library, location)));

    /// <summary>
    /// A policy of the size of the FOLIO import that took 28–40 s to compile: 20 user groups × 600 item policies ×
    /// 50 libraries and 16,742 rules — specific (group, item policy, library) lines, some for a location, lines for any
    /// group or any item policy or any library, the more specific first as FOLIO ranks them, and a catch-all last —
    /// the same for a seed.
    /// </summary>
    public static Policy FolioSized(int seed = 14)
    {
        var (groups, itemPolicies, libraries, terms, rules) = FolioSizedParts(seed);
        return new Policy("FOLIO-sized", "USD", DateTimeZoneProviders.Tzdb["America/New_York"], groups, itemPolicies, libraries, terms, rules);
    }

    /// <summary>The parts of <see cref="FolioSized"/>, to time the policy's construction alone.</summary>
    public static (UserGroup[] Groups, ItemPolicy[] ItemPolicies, Library[] Libraries, TermsOfUse[] Terms, List<Rule> Rules) FolioSizedParts(int seed = 14)
    {
#pragma warning disable CA5394 // Not security: a fixed seed keeps the policy the same on every run.
        var random = new Random(seed);
        var groups = Enumerable.Range(0, 20).Select(i => new UserGroup($"group-{i:00}", $"Group {i}")).ToArray();
        var itemPolicies = Enumerable.Range(0, 600).Select(i => new ItemPolicy($"material-{i:000}", $"Material type {i}")).ToArray();
        var libraries = Enumerable.Range(0, 50).Select(i => new Library($"LIB{i:00}", $"Library {i}")).ToArray();
        TermsOfUse[] terms =
        [
            new("loan-28d", new LoanTerms(Period.FromDays(28))),
            new("loan-7d", new LoanTerms(Period.FromDays(7))),
            new("loan-3h", new LoanTerms(Period.FromHours(3), DueTime.Exact)),
            new("no-loan", null),
        ];
        var rules = new List<Rule>(16_742);
        string Pick<T>(T[] items, Func<T, string> code, int anyInTen) => random.Next(10) < anyInTen ? Rule.Any : code(items[random.Next(items.Length)]);
        while (rules.Count < 16_741)
        {
            var shape = random.Next(100);
            var group = Pick(groups, g => g.Code, shape < 70 ? 0 : 5);
            var itemPolicy = Pick(itemPolicies, p => p.Code, shape < 70 ? 0 : 4);
            var library = Pick(libraries, l => l.Code, shape < 90 ? 0 : 6);
            var location = random.Next(10) < 2 ? $"loc-{random.Next(12)}" : Rule.Any;
            rules.Add(new Rule($"r{rules.Count}", terms[random.Next(terms.Length)].Id, group, itemPolicy, library, location));
        }
#pragma warning restore CA5394

        rules = [.. rules.OrderBy(r => new[] { r.UserGroup, r.ItemPolicy, r.Library, r.Location }.Count(c => c == Rule.Any))];
        rules.Add(new Rule("fallback", "loan-28d"));
        return (groups, itemPolicies, libraries, terms, rules);
    }

    public static Arbitrary<CheckoutCodes> Checkouts() => Arb.From(
        from policy in PolicyGen()
        from userGroup in Code(policy.UserGroups.Select(g => g.Code), "99")
        from itemPolicy in Code(policy.ItemPolicies.Select(p => p.Code), "rare-book")
        from library in Code(policy.Libraries.Select(l => l.Code).Concat(policy.Rules.Select(r => r.Library)), "BAK")
        from location in Gen.Elements<string?>([.. LocationCodes, "basement", null])
        select new CheckoutCodes(policy, userGroup, itemPolicy, library, location));

    // Damaging a fixed pool of written policies keeps the property fast: compiling a fresh policy per case
    // tripled its time without reaching more of the reader.
    private static readonly Lazy<Gen<string>[]> DamagedFiles = new(() =>
        [.. PolicyGen().Sample(24, 12).Select(p => Damage(PolicyWriter.Write(p, indented: false))), Damage(EmbeddedPolicies.HarvardDefaultJson)]);

    public static Arbitrary<HostileText> HostileTexts() => Arb.From(
        Gen.OneOf([RandomText(), .. DamagedFiles.Value]).Select(t => new HostileText(t)));

    private static Gen<string> Code(IEnumerable<string> known, string unknown)
    {
        var codes = known.Where(c => c != Rule.Any).Distinct().ToArray();
        return codes.Length == 0 ? Gen.Constant(unknown) : Gen.Frequency((4, Gen.Elements(codes)), (1, Gen.Constant(unknown)));
    }

    private static Gen<string> RandomText() =>
        Gen.ArrayOf(Gen.Elements("{}[]\":,0123456789.-eE tnrufalsP DTHMSW\\".ToCharArray())).Select(chars => new string(chars));

    private static Gen<string> Damage(string json)
    {
        var strings = Regex.Matches(json, "\"[^\"]*\"").Select(m => (m.Index, m.Length)).ToArray();
        return Gen.OneOf(
            from start in Gen.Choose(0, json.Length - 1)
            from length in Gen.Choose(1, 20)
            select json.Remove(start, Math.Min(length, json.Length - start)),
            from at in Gen.Choose(0, json.Length)
            from snippet in Gen.Elements(Snippets)
            select json.Insert(at, snippet),
            from target in Gen.Elements(strings)
            from snippet in Gen.Elements(Snippets)
            select json.Remove(target.Index, target.Length).Insert(target.Index, snippet),
            from length in Gen.Choose(0, json.Length)
            select json[..length]);
    }

    private static Gen<Policy> PolicyGen(int maxRules = 6) =>
        from currency in Gen.Elements("USD", "EUR")
        from zone in Gen.Elements(Zones)
        from name in Gen.Elements<string?>("Harvard Library", "Widener", null)
        from groupCodes in Some(GroupCodes, 1)
        from groups in Gen.CollectToList(groupCodes, code => UserGroupGen(code, currency))
        from itemPolicyCodes in Some(ItemPolicyCodes, 1)
        from libraryCodes in Some(LibraryCodes, 0)
        from libraries in Gen.CollectToList(libraryCodes, LibraryGen)
        from termsIds in Some(TermsIds, 1)
        from terms in Gen.CollectToList(termsIds, id => TermsGen(id, currency))
        from ruleCount in Gen.Choose(0, maxRules)
        from rules in Gen.CollectToList(Enumerable.Range(0, ruleCount), i => RuleGen(i, groupCodes, itemPolicyCodes, termsIds))
        from retention in RetentionGen()
        select new Policy(name, currency, DateTimeZoneProviders.Tzdb[zone], groups,
            itemPolicyCodes.Select(c => new ItemPolicy(c, c + " items")), libraries, terms, rules, retention);

    private static Gen<string[]> Some(string[] pool, int least) =>
        from shuffled in Gen.Shuffle(pool)
        from count in Gen.Choose(least, pool.Length)
        select shuffled.Take(count).ToArray();

    private static Gen<Period> PeriodGen() => Gen.Elements(Periods);

    private static Gen<Period?> OptionalPeriod() => Gen.Frequency((1, Gen.Constant<Period?>(null)), (3, PeriodGen().Select(p => (Period?)p)));

    private static Gen<Money> MoneyGen(string currency) =>
        Gen.Frequency(
            (5, Gen.Choose(0, 20_000).Select(cents => new Money(cents / 100m, currency))),
            (1, Gen.Choose(0, 99_999).Select(mills => new Money(mills / 1000m, currency))));

    private static Gen<Money?> OptionalMoney(string currency) =>
        Gen.Frequency((1, Gen.Constant<Money?>(null)), (3, MoneyGen(currency).Select(m => (Money?)m)));

    private static Gen<int?> OptionalCount() => Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(0, 500).Select(n => (int?)n)));

    private static Gen<bool> Bool() => Gen.Elements(true, false);

    private static Gen<UserGroup> UserGroupGen(string code, string currency) =>
        from mayBorrow in Bool()
        from maxLoans in OptionalCount()
        from maxBalance in OptionalMoney(currency)
        from maxLost in OptionalCount()
        from maxClaimed in OptionalCount()
        from hasBursar in Bool()
        from age in PeriodGen()
        from minimum in MoneyGen(currency)
        select new UserGroup(code, "Group " + code, mayBorrow, maxLoans, maxBalance, maxLost, maxClaimed, hasBursar ? new BursarTerms(age, minimum) : null);

    private static Gen<Library> LibraryGen(string code) =>
        from name in Gen.Elements<string?>(code + " Library", null)
        from hasHours in Bool()
        from days in Gen.ArrayOf(DayGen(), 7)
        from closed in Gen.ListOf(Gen.Choose(0, 800).Select(d => new LocalDate(2026, 1, 1).PlusDays(d)))
        select new Library(code, name,
            hasHours ? new WeeklyHours(days.Select((h, i) => (Day: (IsoDayOfWeek)(i + 1), h)).ToDictionary(x => x.Day, x => x.h)) : null,
            closed);

    private static Gen<DayHours> DayGen() => Gen.OneOf(
        Gen.Constant(DayHours.OpenAllDay),
        Gen.Constant(DayHours.ClosedAllDay),
        from open in Gen.Choose(0, 1_439)
        from close in Gen.Choose(open + 1, 1_440)
        select DayHours.Between(LocalTime.FromMinutesSinceMidnight(open), close == 1_440 ? null : LocalTime.FromMinutesSinceMidnight(close)));

    private static Gen<TermsOfUse> TermsGen(string id, string currency) =>
        from loan in Gen.Frequency((1, Gen.Constant<LoanTerms?>(null)), (4, LoanGen().Select(l => (LoanTerms?)l)))
        from overdue in Gen.Frequency((1, Gen.Constant<FineRule?>(null)), (2, FineGen(currency).Select(f => (FineRule?)f)))
        from recalled in Gen.Frequency((1, Gen.Constant<FineRule?>(null)), (2, FineGen(currency).Select(f => (FineRule?)f)))
        from recall in Gen.Frequency((1, Gen.Constant<RecallTerms?>(null)),
            (2, Gen.Zip(PeriodGen(), OptionalPeriod()).Select(x => (RecallTerms?)new RecallTerms(x.Item1, x.Item2))))
        from lost in Gen.Frequency((1, Gen.Constant<LostItemTerms?>(null)), (2, LostGen(currency).Select(l => (LostItemTerms?)l)))
        from request in Gen.Frequency((1, Gen.Constant<RequestTerms?>(null)), (1, PeriodGen().Select(p => (RequestTerms?)new RequestTerms(p))))
        from notices in Gen.Frequency((1, Gen.Constant<NoticeTerms?>(null)), (2, NoticesGen().Select(n => (NoticeTerms?)n)))
        select new TermsOfUse(id, loan, overdue, recalled, recall, lost, request, notices);

    private static Gen<LoanTerms> LoanGen() =>
        from period in PeriodGen()
        from dueTime in Gen.Elements(Enum.GetValues<DueTime>())
        from closedDue in Gen.Elements(Enum.GetValues<ClosedDue>())
        from maxRenewals in Gen.Choose(0, 10)
        from maxRenewalPeriod in OptionalPeriod()
        from renewPeriod in OptionalPeriod()
        from autoRenew in Bool()
        select new LoanTerms(period, dueTime,
            dueTime == DueTime.EndOfDay && closedDue is ClosedDue.EndOfCurrentHours or ClosedDue.BeginningOfNextOpenHours ? ClosedDue.Keep : closedDue,
            maxRenewals, maxRenewalPeriod, renewPeriod, autoRenew);

    private static Gen<FineRule> FineGen(string currency) =>
        from amount in MoneyGen(currency)
        from per in Gen.Elements(Enum.GetValues<FineInterval>())
        from grace in OptionalPeriod()
        from max in OptionalMoney(currency)
        from countClosed in Bool()
        from graceDeducted in Bool()
        from forgive in Bool()
        select new FineRule(amount, per, grace, max, countClosed, graceDeducted, forgive);

    private static Gen<LostItemTerms> LostGen(string currency) =>
        from aged in OptionalPeriod()
        from fee in OptionalMoney(currency)
        from process in OptionalMoney(currency)
        from percent in Gen.Choose(0, 100)
        from refundProcess in Bool()
        from noRefund in OptionalPeriod()
        from forgive in Bool()
        select new LostItemTerms(aged, fee, process, percent, refundProcess, noRefund, forgive);

    private static Gen<NoticeTerms> NoticesGen() =>
        from courtesy in OptionalPeriod()
        from overdue in Gen.ListOf(PeriodGen()).Select(delays => delays.Take(NoticeTerms.MaxOverdueNotices).ToList())
        from bill in Bool()
        from fineFee in Bool()
        select new NoticeTerms(courtesy, overdue, bill, fineFee);

    private static Gen<Rule> RuleGen(int index, string[] groups, string[] itemPolicies, string[] termsIds) =>
        from terms in Gen.Elements(termsIds)
        from userGroup in Gen.Elements([Rule.Any, Rule.Any, .. groups])
        from itemPolicy in Gen.Elements([Rule.Any, Rule.Any, .. itemPolicies])
        from library in Gen.Elements([Rule.Any, Rule.Any, Rule.Any, .. LibraryCodes])
        from location in Gen.Elements([Rule.Any, Rule.Any, Rule.Any, .. LocationCodes])
        select new Rule($"rule-{index}", terms, userGroup, itemPolicy, library, location);

    private static Gen<RetentionTerms> RetentionGen() =>
        from anonymize in OptionalPeriod()
        from keep in Bool()
        from returnList in OptionalPeriod()
        from idle in OptionalPeriod()
        select new RetentionTerms(anonymize, keep, returnList, idle);
}
