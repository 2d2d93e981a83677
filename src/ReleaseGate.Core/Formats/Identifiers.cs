using System.Text;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Formats;

/// <summary>
/// The one rule for identifiers that travel into check ids, storage keys, ledger entries and terminals: versions, names
/// (workflows, stages, suites, attachments, uploads) and the part names of uploaded files. They are printable text — no
/// control characters (NUL, BEL, escape sequences), format characters (bidirectional overrides, zero-width marks), line
/// separators, private-use or unassigned code points, or lone surrogates — and names hold no path separator.
/// </summary>
/// <remarks>Names that become part of check ids are narrower still (<see cref="ErrorCodes.InvalidName"/>).</remarks>
public static class Identifiers
{
    /// <summary>The longest version.</summary>
    public const int MaxVersionLength = 128;

    /// <summary>The longest name or path of an uploaded file.</summary>
    public const int MaxPathLength = 512;

    /// <summary>How many folders an uploaded file's path may climb above the document that names it (a manifest in <c>releases/</c> naming <c>../prompts/system.md</c>).</summary>
    public const int MaxClimb = 1;

    /// <summary>Checks printable text of at most <paramref name="maxLength"/> characters, with no leading or trailing space.</summary>
    /// <param name="value">The value.</param>
    /// <param name="what">What it is, for the message (<c>version</c>).</param>
    /// <param name="maxLength">The longest allowed.</param>
    /// <param name="location">Where it is.</param>
    /// <returns>The problem, or null when the value is clean.</returns>
    public static GateError? Text(string value, string what, int maxLength, SourceLocation location)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return new GateError(ErrorCodes.IdentifierShape, Messages.IdentifierEmpty(what), location);
        }

        if (DisplayText.IndexOfUnsafe(value) is var index and >= 0)
        {
            var code = Rune.DecodeFromUtf16(value.AsSpan(index), out var rune, out _) == System.Buffers.OperationStatus.Done ? rune.Value : value[index];
            return new GateError(ErrorCodes.UnsafeCharacter, Messages.UnsafeCharacter(what, value, index, code), location);
        }

        if (value.Length > maxLength)
        {
            return new GateError(ErrorCodes.IdentifierShape, Messages.IdentifierTooLong(what, value.Length, maxLength), location);
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return new GateError(ErrorCodes.IdentifierShape, Messages.IdentifierSpaces(what, value), location);
        }

        return null;
    }

    /// <summary>Checks a release version: printable text of at most <see cref="MaxVersionLength"/> characters without a path separator.</summary>
    /// <remarks>
    /// A version may not look like a digest (<c>sha256:…</c>): waivers name a release by its version or its digest, and a
    /// version spelled as another release's digest would claim that release's waivers.
    /// </remarks>
    public static GateError? Version(string value, SourceLocation location) =>
        Name(value, "version", MaxVersionLength, location)
        ?? (value.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase)
            ? new GateError(ErrorCodes.IdentifierShape, Messages.VersionLikeDigest(value), location)
            : null);

    /// <summary>Checks a name: printable text without a path separator, and not <c>.</c> or <c>..</c>.</summary>
    public static GateError? Name(string value, string what, int maxLength, SourceLocation location)
    {
        if (Text(value, what, maxLength, location) is { } problem)
        {
            return problem;
        }

        if (value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal))
        {
            return new GateError(ErrorCodes.UnsafePath, Messages.SeparatorIn(what, value), location);
        }

        return value is "." or ".." ? new GateError(ErrorCodes.UnsafePath, Messages.DotName(what, value), location) : null;
    }

    /// <summary>
    /// Checks the path an upload names a file by (a multipart part name): relative, folders separated by <c>/</c>, each
    /// segment a clean name, climbing at most <see cref="MaxClimb"/> folder above the naming document and never below its
    /// start again (<c>a/../b</c> is written <c>b</c>).
    /// </summary>
    public static GateError? UploadPath(string value, string what, SourceLocation location)
    {
        if (Text(value, what, MaxPathLength, location) is { } problem)
        {
            return problem;
        }

        string? reason = null;
        if (value.Contains('\\', StringComparison.Ordinal))
        {
            reason = "holds a backslash";
        }
        else if (value.StartsWith('/') || value.Contains(':', StringComparison.Ordinal))
        {
            reason = "is absolute";
        }
        else
        {
            var climbs = 0;
            var named = false;
            foreach (var segment in value.Split('/'))
            {
                if (segment is "" or ".")
                {
                    reason = "has an empty or '.' folder";
                    break;
                }

                if (segment == "..")
                {
                    if (named || ++climbs > MaxClimb)
                    {
                        reason = named ? "climbs back with '..' after a folder" : $"climbs more than {MaxClimb} folder with '..'";
                        break;
                    }

                    continue;
                }

                named = true;
            }

            if (reason is null && !named)
            {
                reason = "names no file";
            }
        }

        return reason is null ? null : new GateError(ErrorCodes.UnsafePath, Messages.UnsafePath(what, value, reason), location);
    }
}
