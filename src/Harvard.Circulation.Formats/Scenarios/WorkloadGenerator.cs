using System.Globalization;
using Ardalis.GuardClauses;
using Harvard.Circulation.Desk;
using Harvard.Circulation.Fines;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Items;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Formats.Scenarios;

/// <summary>What a generated workload looks like. Immutable.</summary>
public sealed record WorkloadOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="patrons">How many patrons; at least 1.</param>
    /// <param name="items">How many items; at least 1.</param>
    /// <param name="days">How many days of activity; at least 1.</param>
    /// <param name="seed">The seed: the same options give the same scenario.</param>
    /// <param name="policy">The policy the workload runs on; null = <c>harvard-default</c>.</param>
    /// <param name="events">How many events in all; null = one event per ten patrons a day.</param>
    /// <param name="start">The first day (a local date of the policy's zone); null = Monday 2026-01-05.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public WorkloadOptions(int patrons, int items, int days, int seed, Policy? policy = null, int? events = null, LocalDate? start = null)
    {
        Patrons = Guard.Against.NegativeOrZero(patrons);
        Items = Guard.Against.NegativeOrZero(items);
        Days = Guard.Against.NegativeOrZero(days);
        Seed = seed;
        Policy = policy ?? EmbeddedPolicies.HarvardDefault;
        Events = events is { } count ? Guard.Against.NegativeOrZero(count, nameof(events)) : null;
        Start = start ?? new LocalDate(2026, 1, 5);
    }

    /// <summary>How many patrons.</summary>
    public int Patrons { get; }

    /// <summary>How many items.</summary>
    public int Items { get; }

    /// <summary>How many days of activity.</summary>
    public int Days { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The policy the workload runs on.</summary>
    public Policy Policy { get; }

    /// <summary>How many events in all; null = one event per ten patrons a day.</summary>
    public int? Events { get; }

    /// <summary>The first day (a local date of the policy's time zone).</summary>
    public LocalDate Start { get; }
}

/// <summary>
/// Generates a valid, realistic scenario of any size, the same for a seed: daily activity over the days asked —
/// check-outs at a steady rate, most returns around the due date and some late, renewals, claims, losses and
/// finds, payments and waivers, disputes and refunds, manual charges, requests (recalling loans) and
/// cancellations, patron services sessions, patron searches and a weekly bursar run. Each event is chosen
/// against the desk as it stands, so most succeed and the refusals are the ones a library sees.
/// </summary>
/// <remarks>Pure: the same options always give the same scenario (no hash-ordered collection is iterated).</remarks>
public static class WorkloadGenerator
{
    private static readonly string[] Titles =
        ["Middlemarch", "Moby-Dick", "Bleak House", "The Waves", "Walden", "Leaves of Grass", "Beloved", "Invisible Man", "Ulysses", "Dubliners"];

    // 48 × 48 names: a full-name search finds a few dozen patrons among 100,000, as a real one does.
    private static readonly string[] Surnames =
    [
        "Lovelace", "Turing", "Hopper", "Knuth", "Liskov", "Dijkstra", "Hamilton", "Ritchie", "Lamport", "Goldberg", "Babbage", "Noether",
        "Curie", "Franklin", "Meitner", "Johnson", "Vaughan", "Jackson", "Easley", "Clarke", "Wilkes", "Hoare", "Milner", "Backus",
        "McCarthy", "Minsky", "Shannon", "Wiener", "Neumann", "Church", "Kleene", "Post", "Gödel", "Hilbert", "Cantor", "Euler",
        "Gauss", "Riemann", "Fermat", "Pascal", "Leibniz", "Newton", "Kepler", "Galilei", "Brahe", "Hubble", "Sagan", "Rubin",
    ];

    private static readonly string[] Given =
    [
        "Ada", "Alan", "Grace", "Donald", "Barbara", "Edsger", "Margaret", "Dennis", "Leslie", "Adele", "Charles", "Emmy",
        "Marie", "Rosalind", "Lise", "Katherine", "Dorothy", "Mary", "Annie", "Joan", "Maurice", "Tony", "Robin", "John",
        "Marvin", "Claude", "Norbert", "Alonzo", "Stephen", "Emil", "Kurt", "David", "Georg", "Leonhard", "Carl", "Bernhard",
        "Pierre", "Blaise", "Gottfried", "Isaac", "Johannes", "Galileo", "Tycho", "Edwin", "Vera", "Henrietta", "Cecilia", "Jocelyn",
    ];

