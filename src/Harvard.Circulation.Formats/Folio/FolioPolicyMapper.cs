using System.Globalization;
using System.Text.Json;
using Harvard.Circulation.Time;
using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Formats.Folio;

/// <summary>A FOLIO period's unit (<c>period.json</c>, <c>interval.json</c>, <c>time-period.json</c>).</summary>
internal enum FolioUnit
{
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

/// <summary>What one loan policy gives a terms of use: the loan (null = not loanable), the grace period both fines
/// use, the recall block (kept only when the request policy allows recalls), and whether the loan has a renewal
/// period of its own (FOLIO's <c>differentPeriod</c>), written as <c>renewPeriod</c>.</summary>
internal sealed record FolioLoanMapping(LoanTerms? Loan, Period Grace, RecallTerms Recall, bool HasRenewPeriod = false);

/// <summary>One fine of an overdue fine policy, before the loan policy's grace period is known.</summary>
internal sealed record FolioFineMapping(Money Amount, FineInterval Per, Money? Max, bool CountClosed, bool ForgiveOnRenewal);

/// <summary>What one overdue fine policy gives: the regular and the recall fine (null = no fine), and whether
/// recalled loans get no grace.</summary>
internal sealed record FolioOverdueMapping(FolioFineMapping? Regular, FolioFineMapping? Recall, bool NoGraceForRecalls);

/// <summary>
/// Maps FOLIO policy records (mod-circulation-storage and mod-feesfines schemas) to the parts of our terms of use,
/// as <c>docs/folio.md</c> ("What maps to what") says. Each record is mapped once; problems, approximations and notes
/// go to the lists it is given, with paths into the export (<c>loanPolicies[2].loansPolicy.period</c>).
/// </summary>
internal sealed class FolioPolicyMapper(ProblemList problems, FolioFindings findings, string currency)
{
    private const int MinutesPerDay = 1_440;

    private static readonly string[] LoanPolicyFields = ["id", "name", "description", "loanable", "loansPolicy", "renewable", "renewalsPolicy", "requestManagement", "metadata"];
    private static readonly string[] LoansPolicyFields = ["profileId", "period", "closedLibraryDueDateManagementId", "gracePeriod", "openingTimeOffset", "fixedDueDateScheduleId", "itemLimit", "forUseAtLocation", "holdShelfExpiryPeriodForUseAtLocation"];
    private static readonly string[] RenewalsPolicyFields = ["unlimited", "numberAllowed", "renewFromId", "differentPeriod", "period", "alternateFixedDueDateScheduleId"];
    private static readonly string[] RequestManagementFields = ["recalls", "holds", "pages"];
    private static readonly string[] RecallsFields = ["alternateGracePeriod", "minimumGuaranteedLoanPeriod", "recallReturnInterval", "allowRecallsToExtendOverdueLoans", "alternateRecallReturnInterval"];
    private static readonly string[] HoldsFields = ["alternateCheckoutLoanPeriod", "renewItemsWithRequest", "alternateRenewalLoanPeriod"];
    private static readonly string[] PeriodFields = ["duration", "intervalId"];
    private static readonly string[] RequestPolicyFields = ["id", "name", "description", "requestTypes", "allowedServicePoints", "metadata"];
    private static readonly string[] NoticePolicyFields = ["id", "name", "description", "active", "metadata", "loanNotices", "feeFineNotices", "requestNotices"];
    private static readonly string[] NoticeFields = ["name", "templateId", "templateName", "format", "frequency", "realTime", "sendOptions"];
    private static readonly string[] SendOptionsFields = ["sendHow", "sendWhen", "sendBy", "sendEvery"];
    private static readonly string[] OverduePolicyFields = ["id", "name", "description", "overdueFine", "countClosed", "maxOverdueFine", "forgiveOverdueFine", "overdueRecallFine", "gracePeriodRecall", "maxOverdueRecallFine", "reminderFeesPolicy", "metadata"];
    private static readonly string[] QuantityFields = ["quantity", "intervalId"];
    private static readonly string[] ReminderFeesFields = ["countClosed", "ignoreGracePeriodRecall", "ignoreGracePeriodHolds", "allowRenewalOfItemsWithReminderFees", "clearPatronBlockWhenPaid", "reminderSchedule"];
    private static readonly string[] LostPolicyFields = ["id", "name", "description", "itemAgedLostOverdue", "patronBilledAfterAgedLost", "recalledItemAgedLostOverdue", "patronBilledAfterRecalledItemAgedLost", "chargeAmountItem", "lostItemProcessingFee", "chargeAmountItemPatron", "chargeAmountItemSystem", "lostItemChargeFeeFine", "returnedLostItemProcessingFee", "replacedLostItemProcessingFee", "replacementProcessingFee", "replacementAllowed", "lostItemReturned", "feesFinesShallRefunded", "metadata"];
    private static readonly string[] ChargeFields = ["chargeType", "amount"];

