using System.Text;
using System.Text.Json;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Gates;
using ReleaseGate.Core.Model;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>Finds a stored release's case, with its output, to bank: what <c>bank add --from</c> and a reviewer's flag carry over.</summary>
public static class BankSources
{
    /// <summary>A release's case found for the bank, or why it was not.</summary>
    /// <param name="Case">The case as its suite defines it, ready for the bank.</param>
    /// <param name="Suite">The suite it was found in.</param>
    /// <param name="Output">The candidate's output on it (the first failing execution's, else the first's), with its tool calls.</param>
    /// <param name="Problem">Why it could not be found, and what to do, when it could not.</param>
    public sealed record Found(SuiteCase? Case, string? Suite, string? Output, string? Problem);

    /// <summary>
    /// Finds case <paramref name="caseId"/> of release <paramref name="version"/>: its definition in the suite files of the gate the
    /// release was submitted under, and the candidate's output in its evidence. When that suite's prompts are not the bank's (the
    /// prompts of the current gate's bank file), the case carries them as its own conversation, so that it replays the input it had.
    /// </summary>
    public static async Task<Found> FromReleaseAsync(
        IGateReader reader, ReleaseLifecycle lifecycle, string workflow, string version, string? suite, string caseId, LoadedGate current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(current);
        if (await reader.GetReleaseByVersionAsync(workflow, version, cancellationToken) is not { } release)
        {
            return new Found(null, null, null, $"workflow '{workflow}' has no release '{DisplayText.Escape(version)}'; 'releasegate status --workflow {workflow}' lists them.");
        }

        var gate = await lifecycle.GateAsync(reader, workflow, release.GateDigest, cancellationToken);
        var suites = gate.Suites.Values.Where(s => (suite is null || s.Name == suite) && s.Cases.Any(c => c.Id == caseId)).ToList();
        if (suites.Count == 0)
        {
            return new Found(null, null, null,
                $"no suite file of the gate release '{DisplayText.Escape(version)}' was submitted under defines case '{DisplayText.Escape(caseId)}'{(suite is null ? "" : $" in suite '{DisplayText.Escape(suite)}'")}, so its input is unknown; bank it from a file with 'releasegate bank add --file'.");
        }

        if (suites.Count > 1)
        {
            return new Found(null, null, null,
                $"suites {string.Join(", ", suites.Select(s => $"'{s.Name}'"))} all define case '{DisplayText.Escape(caseId)}'; say which with --suite.");
        }

        var source = suites[0];
        var found = source.Cases.First(c => c.Id == caseId);
        string? output = null;
        var failed = false;
        foreach (var run in await reader.ListEvidenceRunsAsync(release.Id, cancellationToken))
        {
            if (run.Source.StartsWith(ReleaseLifecycle.BaselineSource, StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var line in reader.ReadCaseLinesAsync(run.Id, source.Name, caseId, cancellationToken))
            {
                var lineFailed = line.Pass != true || line.Error is not null;
                if (line.Target != "baseline" && (output is null || (lineFailed && !failed)))
                {
                    output = OutputOf(line.Json);
                    failed = lineFailed;
                }
            }
        }

        if (output is null)
        {
            return new Found(null, null, null,
                $"release '{DisplayText.Escape(version)}' has no result for {source.Name}/{DisplayText.Escape(caseId)}; bank a case the release ran, or write it out with 'releasegate bank add --file'.");
        }

        var bankCase = found with { Bank = null, Location = default };
        var bankFile = current.Gate.Regressions is { } rules ? current.Suites.GetValueOrDefault(rules.Suite) : null;
        if (found.Messages is null && (bankFile?.SystemPrompt != source.SystemPrompt || bankFile?.UserPrompt != source.UserPrompt))
        {
            bankCase = bankCase with { Messages = source.PromptTurns() };
        }

        return new Found(bankCase, source.Name, output, null);
    }

    /// <summary>A result line's output and tool calls as one text (what went wrong, as it was produced).</summary>
    public static string OutputOf(string lineJson)
    {
        using var document = JsonDocument.Parse(lineJson);
        var root = document.RootElement;
        var text = new StringBuilder();
        if (root.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.String)
        {
            text.Append(output.GetString());
        }

        if (root.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                var name = call.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : "?";
                var arguments = call.TryGetProperty("arguments", out var a) ? (a.ValueKind == JsonValueKind.String ? a.GetString() : a.GetRawText()) : "";
                text.Append(text.Length == 0 ? "" : "\n").Append(name).Append('(').Append(arguments).Append(')');
            }
        }

        if (text.Length == 0 && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
        {
            text.Append("error: ").Append(error.GetString());
        }

        return text.ToString();
    }
}
