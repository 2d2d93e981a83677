using System.Globalization;

namespace ReleaseGate.Core.Yaml;

/// <summary>RFC 3339 timestamps with an explicit zone (<c>Z</c> or an offset); a time without a zone is ambiguous and refused.</summary>
public static class TimestampText
{
    private static readonly string[] s_formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Parses an RFC 3339 timestamp; false when the text has no zone or is not a timestamp.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var trimmed = text.Trim();
        var hasZone = trimmed.EndsWith('Z') || trimmed.EndsWith('z')
            || (trimmed.Length > 6 && trimmed[^6] is '+' or '-' && trimmed[^3] == ':');
        return hasZone && DateTimeOffset.TryParseExact(trimmed.ToUpperInvariant(), s_formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>Writes a timestamp in UTC to the second, as <c>2026-12-01T00:00:00Z</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes a timestamp in UTC with as many fractional digits as it has (none for a whole second), as
    /// <c>2026-12-01T00:00:00.25Z</c>: what <see cref="TryParse"/> reads back to the same instant.
    /// </summary>
    public static string FormatExact(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
