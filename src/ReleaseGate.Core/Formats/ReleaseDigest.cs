using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Json;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Formats;

/// <summary>
/// A release's identity: SHA-256 over the RFC 8785 canonical JSON of its manifest, with every referenced file
/// replaced by the file's own digest, so that changing one byte of a prompt changes the release.
/// </summary>
public static class ReleaseDigest
{
    /// <summary>The canonical JSON the digest is taken over.</summary>
    /// <param name="manifest">The parsed manifest.</param>
    /// <param name="fileDigests">Digests (<c>sha256:hex</c>) of the referenced files that exist, by path as written.</param>
    /// <exception cref="ArgumentException">A prompt file has no digest: prompts are part of the release and must exist.</exception>
    public static string CanonicalForm(ReleaseManifest manifest, IReadOnlyDictionary<string, string> fileDigests)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(fileDigests);
        var components = new JsonObject();
        if (manifest.Model is not null)
        {
            components["model"] = manifest.Model;
        }

        if (manifest.Prompts.Count > 0)
        {
            components["prompts"] = manifest.PromptsAsList
                ? new JsonArray(manifest.Prompts.Select(p => (JsonNode?)JsonValue.Create(Require(fileDigests, p.Value))).ToArray())
                : new JsonObject(manifest.Prompts.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(Require(fileDigests, p.Value)))));
        }

        components["tools"] = new JsonArray(manifest.Tools.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        if (manifest.Config is not null)
        {
            components["config"] = manifest.Config.DeepClone();
        }

        // A missing attachment keeps the digest the manifest declares (or null): the evidence check reports it,
        // and the release keeps a stable identity meanwhile.
        var attachments = new JsonObject(manifest.Attachments.Select(a =>
            KeyValuePair.Create(a.Name, (JsonNode?)JsonValue.Create(fileDigests.GetValueOrDefault(a.File) ?? a.Digest))));
        var root = new JsonObject
        {
            ["apiVersion"] = DocumentHeader.ApiVersion,
            ["kind"] = "Release",
            ["workflow"] = manifest.Workflow,
            ["version"] = manifest.Version,
            ["components"] = components,
            ["attachments"] = attachments,
        };
        return CanonicalJson.Serialize(root);
    }

    /// <summary>The release digest, <c>sha256:hex</c>.</summary>
    /// <inheritdoc cref="CanonicalForm" path="/param"/>
    /// <exception cref="ArgumentException">A prompt file has no digest.</exception>
    public static string Compute(ReleaseManifest manifest, IReadOnlyDictionary<string, string> fileDigests) =>
        Of(Encoding.UTF8.GetBytes(CanonicalForm(manifest, fileDigests)));

    /// <summary>The digest of some bytes, <c>sha256:hex</c>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Require(IReadOnlyDictionary<string, string> digests, string path) =>
        digests.TryGetValue(path, out var digest) ? digest : throw new ArgumentException($"No digest was given for prompt file '{path}'.", nameof(digests));
}
