using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Items;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Tests.Desk;

/// <summary>
/// Domain fixtures for the circulation desk: Widener Library's calendar in New York time, a special borrower, a
/// faculty proxy and a visiting researcher, regular term loans with recalls, lost-item fees and notices, a
/// 3-hour course reserve fined by the hour, and Harvard Depository items whose terms send no loan notices.
/// </summary>
internal static class DeskFixtures
{
    public const string SpecialBorrower = "10000025";
    public const string Faculty = "10000021";
    public const string VisitingResearcher = "10000059";

    /// <summary>Regular loan, no replacement cost (the terms' $100 default applies).</summary>
    public const string Middlemarch = "32044000000001";

    /// <summary>3-hour course reserve, $3/hour after 1 hour's grace, at most $45.</summary>
    public const string ChemistryReserve = "32044000000002";

    /// <summary>Regular loan with a $45 replacement cost.</summary>
    public const string BleakHouse = "32044000000003";

    /// <summary>Harvard Depository item: terms with no recall and no notices block; pick-up within 3 days.</summary>
    public const string DepositoryVolume = "32044000000004";

    public const string Staff = "jdoe";
    public const string OtherStaff = "asmith";

    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>The policy file the fixtures use; variants replace a piece of it.</summary>
    public const string PolicyJson = """
        {
          "format": 1,
          "name": "Widener test policy",
          "currency": "USD",
          "timeZone": "America/New_York",
          "userGroups": [
            { "code": "25", "name": "Special Borrower", "maxLoans": 50,
              "bursar": { "minimumAge": "P30D", "minimumBalance": "1.00" } },
            { "code": "21", "name": "Faculty (Proxy)" },
            { "code": "59", "name": "Visiting Researcher" }
          ],
          "itemPolicies": [
            { "code": "regular", "name": "Regular loan" },
            { "code": "reserve-3h", "name": "3 hour reserve" },
            { "code": "depository", "name": "Harvard Depository" }
          ],
          "libraries": [
            { "code": "WID", "name": "Widener Library",
              "hours": { "monday": ["09:00", "22:00"], "tuesday": ["09:00", "22:00"], "wednesday": ["09:00", "22:00"],
                         "thursday": ["09:00", "22:00"], "friday": ["09:00", "20:00"], "saturday": ["10:00", "17:00"],
                         "sunday": ["12:00", "20:00"] },
              "closedDates": [ "2026-07-04", "2026-12-25" ] }
          ],
          "termsOfUse": [
            { "id": "regular",
              "loan": { "period": "P28D", "dueTime": "endOfDay", "closedDue": "endOfNextOpenDay",
                        "maxRenewals": 5, "maxRenewalPeriod": "P48M", "renewPeriod": "P28D" },
              "overdueFine": null,
              "recalledOverdueFine": { "amount": "3.00", "per": "day", "max": "45.00" },
              "recall": { "returnWithin": "P14D", "minimumLoan": "P7D" },
              "lostItem": { "agedToLostAfter": "P45D", "defaultReplacementFee": "100.00", "processFee": "10.00" },
              "request": { "pickupWithin": "P7D" },
              "notices": { "courtesy": "P2D", "overdue": [ "P1D", "P7D", "P14D" ], "lostItemBill": true, "fineFee": true } },
            { "id": "reserve-3h",
              "loan": { "period": "PT3H", "dueTime": "exact", "closedDue": "endOfCurrentHours" },
              "overdueFine": { "amount": "3.00", "per": "hour", "grace": "PT1H", "max": "45.00", "countClosed": false },
              "notices": { "fineFee": true } },
            { "id": "depository",
              "loan": { "period": "P28D", "maxRenewals": 2 },
              "request": { "pickupWithin": "P3D" } }
          ],
          "rules": [
            { "id": "reserves", "itemPolicy": "reserve-3h", "termsOfUse": "reserve-3h" },
            { "id": "depository", "itemPolicy": "depository", "termsOfUse": "depository" },
            { "id": "default", "termsOfUse": "regular" }
          ],
          "retention": { "anonymizeReturnsAfter": "P60D", "keepLoansWithFinesFees": true,
                         "returnListFor": "P6M", "sessionIdleTimeout": "PT5M" }
        }
        """;

