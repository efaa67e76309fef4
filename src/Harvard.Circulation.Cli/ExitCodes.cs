namespace Harvard.Circulation.Cli;

/// <summary>The exit codes of <c>circ</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did its work: the replay ran (refused events included), the policy is valid (warnings included).</summary>
    public const int Ok = 0;

    /// <summary>Something went wrong inside the tool; stderr says <c>internal error: ...</c>.</summary>
    public const int InternalError = 1;

    /// <summary>The input was rejected: a missing or invalid file, an unknown code, bad arguments.</summary>
    public const int Rejected = 2;
}
