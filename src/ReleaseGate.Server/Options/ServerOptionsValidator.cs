using Microsoft.Extensions.Options;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Server.Options;

/// <summary>Checks the settings at start-up, so that a misconfigured server does not start at all.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Database))
        {
            failures.Add("ReleaseGate:Database is empty; give a SQLite file path or a PostgreSQL connection string.");
        }

        if (options.MaxBodyBytes < 1024)
        {
            failures.Add($"ReleaseGate:MaxBodyBytes is {options.MaxBodyBytes}; it must be at least 1024.");
        }

        if (options.MaxEvidenceBytes < options.MaxBodyBytes)
        {
            failures.Add("ReleaseGate:MaxEvidenceBytes must be at least MaxBodyBytes.");
        }

        if (options.ReviewLease < TimeSpan.FromMinutes(1) || options.ReviewLease > TimeSpan.FromDays(1))
        {
            failures.Add($"ReleaseGate:ReviewLease is {options.ReviewLease}; it must be between 00:01:00 and 1.00:00:00, long enough to judge an item and short enough that an abandoned one comes back.");
        }

        var scheduler = options.Scheduler;
        if (scheduler.Interval < TimeSpan.FromMilliseconds(50) || scheduler.Interval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"ReleaseGate:Scheduler:Interval is {scheduler.Interval}; it must be between 00:00:00.05 and 00:10:00: escalations and expiries happen within one interval of their time.");
        }

        if (scheduler.LeaseDuration < 2 * scheduler.Interval)
        {
            failures.Add($"ReleaseGate:Scheduler:LeaseDuration is {scheduler.LeaseDuration}; it must be at least twice the interval ({scheduler.Interval}), or the holder's lease lapses between its own renewals.");
        }

        if (options.IdentityCheckTime < TimeSpan.Zero || options.IdentityCheckTime > TimeSpan.FromSeconds(1))
        {
            failures.Add($"ReleaseGate:IdentityCheckTime is {options.IdentityCheckTime}; it must be between 00:00:00 and 00:00:01, so that a revoked token is refused everywhere within a second.");
        }

        if (options.TokenCacheTime < TimeSpan.Zero)
        {
            failures.Add($"ReleaseGate:TokenCacheTime is {options.TokenCacheTime}; it must not be negative.");
        }

        if (options.MaxEvidenceLineBytes < 1024 || options.MaxEvidenceLineBytes > InputLimits.MaxJsonLineBytes)
        {
            // Above the results reader's own line limit the setting would be accepted and do nothing: every stored line is read by it.
            failures.Add($"ReleaseGate:MaxEvidenceLineBytes is {options.MaxEvidenceLineBytes}; it must be between 1024 and {InputLimits.MaxJsonLineBytes}, the results reader's line limit.");
        }

        if (options.MaxEvidenceCases < 1)
        {
            failures.Add($"ReleaseGate:MaxEvidenceCases is {options.MaxEvidenceCases}; it must be at least 1.");
        }

        if (options.PublicUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            failures.Add($"ReleaseGate:PublicUrl '{url}' is not an absolute URL.");
        }

        Webhooks(options.Webhooks, failures);
        OidcOptionsValidator.Validate(options.Oidc, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Webhooks(Notifications.WebhookOptions w, List<string> failures)
    {
        if (w.PollInterval < TimeSpan.FromMilliseconds(10) || w.PollInterval > TimeSpan.FromMinutes(5))
        {
            failures.Add($"ReleaseGate:Webhooks:PollInterval is {w.PollInterval}; it must be between 00:00:00.010 and 00:05:00.");
        }

        if (w.Timeout < TimeSpan.FromMilliseconds(100) || w.Timeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"ReleaseGate:Webhooks:Timeout is {w.Timeout}; it must be between 00:00:00.100 and 00:02:00.");
        }

        if (w.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"ReleaseGate:Webhooks:MaxAttempts is {w.MaxAttempts}; it must be between 1 and 100.");
        }

        if (w.BaseDelay <= TimeSpan.Zero || w.MaxDelay < w.BaseDelay || w.MaxDelay > TimeSpan.FromDays(1))
        {
            failures.Add($"ReleaseGate:Webhooks:BaseDelay ({w.BaseDelay}) must be positive and MaxDelay ({w.MaxDelay}) at least BaseDelay and at most 1.00:00:00.");
        }

        if (w.LeaseDuration < w.Timeout + w.Timeout || w.LeaseDuration > TimeSpan.FromHours(1))
        {
            // A pass lasts up to one request timeout; a lease shorter than two could lapse while its holder still sends.
            failures.Add($"ReleaseGate:Webhooks:LeaseDuration is {w.LeaseDuration}; it must be at least twice Timeout ({w.Timeout}) and at most 01:00:00.");
        }

        if (w.BatchSize is < 1 or > 1000)
        {
            failures.Add($"ReleaseGate:Webhooks:BatchSize is {w.BatchSize}; it must be between 1 and 1000.");
        }
    }
}
