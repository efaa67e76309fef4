using System.Collections;

namespace Harvard.Circulation.Collections;

/// <summary>
/// An immutable map ordered by key: a B+ tree of up to 32 entries per node, so a lookup, a change, the first
/// entry and the first entry after a key all take at most four node steps at a million entries, and a change
/// copies one path. The desk's schedule, request and session ids, and a patron's loans sit on it.
/// </summary>
/// <remarks>
/// <para>Removals never merge nodes (a node that empties is dropped; a root with one child is replaced by the
/// child), so the tree never grows deeper than its inserts made it. Each branch keeps the smallest key of every
/// child, so a lookup needs one binary search per level.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class PersistentSortedMap<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    private const int MaxEntries = 16;

    private readonly Node? root;

    private PersistentSortedMap(Node? root, int count, IComparer<TKey> comparer)
    {
        this.root = root;
        Count = count;
        Comparer = comparer;
    }

    /// <summary>An empty map ordered by a comparer.</summary>
    /// <param name="comparer">The key order; the default order when null.</param>
    /// <returns>The map.</returns>
    public static PersistentSortedMap<TKey, TValue> Empty(IComparer<TKey>? comparer = null) => new(null, 0, comparer ?? Comparer<TKey>.Default);

    /// <summary>The key order.</summary>
    public IComparer<TKey> Comparer { get; }

    /// <summary>The number of entries.</summary>
    public int Count { get; }

    /// <summary>Whether the map is empty.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The entry with the smallest key.</summary>
    /// <exception cref="InvalidOperationException">The map is empty.</exception>
    public KeyValuePair<TKey, TValue> First
    {
        get
        {
            var node = root ?? throw new InvalidOperationException("The map is empty.");
            while (node is Branch branch)
            {
                node = branch.Children[0];
            }

            var leaf = (Leaf)node;
            return new KeyValuePair<TKey, TValue>(leaf.Keys[0], leaf.Values[0]);
        }
    }

    /// <summary>Looks a key up.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">Its value, when present.</param>
    /// <returns>Whether the key is present.</returns>
    public bool TryGetValue(TKey key, out TValue value)
    {
        var node = root;
        while (node is Branch branch)
        {
            var child = ChildFor(branch.Keys, key);
            if (child < 0)
            {
                value = default!;
                return false;
            }

            node = branch.Children[child];
        }

        if (node is Leaf leaf)
        {
            var at = Array.BinarySearch(leaf.Keys, key, Comparer);
            if (at >= 0)
            {
                value = leaf.Values[at];
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>Whether a key is present.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The answer.</returns>
    public bool ContainsKey(TKey key) => TryGetValue(key, out _);

    /// <summary>The value of a key.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="KeyNotFoundException">The key is not present.</exception>
    public TValue this[TKey key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The key '{key}' is not present.");

    /// <summary>The map with a key set to a value (added, or replaced).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new map.</returns>
    public PersistentSortedMap<TKey, TValue> SetItem(TKey key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (root is null)
        {
            return new PersistentSortedMap<TKey, TValue>(new Leaf([key], [value]), 1, Comparer);
        }

        var (node, split, added) = Insert(root, key, value);
        var newRoot = split is null ? node : new Branch([MinKey(node), MinKey(split)], [node, split]);
        return new PersistentSortedMap<TKey, TValue>(newRoot, Count + (added ? 1 : 0), Comparer);
    }

    /// <summary>The map without a key (the same map when it is absent).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The new map.</returns>
    public PersistentSortedMap<TKey, TValue> Remove(TKey key)
    {
        if (root is null)
        {
            return this;
        }

        var (node, removed) = Delete(root, key);
        if (!removed)
        {
            return this;
        }

        while (node is Branch { Children.Length: 1 } single)
        {
            node = single.Children[0];
        }

        return new PersistentSortedMap<TKey, TValue>(node, Count - 1, Comparer);
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        if (root is null)
        {
            yield break;
        }

        var stack = new Stack<(Branch Branch, int Next)>();
        var node = root;
        while (true)
        {
            while (node is Branch branch)
            {
                stack.Push((branch, 1));
                node = branch.Children[0];
            }

            var leaf = (Leaf)node;
            for (var i = 0; i < leaf.Keys.Length; i++)
            {
                yield return new KeyValuePair<TKey, TValue>(leaf.Keys[i], leaf.Values[i]);
            }

            while (stack.Count > 0 && stack.Peek().Next >= stack.Peek().Branch.Children.Length)
            {
                stack.Pop();
            }

            if (stack.Count == 0)
            {
                yield break;
            }

            var (parent, next) = stack.Pop();
            stack.Push((parent, next + 1));
            node = parent.Children[next];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The index of the last child whose smallest key is at most the key; −1 when the key is below all.</summary>
    private int ChildFor(TKey[] keys, TKey key)
    {
        var at = Array.BinarySearch(keys, key, Comparer);
        return at >= 0 ? at : ~at - 1;
    }

    private static TKey MinKey(Node node) => node switch
    {
        Leaf leaf => leaf.Keys[0],
        Branch branch => branch.Keys[0],
        _ => throw new InvalidOperationException("Unknown node."),
    };

    private (Node Node, Node? Split, bool Added) Insert(Node node, TKey key, TValue value)
    {
        if (node is Leaf leaf)
        {
            var at = Array.BinarySearch(leaf.Keys, key, Comparer);
            if (at >= 0)
            {
                var values = (TValue[])leaf.Values.Clone();
                values[at] = value;
                return (new Leaf(leaf.Keys, values), null, false);
            }

            var keys = Inserted(leaf.Keys, ~at, key);
            var newValues = Inserted(leaf.Values, ~at, value);
            if (keys.Length <= MaxEntries)
            {
                return (new Leaf(keys, newValues), null, true);
            }

            var half = keys.Length / 2;
            return (new Leaf(keys[..half], newValues[..half]), new Leaf(keys[half..], newValues[half..]), true);
        }

        var branch = (Branch)node;
        var child = Math.Max(0, ChildFor(branch.Keys, key));
        var (updated, split, added) = Insert(branch.Children[child], key, value);
        var childKeys = (TKey[])branch.Keys.Clone();
        var children = (Node[])branch.Children.Clone();
        children[child] = updated;
        childKeys[child] = MinKey(updated);
        if (split is null)
        {
            return (new Branch(childKeys, children), null, added);
        }

        childKeys = Inserted(childKeys, child + 1, MinKey(split));
        children = Inserted(children, child + 1, split);
        if (children.Length <= MaxEntries)
        {
            return (new Branch(childKeys, children), null, added);
        }

        var middle = children.Length / 2;
        return (new Branch(childKeys[..middle], children[..middle]), new Branch(childKeys[middle..], children[middle..]), added);
    }

    private (Node? Node, bool Removed) Delete(Node node, TKey key)
    {
        if (node is Leaf leaf)
        {
            var at = Array.BinarySearch(leaf.Keys, key, Comparer);
            if (at < 0)
            {
                return (node, false);
            }

            return leaf.Keys.Length == 1 ? (null, true) : (new Leaf(Removed(leaf.Keys, at), Removed(leaf.Values, at)), true);
        }

        var branch = (Branch)node;
        var child = ChildFor(branch.Keys, key);
        if (child < 0)
        {
            return (node, false);
        }

        var (updated, removed) = Delete(branch.Children[child], key);
        if (!removed)
        {
            return (node, false);
        }

        if (updated is null)
        {
            return branch.Children.Length == 1 ? (null, true) : (new Branch(Removed(branch.Keys, child), Removed(branch.Children, child)), true);
        }

        var keys = (TKey[])branch.Keys.Clone();
        var children = (Node[])branch.Children.Clone();
        keys[child] = MinKey(updated);
        children[child] = updated;
        return (new Branch(keys, children), true);
    }

    private static TItem[] Inserted<TItem>(TItem[] items, int at, TItem item)
    {
        var result = new TItem[items.Length + 1];
        Array.Copy(items, 0, result, 0, at);
        result[at] = item;
        Array.Copy(items, at, result, at + 1, items.Length - at);
        return result;
    }

    private static TItem[] Removed<TItem>(TItem[] items, int at)
    {
        var result = new TItem[items.Length - 1];
        Array.Copy(items, 0, result, 0, at);
        Array.Copy(items, at + 1, result, at, items.Length - at - 1);
        return result;
    }

    private abstract class Node;

    private sealed class Leaf(TKey[] keys, TValue[] values) : Node
    {
        public TKey[] Keys { get; } = keys;

        public TValue[] Values { get; } = values;
    }

    private sealed class Branch(TKey[] keys, Node[] children) : Node
    {
        public TKey[] Keys { get; } = keys;

        public Node[] Children { get; } = children;
    }
}
