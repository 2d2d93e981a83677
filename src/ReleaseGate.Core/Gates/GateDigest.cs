using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReleaseGate.Core.Gates;

/// <summary>
/// The digest of a gate with the files it names (docs/formats.md, "Gate digest"). A gate that names no other file has
/// the digest of its own text. A gate that includes policy files or names suite files has the digest of its
/// <em>index</em>: a JSON object naming the gate file and the digest of each file, by <see cref="BundlePaths"/> name —
/// so that changing any file the gate uses changes the gate's digest, on the command line and on the server alike.
/// </summary>
public static partial class GateDigest
{
    /// <summary>The media type a stored index carries.</summary>
    public const string IndexMediaType = "application/vnd.releasegate.gate-bundle+json";

    /// <summary>The digest of a file's text: SHA-256 of its UTF-8 bytes, as <c>sha256:hex</c>.</summary>
    /// <param name="text">The file's text.</param>
    public static string OfText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return OfBytes(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The SHA-256 of <paramref name="bytes"/> as <c>sha256:hex</c>.</summary>
    /// <param name="bytes">The bytes.</param>
    public static string OfBytes(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The digest of a gate and its files.</summary>
    /// <param name="gateFile">The gate's name among <paramref name="files"/>.</param>
    /// <param name="files">Each file's digest by name, the gate's included.</param>
    /// <exception cref="ArgumentException"><paramref name="files"/> does not hold <paramref name="gateFile"/>.</exception>
    public static string Of(string gateFile, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(gateFile);
        ArgumentNullException.ThrowIfNull(files);
        if (!files.TryGetValue(gateFile, out var gate))
        {
            throw new ArgumentException($"the files do not hold the gate '{gateFile}'", nameof(files));
        }

        return files.Count == 1 ? gate : OfBytes(Index(gateFile, files));
    }

    /// <summary>
    /// The index's bytes: <c>{"Gate":…,"Files":{name:digest,…}}</c>, names in ordinal order, as the serializer writes it
    /// with its default options (non-ASCII and HTML-sensitive characters escaped as <c>\uXXXX</c>). These are the bytes
    /// the server has stored and hashed since gates with files were first registered: they must never change.
    /// </summary>
    /// <param name="gateFile">The gate's name among <paramref name="files"/>.</param>
    /// <param name="files">Each file's digest by name, the gate's included.</param>
    public static byte[] Index(string gateFile, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(gateFile);
        ArgumentNullException.ThrowIfNull(files);
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, digest) in files)
        {
            sorted[name] = digest;
        }

        return JsonSerializer.SerializeToUtf8Bytes(new BundleIndex(gateFile, sorted), IndexJson.Default.BundleIndex);
    }

    /// <summary>Reads an index written by <see cref="Index"/>.</summary>
    /// <param name="index">The index's bytes.</param>
    /// <returns>The gate's name and each file's digest by name.</returns>
    /// <exception cref="InvalidDataException">The bytes are not an index.</exception>
    public static (string GateFile, IReadOnlyDictionary<string, string> Files) ReadIndex(ReadOnlySpan<byte> index)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize(index, IndexJson.Default.BundleIndex);
            if (parsed?.Gate is null || parsed.Files is null)
            {
                throw new InvalidDataException("the gate bundle index has no gate or no files");
            }

            return (parsed.Gate, new Dictionary<string, string>(parsed.Files, StringComparer.Ordinal));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("the gate bundle index is not valid JSON: " + ex.Message, ex);
        }
    }

    private sealed record BundleIndex(string Gate, IDictionary<string, string> Files);

    /// <summary>The index's JSON: the serializer's default options (PascalCase names), as it was first stored.</summary>
    [JsonSerializable(typeof(BundleIndex))]
    private sealed partial class IndexJson : JsonSerializerContext;
}