    private static readonly (string, FolioUnit)[] LoanUnits = Units(FolioUnit.Months);
    private static readonly (string, FolioUnit)[] AllUnits = Units(FolioUnit.Years);
    private static readonly (string, FolioFineUnit)[] FineIntervals = Enum.GetValues<FolioFineUnit>().Select(u => (u.ToString().ToLowerInvariant(), u)).ToArray();
    private static readonly (string, FolioChargeType)[] ChargeTypes = [("anotherCost", FolioChargeType.AnotherCost), ("actualCost", FolioChargeType.ActualCost)];
    private static readonly string[] RequestTypes = ["Hold", "Page", "Recall"];
    private static readonly string[] AlwaysSentRequestNotices = ["Available", "Request cancellation"];
    private static readonly string[] BilledAfter = ["patronBilledAfterAgedLost", "patronBilledAfterRecalledItemAgedLost"];
    private static readonly string[] Queues = ["holds", "pages"];
    private static readonly string[] AlternatePeriods = ["alternateCheckoutLoanPeriod", "alternateRenewalLoanPeriod"];

    private enum FolioFineUnit
    {
        Minute,
        Hour,
        Day,
        Week,
        Month,
        Year,
    }

    private enum FolioChargeType
    {
        AnotherCost,
        ActualCost,
    }

    /// <summary>The fields of every record kind this mapper reads, for the unknown-field check of unused records.</summary>
    public static IReadOnlyList<string> FieldsOf(FolioPolicyType type) => type switch
    {
        FolioPolicyType.Loan => LoanPolicyFields,
        FolioPolicyType.Request => RequestPolicyFields,
        FolioPolicyType.Notice => NoticePolicyFields,
        FolioPolicyType.OverdueFine => OverduePolicyFields,
        _ => LostPolicyFields,
    };

    /// <summary>Opens a policy record and checks it has a name: the same for every kind.</summary>
    public JsonObjectReader? OpenRecord(JsonElement element, string path, FolioPolicyType type)
    {
        var f = JsonObjectReader.Open(problems, element, path, FieldsOf(type));
        f?.String("name", required: true, nonEmpty: false);
        return f;
    }

    /// <summary>§5.1: a loan policy.</summary>
    public FolioLoanMapping? MapLoan(JsonElement element, string path)
    {
        if (OpenRecord(element, path, FolioPolicyType.Loan) is not { } f)
        {
            return null;
        }

        var before = problems.Count;
        if (!f.Has("loanable"))
        {
            problems.Add(f.PathOf("loanable"), "is required");
        }

        var loanable = f.Bool("loanable", whenAbsent: false);
        if (!loanable)
        {
            // "Loanable: no": FOLIO refuses the check-out whatever the rest of the policy says.
            return new FolioLoanMapping(null, Period.Zero, new RecallTerms(Period.Zero));
        }

        var loans = f.Object("loansPolicy", LoansPolicyFields, required: true);
        var profile = loans?.String("profileId", required: true, nonEmpty: false);
        if (profile is not null && profile != "Rolling")
        {
            problems.Add(loans!.PathOf("profileId"), profile == "Fixed"
                ? "'Fixed' has no equivalent: due dates from a fixed due date schedule cannot be imported, only 'Rolling' loan periods"
                : $"'{profile}' is not a loan profile that can be imported: only 'Rolling'");
        }

        Period? period = null;
        if (loans is not null && ReadPeriod(loans, "period", required: true, LoanUnits) is { } loanPeriod)
        {
            if (loanPeriod.Duration < 1)
            {
                problems.Add(loans.PathOf("period") + ".duration", $"the duration \"{loanPeriod.Duration}\" is invalid: FOLIO refuses every check-out with this policy");
            }
            else
            {
                period = ToPeriod(loanPeriod);
            }
        }

        var (dueTime, closedDue) = ClosedLibraryRule(loans);
        var grace = loans is not null && ReadPeriod(loans, "gracePeriod", required: false, LoanUnits) is { } g ? FixedMinutes(g) : Period.Zero;
        if (loans?.String("fixedDueDateScheduleId", required: false, nonEmpty: false) is not null)
        {
            Approximate(loans.PathOf("fixedDueDateScheduleId"), "A3", "the fixed due date schedule (due date limit) is dropped: loans are never cut short at its due dates");
        }

        if (loans?.Int("itemLimit", required: false) is { } limit)
        {
            Approximate(loans.PathOf("itemLimit"), "A4", string.Create(CultureInfo.InvariantCulture, $"the item limit of {limit} per patron for the items this rule matches is dropped"));
        }

        if (loans?.Bool("forUseAtLocation") == true)
        {
            Approximate(loans.PathOf("forUseAtLocation"), "A5", "for-use-at-location loans are treated as ordinary loans (no hold shelf for use in the library)");
        }

        var maxRenewals = Renewals(f, out var renewPeriod);
        var recall = Recall(f);

        if (problems.Count != before || period is null)
        {
            return null;
        }

        return new FolioLoanMapping(new LoanTerms(period, dueTime, closedDue, maxRenewals, renewPeriod: renewPeriod), grace, recall, renewPeriod is not null);
    }

