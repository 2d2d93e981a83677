using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReleaseGate.Runner.Tests.Targets;

/// <summary>One scripted answer: a status, a body, headers, and how long to wait before sending them.</summary>
internal sealed record ScriptedReply(int Status, string Body, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>A chat completion whose assistant message is <paramref name="message"/> (JSON text of the message object).</summary>
    public static ScriptedReply Completion(string message, TimeSpan delay = default) => new(200, $$$"""
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"m",
         "choices":[{"index":0,"message":{{{message}}},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
        """, delay);

    /// <summary>A chat completion answering <paramref name="text"/>.</summary>
    public static ScriptedReply Text(string text, TimeSpan delay = default) =>
        Completion($$"""{"role":"assistant","content":{{System.Text.Json.JsonSerializer.Serialize(text)}}}""", delay);
}

/// <summary>A request the server received.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string Body, IReadOnlyDictionary<string, string> Headers, TimeSpan At);

/// <summary>
/// An OpenAI-compatible server that is not the project's mock-model: Kestrel on a loopback port, answering each request with
/// the reply its script gives for it (by the request's index), and recording every request byte for byte. It stands for a
/// third-party server, so that what the targets send and how they read an answer is tested against text the project did not
/// write.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _count;

    private ScriptedServer(Func<int, ReceivedRequest, ScriptedReply> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var received = new ReceivedRequest(
                context.Request.Method, context.Request.Path.Value ?? "", body,
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
                _clock.Elapsed);
            _requests.Enqueue(received);
            var reply = script(Interlocked.Increment(ref _count) - 1, received);
            if (reply.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(reply.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        });
    }

    /// <summary>The base URL, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The requests received so far, in order of arrival.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Starts a server that answers request k with <c>script(k, request)</c>.</summary>
    public static async Task<ScriptedServer> StartAsync(Func<int, ReceivedRequest, ScriptedReply> script)
    {
        var server = new ScriptedServer(script);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Starts a server that gives <paramref name="replies"/> in turn, the last one to every later request.</summary>
    public static Task<ScriptedServer> StartAsync(params ScriptedReply[] replies) =>
        StartAsync((k, _) => replies[Math.Min(k, replies.Length - 1)]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
