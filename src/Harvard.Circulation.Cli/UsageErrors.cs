using System.CommandLine;
using System.CommandLine.Parsing;
using Harvard.Circulation.Formats.Text;

namespace Harvard.Circulation.Cli;

/// <summary>
/// The parse errors of a command line in words: an unknown option is named as such, with the closest option of
/// the command (<c>unknown option '--fromat' (did you mean '--format'?)</c>) and without a second error for the
/// value that followed it; a word that is not a command gets the closest command; other errors are the parser's.
/// </summary>
internal static class UsageErrors
{
    private const string Unrecognized = "Unrecognized command or argument";

    /// <summary>The messages to print, in order, for a parse that has errors.</summary>
    public static IEnumerable<string> Describe(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var command = parsed.CommandResult.Command;
        var options = Options(parsed.CommandResult).ToList();
        var subcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var previousWasUnknownOption = false;
        var unknownCommand = false;
        foreach (var token in parsed.UnmatchedTokens)
        {
            if (token.StartsWith('-') && token.Length > 1)
            {
                var name = token.Split('=', ':')[0];
                yield return $"unknown option '{name}'" + Suggestions.DidYouMean(name, options);
                previousWasUnknownOption = !token.Contains('=', StringComparison.Ordinal) && !token.Contains(':', StringComparison.Ordinal);
                continue;
            }

            if (previousWasUnknownOption)
            {
                // Most likely the unknown option's value: one message for the mistake, not two.
                previousWasUnknownOption = false;
                continue;
            }

            if (subcommands.Count == 0)
            {
                yield return $"unexpected argument '{token}'";
            }
            else if (!unknownCommand)
            {
                // The words after an unknown command are its arguments: one message for the mistake.
                unknownCommand = true;
                yield return $"'{token}' is not a command of {CommandName(command)} ({string.Join(", ", subcommands)})" + Suggestions.DidYouMean(token, subcommands);
            }
        }

        foreach (var error in parsed.Errors)
        {
            if (!error.Message.StartsWith(Unrecognized, StringComparison.Ordinal) && !(unknownCommand && error.Message.StartsWith("Required command", StringComparison.Ordinal)))
            {
                yield return error.Message;
            }
        }
    }

    /// <summary>Every option name and alias a command accepts, its own and its ancestors' recursive ones.</summary>
    private static IEnumerable<string> Options(CommandResult result)
    {
        for (SymbolResult? s = result; s is not null; s = s.Parent)
        {
            if (s is not CommandResult c)
            {
                continue;
            }

            foreach (var option in c.Command.Options.Where(o => !o.Hidden && (ReferenceEquals(c, result) || o.Recursive)))
            {
                yield return option.Name;
                foreach (var alias in option.Aliases)
                {
                    yield return alias;
                }
            }
        }
    }

    private static string CommandName(Command command) => command is RootCommand ? "circ" : command.Name;
}