    /// <summary>§5.4: whether a request policy allows recalls (the rest: approximations).</summary>
    public bool? MapRequest(JsonElement element, string path)
    {
        if (OpenRecord(element, path, FolioPolicyType.Request) is not { } f)
        {
            return null;
        }

        var types = new HashSet<string>(StringComparer.Ordinal);
        if (f.Array("requestTypes", required: false) is { } array)
        {
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                var itemPath = ProblemList.Index(f.PathOf("requestTypes"), i++);
                if (item.ValueKind != JsonValueKind.String || !RequestTypes.Contains(item.GetString(), StringComparer.Ordinal))
                {
                    problems.Add(itemPath, $"{Describe(item)} is not one of Hold, Page, Recall");
                    continue;
                }

                types.Add(item.GetString()!);
            }
        }

        var refused = RequestTypes.Where(t => !types.Contains(t)).ToList();
        if (refused.Count > 0 && (types.Count == 0 || !types.Contains("Hold") || !types.Contains("Page")))
        {
            Approximate(f.PathOf("requestTypes"), "A18", $"FOLIO refuses {string.Join(" and ", refused)} requests under this policy; this engine cannot refuse a request by its type");
        }

        if (f.Has("allowedServicePoints"))
        {
            Note(f.PathOf("allowedServicePoints"), "the allowed pickup service points are ignored: any pickup location is accepted");
        }

        return types.Contains("Recall");
    }

    /// <summary>§5.5: a patron notice policy; null when it sends nothing this engine sends.</summary>
    public NoticeTerms? MapNotice(JsonElement element, string path, out bool valid)
    {
        valid = false;
        if (OpenRecord(element, path, FolioPolicyType.Notice) is not { } f)
        {
            return null;
        }

        var before = problems.Count;
        Period? courtesy = null;
        var overdue = new List<Period>();
        var lostItemBill = false;
        var fineFee = false;
        var courtesyCount = 0;
        foreach (var (noticePath, frequency, sendHow, sendWhen, sendBy) in Notices(f, "loanNotices"))
        {
            switch (sendWhen)
            {
                case "Due date":
                    var delay = sendBy ?? Period.Zero;
                    if (sendHow == "Before")
                    {
                        courtesyCount++;
                        courtesy = courtesy is null || Longer(delay, courtesy) ? delay : courtesy;
                    }
                    else
                    {
                        overdue.Add(sendHow == "After" ? delay : Period.Zero);
                    }

                    if (frequency == "Recurring")
                    {
                        Approximate(noticePath + ".frequency", "A20", "a recurring notice is sent once: only its first sending is kept");
                    }

                    break;
                case "Aged to lost":
                    lostItemBill = true;
                    break;
                default:
                    Note(noticePath, $"the '{sendWhen}' notice has no counterpart here and is not sent");
                    break;
            }
        }

        if (courtesyCount > 1)
        {
            Approximate(f.PathOf("loanNotices"), "A20", string.Create(CultureInfo.InvariantCulture, $"{courtesyCount} courtesy notices before the due date: only the earliest ({courtesy}) is sent"));
        }

        foreach (var (noticePath, _, _, sendWhen, _) in Notices(f, "feeFineNotices"))
        {
            switch (sendWhen)
            {
                case "Aged to lost - fine charged":
                    lostItemBill = true;
                    break;
                case "Overdue fine returned":
                case "Overdue fine renewed":
                    fineFee = true;
                    break;
                default:
                    Note(noticePath, $"the '{sendWhen}' notice has no counterpart here and is not sent");
                    break;
            }
        }

        var requestTriggers = Notices(f, "requestNotices").Select(n => n.SendWhen).ToHashSet(StringComparer.Ordinal);
        var missing = AlwaysSentRequestNotices.Where(t => !requestTriggers.Contains(t)).ToList();
        if (missing.Count > 0)
        {
            Approximate(f.PathOf("requestNotices"), "A21", $"this engine always sends the request notices FOLIO sends only when the policy lists them: {string.Join(" and ", missing.Select(m => $"'{m}'"))}");
        }

        foreach (var trigger in requestTriggers.Where(t => t is not ("Available" or "Request cancellation")).Order(StringComparer.Ordinal))
        {
            Note(f.PathOf("requestNotices"), $"the '{trigger}' request notice has no counterpart here and is not sent");
        }

        valid = problems.Count == before;
        return courtesy is null && overdue.Count == 0 && !lostItemBill && !fineFee
            ? null
            : new NoticeTerms(courtesy, overdue, lostItemBill, fineFee);
    }

