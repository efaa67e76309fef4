namespace Harvard.Circulation.Desk;

/// <summary>One thing wrong with a snapshot: where, and what.</summary>
/// <param name="Path">Where, as the snapshot's fields name it (the state file's too), e.g. <c>loans[3].patronId</c>.</param>
/// <param name="Message">What is wrong, naming ids and figures (never a patron's name).</param>
public sealed record SnapshotProblem(string Path, string Message)
{
    /// <summary>The problem as <c>path: message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A snapshot that cannot be restored: it contradicts itself or the policy. Nothing was restored.</summary>
public sealed class InvalidSnapshotException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidSnapshotException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message and no problems listed.</summary>
    /// <param name="message">The message.</param>
    public InvalidSnapshotException(string message)
        : base(message) => Problems = [];

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidSnapshotException(string message, Exception innerException)
        : base(message, innerException) => Problems = [];

    /// <summary>Creates the exception for a list of problems.</summary>
    /// <param name="problems">The problems.</param>
    public InvalidSnapshotException(IReadOnlyList<SnapshotProblem> problems)
        : base(Describe(problems)) => Problems = problems;

    /// <summary>Every problem found, in the snapshot's order.</summary>
    public IReadOnlyList<SnapshotProblem> Problems { get; }

    private static string Describe(IReadOnlyList<SnapshotProblem> problems) => problems.Count switch
    {
        0 => "The snapshot cannot be restored.",
        1 => $"The snapshot cannot be restored: {problems[0]}",
        _ => $"The snapshot cannot be restored ({problems.Count} problems): {problems[0]}; ...",
    };
}
