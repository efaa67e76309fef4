using Ardalis.GuardClauses;

namespace Harvard.Circulation.Items;

/// <summary>A physical item: its barcode, title, item policy and where it lives.</summary>
public sealed record Item
{
    /// <summary>Creates an item.</summary>
    /// <param name="barcode">The item barcode.</param>
    /// <param name="itemPolicy">The item policy code.</param>
    /// <param name="library">The library code; rules and the calendar use it.</param>
    /// <param name="title">The title, if known.</param>
    /// <param name="location">The location within the library, if any.</param>
    /// <param name="replacementCost">The replacement cost charged when lost; null = the terms' default.</param>
    public Item(string barcode, string itemPolicy, string library, string? title = null, string? location = null, Money? replacementCost = null)
    {
        Barcode = Guard.Against.NullOrWhiteSpace(barcode);
        ItemPolicy = Guard.Against.NullOrWhiteSpace(itemPolicy);
        Library = Guard.Against.NullOrWhiteSpace(library);
        Title = title;
        Location = location;
        if (replacementCost is { Amount: < 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(replacementCost), replacementCost, "A replacement cost cannot be negative.");
        }

        ReplacementCost = replacementCost;
    }

    /// <summary>The barcode.</summary>
    public string Barcode { get; }

    /// <summary>The item policy code.</summary>
    public string ItemPolicy { get; }

    /// <summary>The library code.</summary>
    public string Library { get; }

    /// <summary>The title, if known.</summary>
    public string? Title { get; }

    /// <summary>The location, if any.</summary>
    public string? Location { get; }

    /// <summary>The replacement cost; null = the terms' default.</summary>
    public Money? ReplacementCost { get; }
}
