using System.Text;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Gates;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// Stores a gate with the files it names. A gate version holds the gate's YAML; a gate that includes policy files or
/// names suite files also needs those, so they are stored as attachments and the bundle's index (file name → digest,
/// <see cref="GateDigest.Index"/>) is stored as one more attachment, under the gate's digest. The gate version's
/// digest is the bundle's (<see cref="GateBundle.Digest"/>), the one <c>releasegate check</c> reports for the same files.
/// </summary>
internal static class GateBundleStore
{
    /// <summary>Writes the bundle's extra files and its index in <paramref name="tx"/>, and adds the gate version.</summary>
    public static async Task<GateVersionRecord> SaveAsync(IGateTransaction tx, string workflow, GateBundle bundle, string actor, CancellationToken cancellationToken)
    {
        var digest = bundle.Digest;
        if (bundle.Files.Count > 1)
        {
            foreach (var (_, text) in bundle.Files)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                await tx.PutAttachmentAsync(ReleaseDigest.Of(bytes), "text/plain; charset=utf-8", bytes, cancellationToken);
            }

            await tx.PutAttachmentAsync(digest, GateDigest.IndexMediaType, GateDigest.Index(bundle.GateFile, bundle.FileDigests()), cancellationToken);
        }

        return await tx.AddGateVersionAsync(workflow, digest, bundle.Files[bundle.GateFile], actor, cancellationToken);
    }

    /// <summary>
    /// Reads a stored gate version back into its bundle. The version keeps the digest it was stored under, whatever the
    /// files would hash to under a later scheme: decisions and votes name it.
    /// </summary>
    public static async Task<GateBundle> LoadAsync(IGateReader reader, GateVersionRecord version, CancellationToken cancellationToken)
    {
        var index = await reader.GetAttachmentAsync(version.Digest, cancellationToken);
        if (index is null || index.MediaType != GateDigest.IndexMediaType)
        {
            return new GateBundle("gate.yaml", new Dictionary<string, string>(StringComparer.Ordinal) { ["gate.yaml"] = version.Yaml });
        }

        var (gateFile, digests) = GateDigest.ReadIndex(index.Content.Span);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, digest) in digests)
        {
            var file = await reader.GetAttachmentAsync(digest, cancellationToken)
                ?? throw new InvalidDataException($"the gate bundle {version.Digest} names {name} ({digest}), which is not stored");
            files[name] = Encoding.UTF8.GetString(file.Content.Span);
        }

        return new GateBundle(gateFile, files);
    }
}
