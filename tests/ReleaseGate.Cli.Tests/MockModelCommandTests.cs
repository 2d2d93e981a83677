using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary><c>releasegate mock-model</c> as a real process, called over HTTP.</summary>
public sealed class MockModelCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Serves_scripted_answers_and_tool_calls_until_sigterm()
    {
        var rules = _folder.Write("rules.yaml", """
            apiVersion: releasegate/v1
            kind: MockModelRules
            rules:
              - contains: refund
                model: agent-1
                answer: Refunded.
                tool_calls: [{ name: issue_refund, arguments: { order_id: NW-1 } }]
            """);
        var start = CliProcess.StartInfo(null, "mock-model", "--port", "0", "--rules", rules);

        using var process = Process.Start(start)!;
        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("mock-model listening on http://127.0.0.1:", first, StringComparison.Ordinal);
        var baseUrl = first!.Split(' ')[3];
        using var http = new HttpClient();

        var answer = await http.PostAsJsonAsync(baseUrl + "/chat/completions", new { model = "agent-1", messages = new[] { new { role = "user", content = "I want a refund" } } });
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        var message = body["choices"]![0]!["message"]!;
        Assert.Equal("Refunded.", (string)message["content"]!);
        Assert.Equal("issue_refund", (string)message["tool_calls"]![0]!["function"]!["name"]!);
        Assert.Equal("""{"order_id":"NW-1"}""", (string)message["tool_calls"]![0]!["function"]!["arguments"]!);
        Assert.Equal("tool_calls", (string)body["choices"]![0]!["finish_reason"]!);

        // Another model, or no match: the echo.
        var echo = JsonNode.Parse(await (await http.PostAsJsonAsync(baseUrl + "/chat/completions", new { model = "agent-2", messages = new[] { new { role = "user", content = "I want a refund" } } })).Content.ReadAsStringAsync())!;
        Assert.Equal("I want a refund", (string)echo["choices"]![0]!["message"]!["content"]!);
        var models = JsonNode.Parse(await http.GetStringAsync(baseUrl + "/models"))!;
        Assert.Contains("agent-1", models["data"]!.AsArray().Select(m => (string)m!["id"]!));

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("mock-model: 2 requests (2 answered, 0 429, 0 500, 0 timeouts, 0 malformed)", rest, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_rules_and_fault_rates_are_errors()
    {
        var rules = _folder.Write("rules.yaml", "apiVersion: releasegate/v1\nkind: MockModelRules\nrules:\n  - match: \"(\"\n    answer: x\n");

        var run = CliProcess.Run(_folder.Path, null, "mock-model", "--rules", rules);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{rules}:4:12: RG1407: 'match' is not a valid .NET regular expression", run.Stderr, StringComparison.Ordinal);

        var rates = CliProcess.Run(_folder.Path, null, "mock-model", "--fail-rate", "429=0.5,500=0.6");
        Assert.Equal(2, rates.ExitCode);
        Assert.Equal("releasegate: RG1301: --fail-rate: the rates add up to more than 1; write it as 429=0.05,500=0.02,timeout=0.01,malformed=0.01.", rates.Stderr.Trim());
    }
}
