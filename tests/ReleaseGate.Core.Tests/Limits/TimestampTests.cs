using System.Text.Json;
using ReleaseGate.Core.Json;
using Xunit;

namespace ReleaseGate.Core.Tests.Limits;

public class TimestampTests
{
    private sealed record Grant(DateTimeOffset Expires);

    private static readonly JsonSerializerOptions s_options = new() { PropertyNameCaseInsensitive = true, Converters = { new StrictTimestampJsonConverter() }, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    [Theory]
    [InlineData("2026-12-01T00:00:00Z", "2026-12-01T00:00:00+00:00")]
    [InlineData("2026-12-01T02:00:00+02:00", "2026-12-01T02:00:00+02:00")]
    [InlineData("2026-12-01 00:00:00.5z", "2026-12-01T00:00:00.5+00:00")]
    public void A_timestamp_with_a_zone_is_read(string text, string expected)
    {
        var grant = JsonSerializer.Deserialize<Grant>($"{{\"expires\":\"{text}\"}}", s_options)!;

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), grant.Expires);
        Assert.Equal(grant.Expires.Offset, DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset);
    }

    [Theory]
    [InlineData("\"2026-12-01T00:00:00\"")]
    [InlineData("\"2026-12-01\"")]
    [InlineData("\"2026-12-01T00:00:00+0200\"")]
    [InlineData("\"tomorrow\"")]
    [InlineData("1796083200")]
    public void A_timestamp_without_a_zone_is_refused(string json)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Grant>($"{{\"expires\":{json}}}", s_options));

        Assert.Contains("RFC 3339 timestamp with a zone", error.Message, StringComparison.Ordinal);
    }
}
