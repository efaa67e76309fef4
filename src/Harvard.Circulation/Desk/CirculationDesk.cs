using Ardalis.GuardClauses;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Collections;
using Harvard.Circulation.Items;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;
using NodaTime;

namespace Harvard.Circulation.Desk;

/// <summary>
/// The circulation desk of one institution: a patron account per patron, an item record per item, and a schedule
/// of what the policy makes happen next. Every action is decided by the policy and returns a new desk.
/// </summary>
/// <remarks>
/// <para>Immutable: every action returns a new desk (or a refusal carrying the desk advanced to the action's
/// instant, with nothing of the action applied). No clock is read: each action names its instant, and actions
/// come in time order (<see cref="Now"/> never goes back).</para>
/// <para>Before an action at instant <c>t</c>, the desk applies, in time order, what the policy makes happen by
/// itself up to and including <c>t</c> — fines arising, auto-renewals, aging to lost, request expiry (the next
/// request moving up), anonymization, notices, session time-outs — taken from its schedule. So advancing to
/// <c>t1</c> and then <c>t2</c> gives the same desk as advancing to <c>t2</c> at once, and each notice is decided
/// exactly once.</para>
/// <para>Cost: an action touches only the accounts it concerns (a check-out: the patron's account and the item's
/// record), each found in a few steps whatever the desk holds; advancing over a period in which K things happen
/// costs K schedule steps. The views that list everything (<see cref="Loans"/>, <see cref="FinesFees"/>,
/// <see cref="Notices"/>, ...) read every account and are for reports.</para>
/// <para>Safe to share between threads.</para>
/// </remarks>
public sealed partial class CirculationDesk
{
    private readonly DeskState state;

    internal CirculationDesk(DeskState state) => this.state = state;

    /// <summary>The policy every decision comes from.</summary>
    public Policy Policy => state.Catalogue.Policy;

    /// <summary>The library calendars of the policy.</summary>
    public PolicyCalendars Calendars => state.Catalogue.Calendars;

    /// <summary>The patrons, in the order the desk was given them.</summary>
    public PatronDirectory Patrons => state.Catalogue.Patrons;

    /// <summary>The items, in the order the desk was given them.</summary>
    public IReadOnlyList<Item> Items => state.Catalogue.Items;

    /// <summary>The staff members the desk was given (kept so a snapshot is whole; a patron search takes the
    /// searching staff member's clearance from here).</summary>
    public IReadOnlyList<StaffMember> Staff => state.Catalogue.Staff;

    /// <summary>The instant the desk has been advanced to.</summary>
    public Instant Now => state.Now;

    /// <summary>How the desk numbers loans and fines/fees.</summary>
    public IdNumbering Ids => state.Catalogue.Ids;

    /// <summary>How many actions have been allowed at <see cref="Now"/>, which is the place the next one takes among
    /// them (see <see cref="AtPlace"/>).</summary>
    public int ActionsAtNow => state.ActionsAtNow;

    /// <summary>How many loans have been made.</summary>
    public int LoanCount => state.LoanLocations.Count;

    /// <summary>How many fines/fees have arisen (the highest transaction number).</summary>
    public int FineFeeCount => state.RecordOwners.Count;

    /// <summary>When the next thing the policy makes happen by itself is due (a host's next wake-up), or null
    /// when nothing is scheduled.</summary>
    public Instant? NextScheduledAt => state.Schedule.IsEmpty ? null : state.Schedule.First.Key.At;

    internal DeskState State => state;

    /// <summary>Opens a desk with its patrons and items at a starting instant.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="patrons">The patrons; each patron's group must be in the policy's catalogue.</param>
    /// <param name="items">The items; each item policy must be in the policy.</param>
    /// <param name="start">The starting instant.</param>
    /// <param name="staff">The staff members; none when null.</param>
    /// <param name="ids">How loans and fines/fees are numbered: one sequence for the desk (<c>L1</c>, <c>F1</c>; the
    /// default) or within each owner (<c>barcode:L1</c>, <c>patronId:F1</c>), for a desk spread over many machines.</param>
    /// <returns>The desk.</returns>
    /// <exception cref="ArgumentException">A patron's group or an item's policy is unknown, or a barcode or staff id
    /// repeats; the message names the code (never a patron's name).</exception>
    public static CirculationDesk Open(Policy policy, IEnumerable<Patron> patrons, IEnumerable<Item> items, Instant start, IEnumerable<StaffMember>? staff = null,
        IdNumbering ids = IdNumbering.Dense)
    {
        if (!Enum.IsDefined(ids))
        {
            throw new ArgumentOutOfRangeException(nameof(ids), ids, "Ids are numbered Dense or Scoped.");
        }

        Guard.Against.Null(policy);
        var directory = new PatronDirectory(Guard.Against.Null(patrons));
        foreach (var patron in directory.Patrons)
        {
            if (policy.FindUserGroup(patron.GroupCode) is null)
            {
                throw new ArgumentException($"Patron {patron.PrimaryId} is in user group '{patron.GroupCode}', which is not in the policy's catalogue.", nameof(patrons));
            }
        }

        var list = new List<Item>();
        var barcodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Guard.Against.Null(items))
        {
            Guard.Against.Null(item, nameof(items));
            if (policy.FindItemPolicy(item.ItemPolicy) is null)
            {
                throw new ArgumentException($"Item {item.Barcode} has item policy '{item.ItemPolicy}', which the policy does not define.", nameof(items));
            }

            if (!barcodes.Add(item.Barcode))
            {
                throw new ArgumentException($"Item barcode {item.Barcode} appears twice.", nameof(items));
            }

            list.Add(item);
        }

        var staffList = new List<StaffMember>();
        var staffIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in staff ?? [])
        {
            Guard.Against.Null(member, nameof(staff));
            if (!staffIds.Add(member.Id))
            {
                throw new ArgumentException($"Staff id {member.Id} appears twice.", nameof(staff));
            }

            staffList.Add(member);
        }

        var catalogue = new DeskCatalogue(policy, directory, list, staffList, ids: ids);
        return new CirculationDesk(new DeskState
        {
            Catalogue = catalogue,
            Accounts = PersistentVector<PatronAccount>.From(directory.Patrons.Select((p, i) => PatronAccount.Empty(p, i, policy.Currency, start))),
            Items = PersistentVector<ItemRecord>.From(list.Select(Harvard.Circulation.Items.ItemRecord.OnShelf)),
            Now = start,
        });
    }

    /// <summary>Runs one action in a transaction: time advances to its instant, then the action decides.</summary>
    private Decision<CirculationDesk> Act(Instant at, Func<DeskTransaction, IReadOnlyList<Refusal>?> action)
    {
        var transaction = new DeskTransaction(state);
        transaction.AdvanceTo(at);
        var refusals = action(transaction);
        if (refusals is null)
        {
            transaction.ActionTaken();
        }

        var desk = new CirculationDesk(transaction.Commit());
        return refusals is null ? Decision<CirculationDesk>.Allow(desk) : Decision<CirculationDesk>.Refuse(desk, refusals);
    }

    /// <summary>A read-only transaction at <see cref="Now"/>, for the views (nothing it does is kept).</summary>
    private DeskTransaction Read() => new(state);
}
