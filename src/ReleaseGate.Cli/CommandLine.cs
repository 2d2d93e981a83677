using System.CommandLine;
using System.CommandLine.Help;

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
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"releasegate: RG1301: {error.Message}");
            }

            Console.Error.WriteLine($"Run '{string.Join(' ', CommandPath(parse.CommandResult.Command))} --help' for usage.");
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
