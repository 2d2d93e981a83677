using System.CommandLine;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Runner.Import;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate import promptfoo|junit FILE</c>: turns another tool's results into results JSONL that <c>check</c> reads,
/// so that teams keep their eval tool and add the gate. Exits 0 when the file was imported, 2 on bad input.
/// </summary>
public static class ImportCommand
{
    /// <summary>Builds the <c>import</c> command with its <c>promptfoo</c> and <c>junit</c> verbs.</summary>
    public static Command Create()
    {
        var import = new Command("import", "Turn another tool's results into ReleaseGate results JSONL.");
        import.Subcommands.Add(Verb("promptfoo", "Import the JSON file that 'promptfoo eval -o results.json' writes.", junit: false));
        import.Subcommands.Add(Verb("junit", "Import a JUnit XML report (pytest --junitxml, Maven Surefire, CTest, node --test ...).", junit: true));
        return import;
    }

    private static Command Verb(string name, string description, bool junit)
    {
        var file = new Argument<string>("file") { Description = "The file to import." };
        var suite = new Option<string>("--suite") { Description = "The suite name every result gets, as the gate names it (default: the file's name without extension)." };
        var target = new Option<string>("--target") { Description = "Mark the results as the candidate's or the baseline's.", DefaultValueFactory = _ => "candidate" };
        target.AcceptOnlyFromAmong("candidate", "baseline");
        var output = new Option<string>("--output", "-o") { Description = "Write the results here (atomically) instead of to standard output." };
        var command = new Command(name, description) { file, suite, target, output };
        var provider = new Option<string>("--provider") { Description = "promptfoo: import the results of this provider (its id or label); needed when the file holds several." };
        var skipped = new Option<string>("--skipped") { Description = "junit: record skipped tests as errors (never a pass), or omit them.", DefaultValueFactory = _ => "error" };
        skipped.AcceptOnlyFromAmong("error", "omit");
        command.Options.Add(junit ? skipped : provider);
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(file);
            var options = new ImportOptions(parse.GetValue(suite) ?? Path.GetFileNameWithoutExtension(path), parse.GetValue(target)!)
            {
                Provider = junit ? null : parse.GetValue(provider),
                OmitSkipped = junit && parse.GetValue(skipped) == "omit",
            };
            return Run(junit ? JUnitImporter.Import : PromptfooImporter.Import, path, options, parse.GetValue(output), Console.Out, Console.Error);
        });
        return command;
    }

    internal static int Run(
        Func<string, string, ImportOptions, Stream, ParseResult<ImportSummary>> importer,
        string path,
        ImportOptions options,
        string? outputPath,
        TextWriter stdout,
        TextWriter stderr)
    {
        if (options.Suite.Length == 0)
        {
            stderr.WriteLine($"releasegate: {ErrorCodes.Usage}: --suite must not be empty; give the suite name the gate uses.");
            return ExitCodes.BadInput;
        }

        if (!File.Exists(path))
        {
            WriteErrors([new GateError(ErrorCodes.FileUnreadable, "the file does not exist; check the path.", SourceLocation.OfFile(path))], stderr);
            return ExitCodes.BadInput;
        }

        if (outputPath is null)
        {
            using var stdoutStream = Console.OpenStandardOutput();
            using var buffered = new BufferedStream(stdoutStream, 64 * 1024);
            var result = importer(path, path, options, buffered);
            return Report(result, path, "standard output", stderr, stderr);
        }

        var full = Path.GetFullPath(outputPath);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            ParseResult<ImportSummary> result;
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                result = importer(path, path, options, stream);
            }

            if (result.Success)
            {
                File.Move(temp, full, overwrite: true);
            }

            return Report(result, path, outputPath, stdout, stderr);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine(new GateError(ErrorCodes.OutputUnwritable, $"cannot write the results: {ex.Message}", SourceLocation.OfFile(outputPath)));
            return ExitCodes.BadInput;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static int Report(ParseResult<ImportSummary> result, string path, string destination, TextWriter summary, TextWriter stderr)
    {
        if (!result.Success)
        {
            WriteErrors(result.Errors, stderr);
            return ExitCodes.BadInput;
        }

        var s = result.Value;
        var omitted = s.Omitted > 0 ? $", {s.Omitted} skipped left out" : "";
        summary.WriteLine($"imported {s.Lines} results from {path} into {destination}: {s.Passed} passed, {s.Failed} failed, {s.Errored} errors{omitted}");
        return ExitCodes.Pass;
    }

    private static void WriteErrors(IReadOnlyList<GateError> errors, TextWriter stderr)
    {
        foreach (var error in errors.Order())
        {
            stderr.WriteLine(error.ToString());
        }

        stderr.WriteLine($"{errors.Count} {(errors.Count == 1 ? "error" : "errors")}; nothing was imported. Fix the input and run again.");
    }
}
