using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ReleaseGate.Core.Json;

namespace ReleaseGate.Storage;

/// <summary>
/// The ledger's hash chain (DESIGN §7). An entry's hash is SHA-256 over the UTF-8 bytes of its canonical encoding, the RFC 8785
/// form of <c>{"actor","payload","prev","seq","subject","time","type"}</c> where <c>payload</c> is the canonical payload JSON and
/// <c>time</c> is UTC with six fractional digits (<c>2026-11-26T09:30:00.000000Z</c>). Hashes are written <c>sha256:</c> + lower-case hex.
/// </summary>
/// <remarks>Anyone can recompute a hash from an exported entry: the encoding is plain JSON with sorted keys and no whitespace.</remarks>
public static class LedgerHash
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public const string Genesis = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The time format of the canonical encoding.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>The canonical encoding an entry's hash is computed over.</summary>
    public static string CanonicalEncoding(long seq, DateTimeOffset time, string actor, string type, string subject, string payloadJson, string prevHash)
    {
        var sb = new StringBuilder(128 + payloadJson.Length + actor.Length + subject.Length);
        sb.Append("{\"actor\":");
        CanonicalJson.AppendString(sb, actor);
        sb.Append(",\"payload\":").Append(payloadJson).Append(",\"prev\":");
        CanonicalJson.AppendString(sb, prevHash);
        sb.Append(",\"seq\":").Append(seq.ToString(CultureInfo.InvariantCulture)).Append(",\"subject\":");
        CanonicalJson.AppendString(sb, subject);
        sb.Append(",\"time\":\"").Append(FormatTime(time)).Append("\",\"type\":");
        CanonicalJson.AppendString(sb, type);
        return sb.Append('}').ToString();
    }

    /// <summary>The hash of an entry with these fields.</summary>
    public static string Compute(long seq, DateTimeOffset time, string actor, string type, string subject, string payloadJson, string prevHash)
    {
        var text = CanonicalEncoding(seq, time, actor, type, subject, payloadJson, prevHash);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var count = Encoding.UTF8.GetBytes(text, rented);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, count), hash);
            return "sha256:" + Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The hash <paramref name="entry"/> should have, from its content and <see cref="LedgerEntry.PrevHash"/>.</summary>
    public static string Compute(LedgerEntry entry) =>
        Compute(entry.Seq, entry.Time, entry.Actor, entry.Type, entry.Subject, entry.PayloadJson, entry.PrevHash);

    /// <summary>Formats a time as the canonical encoding writes it.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Drops sub-microsecond ticks so that a time survives both databases unchanged.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>A string as RFC 8785 writes it, quotes included.</summary>
    public static string EncodeString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        CanonicalJson.AppendString(sb, value);
        return sb.ToString();
    }
}
