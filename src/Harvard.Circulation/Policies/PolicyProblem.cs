using Ardalis.GuardClauses;

namespace Harvard.Circulation.Policies;

/// <summary>One thing wrong with a policy, at a path such as <c>rules[3].termsOfUse</c>.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed record PolicyProblem
{
    /// <summary>Creates a problem.</summary>
    /// <param name="path">Where, in the policy format's field names with zero-based indexes.</param>
    /// <param name="message">What is wrong.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="message"/> is null.</exception>
    public PolicyProblem(string path, string message)
    {
        Path = Guard.Against.Null(path);
        Message = Guard.Against.Null(message);
    }

    /// <summary>Where, in the policy format's field names with zero-based indexes.</summary>
    public string Path { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }

    /// <summary>Deconstructs into path and message.</summary>
    /// <param name="path">The path.</param>
    /// <param name="message">The message.</param>
    public void Deconstruct(out string path, out string message)
    {
        path = Path;
        message = Message;
    }

    /// <summary>The problem as <c>path: message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Thrown when a policy is not valid; lists every problem found.</summary>
public sealed class InvalidPolicyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidPolicyException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public InvalidPolicyException(string message)
        : base(message) => Problems = [];

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidPolicyException(string message, Exception innerException)
        : base(message, innerException) => Problems = [];

    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">Every problem found.</param>
    public InvalidPolicyException(IReadOnlyList<PolicyProblem> problems)
        : base(problems.Count == 0 ? "The policy is not valid." : "The policy is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems))
        => Problems = problems;

    /// <summary>Every problem found, each as path and message.</summary>
    public IReadOnlyList<PolicyProblem> Problems { get; }
}
