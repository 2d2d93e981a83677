using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ReleaseGate.Core.Formats;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// Stores a gate with the files it names. A gate version holds the gate's YAML; a gate that includes policy files or
/// names suite files also needs those, so they are stored as attachments and an index (file name → digest) is stored
/// as one more attachment. The gate version's digest is then the index's digest — the <em>bundle digest</em> — so that
/// changing any file the gate uses makes a new gate version. A gate that names no other file keeps the digest of its
/// own text, the same digest <c>releasegate check</c> reports for it.
/// </summary>
internal static partial class GateBundleStore
{
    private const string IndexMediaType = "application/vnd.releasegate.gate-bundle+json";

    /// <summary>The digest a bundle is stored and decided under.</summary>
    public static string DigestOf(GateBundle bundle)
    {
        if (bundle.Files.Count == 1)
        {
            return GateParser.DigestOf(bundle.Files[bundle.GateFile]);
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Index(bundle)));
    }

    /// <summary>Writes the bundle's extra files and its index in <paramref name="tx"/>, and adds the gate version.</summary>
    public static async Task<GateVersionRecord> SaveAsync(IGateTransaction tx, string workflow, GateBundle bundle, string actor, CancellationToken cancellationToken)
    {
        var digest = DigestOf(bundle);
        if (bundle.Files.Count > 1)
        {
            foreach (var (name, text) in bundle.Files)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                await tx.PutAttachmentAsync(ReleaseDigest.Of(bytes), "text/plain; charset=utf-8", bytes, cancellationToken);
            }

            await tx.PutAttachmentAsync(digest, IndexMediaType, Index(bundle), cancellationToken);
        }

        return await tx.AddGateVersionAsync(workflow, digest, bundle.Files[bundle.GateFile], actor, cancellationToken);
    }

    /// <summary>Reads a stored gate version back into its bundle.</summary>
    public static async Task<GateBundle> LoadAsync(IGateReader reader, GateVersionRecord version, CancellationToken cancellationToken)
    {
        var index = await reader.GetAttachmentAsync(version.Digest, cancellationToken);
        if (index is null || index.MediaType != IndexMediaType)
        {
            return new GateBundle("gate.yaml", new Dictionary<string, string>(StringComparer.Ordinal) { ["gate.yaml"] = version.Yaml });
        }

        var parsed = JsonSerializer.Deserialize(index.Content.Span, IndexJson.Default.BundleIndex)
            ?? throw new InvalidDataException($"the gate bundle index {version.Digest} is empty");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, digest) in parsed.Files)
        {
            var file = await reader.GetAttachmentAsync(digest, cancellationToken)
                ?? throw new InvalidDataException($"the gate bundle {version.Digest} names {name} ({digest}), which is not stored");
            files[name] = Encoding.UTF8.GetString(file.Content.Span);
        }

        return new GateBundle(parsed.Gate, files);
    }

    private static byte[] Index(GateBundle bundle)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in bundle.Files)
        {
            files[name] = ReleaseDigest.Of(Encoding.UTF8.GetBytes(text));
        }

        return JsonSerializer.SerializeToUtf8Bytes(new BundleIndex(bundle.GateFile, files), IndexJson.Default.BundleIndex);
    }

    private sealed record BundleIndex(string Gate, IDictionary<string, string> Files);

    /// <summary>
    /// The index's JSON: the serializer's default options (PascalCase names), as it was first stored — the bundle digest
    /// is the hash of these bytes, so they must never change.
    /// </summary>
    [JsonSerializable(typeof(BundleIndex))]
    private sealed partial class IndexJson : JsonSerializerContext;
}
