using System.Net;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Runner.Targets;

/// <summary>Builds callable targets from definitions, sharing one HTTP connection pool.</summary>
public sealed class TargetFactory : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Creates a factory whose HTTP pool allows <paramref name="connections"/> connections per server.</summary>
    public TargetFactory(int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, connections),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// Creates the target; a missing API key variable is an error located at the target's definition.
    /// </summary>
    /// <param name="definition">What to call.</param>
    /// <param name="timeout">
    /// The run's per-request timeout; the target's own replaces it (<see cref="TargetDefinition.EffectiveTimeout"/>), for the
    /// SDK's network timeout as for the runner's.
    /// </param>
    /// <param name="environment">Reads environment variables (injected for tests).</param>
    /// <param name="errors">Receives problems.</param>
    public ITarget? Create(TargetDefinition definition, TimeSpan timeout, Func<string, string?> environment, ICollection<GateError> errors)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(errors);
        string? key = null;
        if (definition.ApiKeyEnv is { } variable)
        {
            key = environment(variable);
            if (string.IsNullOrEmpty(key) && definition.Kind == TargetKind.OpenAi && !IsLoopback(definition.Url))
            {
                errors.Add(new GateError(ErrorCodes.TargetInvalid, RunnerMessages.ApiKeyMissing(variable, definition.Id), definition.Location));
                return null;
            }
        }

        return definition.Kind switch
        {
            // A local endpoint (mock-model, a local server) needs no key; the SDK still wants one, so send a placeholder.
            TargetKind.OpenAi => new OpenAiTarget(definition, string.IsNullOrEmpty(key) ? "no-key" : key, _http, definition.EffectiveTimeout(timeout)),
            TargetKind.Http => new HttpTarget(definition, string.IsNullOrEmpty(key) ? null : key, _http),
            _ => new CommandTarget(definition),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static bool IsLoopback(Uri? url) => url is not null && (url.IsLoopback || url.Host == "127.0.0.1");
}
