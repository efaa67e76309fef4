using System.Globalization;

namespace Harvard.Circulation;

/// <summary>
/// An amount of money in one ISO 4217 currency, held as a <see cref="decimal"/> (never a binary float).
/// </summary>
/// <remarks>
/// <para>Equality is by value: amount and currency. Arithmetic is defined only between amounts of the same
/// currency; mixing currencies throws <see cref="InvalidOperationException"/>. Overflow of the underlying
/// decimal throws <see cref="OverflowException"/> with a message naming the operation.</para>
/// <para>The default value is zero in an unspecified currency (<see cref="Currency"/> is empty); it adds to
/// any currency as zero.</para>
/// <para>This type is an immutable value and safe to share between threads.</para>
/// </remarks>
public readonly struct Money : IEquatable<Money>, IComparable<Money>
{
    /// <summary>The currency used when none is named: US dollars.</summary>
    public const string DefaultCurrency = "USD";

    private readonly string? currency;

    /// <summary>Creates an amount of money.</summary>
    /// <param name="amount">The amount; kept exactly as given.</param>
    /// <param name="currency">A three-letter upper-case ISO 4217 code, e.g. <c>USD</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="currency"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is not three upper-case letters.</exception>
    public Money(decimal amount, string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (!IsCurrencyCode(currency))
        {
            throw new ArgumentException($"'{currency}' is not a three-letter ISO 4217 currency code.", nameof(currency));
        }

        Amount = amount;
        this.currency = currency;
    }

    /// <summary>The amount.</summary>
    public decimal Amount { get; }

    /// <summary>The ISO 4217 currency code; empty for the default value.</summary>
    public string Currency => currency ?? string.Empty;

    /// <summary>Whether the amount is zero.</summary>
    public bool IsZero => Amount == 0m;

    /// <summary>Whether the amount is above zero.</summary>
    public bool IsPositive => Amount > 0m;

    /// <summary>Zero in the given currency.</summary>
    /// <param name="currency">A three-letter ISO 4217 code.</param>
    /// <returns>Zero.</returns>
    public static Money Zero(string currency) => new(0m, currency);

    /// <summary>Dollars: a shorthand for <c>new Money(amount, "USD")</c>.</summary>
    /// <param name="amount">The amount in US dollars.</param>
    /// <returns>The money.</returns>
    public static Money Usd(decimal amount) => new(amount, DefaultCurrency);

    /// <summary>Whether the text is a three-letter upper-case currency code.</summary>
    /// <param name="code">The text to test.</param>
    /// <returns><see langword="true"/> for codes such as <c>USD</c>.</returns>
    public static bool IsCurrencyCode(string? code) =>
        // Indexed, not LINQ: every Money construction checks its code, and fine accrual must not allocate.
        code is { Length: 3 } && code[0] is >= 'A' and <= 'Z' && code[1] is >= 'A' and <= 'Z' && code[2] is >= 'A' and <= 'Z';

    /// <summary>This amount rounded to the cent, half away from zero.</summary>
    /// <returns>The rounded amount, in the same currency.</returns>
    public Money RoundToCent() => WithAmount(decimal.Round(Amount, 2, MidpointRounding.AwayFromZero));

    /// <summary>The same currency with another amount.</summary>
    /// <param name="amount">The new amount.</param>
    /// <returns>The money.</returns>
    public Money WithAmount(decimal amount) => currency is null ? new Money(amount, DefaultCurrency) : new Money(amount, currency);

    /// <summary>The smaller of two amounts of the same currency.</summary>
    /// <param name="left">One amount.</param>
    /// <param name="right">The other amount.</param>
    /// <returns>The smaller.</returns>
    public static Money Min(Money left, Money right) => left.CompareTo(right) <= 0 ? left : right;

    /// <summary>The larger of two amounts of the same currency.</summary>
    /// <param name="left">One amount.</param>
    /// <param name="right">The other amount.</param>
    /// <returns>The larger.</returns>
    public static Money Max(Money left, Money right) => left.CompareTo(right) >= 0 ? left : right;

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The sum is outside the range of <see cref="decimal"/>.</exception>
    public static Money operator +(Money left, Money right)
    {
        var code = CommonCurrency(left, right, "add");
        try
        {
            return new Money(left.Amount + right.Amount, code);
        }
        catch (OverflowException ex)
        {
            throw new OverflowException($"Adding {left} and {right} overflows the range of a decimal amount.", ex);
        }
    }

    /// <summary>Subtracts an amount of the same currency.</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The difference is outside the range of <see cref="decimal"/>.</exception>
    public static Money operator -(Money left, Money right)
    {
        var code = CommonCurrency(left, right, "subtract");
        try
        {
            return new Money(left.Amount - right.Amount, code);
        }
        catch (OverflowException ex)
        {
            throw new OverflowException($"Subtracting {right} from {left} overflows the range of a decimal amount.", ex);
        }
    }

    /// <summary>Multiplies an amount by a whole count (e.g. a rate by a number of intervals).</summary>
    /// <param name="money">The amount.</param>
    /// <param name="factor">The count.</param>
    /// <returns>The product.</returns>
    /// <exception cref="OverflowException">The product is outside the range of <see cref="decimal"/>.</exception>
    public static Money operator *(Money money, long factor)
    {
        try
        {
            return money.WithAmount(money.Amount * factor);
        }
        catch (OverflowException ex)
        {
            throw new OverflowException($"Multiplying {money} by {factor} overflows the range of a decimal amount.", ex);
        }
    }

    /// <summary>Adds two amounts of the same currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    public static Money Add(Money left, Money right) => left + right;

    /// <summary>Subtracts an amount of the same currency.</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    public static Money Subtract(Money left, Money right) => left - right;

    /// <summary>Multiplies an amount by a whole count.</summary>
    /// <param name="money">The amount.</param>
    /// <param name="factor">The count.</param>
    /// <returns>The product.</returns>
    public static Money Multiply(Money money, long factor) => money * factor;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">One amount.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> is less.</returns>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">One amount.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> is greater.</returns>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">One amount.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> is less or equal.</returns>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two amounts of the same currency.</summary>
    /// <param name="left">One amount.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether <paramref name="left"/> is greater or equal.</returns>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>Value equality.</summary>
    /// <param name="left">One amount.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether amount and currency are equal.</returns>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    /// <param name="left">One amount.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether amount or currency differ.</returns>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The currencies differ.</exception>
    public int CompareTo(Money other)
    {
        CommonCurrency(this, other, "compare");
        return Amount.CompareTo(other.Amount);
    }

    /// <summary>Value equality: the same amount (as a number: 1.0 equals 1.00) and currency.</summary>
    /// <param name="other">The other amount.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(Money other) => Amount == other.Amount && Currency == other.Currency;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Amount, Currency);

    /// <summary>The amount with two decimals, invariant culture, e.g. <c>12.50</c> (no currency).</summary>
    /// <returns>The text.</returns>
    public string ToAmountString() =>
        decimal.Round(Amount, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The amount with two decimals and the currency, e.g. <c>12.50 USD</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => currency is null ? ToAmountString() : $"{ToAmountString()} {currency}";

    private static string CommonCurrency(Money left, Money right, string operation)
    {
        if (left.currency is null)
        {
            return right.currency ?? DefaultCurrency;
        }

        if (right.currency is null || left.currency == right.currency)
        {
            return left.currency;
        }

        throw new InvalidOperationException($"Cannot {operation} {left} and {right}: the currencies differ.");
    }
}