    /// <summary>§5.2: an overdue fine policy.</summary>
    public FolioOverdueMapping? MapOverdue(JsonElement element, string path)
    {
        if (OpenRecord(element, path, FolioPolicyType.OverdueFine) is not { } f)
        {
            return null;
        }

        var before = problems.Count;
        bool countClosed;
        if (f.Has("countClosed") && f.Raw("countClosed", required: false) is null)
        {
            Approximate(f.PathOf("countClosed"), "A10", "countClosed is null, which FOLIO's stored policies never hold: read as false (closed time is not fined)");
            countClosed = false;
        }
        else
        {
            countClosed = f.Bool("countClosed", whenAbsent: false);
        }

        var forgive = f.Bool("forgiveOverdueFine", whenAbsent: false);
        var regular = Fine(f, "overdueFine", "maxOverdueFine", countClosed, forgive);
        var recall = Fine(f, "overdueRecallFine", "maxOverdueRecallFine", countClosed, forgive);
        var noGraceForRecalls = f.Bool("gracePeriodRecall", whenAbsent: false);
        if (f.Object("reminderFeesPolicy", ReminderFeesFields, required: false) is { } reminders
            && reminders.Array("reminderSchedule", required: false) is { } schedule && schedule.GetArrayLength() > 0)
        {
            Approximate(reminders.PathOf("reminderSchedule"), "A11", string.Create(CultureInfo.InvariantCulture, $"the reminder fees ({schedule.GetArrayLength()} {(schedule.GetArrayLength() == 1 ? "reminder" : "reminders")}) are dropped: no reminder notice or fee is sent"));
        }

        return problems.Count == before ? new FolioOverdueMapping(regular, recall, noGraceForRecalls) : null;
    }

