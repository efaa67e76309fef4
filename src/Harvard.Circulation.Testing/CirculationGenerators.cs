using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Items;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using NodaTime;
using NodaTime.Text;

namespace Harvard.Circulation.Testing;

/// <summary>
/// FsCheck 3 generators of valid circulation data: policies, patrons and items that fit a policy, and whole
/// scenarios (events in time order over those patrons and items) as scenario JSON with the
/// <see cref="Formats.Scenarios.Scenario"/> read from it.
/// </summary>
/// <remarks>
/// <para>Every generated scenario is valid: <see cref="Formats.Scenarios.ScenarioReader"/> reads its JSON without
/// a problem. The events are valid by the format (known patrons, items, staff, requests and sessions, positive
/// amounts, time order) but not necessarily allowed by the rules: a renewal over the limit or a check-in of an
/// item not on loan is generated on purpose, and the replay reports it under <c>refused</c>.</para>
/// <para>Use the arbitraries with <c>[Property(Arbitrary = [typeof(CirculationGenerators)])]</c>, or the
/// generators directly (<c>CirculationGenerators.Scenario(myPolicy).Sample(50)</c>). Sizes are bounded (at most
/// 24 events, 5 patrons, 6 items) so a property of 1,000 cases runs in seconds. Thread-safe.</para>
/// </remarks>
public static class CirculationGenerators
{
    /// <summary>The most events a generated scenario has.</summary>
    public const int MaxEvents = 24;

    private static readonly string[] GroupCodes = ["21", "25", "42", "58", "59"];
    private static readonly string[] ItemPolicyCodes = ["regular", "term-loan", "reserve-3h", "media"];
    private static readonly string[] LibraryCodes = ["WID", "LAM", "CAB"];
    private static readonly string[] LocationCodes = ["STACKS", "RESERVES", "MEDIA"];
    private static readonly string[] TermsIds = ["term-loan", "reserve-3h", "no-loan", "media"];
    private static readonly string[] Zones = ["America/New_York", "Europe/London", "UTC"];
    private static readonly string[] StaffIds = ["jdoe", "asmith"];
    private static readonly string[] Names = ["Ada Lovelace", "Grace Hopper", "Emmy Noether", "Alan Turing", "Katherine Johnson"];
    private static readonly string[] Titles = ["Middlemarch", "Moby-Dick", "Bleak House", "The Waves", "Ulysses", "Beloved"];
    private static readonly string[] FeeTypes = [.. Enum.GetValues<FineFeeType>().Select(t => t.ToSpelling())];

    private static readonly Period[] LoanPeriods =
        [Period.FromDays(28), Period.FromHours(3), Period.FromWeeks(2), Period.FromDays(7), Period.FromHours(2), Period.FromMonths(4), Period.FromDays(1)];

    private static readonly Period[] ShortPeriods =
        [Period.Zero, Period.FromDays(1), Period.FromHours(1), Period.FromDays(7), Period.FromDays(14), Period.FromMinutes(30), Period.FromDays(45)];

    // Gaps between events, in minutes: same instant, the desk's minutes and hours, days, a loan period, aged-to-lost.
    private static readonly int[] GapMinutes = [0, 1, 5, 60, 180, 1_440, 3 * 1_440, 10 * 1_440, 30 * 1_440, 50 * 1_440];

    private static readonly OffsetDateTimePattern InstantPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<Z+HH:mm>");
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Valid policies: user groups with limits, item policies, libraries with hours and closed dates,
    /// terms of use with fines, recalls, lost-item terms and notices, and rules (some with wildcards) ending
    /// with a <c>default</c> rule that matches every check-out.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<Policy> Policies() => Arb.From(Policy());

    /// <summary>Valid scenarios over generated policies (and sometimes <c>harvard-default</c>).</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<ScenarioCase> Scenarios() => Arb.From(Scenario());