    private static readonly FineFeeType[] ChargeTypes = [FineFeeType.CardRenewal, FineFeeType.DamagedItemFine, FineFeeType.Other];

    /// <summary>Generates a workload.</summary>
    /// <param name="options">What to generate.</param>
    /// <returns>The scenario (its policy is <see cref="WorkloadOptions.Policy"/>; <c>asOf</c> the end of the last day).</returns>
    public static Scenario Generate(WorkloadOptions options)
    {
        Guard.Against.Null(options);
        return new Run(options).Generate();
    }

    private sealed class Run
    {
        private readonly WorkloadOptions options;
        private readonly Policy policy;
        private readonly Random random;
        private readonly List<Patron> patrons = [];
        private readonly List<Item> items = [];
        private readonly List<StaffMember> staff = [];
        private readonly List<ScenarioEvent> events = [];
        private readonly List<string> libraries;

        // What the generator knows of the desk, kept in lists so that choices never depend on hash order.
        private readonly List<int> onShelf = [];
        private readonly List<int> lent = [];
        private readonly int[] position;
        private readonly PriorityQueue<int, Instant> byDue = new();
        private readonly List<int> missing = [];
        private readonly List<string> requests = [];
        private readonly List<int> owing = [];
        private readonly bool[] isOwing;
        private readonly List<(string Id, int Patron, Instant Opened)> sessions = [];
        private readonly Dictionary<string, int> patronIndex = new(StringComparer.OrdinalIgnoreCase);
        private CirculationDesk desk;

        public Run(WorkloadOptions options)
        {
            this.options = options;
            policy = options.Policy;
            random = new Random(options.Seed);
            libraries = policy.Libraries.Count > 0 ? [.. policy.Libraries.Select(l => l.Code)] : ["MAIN"];
            CreatePatrons();
            CreateItems();
            for (var i = 0; i < 5; i++)
            {
                staff.Add(new StaffMember("staff" + (i + 1).ToString(CultureInfo.InvariantCulture), nameSearch: i == 0));
            }

            position = new int[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                position[i] = onShelf.Count;
                onShelf.Add(i);
            }

            isOwing = new bool[patrons.Count];
            for (var i = 0; i < patrons.Count; i++)
            {
                patronIndex[patrons[i].PrimaryId] = i;
            }

            desk = CirculationDesk.Open(policy, patrons, items, Opening(options.Start));
        }

        public Scenario Generate()
        {
            var perDay = options.Events is { } total ? Math.Max(1, total / options.Days) : Math.Max(1, options.Patrons / 10);
            var remaining = options.Events ?? perDay * options.Days;
            for (var day = 0; day < options.Days && remaining > 0; day++)
            {
                var date = options.Start.PlusDays(day);
                var count = day == options.Days - 1 ? remaining : Math.Min(perDay, remaining);
                var opening = Opening(date);
                var seconds = new int[count];
                for (var i = 0; i < count; i++)
                {
                    seconds[i] = random.Next(0, 12 * 3600);
                }

                Array.Sort(seconds);
                foreach (var second in seconds)
                {
                    Act(opening + Duration.FromSeconds(second));
                }

                remaining -= count;
                if (date.DayOfWeek == IsoDayOfWeek.Friday)
                {
                    Apply(new ScenarioEvent(events.Count, opening + Duration.FromHours(12), ScenarioEventType.ExportToBursar));
                }
            }

            var asOf = AtLocal(options.Start.PlusDays(options.Days).AtMidnight());
            return new Scenario($"Generated workload: {options.Patrons} patrons, {options.Items} items, {options.Days} days, seed {options.Seed}",
                policy, patrons, items, staff, events, asOf, []);
        }

        private Instant Opening(LocalDate date) => AtLocal(date.At(new LocalTime(9, 0)));

        private Instant AtLocal(LocalDateTime local) => policy.TimeZone.AtLeniently(local).ToInstant();

