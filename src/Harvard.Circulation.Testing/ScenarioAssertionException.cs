namespace Harvard.Circulation.Testing;

/// <summary>
/// Thrown by <see cref="ScenarioAssert"/> and <see cref="ScenarioOutcome"/> when a claim about a scenario is false.
/// Every test framework reports an unexpected exception as a failure with its message, so the assertions work
/// under xunit, NUnit and MSTest alike.
/// </summary>
/// <remarks>The message names the scenario (its file path, or <c>scenario JSON</c>), the report path
/// (<c>loans[0].status</c>) and the expected and actual values.</remarks>
public sealed class ScenarioAssertionException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public ScenarioAssertionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what was found.</param>
    public ScenarioAssertionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What was expected and what was found.</param>
    /// <param name="innerException">The cause.</param>
    public ScenarioAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
