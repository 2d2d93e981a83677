using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using ReleaseGate.Server.Api;
using ReleaseGate.Server.Identity;
using ReleaseGate.Server.Lifecycle;
using ReleaseGate.Server.Notifications;
using ReleaseGate.Server.Options;
using ReleaseGate.Storage;
using Scalar.AspNetCore;

namespace ReleaseGate.Server;

/// <summary>
/// Builds the ReleaseGate server: one place that wires the store, identity, the API, OpenAPI, health, metrics and logs,
/// used by <c>releasegate serve</c>, the server's own entry point and the tests.
/// </summary>
public static class ServerApp
{
    /// <summary>The meter the server's own metrics are published on.</summary>
    public const string MeterName = "ReleaseGate.Server";

    /// <summary>Builds the application; call <c>RunAsync</c> or <c>StartAsync</c> on it.</summary>
    /// <param name="args">Command-line arguments in ASP.NET Core's form (<c>--urls</c>, <c>--ReleaseGate:Database=…</c>).</param>
    /// <param name="configure">Changes the settings after configuration is read (the CLI's flags).</param>
    /// <param name="time">The local clock; tests pass their own. On PostgreSQL the server decides by the database's clock, which
    /// every instance shares (<see cref="StoreClock.Database"/>), and uses this one only to carry it between readings.</param>
    public static WebApplication Build(string[] args, Action<ServerOptions>? configure = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = new ServerOptions();
        builder.Configuration.GetSection(ServerOptions.Section).Bind(settings);
        configure?.Invoke(settings);
        Validate(settings);

        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(settings));
        builder.Services.AddSingleton<IGateStore>(_ => GateStore.OpenAsync(new GateStoreOptions
        {
            Database = settings.Database,
            TimeProvider = time ?? TimeProvider.System,
        }).GetAwaiter().GetResult());

        // One clock for decisions, expiries and the ledger: the store's, shared by every instance on the same database.
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IGateStore>().Clock);
        builder.Services.AddSingleton(sp => new ReleaseLifecycle(sp.GetRequiredService<TimeProvider>()) { Evidence = new StoredEvidence { MaxEvidenceCases = settings.MaxEvidenceCases } });
        builder.Services.AddSingleton<TokenCache>();
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<Operations.OperationsMetrics>();
        builder.Services.AddSingleton<Operations.ComplianceRuns>();
        builder.Services.AddSingleton<Operations.EscalationSweep>();
        builder.Services.AddSingleton<Operations.WaiverExpiries>();
        builder.Services.AddSingleton<Operations.Scheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Operations.Scheduler>());
        builder.Services.AddSingleton<WebhookDelivery>();
        if (settings.Webhooks.Deliver)
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDelivery>());
        }

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            ProblemCodes.Complete(c.ProblemDetails);
            BodyLimits.Describe(c, settings);
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        builder.Services.AddOpenApi("v1", o => o.AddSchemaTransformer((schema, context, _) =>
        {
            // A converter hides the type from the generator (on a nullable property it sits inside the framework's wrapper);
            // the wire form is still a string or null.
            if (context.JsonPropertyInfo is { PropertyType: var type, CustomConverter: not null } && type == typeof(DateTimeOffset?))
            {
                schema.Type = Microsoft.OpenApi.JsonSchemaType.String | Microsoft.OpenApi.JsonSchemaType.Null;
            }

            return Task.CompletedTask;
        }).AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ReleaseGate API";
            document.Info.Version = "v1";
            document.Info.Description = "Collects evidence and approvals for releases of AI workflows, re-decides as they arrive, and records every change in a hash-chained ledger. Errors are RFC 9457 problem details with a stable 'code' (RG1601-RG1689).";

            // The committed document must not depend on where the server happens to listen.
            document.Servers = [];
            return Task.CompletedTask;
        }));
        builder.Services.AddSingleton<StoreHealthCheck>();

        // Multipart uploads are at most MaxBodyBytes: kept in memory, never in framework temporary files that a crash leaves.
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
        {
            o.MemoryBufferThreshold = (int)Math.Min(settings.MaxBodyBytes, int.MaxValue);
            o.MultipartBodyLengthLimit = settings.MaxBodyBytes;
        });
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(MeterName)
            .AddPrometheusExporter());
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = settings.MaxEvidenceBytes * BodyLimits.DrainFactor;
            k.Limits.MaxRequestLineSize = RequestTargets.MaxRequestLineSize;
            k.AddServerHeader = false;
        });
        Authentication.Add(builder.Services, settings.Oidc);
        // Request-by-request framework logs drown the server's own at Information; configuration can still lower this.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (builder.Configuration["Logging:Format"] == "json")
        {
            builder.Logging.ClearProviders().AddJsonConsole(o => o.IncludeScopes = true);
        }

        var app = builder.Build();

        // Open (and migrate) the database now: a bad connection string fails the start, not the first request.
        app.Services.GetRequiredService<IGateStore>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(RequestTargets.Middleware());
        app.Use(BodyLimits.Middleware(settings));
        app.UseAuthentication();
        app.Use(Endpoints.Middleware());
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs");
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        var api = app.MapGroup("/api/v1");
        WorkflowsApi.Map(api.MapGroup("").WithTags("Workflows"));
        ReleasesApi.Map(api.MapGroup("").WithTags("Releases"));
        ApprovalsApi.Map(api.MapGroup("").WithTags("Approvals"));
        WaiversApi.Map(api.MapGroup("").WithTags("Waivers"));
        ReviewsApi.Map(api.MapGroup("").WithTags("Reviews"));
        BankApi.Map(api.MapGroup("").WithTags("Regression bank"));
        ComplianceApi.Map(api.MapGroup("").WithTags("Compliance"));
        LedgerApi.Map(api.MapGroup("").WithTags("Ledger"));
        IdentityApi.Map(api.MapGroup("").WithTags("Identity"));
        WebhooksApi.Map(api.MapGroup("").WithTags("Webhooks"));
        Ui.ControlCenter.Map(app);
        return app;
    }

    /// <summary>
    /// Starts a server on a loopback port chosen by the system, for the demo, tests and benchmarks; the returned address is
    /// where it listens. Dispose the application to stop it.
    /// </summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(Action<ServerOptions> configure, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var app = Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], configure, time);
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        return (app, new Uri(address));
    }

    /// <summary>
    /// Registers the gate at <paramref name="gatePath"/> (with the files it names) on a built server, as an admin would
    /// through the API: for programs such as the demo that start a server with a workflow ready.
    /// </summary>
    /// <exception cref="InvalidDataException">The gate or a file it names is invalid; the message lists every error.</exception>
    public static async Task<GateRegisteredV1> RegisterGateAsync(WebApplication app, string gatePath, string actor = "releasegate", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (loaded, bundle, errors) = GateRegistration.LoadFile(gatePath);
        if (bundle is null || loaded is null)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
        }

        return Views.Registered(await GateRegistration.SaveAsync(app.Services.GetRequiredService<IGateStore>(), app.Services.GetRequiredService<ReleaseLifecycle>(), bundle, loaded, actor, cancellationToken));
    }

    private static void Validate(ServerOptions settings)
    {
        var result = new ServerOptionsValidator().Validate(null, settings);
        if (result.Failed)
        {
            throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), result.Failures);
        }
    }
}
