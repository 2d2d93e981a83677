using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>A submitted release: its manifest and the digests of the files it references, by the path the manifest writes.</summary>
/// <param name="ManifestFile">The manifest's file name, for messages.</param>
/// <param name="ManifestText">The manifest.</param>
/// <param name="FileDigests">Digests of the uploaded files (prompts, attachments), by path as the manifest writes it.</param>
public sealed record ReleaseBundle(string ManifestFile, string ManifestText, IReadOnlyDictionary<string, string> FileDigests)
{
    /// <summary>Parses the manifest, checks it belongs to <paramref name="workflow"/>, and computes the release digest.</summary>
    /// <returns>The release, or null with every error. Missing attachments are not errors here: the gate's evidence checks fail on them.</returns>
    public (ReleaseEvidence? Release, IReadOnlyList<GateError> Errors) Load(string workflow)
    {
        var parsed = ReleaseParser.Parse(ManifestText, ManifestFile);
        if (parsed.Value is not { } manifest)
        {
            return (null, parsed.Errors);
        }

        var errors = new List<GateError>();
        if (manifest.Workflow != workflow)
        {
            errors.Add(new GateError(ErrorCodes.WorkflowMismatch, Messages.WorkflowMismatch(manifest.Workflow, workflow), manifest.Location));
        }

        // Digests are keyed by the path as written, which is what the release digest covers.
        var digests = manifest.ReferencedFiles()
            .Where(FileDigests.ContainsKey)
            .ToDictionary(f => f, f => FileDigests[f], StringComparer.Ordinal);
        foreach (var (_, prompt) in manifest.Prompts.Where(p => !digests.ContainsKey(p.Value)))
        {
            errors.Add(new GateError(ErrorCodes.FileUnreadable, Messages.MissingPrompt(prompt), manifest.Location));
        }

        return errors.Count > 0 ? (null, errors) : (new ReleaseEvidence(manifest, ReleaseDigest.Compute(manifest, digests), digests), errors);
    }
}
