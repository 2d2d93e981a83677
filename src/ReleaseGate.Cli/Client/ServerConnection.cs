using System.CommandLine;

namespace ReleaseGate.Cli.Client;

/// <summary>Where the server is and which token to send: <c>--server</c> / <c>RELEASEGATE_SERVER</c>, <c>--token</c> / <c>RELEASEGATE_TOKEN</c>.</summary>
/// <param name="Url">The server's base URL, ending in a slash.</param>
/// <param name="Token">The API token, if any.</param>
internal sealed record ServerConnection(Uri Url, string? Token)
{
    public const string ServerVariable = "RELEASEGATE_SERVER";
    public const string TokenVariable = "RELEASEGATE_TOKEN";

    public static Option<string> ServerOption() => new("--server", "-s")
    {
        Description = $"The server's URL (default: ${ServerVariable}, else http://127.0.0.1:8080).",
    };

    public static Option<string> TokenOption() => new("--token", "-t")
    {
        Description = $"The API token (default: ${TokenVariable}).",
    };

    /// <summary>The connection from the flags, falling back to the environment; null (with a message) when the URL is invalid.</summary>
    public static ServerConnection? From(ParseResult parse, Option<string> server, Option<string> token, TextWriter stderr)
    {
        var url = parse.GetValue(server) ?? Environment.GetEnvironmentVariable(ServerVariable) ?? "http://127.0.0.1:8080";
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            stderr.WriteLine($"releasegate: RG1301: --server must be an http or https URL, such as http://127.0.0.1:8080; got '{url}'.");
            return null;
        }

        var value = parse.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable);
        return new ServerConnection(uri, string.IsNullOrWhiteSpace(value) ? null : value.Trim());
    }
}
