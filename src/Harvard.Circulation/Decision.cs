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
/// The answer to "may this be done?": when allowed, the resulting <see cref="Value"/>; when refused, every reason
/// and the input as the refusal left it (<see cref="Unchanged"/>). Business refusals are values, not exceptions —
/// but reading the value of a refusal throws, so a refusal can never pass silently for a result.
/// </summary>
/// <remarks>
/// <para>Read <see cref="IsAllowed"/> first, or use <see cref="Result"/> to carry on from whichever state the
/// decision left (a replay does). The default value is neither allowed nor refused: reading it throws.</para>
/// <para>Immutable; equality by value.</para>
/// </remarks>
/// <typeparam name="T">The value decided on.</typeparam>
public readonly struct Decision<T> : IEquatable<Decision<T>>
{
    private readonly T state;
    private readonly EquatableArray<Refusal> reasons;
    private readonly bool made;

    private Decision(bool allowed, T state, EquatableArray<Refusal> reasons)
    {
        IsAllowedValue = allowed;
        this.state = state;
        this.reasons = reasons;
        made = true;
    }

    /// <summary>Whether the action is allowed.</summary>
    /// <exception cref="InvalidOperationException">The decision is the default value, never made.</exception>
    public bool IsAllowed => Made().IsAllowedValue;

    /// <summary>Whether the action is refused (<see cref="Reasons"/> says why).</summary>
    /// <exception cref="InvalidOperationException">The decision is the default value, never made.</exception>
    public bool IsRefused => !IsAllowed;

    /// <summary>The result of an allowed action.</summary>
    /// <exception cref="RefusedException">The action was refused: the exception carries the reasons (read
    /// <see cref="Unchanged"/> for the state the refusal left).</exception>
    /// <exception cref="InvalidOperationException">The decision is the default value, never made.</exception>
    public T Value => IsAllowed ? state : throw new RefusedException(reasons);

    /// <summary>The input as a refusal left it, the action not applied (for a desk: advanced to the action's
    /// instant, with what happened by itself until then).</summary>
    /// <exception cref="InvalidOperationException">The action was allowed (read <see cref="Value"/>), or the
    /// decision is the default value.</exception>
    public T Unchanged => !IsAllowed ? state : throw new InvalidOperationException("The action was allowed: its result is Value; there is no unchanged input to read.");

    /// <summary>The state to carry on from either way: <see cref="Value"/> when allowed, <see cref="Unchanged"/>
    /// when refused.</summary>
    /// <exception cref="InvalidOperationException">The decision is the default value, never made.</exception>
    public T Result => Made().state;

    /// <summary>Every reason for a refusal; empty when allowed.</summary>
    /// <exception cref="InvalidOperationException">The decision is the default value, never made.</exception>
    public EquatableArray<Refusal> Reasons => Made().reasons;

    private bool IsAllowedValue { get; }

    /// <summary>An allowed decision.</summary>
    /// <param name="value">The result.</param>
    /// <returns>The decision.</returns>
    public static Decision<T> Allow(T value) => new(true, value, EquatableArray<Refusal>.Empty);

    /// <summary>A refused decision.</summary>
    /// <param name="unchanged">The input as the refusal leaves it.</param>
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

    /// <summary>Compares two decisions.</summary>
    /// <param name="left">A decision.</param>
    /// <param name="right">Another.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Decision<T> left, Decision<T> right) => left.Equals(right);

    /// <summary>Compares two decisions.</summary>
    /// <param name="left">A decision.</param>
    /// <param name="right">Another.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Decision<T> left, Decision<T> right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(Decision<T> other) =>
        made == other.made && IsAllowedValue == other.IsAllowedValue && EqualityComparer<T>.Default.Equals(state, other.state) && reasons == other.reasons;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Decision<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(made, IsAllowedValue, state, reasons);

    /// <inheritdoc/>
    public override string ToString() => !made ? "(no decision)" : IsAllowedValue ? $"allowed: {state}" : $"refused: {string.Join(" ", reasons.Select(r => r.Message))}";

    private Decision<T> Made() => made ? this : throw new InvalidOperationException("This Decision is the default value: it was never made, so it is neither allowed nor refused.");
}

/// <summary>Thrown by <see cref="Decision{T}.Value"/> when the rules refused the action: the reasons, each with its code and message.</summary>
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
