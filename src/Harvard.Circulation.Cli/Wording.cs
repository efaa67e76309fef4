using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;

namespace Harvard.Circulation.Cli;

/// <summary>
/// Plain words for what the tool prints to a person: the format's spellings (<c>claimedReturned</c>) as words
/// (<c>claimed returned</c>), durations in days, hours and minutes, amounts with their currency, and the engine's
/// fine explanations and refusals reworded for a librarian. Only the text outputs use it; the JSON report keeps
/// the format's spellings.
/// </summary>
/// <remarks>
/// The engine's fine explanation (<c>overdue 187 minutes, grace 60 minutes forgiven, 4 intervals of 1 hour at
/// 3.00 = 12.00</c>) follows a small fixed grammar, reworded here part by part; a text that does not follow it is
/// printed as the engine wrote it (with its instants in the chosen time), never dropped. Tests pin the wording
/// against the engine's own output, so a change of grammar there shows up as a failing test, not as a silent
/// fallback.
/// </remarks>
internal static partial class Wording
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        // Loan statuses and actions.
        ["onLoan"] = "on loan",
        ["claimedReturned"] = "claimed returned",
        ["claimReturned"] = "claim returned",
        ["declareLost"] = "declare lost",
        ["markFound"] = "mark found",
        ["checkIn"] = "check in",
        ["checkOut"] = "check out",
        ["agedToLost"] = "aging to lost",

        // Fine/fee types and statuses.
        ["overdueFine"] = "overdue fine",
        ["recalledOverdueFine"] = "recalled overdue fine",
        ["lostItemReplacementFee"] = "lost item replacement fee",
        ["lostItemProcessFee"] = "lost item process fee",
        ["cardRenewal"] = "card renewal",
        ["damagedItemFine"] = "damaged item fine",
        ["inDispute"] = "in dispute",
        ["exportedToBursar"] = "exported to bursar",

        // Notice types and request statuses.
        ["lostItemBill"] = "lost item bill",
        ["fineFee"] = "fine/fee",
        ["requestAvailable"] = "request available",
        ["requestCancelled"] = "request cancelled",
        ["onHoldShelf"] = "on the hold shelf",
    };

    /// <summary>A spelling of the formats (<c>claimedReturned</c>, <c>lostItemBill</c>) as words; a value that is
    /// already a word (<c>lost</c>, <c>active</c>) is kept.</summary>
    public static string Spelling(string spelling)
    {
        ArgumentNullException.ThrowIfNull(spelling);
        return Words.TryGetValue(spelling, out var words) ? words : spelling;
    }

    /// <summary>A list of spellings as words, comma-separated; <c>-</c> when empty.</summary>
    public static string Spellings(IReadOnlyList<string> spellings) =>
        spellings.Count == 0 ? "-" : string.Join(", ", spellings.Select(Spelling));

    /// <summary>An amount with its currency: <c>12.00 USD</c>.</summary>
    public static string Amount(Money money) => $"{money.ToAmountString()} {money.Currency}";

    /// <summary>A policy figure with its currency, kept exact (a rate may be below a cent): <c>0.005 USD</c>.</summary>
    public static string ExactAmount(Money money) =>
        $"{money.Amount.ToString("0.00############################", CultureInfo.InvariantCulture)} {money.Currency}";

    /// <summary>A number of minutes in days, hours and minutes, leaving out the parts that are zero:
    /// <c>3 hours 7 minutes</c>, <c>10 days</c>, <c>2 days 1 minute</c>, <c>0 minutes</c>.</summary>
    public static string Minutes(long minutes)
    {
        if (minutes <= 0)
        {
            return "0 minutes";
        }

        var parts = new List<string>();
        Add(parts, minutes / 1440, "day");
        Add(parts, minutes % 1440 / 60, "hour");
        Add(parts, minutes % 60, "minute");
        return string.Join(' ', parts);
    }

    /// <summary>A policy period in words, in the units it is written in: <c>P28D</c> is <c>28 days</c>, <c>PT3H</c>
    /// <c>3 hours</c>, <c>P48M</c> <c>48 months</c>, <c>PT0S</c> <c>no time</c>.</summary>
    public static string Period(Period period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var parts = new List<string>();
        Add(parts, period.Years, "year");
        Add(parts, period.Months, "month");
        Add(parts, period.Weeks, "week");
        Add(parts, period.Days, "day");
        Add(parts, period.Hours, "hour");
        Add(parts, period.Minutes, "minute");
        Add(parts, period.Seconds, "second");
        if (period.Milliseconds != 0 || period.Ticks != 0 || period.Nanoseconds != 0)
        {
            return period.ToString();
        }

        return parts.Count == 0 ? "no time" : string.Join(' ', parts);
    }

    /// <summary>
    /// An engine refusal in words: spellings as words (<c>it is claimedReturned</c> becomes <c>it is claimed
    /// returned</c>), instants in the chosen time, amounts with the currency, and a capital first letter.
    /// </summary>
    public static string Refusal(string message, InstantText time, string currency)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(time);
        var text = OnHoldShelfRequest().Replace(message, "a request on the hold shelf");
        text = Amounts(SpellingsInText(time.Rewrite(text)), currency);
        text = PeriodInParentheses().Replace(text, m => NodaTime.Text.PeriodPattern.Roundtrip.Parse(m.Groups["period"].Value) is { Success: true } p
            ? $"+ {Period(p.Value)})"
            : m.Value);
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>
    /// An engine fine explanation in words: the overdue time in days, hours and minutes, what the grace did,
    /// the started intervals at the rate with the currency, the cap, and when and why accrual stopped.
    /// </summary>
    /// <example><c>overdue 187 minutes, grace 60 minutes forgiven, 4 intervals of 1 hour at 3.00 = 12.00; accrual
    /// stopped at 2026-01-05T21:10:00Z: the item was checked in</c> becomes <c>overdue 3 hours 7 minutes, past the
    /// grace of 1 hour, so all of it is charged: 4 started hours at 3.00 USD an hour = 12.00 USD; accrual stopped at
    /// 2026-01-05 16:10 EST: the item was checked in</c>.</example>
    public static string FineExplanation(string explanation, InstantText time, string currency)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(time);
        var stop = explanation.IndexOf("; ", StringComparison.Ordinal);
        var head = stop < 0 ? explanation : explanation[..stop];
        var tail = stop < 0 ? string.Empty : time.Rewrite(explanation[stop..]);
        var m = Accrual().Match(head);
        if (!m.Success)
        {
            return time.Rewrite(explanation);
        }

        var text = new StringBuilder("overdue ").Append(Minutes(Number(m.Groups["overdue"].Value)));
        if (m.Groups["closed"].Success)
        {
            text.Append(" of opening hours (").Append(Minutes(Number(m.Groups["closed"].Value))).Append(" while closed not counted)");
        }

        var grace = m.Groups["grace"].Success ? Minutes(Number(m.Groups["grace"].Value)) : null;
        if (m.Groups["nothing"].Success)
        {
            text.Append(grace is null ? ": nothing charged" : $", within the grace of {grace}: nothing charged");
            return text.Append(tail).ToString();
        }

        if (grace is not null && m.Groups["deducted"].Success)
        {
            text.Append(", less the grace of ").Append(grace).Append(": ").Append(Minutes(Number(m.Groups["charged"].Value))).Append(" charged");
        }
        else if (grace is not null)
        {
            text.Append(", past the grace of ").Append(grace).Append(", so all of it is charged");
        }

        var intervals = Number(m.Groups["intervals"].Value);
        var per = m.Groups["per"].Value;
        text.Append(CultureInfo.InvariantCulture, $": {intervals:N0} started {per}{(intervals == 1 ? string.Empty : "s")} at {m.Groups["rate"].Value} {currency} {(per == "hour" ? "an" : "a")} {per} = {m.Groups["raw"].Value} {currency}");
        if (m.Groups["cap"].Success)
        {
            text.Append(", capped at ").Append(m.Groups["cap"].Value).Append(' ').Append(currency).Append(m.Groups["nofine"].Success ? ": no fine" : string.Empty);
        }

        return text.Append(tail).ToString();
    }

    private static string SpellingsInText(string text) =>
        CamelWord().Replace(text, m => Words.TryGetValue(m.Value, out var words) ? words : m.Value);

    private static string Amounts(string text, string currency) =>
        AmountWord().Replace(text, m => $"{m.Value} {currency}");

    private static long Number(string digits) => long.Parse(digits, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static void Add(List<string> parts, long count, string unit)
    {
        if (count != 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count:N0} {unit}{(count == 1 ? string.Empty : "s")}"));
        }
    }

    [GeneratedRegex(@"^overdue (?<overdue>[\d,]+) minutes(?: \((?<closed>[\d,]+) closed left out\))?(?:(?:, within the grace of (?<grace>[\d,]+) minutes)?(?<nothing>: nothing charged)|(?:, grace (?<grace>[\d,]+) minutes (?:(?<deducted>deducted) \((?<charged>[\d,]+) charged\)|forgiven))?, (?<intervals>[\d,]+) intervals? of 1 (?<per>minute|hour|day|week) at (?<rate>\d+\.\d{2}) = (?<raw>\d+\.\d{2})(?:, capped at (?<cap>\d+\.\d{2})(?<nofine> \(no fine\))?)?)$")]
    private static partial Regex Accrual();

    [GeneratedRegex(@"\b[a-z]+(?:[A-Z][a-z]+)+\b")]
    private static partial Regex CamelWord();

    [GeneratedRegex(@"\ba onHoldShelf request\b")]
    private static partial Regex OnHoldShelfRequest();

    // An amount in a refusal: 0.00 style, not part of a longer number, an id or an instant.
    [GeneratedRegex(@"(?<![\w.:-])\d+\.\d{2}(?![\w%-]|\.\d|\s[A-Z]{3}\b)")]
    private static partial Regex AmountWord();

    [GeneratedRegex(@"\+ (?<period>P[0-9YMWDTHS]+)\)")]
    private static partial Regex PeriodInParentheses();
}
