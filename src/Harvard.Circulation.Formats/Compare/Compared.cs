namespace Harvard.Circulation.Formats.Compare;

/// <summary>One figure under the old policy and under the new one.</summary>
/// <remarks>Immutable; equality by both values. The default value holds the defaults of <typeparamref name="T"/>.</remarks>
/// <typeparam name="T">The figure's type: a count, an amount.</typeparam>
public readonly struct Compared<T> : IEquatable<Compared<T>>
{
    /// <summary>Creates the pair.</summary>
    /// <param name="old">The figure under the old policy.</param>
    /// <param name="new">The figure under the new policy.</param>
    public Compared(T old, T @new)
    {
        Old = old;
        New = @new;
    }

    /// <summary>The figure under the old policy.</summary>
    public T Old { get; }

    /// <summary>The figure under the new policy.</summary>
    public T New { get; }

    /// <summary>Whether the two figures differ.</summary>
    public bool IsChanged => !EqualityComparer<T>.Default.Equals(Old, New);

    /// <summary>Compares two pairs.</summary>
    /// <param name="left">A pair.</param>
    /// <param name="right">Another.</param>
    /// <returns>Whether both figures are equal.</returns>
    public static bool operator ==(Compared<T> left, Compared<T> right) => left.Equals(right);

    /// <summary>Compares two pairs.</summary>
    /// <param name="left">A pair.</param>
    /// <param name="right">Another.</param>
    /// <returns>Whether a figure differs.</returns>
    public static bool operator !=(Compared<T> left, Compared<T> right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(Compared<T> other) =>
        EqualityComparer<T>.Default.Equals(Old, other.Old) && EqualityComparer<T>.Default.Equals(New, other.New);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Compared<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Old, New);

    /// <summary><c>old → new</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Old} → {New}";
}
