namespace ReleaseGate.Core.Gates;

/// <summary>
/// Names of uploaded files. A document names other files relative to itself (a gate its policy includes and suites, a
/// suite its case files, a manifest its prompts and attachments); an upload names each file by that same relative
/// path, joined to the referring document's folder and normalised with forward slashes.
/// </summary>
public static class BundlePaths
{
    /// <summary>Joins <paramref name="path"/> to the folder of <paramref name="containingFile"/> and removes <c>.</c> and inner <c>..</c> segments.</summary>
    public static string Relative(string containingFile, string path)
    {
        ArgumentNullException.ThrowIfNull(containingFile);
        ArgumentNullException.ThrowIfNull(path);
        var slash = containingFile.Replace('\\', '/').LastIndexOf('/');
        var folder = slash < 0 ? "" : containingFile[..(slash + 1)];
        return Normalize(path.StartsWith('/') ? path : folder + path);
    }

    /// <summary>Normalises a relative path: forward slashes, no empty or <c>.</c> segments, <c>a/../</c> collapsed (a leading <c>..</c> stays).</summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }
}
