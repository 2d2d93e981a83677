namespace ReleaseGate.Core.Diagnostics;

/// <summary>Messages of the identifier rules (<see cref="Formats.Identifiers"/>).</summary>
public static partial class Messages
{
    internal static string UnsafeCharacter(string what, string value, int index, int codePoint) =>
        $"{what} '{DisplayText.Escape(value)}' holds the unprintable character U+{codePoint:X4} at position {index + 1}; use printable text only (no control characters, escape sequences, bidirectional overrides or other invisible characters).";

    internal static string SeparatorIn(string what, string value) =>
        $"{what} '{DisplayText.Escape(value)}' holds a path separator ('/' or '\\'); use a plain name without '/' or '\\'.";

    internal static string DotName(string what, string value) =>
        $"{what} '{DisplayText.Escape(value)}' is not a name; '.' and '..' mean folders.";

    internal static string UnsafePath(string what, string value, string reason) =>
        $"{what} '{DisplayText.Escape(value)}' {reason}; name the file by its path relative to the document that names it, with '/' between folders, climbing at most {Formats.Identifiers.MaxClimb} folder with '..'.";

    internal static string IdentifierEmpty(string what) =>
        $"{what} is empty; give a value of printable text.";

    internal static string IdentifierTooLong(string what, int length, int max) =>
        $"{what} is {length} characters long; at most {max} are allowed.";

    internal static string IdentifierSpaces(string what, string value) =>
        $"{what} '{DisplayText.Escape(value)}' starts or ends with a space; remove it.";

    internal static string VersionLikeDigest(string value) =>
        $"version '{DisplayText.Escape(value)}' starts with 'sha256:', which is how a release digest is written, and waivers name a release by its version or its digest; choose a version that does not look like a digest (such as 2026.11.0).";
}
