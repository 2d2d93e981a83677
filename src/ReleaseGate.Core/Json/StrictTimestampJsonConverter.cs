using System.Text.Json;
using System.Text.Json.Serialization;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Json;

/// <summary>
/// Reads a JSON timestamp as the YAML formats read one: RFC 3339 with an explicit zone (<c>Z</c> or an offset). The
/// default reader takes <c>2026-12-01T00:00:00</c> as the machine's local time, so the same expiry would mean different
/// instants on different servers; this one refuses it. Writes the value as the default writer does. Put on a
/// <see cref="Nullable{T}"/> property, it reads the value when there is one (JSON null stays null), also in source-generated
/// contexts.
/// </summary>
public sealed class StrictTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    /// <exception cref="JsonException">The value is not a string holding an RFC 3339 timestamp with a zone.</exception>
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is not null && TimestampText.TryParse(text, out var value))
        {
            return value;
        }

        throw new JsonException(Messages.Timestamp("the timestamp", DisplayText.Escape(text ?? reader.TokenType.ToString())));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
