namespace ReleaseGate.Core.Gates;

/// <summary>
/// A gate with the files it names (policy includes, suites and their case files), each by its <see cref="BundlePaths"/>
/// name: what <c>workflow register</c> uploads and what the server stores. <see cref="GateBundleLoader.Load(GateBundle)"/>
/// parses and validates it as <c>releasegate check</c> does the same files on disk.
/// </summary>
/// <param name="GateFile">The gate's file name.</param>
/// <param name="Files">Every file's text by name, the gate's included.</param>
public sealed record GateBundle(string GateFile, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>The digest of the gate and every file of the bundle (<see cref="GateDigest"/>).</summary>
    /// <exception cref="ArgumentException">The bundle does not hold its gate file.</exception>
    public string Digest => GateDigest.Of(GateFile, FileDigests());

    /// <summary>Each file's digest by name.</summary>
    public IReadOnlyDictionary<string, string> FileDigests() =>
        Files.ToDictionary(f => f.Key, f => GateDigest.OfText(f.Value), StringComparer.Ordinal);
}
