using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Json;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Targets;

namespace ReleaseGate.Runner.Execution;

/// <summary>
/// Calls a target for one execution: the cache first, then requests paced to the rate limit, each bounded by the
/// timeout, with retries and backoff for transient failures only (429 honouring Retry-After, 5xx, timeouts, resets).
/// A failure after the retries is an outcome with an error, never an exception; only a stop is thrown.
/// </summary>
/// <threadsafety>Safe to use from many threads.</threadsafety>
public sealed class TargetCaller
{
    private readonly ITarget _target;
    private readonly RunOptions _options;
    private readonly TimeProvider _time;
    private readonly RequestPacer? _pacer;
    private readonly ResponseCache? _cache;
    private readonly string _identity;
    private long _retries;

    /// <summary>Creates a caller for <paramref name="target"/>; <paramref name="pacer"/> is shared by every target of the run.</summary>
    internal TargetCaller(ITarget target, RunOptions options, TimeProvider time, RequestPacer? pacer)
    {
        _target = target;
        _options = options;
        _time = time;
        _pacer = pacer;
        _cache = options.CacheDirectory is { } dir ? new ResponseCache(dir) : null;
        _identity = CanonicalJson.Serialize(JsonNode.Parse(target.Definition.Identity().ToJsonString()));
    }

    /// <summary>The target.</summary>
    public ITarget Target => _target;

    /// <summary>How many retries this caller has made.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Calls the target.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="stop"/> was cancelled.</exception>
    public async Task<CallOutcome> CallAsync(TargetRequest request, CancellationToken stop)
    {
        var key = _cache is null ? null : ResponseCache.Key(_identity, request);
        if (key is not null && _cache!.TryGet(key) is { } hit)
        {
            return new CallOutcome(hit.Response, null, 0, true) { Refusal = hit.Refusal, LastAttemptMs = hit.LastAttemptMs };
        }

        var timeout = _target.Definition.EffectiveTimeout(_options.Timeout);
        var attempts = _options.MaxRetries + 1;
        long? first = null;
        for (var attempt = 1; ; attempt++)
        {
            if (_pacer is not null)
            {
                await _pacer.WaitAsync(stop).ConfigureAwait(false);
            }

            string error;
            bool transient;
            TimeSpan? retryAfter = null;
            var started = _time.GetTimestamp();

            // The execution's latency runs from here: the waits between attempts are time the answer took.
            first ??= started;
            using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                bounded.CancelAfter(timeout);
                try
                {
                    var answer = await _target.CallAsync(request, bounded.Token).ConfigureAwait(false);
                    var now = _time.GetTimestamp();
                    var last = Math.Round(_time.GetElapsedTime(started, now).TotalMilliseconds, 1);
                    var response = new TargetResponse(answer.Output, answer.ToolCalls, Math.Round(_time.GetElapsedTime(first.Value, now).TotalMilliseconds, 1));
                    if (key is not null)
                    {
                        // A file write: not on the thread that received the answer, which may serve every connection.
                        await Task.Yield();
                        _cache!.Put(key, response, answer.Refusal, last);
                    }

                    return new CallOutcome(response, null, attempt, false) { Refusal = answer.Refusal, LastAttemptMs = last };
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException)
                {
                    (error, transient) = ($"timed out after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", true);
                }
                catch (TargetException ex)
                {
                    (error, transient, retryAfter) = (ex.Message, ex.Transient, ex.RetryAfter);
                }
                catch (Exception ex) when (ex is IOException or SocketException or HttpRequestException)
                {
                    (error, transient) = ($"connection failed: {ex.Message}", true);
                }
            }

            if (!transient || attempt >= attempts)
            {
                var suffix = attempt > 1 ? $" (after {attempt.ToString(CultureInfo.InvariantCulture)} attempts)" : "";
                return new CallOutcome(null, error + suffix, attempt, false);
            }

            Interlocked.Increment(ref _retries);
            var delay = Backoff.Delay(attempt, retryAfter, _options.BackoffBase, _options.BackoffMax, Random.Shared.NextDouble());
            await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            Debug.Assert(attempt < attempts, "the loop ends at the last attempt");
        }
    }
}