    /// <summary>The policy, with optional text replacements (each must match, so a variant cannot silently
    /// fall back to the default).</summary>
    public static Policy Policy(params (string From, string To)[] replacements)
    {
        var json = PolicyJson;
        foreach (var (from, to) in replacements)
        {
            if (!json.Contains(from, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The fixture policy has no '{from}'.", nameof(replacements));
            }

            json = json.Replace(from, to, StringComparison.Ordinal);
        }

        return PoliciesRead.GetOrAdd(json, text => PolicyReader.Read(text).PolicyOrThrow());
    }

    private static readonly ConcurrentDictionary<string, Policy> PoliciesRead = new(StringComparer.Ordinal);

    public static readonly Policy Widener = Policy();

    public static IReadOnlyList<Patron> Patrons { get; } =
    [
        new(SpecialBorrower, "25", "Ada Lovelace"),
        new(Faculty, "21", "Charles Babbage"),
        new(VisitingResearcher, "59", "Grace Hopper"),
    ];

    public static IReadOnlyList<Item> Items { get; } =
    [
        new(Middlemarch, "regular", "WID", "Middlemarch", "STACKS"),
        new(ChemistryReserve, "reserve-3h", "WID", "Organic Chemistry (course reserve)", "RESERVES"),
        new(BleakHouse, "regular", "WID", "Bleak House", "STACKS", new Money(45.00m, "USD")),
        new(DepositoryVolume, "depository", "WID", "Annual Report 1931", "HD"),
    ];

    /// <summary>Monday 2 March 2026, 10:00 in New York (EST; DST starts on 8 March).</summary>
    public static readonly Instant MondayMorning = Local(2026, 3, 2, 10, 0);

    // Opening a desk builds each library's prefix-sum calendar on first use (tens of milliseconds); desks are
    // immutable, so one opened desk per policy and start serves every test.
    private static readonly ConditionalWeakTable<Policy, ConcurrentDictionary<Instant, CirculationDesk>> Opened = [];

    public static CirculationDesk Open(Policy? policy = null, Instant? start = null) =>
        Opened.GetOrCreateValue(policy ?? Widener)
            .GetOrAdd(start ?? Local(2026, 1, 1, 0, 0), at => CirculationDesk.Open(policy ?? Widener, Patrons, Items, at));

    /// <summary>The fixture desk with scoped ids (<see cref="IdNumbering.Scoped"/>), opened on <see cref="MondayMorning"/>.</summary>
    public static CirculationDesk OpenScoped() => OpenedScoped.Value;

    private static readonly Lazy<CirculationDesk> OpenedScoped = new(() => CirculationDesk.Open(Widener, Patrons, Items, MondayMorning, ids: IdNumbering.Scoped));

    /// <summary>A New York wall-clock instant (the earlier one when ambiguous).</summary>
    public static Instant Local(int year, int month, int day, int hour, int minute, int second = 0) =>
        NewYork.AtLeniently(new LocalDateTime(year, month, day, hour, minute, second)).ToInstant();

    public static CirculationDesk Ok(this Decision<CirculationDesk> decision) =>
        decision.IsAllowed ? decision.Value : throw new InvalidOperationException("Refused: " + string.Join(" ", decision.Reasons.Select(r => r.Message)));

    public static Refusal Refused(this Decision<CirculationDesk> decision) =>
        decision.IsAllowed ? throw new InvalidOperationException("The action was allowed.") : Assert.Single(decision.Reasons);

    public static Loan Loan(this CirculationDesk desk, string id) => desk.FindLoan(id) ?? throw new InvalidOperationException($"No loan {id}.");

    /// <summary>Notices as (type, patron, at, loan, request) for readable comparisons.</summary>
    public static IEnumerable<(NoticeType Type, string Patron, Instant At, string? Loan, string? Request)> Rows(this IEnumerable<Notice> notices) =>
        notices.Select(n => (n.Type, n.PatronId, n.At, n.LoanId, n.RequestId));
}
