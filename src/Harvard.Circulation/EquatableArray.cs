using System.Collections;
using System.Collections.Immutable;

namespace Harvard.Circulation;

/// <summary>
/// An immutable array that compares by its elements, so that records holding lists keep value equality.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>The default value is the empty array. Immutable and safe to share between threads.</remarks>
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly ImmutableArray<T> items;

    /// <summary>Wraps an immutable array.</summary>
    /// <param name="items">The elements; a default array is taken as empty.</param>
    public EquatableArray(ImmutableArray<T> items) => this.items = items.IsDefault ? ImmutableArray<T>.Empty : items;

    /// <summary>The empty array.</summary>
    public static EquatableArray<T> Empty => new(ImmutableArray<T>.Empty);

    /// <summary>The elements as an immutable array.</summary>
    public ImmutableArray<T> AsImmutableArray() => items.IsDefault ? ImmutableArray<T>.Empty : items;

    /// <summary>The number of elements.</summary>
    public int Count => items.IsDefault ? 0 : items.Length;

    /// <summary>The element at an index.</summary>
    /// <param name="index">A zero-based index.</param>
    public T this[int index] => AsImmutableArray()[index];

    /// <summary>Element-wise equality.</summary>
    /// <param name="left">One array.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they hold equal elements in the same order.</returns>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Element-wise inequality.</summary>
    /// <param name="left">One array.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(EquatableArray<T> other) => AsImmutableArray().AsSpan().SequenceEqual(other.AsImmutableArray().AsSpan(), EqualityComparer<T>.Default);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var item in AsImmutableArray())
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>An enumerator that does not allocate.</summary>
    /// <returns>The enumerator.</returns>
    public ImmutableArray<T>.Enumerator GetEnumerator() => AsImmutableArray().GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)AsImmutableArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)AsImmutableArray()).GetEnumerator();
}

/// <summary>Creates <see cref="EquatableArray{T}"/> values.</summary>
public static class EquatableArray
{
    /// <summary>An equatable array of the given elements.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements.</param>
    /// <returns>The array.</returns>
    public static EquatableArray<T> Create<T>(params ReadOnlySpan<T> items) => new(ImmutableArray.Create(items));

    /// <summary>An equatable array of a sequence's elements.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements.</param>
    /// <returns>The array.</returns>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new(items.ToImmutableArray());
}
