using System.Globalization;
using Ardalis.GuardClauses;
using Harvard.Circulation.Formats.Scenarios;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Formats.Compare;

/// <summary>
/// Policy impact: replays the same scenario under its own policy (old) and under a new one, event by event side by
/// side, and reports what changes at <c>asOf</c> and for whom (<see cref="PolicyComparison"/>; <c>docs/compare.md</c>).
/// </summary>
/// <remarks>
/// <para>The two replays go in step, one event at a time under each policy, and the two outcomes of each event are
/// compared at once, looking only at what the event touched: the comparison costs two replays and a constant amount
/// per event, and holds two desks, never a report per event. The figures at <c>asOf</c> are read once at the end.
/// (Running the two replays on two threads was tried: the desks each thread kept alive until the other caught up
/// cost more in garbage collection than the second core gave, on the 1,000,000-event workload.)</para>
/// <para>Pure: the same scenario and policies always give the same comparison. Thread-safe.</para>
/// </remarks>
public static class PolicyComparer
{
    /// <summary>How many first differences <see cref="Compare"/> lists in detail unless asked otherwise.</summary>
    public const int DefaultDifferences = 20;

    /// <summary>
    /// What the new policy lacks to replay the scenario: a user group of a patron, an item policy of an item, a
    /// library an <c>openSession</c> names, or the currency of the scenario's amounts. Each problem is one sentence
    /// naming what is missing and where the scenario needs it.
    /// </summary>
    /// <param name="scenario">The scenario (read against the old policy).</param>
    /// <param name="newPolicy">The new policy.</param>
    /// <returns>The problems; empty when the new policy can replay the scenario.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<string> FindProblems(Scenario scenario, Policy newPolicy)
    {
        Guard.Against.Null(scenario);
        Guard.Against.Null(newPolicy);
        var problems = new List<string>();
        if (newPolicy.Currency != scenario.Policy.Currency)
        {
            problems.Add($"currency '{newPolicy.Currency}' is not the old policy's '{scenario.Policy.Currency}', in which the scenario's amounts are read");
        }

        Missing(problems, "user group", scenario.Patrons.Select((p, i) => (p.GroupCode, $"patrons[{i}].group")), c => newPolicy.FindUserGroup(c) is not null,
            c => scenario.Policy.FindUserGroup(c)?.Name, "patron");
        Missing(problems, "item policy", scenario.Items.Select((item, i) => (item.ItemPolicy, $"items[{i}].itemPolicy")), c => newPolicy.FindItemPolicy(c) is not null,
            c => scenario.Policy.FindItemPolicy(c)?.Name, "item");
        Missing(problems, "library", scenario.Events.Where(e => e.Type == ScenarioEventType.OpenSession).Select(e => (e.Location!, $"events[{e.Index}].location")),
            c => newPolicy.FindLibrary(c) is not null, c => scenario.Policy.FindLibrary(c)?.Name, "openSession event");
        return problems;
    }

    /// <summary>
    /// Replays the scenario's events under its own policy (old) and under <paramref name="newPolicy"/>, and compares:
    /// the figures at <c>asOf</c> (all, per user group, per item policy), the patrons whose charges, balance or
    /// blocks differ, and the first <paramref name="differences"/> events whose outcome differs that are not
    /// consequences of an earlier difference, each with both outcomes explained.
    /// </summary>
    /// <param name="scenario">The scenario; its policy is the old one.</param>
    /// <param name="newPolicy">The new policy; <see cref="FindProblems"/> must find nothing.</param>
    /// <param name="differences">How many first differences to list in detail (all are counted); at least 0.</param>
    /// <param name="replayed">Called now and then with the number of events replayed under both policies so far (for
    /// a host's progress display); null = not told.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or <paramref name="newPolicy"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="differences"/> is negative.</exception>
    /// <exception cref="ArgumentException">The new policy cannot replay the scenario (<see cref="FindProblems"/>
    /// says why, in the message), or the scenario's own policy lacks a patron's group or an item's policy (a scenario
    /// the reader did not make; as <see cref="Desk.CirculationDesk.Open"/>).</exception>
    public static PolicyComparison Compare(Scenario scenario, Policy newPolicy, int differences = DefaultDifferences, Action<int>? replayed = null)
    {
        Guard.Against.Null(scenario);
        Guard.Against.Null(newPolicy);
        ArgumentOutOfRangeException.ThrowIfNegative(differences);
        var problems = FindProblems(scenario, newPolicy);
        if (problems.Count > 0)
        {
            throw new ArgumentException("The new policy cannot replay the scenario: " + string.Join("; ", problems), nameof(newPolicy));
        }

        return new Comparison(scenario, newPolicy, differences).Run(replayed);
    }

