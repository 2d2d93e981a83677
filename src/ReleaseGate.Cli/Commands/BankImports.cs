using System.Text.Json.Nodes;
using ReleaseGate.Cli.Output;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Import;

namespace ReleaseGate.Cli.Commands;

/// <summary>Reads the bank candidates of <c>bank add --trace</c> and <c>--promptfoo</c>, printing the importers' warnings.</summary>
internal static class BankImports
{
    /// <summary>
    /// The traces of <paramref name="path"/> as bank cases, each with the assertions, severity and slices given on the command
    /// line: a trace records what happened, not what should have.
    /// </summary>
    public static IReadOnlyList<BankCandidate> Traces(
        string path, string? id, IReadOnlyList<string> assertions, string? severity, IReadOnlyList<string> slices, List<GateError> errors)
    {
        var at = SourceLocation.OfFile("--assert");
        var parsed = new List<SuiteAssertion>();
        foreach (var text in assertions)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var type = colon > 0 ? text[..colon].Trim() : text.Trim();
            if (colon <= 0 || !SuiteParser.AssertionTypes.Contains(type))
            {
                errors.Add(new GateError(ErrorCodes.Usage,
                    $"--assert '{DisplayText.Escape(text)}' is not written type:value with a known type ({string.Join(", ", SuiteParser.AssertionTypes)}), such as tool-not-called:issue_refund.", at));
                continue;
            }

            parsed.Add(new SuiteAssertion(type, JsonValue.Create(text[(colon + 1)..].TrimStart()), null, 1));
        }

        if (assertions.Count == 0)
        {
            errors.Add(new GateError(ErrorCodes.Usage, "a trace records what the model did, not what it should have done: say what must hold with --assert type:value (repeatable).", at));
        }

        var read = TraceImporter.Read(path, path, id);
        if (read.Value is not { } import)
        {
            errors.AddRange(read.Errors);
            return [];
        }

        Warn(import);
        var level = severity switch { "critical" => Severity.Critical, "medium" => Severity.Medium, "low" => Severity.Low, _ => Severity.High };
        return import.Candidates
            .Select(c => c with { Case = c.Case with { Assertions = parsed, Severity = level, Slices = slices.Count > 0 ? slices : c.Case.Slices } })
            .ToList();
    }

    /// <summary>The failed tests of a promptfoo results file as bank cases.</summary>
    public static IReadOnlyList<BankCandidate> PromptfooFailures(string path, List<GateError> errors)
    {
        var read = Runner.Import.PromptfooFailures.Read(path, path);
        if (read.Value is not { } import)
        {
            errors.AddRange(read.Errors);
            return [];
        }

        Warn(import);
        return import.Candidates;
    }

    private static void Warn(BankImport import)
    {
        foreach (var warning in import.Warnings.Concat(import.Candidates.SelectMany(c => c.Warnings)))
        {
            Console.Error.WriteLine($"warning: {Terminal.Safe(warning)}");
        }
    }
}
