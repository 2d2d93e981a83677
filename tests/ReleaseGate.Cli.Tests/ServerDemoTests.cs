using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary><c>eng/server-demo.sh</c>, the README's server walkthrough in one command, run as a user runs it.</summary>
public class ServerDemoTests
{
    [Fact]
    public async Task The_server_demo_runs_the_evals_submits_the_candidate_and_prints_the_blocked_decision()
    {
        var start = new ProcessStartInfo("bash", ["eng/server-demo.sh", "--exit"])
        {
            WorkingDirectory = CliProcess.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}\n{stdout}\n{await stderr}");
        Assert.Contains("BLOCKED: support-agent 2026.11.0 (release 1)", stdout, StringComparison.Ordinal);
        Assert.Contains("fail    evals/support-core/slice/refunds/no-regression: refunds: 12 cases that passed on the baseline now fail and 1 improved", stdout, StringComparison.Ordinal);
        Assert.Contains("/api/v1/releases/1", stdout, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
