using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ReleaseGate.Server.Api;
using ReleaseGate.Cli.Output;

namespace ReleaseGate.Cli.Client;

/// <summary>
/// A small client for the server's API: sends a request with the bearer token and returns the JSON answer, or prints the
/// ProblemDetails (<c>releasegate: RGnnnn: detail</c>, then each listed error) and returns null.
/// </summary>
internal sealed class ServerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TextWriter _stderr;

    public ServerClient(ServerConnection connection, TextWriter stderr, TimeSpan? timeout = null)
    {
        _http = new HttpClient { BaseAddress = connection.Url, Timeout = timeout ?? TimeSpan.FromMinutes(10) };
        if (connection.Token is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _stderr = stderr;
    }

    public Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/')), cancellationToken);

    public Task<JsonNode?> DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, path.TrimStart('/')), cancellationToken);

    /// <summary>Posts <paramref name="body"/> as JSON written by its generated contract (<see cref="ApiJsonContext"/>).</summary>
    public Task<JsonNode?> PostJsonAsync<T>(string path, T body, JsonTypeInfo<T> type, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = Json(body, type) }, cancellationToken);

    public Task<JsonNode?> SendAsync(HttpMethod method, string path, HttpContent content, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(method, path.TrimStart('/')) { Content = content }, cancellationToken);

    private async Task<JsonNode?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _stderr.WriteLine($"releasegate: {ProblemCodes.Unreachable}: cannot reach the server at {_http.BaseAddress} ({Terminal.Safe(ex.Message)}). Check --server (or RELEASEGATE_SERVER) and that the server runs.");
                return null;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                JsonNode? body = null;
                try
                {
                    body = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    // Not JSON: reported below.
                }

                if (response.IsSuccessStatusCode && body is not null)
                {
                    return body;
                }

                WriteProblem(response.StatusCode, body, text);
                return null;
            }
        }
    }

    /// <summary>Streams the body of a GET into <paramref name="destination"/>; false (with the problem written to stderr) when the server refuses.</summary>
    public async Task<bool> DownloadAsync(string path, Stream destination, CancellationToken cancellationToken = default)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _stderr.WriteLine($"releasegate: {ProblemCodes.Unreachable}: cannot reach the server at {_http.BaseAddress} ({Terminal.Safe(ex.Message)}). Check --server (or RELEASEGATE_SERVER) and that the server runs.");
            return false;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                JsonNode? body = null;
                try
                {
                    body = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    // Not JSON: reported as such.
                }

                WriteProblem(response.StatusCode, body, text);
                return false;
            }

            await response.Content.CopyToAsync(destination, cancellationToken);
            return true;
        }
    }

    private void WriteProblem(HttpStatusCode status, JsonNode? body, string text)
    {
        if (body is JsonObject problem && problem["code"] is JsonValue code)
        {
            _stderr.WriteLine($"releasegate: {Terminal.Safe(code)}: {Terminal.Safe(problem["detail"] ?? problem["title"])}");
            if (problem["errors"] is JsonArray errors)
            {
                foreach (var error in errors)
                {
                    _stderr.WriteLine(Terminal.Lines(error));
                }
            }

            return;
        }

        var excerpt = text.Length > 200 ? text[..200] + "..." : text;
        _stderr.WriteLine($"releasegate: {ProblemCodes.Unreachable}: the server at {_http.BaseAddress} answered {(int)status} {status} without a ReleaseGate problem ({Terminal.Safe(excerpt.ReplaceLineEndings(" "))}); is --server the ReleaseGate server?");
    }

    private static StringContent Json<T>(T body, JsonTypeInfo<T> type) =>
        new(JsonSerializer.Serialize(body, type), Encoding.UTF8, "application/json");

    public void Dispose() => _http.Dispose();
}
