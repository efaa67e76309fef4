namespace Harvard.Circulation.Policies;

/// <summary>One thing wrong with a policy, at a path such as <c>rules[3].termsOfUse</c>.</summary>
/// <param name="Path">Where, in the policy format's field names with zero-based indexes.</param>
/// <param name="Message">What is wrong.</param>
public sealed record PolicyProblem(string Path, string Message)
{
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
