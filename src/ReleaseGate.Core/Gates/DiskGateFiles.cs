using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Gates;

/// <summary>
/// A gate's files on disk. A path written in a file is relative to that file's folder (a rooted path is taken as it is);
/// errors name each file by the path it was opened with.
/// </summary>
/// <remarks>Core reads no other files: gates are the one document kind that names others, and the CLI and the server read them the same way.</remarks>
public sealed class DiskGateFiles : IGateFileSource
{
    /// <summary>The one instance: the source holds no state.</summary>
    public static DiskGateFiles Instance { get; } = new();

    private DiskGateFiles()
    {
    }

    /// <inheritdoc />
    public string Locate(string referrer, string reference)
    {
        ArgumentNullException.ThrowIfNull(referrer);
        ArgumentNullException.ThrowIfNull(reference);
        return Path.IsPathRooted(reference) ? reference : Path.Combine(Path.GetDirectoryName(referrer) ?? "", reference);
    }

    /// <inheritdoc />
    public Stream? Open(string location, SourceLocation? referencedFrom, ICollection<GateError> errors)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            return new FileStream(location, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(FileErrors.Unreadable(location, ex, referencedFrom));
            return null;
        }
    }
}
