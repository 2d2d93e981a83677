using Microsoft.Extensions.Options;
using ReleaseGate.Server.Options;

namespace ReleaseGate.Server.Tests.Ui;

/// <summary>The OIDC sign-in settings are checked at start-up: a misconfigured server does not start.</summary>
public class OidcOptionsTests
{
    [Theory]
    [InlineData("client-without-issuer", "ClientId or ClientSecret is set but Oidc:Issuer is not")]
    [InlineData("no-openid", "Scopes is 'review approve'; it must include 'openid'")]
    [InlineData("redirect-under-api", "RedirectPath '/api/v1/callback' must be a path of its own")]
    [InlineData("redirect-elsewhere", "RedirectPath '//evil.example/cb' must be a path of its own")]
    [InlineData("keys-file-without-endpoints", "AuthorizationEndpoint is required for OIDC sign-in without Oidc:Authority")]
    [InlineData("plain-http-endpoint", "TokenEndpoint 'http://idp.example/token' must be an absolute https:// URL")]
    [InlineData("secret-without-client", "ClientSecret is set without Oidc:ClientId")]
    public void A_wrong_sign_in_setting_stops_the_start(string kind, string message)
    {
        var keys = Path.GetTempFileName();
        try
        {
            var failure = Assert.Throws<OptionsValidationException>(() => ServerApp.Build([], o =>
            {
                o.Database = Path.Combine(Path.GetTempPath(), "never-opened.db");
                var oidc = o.Oidc;
                oidc.Issuer = "https://idp.example";
                oidc.Audience = "releasegate";
                oidc.Authority = "https://idp.example";
                oidc.ClientId = "control-center";
                switch (kind)
                {
                    case "client-without-issuer": oidc.Issuer = null; break;
                    case "no-openid": oidc.Scopes = "review approve"; break;
                    case "redirect-under-api": oidc.RedirectPath = "/api/v1/callback"; break;
                    case "redirect-elsewhere": oidc.RedirectPath = "//evil.example/cb"; break;
                    case "keys-file-without-endpoints": oidc.Authority = null; oidc.SigningKeysFile = keys; break;
                    case "plain-http-endpoint": oidc.TokenEndpoint = "http://idp.example/token"; break;
                    case "secret-without-client": oidc.ClientId = null; oidc.ClientSecret = "s3cret-s3cret"; break;
                }
            }));
            Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(keys);
        }
    }

    [Fact]
    public void Sign_in_with_explicit_endpoints_and_a_keys_file_is_a_valid_setting()
    {
        var keys = Path.GetTempFileName();
        File.WriteAllText(keys, """{"keys":[]}""");
        try
        {
            var oidc = new OidcOptions
            {
                Issuer = "https://idp.example",
                Audience = "releasegate",
                SigningKeysFile = keys,
                ClientId = "control-center",
                AuthorizationEndpoint = "https://idp.example/authorize",
                TokenEndpoint = "http://127.0.0.1:9999/token",
            };
            var failures = new List<string>();
            OidcOptionsValidator.Validate(oidc, failures);
            Assert.Empty(failures);
            Assert.True(oidc.SignInEnabled);
            Assert.Equal("idp.example", oidc.DisplayName);
        }
        finally
        {
            File.Delete(keys);
        }
    }
}
