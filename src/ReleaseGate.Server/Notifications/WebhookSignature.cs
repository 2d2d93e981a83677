using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReleaseGate.Server.Notifications;

/// <summary>
/// Signs webhook bodies and checks signatures: header <see cref="Header"/> is <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, the hex
/// being HMAC-SHA256 with the subscription's secret over <c>"&lt;t&gt;.&lt;body&gt;"</c>. The timestamp is signed too, so a receiver
/// that refuses old timestamps refuses replayed requests.
/// </summary>
/// <threadsafety>Static and stateless: safe from any thread.</threadsafety>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string Header = "ReleaseGate-Signature";

    /// <summary>The header that carries the event's id, the key a receiver deduplicates by.</summary>
    public const string EventIdHeader = "ReleaseGate-Event-Id";

    /// <summary>The header that carries the event's type word (<see cref="WebhookEvents"/>).</summary>
    public const string EventTypeHeader = "ReleaseGate-Event-Type";

    /// <summary>How old a signature's timestamp may be, by default, before <see cref="Verify"/> refuses it.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The header value signing <paramref name="body"/> at <paramref name="time"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body, DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var t = time.ToUnixTimeSeconds();
        return $"t={t.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(secret, t, body))}";
    }

    /// <summary>
    /// Whether <paramref name="header"/> is a valid signature of <paramref name="body"/> with <paramref name="secret"/>, made no
    /// more than <paramref name="tolerance"/> from <paramref name="now"/> (either way). Any one of several <c>v1</c> values may
    /// match; the comparison takes the same time whatever the bytes.
    /// </summary>
    /// <param name="secret">The subscription's secret.</param>
    /// <param name="header">The <see cref="Header"/> value received; null or malformed is refused.</param>
    /// <param name="body">The request body exactly as received.</param>
    /// <param name="now">The receiver's time.</param>
    /// <param name="tolerance">How far the signed time may be from <paramref name="now"/>.</param>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (header is null)
        {
            return false;
        }

        long? t = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            var (key, value) = (part[..eq], part[(eq + 1)..]);
            if (key == "t" && t is null && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                t = seconds;
            }
            else if (key == "v1" && value.Length == 64 && value.All(char.IsAsciiHexDigit))
            {
                signatures.Add(Convert.FromHexString(value));
            }
        }

        if (t is not { } time || signatures.Count == 0 || time > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (now - DateTimeOffset.FromUnixTimeSeconds(time)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Mac(secret, time, body);
        var ok = false;
        foreach (var signature in signatures)
        {
            // Every candidate is compared, so the time taken says nothing about which one matched.
            ok |= CryptographicOperations.FixedTimeEquals(expected, signature);
        }

        return ok;
    }

    private static byte[] Mac(string secret, long t, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(t.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}