        private void CreatePatrons()
        {
            var groups = policy.UserGroups.Where(g => g.MayBorrow).Select(g => g.Code).ToArray();
            if (groups.Length == 0)
            {
                groups = [.. policy.UserGroups.Select(g => g.Code)];
            }

            for (var i = 0; i < options.Patrons; i++)
            {
                var id = (10_000_001 + i).ToString(CultureInfo.InvariantCulture);
                var name = $"{Given[random.Next(Given.Length)]} {Surnames[random.Next(Surnames.Length)]}";
                patrons.Add(new Patron(id, groups[random.Next(groups.Length)], name, RecordType.External,
                    [new PatronIdentifier("barcode", "2123" + id)]));
            }
        }

        private void CreateItems()
        {
            var policies = policy.ItemPolicies.Select(p => p.Code).ToArray();
            for (var i = 0; i < options.Items; i++)
            {
                // Most items circulate under the first item policy (regular loans); the rest share the others.
                var itemPolicy = policies.Length == 1 || random.Next(10) < 7 ? policies[0] : policies[1 + random.Next(policies.Length - 1)];
                var cost = random.Next(10) < 3 ? new Money(20m + random.Next(0, 8000) / 100m, policy.Currency) : (Money?)null;
                items.Add(new Item((32_044_000_000_001L + i).ToString(CultureInfo.InvariantCulture), itemPolicy, libraries[random.Next(libraries.Count)],
                    Titles[random.Next(Titles.Length)], random.Next(4) == 0 ? "STACKS" : null, cost));
            }
        }

        /// <summary>One event at an instant: a kind chosen by its weight, tried again (a few times) when the desk
        /// offers nothing to do it on (no loan to return, nobody owing), so the workload has the events asked.</summary>
        private void Act(Instant at)
        {
            var before = events.Count;
            for (var attempt = 0; attempt < 20 && events.Count == before; attempt++)
            {
                ActOnce(at);
            }
        }

        private void ActOnce(Instant at)
        {
            var roll = random.Next(1000);
            var patron = random.Next(patrons.Count);
            switch (roll)
            {
                case < 300:
                    CheckOut(at, patron);
                    break;
                case < 580:
                    CheckIn(at);
                    break;
                case < 660:
                    OnLent(at, ScenarioEventType.Renew, soonest: true);
                    break;
                case < 675:
                    OnLent(at, ScenarioEventType.ClaimReturned, soonest: false);
                    break;
                case < 690:
                    OnLent(at, ScenarioEventType.DeclareLost, soonest: false);
                    break;
                case < 710:
                    Found(at);
                    break;
                case < 760:
                    PlaceRequest(at, patron);
                    break;
                case < 770:
                    CancelRequest(at);
                    break;
                case < 840:
                    Pay(at);
                    break;
                case < 850:
                    OnRecord(at, ScenarioEventType.Waive);
                    break;
                case < 855:
                    OnRecord(at, ScenarioEventType.Dispute);
                    break;
                case < 860:
                    OnRecord(at, ScenarioEventType.Restore);
                    break;
                case < 863:
                    OnRecord(at, ScenarioEventType.Refund);
                    break;
                case < 873:
                    Apply(new ScenarioEvent(events.Count, at, ScenarioEventType.Charge)
                    {
                        Patron = patrons[patron].PrimaryId,
                        FeeType = ChargeTypes[random.Next(ChargeTypes.Length)],
                        Amount = new Money(1m + random.Next(0, 1900) / 100m, policy.Currency),
                    });
                    break;
                case < 940:
                    OpenSession(at, patron);
                    break;
                default:
                    Search(at, patron);
                    break;
            }
        }

        private void CheckOut(Instant at, int patron)
        {
            if (onShelf.Count == 0)
            {
                return;
            }

            var item = onShelf[random.Next(onShelf.Count)];
            var barcode = items[item].Barcode;
            if (desk.ItemRecord(barcode).OnHoldShelf is { } held)
            {
                // The requester collects the item (anyone else would be refused).
                patron = patronIndex[held.PatronId];
            }

            var session = sessions.Count > 0 && sessions[^1].Patron == patron && at - sessions[^1].Opened < Duration.FromMinutes(4) ? sessions[^1].Id : null;
            if (Apply(new ScenarioEvent(events.Count, at, ScenarioEventType.CheckOut)
                { Patron = patrons[patron].PrimaryId, Item = barcode, Session = session }))
            {
                Move(item, onShelf, lent);
                byDue.Enqueue(item, desk.OpenLoanOf(barcode)!.DueAt);
            }
        }