    /// <summary>§5.3: a lost item fee policy.</summary>
    public LostItemTerms? MapLost(JsonElement element, string path)
    {
        if (OpenRecord(element, path, FolioPolicyType.LostItem) is not { } f)
        {
            return null;
        }

        var before = problems.Count;
        var aged = LostPeriod(f, "itemAgedLostOverdue");
        var agedRecalled = LostPeriod(f, "recalledItemAgedLostOverdue");
        if (aged != agedRecalled)
        {
            Approximate(f.PathOf("recalledItemAgedLostOverdue"), "A12", agedRecalled is null
                ? "recalled loans age to lost like the others here; FOLIO never ages a recalled loan under this policy"
                : $"recalled loans age to lost after {Describe(aged)} like the others here; FOLIO ages them after {Describe(agedRecalled)}");
        }

        foreach (var billed in BilledAfter)
        {
            if (LostPeriod(f, billed) is { } delay)
            {
                Approximate(f.PathOf(billed), "A13", $"the patron is billed when the item ages to lost, not {Describe(delay)} later");
            }
        }

        Money? replacementFee = null;
        if (f.Object("chargeAmountItem", ChargeFields, required: false) is { } charge)
        {
            var type = charge.Spelling("chargeType", ChargeTypes, required: false);
            var amount = Amount(charge, "amount");
            if (type == FolioChargeType.ActualCost)
            {
                Approximate(charge.PathOf("chargeType"), "A14", "an actual-cost lost item fee: nothing is charged here unless the item has a replacement cost");
            }
            else if (type == FolioChargeType.AnotherCost && amount is { IsPositive: true } set)
            {
                replacementFee = set;
            }
        }

        var processFee = Amount(f, "lostItemProcessingFee") ?? new Money(0m, currency);
        var onDeclared = f.Bool("chargeAmountItemPatron", whenAbsent: false);
        var onAged = f.Bool("chargeAmountItemSystem", whenAbsent: false);
        if (onDeclared != onAged && processFee.IsPositive)
        {
            Approximate(f.PathOf(onDeclared ? "chargeAmountItemSystem" : "chargeAmountItemPatron"), "A15",
                $"the processing fee {processFee.ToAmountString()} is charged on both kinds of loss here; FOLIO charges it only when the item is {(onDeclared ? "declared lost" : "aged to lost")}");
        }
        else if (!onDeclared)
        {
            processFee = new Money(0m, currency);
        }

        var refundProcessFee = f.Bool("returnedLostItemProcessingFee", whenAbsent: false);
        var noRefundAfter = LostPeriod(f, "feesFinesShallRefunded");
        var returned = f.String("lostItemReturned", required: false, nonEmpty: false);
        var chargeOverdue = string.Equals(returned, "Charge", StringComparison.OrdinalIgnoreCase);
        if (chargeOverdue)
        {
            Approximate(f.PathOf("lostItemReturned"), "A16",
                "FOLIO charges the overdue fine only when the lost item comes back (to the return date, within the refund period); this engine keeps what accrued until the loss");
        }

        if (LostPeriod(f, "lostItemChargeFeeFine") is { } close)
        {
            Approximate(f.PathOf("lostItemChargeFeeFine"), "A17", $"closing a lost loan that was charged nothing after {Describe(close)} is dropped");
        }

        if (f.Bool("replacementAllowed") == true)
        {
            Approximate(f.PathOf("replacementAllowed"), "A17", "the replacement flow (a lost item replaced by the patron, with its processing fee) is dropped");
        }

        return problems.Count != before ? null : new LostItemTerms(
            agedToLostAfter: aged is { } a ? ToPeriod(a) : null,
            defaultReplacementFee: replacementFee,
            processFee: processFee,
            refundReplacementFeePercent: 100,
            refundProcessFeeWhenFound: refundProcessFee,
            noRefundAfter: noRefundAfter is { } n ? ToPeriod(n) : null,
            forgiveOverdueWhenLost: !chargeOverdue);
    }

    /// <summary>§5.4: the hold shelf period shared by every pickup service point, else <c>P7D</c> (A19).</summary>
    public Period PickupWithin(JsonElement? servicePoints)
    {
        var periods = new List<(string Path, (int Duration, FolioUnit Unit)? Period)>();
        if (servicePoints is { } array)
        {
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = ProblemList.Index("servicepoints", i++);
                if (JsonObjectReader.Open(problems, element, path, ServicePointFields) is not { } f)
                {
                    continue;
                }

                if (f.String("id", required: true) is { } id && !ids.TryAdd(id, path))
                {
                    problems.Add(f.PathOf("id"), $"duplicate id '{id}' (also {ids[id]})");
                }
                if (f.Bool("pickupLocation", whenAbsent: false))
                {
                    periods.Add((path, ReadPeriod(f, "holdShelfExpiryPeriod", required: false, LoanUnits)));
                }
            }
        }

        var distinct = periods.Select(p => p.Period).Distinct().ToList();
        if (distinct.Count == 1 && distinct[0] is { } shared && shared.Duration > 0)
        {
            return ToPeriod(shared);
        }

