using System.Collections.Frozen;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Items;
using Harvard.Circulation.Loans;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Desk;

/// <summary>What every version of one desk shares and never changes: the policy, its calendars, the patrons and
/// the items, each with its position (the index of its account or record).</summary>
internal sealed class DeskCatalogue
{
    public DeskCatalogue(Policy policy, PatronDirectory patrons, IReadOnlyList<Item> items, IReadOnlyList<StaffMember> staff, DeskScope? scope = null, IdNumbering ids = IdNumbering.Dense)
    {
        Policy = policy;
        Ids = ids;
        Staff = staff;
        Scope = scope;
        Calendars = PolicyCalendars.Of(policy);
        Patrons = patrons;
        Items = items;
        var byBarcode = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            byBarcode.Add(items[i].Barcode, i);
        }

        ItemIndex = byBarcode.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public Policy Policy { get; }

    public PolicyCalendars Calendars { get; }

    public PatronDirectory Patrons { get; }

    public IReadOnlyList<Item> Items { get; }

    public IReadOnlyList<StaffMember> Staff { get; }

    /// <summary>How the desk forms loan and fine/fee ids.</summary>
    public IdNumbering Ids { get; }

    /// <summary>The patrons and items a desk restored from part of a snapshot acts on; null for a whole desk.</summary>
    public DeskScope? Scope { get; }

    /// <summary>Whether actions may name a patron: every patron of a whole desk, those of its scope in a partial one.</summary>
    public bool MayActOnPatron(string primaryId) => Scope is null || Scope.PatronIds.Contains(primaryId);

    /// <summary>Whether actions may name an item: every item of a whole desk, those of its scope in a partial one.</summary>
    public bool MayActOnItem(string barcode) => Scope is null || Scope.ItemBarcodes.Contains(barcode);

    private FrozenDictionary<string, int> ItemIndex { get; }

    /// <summary>The terms of use a loan was made under.</summary>
    /// <exception cref="InvalidOperationException">The policy does not define them.</exception>
    public TermsOfUse TermsOf(Loan loan) => Policy.FindTermsOfUse(loan.TermsOfUseId)
        ?? throw new InvalidOperationException($"Loan {loan.Id} names terms '{loan.TermsOfUseId}' the policy does not define.");

    /// <summary>The calendar of the library of a loan's item.</summary>
    public LibraryCalendar CalendarOf(Loan loan) => Calendars.For(Items[IndexOfItem(loan.ItemBarcode)].Library);

    /// <summary>The index of an item's record; −1 when unknown.</summary>
    public int IndexOfItem(string barcode) => ItemIndex.TryGetValue(barcode, out var i) ? i : -1;

    /// <summary>The index of a patron's account; −1 when unknown.</summary>
    public int IndexOfPatron(string primaryId) => Patrons.IndexOf(primaryId);
}
