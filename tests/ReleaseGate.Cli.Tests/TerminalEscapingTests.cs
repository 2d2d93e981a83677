using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>
/// What the client prints from a server is untrusted: a server (compromised, or an older one that stored such values)
/// that answers with escape sequences and bidirectional overrides must not redraw the terminal.
/// </summary>
public class TerminalEscapingTests
{
    private const string Hostile = "6.0\u001b[2K\rAPPROVED\u202E";

    [Fact]
    public async Task Status_shows_a_hostile_version_and_summary_escaped()
    {
        var check = """{"id":"evals/core/pass-rate","status":"fail","summary":""" + Json("bad\u001b[1A\u001b[2KAPPROVED") + "}";
        var release = $$"""
            {"id":1,"workflow":"demo","version":{{Json(Hostile)}},"state":"blocked","link":{{Json("http://x/\u001b]8;;evil\u0007")}},
             "decision":{"verdict":"blocked","checks":[{{check}}]}
            """ + "}";
        using var folder = new TempFolder();
        await using var fake = await FakeServer.StartAsync(200, "application/json", release);

        var outcome = await Task.Run(() => CliProcess.Run(folder.Path, null, "status", "--release", "1", "--server", fake.Url, "--token", "rg_test"));

        Assert.Equal(1, outcome.ExitCode);
        AssertInert(outcome.Stdout);
        Assert.Contains("BLOCKED: demo 6.0\\e[2K\\rAPPROVED\\u{202E} (release 1)", outcome.Stdout);
        Assert.Contains("bad\\e[1A\\e[2KAPPROVED", outcome.Stdout);
    }

    [Fact]
    public async Task A_problem_with_escape_sequences_is_printed_escaped()
    {
        var problem = $$"""{"title":"x","status":400,"code":"RG1601","detail":{{Json("no\u001b[2J\rcleared")}},"errors":[{{Json("f:1:1: RG1030: \u202Eevil")}}]}""";
        using var folder = new TempFolder();
        await using var fake = await FakeServer.StartAsync(400, "application/problem+json", problem);

        var outcome = await Task.Run(() => CliProcess.Run(folder.Path, null, "status", "--release", "1", "--server", fake.Url, "--token", "rg_test"));

        Assert.Equal(2, outcome.ExitCode);
        AssertInert(outcome.Stderr);
        Assert.Contains("releasegate: RG1601: no\\e[2J\\rcleared", outcome.Stderr);
        Assert.Contains("\\u{202E}evil", outcome.Stderr);
    }

    private static void AssertInert(string output)
    {
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\r', output);
        Assert.DoesNotContain('\u0007', output);
        Assert.DoesNotContain('\u202E', output);
    }

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    /// <summary>Answers every request on a loopback port with one fixed response.</summary>
    private sealed class FakeServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private FakeServer(TcpListener listener, byte[] response)
        {
            _listener = listener;
            _loop = Task.Run(() => ServeAsync(response));
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public static Task<FakeServer> StartAsync(int status, string type, string body)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status} X\r\nContent-Type: {type}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            return Task.FromResult(new FakeServer(listener, [.. Encoding.ASCII.GetBytes(head), .. bytes]));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }

        private async Task ServeAsync(byte[] response)
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = client.GetStream();
                var buffer = new byte[8192];
                var seen = new StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await stream.WriteAsync(response, _stop.Token);
            }
        }
    }
}