        Approximate("servicepoints", "A19", periods.Count == 0
            ? "no pickup service point with a hold shelf period was exported: requests wait P7D on the hold shelf"
            : "the pickup service points' hold shelf periods differ (or are missing): every request waits P7D on the hold shelf here, whatever the pickup point");
        return Period.FromDays(7);
    }

    private static readonly string[] ServicePointFields = ["id", "name", "code", "discoveryDisplayName", "description", "shelvingLagTime", "pickupLocation", "holdShelfExpiryPeriod", "holdShelfClosedLibraryDateManagement", "defaultCheckInActionForUseAtLocation", "staffSlips", "ecsRequestRouting", "metadata"];

    /// <summary>A FOLIO period as ours: minutes and hours as elapsed time, days to months on the calendar.</summary>
    public static Period ToPeriod((int Duration, FolioUnit Unit) period) => period.Unit switch
    {
        FolioUnit.Minutes => Period.FromMinutes(period.Duration),
        FolioUnit.Hours => Period.FromHours(period.Duration),
        FolioUnit.Days => Period.FromDays(period.Duration),
        FolioUnit.Weeks => Period.FromWeeks(period.Duration),
        FolioUnit.Months => Period.FromMonths(period.Duration),
        _ => Period.FromYears(period.Duration),
    };

    /// <summary>A grace period as FOLIO counts it: fixed minutes (a month is 31 days), written in hours when whole.</summary>
    public static Period FixedMinutes((int Duration, FolioUnit Unit) period)
    {
        long perUnit = period.Unit switch
        {
            FolioUnit.Minutes => 1,
            FolioUnit.Hours => 60,
            FolioUnit.Days => MinutesPerDay,
            FolioUnit.Weeks => 7 * MinutesPerDay,
            _ => 31 * MinutesPerDay,
        };
        var minutes = period.Duration * perUnit;
        return minutes % 60 == 0 ? Period.FromHours(minutes / 60) : Period.FromMinutes(minutes);
    }

    private static (string, FolioUnit)[] Units(FolioUnit last) =>
        Enum.GetValues<FolioUnit>().Where(u => u <= last).Select(u => (u.ToString(), u)).ToArray();

    private static string Describe((int Duration, FolioUnit Unit)? period)
    {
        if (period is not { } p)
        {
            return "never";
        }

        var unit = p.Unit.ToString().ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"{p.Duration} {(p.Duration == 1 ? unit[..^1] : unit)}");
    }

    private static string Describe(JsonElement element) => element.ValueKind == JsonValueKind.String ? $"'{element.GetString()}'" : element.GetRawText();

    /// <summary>Whether one notice delay is longer than another, as the calendar counts them from a fixed instant.</summary>
    private static bool Longer(Period left, Period right)
    {
        var reference = Instant.FromUtc(2026, 1, 5, 12, 0);
        return PolicyTime.Add(reference, left, DateTimeZone.Utc) > PolicyTime.Add(reference, right, DateTimeZone.Utc);
    }

    /// <summary><c>closedLibraryDueDateManagementId</c>: FOLIO picks the rule by this value alone, whatever the
    /// period's unit (a 2-hour loan with <c>CURRENT_DUE_DATE</c> is due 23:59:59).</summary>
    private (DueTime, ClosedDue) ClosedLibraryRule(JsonObjectReader? loans)
    {
        var id = loans?.String("closedLibraryDueDateManagementId", required: false, nonEmpty: false);
        switch (id)
        {
            case "END_OF_THE_PREVIOUS_OPEN_DAY":
                return (DueTime.EndOfDay, ClosedDue.EndOfPreviousOpenDay);
            case "END_OF_THE_NEXT_OPEN_DAY":
                return (DueTime.EndOfDay, ClosedDue.EndOfNextOpenDay);
            case "CURRENT_DUE_DATE_TIME":
                return (DueTime.Exact, ClosedDue.Keep);
            case "END_OF_THE_CURRENT_SERVICE_POINT_HOURS":
                Approximate(loans!.PathOf("closedLibraryDueDateManagementId"), "A1",
                    "FOLIO ends such a loan at the close of the opening period current at check-out (and refuses it when the calendar around the due day lacks one); this engine at the end of the last open period before the due time — the same when the loan starts in the last open period before it");
                return (DueTime.Exact, ClosedDue.EndOfCurrentHours);
            case "BEGINNING_OF_THE_NEXT_OPEN_SERVICE_POINT_HOURS":
                if (ReadPeriod(loans!, "openingTimeOffset", required: false, LoanUnits) is { Duration: > 0 } offset)
                {
                    Approximate(loans!.PathOf("openingTimeOffset"), "A2", $"the opening time offset ({Describe(offset)}) is dropped: the item is due at the opening itself");
                }

                return (DueTime.Exact, ClosedDue.BeginningOfNextOpenHours);
            case null or "CURRENT_DUE_DATE":
                return (DueTime.EndOfDay, ClosedDue.Keep);
            default:
                Note(loans!.PathOf("closedLibraryDueDateManagementId"), $"'{id}' is not a value FOLIO knows: read as CURRENT_DUE_DATE, FOLIO's default (due at the end of the day, not moved)");
                return (DueTime.EndOfDay, ClosedDue.Keep);
        }
    }

    private int Renewals(JsonObjectReader f, out Period? renewPeriod)
    {
        renewPeriod = null;
        var renewable = f.Bool("renewable", whenAbsent: false);

        // The renewals policy is read whether or not the loan policy is renewable: its unknown fields and a
        // numberAllowed that is no whole number are errors either way (spec §5.1, §6).
        var renewals = f.Object("renewalsPolicy", RenewalsPolicyFields, required: false);
        var number = 0;
        if (renewals?.Number("numberAllowed", required: false) is { } allowed)
        {
            if (allowed < 0 || allowed != decimal.Truncate(allowed) || allowed > int.MaxValue)
            {
                problems.Add(renewals.PathOf("numberAllowed"), string.Create(CultureInfo.InvariantCulture, $"{allowed} is not a whole number of renewals, 0 or more"));
            }
            else
            {
                number = (int)allowed;
            }
        }

        if (!renewable)
        {
            return 0;
        }

        var unlimited = renewals?.Bool("unlimited", whenAbsent: false) ?? false;

        var from = renewals?.String("renewFromId", required: false, nonEmpty: false);
        if (from == "CURRENT_DUE_DATE")
        {
            Approximate(renewals!.PathOf("renewFromId"), "A6", "renewals count from the renewal instant here, not from the current due date");
        }
        else if (from != "SYSTEM_DATE")
        {
            Note(renewals is null ? f.PathOf("renewalsPolicy") : renewals.PathOf("renewFromId"),
                "without renewFromId SYSTEM_DATE or CURRENT_DUE_DATE FOLIO refuses every renewal ('cannot determine when to renew from'): maxRenewals 0");
            return 0;
        }

        if (renewals?.Bool("differentPeriod") == true)
        {
            var different = ReadPeriod(renewals, "period", required: false, LoanUnits);
            if (different is not { Duration: > 0 })
            {
                Note(renewals.PathOf("period"), "differentPeriod without a renewal period of 1 or more: FOLIO refuses every renewal, so maxRenewals 0");
                return 0;
            }

            renewPeriod = ToPeriod(different.Value);
        }

        if (renewals?.String("alternateFixedDueDateScheduleId", required: false, nonEmpty: false) is not null)
        {
            Approximate(renewals.PathOf("alternateFixedDueDateScheduleId"), "A3", "the renewals' fixed due date schedule (due date limit) is dropped");
        }

        return unlimited ? int.MaxValue : number;
    }

    private RecallTerms Recall(JsonObjectReader f)
    {
        var management = f.Object("requestManagement", RequestManagementFields, required: false);
        var recalls = management?.Object("recalls", RecallsFields, required: false);
        var returnWithin = recalls is not null && ReadPeriod(recalls, "recallReturnInterval", required: false, LoanUnits) is { } r ? ToPeriod(r) : Period.Zero;
        var minimum = recalls is not null && ReadPeriod(recalls, "minimumGuaranteedLoanPeriod", required: false, LoanUnits) is { } m ? ToPeriod(m) : Period.Zero;
        if (recalls?.Bool("allowRecallsToExtendOverdueLoans") == true)
        {
            Approximate(recalls.PathOf("allowRecallsToExtendOverdueLoans"), "A7", "recalls never extend overdue loans here (FOLIO gives them the alternate recall return interval)");
        }

        // alternateGracePeriod is stored by FOLIO and read nowhere in mod-circulation: nothing to map.
        foreach (var queue in Queues)
        {
            if (management?.Object(queue, HoldsFields, required: false) is not { } settings)
            {
                continue;
            }

            foreach (var alternate in AlternatePeriods)
            {
                if (ReadPeriod(settings, alternate, required: false, LoanUnits) is not null)
                {
                    Approximate(settings.PathOf(alternate), "A8", $"the alternate loan period for items with waiting {queue} is dropped: the usual period applies");
                }
            }

            if (queue == "holds" && settings.Bool("renewItemsWithRequest") == true)
            {
                Approximate(settings.PathOf("renewItemsWithRequest"), "A9", "renewals are always refused here while another patron's request waits; FOLIO allows them under this policy");
            }
        }

        return new RecallTerms(returnWithin, minimum);
    }

    private FolioFineMapping? Fine(JsonObjectReader f, string rateName, string maxName, bool countClosed, bool forgive)
    {
        var rate = f.Object(rateName, QuantityFields, required: false);
        var quantity = rate is null ? null : Amount(rate, "quantity");
        var interval = rate?.Spelling("intervalId", FineIntervals, required: false);
        if (interval is FolioFineUnit.Month or FolioFineUnit.Year)
        {
            problems.Add(rate!.PathOf("intervalId"), $"'{interval.Value.ToString().ToLowerInvariant()}' has no equivalent (minute, hour, day, week)");
            return null;
        }

        var max = Amount(f, maxName);

        // FOLIO charges only when the rate, its interval and the maximum are all given (getCalculationParameters).
        if (quantity is not { IsPositive: true } amount || interval is null || max is null)
        {
            return null;
        }

        var per = interval switch
        {
            FolioFineUnit.Minute => FineInterval.Minute,
            FolioFineUnit.Hour => FineInterval.Hour,
            FolioFineUnit.Day => FineInterval.Day,
            _ => FineInterval.Week,
        };

        // A maximum of 0 means no cap in FOLIO; "0.00" would mean no fine at all here.
        return new FolioFineMapping(amount, per, max.Value.IsPositive ? max : null, countClosed, forgive);
    }

    /// <summary>An amount: a JSON number, not negative, at most two decimals.</summary>
    private Money? Amount(JsonObjectReader f, string name)
    {
        if (f.Number(name, required: false) is not { } value)
        {
            return null;
        }

        if (value < 0)
        {
            problems.Add(f.PathOf(name), string.Create(CultureInfo.InvariantCulture, $"{value} is negative"));
            return null;
        }

        if (decimal.Round(value, 2) != value)
        {
            problems.Add(f.PathOf(name), string.Create(CultureInfo.InvariantCulture, $"{value} has more than 2 decimals"));
            return null;
        }

        return new Money(value, currency);
    }

    /// <summary>A lost item policy period (mod-feesfines <c>period.json</c>): null when missing or 0; Years is an error.</summary>
    private (int Duration, FolioUnit Unit)? LostPeriod(JsonObjectReader f, string name)
    {
        if (f.Object(name, PeriodFields, required: false) is not { } o)
        {
            return null;
        }

        var duration = o.Int("duration", required: false, nonNegative: true) ?? 0;
        if (duration == 0)
        {
            o.Enum("intervalId", AllUnits, null);
            return null;
        }

        if (o.Enum("intervalId", AllUnits, null, required: true) is not { } unit)
        {
            return null;
        }

        if (unit == FolioUnit.Years)
        {
            problems.Add(o.PathOf("intervalId"), "'Years' has no equivalent here: mod-circulation's Period has no Years case and adds the duration as minutes");
            return null;
        }

        return (duration, unit);
    }

    /// <summary>A loan policy period (<c>period.json</c>: duration ≥ 0 and Minutes–Months, both required).</summary>
    private static (int Duration, FolioUnit Unit)? ReadPeriod(JsonObjectReader parent, string name, bool required, (string, FolioUnit)[] units)
    {
        if (parent.Object(name, PeriodFields, required) is not { } o)
        {
            return null;
        }

        var duration = o.Int("duration", required: true, nonNegative: true);
        var unit = o.Enum("intervalId", units, null, required: true);
        return duration is { } d && unit is { } u ? (d, u) : null;
    }

    /// <summary>The notices of one list, with what this mapper reads of each.</summary>
    private List<(string Path, string? Frequency, string? SendHow, string? SendWhen, Period? SendBy)> Notices(JsonObjectReader f, string list)
    {
        var result = new List<(string, string?, string?, string?, Period?)>();
        if (f.Array(list, required: false) is not { } array)
        {
            return result;
        }

        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var path = ProblemList.Index(f.PathOf(list), i++);
            if (JsonObjectReader.Open(problems, element, path, NoticeFields) is not { } notice)
            {
                continue;
            }

            var frequency = notice.String("frequency", required: false, nonEmpty: false);
            if (notice.Object("sendOptions", SendOptionsFields, required: true) is not { } options)
            {
                continue;
            }

            var sendHow = options.String("sendHow", required: false, nonEmpty: false);
            var sendWhen = options.String("sendWhen", required: true, nonEmpty: false);
            var sendBy = ReadPeriod(options, "sendBy", required: false, AllUnits) is { } by ? ToPeriod(by) : null;
            ReadPeriod(options, "sendEvery", required: false, AllUnits);
            if (sendWhen is not null)
            {
                result.Add((path, frequency, sendHow, sendWhen, sendBy));
            }
        }

        return result;
    }

    private void Approximate(string path, string code, string message) => findings.Approximate(path, code, message);

    private void Note(string path, string message) => findings.Note(path, message);
}

/// <summary>The approximations and notes of one import, each reported once per path and code.</summary>
internal sealed class FolioFindings
{
    private readonly List<FolioApproximation> approximations = [];
    private readonly List<FolioNote> notes = [];
    private readonly HashSet<(string, string)> seen = [];

    public IReadOnlyList<FolioApproximation> Approximations => approximations;

    public IReadOnlyList<FolioNote> Notes => notes;

    public void Approximate(string path, string code, string message)
    {
        if (seen.Add((path, code)))
        {
            approximations.Add(new FolioApproximation(path, code, message));
        }
    }

    public void Note(string path, string message)
    {
        if (seen.Add((path, message)))
        {
            notes.Add(new FolioNote(path, message));
        }
    }
}