    private static void Missing(List<string> problems, string what, IEnumerable<(string Code, string Path)> uses, Func<string, bool> known,
        Func<string, string?> oldName, string user)
    {
        var missing = new Dictionary<string, (string FirstPath, int Count)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (code, path) in uses)
        {
            if (known(code))
            {
                continue;
            }

            if (missing.TryGetValue(code, out var seen))
            {
                missing[code] = (seen.FirstPath, seen.Count + 1);
            }
            else
            {
                missing[code] = (path, 1);
                order.Add(code);
            }
        }

        foreach (var code in order)
        {
            var (path, count) = missing[code];
            var name = oldName(code) is { } n ? $" ({n})" : string.Empty;
            var users = count == 1 ? $"{path} needs it" : string.Create(CultureInfo.InvariantCulture, $"{path} and {count - 1:N0} more {user}{(count == 2 ? string.Empty : "s")} need it");
            problems.Add($"{what} '{code}'{name} is not in the policy: {users}");
        }
    }

    /// <summary>One comparison under way: the two replays, the figures as they run, the differences.</summary>
    private sealed class Comparison
    {
        private readonly Scenario scenario;
        private readonly Policy newPolicy;
        private readonly DifferenceTracker tracker;
        private readonly Dictionary<string, int> patronIndex = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> itemIndex = new(StringComparer.Ordinal);
        private readonly List<(string Code, string Name)> groups = [];
        private readonly List<(string Code, string Name)> itemPolicies = [];
        private readonly int[] patronGroup;
        private readonly int[] itemPolicy;
        private readonly int[] groupMembers;
        private readonly int[] itemPolicyMembers;
        private readonly ComparisonTally totals = new(hasPatrons: true);
        private readonly ComparisonTally[] groupTallies;
        private readonly ComparisonTally[] itemTallies;
        private readonly List<PatronComparison> patronChanges = [];

        public Comparison(Scenario scenario, Policy newPolicy, int differences)
        {
            this.scenario = scenario;
            this.newPolicy = newPolicy;
            tracker = new DifferenceTracker(differences);

            // Categories in the old policy's order, only those the scenario has members in.
            var groupOrder = scenario.Policy.UserGroups.Select((g, i) => (g.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
            // A code the old policy lacks sorts last; opening its desk then says what is wrong.
            var usedGroups = scenario.Patrons.Select(p => p.GroupCode).Distinct(StringComparer.Ordinal).OrderBy(c => groupOrder.GetValueOrDefault(c, int.MaxValue)).ToList();
            groups.AddRange(usedGroups.Select(c => (c, scenario.Policy.FindUserGroup(c)?.Name ?? c)));
            var groupOf = usedGroups.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
            patronGroup = new int[scenario.Patrons.Count];
            groupMembers = new int[groups.Count];
            for (var i = 0; i < scenario.Patrons.Count; i++)
            {
                patronIndex[scenario.Patrons[i].PrimaryId] = i;
                patronGroup[i] = groupOf[scenario.Patrons[i].GroupCode];
                groupMembers[patronGroup[i]]++;
            }

            var policyOrder = scenario.Policy.ItemPolicies.Select((p, i) => (p.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
            var usedPolicies = scenario.Items.Select(i => i.ItemPolicy).Distinct(StringComparer.Ordinal).OrderBy(c => policyOrder.GetValueOrDefault(c, int.MaxValue)).ToList();
            itemPolicies.AddRange(usedPolicies.Select(c => (c, scenario.Policy.FindItemPolicy(c)?.Name ?? c)));
            var policyOf = usedPolicies.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
            itemPolicy = new int[scenario.Items.Count];
            itemPolicyMembers = new int[itemPolicies.Count];
            for (var i = 0; i < scenario.Items.Count; i++)
            {
                itemIndex[scenario.Items[i].Barcode] = i;
                itemPolicy[i] = policyOf[scenario.Items[i].ItemPolicy];
                itemPolicyMembers[itemPolicy[i]]++;
            }

            groupTallies = groups.Select(_ => new ComparisonTally(hasPatrons: true)).ToArray();
            itemTallies = itemPolicies.Select(_ => new ComparisonTally(hasPatrons: false)).ToArray();
        }

        public PolicyComparison Run(Action<int>? replayed)
        {
            var old = new ReplaySide(scenario, scenario.Policy, patronIndex);
            var @new = new ReplaySide(scenario, newPolicy, patronIndex);
            var events = scenario.Events;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                Compare(e, old.Apply(e), @new.Apply(e));
                replayed?.Invoke(i + 1);
            }

            old.AdvanceTo(scenario.AsOf);
            @new.AdvanceTo(scenario.AsOf);
            AtAsOf(old, @new);

            var currency = scenario.Policy.Currency;
            return new PolicyComparison(
                scenario.Name, scenario.AsOf, scenario.Policy, newPolicy, events.Count, tracker.FirstDifferences, tracker.Consequences,
                totals.ToFigures(currency),
                groups.Select((g, i) => new CategoryComparison(g.Code, g.Name, groupMembers[i], groupTallies[i].ToFigures(currency))).ToList(),
                itemPolicies.Select((p, i) => new CategoryComparison(p.Code, p.Name, itemPolicyMembers[i], itemTallies[i].ToFigures(currency))).ToList(),
                patronChanges, tracker.Differences());
        }

        /// <summary>The figures one event adds, and whether its outcome differs.</summary>
        private void Compare(ScenarioEvent e, SideOutcome old, SideOutcome @new)
        {
            switch (e.Type)
            {
                case ScenarioEventType.CheckOut:
                {
                    var (group, item) = (patronGroup[patronIndex[e.Patron!]], itemPolicy[itemIndex[e.Item!]]);
                    For(group, item, t => t.CheckOut(0, old.Reasons));
                    For(group, item, t => t.CheckOut(1, @new.Reasons));
                    if (old.IsAllowed && @new.IsAllowed && old.Loan is { } a && @new.Loan is { } b)
                    {
                        For(group, item, t => t.DueDates(a.DueAt, b.DueAt));
                    }

                    break;
                }

                case ScenarioEventType.Renew:
                {
                    var borrower = old.Loan?.PatronId ?? @new.Loan?.PatronId;
                    var group = borrower is not null ? patronGroup[patronIndex[borrower]] : -1;
                    var item = itemPolicy[itemIndex[e.Item!]];
                    if (!old.IsAllowed)
                    {
                        For(group, item, t => t.RenewRefused(0, old.Reasons));
                    }

                    if (!@new.IsAllowed)
                    {
                        For(group, item, t => t.RenewRefused(1, @new.Reasons));
                    }

                    if (old.IsAllowed && @new.IsAllowed && old.Loan is { } a && @new.Loan is { } b)
                    {
                        For(group, item, t => t.DueDates(a.DueAt, b.DueAt));
                    }

                    break;
                }
            }

            if (DifferenceTracker.Differs(old, @new))
            {
                tracker.Record(e, old, @new);
            }
        }

        private void For(int group, int item, Action<ComparisonTally> add)
        {
            add(totals);
            if (group >= 0)
            {
                add(groupTallies[group]);
            }

            if (item >= 0)
            {
                add(itemTallies[item]);
            }
        }

        /// <summary>The figures at asOf: every loan, then every patron's account and blocks.</summary>
        private void AtAsOf(ReplaySide old, ReplaySide @new)
        {
            var asOf = scenario.AsOf;
            var loanItemPolicies = new int[2][];
            foreach (var (side, replay) in (ReadOnlySpan<(int, ReplaySide)>)[(0, old), (1, @new)])
            {
                var loans = replay.Desk.Loans;
                var policies = loanItemPolicies[side] = new int[loans.Count];
                foreach (var loan in loans)
                {
                    var item = itemPolicy[itemIndex[loan.ItemBarcode]];
                    policies[loan.Number - 1] = item;
                    var group = patronGroup[replay.LoanPatrons[loan.Number - 1]];
                    For(group, item, t => t.Loan(side, loan.Renewals, loan.IsOverdueAt(asOf), loan.Status == LoanStatus.Lost));
                }
            }

            var currency = scenario.Policy.Currency;
            for (var i = 0; i < scenario.Patrons.Count; i++)
            {
                var id = scenario.Patrons[i].PrimaryId;
                var group = patronGroup[i];
                var balances = new Money[2];
                var charged = new Money[2];
                var blocks = new EquatableArray<string>[2];
                foreach (var (side, replay) in (ReadOnlySpan<(int, ReplaySide)>)[(0, old), (1, @new)])
                {
                    var account = replay.Desk.Account(id);
                    var total = Money.Zero(currency);
                    foreach (var record in account.Ledger.Records)
                    {
                        total += record.Original;
                        var item = record.LoanId is { } loanId && LoanNumber(loanId) is var n && n > 0 && n <= loanItemPolicies[side].Length ? loanItemPolicies[side][n - 1] : -1;
                        For(group, item, t => t.FineFee(side, record.Type, record.Original));
                    }

                    foreach (var notice in account.Notices)
                    {
                        For(group, -1, t => t.Notice(side, notice.Type));
                    }

                    charged[side] = total;
                    balances[side] = account.Ledger.ActiveBalance(id);
                    blocks[side] = replay.Desk.Blocks(id).Select(r => r.Code).Distinct(StringComparer.Ordinal).ToEquatableArray();
                }

                For(group, -1, t => t.Patron(balances[0], balances[1], charged[0], charged[1], blocks[0], blocks[1]));
                if (balances[0] != balances[1] || charged[0] != charged[1] || blocks[0] != blocks[1])
                {
                    patronChanges.Add(new PatronComparison(id, scenario.Patrons[i].GroupCode, new(charged[0], charged[1]), new(balances[0], balances[1]), new(blocks[0], blocks[1])));
                }
            }
        }

        private static int LoanNumber(string loanId) =>
            loanId.Length > 1 && loanId[0] == 'L' && int.TryParse(loanId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
