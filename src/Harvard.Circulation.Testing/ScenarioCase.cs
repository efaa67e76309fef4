using Harvard.Circulation.Formats.Scenarios;

namespace Harvard.Circulation.Testing;

/// <summary>
/// A generated scenario: its scenario-file JSON (what <c>circ simulate</c> reads) and the <see cref="Formats.Scenarios.Scenario"/>
/// that <see cref="ScenarioReader"/> reads from it.
/// </summary>
/// <remarks>
/// Immutable. <see cref="ToString"/> gives the JSON, so a failing FsCheck property prints a file that can be saved
/// and replayed with the <c>circ</c> tool as it is.
/// </remarks>
public sealed record ScenarioCase
{
    private readonly Lazy<ScenarioReadResult> read;

    /// <summary>Wraps scenario JSON; it is read on first use of <see cref="Read"/> or <see cref="Scenario"/>.</summary>
    /// <param name="json">The scenario file's text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public ScenarioCase(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Json = json;
        read = new Lazy<ScenarioReadResult>(() => ScenarioReader.Read(json));
    }

    /// <summary>The scenario file's text: indented JSON, format 1.</summary>
    public string Json { get; }

    /// <summary>What <see cref="ScenarioReader.Read(string, string?, Policies.Policy?)"/> makes of <see cref="Json"/>:
    /// for a generated case, always valid.</summary>
    public ScenarioReadResult Read => read.Value;

    /// <summary>The scenario read from <see cref="Json"/>.</summary>
    /// <exception cref="InvalidOperationException">The JSON is not a valid scenario (the message lists the problems);
    /// never for a case from <see cref="CirculationGenerators"/>.</exception>
    public Scenario Scenario => Read.Scenario
        ?? throw new InvalidOperationException("The scenario is not valid: " + string.Join("; ", Read.Problems));

    /// <summary>Equality by JSON text.</summary>
    /// <param name="other">The other case.</param>
    /// <returns>Whether both have the same JSON.</returns>
    public bool Equals(ScenarioCase? other) => other is not null && string.Equals(Json, other.Json, StringComparison.Ordinal);

    /// <summary>A hash of the JSON text.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Json);

    /// <summary>The JSON text.</summary>
    /// <returns><see cref="Json"/>.</returns>
    public override string ToString() => Json;
}
