using System.Globalization;
using System.Text.Json;

namespace ReleaseGate.MockModel;

/// <summary>
/// An OpenAI-compatible chat-completions server on 127.0.0.1 with scripted answers, latency and fault injection:
/// for the demo, the tests and the benchmarks. <c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>,
/// <c>GET /mock/stats</c>.
/// </summary>
/// <threadsafety>Start once, dispose once; <see cref="Stats"/> may be read from any thread.</threadsafety>
public sealed class MockModelServer : IAsyncDisposable
{
    private readonly MockHttpServer _http;

    private MockModelServer(MockHttpServer http, MockModelStats stats)
    {
        _http = http;
        Stats = stats;
    }

    /// <summary>The port the server listens on.</summary>
    public int Port => _http.Port;

    /// <summary>The OpenAI base URL of the server, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/v1");

    /// <summary>Counts of what the server did.</summary>
    public MockModelStats Stats { get; }

    /// <summary>Starts a server; returns once it accepts connections.</summary>
    /// <exception cref="IOException">The port is taken or cannot be bound.</exception>
    public static Task<MockModelServer> StartAsync(MockModelOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        var stats = new MockModelStats();
        var chat = new ChatHandler(options, stats);
        MockResponse Handle(MockRequest request) => (request.Method, request.Path) switch
        {
            ("POST", "/v1/chat/completions" or "/chat/completions") => chat.Handle(request),
            ("GET", "/v1/models") => ChatHandler.Json(200, w => Models(w, options.Rules.Models)),
            ("GET", "/mock/stats") => ChatHandler.Json(200, w => Counts(w, stats)),
            (_, "/v1/chat/completions" or "/chat/completions" or "/v1/models" or "/mock/stats") => MockResponse.Empty(405),
            _ => MockResponse.Empty(404),
        };

        return Task.FromResult(new MockModelServer(MockHttpServer.Start(options.Port, Handle), stats));
    }

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled (Ctrl-C), then stops.</summary>
    public async Task RunUntilCancelledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop: that is the normal end of the server.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _http.DisposeAsync();

    private static void Models(Utf8JsonWriter w, IEnumerable<string> models)
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        foreach (var model in models)
        {
            w.WriteStartObject();
            w.WriteString("id", model);
            w.WriteString("object", "model");
            w.WriteNumber("created", 0);
            w.WriteString("owned_by", "releasegate-mock");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Counts(Utf8JsonWriter w, MockModelStats stats)
    {
        w.WriteStartObject();
        w.WriteNumber("requests", stats.Requests);
        w.WriteNumber("answered", stats.Answered);
        w.WriteNumber("rate_limited", stats.RateLimited);
        w.WriteNumber("server_errors", stats.ServerErrors);
        w.WriteNumber("timeouts", stats.Timeouts);
        w.WriteNumber("malformed", stats.Malformed);
        w.WriteEndObject();
    }
}
