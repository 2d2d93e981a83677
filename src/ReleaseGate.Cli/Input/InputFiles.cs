using System.Security.Cryptography;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;

namespace ReleaseGate.Cli.Input;

/// <summary>Reads input files, turning IO failures into <see cref="GateError"/>s that name the file.</summary>
internal static class InputFiles
{
    /// <summary>
    /// Reads a YAML file as strict UTF-8 within <see cref="InputLimits.MaxYamlDocumentBytes"/>: a larger file is refused
    /// before it is read (RG1024), bad bytes are an error at their line and column (RG1026).
    /// </summary>
    public static string? ReadText(string path, List<GateError> errors)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return InputText.Read(stream, path, errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(Unreadable(path, ex));
            return null;
        }
    }

    /// <summary>Reads and parses a file; its read or parse errors join <paramref name="errors"/>.</summary>
    public static T? Parse<T>(string path, Func<string, string, ParseResult<T>> parse, List<GateError> errors)
        where T : class
    {
        var text = ReadText(path, errors);
        if (text is null)
        {
            return null;
        }

        var result = parse(text, path);
        errors.AddRange(result.Errors);
        return result.Value;
    }

    /// <summary>The first <see cref="MisplacedFile.HeadBytes"/> bytes of a file (fewer when it is shorter), or null when it cannot be read.</summary>
    public static byte[]? Head(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[MisplacedFile.HeadBytes];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return buffer[..read];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The digest of a file, or null when it does not exist.</summary>
    public static string? TryDigest(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The error for a file that could not be opened or read (RG1201), saying why.</summary>
    public static GateError Unreadable(string path, Exception ex) => FileErrors.Unreadable(path, ex);

    /// <summary>Resolves a path written inside <paramref name="containingFile"/> relative to that file's folder.</summary>
    public static string Relative(string containingFile, string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(containingFile) ?? "", path);
}
