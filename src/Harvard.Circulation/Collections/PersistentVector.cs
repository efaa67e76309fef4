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

    /// <summary>A vector of one value repeated, built in time and memory logarithmic in the count: every leaf is one
    /// array and every branch of a level one array, shared (a change copies its path, so nothing shared is ever
    /// written). A desk restored from part of a snapshot starts its number-indexed vectors so.</summary>
    /// <param name="value">The value.</param>
    /// <param name="count">How many times; not negative.</param>
    /// <returns>The vector.</returns>
    public static PersistentVector<T> Repeat(T value, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return Empty;
        }

        var leaf = new T[Width];
        Array.Fill(leaf, value);
        object node = leaf;
        var shift = 0;
        while ((1L << (shift + Bits)) < count)
        {
            var branch = new object[Width];
            Array.Fill(branch, node);
            node = branch;
            shift += Bits;
        }

        return new PersistentVector<T>(node, shift, count);
    }

    /// <summary>A vector of the given elements.</summary>
    /// <param name="items">The elements, in order.</param>
    /// <returns>The vector.</returns>
    /// <remarks>Built level by level in linear time, each leaf and branch written once (appending one by one would
    /// copy a path per element: a restored desk's million loan numbers).</remarks>
    public static PersistentVector<T> From(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var nodes = new List<object>();
        var leaf = new T[Width];
        var inLeaf = 0;
        var count = 0;
        foreach (var item in items)
        {
            if (inLeaf == Width)
            {
                nodes.Add(leaf);
                leaf = new T[Width];
                inLeaf = 0;
            }

            leaf[inLeaf++] = item;
            count++;
        }

        if (count == 0)
        {
            return Empty;
        }

        nodes.Add(leaf);
        var shift = 0;
        while (nodes.Count > 1)
        {
            var parents = new List<object>((nodes.Count + Width - 1) / Width);
            for (var first = 0; first < nodes.Count; first += Width)
            {
                var branch = new object[Width];
                nodes.CopyTo(first, branch, 0, Math.Min(Width, nodes.Count - first));
                parents.Add(branch);
            }

            nodes = parents;
            shift += Bits;
        }

        return new PersistentVector<T>(nodes[0], shift, count);
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
