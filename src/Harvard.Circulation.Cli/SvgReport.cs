using System.Globalization;
using System.Text;
using Harvard.Circulation.Formats.Scenarios;
using NodaTime;

namespace Harvard.Circulation.Cli;

/// <summary>
/// <c>circ simulate FILE --format svg</c>: a picture of a replayed scenario, one lane per loan over time. A lane
/// is coloured by the loan's state (on loan, overdue, claimed returned, lost) and ends where the loan was returned;
/// it marks the due date in force, renewals and the recall, refused events, the notices sent (ticks coloured by
/// type) and the overdue fine accruing from the due date (a ramp up to its amount). The patron is named only on a
/// loan that is not anonymized. Times are local to the policy's time zone, or UTC with <c>--utc</c>.
/// </summary>
/// <remarks>
/// Deterministic: the same scenario gives the same bytes (invariant formatting, no clock, no random, no font
/// measurement), so each docs example has a golden picture. Self-contained: no script, no external font or image,
/// viewable in any browser; each mark has a <c>&lt;title&gt;</c>, shown on hover, with its exact time and words.
/// </remarks>
internal static class SvgReport
{
    private const double Width = 1180;
    private const double PlotLeft = 280;
    private const double PlotRight = 900;
    private const double SideText = 912;
    private const double LaneTop = 96;
    private const double LaneHeight = 62;
    private const string OnLoanColour = "#4c78a8";
    private const string OverdueColour = "#f58518";
    private const string ClaimedColour = "#b279a2";
    private const string LostColour = "#e45756";
    private const string FineColour = "#e45756";
    private const string GridColour = "#e5e5e5";
    private const string TextColour = "#222222";
    private const string MutedColour = "#666666";

    private static readonly Dictionary<string, string> NoticeColours = new(StringComparer.Ordinal)
    {
        ["courtesy"] = "#54a24b",
        ["overdue"] = "#f58518",
        ["lostItemBill"] = "#e45756",
        ["fineFee"] = "#9d755d",
        ["requestAvailable"] = "#4c78a8",
        ["requestCancelled"] = "#79706e",
    };

    /// <summary>The picture of a replayed scenario, as SVG text ending in a new line.</summary>
    public static string Write(Scenario scenario, ScenarioReport report, TextReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        var time = InstantText.For(scenario.Policy.TimeZone, options.Utc);
        var zone = options.Utc ? DateTimeZone.Utc : scenario.Policy.TimeZone;
        var currency = scenario.Policy.Currency;
        var desk = ScenarioReplayer.ReplayToDesk(scenario);
        var history = desk.Loans.ToDictionary(l => l.Id, l => (Renewed: l.RenewedAt.ToList(), l.RecalledAt), StringComparer.Ordinal);

        var start = scenario.Events.Count > 0 ? scenario.Events[0].At : report.AsOf;
        if (report.Loans.Count > 0 && report.Loans.Min(l => l.LoanedAt) < start)
        {
            start = report.Loans.Min(l => l.LoanedAt);
        }

        var end = report.AsOf > start ? report.AsOf : start + Duration.FromHours(1);
        var scale = new Scale(start, end);
        var otherNotices = report.Notices.Where(n => n.Loan is null).ToList();
        var lanes = report.Loans.Count + (otherNotices.Count > 0 ? 1 : 0);
        var lanesBottom = LaneTop + (Math.Max(lanes, 1) * LaneHeight);
        var height = lanesBottom + 70;

        var svg = new Svg();
        svg.Line($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(Width)} {N(height)}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" font-size=\"12\" fill=\"{TextColour}\">");
        svg.Line($"<title>{Svg.Escape(report.Name ?? "Scenario")}</title>");
        svg.Line($"<rect width=\"{N(Width)}\" height=\"{N(height)}\" fill=\"#ffffff\"/>");
        svg.Line($"<text x=\"20\" y=\"30\" font-size=\"17\" font-weight=\"bold\">{Svg.Escape(report.Name ?? "(unnamed scenario)")}</text>");
        svg.Line($"<text x=\"20\" y=\"50\" fill=\"{MutedColour}\">As of {Svg.Escape(time.Format(report.AsOf))} · {Svg.Escape(time.IsUtc ? "times in UTC" : $"times local to {zone.Id}")} · {report.Loans.Count} {(report.Loans.Count == 1 ? "loan" : "loans")}, {report.Timeline.Count} {(report.Timeline.Count == 1 ? "event" : "events")}, {report.Refused.Count} refused</text>");

