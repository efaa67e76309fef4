using Ardalis.GuardClauses;

namespace Harvard.Circulation;

/// <summary>
/// Why the rules refuse something: a stable code (see <see cref="RefusalCodes"/>) and a message for people.
/// </summary>
/// <remarks>Messages never contain a patron's name. Immutable; value equality.</remarks>
public sealed record Refusal
{
    /// <summary>Creates a refusal.</summary>
    /// <param name="code">A stable, machine-readable code, e.g. <c>actionNotAllowed</c>.</param>
    /// <param name="message">A sentence for staff that says what is wrong.</param>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> or <paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="code"/> is empty or white space.</exception>
    public Refusal(string code, string message)
    {
        Code = Guard.Against.NullOrWhiteSpace(code);
        Message = Guard.Against.Null(message);
    }

    /// <summary>A stable, machine-readable code, e.g. <c>actionNotAllowed</c>.</summary>
    public string Code { get; }

    /// <summary>A sentence for staff that says what is wrong.</summary>
    public string Message { get; }

    /// <summary>Deconstructs into code and message.</summary>
    /// <param name="code">The code.</param>
    /// <param name="message">The message.</param>
    public void Deconstruct(out string code, out string message)
    {
        code = Code;
        message = Message;
    }

    /// <summary>The message.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Message;
}

/// <summary>The stable codes of <see cref="Refusal"/>.</summary>
public static class RefusalCodes
{
    /// <summary>The loan's state does not offer the action.</summary>
    public const string ActionNotAllowed = "actionNotAllowed";

    /// <summary>The item has no open loan to act on.</summary>
    public const string NoOpenLoan = "noOpenLoan";

    /// <summary>The item is already on loan.</summary>
    public const string ItemOnLoan = "itemOnLoan";

    /// <summary>No rule of the policy matches the check-out.</summary>
    public const string NoRuleMatched = "noRuleMatched";

    /// <summary>The matching terms of use say the item may not be loaned.</summary>
    public const string NotLoanable = "notLoanable";

    /// <summary>The user group may not borrow.</summary>
    public const string MayNotBorrow = "mayNotBorrow";

    /// <summary>The patron holds the most loans the group allows.</summary>
    public const string MaxLoans = "maxLoans";

    /// <summary>The patron's active balance is above the group's limit.</summary>
    public const string MaxBalance = "maxBalance";

    /// <summary>The patron has the most lost items the group allows.</summary>
    public const string MaxLostItems = "maxLostItems";

    /// <summary>The patron has made the most claims of return the group allows.</summary>
    public const string MaxClaimedReturned = "maxClaimedReturned";

    /// <summary>The loan has used all its renewals.</summary>
    public const string NoRenewalsLeft = "noRenewalsLeft";

    /// <summary>The renewal would pass the longest total loan period.</summary>
    public const string MaxRenewalPeriod = "maxRenewalPeriod";

    /// <summary>Another patron has a request on the item.</summary>
    public const string RequestedByAnotherPatron = "requestedByAnotherPatron";

    /// <summary>The item is on the hold shelf for another patron.</summary>
    public const string OnHoldShelfForAnotherPatron = "onHoldShelfForAnotherPatron";

    /// <summary>A request is not in a state that allows the action, or duplicates one.</summary>
    public const string RequestNotAllowed = "requestNotAllowed";

    /// <summary>A fine/fee transaction is not allowed.</summary>
    public const string TransactionNotAllowed = "transactionNotAllowed";

    /// <summary>The patron services session is closed.</summary>
    public const string SessionClosed = "sessionClosed";

    /// <summary>The session belongs to another patron.</summary>
    public const string SessionPatronMismatch = "sessionPatronMismatch";

    /// <summary>Searching patrons by name needs the name-search clearance.</summary>
    public const string NameSearchNotPermitted = "nameSearchNotPermitted";
}

/// <summary>
/// The answer to "may this be done?": when allowed, the resulting value; when refused, the unchanged input
/// and every reason. Business refusals are values, not exceptions; <see cref="ValueOrThrow"/> is there for
/// callers who want one.
/// </summary>
/// <typeparam name="T">The value decided on.</typeparam>
public readonly struct Decision<T> : IEquatable<Decision<T>>
{
    private Decision(bool allowed, T value, EquatableArray<Refusal> reasons)
    {
        IsAllowed = allowed;
        Value = value;
        Reasons = reasons;
    }

    /// <summary>Whether the action is allowed.</summary>
    public bool IsAllowed { get; }

    /// <summary>The result when allowed; the unchanged input when refused.</summary>
    public T Value { get; }

    /// <summary>Every reason for a refusal; empty when allowed.</summary>
    public EquatableArray<Refusal> Reasons { get; }

    /// <summary>An allowed decision.</summary>
    /// <param name="value">The result.</param>
    /// <returns>The decision.</returns>
    public static Decision<T> Allow(T value) => new(true, value, EquatableArray<Refusal>.Empty);

    /// <summary>A refused decision.</summary>
    /// <param name="unchanged">The input, unchanged.</param>
    /// <param name="reasons">At least one reason.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException">No reason is given.</exception>
    public static Decision<T> Refuse(T unchanged, params IEnumerable<Refusal> reasons)
    {
        var list = Guard.Against.Null(reasons).ToEquatableArray();
        if (list.Count == 0)
        {
            throw new ArgumentException("A refusal needs at least one reason.", nameof(reasons));
        }

        return new(false, unchanged, list);
    }

    /// <summary>The result, or a <see cref="RefusedException"/> carrying the reasons.</summary>
    /// <returns>The result.</returns>
    /// <exception cref="RefusedException">The decision is a refusal.</exception>
    public T ValueOrThrow() => IsAllowed ? Value : throw new RefusedException(Reasons);

    /// <summary>Equality of outcome, value and reasons.</summary>
    /// <param name="left">One decision.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Decision<T> left, Decision<T> right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">One decision.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Decision<T> left, Decision<T> right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(Decision<T> other) => IsAllowed == other.IsAllowed && EqualityComparer<T>.Default.Equals(Value, other.Value) && Reasons == other.Reasons;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Decision<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsAllowed, Value, Reasons);
}

/// <summary>Thrown by <see cref="Decision{T}.ValueOrThrow"/> when the rules refuse.</summary>
public sealed class RefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RefusedException()
        : this("The action was refused.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public RefusedException(string message)
        : base(message) => Reasons = EquatableArray<Refusal>.Empty;

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RefusedException(string message, Exception innerException)
        : base(message, innerException) => Reasons = EquatableArray<Refusal>.Empty;

    /// <summary>Creates the exception from the reasons.</summary>
    /// <param name="reasons">The reasons.</param>
    public RefusedException(EquatableArray<Refusal> reasons)
        : base(string.Join(" ", reasons.Select(r => r.Message))) => Reasons = reasons;

    /// <summary>The reasons.</summary>
    public EquatableArray<Refusal> Reasons { get; }
}
