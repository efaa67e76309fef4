using System.Collections;

namespace Harvard.Circulation.Collections;

/// <summary>
/// An immutable list indexed by position, for the desk's dense numbers (patron, item and loan numbers) and each
/// account's notices (a 32-wide leaf holds a typical patron's notices, where a list spends a 48-byte node on each): a
/// 32-way trie, so a read is at most four array steps at a million elements and a change copies one path.
/// </summary>
/// <remarks>
/// Why not <c>ImmutableList</c>: its balanced binary tree is twenty nodes deep at a million elements, one cache
/// miss each, and the desk's per-action cost must barely grow from 10³ to 10⁶ (see DeskScaleBenchmarks).
/// Immutable and thread-safe.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class PersistentVector<T> : IReadOnlyList<T>
{
    private const int Bits = 5;
    private const int Width = 1 << Bits;
    private const int Mask = Width - 1;

    // A branch is object[] of children; a leaf is T[]. shift = Bits × (depth − 1); root is a leaf when 0.
    private readonly object root;
    private readonly int shift;

    private PersistentVector(object root, int shift, int count)
    {
        this.root = root;
        this.shift = shift;
        Count = count;
    }

    /// <summary>The empty vector.</summary>
    public static PersistentVector<T> Empty { get; } = new(new T[Width], 0, 0);

    /// <summary>The number of elements.</summary>
    public int Count { get; }

    /// <summary>The element at an index.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Count"/>.</param>
    public T this[int index]
    {
        get
        {
            if (unchecked((uint)index >= (uint)Count))
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The vector holds {Count} elements.");
            }

            var node = root;
            for (var level = shift; level > 0; level -= Bits)
            {
                node = ((object[])node)[(index >> level) & Mask];
            }

            return ((T[])node)[index & Mask];
        }
    }

    /// <summary>The vector with an element appended.</summary>
    /// <param name="item">The element.</param>
    /// <returns>The new vector.</returns>
    public PersistentVector<T> Add(T item)
    {
        var capacity = 1L << (shift + Bits);
        if (Count < capacity)
        {
            return new PersistentVector<T>(Set(root, shift, Count, item), shift, Count + 1);
        }

        var grown = new object[Width];
        grown[0] = root;
        return new PersistentVector<T>(Set(grown, shift + Bits, Count, item), shift + Bits, Count + 1);
    }

    /// <summary>The vector with the element at an index replaced.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Count"/>.</param>
    /// <param name="item">The new element.</param>
    /// <returns>The new vector.</returns>
    public PersistentVector<T> SetItem(int index, T item)
    {
        if (unchecked((uint)index >= (uint)Count))
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The vector holds {Count} elements.");
        }

        return new PersistentVector<T>(Set(root, shift, index, item), shift, Count);
    }

    /// <summary>A vector of the given elements.</summary>
    /// <param name="items">The elements, in order.</param>
    /// <returns>The vector.</returns>
    public static PersistentVector<T> From(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var vector = Empty;
        foreach (var item in items)
        {
            vector = vector.Add(item);
        }

        return vector;
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator()
    {
        for (var start = 0; start < Count; start += Width)
        {
            var node = root;
            for (var level = shift; level > 0; level -= Bits)
            {
                node = ((object[])node)[(start >> level) & Mask];
            }

            var leaf = (T[])node;
            var end = Math.Min(Width, Count - start);
            for (var i = 0; i < end; i++)
            {
                yield return leaf[i];
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static object Set(object? node, int level, int index, T item)
    {
        if (level == 0)
        {
            var leaf = node is T[] existing ? (T[])existing.Clone() : new T[Width];
            leaf[index & Mask] = item;
            return leaf;
        }

        var branch = node is object[] children ? (object[])children.Clone() : new object[Width];
        var slot = (index >> level) & Mask;
        branch[slot] = Set(branch[slot], level - Bits, index, item);
        return branch;
    }
}