    /// <summary>A generator of valid policies, as <see cref="Policies"/> describes.</summary>
    /// <returns>The generator.</returns>
    public static Gen<Policy> Policy() =>
        from zone in Gen.Elements(Zones)
        from groupCodes in Some(GroupCodes, 1)
        from groups in Gen.CollectToList(groupCodes, UserGroupGen)
        from itemPolicyCodes in Some(ItemPolicyCodes, 1)
        from libraryCodes in Some(LibraryCodes, 1)
        from libraries in Gen.CollectToList(libraryCodes, LibraryGen)
        from termsIds in Some(TermsIds, 0)
        from defaultTerms in TermsGen("default", loanable: true)
        from terms in Gen.CollectToList(termsIds, id => TermsGen(id, loanable: id != "no-loan"))
        from ruleCount in Gen.Choose(0, 4)
        from rules in Gen.CollectToList(Enumerable.Range(1, ruleCount), i => RuleGen(i, groupCodes, itemPolicyCodes, libraryCodes, termsIds))
        from retention in RetentionGen()
        select new Policy("Generated library", Money.DefaultCurrency, DateTimeZoneProviders.Tzdb[zone], groups,
            itemPolicyCodes.Select(c => new ItemPolicy(c, c + " items")), libraries, [defaultTerms, .. terms],
            [.. rules, new Rule("default", "default")], retention);

