using System.Collections.Frozen;
using Harvard.Circulation.Calendar;
using Harvard.Circulation.Items;
using Harvard.Circulation.Patrons;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Desk;

/// <summary>What every version of one desk shares and never changes: the policy, its calendars, the patrons and
/// the items, each with its position (the index of its account or record).</summary>
internal sealed class DeskCatalogue
{
    public DeskCatalogue(Policy policy, PatronDirectory patrons, IReadOnlyList<Item> items)
    {
        Policy = policy;
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

    private FrozenDictionary<string, int> ItemIndex { get; }

    /// <summary>The index of an item's record; −1 when unknown.</summary>
    public int IndexOfItem(string barcode) => ItemIndex.TryGetValue(barcode, out var i) ? i : -1;

    /// <summary>The index of a patron's account; −1 when unknown.</summary>
    public int IndexOfPatron(string primaryId) => Patrons.IndexOf(primaryId);
}
