using System.CommandLine;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Runner.Scaffold;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate init [--workflow NAME] [--dir D] [--port P]</c>: scaffolds a new workflow — gate, suite, targets, release,
/// prompt and mock-model rules, every key commented — that runs against <c>releasegate mock-model</c> as it stands.
/// Never overwrites a file: when one exists, nothing is written. Exits 0 when written, 2 otherwise.
/// </summary>
public static class InitCommand
{
    /// <summary>Builds the <c>init</c> command.</summary>
    public static Command Create()
    {
        var workflow = new Option<string>("--workflow", "-w") { Description = "The workflow's name (default: the folder's name, if it is a valid name, else my-workflow)." };
        var dir = new Option<string>("--dir", "-d") { Description = "The folder to scaffold into; created when missing.", DefaultValueFactory = _ => "." };
        var port = new Option<int>("--port") { Description = "The port of the mock model the targets point at.", DefaultValueFactory = _ => WorkflowScaffold.DefaultPort };
        var command = new Command("init", "Scaffold a new workflow (gate, suite, targets, release) that runs against the mock model.") { workflow, dir, port };
        command.SetAction(parse => Run(parse.GetValue(workflow), parse.GetValue(dir)!, parse.GetValue(port), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string? workflow, string dir, int port, TextWriter stdout, TextWriter stderr)
    {
        var name = workflow ?? DefaultName(dir);
        if (!WorkflowScaffold.IsValidName(name))
        {
            stderr.WriteLine($"releasegate: {ErrorCodes.Usage}: --workflow '{name}' is not a valid name; use letters, digits, '.', '_' and '-', starting with a letter or digit (it becomes part of check ids).");
            return ExitCodes.BadInput;
        }

        if (port is < 1 or > 65535)
        {
            stderr.WriteLine($"releasegate: {ErrorCodes.Usage}: --port must be between 1 and 65535; got {port}.");
            return ExitCodes.BadInput;
        }

        var result = WorkflowScaffold.Write(dir, WorkflowScaffold.Files(name, port), path => Display(dir, path));
        if (!result.Success)
        {
            foreach (var error in result.Errors)
            {
                stderr.WriteLine(error.ToString());
            }

            stderr.WriteLine($"{result.Errors.Count} {(result.Errors.Count == 1 ? "error" : "errors")}; nothing was written.");
            return ExitCodes.BadInput;
        }

        stdout.WriteLine($"Scaffolded workflow '{name}' in {(dir == "." ? "the current folder" : dir)}:");
        foreach (var file in WorkflowScaffold.Files(name, port))
        {
            stdout.WriteLine($"  {Display(dir, file.Path)}");
        }

        var cd = dir == "." ? "" : $"cd {Quote(dir)}\n";
        stdout.WriteLine($"""

            Try it against the mock model (no API key needed):
            {cd}releasegate mock-model --port {port} --rules mock-rules.yaml &
            releasegate eval run --suite suites/core.yaml --targets targets.yaml --target candidate --baseline-target baseline --output results.jsonl
            releasegate check --gate gate.yaml --results results.jsonl --release release.yaml
            """);
        return ExitCodes.Pass;
    }

    private static string DefaultName(string dir)
    {
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)));
        return WorkflowScaffold.IsValidName(folder) ? folder : "my-workflow";
    }

    private static string Display(string dir, string path) => dir == "." ? path : Path.Combine(dir, path);

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"'{path}'" : path;
}
