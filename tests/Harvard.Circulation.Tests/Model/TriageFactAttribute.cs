namespace Harvard.Circulation.Tests.Model;

/// <summary>A triage tool of the model law, not a test: it runs only when its environment variable names a
/// case (<c>MODEL_CASE</c>) or a survey size (<c>MODEL_SURVEY_CASES</c>); see README.md.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TriageFactAttribute : FactAttribute
{
    public TriageFactAttribute(string environmentVariable)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(environmentVariable)))
        {
            Skip = $"a triage tool: set {environmentVariable} to run it";
        }
    }
}
