namespace ReleaseGate.Server.Notifications;

/// <summary>How webhooks are delivered: section <c>ReleaseGate:Webhooks</c> of the configuration.</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Whether this instance delivers (the default). An instance that does not still writes events to the outbox; another
    /// instance on the same database sends them.
    /// </summary>
    public bool Deliver { get; set; } = true;

    /// <summary>How often the instance holding the delivery lease looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one POST to a subscriber may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many attempts a delivery gets before it becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 13;

    /// <summary>The delay cap after the first failure; it doubles after each further failure, and the delay drawn is uniform between half the cap and the cap.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The largest delay cap between two attempts.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long the delivery lease lasts without renewal: one instance delivers at a time, and when it dies another takes over
    /// within this time.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most deliveries one pass claims.</summary>
    public int BatchSize { get; set; } = 50;
}
