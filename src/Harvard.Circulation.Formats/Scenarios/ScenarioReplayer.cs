using System.Globalization;
using Ardalis.GuardClauses;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Notices;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Requests;

namespace Harvard.Circulation.Formats.Scenarios;

/// <summary>
/// Replays a scenario's events against its policy on a <see cref="CirculationDesk"/> and builds the report at
/// <c>asOf</c>. What the policy makes happen by itself between events (aging to lost, auto-renewal, request
/// expiry) happens at its own instant. An event the rules refuse is listed with its reason; the replay goes on.
/// </summary>
/// <remarks>Pure: the same scenario always gives the same report. Thread-safe.</remarks>
public static class ScenarioReplayer
{
    /// <summary>Replays a scenario and reports at its <c>asOf</c>.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The report.</returns>
    public static ScenarioReport Replay(Scenario scenario) => Replay(scenario, null);

    /// <summary>Replays a scenario and reports at its <c>asOf</c>, telling how far it has got.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="replayed">Called after each event with the number of events replayed so far (for a host's
    /// progress display); null = not told.</param>
    /// <returns>The report.</returns>
    public static ScenarioReport Replay(Scenario scenario, Action<int>? replayed)
    {
        Guard.Against.Null(scenario);
        var (desk, searches, refused, timeline) = Run(scenario, replayed);
        return Report(scenario, desk, searches, refused, timeline);
    }

    /// <summary>Replays a scenario's events and advances to <c>asOf</c>, giving the desk itself.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The desk at <c>asOf</c>.</returns>
    public static CirculationDesk ReplayToDesk(Scenario scenario) => Run(Guard.Against.Null(scenario), null).Desk;

    /// <summary>Replays a scenario and reports at its <c>asOf</c>, giving the desk at <c>asOf</c> too (for a state
    /// file) and, when asked, every step's changes as they happen.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="replayed">Called after each event with the number of events replayed so far; null = not told.</param>
    /// <param name="stepped">Called with each step that changed the desk, in order: the index of the event that made
    /// it, or null for the advance to <c>asOf</c> after the last event; null = changes are not tracked.</param>
    /// <returns>The report and the desk.</returns>
    public static ScenarioReplay ReplayWithDesk(Scenario scenario, Action<int>? replayed, Action<int?, DeskStep>? stepped)
    {
        Guard.Against.Null(scenario);
        var (desk, searches, refused, timeline) = Run(scenario, replayed, stepped);
        return new ScenarioReplay(Report(scenario, desk, searches, refused, timeline), desk);
    }

    private static (CirculationDesk Desk, List<SearchRow> Searches, List<RefusalRow> Refused, List<TimelineRow> Timeline) Run(Scenario scenario, Action<int>? replayed,
        Action<int?, DeskStep>? stepped = null)
    {
        var start = scenario.Events.Count > 0 ? scenario.Events[0].At : scenario.AsOf;
        var desk = scenario.Start is { } state
            ? CirculationDesk.Restore(scenario.Policy, state with
            {
                Patrons = scenario.Patrons.ToEquatableArray(),
                Items = scenario.Items.ToEquatableArray(),
                Staff = scenario.Staff.ToEquatableArray(),
            })
            : CirculationDesk.Open(scenario.Policy, scenario.Patrons, scenario.Items, start, scenario.Staff);
        if (stepped is not null)
        {
            desk = desk.TrackingChanges();
        }

        void Stepped(int? index, CirculationDesk before, CirculationDesk after)
        {
            if (stepped is not null && !ReferenceEquals(before, after) && after.LastStep is { } step)
            {
                stepped(index, step);
            }
        }

        var staff = scenario.Staff.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var searches = new List<SearchRow>();
        var refused = new List<RefusalRow>();
        var timeline = new List<TimelineRow>();
        foreach (var e in scenario.Events)
        {
            var before = desk;
            var (decision, found) = Step(desk, e, staff);
            if (found is not null)
            {
                searches.Add(new SearchRow(e.Index, found));
            }

            Stepped(e.Index, before, decision.Result);
            desk = decision.Result;
            var reason = decision.IsAllowed ? null : string.Join(" ", decision.Reasons.Select(r => r.Message));
            if (reason is not null)
            {
                refused.Add(new RefusalRow(e.Index, e.TypeSpelling, reason));
            }

            timeline.Add(new TimelineRow(e.At, e.Index, e.TypeSpelling, Summarize(e), reason));
            replayed?.Invoke(e.Index + 1);
        }

        var end = desk.AdvanceTo(scenario.AsOf);
        Stepped(null, desk, end);
        return (end, searches, refused, timeline);
    }

    /// <summary>One event on a desk: the decision, and for a patron search the staff member may make, the patrons
    /// found (null for every other event). The one place an event becomes a desk action, for the replay and for a
    /// host that takes events one at a time (the Orleans desk grain).</summary>
    internal static (Decision<CirculationDesk> Decision, IReadOnlyList<string>? Found) Step(CirculationDesk desk, ScenarioEvent e, IReadOnlyDictionary<string, StaffMember> staff)
    {
        if (e.Type != ScenarioEventType.SearchPatrons)
        {
            return (Apply(desk, e), null);
        }

        desk = desk.AdvanceTo(e.At);
        var found = desk.Patrons.Search(staff[e.Staff!], e.SearchBy!.Value, e.Query!);
        return found.IsAllowed
            ? (Decision<CirculationDesk>.Allow(desk), found.Value.Select(p => p.PrimaryId).ToList())
            : (Decision<CirculationDesk>.Refuse(desk, found.Reasons), null);
    }

