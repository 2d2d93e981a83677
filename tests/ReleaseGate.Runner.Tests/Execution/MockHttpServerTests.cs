using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseGate.MockModel;
using Xunit;

namespace ReleaseGate.Runner.Tests.Execution;

/// <summary>The mock model's HTTP/1.1 layer, byte for byte over a raw socket: framing, keep-alive and refusals.</summary>
public sealed class MockHttpServerTests
{
    private const string Chat = MockModelServerTests.Chat;

    [Fact]
    public async Task Serves_several_requests_on_one_connection_including_two_sent_at_once()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        using var client = await Connect(server);

        await Send(client, Post(Chat) + Post(Chat));
        var first = await ReadResponse(client);
        var second = await ReadResponse(client);
        await Send(client, "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n");
        var third = await ReadResponse(client);

        Assert.Equal(200, first.Status);
        Assert.Equal("hello", (string)JsonNode.Parse(first.Body)!["choices"]![0]!["message"]!["content"]!);
        Assert.Equal(200, second.Status);
        Assert.Equal(200, third.Status);
        Assert.Equal("list", (string)JsonNode.Parse(third.Body)!["object"]!);
        Assert.Equal(2, server.Stats.Requests);
    }

    [Fact]
    public async Task Reads_a_chunked_body_split_over_several_sends_and_answers_expect_100_continue()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        using var client = await Connect(server);
        var body = Encoding.UTF8.GetBytes(Chat);

        await Send(client, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
        Assert.Equal(100, (await ReadResponse(client)).Status);
        await Send(client, $"{10:x};ext=1\r\n{Chat[..10]}\r\n");
        await Send(client, $"{body.Length - 10:x}\r\n{Chat[10..]}\r\n0\r\nTrailer: yes\r\n\r\n");
        var answer = await ReadResponse(client);

        Assert.Equal(200, answer.Status);
        Assert.Equal("hello", (string)JsonNode.Parse(answer.Body)!["choices"]![0]!["message"]!["content"]!);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", 400)]
    [InlineData("POST /v1/chat/completions HTTP/2.0\r\n\r\n", 400)]
    [InlineData("POST /v1/chat/completions HTTP/1.1\r\nno colon here\r\n\r\n", 400)]
    [InlineData("POST /v1/chat/completions HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400)]
    [InlineData("POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400)]
    [InlineData("POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", 413)]
    [InlineData("POST /v1/chat/completions HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501)]
    [InlineData("POST /v1/chat/completions HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400)]
    public async Task Refuses_a_malformed_request_with_a_status_and_an_error_body_then_closes(string request, int status)
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        using var client = await Connect(server);

        await Send(client, request);
        var response = await ReadResponse(client);

        Assert.Equal(status, response.Status);
        Assert.Equal("close", response.Headers["connection"]);
        Assert.False(string.IsNullOrEmpty((string?)JsonNode.Parse(response.Body)!["error"]!["message"]));
        Assert.Equal(0, await client.ReceiveAsync(new byte[16]));
        Assert.Equal(0, server.Stats.Requests);
    }

    [Fact]
    public async Task Refuses_headers_over_64_KiB()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        using var client = await Connect(server);

        await Send(client, "POST /v1/chat/completions HTTP/1.1\r\nX-Long: " + new string('a', 70 * 1024));
        Assert.Equal(431, (await ReadResponse(client)).Status);
    }

    [Theory]
    [InlineData("HTTP/1.1", "Connection: close\r\n")]
    [InlineData("HTTP/1.0", "")]
    public async Task Closes_after_answering_when_the_client_asks_or_speaks_http_1_0(string version, string header)
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions());
        using var client = await Connect(server);

        await Send(client, $"POST /chat/completions {version}\r\n{header}Content-Length: {Encoding.UTF8.GetByteCount(Chat)}\r\n\r\n{Chat}");
        var response = await ReadResponse(client);

        Assert.Equal(200, response.Status);
        Assert.Equal("close", response.Headers["connection"]);
        Assert.Equal(0, await client.ReceiveAsync(new byte[16]));
    }

    [Fact]
    public async Task An_injected_timeout_holds_the_connection_without_answering_until_the_client_leaves()
    {
        await using var server = await MockModelServer.StartAsync(new MockModelOptions { Faults = new FaultRates(RateLimited: 0, ServerError: 0, Timeout: 1, Malformed: 0) });
        var client = await Connect(server);

        await Send(client, Post(Chat));
        var receive = client.ReceiveAsync(new byte[16]);
        Assert.NotSame(receive, await Task.WhenAny(receive, Task.Delay(300)));
        client.Dispose();

        Assert.Equal(1, server.Stats.Timeouts);
        await server.DisposeAsync();
    }

    private static async Task<Socket> Connect(MockModelServer server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        return socket;
    }

    private static string Post(string json) =>
        $"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}";

    private static async Task Send(Socket socket, string text) => await socket.SendAsync(Encoding.UTF8.GetBytes(text));

    // Reads one response: the status line, the headers (names lower-cased) and a body of Content-Length bytes.
    private static async Task<(int Status, Dictionary<string, string> Headers, string Body)> ReadResponse(Socket socket)
    {
        var received = new List<byte>();
        int headEnd;
        while ((headEnd = IndexOf(received, "\r\n\r\n"u8.ToArray())) < 0)
        {
            received.Add(await ReadByte(socket));
        }

        var head = Encoding.Latin1.GetString(received.ToArray(), 0, headEnd).Split("\r\n");
        var headers = head.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var length = headers.TryGetValue("content-length", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        for (var i = 0; i < length; i++)
        {
            body[i] = await ReadByte(socket);
        }

        return (int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, Encoding.UTF8.GetString(body));
    }

    private static async Task<byte> ReadByte(Socket socket)
    {
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var n = await socket.ReceiveAsync(one, SocketFlags.None, timeout.Token);
        return n == 1 ? one[0] : throw new IOException("the server closed the connection in the middle of a response");
    }

    private static int IndexOf(List<byte> data, byte[] pattern)
    {
        for (var i = 0; i + pattern.Length <= data.Count; i++)
        {
            if (data.Skip(i).Take(pattern.Length).SequenceEqual(pattern))
            {
                return i;
            }
        }

        return -1;
    }
}
