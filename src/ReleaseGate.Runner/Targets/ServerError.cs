using System.Globalization;
using System.Text;
using System.Text.Json;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Runner.Targets;

/// <summary>
/// What a server said went wrong, for a result line's <c>error</c>: OpenAI's <c>{"error": {"message", "type", "code",
/// "param"}}</c>, the <c>{"message", "type", "code"}</c> or <c>{"detail"}</c> that other servers answer, else an excerpt of
/// the body. The server's text is untrusted: it is cut to <see cref="MaxLength"/> characters and every character that
/// could act on a terminal is escaped.
/// </summary>
internal static class ServerError
{
    /// <summary>The most characters of the server's text an error quotes.</summary>
    public const int MaxLength = 300;

    /// <summary>The server's account of the failure in <paramref name="body"/>.</summary>
    public static string Describe(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "(the body is empty)";
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
                {
                    return Describe(error);
                }

                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return Describe(root);
                }

                if (root.TryGetProperty("detail", out var detail) && detail.ValueKind != JsonValueKind.Null)
                {
                    return detail.ValueKind == JsonValueKind.String ? Excerpt(detail.GetString()!) : Excerpt(detail.GetRawText());
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page, a proxy's text): the body itself is the best account there is.
        }

        return Excerpt(Encoding.UTF8.GetString(body));
    }

    /// <summary>An error value: an object's <c>message</c> with its <c>type</c>, <c>code</c> and <c>param</c>, a string as it is.</summary>
    public static string Describe(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.String)
        {
            return Excerpt(error.GetString()!);
        }

        if (error.ValueKind != JsonValueKind.Object)
        {
            return Excerpt(error.GetRawText());
        }

        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } text
            ? Excerpt(text)
            : "(no message)";
        var details = new List<string>(3);
        foreach (var name in (ReadOnlySpan<string>)["type", "code", "param"])
        {
            if (error.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
                && (value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString()) is { Length: > 0 } shown)
            {
                details.Add($"{name} {Excerpt(shown)}");
            }
        }

        return details.Count == 0 ? message : $"{message} ({string.Join(", ", details)})";
    }

    /// <summary>At most <see cref="MaxLength"/> characters of <paramref name="text"/>, escaped for display, saying how much was left out.</summary>
    public static string Excerpt(string text)
    {
        text = text.Trim();
        if (text.Length <= MaxLength)
        {
            return DisplayText.Escape(text);
        }

        // Never cut a surrogate pair in half: the message must stay valid UTF-16.
        var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Create(CultureInfo.InvariantCulture, $"{DisplayText.Escape(text[..cut])}… ({text.Length - cut} more characters)");
    }
}
