using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ReleaseGate.Testing.Webhooks;

/// <summary>One request a <see cref="WebhookReceiver"/> got.</summary>
internal sealed record ReceivedWebhook(string? Signature, string? EventId, string? EventType, string? ContentType, byte[] Body)
{
    public JsonObject Json => JsonNode.Parse(Encoding.UTF8.GetString(Body))!.AsObject();
}

/// <summary>
/// A real HTTP receiver on a loopback port (HttpListener), recording every request and answering with <see cref="Answer"/>.
/// It can be stopped and started again on the same port, as a subscriber that goes down and comes back.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly List<ReceivedWebhook> _received = [];
    private HttpListener? _listener;
    private Task? _loop;

    public WebhookReceiver(int? port = null)
    {
        Port = port ?? FreePort();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>The status to answer a request with; 200 by default.</summary>
    public Func<ReceivedWebhook, int> Answer { get; set; } = _ => 200;

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public static WebhookReceiver Start(int? port = null)
    {
        var receiver = new WebhookReceiver(port);
        receiver.Up();
        return receiver;
    }

    /// <summary>Starts listening.</summary>
    public void Up()
    {
        _listener = new HttpListener();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        var listener = _listener;
        _loop = Task.Run(() => ServeAsync(listener));
    }

    /// <summary>Stops listening: connections are refused until <see cref="Up"/>.</summary>
    public async Task DownAsync()
    {
        if (_listener is { } listener)
        {
            listener.Stop();
            listener.Close();
            _listener = null;
            await _loop!;
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for what was received, or fails after <paramref name="seconds"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(Received))
        {
            Xunit.Assert.True(DateTime.UtcNow < deadline, $"the receiver got {Received.Count} requests: {string.Join(", ", Received.Select(r => r.EventType))}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync() => await DownAsync();

    private async Task ServeAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var request = new ReceivedWebhook(context.Request.Headers["ReleaseGate-Signature"], context.Request.Headers["ReleaseGate-Event-Id"],
                context.Request.Headers["ReleaseGate-Event-Type"], context.Request.ContentType, body.ToArray());
            lock (_received)
            {
                _received.Add(request);
            }

            context.Response.StatusCode = Answer(request);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