        private void CheckIn(Instant at)
        {
            // Patrons keep what they borrow until about its due date: most returns are the loans due soonest (on
            // time, or late when returns fall behind); a few come back early; else the desk lends instead.
            var item = -1;
            while (byDue.TryPeek(out var candidate, out var due))
            {
                if (desk.OpenLoanOf(items[candidate].Barcode) is not { Status: LoanStatus.OnLoan } loan || loan.DueAt != due)
                {
                    byDue.Dequeue();
                    continue;
                }

                if (due <= at + Duration.FromDays(2))
                {
                    item = byDue.Dequeue();
                }

                break;
            }

            if (item < 0 && lent.Count > 0 && random.Next(10) == 0)
            {
                item = lent[random.Next(lent.Count)];
            }

            if (item < 0)
            {
                if (onShelf.Count > 0)
                {
                    CheckOut(at, random.Next(patrons.Count));
                }

                return;
            }

            if (Apply(new ScenarioEvent(events.Count, at, ScenarioEventType.CheckIn) { Item = items[item].Barcode }))
            {
                Back(item);
            }
        }

        private void OnLent(Instant at, ScenarioEventType type, bool soonest)
        {
            if (lent.Count == 0)
            {
                return;
            }

            var item = soonest && byDue.TryPeek(out var due, out _) ? due : lent[random.Next(lent.Count)];
            var barcode = items[item].Barcode;
            if (Apply(new ScenarioEvent(events.Count, at, type) { Item = barcode }))
            {
                if (type == ScenarioEventType.Renew)
                {
                    byDue.Enqueue(item, desk.OpenLoanOf(barcode)!.DueAt);
                }
                else if (!missing.Contains(item))
                {
                    missing.Add(item);
                }
            }
        }

        private void Found(Instant at)
        {
            if (missing.Count == 0)
            {
                return;
            }

            var at0 = random.Next(missing.Count);
            var item = missing[at0];
            missing.RemoveAt(at0);
            if (desk.OpenLoanOf(items[item].Barcode) is null)
            {
                return;
            }

            if (Apply(new ScenarioEvent(events.Count, at, random.Next(2) == 0 ? ScenarioEventType.MarkFound : ScenarioEventType.CheckIn) { Item = items[item].Barcode }))
            {
                Back(item);
            }
        }

        private void PlaceRequest(Instant at, int patron)
        {
            var pool = random.Next(2) == 0 && lent.Count > 0 ? lent : onShelf;
            if (pool.Count == 0)
            {
                return;
            }

            var id = "R" + (requests.Count + 1).ToString(CultureInfo.InvariantCulture);
            requests.Add(id);
            Apply(new ScenarioEvent(events.Count, at, ScenarioEventType.PlaceRequest)
            { Patron = patrons[patron].PrimaryId, Item = items[pool[random.Next(pool.Count)]].Barcode, Id = id });
        }

        private void CancelRequest(Instant at)
        {
            if (requests.Count == 0)
            {
                return;
            }

            var id = requests[requests.Count - 1 - random.Next(Math.Min(requests.Count, 50))];
            if (desk.FindRequest(id) is { IsOpen: true })
            {
                Apply(new ScenarioEvent(events.Count, at, ScenarioEventType.CancelRequest) { Id = id, NotifyUser = random.Next(5) != 0 });
            }
        }

