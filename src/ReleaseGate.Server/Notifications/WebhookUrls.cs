namespace ReleaseGate.Server.Notifications;

/// <summary>Which URLs a subscription may name.</summary>
public static class WebhookUrls
{
    /// <summary>The longest subscription URL.</summary>
    public const int MaxLength = 2048;

    /// <summary>
    /// Why <paramref name="url"/> cannot be a subscription's URL, or null when it can: it must be an absolute <c>http</c> or
    /// <c>https</c> URL without user information (credentials in a URL end up in logs; the signature authenticates instead).
    /// </summary>
    public static string? Problem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "is required: the absolute http or https URL events are POSTed to.";
        }

        if (url.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "must be an absolute http or https URL, such as https://ci.example.com/hooks/releasegate.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password; the receiver checks the ReleaseGate-Signature header instead.";
        }

        return null;
    }
}
