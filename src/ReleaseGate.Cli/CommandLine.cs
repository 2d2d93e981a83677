using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using ReleaseGate.Cli.Output;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Cli;

/// <summary>Runs a command line, mapping usage errors to exit code 2 rather than the library's 1.</summary>
public static class CommandLine
{
    /// <summary>Parses and invokes <paramref name="args"/>.</summary>
    public static int Run(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var line in UsageErrors(parse))
            {
                Console.Error.WriteLine(line);
            }

            return ExitCodes.BadInput;
        }

        try
        {
            // eval run finishes cleanly on Ctrl-C/SIGTERM (writes what finished, marks the run incomplete); give it
            // time on a loaded machine rather than the library's 2 s before a forced exit.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Exit 1 means "blocked"; a crash must not be mistaken for a decision.
            Console.Error.WriteLine($"releasegate: internal error: {ex.GetType().Name}: {ex.Message}");
            Console.Error.WriteLine("Nothing was decided. Please report this with the command line and input files.");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>
    /// The lines that report a command line's errors. A misspelt command, a misspelt option or a value the option does not
    /// take is reported alone, on one line with the nearest names: the library's other errors then only follow from it
    /// (the option's value is "an unknown argument", the option it meant "is required"). Other errors are listed together.
    /// </summary>
    internal static IReadOnlyList<string> UsageErrors(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command;
        var path = string.Join(' ', CommandPath(command));
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            if (token.Length > 1 && token[0] == '-')
            {
                // One letter is too little to be near anything: '-x' is no misspelling of '-b'.
                var names = OptionsOf(command).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
                var nearest = token.Length > 2 ? NameSuggester.Nearest(token, names) : [];
                return [$"releasegate: {ErrorCodes.UnknownOption}: {Messages.UnknownOption(Terminal.Safe(token), path, nearest)}"];
            }

            if (command.Subcommands.Count > 0 && command.Arguments.Count == 0)
            {
                var verbs = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
                return [$"releasegate: {ErrorCodes.UnknownCommand}: {Messages.UnknownCommand(Terminal.Safe(token), path, NameSuggester.Nearest(token, verbs), verbs)}"];
            }
        }

        foreach (var error in parse.Errors)
        {
            if (ValueError(error) is { } line)
            {
                return [line];
            }
        }

        var lines = parse.Errors.Select(e => $"releasegate: {ErrorCodes.Usage}: {Terminal.Safe(e.Message)}").ToList();
        lines.Add($"Run '{path} --help' for usage.");
        return lines;
    }

    /// <summary>An option value that is not of the option's kind, said without the .NET type the library names.</summary>
    private static string? ValueError(ParseError error)
    {
        // Errors raised by this program's own value parsers (WordOption) carry their code already.
        if (error.Message.StartsWith(ErrorCodes.OptionValue + ":", StringComparison.Ordinal))
        {
            return $"releasegate: {error.Message}";
        }

        var option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        if (option is null)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        if (type.FullName is not { } typeName || !error.Message.Contains(typeName, StringComparison.Ordinal))
        {
            return null;
        }

        var given = error.SymbolResult!.Tokens.Count > 0 ? error.SymbolResult.Tokens[^1].Value : "";
        var kind = type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(double) ? "a number"
            : type == typeof(TimeSpan) ? "a duration written hh:mm:ss (00:10:00 is ten minutes)"
            : type == typeof(bool) ? "true or false"
            : "another value (see --help)";
        return $"releasegate: {ErrorCodes.OptionValue}: {Messages.OptionValue(option.Name, Terminal.Safe(given), kind)}";
    }

    /// <summary>The options a command accepts: its own and the recursive ones of its ancestors (--help).</summary>
    private static IEnumerable<Option> OptionsOf(Command command)
    {
        foreach (var option in command.Options)
        {
            yield return option;
        }

        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var option in parent.Options.Where(o => o.Recursive))
            {
                yield return option;
            }
        }
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new List<string>();
        for (var c = (Symbol?)command; c is Command cmd; c = cmd.Parents.FirstOrDefault())
        {
            names.Insert(0, cmd is RootCommand ? "releasegate" : cmd.Name);
        }

        return names;
    }
}
