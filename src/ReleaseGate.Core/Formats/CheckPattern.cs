namespace ReleaseGate.Core.Formats;

/// <summary>
/// Patterns over check ids, used by waivers: <c>*</c> matches any characters within one path segment,
/// <c>**</c> matches any characters across segments; everything else matches itself.
/// </summary>
public static class CheckPattern
{
    /// <summary>Whether <paramref name="checkId"/> matches <paramref name="pattern"/>.</summary>
    public static bool Matches(string pattern, string checkId)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(checkId);
        return Match(pattern.AsSpan(), checkId.AsSpan());
    }

    /// <summary>Returns why the pattern is malformed, or null when it is fine.</summary>
    public static string? Validate(string pattern)
    {
        if (pattern.Length == 0)
        {
            return "it is empty";
        }

        if (pattern.StartsWith('/') || pattern.EndsWith('/') || pattern.Contains("//", StringComparison.Ordinal))
        {
            return "check ids have no empty path segments";
        }

        return pattern.Contains("***", StringComparison.Ordinal) ? "use '*' within a segment or '**' across segments" : null;
    }

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        while (pattern.Length > 0)
        {
            if (pattern[0] == '*')
            {
                var crossesSegments = pattern.Length > 1 && pattern[1] == '*';
                var rest = pattern[(crossesSegments ? 2 : 1)..];
                for (var i = 0; i <= text.Length; i++)
                {
                    if (Match(rest, text[i..]))
                    {
                        return true;
                    }

                    if (i < text.Length && text[i] == '/' && !crossesSegments)
                    {
                        return false;
                    }
                }

                return false;
            }

            if (text.Length == 0 || text[0] != pattern[0])
            {
                return false;
            }

            pattern = pattern[1..];
            text = text[1..];
        }

        return text.Length == 0;
    }
}
