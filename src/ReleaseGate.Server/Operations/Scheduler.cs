using Microsoft.Extensions.Options;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Operations;

/// <summary>
/// Runs the server's timed work — scheduled compliance runs, escalations, waiver expiries — on the one instance that holds the
/// store's <c>scheduler</c> lease: on PostgreSQL several instances share the database, and a holder that dies (even killed with
/// SIGKILL) is replaced once its lease expires. Every piece of work is also safe to repeat, so a lease that lapses mid-tick
/// costs time, never a duplicate.
/// </summary>
/// <threadsafety>One loop per instance; <see cref="TickAsync"/> may be called by tests while the loop is disabled.</threadsafety>
public sealed partial class Scheduler(
    IGateStore store, ComplianceRuns compliance, EscalationSweep escalations, WaiverExpiries waivers, OperationsMetrics metrics,
    IOptions<ServerOptions> options, ILogger<Scheduler> logger) : BackgroundService
{
    /// <summary>The store lease the scheduler runs under.</summary>
    public const string LeaseName = "scheduler";

    private readonly SchedulerOptions _settings = options.Value.Scheduler;

    /// <summary>This instance's name in the lease and in the runs it records.</summary>
    public string Instance { get; } = options.Value.Scheduler.Instance is { Length: > 0 } name ? name : $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Does all due work once, as the lease holder would: what each loop iteration runs.</summary>
    /// <returns>What was done.</returns>
    public async Task<SchedulerTick> TickAsync(CancellationToken cancellationToken)
    {
        var runs = await Guarded("compliance runs", () => compliance.RunDueAsync(Instance, cancellationToken), []);
        var escalated = await Guarded("escalations", () => escalations.SweepAsync(cancellationToken), []);
        var redecided = await Guarded("waiver expiries", () => waivers.SweepAsync(cancellationToken), 0);
        return new SchedulerTick(runs, escalated, redecided);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_settings.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(_settings.Interval);
        var holding = false;
        try
        {
            do
            {
                try
                {
                    var lease = await store.TryAcquireLeaseAsync(LeaseName, Instance, _settings.LeaseDuration, stoppingToken);
                    if ((lease is not null) != holding)
                    {
                        holding = lease is not null;
                        LogLease(logger, Instance, holding ? "took" : "lost");
                        metrics.SchedulerLease(holding);
                    }

                    if (holding)
                    {
                        await TickAsync(stoppingToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, "the lease", e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (holding)
            {
                // Handing the lease back lets another instance take over at once rather than when it expires.
                await store.ReleaseLeaseAsync(LeaseName, Instance, CancellationToken.None);
            }
        }
    }

    /// <summary>Runs one kind of work; a failure is logged and counted, and never stops the other kinds or the loop.</summary>
    private async Task<T> Guarded<T>(string what, Func<Task<T>> work, T none)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, what, e);
            metrics.SchedulerFailure(what);
            return none;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "scheduler instance {Instance} {Change} the scheduler lease")]
    private static partial void LogLease(ILogger logger, string instance, string change);

    [LoggerMessage(Level = LogLevel.Error, Message = "the scheduler failed at {What}; it tries again at its next tick")]
    private static partial void LogFailed(ILogger logger, string what, Exception exception);
}
