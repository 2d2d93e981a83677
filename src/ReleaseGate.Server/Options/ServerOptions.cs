namespace ReleaseGate.Server.Options;

/// <summary>The server's settings: section <c>ReleaseGate</c> of the configuration, or the flags of <c>releasegate serve</c>.</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ReleaseGate";

    /// <summary>
    /// The database: a SQLite file path (the default, <c>releasegate.db</c>), or a PostgreSQL connection string
    /// (<c>Host=…;Database=…</c>, or a <c>postgres://</c> URL).
    /// </summary>
    public string Database { get; set; } = "releasegate.db";

    /// <summary>The URL people reach the server at, for links in responses (defaults to the listening address).</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The largest JSON or YAML request body, in bytes (gates, manifests with attachments, approvals).</summary>
    public long MaxBodyBytes { get; set; } = 4L << 20;

    /// <summary>The largest results upload, in bytes; results are streamed, never held in memory whole.</summary>
    public long MaxEvidenceBytes { get; set; } = 512L << 20;

    /// <summary>
    /// The longest line of a results upload, in bytes. An upload is checked as it streams in, and a longer line refuses it
    /// (413, RG1622) without the line ever being held in memory; the server's memory for reading evidence is bounded by it.
    /// </summary>
    public long MaxEvidenceLineBytes { get; set; } = 4L << 20;

    /// <summary>
    /// The most distinct cases (suite and case id pairs, candidate and baseline together) a release's evidence may hold. The
    /// memory of reading an upload and of deciding on a release grows with distinct cases, not lines, so this bounds it; an
    /// upload that would pass it is refused (400, RG1033) and nothing is stored.
    /// </summary>
    public long MaxEvidenceCases { get; set; } = 500_000;

    /// <summary>
    /// How long a verified API token is kept before it is looked up again, even when no identity change happened (an
    /// identity change drops it sooner: see <see cref="IdentityCheckTime"/>).
    /// </summary>
    public TimeSpan TokenCacheTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often each instance reads the database's identity change counter (one indexed row). A token revoked or a member
    /// removed on any instance sharing the database is refused by every instance within this time; at most one second,
    /// zero to read it on every request.
    /// </summary>
    public TimeSpan IdentityCheckTime { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long <c>POST /reviews/next</c> reserves an item for its reviewer; an item not judged by then goes back to its queue.
    /// Between one minute and one day.
    /// </summary>
    public TimeSpan ReviewLease { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Webhook delivery (section <c>ReleaseGate:Webhooks</c>).</summary>
    public Notifications.WebhookOptions Webhooks { get; set; } = new();

    /// <summary>OIDC bearer tokens, when configured.</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>The background scheduler: compliance runs, escalations and waiver expiries (section <c>ReleaseGate:Scheduler</c>).</summary>
    public SchedulerOptions Scheduler { get; set; } = new();
}
