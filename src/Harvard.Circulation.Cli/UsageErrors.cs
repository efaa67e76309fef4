using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using Harvard.Circulation.Formats.Text;

namespace Harvard.Circulation.Cli;

/// <summary>
/// The parse errors of a command line in words: an unknown option is named as such, with the closest option of
/// the command (<c>unknown option '--fromat' (did you mean '--format'?)</c>) and without a second error for the
/// value that followed it; a word that is not a command gets the closest command; a value an option does not accept
/// (one of a fixed set, such as <c>--format</c>) is named with the option and the values it accepts
/// (<c>--format: 'xml' is not one of text, json, svg, changes</c>); other errors are the parser's, each on one line.
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
                yield return NotAllowedValue(error) ?? OneLine(error.Message);
            }
        }
    }

    /// <summary>For a value an option with a fixed set of values (<c>AcceptOnlyFromAmong</c>, which also makes them its
    /// completions) does not accept: the option, the value and the values it accepts, on one line; otherwise null.</summary>
    private static string? NotAllowedValue(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o,
            ArgumentResult { Parent: OptionResult o } => o,
            _ => null,
        };
        if (option is null || option.Tokens.Count != 1)
        {
            return null;
        }

        // In the order the option gives them (GetCompletions would sort them).
        var allowed = option.Option.CompletionSources.SelectMany(source => source(CompletionContext.Empty)).Select(c => c.Label).Distinct(StringComparer.Ordinal).ToList();
        var given = option.Tokens[0].Value;
        if (allowed.Count == 0 || allowed.Contains(given, StringComparer.Ordinal))
        {
            return null;
        }

        return $"{option.Option.Name}: '{given}' is not one of {string.Join(", ", allowed)}" + Suggestions.DidYouMean(given, allowed);
    }

    /// <summary>A parser message on one line: problems are printed one a line.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

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