        Axis(svg, scale, zone, lanesBottom);

        for (var i = 0; i < report.Loans.Count; i++)
        {
            var loan = report.Loans[i];
            var (renewed, recalledAt) = history.TryGetValue(loan.Id, out var h) ? h : ([], null);
            Lane(svg, scenario, report, loan, renewed, recalledAt, LaneTop + (i * LaneHeight), scale, time, currency);
        }

        if (otherNotices.Count > 0)
        {
            var y = LaneTop + (report.Loans.Count * LaneHeight);
            svg.Line($"<text x=\"20\" y=\"{N(y + 24)}\" font-weight=\"bold\">Other notices</text>");
            svg.Line($"<text x=\"20\" y=\"{N(y + 40)}\" font-size=\"11\" fill=\"{MutedColour}\">with no loan: requests, charges, anonymized loans</text>");
            foreach (var n in otherNotices)
            {
                Notice(svg, n, y, scale, time);
            }
        }

        if (report.Loans.Count == 0 && otherNotices.Count == 0)
        {
            svg.Line($"<text x=\"{N(PlotLeft)}\" y=\"{N(LaneTop + 30)}\" fill=\"{MutedColour}\">No loans in this scenario.</text>");
        }

        Legend(svg, lanesBottom + 34);
        svg.Line("</svg>");
        return svg.ToString();
    }

    private static void Lane(Svg svg, Scenario scenario, ScenarioReport report, LoanRow loan, List<Instant> renewed, Instant? recalledAt, double y, Scale scale,
        InstantText time, string currency)
    {
        var title = scenario.Items.FirstOrDefault(i => i.Barcode == loan.Item)?.Title;
        svg.Line($"<g>");
        svg.Line($"<line x1=\"20\" y1=\"{N(y + LaneHeight)}\" x2=\"{N(Width - 20)}\" y2=\"{N(y + LaneHeight)}\" stroke=\"{GridColour}\"/>");
        svg.Line($"<text x=\"20\" y=\"{N(y + 24)}\" font-weight=\"bold\">{Svg.Escape(Clip($"{loan.Id} · {title ?? "item " + loan.Item}", 38))}</text>");
        svg.Line($"<text x=\"20\" y=\"{N(y + 40)}\" font-size=\"11\" fill=\"{MutedColour}\">{Svg.Escape(Clip($"item {loan.Item} · {(loan.Patron is { } patron ? "patron " + patron : "patron anonymized")}", 46))}</text>");

        // The states over time: on loan (overdue past the due date), claimed returned, lost; the lane ends at the return.
        var barTop = y + 12;
        var closedAt = loan.ReturnedAt ?? report.AsOf;
        var onLoanEnd = Earliest(loan.ClaimedReturnedAt, loan.LostAt) ?? closedAt;
        Segment(svg, scale, loan.LoanedAt, Earliest(onLoanEnd, loan.DueAt), barTop, OnLoanColour, $"{loan.Id} on loan from {time.Format(loan.LoanedAt)}");
        if (loan.DueAt < onLoanEnd)
        {
            Segment(svg, scale, loan.DueAt, onLoanEnd, barTop, OverdueColour, $"{loan.Id} overdue from {time.Format(loan.DueAt)}");
        }

        if (loan.ClaimedReturnedAt is { } claimed)
        {
            Segment(svg, scale, claimed, loan.LostAt is { } lostAfter && lostAfter > claimed ? lostAfter : closedAt, barTop, ClaimedColour, $"{loan.Id} claimed returned {time.Format(claimed)}");
        }

        if (loan.LostAt is { } lost)
        {
            Segment(svg, scale, lost, closedAt, barTop, LostColour, $"{loan.Id} lost {time.Format(lost)}");
        }

        if (loan.ReturnedAt is { } returned)
        {
            var x = scale.X(returned);
            svg.Line($"<line x1=\"{N(x)}\" y1=\"{N(barTop - 3)}\" x2=\"{N(x)}\" y2=\"{N(barTop + 17)}\" stroke=\"{TextColour}\" stroke-width=\"2\"><title>{Svg.Escape($"{loan.Id} returned {time.Format(returned)}")}</title></line>");
        }

        // The due date in force.
        var due = scale.X(loan.DueAt);
        if (loan.DueAt <= scale.End)
        {
            svg.Line($"<line x1=\"{N(due)}\" y1=\"{N(y + 4)}\" x2=\"{N(due)}\" y2=\"{N(barTop + 20)}\" stroke=\"{TextColour}\" stroke-dasharray=\"3 2\"><title>{Svg.Escape($"{loan.Id} due {time.Format(loan.DueAt)}")}</title></line>");
            svg.Line($"<text x=\"{N(due + 3)}\" y=\"{N(y + 9)}\" font-size=\"9\" fill=\"{MutedColour}\">due</text>");
        }
        else
        {
            svg.Line($"<text x=\"{N(PlotRight - 3)}\" y=\"{N(y + 9)}\" font-size=\"9\" fill=\"{MutedColour}\" text-anchor=\"end\">due {Svg.Escape(time.Format(loan.DueAt))} →</text>");
        }

        foreach (var at in renewed)
        {
            var x = scale.X(at);
            svg.Line($"<path d=\"M{N(x)} {N(barTop - 5)} l4 5 l-4 5 l-4 -5 z\" fill=\"#ffffff\" stroke=\"{TextColour}\"><title>{Svg.Escape($"{loan.Id} renewed {time.Format(at)}")}</title></path>");
        }

        if (recalledAt is { } recall)
        {
            var x = scale.X(recall);
            svg.Line($"<path d=\"M{N(x - 5)} {N(barTop - 7)} h10 l-5 7 z\" fill=\"{TextColour}\"><title>{Svg.Escape($"{loan.Id} recalled {time.Format(recall)}: due {time.Format(loan.DueAt)}")}</title></path>");
        }

        foreach (var refusal in report.Timeline.Where(r => r.Refusal is not null && LoanOfEvent(scenario, report, r) == loan.Id))
        {
            var x = scale.X(refusal.At);
            svg.Line($"<text x=\"{N(x)}\" y=\"{N(barTop + 11)}\" font-size=\"13\" font-weight=\"bold\" fill=\"#c00000\" text-anchor=\"middle\">×<title>{Svg.Escape($"events[{refusal.Event}] {refusal.Type} refused {time.Format(refusal.At)}: {Wording.Refusal(refusal.Refusal!, time, currency)}")}</title></text>");
        }

        foreach (var notice in report.Notices.Where(n => n.Loan == loan.Id))
        {
            Notice(svg, notice, y, scale, time);
        }

        // The overdue fine accruing from the due date until accrual stopped (or asOf), up to its amount.
        var fines = report.FinesFees.Where(f => f.Loan == loan.Id).ToList();
        var overdue = fines.Where(f => f.Type is "overdueFine" or "recalledOverdueFine").ToList();
        if (overdue.Count > 0)
        {
            var stop = Earliest(loan.ClaimedReturnedAt, Earliest(loan.LostAt, loan.ReturnedAt)) ?? report.AsOf;
            var x0 = scale.X(loan.DueAt);
            var x1 = Math.Max(scale.X(stop), x0 + 2);
            var total = overdue.Select(f => f.Amount).Aggregate((a, b) => a + b);
            svg.Line($"<path d=\"M{N(x0)} {N(y + 54)} L{N(x1)} {N(y + 42)} L{N(x1)} {N(y + 54)} z\" fill=\"{FineColour}\" fill-opacity=\"0.35\" stroke=\"{FineColour}\"><title>{Svg.Escape($"{string.Join(", ", overdue.Select(f => f.TransactionId))} {Wording.Spelling(overdue[0].Type)} accruing from {time.Format(loan.DueAt)} to {time.Format(stop)}: {Wording.Amount(total)}")}</title></path>");
        }

        // The loan's end state and what it cost, beside the plot.
        svg.Line($"<text x=\"{N(SideText)}\" y=\"{N(y + 24)}\">{Svg.Escape(Wording.Spelling(loan.Status))}{(loan.Renewals > 0 ? Svg.Escape($", renewed {loan.Renewals}×") : string.Empty)}{(loan.Recalled ? ", recalled" : string.Empty)}{(loan.Anonymized ? ", anonymized" : string.Empty)}</text>");
        if (fines.Count > 0)
        {
            var balance = fines.Select(f => f.Balance).Aggregate((a, b) => a + b);
            var amount = fines.Select(f => f.Amount).Aggregate((a, b) => a + b);
            svg.Line($"<text x=\"{N(SideText)}\" y=\"{N(y + 40)}\" font-size=\"11\" fill=\"{FineColour}\">{Svg.Escape($"{(fines.Count == 1 ? Wording.Spelling(fines[0].Type) : "fines/fees")} {Wording.Amount(amount)}{(balance == amount ? string.Empty : $", owing {Wording.Amount(balance)}")}")}<title>{Svg.Escape(string.Join("; ", fines.Select(f => $"{f.TransactionId} {Wording.Spelling(f.Type)} {Wording.Amount(f.Amount)} ({Wording.Spelling(f.Status)}, balance {Wording.Amount(f.Balance)})")))}</title></text>");
        }

        svg.Line("</g>");
    }

    private static void Notice(Svg svg, NoticeRow notice, double laneY, Scale scale, InstantText time)
    {
        var x = scale.X(notice.At);
        var colour = NoticeColours.TryGetValue(notice.Type, out var c) ? c : MutedColour;
        svg.Line($"<line x1=\"{N(x)}\" y1=\"{N(laneY + 30)}\" x2=\"{N(x)}\" y2=\"{N(laneY + 38)}\" stroke=\"{colour}\" stroke-width=\"2\"><title>{Svg.Escape($"{Wording.Spelling(notice.Type)} notice to patron {notice.Patron} {time.Format(notice.At)}{(notice.Request is { } r ? $" (request {r})" : string.Empty)}")}</title></line>");
    }

    private static void Segment(Svg svg, Scale scale, Instant from, Instant to, double top, string colour, string title)
    {
        if (to <= from)
        {
            return;
        }

        var x0 = scale.X(from);
        var x1 = Math.Max(scale.X(to), x0 + 1);
        svg.Line($"<rect x=\"{N(x0)}\" y=\"{N(top)}\" width=\"{N(x1 - x0)}\" height=\"14\" fill=\"{colour}\"><title>{Svg.Escape(title)}</title></rect>");
    }

    /// <summary>The time axis: gridlines and labels at round local times (hours, days, weeks or months, whichever
    /// gives at most eight), and the <c>as of</c> line.</summary>
    private static void Axis(Svg svg, Scale scale, DateTimeZone zone, double bottom)
    {
        svg.Line($"<line x1=\"{N(PlotLeft)}\" y1=\"{N(LaneTop - 6)}\" x2=\"{N(PlotRight)}\" y2=\"{N(LaneTop - 6)}\" stroke=\"{MutedColour}\"/>");
        foreach (var (at, label) in Ticks(scale.Start, scale.End, zone))
        {
            var x = scale.X(at);
            svg.Line($"<line x1=\"{N(x)}\" y1=\"{N(LaneTop - 10)}\" x2=\"{N(x)}\" y2=\"{N(bottom)}\" stroke=\"{GridColour}\"/>");
            svg.Line($"<text x=\"{N(x)}\" y=\"{N(LaneTop - 14)}\" font-size=\"10\" fill=\"{MutedColour}\" text-anchor=\"middle\">{Svg.Escape(label)}</text>");
        }

        svg.Line($"<line x1=\"{N(PlotRight)}\" y1=\"{N(LaneTop - 10)}\" x2=\"{N(PlotRight)}\" y2=\"{N(bottom)}\" stroke=\"{MutedColour}\" stroke-dasharray=\"4 3\"/>");
        svg.Line($"<text x=\"{N(PlotRight)}\" y=\"{N(LaneTop - 26)}\" font-size=\"10\" fill=\"{MutedColour}\" text-anchor=\"middle\">as of</text>");
    }

    private static List<(Instant At, string Label)> Ticks(Instant start, Instant end, DateTimeZone zone)
    {
        (string Unit, int Step)[] steps = [("hour", 1), ("hour", 3), ("hour", 6), ("hour", 12), ("day", 1), ("day", 2), ("week", 1), ("week", 2), ("month", 1), ("month", 2), ("month", 3), ("month", 6), ("month", 12)];
        foreach (var (unit, step) in steps)
        {
            var ticks = TicksOf(start, end, zone, unit, step).ToList();
            if (ticks.Count <= 8)
            {
                return ticks;
            }
        }

        return TicksOf(start, end, zone, "month", 12).Take(8).ToList();
    }

    private static IEnumerable<(Instant At, string Label)> TicksOf(Instant start, Instant end, DateTimeZone zone, string unit, int step)
    {
        var local = start.InZone(zone).LocalDateTime;
        LocalDateTime first = unit switch
        {
            "hour" => local.Date.AtMidnight().PlusHours(local.Hour / step * step),
            "month" => new LocalDate(local.Year, ((local.Month - 1) / step * step) + 1, 1).AtMidnight(),
            _ => local.Date.AtMidnight(),
        };
        var count = 0;
        for (var t = first; count < 400; count++)
        {
            var at = t.InZoneLeniently(zone).ToInstant();
            if (at > end)
            {
                yield break;
            }

            if (at >= start)
            {
                yield return (at, unit switch
                {
                    "hour" => t.ToString("MMM d HH:mm", CultureInfo.InvariantCulture),
                    "month" => t.ToString("MMM yyyy", CultureInfo.InvariantCulture),
                    _ => t.ToString("MMM d", CultureInfo.InvariantCulture),
                });
            }

            t = unit switch
            {
                "hour" => t.PlusHours(step),
                "day" => t.PlusDays(step),
                "week" => t.PlusWeeks(step),
                _ => t.PlusMonths(step),
            };
        }
    }

    private static void Legend(Svg svg, double y)
    {
        var x = 20.0;
        foreach (var (label, colour) in new[] { ("on loan", OnLoanColour), ("overdue", OverdueColour), ("claimed returned", ClaimedColour), ("lost", LostColour) })
        {
            svg.Line($"<rect x=\"{N(x)}\" y=\"{N(y - 10)}\" width=\"14\" height=\"12\" fill=\"{colour}\"/><text x=\"{N(x + 19)}\" y=\"{N(y)}\">{label}</text>");
            x += 32 + (label.Length * 6.5);
        }

        svg.Line($"<line x1=\"{N(x + 4)}\" y1=\"{N(y - 12)}\" x2=\"{N(x + 4)}\" y2=\"{N(y + 2)}\" stroke=\"{TextColour}\" stroke-width=\"2\"/><text x=\"{N(x + 12)}\" y=\"{N(y)}\">returned</text>");
        x += 76;
        svg.Line($"<line x1=\"{N(x + 4)}\" y1=\"{N(y - 12)}\" x2=\"{N(x + 4)}\" y2=\"{N(y + 2)}\" stroke=\"{TextColour}\" stroke-dasharray=\"3 2\"/><text x=\"{N(x + 12)}\" y=\"{N(y)}\">due</text>");
        x += 48;
        svg.Line($"<path d=\"M{N(x + 4)} {N(y - 11)} l4 5 l-4 5 l-4 -5 z\" fill=\"#ffffff\" stroke=\"{TextColour}\"/><text x=\"{N(x + 14)}\" y=\"{N(y)}\">renewed</text>");
        x += 76;
        svg.Line($"<path d=\"M{N(x)} {N(y - 10)} h10 l-5 7 z\" fill=\"{TextColour}\"/><text x=\"{N(x + 14)}\" y=\"{N(y)}\">recalled</text>");
        x += 72;
        svg.Line($"<text x=\"{N(x + 4)}\" y=\"{N(y + 1)}\" font-size=\"13\" font-weight=\"bold\" fill=\"#c00000\" text-anchor=\"middle\">×</text><text x=\"{N(x + 14)}\" y=\"{N(y)}\">refused</text>");
        x += 70;
        svg.Line($"<path d=\"M{N(x)} {N(y + 2)} L{N(x + 22)} {N(y - 10)} L{N(x + 22)} {N(y + 2)} z\" fill=\"{FineColour}\" fill-opacity=\"0.35\" stroke=\"{FineColour}\"/><text x=\"{N(x + 28)}\" y=\"{N(y)}\">fine accruing</text>");

        var ny = y + 22;
        x = 20.0;
        svg.Line($"<text x=\"{N(x)}\" y=\"{N(ny)}\" fill=\"{MutedColour}\">notices:</text>");
        x += 58;
        foreach (var (type, colour) in NoticeColours)
        {
            var label = Wording.Spelling(type);
            svg.Line($"<line x1=\"{N(x + 2)}\" y1=\"{N(ny - 11)}\" x2=\"{N(x + 2)}\" y2=\"{N(ny + 1)}\" stroke=\"{colour}\" stroke-width=\"2\"/><text x=\"{N(x + 8)}\" y=\"{N(ny)}\" fill=\"{MutedColour}\">{Svg.Escape(label)}</text>");
            x += 22 + (label.Length * 6.2);
        }
    }

    /// <summary>The loan an event was about: the loan of its item open at the event's instant (or the item's
    /// latest loan before it), else none.</summary>
    private static string? LoanOfEvent(Scenario scenario, ScenarioReport report, TimelineRow row)
    {
        var item = scenario.Events.FirstOrDefault(e => e.Index == row.Event)?.Item;
        if (item is null)
        {
            return null;
        }

        return report.Loans.Where(l => l.Item == item && l.LoanedAt <= row.At).OrderBy(l => l.LoanedAt).LastOrDefault()?.Id;
    }

    private static Instant? Earliest(Instant? a, Instant? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static Instant Earliest(Instant a, Instant b) => a < b ? a : b;

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Instants to x positions on the plot, linearly.</summary>
    private sealed class Scale(Instant start, Instant end)
    {
        public Instant Start => start;

        public Instant End => end;

        public double X(Instant at)
        {
            var t = (at - start).TotalTicks / (end - start).TotalTicks;
            return PlotLeft + (Math.Clamp(t, 0, 1) * (PlotRight - PlotLeft));
        }
    }

    /// <summary>The SVG text, one element a line, lines ending in <c>\n</c> whatever the platform.</summary>
    private sealed class Svg
    {
        private readonly StringBuilder text = new();

        // Characters XML 1.0 does not allow (control characters from a file's title) print as spaces.
        public static string Escape(string value) => new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray())
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);

        public void Line(string line) => text.Append(line).Append('\n');

        public override string ToString() => text.ToString();
    }
}
