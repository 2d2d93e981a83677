using System.Text.RegularExpressions;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Runner.Scaffold;

/// <summary>
/// The files of a new workflow — gate, suite, targets, release, its prompt and the mock model's rules — each key
/// commented, ready to run against <c>releasegate mock-model</c> as they are.
/// </summary>
public static partial class WorkflowScaffold
{
    /// <summary>The mock model's port the scaffolded targets use unless told otherwise.</summary>
    public const int DefaultPort = 8089;

    // Template resource name → path in the new workflow.
    private static readonly (string Resource, string Path)[] Layout =
    [
        ("gate.yaml", "gate.yaml"),
        ("core.yaml", "suites/core.yaml"),
        ("targets.yaml", "targets.yaml"),
        ("release.yaml", "release.yaml"),
        ("system.md", "prompts/system.md"),
        ("mock-rules.yaml", "mock-rules.yaml"),
    ];

    /// <summary>Whether <paramref name="name"/> can name a workflow: it becomes part of check ids.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>The files for <paramref name="workflow"/>, with the targets pointing at the mock model on <paramref name="port"/>.</summary>
    /// <exception cref="ArgumentException">The name is not valid, or the port is not 1–65535.</exception>
    public static IReadOnlyList<ScaffoldFile> Files(string workflow, int port)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (!IsValidName(workflow))
        {
            throw new ArgumentException($"'{workflow}' is not a valid workflow name.", nameof(workflow));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return [.. Layout.Select(l => new ScaffoldFile(l.Path, Template(l.Resource)
            .Replace("{{workflow}}", workflow, StringComparison.Ordinal)
            .Replace("{{port}}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))];
    }

    /// <summary>
    /// Writes <paramref name="files"/> under <paramref name="directory"/>, all or nothing: when any of them exists, nothing is
    /// written and each existing one is an <c>RG1490</c> error; when writing fails half-way, the files written are removed.
    /// </summary>
    /// <param name="directory">The folder to scaffold into; created when missing.</param>
    /// <param name="files">What to write.</param>
    /// <param name="display">How to show a path in errors (the user's spelling of the folder joined with the file).</param>
    /// <returns>The paths written, or the errors.</returns>
    public static ParseResult<IReadOnlyList<string>> Write(string directory, IReadOnlyList<ScaffoldFile> files, Func<string, string> display)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(display);
        var paths = files.Select(f => (File: f, Full: Path.Combine(directory, f.Path.Replace('/', Path.DirectorySeparatorChar)))).ToList();
        var existing = paths.Where(p => File.Exists(p.Full) || Directory.Exists(p.Full))
            .Select(p => new GateError(ErrorCodes.InitFileExists, ScaffoldMessages.Exists, SourceLocation.OfFile(display(p.File.Path))))
            .ToList();
        if (existing.Count > 0)
        {
            return ParseResult<IReadOnlyList<string>>.Failed(existing);
        }

        var written = new List<string>();
        var created = new List<string>();
        var current = paths[0];
        try
        {
            foreach (var path in paths)
            {
                current = path;
                CreateDirectory(Path.GetDirectoryName(path.Full)!, created);

                // CreateNew: a file that appeared since the check above is never overwritten.
                using var stream = new FileStream(path.Full, FileMode.CreateNew, FileAccess.Write);
                written.Add(path.Full);
                using var writer = new StreamWriter(stream);
                writer.Write(path.File.Content);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // All or nothing: take back what was written before the failure.
            foreach (var path in written)
            {
                File.Delete(path);
            }

            foreach (var dir in Enumerable.Reverse(created))
            {
                Directory.Delete(dir);
            }

            var appeared = e is IOException && !written.Contains(current.Full) && File.Exists(current.Full);
            return ParseResult<IReadOnlyList<string>>.Failed([appeared
                ? new GateError(ErrorCodes.InitFileExists, ScaffoldMessages.Exists, SourceLocation.OfFile(display(current.File.Path)))
                : new GateError(ErrorCodes.OutputUnwritable, ScaffoldMessages.Unwritable(e.Message), SourceLocation.OfFile(display(current.File.Path)))]);
        }

        return ParseResult<IReadOnlyList<string>>.Ok(written);
    }

    /// <summary>Creates <paramref name="path"/> and its missing parents, noting each one created, outermost first.</summary>
    private static void CreateDirectory(string path, List<string> created)
    {
        var missing = new Stack<string>();
        for (var d = Path.GetFullPath(path); !Directory.Exists(d); d = Path.GetDirectoryName(d)!)
        {
            missing.Push(d);
        }

        foreach (var d in missing)
        {
            Directory.CreateDirectory(d);
            created.Add(d);
        }
    }

    private static string Template(string name)
    {
        using var stream = typeof(WorkflowScaffold).Assembly.GetManifestResourceStream("ReleaseGate.Runner.Scaffold." + name)
            ?? throw new InvalidOperationException($"The init template '{name}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // The same alphabet as the gate's names (RG1017).
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex NamePattern();
}
