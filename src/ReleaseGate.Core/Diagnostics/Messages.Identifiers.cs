namespace ReleaseGate.Core.Diagnostics;

/// <summary>Messages of the identifier rules (<see cref="Formats.Identifiers"/>).</summary>
internal static partial class Messages
{
    public static string UnsafeCharacter(string what, string value, int index, int codePoint) =>
        $"{what} '{DisplayText.Escape(value)}' holds the unprintable character U+{codePoint:X4} at position {index + 1}; use printable text only (no control characters, escape sequences, bidirectional overrides or other invisible characters).";

    public static string SeparatorIn(string what, string value) =>
        $"{what} '{DisplayText.Escape(value)}' holds a path separator ('/' or '\\'); use a plain name without '/' or '\\'.";

    public static string DotName(string what, string value) =>
        $"{what} '{DisplayText.Escape(value)}' is not a name; '.' and '..' mean folders.";

    public static string UnsafePath(string what, string value, string reason) =>
        $"{what} '{DisplayText.Escape(value)}' {reason}; name the file by its path relative to the document that names it, with '/' between folders, climbing at most {Formats.Identifiers.MaxClimb} folder with '..'.";

    public static string IdentifierEmpty(string what) =>
        $"{what} is empty; give a value of printable text.";

    public static string IdentifierTooLong(string what, int length, int max) =>
        $"{what} is {length} characters long; at most {max} are allowed.";

    public static string IdentifierSpaces(string what, string value) =>
        $"{what} '{DisplayText.Escape(value)}' starts or ends with a space; remove it.";

    public static string VersionLikeDigest(string value) =>
        $"version '{DisplayText.Escape(value)}' starts with 'sha256:', which is how a release digest is written, and waivers name a release by its version or its digest; choose a version that does not look like a digest (such as 2026.11.0).";
}