    /// <summary>Patrons of a policy: 1 to 5, primary ids <c>10000001, 10000002, ...</c>, groups from the policy's
    /// catalogue, sometimes a name and a barcode identifier.</summary>
    /// <param name="policy">The policy whose user groups the patrons belong to.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public static Gen<IReadOnlyList<Patron>> Patrons(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var groups = policy.UserGroups.Select(g => g.Code).ToArray();
        return from count in Gen.Choose(1, 5)
               from patrons in Gen.CollectToList(Enumerable.Range(0, count), i =>
                   from grp in Gen.Elements(groups)
                   from named in Gen.Elements(true, true, false)
                   from hasBarcode in Gen.Elements(true, false)
                   from internalRecord in Gen.Elements(false, false, true)
                   select new Patron(PatronId(i), grp, named ? Names[i % Names.Length] : null,
                       internalRecord ? RecordType.Internal : RecordType.External,
                       hasBarcode ? [new PatronIdentifier("barcode", "2123400000" + (i + 1).ToString(CultureInfo.InvariantCulture))] : null))
               select (IReadOnlyList<Patron>)patrons;
    }

    /// <summary>Items of a policy: 1 to 6, barcodes <c>32044000000001, ...</c>, item policies and libraries from
    /// the policy, sometimes a location, title and replacement cost.</summary>
    /// <param name="policy">The policy whose item policies and libraries the items use.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public static Gen<IReadOnlyList<Item>> Items(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var itemPolicies = policy.ItemPolicies.Select(p => p.Code).ToArray();
        var libraries = policy.Libraries.Count > 0 ? policy.Libraries.Select(l => l.Code).ToArray() : LibraryCodes;
        return from count in Gen.Choose(1, 6)
               from items in Gen.CollectToList(Enumerable.Range(0, count), i =>
                   from itemPolicy in Gen.Elements(itemPolicies)
                   from library in Gen.Elements(libraries)
                   from location in Gen.Elements<string?>([null, .. LocationCodes])
                   from titled in Gen.Elements(true, true, false)
                   from cost in Gen.Frequency((1, Gen.Constant<Money?>(null)), (2, Gen.Choose(1, 20_000).Select(c => (Money?)new Money(c / 100m, policy.Currency))))
                   select new Item(ItemBarcode(i), itemPolicy, library, titled ? Titles[i % Titles.Length] : null, location, cost))
               select (IReadOnlyList<Item>)items;
    }

    /// <summary>Valid scenarios: a generated policy (inline in the file) or, one time in five, <c>harvard-default</c>.</summary>
    /// <returns>The generator.</returns>
    public static Gen<ScenarioCase> Scenario() =>
        Gen.Frequency(
            (4, Policy().SelectMany(p => Scenario(p, inline: true))),
            (1, Scenario(EmbeddedPolicies.HarvardDefault, inline: false)));

    /// <summary>Valid scenarios over one policy, written inline in the scenario file.</summary>
    /// <param name="policy">The policy under test.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public static Gen<ScenarioCase> Scenario(Policy policy) => Scenario(Guard(policy), inline: true);

    private static Policy Guard(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy;
    }

    private static Gen<ScenarioCase> Scenario(Policy policy, bool inline) =>
        from patrons in Patrons(policy)
        from items in Items(policy)
        from staffCount in Gen.Choose(0, 2)
        from startDay in Gen.Choose(0, 360)
        from startMinute in Gen.Choose(6 * 60, 20 * 60)
        from eventCount in Gen.Choose(0, MaxEvents)
        from plans in Gen.ArrayOf(PlanGen(), eventCount)
        from tailMinutes in Gen.Elements(GapMinutes)
        from queries in Gen.Choose(0, 2)
        select new ScenarioCase(Write(policy, inline, patrons, items, staffCount,
            policy.TimeZone.AtLeniently(new LocalDate(2026, 1, 1).PlusDays(startDay).At(LocalTime.FromMinutesSinceMidnight(startMinute))).ToInstant(),
            plans, tailMinutes, queries));

    private static string PatronId(int index) => (10_000_001 + index).ToString(CultureInfo.InvariantCulture);

    private static string ItemBarcode(int index) => (32_044_000_000_001L + index).ToString(CultureInfo.InvariantCulture);

    private static Gen<string[]> Some(string[] pool, int least) =>
        from shuffled in Gen.Shuffle(pool)
        from count in Gen.Choose(least, pool.Length)
        select shuffled.Take(count).ToArray();

    private static Gen<Money> Amount(int maxCents) => Gen.Choose(1, maxCents).Select(c => new Money(c / 100m, Money.DefaultCurrency));

    private static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static Gen<T?> MaybeValue<T>(Gen<T> gen)
        where T : struct => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static Gen<UserGroup> UserGroupGen(string code) =>
        from mayBorrow in Gen.Frequency((6, Gen.Constant(true)), (1, Gen.Constant(false)))
        from maxLoans in MaybeValue(Gen.Choose(0, 8))
        from maxBalance in MaybeValue(Amount(10_000))
        from maxLost in MaybeValue(Gen.Choose(0, 3))
        from maxClaimed in MaybeValue(Gen.Choose(0, 3))
        from bursar in Maybe(from age in Gen.Elements(ShortPeriods) from minimum in Amount(5_000) select new BursarTerms(age, minimum))
        select new UserGroup(code, "Group " + code, mayBorrow, maxLoans, maxBalance, maxLost, maxClaimed, bursar);

    private static Gen<Library> LibraryGen(string code) =>
        from hasHours in Gen.Elements(true, false)
        from days in Gen.ArrayOf(DayGen(), 7)
        from closedCount in Gen.Choose(0, 6)
        from closed in Gen.ArrayOf(Gen.Choose(0, 400).Select(d => new LocalDate(2026, 1, 1).PlusDays(d)), closedCount)
        select new Library(code, code + " Library",
            hasHours ? new WeeklyHours(days.Select((h, i) => (Day: (IsoDayOfWeek)(i + 1), h)).ToDictionary(x => x.Day, x => x.h)) : null,
            closed.Distinct());

    private static Gen<DayHours> DayGen() => Gen.Frequency(
        (1, Gen.Constant(DayHours.OpenAllDay)),
        (1, Gen.Constant(DayHours.ClosedAllDay)),
        (3, from open in Gen.Choose(6, 12)
            from close in Gen.Choose(open + 1, 24)
            select DayHours.Between(new LocalTime(open, 0), close == 24 ? null : new LocalTime(close, 0))));

    private static Gen<TermsOfUse> TermsGen(string id, bool loanable) =>
        from loan in loanable ? LoanGen().Select(l => (LoanTerms?)l) : Gen.Constant<LoanTerms?>(null)
        from overdue in Maybe(FineGen())
        from recalled in Maybe(FineGen())
        from recall in Maybe(from within in Gen.Elements(ShortPeriods) from minimum in Gen.Elements(ShortPeriods) select new RecallTerms(within, minimum))
        from lost in Maybe(LostGen())
        from request in Maybe(Gen.Elements(ShortPeriods).Select(p => new RequestTerms(p)))
        from notices in Maybe(NoticesGen())
        select new TermsOfUse(id, loan, overdue, recalled, recall, lost, request, notices);

    private static Gen<LoanTerms> LoanGen() =>
        from period in Gen.Elements(LoanPeriods)
        from dueTime in Gen.Elements(DueTime.EndOfDay, DueTime.Exact)
        from closedDue in Gen.Elements(Enum.GetValues<ClosedDue>())
        from maxRenewals in Gen.Choose(0, 3)
        from maxRenewalPeriod in Maybe(Gen.Elements(Period.FromMonths(2), Period.FromDays(60), Period.FromHours(12)))
        from renewPeriod in Maybe(Gen.Elements(LoanPeriods))
        from autoRenew in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new LoanTerms(period, dueTime,
            dueTime == DueTime.EndOfDay && closedDue is ClosedDue.EndOfCurrentHours or ClosedDue.BeginningOfNextOpenHours ? ClosedDue.EndOfNextOpenDay : closedDue,
            maxRenewals, maxRenewalPeriod, renewPeriod, autoRenew);

    private static Gen<FineRule> FineGen() =>
        from amount in Gen.Elements(25, 50, 100, 300, 1_000).Select(c => new Money(c / 100m, Money.DefaultCurrency))
        from per in Gen.Elements(Enum.GetValues<FineInterval>())
        from grace in Maybe(Gen.Elements(ShortPeriods))
        from max in MaybeValue(Gen.Elements(0, 500, 4_500, 10_000).Select(c => new Money(c / 100m, Money.DefaultCurrency)))
        from countClosed in Gen.Elements(true, false)
        from graceDeducted in Gen.Elements(true, false)
        from forgive in Gen.Elements(true, false)
        select new FineRule(amount, per, grace, max, countClosed, graceDeducted, forgive);

    private static Gen<LostItemTerms> LostGen() =>
        from aged in Maybe(Gen.Elements(Period.FromDays(45), Period.FromDays(10), Period.FromHours(6)))
        from fee in MaybeValue(Amount(15_000))
        from process in MaybeValue(Amount(5_000))
        from percent in Gen.Elements(0, 50, 100)
        from refundProcess in Gen.Elements(true, false)
        from noRefund in Maybe(Gen.Elements(Period.FromMonths(6), Period.FromDays(30)))
        from forgive in Gen.Elements(true, false)
        select new LostItemTerms(aged, fee, process, percent, refundProcess, noRefund, forgive);

    private static Gen<NoticeTerms> NoticesGen() =>
        from courtesy in Maybe(Gen.Elements(Period.FromDays(2), Period.FromHours(1)))
        from overdue in Gen.Elements<Period[]>([], [Period.FromDays(1)], [Period.FromDays(1), Period.FromDays(7), Period.FromDays(14)], [Period.Zero])
        from bill in Gen.Elements(true, false)
        from fineFee in Gen.Elements(true, false)
        select new NoticeTerms(courtesy, overdue, bill, fineFee);

    private static Gen<Rule> RuleGen(int index, string[] groups, string[] itemPolicies, string[] libraries, string[] termsIds) =>
        from terms in Gen.Elements(["default", .. termsIds])
        from userGroup in Gen.Elements([Rule.Any, Rule.Any, .. groups])
        from itemPolicy in Gen.Elements([Rule.Any, .. itemPolicies])
        from library in Gen.Elements([Rule.Any, Rule.Any, .. libraries])
        from location in Gen.Elements([Rule.Any, Rule.Any, Rule.Any, .. LocationCodes])
        select new Rule($"rule-{index}", terms, userGroup, itemPolicy, library, location);

    private static Gen<RetentionTerms?> RetentionGen() =>
        Maybe(from anonymize in Gen.Elements(Period.FromDays(60), Period.FromDays(1), Period.Zero)
              from keep in Gen.Elements(true, false)
              from returnList in Gen.Elements(Period.FromMonths(6), Period.FromDays(3))
              from idle in Gen.Elements(Period.FromMinutes(5), Period.FromHours(1))
              select new RetentionTerms(anonymize, keep, returnList, idle));

    // One event to come, as raw choices; Write turns them into a valid event given what happened before.
    private readonly record struct Plan(int Kind, int First, int Second, int Gap, int Extra);

    private static Gen<Plan> PlanGen() =>
        from kind in Gen.Frequency(
            (8, Gen.Constant(0)), (3, Gen.Constant(1)), (5, Gen.Constant(2)), (2, Gen.Constant(3)), (2, Gen.Constant(4)), (2, Gen.Constant(5)),
            (2, Gen.Constant(6)), (1, Gen.Constant(7)), (1, Gen.Constant(8)), (1, Gen.Constant(9)), (2, Gen.Constant(10)), (1, Gen.Constant(11)),
            (1, Gen.Constant(12)), (2, Gen.Constant(13)), (1, Gen.Constant(14)), (2, Gen.Constant(15)), (1, Gen.Constant(16)))
        from first in Gen.Choose(0, 1_000)
        from second in Gen.Choose(0, 1_000)
        from gap in Gen.Choose(0, GapMinutes.Length - 1)
        from extra in Gen.Choose(0, 1_000)
        select new Plan(kind, first, second, gap, extra);

    private static string Write(Policy policy, bool inline, IReadOnlyList<Patron> patrons, IReadOnlyList<Item> items, int staffCount,
        Instant start, Plan[] plans, int tailMinutes, int queryCount)
    {
        var zone = policy.TimeZone;
        string At(Instant instant) => InstantPattern.Format(instant.InZone(zone).ToOffsetDateTime());
        string Amount(int choice) => new Money((choice % 40 + 1) * 0.25m + choice % 3, policy.Currency).ToAmountString();
        string[] staff = [.. StaffIds.Take(staffCount)];

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("format", 1);
            w.WriteString("name", "Generated scenario");
            if (inline)
            {
                w.WritePropertyName("policy");
                w.WriteRawValue(PolicyWriter.Write(policy, indented: false));
            }
            else
            {
                w.WriteString("policy", EmbeddedPolicies.HarvardDefaultName);
            }

            w.WriteStartArray("patrons");
            foreach (var p in patrons)
            {
                w.WriteStartObject();
                w.WriteString("id", p.PrimaryId);
                w.WriteString("group", p.GroupCode);
                w.WriteString("recordType", p.RecordType.ToSpelling());
                if (p.Name is not null)
                {
                    w.WriteString("name", p.Name);
                }

                w.WriteStartArray("identifiers");
                foreach (var identifier in p.Identifiers)
                {
                    w.WriteStartObject();
                    w.WriteString("type", identifier.Type);
                    w.WriteString("value", identifier.Value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("items");
            foreach (var item in items)
            {
                w.WriteStartObject();
                w.WriteString("barcode", item.Barcode);
                if (item.Title is not null)
                {
                    w.WriteString("title", item.Title);
                }

                w.WriteString("itemPolicy", item.ItemPolicy);
                w.WriteString("library", item.Library);
                if (item.Location is not null)
                {
                    w.WriteString("location", item.Location);
                }

                if (item.ReplacementCost is { } cost)
                {
                    w.WriteString("replacementCost", cost.ToAmountString());
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("staff");
            for (var i = 0; i < staff.Length; i++)
            {
                w.WriteStartObject();
                w.WriteString("id", staff[i]);
                w.WriteBoolean("nameSearch", i == 0);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            var now = start;
            var requests = new List<string>();
            var sessions = new List<string>();
            w.WriteStartArray("events");
            foreach (var plan in plans)
            {
                now += Duration.FromMinutes(GapMinutes[plan.Gap]);
                var patron = patrons[plan.First % patrons.Count].PrimaryId;
                var item = items[plan.Second % items.Count].Barcode;
                var transaction = "F" + (plan.Extra % 6 + 1).ToString(CultureInfo.InvariantCulture);
                var session = sessions.Count > 0 && plan.Extra % 2 == 0 ? sessions[plan.Extra % sessions.Count] : null;
                w.WriteStartObject();
                w.WriteString("at", At(now));
                switch (plan.Kind)
                {
                    case 0:
                        w.WriteString("type", "checkOut");
                        w.WriteString("patron", patron);
                        w.WriteString("item", item);
                        if (plan.Extra % 5 == 0)
                        {
                            w.WriteString("location", LocationCodes[plan.Extra % LocationCodes.Length]);
                        }

                        WriteOptional(w, "session", session);
                        break;
                    case 1:
                        w.WriteString("type", "renew");
                        w.WriteString("item", item);
                        break;
                    case 2:
                        w.WriteString("type", "checkIn");
                        w.WriteString("item", item);
                        WriteOptional(w, "session", session);
                        break;
                    case 3:
                        w.WriteString("type", "claimReturned");
                        w.WriteString("item", item);
                        break;
                    case 4:
                        w.WriteString("type", "declareLost");
                        w.WriteString("item", item);
                        break;
                    case 5:
                        w.WriteString("type", "markFound");
                        w.WriteString("item", item);
                        break;
                    case 6:
                        w.WriteString("type", "pay");
                        w.WriteString("patron", patron);
                        w.WriteString("amount", Amount(plan.Extra));
                        if (plan.Extra % 3 == 0)
                        {
                            w.WriteString("transactionId", transaction);
                        }

                        break;
                    case 7:
                        w.WriteString("type", "waive");
                        w.WriteString("transactionId", transaction);
                        if (plan.Extra % 2 == 1)
                        {
                            w.WriteString("amount", Amount(plan.First));
                        }

                        w.WriteString("reason", "Staff discretion");
                        break;
                    case 8:
                        w.WriteString("type", plan.Extra % 2 == 0 ? "dispute" : "restore");
                        w.WriteString("transactionId", transaction);
                        break;
                    case 9:
                        w.WriteString("type", "refund");
                        w.WriteString("transactionId", transaction);
                        w.WriteString("amount", Amount(plan.First));
                        break;
                    case 10:
                        w.WriteString("type", "charge");
                        w.WriteString("patron", patron);
                        w.WriteString("feeType", FeeTypes[plan.Extra % FeeTypes.Length]);
                        w.WriteString("amount", Amount(plan.Second));
                        if (plan.Extra % 2 == 0)
                        {
                            w.WriteString("title", Titles[plan.Second % Titles.Length]);
                        }

                        break;
                    case 11:
                        w.WriteString("type", "exportToBursar");
                        if (plan.Extra % 2 == 0)
                        {
                            w.WriteString("patron", patron);
                        }

                        break;
                    case 12 when requests.Count > 0:
                        w.WriteString("type", "cancelRequest");
                        w.WriteString("request", requests[plan.Extra % requests.Count]);
                        if (plan.Extra % 3 == 0)
                        {
                            w.WriteBoolean("notifyUser", false);
                        }

                        break;
                    case 15 when staff.Length > 0:
                        w.WriteString("type", "openSession");
                        w.WriteString("staff", staff[plan.Extra % staff.Length]);
                        w.WriteString("location", policy.Libraries[plan.Second % policy.Libraries.Count].Code);
                        w.WriteString("patron", patron);
                        sessions.Add("S" + (sessions.Count + 1).ToString(CultureInfo.InvariantCulture));
                        break;
                    case 16 when staff.Length > 0:
                        var target = patrons[plan.First % patrons.Count];
                        var (by, query) = (plan.Extra % 3) switch
                        {
                            0 => ("primaryId", target.PrimaryId),
                            1 => ("identifier", target.Identifiers.Count > 0 ? target.Identifiers[0].Value : target.PrimaryId),
                            _ => ("name", target.Name?.Split(' ')[0] ?? "Hopper"),
                        };
                        w.WriteString("type", "searchPatrons");
                        w.WriteString("staff", staff[plan.Second % staff.Length]);
                        w.WriteString("by", by);
                        w.WriteString("query", query);
                        break;
                    default:
                        // placeRequest, and what falls back to it (a cancel with nothing placed, a session without staff).
                        w.WriteString("type", "placeRequest");
                        w.WriteString("patron", patron);
                        w.WriteString("item", item);
                        requests.Add("R" + (requests.Count + 1).ToString(CultureInfo.InvariantCulture));
                        break;
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("asOf", At(now + Duration.FromMinutes(tailMinutes)));
            w.WriteStartArray("queries");
            for (var i = 0; i < queryCount; i++)
            {
                w.WriteStartObject();
                w.WriteStartObject("finesFees");
                if (i == 0)
                {
                    w.WriteString("patron", patrons[0].PrimaryId);
                }
                else
                {
                    w.WriteString("status", "active");
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
