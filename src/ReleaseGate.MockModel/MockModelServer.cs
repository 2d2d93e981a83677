using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReleaseGate.MockModel;

/// <summary>
/// An OpenAI-compatible chat-completions server on 127.0.0.1 with scripted answers, latency and fault injection:
/// for the demo, the tests and the benchmarks. <c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>,
/// <c>GET /mock/stats</c>.
/// </summary>
/// <threadsafety>Start once, dispose once; <see cref="Stats"/> may be read from any thread.</threadsafety>
public sealed class MockModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DeadlineTimer _timer;

    private MockModelServer(WebApplication app, DeadlineTimer timer, int port, MockModelStats stats)
    {
        _app = app;
        _timer = timer;
        Port = port;
        Stats = stats;
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The OpenAI base URL of the server, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/v1");

    /// <summary>Counts of what the server did.</summary>
    public MockModelStats Stats { get; }

    /// <summary>Starts a server; returns once it accepts connections.</summary>
    /// <exception cref="IOException">The port is taken or cannot be bound.</exception>
    public static async Task<MockModelServer> StartAsync(MockModelOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // No configuration files are read, so none is watched: a watcher on the working folder would wake on every file
        // written there (a results file, for one).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        var app = builder.Build();
        var stats = new MockModelStats();
        var timer = new DeadlineTimer();
        var handler = new ChatHandler(options, stats, timer);

        // One terminal handler instead of endpoint routing: four fixed paths need no route table, and each request
        // skips the routing middleware (about a tenth of the server's CPU per answer, measured).
        app.Run(context => (context.Request.Method, context.Request.Path.Value) switch
        {
            ("POST", "/v1/chat/completions" or "/chat/completions") => handler.HandleAsync(context),
            ("GET", "/v1/models") => WriteJsonAsync(context, w => Models(w, options.Rules.Models)),
            ("GET", "/mock/stats") => WriteJsonAsync(context, w => Counts(w, stats)),
            (_, "/v1/chat/completions" or "/chat/completions" or "/v1/models" or "/mock/stats") => Status(context, StatusCodes.Status405MethodNotAllowed),
            _ => Status(context, StatusCodes.Status404NotFound),
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            timer.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MockModelServer(app, timer, new Uri(address).Port, stats);
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
    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _timer.Dispose();
    }

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

    /// <summary>Writes a JSON body built by <paramref name="write"/>, with its length.</summary>
    internal static Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }

    private static Task Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
