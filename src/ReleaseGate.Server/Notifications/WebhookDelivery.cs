using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Notifications;

/// <summary>
/// Sends the webhook outbox. One instance at a time delivers: the one holding the store lease <see cref="LeaseName"/>, renewed on
/// every pass and released on stop. A pass claims the due deliveries (so that a crashed sender's claims come back once they lapse),
/// POSTs each, signed, to its subscriber, and records the outcome: a 2xx answer delivers it; anything else is retried after an
/// exponential backoff with jitter until <see cref="WebhookOptions.MaxAttempts"/>, and then it is a dead letter, which an admin
/// can replay. Delivery is at least once: a receiver deduplicates by the event id.
/// </summary>
public sealed partial class WebhookDelivery : BackgroundService
{
    /// <summary>The name of the store lease the delivering instance holds.</summary>
    public const string LeaseName = "webhooks";

    /// <summary>Time a claim lasts beyond the request timeout, for recording the outcome.</summary>
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(5);

    private readonly IGateStore _store;
    private readonly WebhookOptions _options;
    private readonly string? _publicUrl;
    private readonly ServerMetrics _metrics;
    private readonly ILogger<WebhookDelivery> _log;
    private readonly HttpClient _http;
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Creates the sender; its HTTP connections are its own, not redirected, and pooled across subscribers.</summary>
    public WebhookDelivery(IGateStore store, IOptions<ServerOptions> options, ServerMetrics metrics, ILogger<WebhookDelivery> log)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value.Webhooks;
        _publicUrl = options.Value.PublicUrl;
        _metrics = metrics;
        _log = log;

        // A subscriber's redirect is not followed: the signed body goes only to the URL an admin registered.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectCallback = WebhookAddresses.ConnectAsync })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ReleaseGate-Webhooks", "1"));
    }

    /// <summary>
    /// One pass: when this instance holds (or can take) the lease, claims the due deliveries and attempts each of them at once, each
    /// within <see cref="WebhookOptions.Timeout"/>, recording every outcome.
    /// </summary>
    /// <returns>How many deliveries were attempted; 0 when another instance holds the lease.</returns>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        if (await _store.TryAcquireLeaseAsync(LeaseName, _holder, _options.LeaseDuration, cancellationToken) is null)
        {
            return 0;
        }

        IReadOnlyList<WebhookDeliveryRecord> due;
        await using (var tx = await _store.BeginAsync(cancellationToken))
        {
            due = await tx.ClaimDueDeliveriesAsync(_options.BatchSize, _options.Timeout + ClaimMargin, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        // All at once, so that each is recorded within its claim whatever the others take.
        await Task.WhenAll(due.Select(d => AttemptAsync(d, cancellationToken)));
        return due.Count;
    }

    /// <summary>
    /// The delay before the attempt after <paramref name="failures"/> failed ones: between half of and the whole of
    /// <c>min(maxDelay, baseDelay · 2^(failures-1))</c>, uniformly ("equal jitter"). The jitter keeps receivers that come back
    /// from being met by every sender at once; the lower half keeps the retries spread over a known least time, so that an
    /// outage shorter than that time never turns a delivery into a dead letter (full jitter can spend every attempt in seconds).
    /// </summary>
    public static TimeSpan Backoff(int failures, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var cap = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        cap = Math.Min(cap, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(cap / 2 + random.NextDouble() * cap / 2);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DeliverDueAsync(stoppingToken) == _options.BatchSize)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (GateStoreException e)
            {
                // The database is away: the outbox waits in it, and the next pass tries again.
                LogStoreFailed(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Anything else (a raw database error, a row that does not read) must not stop the sender, let alone the server:
                // the deliveries stay in the outbox, and the next pass tries again.
                LogStoreFailed(e);
            }

            try
            {
                await Task.Delay(_options.PollInterval, _store.Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Another instance may take over at once rather than when the lease lapses.
            await _store.ReleaseLeaseAsync(LeaseName, _holder, cancellationToken);
        }
        catch (GateStoreException e)
        {
            LogStoreFailed(e);
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task AttemptAsync(WebhookDeliveryRecord delivery, CancellationToken cancellationToken)
    {
        var hook = await _store.GetWebhookAsync(delivery.WebhookId, cancellationToken);
        (bool delivered, int? status, string? error) = hook is null || hook.DisabledAt is not null
            ? (false, (int?)null, "the subscription is disabled; the delivery is not sent")
            : await PostAsync(hook, delivery, cancellationToken);
        var failures = delivery.Attempts + 1;
        var dead = !delivered && (hook is null || hook.DisabledAt is not null || failures >= _options.MaxAttempts);
        var now = _store.Clock.GetUtcNow();
        DateTimeOffset? retryAt = delivered || dead ? null : now + Backoff(failures, _options.BaseDelay, _options.MaxDelay, Random.Shared);
        await using (var tx = await _store.BeginAsync(cancellationToken))
        {
            await tx.RecordDeliveryAttemptAsync(delivery.Id, new DeliveryAttempt(delivered, status, error, retryAt), cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        _metrics.WebhookDelivery(delivered ? "delivered" : dead ? "dead" : "retry");
        if (!delivered)
        {
            LogFailed(delivery.Id, delivery.WebhookId, failures, error ?? "", dead);
        }
    }

    private async Task<(bool Delivered, int? Status, string? Error)> PostAsync(WebhookRecord hook, WebhookDeliveryRecord delivery, CancellationToken cancellationToken)
    {
        byte[] body;
        string contentType;
        try
        {
            (body, contentType) = WebhookFormats.Render(hook.Format, delivery.PayloadJson, _publicUrl);
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // A row written outside ReleaseGate (an unknown format, a payload that is not an event) fails like a refusing receiver,
            // rather than stopping the sender.
            return (false, null, $"the delivery cannot be rendered as '{hook.Format}': {e.Message}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(hook.Secret, body, _store.Clock.GetUtcNow()));
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventIdHeader, delivery.EventId);
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventTypeHeader, delivery.Type);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? (true, status, null) : (false, status, $"the subscriber answered HTTP {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, null, $"no answer within {_options.Timeout}");
        }
        catch (HttpRequestException e)
        {
            return (false, null, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {Delivery} to subscription {Webhook} failed on attempt {Attempt}: {Error}; dead letter: {Dead}")]
    private partial void LogFailed(long delivery, long webhook, int attempt, string error, bool dead);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery paused: the store failed")]
    private partial void LogStoreFailed(Exception e);
}
