using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.MockModel;

namespace ReleaseGate.Cli.Commands;

/// <summary>
/// <c>releasegate mock-model</c>: an OpenAI-compatible model server on 127.0.0.1 with scripted, deterministic answers,
/// latency and fault injection, for the demo, tests and benchmarks. Runs until Ctrl-C or SIGTERM.
/// </summary>
public static class MockModelCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "The port on 127.0.0.1 (0 picks a free one; the first line printed names it).", DefaultValueFactory = _ => 8787 };
        var latency = new Option<int>("--latency-ms") { Description = "Milliseconds each answer takes.", DefaultValueFactory = _ => 0 };
        var jitter = new Option<int>("--jitter-ms") { Description = "Latency varies uniformly by up to this many milliseconds either way." };
        var rules = new Option<string>("--rules") { Description = "A rules file (kind: MockModelRules): pattern → answer or tool calls. Without it, the model echoes the last user message." };
        var failRate = new Option<string>("--fail-rate") { Description = "Fault injection, such as 429=0.05,500=0.02,timeout=0.01,malformed=0.01." };
        var retryAfter = new Option<int>("--retry-after-ms") { Description = "What injected 429s ask clients to wait.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fault and jitter draws.", DefaultValueFactory = _ => 1 };
        var command = new Command("mock-model", "Serve an OpenAI-compatible mock model with scripted answers, latency and fault injection.")
        {
            port, latency, jitter, rules, failRate, retryAfter, seed,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(port), parse.GetValue(latency), parse.GetValue(jitter), parse.GetValue(rules), parse.GetValue(failRate),
            parse.GetValue(retryAfter), parse.GetValue(seed), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(
        int port, int latencyMs, int jitterMs, string? rulesFile, string? failRate, int retryAfterMs, int seed, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        string? problem = port is < 0 or > 65535 ? $"--port must be between 0 and 65535; got {port}."
            : latencyMs < 0 || jitterMs < 0 || retryAfterMs < 0 ? "--latency-ms, --jitter-ms and --retry-after-ms must not be negative."
            : null;
        var faults = FaultRates.None;
        if (problem is null && failRate is not null && FaultRates.TryParse(failRate, out var why) is not { } parsed)
        {
            problem = $"--fail-rate: {why}; write it as 429=0.05,500=0.02,timeout=0.01,malformed=0.01.";
        }
        else if (failRate is not null)
        {
            faults = FaultRates.TryParse(failRate, out _) ?? FaultRates.None;
        }

        if (problem is not null)
        {
            await stderr.WriteLineAsync($"releasegate: {ErrorCodes.Usage}: {problem}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var rules = MockRules.Echo;
        if (rulesFile is not null)
        {
            var readErrors = new List<GateError>();
            if (Input.InputFiles.ReadText(rulesFile, readErrors) is not { } text)
            {
                foreach (var error in readErrors)
                {
                    await stderr.WriteLineAsync(error.ToString()).ConfigureAwait(false);
                }

                return ExitCodes.BadInput;
            }

            var parsedRules = MockRulesParser.Parse(text, rulesFile);
            if (!parsedRules.Success)
            {
                foreach (var error in parsedRules.Errors)
                {
                    await stderr.WriteLineAsync(error.ToString()).ConfigureAwait(false);
                }

                return ExitCodes.BadInput;
            }

            rules = parsedRules.Value;
        }

        var options = new MockModelOptions
        {
            Port = port,
            Latency = TimeSpan.FromMilliseconds(latencyMs),
            Jitter = TimeSpan.FromMilliseconds(jitterMs),
            Rules = rules,
            Faults = faults,
            RetryAfter = TimeSpan.FromMilliseconds(retryAfterMs),
            Seed = seed,
        };
        MockModelServer server;
        try
        {
            server = await MockModelServer.StartAsync(options, stop).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"releasegate: {ErrorCodes.Usage}: cannot listen on 127.0.0.1:{port}: {ex.Message}. Pick another --port, or 0 for a free one.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        using var terminate = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            terminate.Cancel();
        });
        await using (server.ConfigureAwait(false))
        {
            await stdout.WriteLineAsync($"mock-model listening on {server.BaseUrl} ({rules.Rules.Count.ToString(CultureInfo.InvariantCulture)} rules, latency {latencyMs} ms); Ctrl-C stops it").ConfigureAwait(false);
            await stdout.FlushAsync(stop).ConfigureAwait(false);
            await server.RunUntilCancelledAsync(terminate.Token).ConfigureAwait(false);
            var s = server.Stats;
            await stdout.WriteLineAsync($"mock-model: {s.Requests} requests ({s.Answered} answered, {s.RateLimited} 429, {s.ServerErrors} 500, {s.Timeouts} timeouts, {s.Malformed} malformed)").ConfigureAwait(false);
        }

        return ExitCodes.Pass;
    }
}
