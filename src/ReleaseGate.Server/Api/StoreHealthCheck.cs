using System.Security.Cryptography;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>
/// Ready when the database answers a read and takes a write: a write transaction stores a probe attachment and is rolled
/// back, so that a database that reads but cannot write (read-only, a standby, a write lock held elsewhere) is not ready,
/// and nothing is left behind.
/// </summary>
/// <remarks>
/// The rolled-back write takes the write lock and checks that the row could be written; a disk that fills only at commit
/// is not seen here, and a failed commit still writes nothing.
/// </remarks>
/// <threadsafety>One instance per server (a singleton), so that it knows its probe still running.</threadsafety>
internal sealed class StoreHealthCheck(IGateStore store) : IHealthCheck
{
    /// <summary>How long the probe may take before the database counts as not taking writes.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    // A probe still waiting for the database is waited on again, not started again: polls must not pile up writers behind a lock.
    private Task? _pending;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // SQLite waits for a lock synchronously, inside the call: the probe runs apart so that the budget holds.
        var probe = _pending is { IsCompleted: false } running ? running : Task.Run(() => ProbeAsync(CancellationToken.None), CancellationToken.None);
        _pending = probe;
        try
        {
            // A writer waiting for a lock may not heed cancellation; the answer must not wait for it.
            await probe.WaitAsync(Budget, cancellationToken);
            return HealthCheckResult.Healthy($"{store.Kind} answers reads and takes writes");
        }
        catch (TimeoutException)
        {
            _ = probe.ContinueWith(t => t.Exception, TaskScheduler.Default);
            return HealthCheckResult.Unhealthy($"{store.Kind} took no write within {Budget.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store.Kind} does not take writes: {ex.Message}");
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await store.GetLedgerHeadAsync(cancellationToken);
        var content = RandomNumberGenerator.GetBytes(16);
        await using var tx = await store.BeginAsync(cancellationToken);
        await tx.PutAttachmentAsync("sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), "application/octet-stream", content, cancellationToken);

        // Disposed without a commit: rolled back.
    }
}
