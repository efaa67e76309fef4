using Harvard.Circulation.Formats.Json;
using Harvard.Circulation.Formats.Policies;
using Harvard.Circulation.Policies;

namespace Harvard.Circulation.Cli;

/// <summary>Loads the policy a command names: an embedded policy by name, else a policy file by path.</summary>
internal static class PolicyFiles
{
    /// <summary>
    /// Loads <paramref name="nameOrPath"/>: <c>harvard-default</c> is the embedded policy (a file of that name
    /// is reached as <c>./harvard-default</c>); anything else is read as a policy file. Problems are written to
    /// <paramref name="stderr"/> as <c>path: message</c>, one per line, then a summary line, and null returned; a
    /// scenario, report or state file is named as such instead (<see cref="FileKinds.GivenAsPolicy(FileKind, string)"/>).
    /// </summary>
    public static Policy? Load(string nameOrPath, TextWriter stderr)
    {
        if (EmbeddedPolicies.TryGet(nameOrPath, out var embedded))
        {
            return embedded;
        }

        var result = Read(nameOrPath, out var unreadable);
        if (unreadable is not null)
        {
            stderr.WriteLine($"{nameOrPath}: {unreadable}");
            return null;
        }

        if (!result!.IsValid)
        {
            if (FileKinds.GivenAsPolicy(FileKinds.Guess(nameOrPath), nameOrPath) is { } misplaced)
            {
                stderr.WriteLine(misplaced);
                return null;
            }

            FileProblems.Write(nameOrPath, "policy", result.Problems.Select(p => (p.Path, p.Message)), stderr);
            return null;
        }

        return result.Policy;
    }

    /// <summary>Reads a policy file's bytes; <paramref name="unreadable"/> says why when the file cannot be read.</summary>
    public static PolicyReadResult? Read(string path, out string? unreadable)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            unreadable = Unreadable(path, ex);
            return null;
        }

        unreadable = null;
        return PolicyReader.Read(bytes);
    }

    /// <summary>Why a file cannot be read, in the words the tool prints after the path.</summary>
    public static string Unreadable(string path, Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException when Directory.Exists(path) => "is a folder, not a file",
        _ => "cannot be read: " + ex.Message,
    };
}
