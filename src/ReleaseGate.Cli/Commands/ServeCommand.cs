using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ReleaseGate.Server;
using ReleaseGate.Server.Api;

namespace ReleaseGate.Cli.Commands;

/// <summary><c>releasegate serve</c>: runs the server on the embedded SQLite database, or on PostgreSQL.</summary>
public static class ServeCommand
{
    /// <summary>The environment variable that selects the database when <c>--db</c> is not given.</summary>
    public const string DatabaseVariable = "RELEASEGATE_DB";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var db = DatabaseOption();
        var urls = new Option<string>("--urls") { Description = "Where to listen (default: http://127.0.0.1:8080; several separated by ';').", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var publicUrl = new Option<string>("--public-url") { Description = "The URL people reach the server at, for links (default: the request's host)." };
        var maxBody = new Option<long?>("--max-body-bytes") { Description = "The largest gate, manifest or JSON body (default 4 MiB)." };
        var maxEvidence = new Option<long?>("--max-evidence-bytes") { Description = "The largest results upload (default 512 MiB)." };
        var maxLine = new Option<long?>("--max-evidence-line-bytes") { Description = "The longest line of a results upload, at most 4 MiB (the default); a longer line refuses the upload." };
        var maxCases = new Option<long?>("--max-evidence-cases") { Description = "The most distinct cases a release's evidence may hold, candidate and baseline together (default 500,000)." };
        var reviewLease = new Option<int?>("--review-lease-minutes") { Description = "How long 'review next' reserves an item for its reviewer, in minutes (default 30; 1 to 1,440)." };
        var issuer = new Option<string>("--oidc-issuer") { Description = "Accept OIDC JWT bearer tokens from this issuer." };
        var audience = new Option<string>("--oidc-audience") { Description = "The audience OIDC tokens must carry." };
        var authority = new Option<string>("--oidc-authority") { Description = "The identity provider's address, for discovery of its keys." };
        var keys = new Option<string>("--oidc-keys") { Description = "A JWKS file with the issuer's public keys (instead of --oidc-authority)." };
        var groupsClaim = new Option<string>("--oidc-groups-claim") { Description = "The claim that lists a user's groups (default: groups)." };
        var jsonLogs = new Option<bool>("--log-json") { Description = "Write logs as JSON lines (structured), one event a line." };
        var noScheduler = new Option<bool>("--no-scheduler") { Description = "Serve the API only: leave compliance runs, escalations and waiver expiries to other instances." };
        var schedulerInterval = new Option<double?>("--scheduler-interval") { Description = "How often the scheduler looks for due work, in seconds (default 5)." };
        var schedulerLease = new Option<double?>("--scheduler-lease") { Description = "How long the scheduler lease lasts unless renewed, in seconds (default 30): another instance takes over this long after the holder dies." };
        var instance = new Option<string>("--instance") { Description = "This instance's name in the scheduler lease and the compliance runs it records (default: host:pid:random)." };
        var command = new Command("serve", "Run the ReleaseGate server: the API, OpenAPI document (/openapi/v1.json) and its browsable UI (/docs), health (/health/live, /health/ready) and metrics (/metrics).")
        {
            db, urls, publicUrl, maxBody, maxEvidence, maxLine, maxCases, reviewLease, issuer, audience, authority, keys, groupsClaim, jsonLogs,
            noScheduler, schedulerInterval, schedulerLease, instance,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = new List<string> { "--urls", parse.GetValue(urls)! };
            if (parse.GetValue(jsonLogs))
            {
                args.Add("--Logging:Format=json");
            }

            try
            {
                await using var app = ServerApp.Build([.. args], o =>
                {
                    o.Database = DatabaseOf(parse, db);
                    o.PublicUrl = parse.GetValue(publicUrl) ?? o.PublicUrl;
                    o.MaxBodyBytes = parse.GetValue(maxBody) ?? o.MaxBodyBytes;
                    o.MaxEvidenceBytes = parse.GetValue(maxEvidence) ?? o.MaxEvidenceBytes;
                    o.ReviewLease = parse.GetValue(reviewLease) is { } minutes ? TimeSpan.FromMinutes(minutes) : o.ReviewLease;
                    o.MaxEvidenceLineBytes = parse.GetValue(maxLine) ?? o.MaxEvidenceLineBytes;
                    o.MaxEvidenceCases = parse.GetValue(maxCases) ?? o.MaxEvidenceCases;
                    o.Oidc.Issuer = parse.GetValue(issuer) ?? o.Oidc.Issuer;
                    o.Oidc.Audience = parse.GetValue(audience) ?? o.Oidc.Audience;
                    o.Oidc.Authority = parse.GetValue(authority) ?? o.Oidc.Authority;
                    o.Oidc.SigningKeysFile = parse.GetValue(keys) ?? o.Oidc.SigningKeysFile;
                    o.Oidc.GroupsClaim = parse.GetValue(groupsClaim) ?? o.Oidc.GroupsClaim;
                    o.Scheduler.Enabled = o.Scheduler.Enabled && !parse.GetValue(noScheduler);
                    o.Scheduler.Interval = parse.GetValue(schedulerInterval) is { } every ? TimeSpan.FromSeconds(every) : o.Scheduler.Interval;
                    o.Scheduler.LeaseDuration = parse.GetValue(schedulerLease) is { } lease ? TimeSpan.FromSeconds(lease) : o.Scheduler.LeaseDuration;
                    o.Scheduler.Instance = parse.GetValue(instance) ?? o.Scheduler.Instance;
                });
                await app.StartAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken);
                return ExitCodes.Pass;
            }
            catch (OptionsValidationException ex)
            {
                foreach (var failure in ex.Failures)
                {
                    Console.Error.WriteLine($"releasegate: {ProblemCodes.InvalidConfiguration}: {failure}");
                }

                return ExitCodes.BadInput;
            }
            catch (ReleaseGate.Storage.GateStoreException ex)
            {
                Console.Error.WriteLine($"releasegate: {ex.Code}: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>The <c>--db</c> option, shared with the commands that work on the database directly.</summary>
    internal static Option<string> DatabaseOption() => new("--db")
    {
        Description = $"The database: a SQLite file (default: ${DatabaseVariable}, else releasegate.db) or a PostgreSQL connection string (Host=...;Database=...).",
    };

    internal static string DatabaseOf(ParseResult parse, Option<string> db) =>
        parse.GetValue(db) ?? Environment.GetEnvironmentVariable(DatabaseVariable) ?? "releasegate.db";
}
