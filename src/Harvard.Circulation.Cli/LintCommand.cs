using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Cli;

/// <summary>
/// <c>circ lint FILE</c>: reads a policy file (or the embedded <c>harvard-default</c>); problems go to stderr as
/// <c>path: message</c> (exit 2); a valid policy's warnings go to stdout as <c>warning: path: message [code]</c>,
/// then a summary line (exit 0, warnings or not).
/// </summary>
internal static class LintCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string nameOrPath, TextWriter stdout, TextWriter stderr)
    {
        var policy = PolicyFiles.Load(nameOrPath, stderr);
        if (policy is null)
        {
            return ExitCodes.Rejected;
        }

        var warnings = PolicyLinter.Lint(policy);
        foreach (var warning in warnings)
        {
            stdout.WriteLine($"warning: {warning.Path}: {warning.Message} [{warning.Code}]");
        }

        stdout.WriteLine($"{nameOrPath}: valid policy{(policy.Name is null ? string.Empty : $" '{policy.Name}'")}, "
            + (warnings.Count == 1 ? "1 warning" : $"{warnings.Count} warnings"));
        return ExitCodes.Ok;
    }
}
