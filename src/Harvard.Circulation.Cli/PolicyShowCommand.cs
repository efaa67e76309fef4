using Harvard.Circulation.Formats.Policies;

namespace Harvard.Circulation.Cli;

/// <summary><c>circ policy show [NAME]</c>: prints an embedded policy's JSON, ready to copy and edit.</summary>
internal static class PolicyShowCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string name, TextWriter stdout, TextWriter stderr)
    {
        if (!EmbeddedPolicies.TryGet(name, out _))
        {
            stderr.WriteLine($"{name}: not an embedded policy (the embedded policies: {EmbeddedPolicies.HarvardDefaultName})");
            return ExitCodes.Rejected;
        }

        var json = EmbeddedPolicies.HarvardDefaultJson;
        stdout.Write(json);
        if (!json.EndsWith('\n'))
        {
            stdout.WriteLine();
        }

        return ExitCodes.Ok;
    }
}