        private void Pay(Instant at)
        {
            while (owing.Count > 0)
            {
                var index = random.Next(owing.Count);
                var patron = owing[index];
                var account = desk.Account(patrons[patron].PrimaryId);
                var payable = account.Ledger.Payable(account.Patron.PrimaryId);
                if (payable.IsPositive)
                {
                    var amount = random.Next(3) == 0 ? payable.WithAmount(Math.Max(0.01m, Math.Round(payable.Amount / 2, 2))) : payable;
                    Apply(new ScenarioEvent(events.Count, at, ScenarioEventType.Pay) { Patron = account.Patron.PrimaryId, Amount = amount });
                    return;
                }

                owing[index] = owing[^1];
                owing.RemoveAt(owing.Count - 1);
                isOwing[patron] = false;
            }
        }

        private void OnRecord(Instant at, ScenarioEventType type)
        {
            var count = desk.FineFeeCount;
            if (count == 0)
            {
                return;
            }

            var id = "F" + (count - random.Next(Math.Min(count, 200))).ToString(CultureInfo.InvariantCulture);
            if (desk.FindFineFee(id) is not { } record)
            {
                return;
            }

            var wanted = type switch
            {
                ScenarioEventType.Waive => record is { Status: FineFeeStatus.Active, IsAccruing: false, Balance.IsPositive: true },
                ScenarioEventType.Dispute => record is { Status: FineFeeStatus.Active, IsAccruing: false },
                ScenarioEventType.Restore => record.Status == FineFeeStatus.InDispute,
                _ => record.Paid.Amount > record.Refunded.Amount,
            };
            if (!wanted)
            {
                return;
            }

            Apply(new ScenarioEvent(events.Count, at, type)
            {
                TransactionId = id,
                Amount = type == ScenarioEventType.Refund ? record.Paid - record.Refunded
                    : type == ScenarioEventType.Waive && random.Next(2) == 0 ? record.Balance : null,
                Reason = type == ScenarioEventType.Waive ? "goodwill" : null,
            });
        }

        private void OpenSession(Instant at, int patron)
        {
            if (policy.Libraries.Count == 0)
            {
                // A session needs a library of the policy as its current location.
                return;
            }

            var id = "S" + (sessions.Count + 1).ToString(CultureInfo.InvariantCulture);
            sessions.Add((id, patron, at));
            Apply(new ScenarioEvent(events.Count, at, ScenarioEventType.OpenSession)
            {
                Staff = staff[random.Next(staff.Count)].Id,
                Location = libraries[random.Next(libraries.Count)],
                Patron = patrons[patron].PrimaryId,
                Id = id,
            });
        }

        private void Search(Instant at, int patron)
        {
            var (by, query) = random.Next(3) switch
            {
                0 => (PatronSearchBy.PrimaryId, patrons[patron].PrimaryId),
                1 => (PatronSearchBy.Identifier, patrons[patron].Identifiers[0].Value),
                _ => (PatronSearchBy.Name, patrons[patron].Name!),
            };
            Apply(new ScenarioEvent(events.Count, at, ScenarioEventType.SearchPatrons) { Staff = staff[random.Next(staff.Count)].Id, SearchBy = by, Query = query });
        }

        /// <summary>Applies an event to the desk and keeps it; whether the rules allowed it.</summary>
        private bool Apply(ScenarioEvent e)
        {
            events.Add(e);
            if (e.Type == ScenarioEventType.SearchPatrons)
            {
                desk = desk.AdvanceTo(e.At);
                return true;
            }

            // The patron whose account the event may charge: named, or the item's borrower.
            var patronId = e.Patron ?? (e.Item is { } barcode ? desk.OpenLoanOf(barcode)?.PatronId : null);
            var decision = ScenarioReplayer.Apply(desk, e);
            desk = decision.Result;
            if (decision.IsAllowed && patronId is not null && patronIndex.TryGetValue(patronId, out var index)
                && !isOwing[index] && desk.Account(patronId).Ledger.Records.Count > 0)
            {
                isOwing[index] = true;
                owing.Add(index);
            }

            return decision.IsAllowed;
        }

        private void Back(int item)
        {
            if (position[item] < lent.Count && lent[position[item]] == item)
            {
                Move(item, lent, onShelf);
            }
        }

        private void Move(int item, List<int> from, List<int> to)
        {
            var at = position[item];
            var last = from[^1];
            from[at] = last;
            position[last] = at;
            from.RemoveAt(from.Count - 1);
            position[item] = to.Count;
            to.Add(item);
        }
    }
}
