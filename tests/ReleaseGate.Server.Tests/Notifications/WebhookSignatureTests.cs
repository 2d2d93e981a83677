using System.Text;
using ReleaseGate.Server.Notifications;

namespace ReleaseGate.Server.Tests.Notifications;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"specversion":"1.0","id":"x"}""");

    [Fact]
    public void A_signature_is_the_hex_HMAC_of_the_timestamp_and_the_body()
    {
        var header = WebhookSignature.Sign(Secret, Body, Now);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret),
            Encoding.UTF8.GetBytes($"{Now.ToUnixTimeSeconds()}.{Encoding.UTF8.GetString(Body)}")));
        Assert.Equal($"t={Now.ToUnixTimeSeconds()},v1={expected}", header);
        Assert.True(WebhookSignature.Verify(Secret, header, Body, Now.AddSeconds(30), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_tampered_body_another_secret_or_a_stale_timestamp_is_refused()
    {
        var header = WebhookSignature.Sign(Secret, Body, Now);
        var tampered = (byte[])Body.Clone();
        tampered[^2] = (byte)'y';
        Assert.False(WebhookSignature.Verify(Secret, header, tampered, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret + "x", header, Body, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, header, Body, Now.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(Secret, header, Body, Now.AddMinutes(-6), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=00")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1796558400")]
    [InlineData("garbage")]
    [InlineData("t=99999999999999999999,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_header_is_refused(string? header) =>
        Assert.False(WebhookSignature.Verify(Secret, header, Body, Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void Any_one_of_several_v1_values_may_match_as_when_a_secret_is_rotated()
    {
        var header = WebhookSignature.Sign(Secret, Body, Now);
        var t = header.Split(',')[0];
        var rotated = $"{t},v1={new string('0', 64)},{header.Split(',')[1]}";
        Assert.True(WebhookSignature.Verify(Secret, rotated, Body, Now, TimeSpan.FromMinutes(5)));
    }
}
