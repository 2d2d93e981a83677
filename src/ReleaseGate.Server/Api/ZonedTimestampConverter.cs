using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Reads an RFC 3339 timestamp that states its zone (<c>Z</c> or an offset such as <c>+02:00</c>). A timestamp without
/// one is refused rather than read in the server's local zone, which would make the same request mean different instants
/// on differently configured instances.
/// </summary>
public sealed class ZonedTimestampConverter : JsonConverter<DateTimeOffset?>
{
    /// <inheritdoc/>
    public override bool HandleNull => true;

    /// <inheritdoc/>
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("expires: give an RFC 3339 timestamp as a string, such as \"2026-12-01T00:00:00Z\".");
        var time = text.IndexOfAny(['T', 't', ' ']);
        var zone = time < 0 ? -1 : text.AsSpan(time).IndexOfAny(['Z', 'z', '+', '-']);
        if (zone < 0 || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new JsonException($"expires: '{Core.Diagnostics.DisplayText.Escape(text)}' is not an RFC 3339 timestamp with a zone; give 'Z' or an offset, such as 2026-12-01T00:00:00Z or 2026-12-01T09:00:00+02:00.");
        }

        return value;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteStringValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
