using System.Buffers;
using System.Text;
using System.Text.Unicode;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Formats;

/// <summary>
/// Turns the bytes of an input file into text strictly: UTF-8 only (a leading byte-order mark is dropped), never
/// replacing bad bytes, and within <see cref="InputLimits.MaxYamlDocumentBytes"/>. Readers of files (the CLI, the runner,
/// the server) decode through here so that a file is read the same way everywhere.
/// </summary>
public static class InputText
{
    /// <summary>Decodes a YAML file's bytes; returns null and adds an error (RG1024 or RG1026, with its line and column) when they are too many or not UTF-8.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="file">The file name used in error locations.</param>
    /// <param name="errors">Receives the error.</param>
    public static string? Decode(ReadOnlySpan<byte> bytes, string file, ICollection<GateError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (bytes.Length > InputLimits.MaxYamlDocumentBytes)
        {
            errors.Add(TooLarge(file));
            return null;
        }

        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (FindInvalidUtf8(bytes) is { } at)
        {
            var (line, column) = Position(bytes, at);
            errors.Add(new GateError(ErrorCodes.InvalidUtf8, Messages.InvalidUtf8, new SourceLocation(file, line, column)));
            return null;
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Reads a YAML file's stream to its end and decodes it as <see cref="Decode"/> does; a stream longer than
    /// <see cref="InputLimits.MaxYamlDocumentBytes"/> is refused (RG1024) after reading one byte past the limit, never whole.
    /// </summary>
    /// <param name="stream">The file's content; the caller opens and disposes it and handles its IO errors.</param>
    /// <param name="file">The file name used in error locations.</param>
    /// <param name="errors">Receives the error.</param>
    public static string? Read(Stream stream, string file, ICollection<GateError> errors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(errors);
        const int max = InputLimits.MaxYamlDocumentBytes;
        if (stream.CanSeek && stream.Length - stream.Position > max)
        {
            errors.Add(TooLarge(file));
            return null;
        }

        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, max + 1L - memory.Length))) > 0)
        {
            memory.Write(buffer, 0, read);
            if (memory.Length > max)
            {
                errors.Add(TooLarge(file));
                return null;
            }
        }

        return Decode(memory.GetBuffer().AsSpan(0, (int)memory.Length), file, errors);
    }

    /// <summary>The error for a YAML file over <see cref="InputLimits.MaxYamlDocumentBytes"/>, for callers that know the size before reading.</summary>
    /// <param name="file">The file name used in the error's location.</param>
    public static GateError TooLarge(string file) =>
        new(ErrorCodes.DocumentTooLarge, Messages.DocumentTooLarge(InputLimits.MaxYamlDocumentBytes), SourceLocation.OfFile(file));

    /// <summary>The error for one JSONL line that is not UTF-8 (RG1026), at the column of its first bad byte; null when the line is valid.</summary>
    /// <param name="line">The line's bytes, without its line end.</param>
    /// <param name="file">The file name used in the error's location.</param>
    /// <param name="lineNumber">The line's 1-based number.</param>
    public static GateError? CheckLine(ReadOnlySpan<byte> line, string file, long lineNumber)
    {
        if (FindInvalidUtf8(line) is not { } at)
        {
            return null;
        }

        return new GateError(ErrorCodes.InvalidUtf8, Messages.InvalidUtf8, new SourceLocation(file, (int)Math.Min(lineNumber, int.MaxValue), Encoding.UTF8.GetCharCount(line[..at]) + 1));
    }

    /// <summary>The index of the first byte that does not start valid UTF-8, or null when all of it is valid.</summary>
    internal static int? FindInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return null;
        }

        var chars = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            var offset = 0;
            while (true)
            {
                var status = Utf8.ToUtf16(bytes[offset..], chars, out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
                offset += read;
                if (status != OperationStatus.DestinationTooSmall)
                {
                    return status == OperationStatus.Done ? null : offset;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The 1-based line and column (in characters, as YAML locations count them) of byte <paramref name="index"/>.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> bytes, int index)
    {
        var before = bytes[..index];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (line, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1);
    }
}
