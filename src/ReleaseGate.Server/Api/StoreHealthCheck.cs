using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Api;

/// <summary>Ready when the database answers a read.</summary>
internal sealed class StoreHealthCheck(IGateStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetLedgerHeadAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{store.Kind} answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store.Kind} does not answer: {ex.Message}");
        }
    }
}
