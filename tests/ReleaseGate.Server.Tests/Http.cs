using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ReleaseGate.Server.Tests;

/// <summary>Calls the tests make often, each asserting nothing but returning status and body.</summary>
internal static class Http
{
    public static async Task<(int Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try
        {
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            body = JsonValue.Create(text);
        }

        return ((int)response.StatusCode, body);
    }

    public static Task<(int Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.SendAsync(HttpMethod.Post, path, JsonContent.Create(body));

    public static Task<(int Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path) =>
        client.SendAsync(HttpMethod.Get, path);

    public static async Task<long> SubmitAsync(this HttpClient client, string manifest, string workflow = "demo")
    {
        var (status, body) = await client.SendAsync(HttpMethod.Post, $"api/v1/workflows/{workflow}/releases", new StringContent(manifest, Encoding.UTF8, "application/yaml"));
        Assert.True(status == 201, $"submit: {status} {body}");
        return body!["id"]!.GetValue<long>();
    }

    public static async Task<JsonNode> EvidenceAsync(this HttpClient client, long release, string lines, string target = "candidate")
    {
        var (status, body) = await client.SendAsync(HttpMethod.Post, $"api/v1/releases/{release}/evidence?target={target}", TestServer.Jsonl(lines));
        Assert.True(status is 201 or 200, $"evidence: {status} {body}");
        return body!;
    }

    public static string Verdict(JsonNode release) => release["decision"]!["verdict"]!.GetValue<string>();

    public static string Code(JsonNode? problem) => problem?["code"]?.GetValue<string>() ?? $"(no code in {problem})";

    public static async Task<string> VerdictAsync(this HttpClient client, long release)
    {
        var (_, body) = await client.GetJsonAsync($"api/v1/releases/{release}");
        return Verdict(body!);
    }
}