    internal static Decision<CirculationDesk> Apply(CirculationDesk desk, ScenarioEvent e) => e.Type switch
    {
        ScenarioEventType.CheckOut => desk.CheckOut(e.Patron!, e.Item!, e.At, e.Location, e.Session),
        ScenarioEventType.Renew => desk.Renew(e.Item!, e.At),
        ScenarioEventType.CheckIn => desk.CheckIn(e.Item!, e.At, e.Session),
        ScenarioEventType.ClaimReturned => desk.ClaimReturned(e.Item!, e.At),
        ScenarioEventType.DeclareLost => desk.DeclareLost(e.Item!, e.At),
        ScenarioEventType.MarkFound => desk.MarkFound(e.Item!, e.At),
        ScenarioEventType.Pay => desk.Pay(e.Patron!, e.Amount!.Value, e.TransactionId, e.At),
        ScenarioEventType.Waive => desk.Waive(e.TransactionId!, e.Amount, e.Reason, e.At),
        ScenarioEventType.Dispute => desk.Dispute(e.TransactionId!, e.At),
        ScenarioEventType.Restore => desk.Restore(e.TransactionId!, e.At),
        ScenarioEventType.Charge => desk.Charge(e.Patron!, e.FeeType!.Value, e.Amount!.Value, e.Title, e.At),
        ScenarioEventType.Refund => desk.Refund(e.TransactionId!, e.Amount!.Value, e.At),
        ScenarioEventType.ExportToBursar => desk.ExportToBursar(e.Patron, e.At),
        ScenarioEventType.PlaceRequest => desk.PlaceRequest(e.Id!, e.Patron!, e.Item!, e.At),
        ScenarioEventType.CancelRequest => desk.CancelRequest(e.Id!, e.NotifyUser, e.At),
        ScenarioEventType.OpenSession => desk.OpenSession(e.Id!, e.Staff!, e.Location!, e.Patron!, e.At),
        _ => throw new InvalidOperationException($"Event type {e.Type} cannot be applied."),
    };

    private static string Summarize(ScenarioEvent e)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name} {value}");
            }
        }

        Add("patron", e.Patron);
        Add("item", e.Item);
        Add("session", e.Session);
        Add("transaction", e.TransactionId);
        Add("amount", e.Amount?.ToAmountString());
        Add("type", e.FeeType?.ToSpelling());
        Add("id", e.Id);
        Add("staff", e.Staff);
        Add("location", e.Location);
        Add("by", e.SearchBy?.ToSpelling());
        Add("query", e.Query);
        return string.Join(", ", parts);
    }

    private static ScenarioReport Report(Scenario scenario, CirculationDesk desk, List<SearchRow> searches, List<RefusalRow> refused, List<TimelineRow> timeline)
    {
        // What an anonymized loan hides (its patron, and its id in fines/fees, notices and session lists) the core
        // has already removed: the report shows the desk as it is.
        var asOf = scenario.AsOf;
        var loans = desk.Loans.Select(l => new LoanRow(
            l.Id, l.PatronId, l.ItemBarcode, l.Status.ToSpelling(), l.LoanedAt, l.DueAt, l.ReturnedAt, l.IsOverdueAt(asOf), l.Renewals,
            l.AllowedActions.Select(a => a.ToSpelling()).ToList(), l.RuleId, desk.AnonymizeAt(l), l.IsAnonymized, l.Recalled, l.ClaimedReturnedAt, l.LostAt)).ToList();

        var fines = desk.FinesFees.Select(r => new FineFeeRow(
            r.TransactionId, r.PatronId, r.LoanId, r.Title, r.Type.ToSpelling(), r.Status.ToSpelling(), r.Original, r.Balance, r.Explanation)).ToList();

        var balances = scenario.Patrons.Select(p => new KeyValuePair<string, Money>(p.PrimaryId, desk.ActiveBalance(p.PrimaryId))).ToList();

        var notices = desk.Notices
            .Where(n => n.At <= asOf)
            .Select(n => new NoticeRow(n.PatronId, n.Type.ToSpelling(), n.At, n.RequestId is null ? n.LoanId : null, n.RequestId))
            .ToList();

        var returnList = scenario.Patrons.Select(p => new KeyValuePair<string, IReadOnlyList<string>>(
            p.PrimaryId, desk.ReturnList(p.PrimaryId).Select(l => l.Id).ToList())).ToList();

        var requests = desk.Requests.Select(r => new RequestRow(r.Id, r.PatronId, r.ItemBarcode, r.Status.ToSpelling(), r.ExpiresAt)).ToList();
        var sessions = desk.Sessions.Select(s =>
        {
            var closes = desk.SessionClosesAt(s);
            return new SessionRow(s.Id, s.PatronId, s.Location, [.. s.LoanIds], [.. s.ReturnIds], closes <= asOf ? closes : null);
        }).ToList();

        var queries = scenario.Queries.Select(q => (IReadOnlyList<string>)desk.QueryFinesFees(q)
            .OrderBy(r => Number(r.TransactionId)).Select(r => r.TransactionId).ToList()).ToList();

        return new ScenarioReport(scenario.Name, asOf, loans, fines, balances, notices, returnList, requests, sessions, searches, queries,
            refused.OrderBy(r => r.Event).ToList(), timeline);
    }

    private static long Number(string transactionId) =>
        transactionId.Length > 1 && long.TryParse(transactionId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
}

/// <summary>A replay's report and the desk at the scenario's <c>asOf</c>.</summary>
/// <param name="Report">The report.</param>
/// <param name="Desk">The desk at <c>asOf</c> (for <c>circ simulate --state-out</c>).</param>
public sealed record ScenarioReplay(ScenarioReport Report, CirculationDesk Desk);
