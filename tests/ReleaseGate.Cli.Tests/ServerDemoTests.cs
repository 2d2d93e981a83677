using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary><c>eng/server-demo.sh</c>, the README's server walkthrough in one command, run as a user runs it, with its second act.</summary>
public class ServerDemoTests
{
    [Fact]
    public async Task The_server_demo_blocks_the_candidate_then_reviews_approves_and_ships_the_fix_without_a_person()
    {
        var start = new ProcessStartInfo("bash", ["eng/server-demo.sh", "--loop", "--exit"])
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

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{stdout}\n{await stderr}");
        Assert.Contains("BLOCKED: support-agent 2026.11.0 (release 1)", stdout, StringComparison.Ordinal);
        Assert.Contains("fail    evals/support-core/slice/refunds/no-regression: refunds: 12 cases that passed on the baseline now fail and 1 improved", stdout, StringComparison.Ordinal);
        Assert.Contains("/releases/1", stdout, StringComparison.Ordinal);
        Assert.Contains("REJECTED: support-agent 2026.11.0 (release 1)", stdout, StringComparison.Ordinal);
        Assert.Contains("PENDING: support-agent 2026.11.1 (release 2)", stdout, StringComparison.Ordinal);
        Assert.Contains("pending reviews/expert-review: 0 of 34 items settled", stdout, StringComparison.Ordinal);
        Assert.Contains("settled the dispute over item", stdout, StringComparison.Ordinal);   // ben disagreed once; a third expert settled it
        Assert.Contains("34 items settled, 69 verdicts", stdout, StringComparison.Ordinal);
        Assert.Contains("APPROVED: support-agent 2026.11.1 (release 2)", stdout, StringComparison.Ordinal);
        Assert.Contains("SHIPPED: support-agent 2026.11.1 (release 2)", stdout, StringComparison.Ordinal);

        // The second governance approval came from the CTO office, after the scheduler escalated the stage to it.
        Assert.Matches(@"approvals/governance: .*escalated to cto-office at .* \(level 1\)", stdout);

        // After the production incident joined the bank, a compliance run opens a finding on the shipped release; its owner acknowledges it.
        Assert.Matches(@"compliance run \d+ of support-agent: 1 shipped release x 3 policies, 1 violation; opened 1, resolved 0", stdout);
        Assert.Matches(@"(?m)^\s+\d+ open\s+medium\s+support-agent 2026\.11\.1 bank-replayed \(owner support-leads\)", stdout);
        Assert.Matches(@"finding \d+: acknowledged, medium", stdout);

        // The regression bank: the candidate's refund failure banked as an incident, replayed on the fix and passing there; a
        // failure a reviewer confirmed and flagged banked from the review.
        Assert.Contains("added inc-2461 (active)", stdout, StringComparison.Ordinal);
        Assert.Matches(@"inc-2461\s+active\s+high\s+release INC-2461", stdout);
        Assert.Contains("2026.11.1 (shipped): pass, baseline pass", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^[a-z]+-\d{3}\s+active\s+\w+\s+review$", stdout);
        Assert.Contains("ledger intact", stdout, StringComparison.Ordinal);
        Assert.Matches(@"decisions follow from the record: \d+ derived again and identical", stdout);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
