using Harvard.Circulation.Formats.Scenarios;

namespace Harvard.Circulation.Testing;

/// <summary>
/// Replays a scenario for a test and gives a <see cref="ScenarioOutcome"/> to make claims about its report:
/// <code>
/// ScenarioAssert.Replay("scenarios/claimed-return.json")
///     .LoanStatus("L1", "returned")
///     .Balance("10000001", "0.00")
///     .NoRefusals();
/// </code>
/// </summary>
/// <remarks>A scenario that is not valid fails at once, listing every problem as <c>path: message</c>. Failures
/// throw <see cref="ScenarioAssertionException"/>. Thread-safe: nothing is shared between calls.</remarks>
public static class ScenarioAssert
{
    /// <summary>Reads and replays a scenario given as JSON text or as the path of a scenario file.</summary>
    /// <param name="scenarioJsonOrPath">Scenario JSON (text whose first non-blank character is <c>{</c>), or a file
    /// path; a policy path inside a file is relative to the file's folder, inside text to the current folder.</param>
    /// <returns>The outcome, to make claims about.</returns>
    /// <exception cref="ArgumentException"><paramref name="scenarioJsonOrPath"/> is null, empty or white space.</exception>
    /// <exception cref="ScenarioAssertionException">The file cannot be read or the scenario is not valid.</exception>
    public static ScenarioOutcome Replay(string scenarioJsonOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scenarioJsonOrPath);
        var isJson = scenarioJsonOrPath.TrimStart().StartsWith('{');
        var source = isJson ? "scenario JSON" : scenarioJsonOrPath;
        var read = isJson ? ScenarioReader.Read(scenarioJsonOrPath) : ScenarioReader.ReadFile(scenarioJsonOrPath);
        if (!read.IsValid)
        {
            throw new ScenarioAssertionException(
                $"Scenario '{source}' is not valid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", read.Problems));
        }

        return new ScenarioOutcome(source, ScenarioReplayer.Replay(read.Scenario!));
    }

    /// <summary>Replays a scenario already read, e.g. <see cref="ScenarioCase.Scenario"/>.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The outcome, to make claims about.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
    public static ScenarioOutcome Replay(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new ScenarioOutcome(scenario.Name ?? "scenario", ScenarioReplayer.Replay(scenario));
    }
}
