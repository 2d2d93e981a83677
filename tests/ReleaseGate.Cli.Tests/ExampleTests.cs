using System.Text.Json;
using Xunit;

namespace ReleaseGate.Cli.Tests;

/// <summary>The README walkthrough's example, run as the README runs it, so that it cannot rot.</summary>
public class ExampleTests
{
    private static readonly string[] s_demoArguments =
    [
        "check",
        "--gate", "examples/support-agent/gate.yaml",
        "--results", "examples/support-agent/results/support-core.jsonl", "examples/support-agent/results/regressions.jsonl",
        "--release", "examples/support-agent/releases/candidate.yaml",
        "--baseline-release", "examples/support-agent/releases/baseline.yaml",
    ];

    [Fact]
    public void Support_agent_is_blocked_only_for_the_refunds_regression()
    {
        var run = CliProcess.Run(CliProcess.RepositoryRoot(), null, [.. s_demoArguments, "--format", "json", "--now", "2026-11-20T09:00:00Z"]);

        Assert.Equal(1, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal("blocked", root.GetProperty("verdict").GetString());
        Assert.Equal("2026.11.0", root.GetProperty("release").GetProperty("version").GetString());
        Assert.Equal("2026.10.2", root.GetProperty("baseline").GetProperty("version").GetString());
        var checks = root.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c);
        var failing = checks.Where(c => c.Value.GetProperty("status").GetString() == "fail").Select(c => c.Key).Order().ToList();
        Assert.Equal(["evals/support-core/slice/refunds/no-regression", "evals/support-core/slice/refunds/pass-rate"], failing);

        // The case the product exists for: the average improved, the protected slice regressed.
        var overall = checks["evals/support-core/pass-rate"].GetProperty("measured");
        Assert.Equal("pass", checks["evals/support-core/pass-rate"].GetProperty("status").GetString());
        Assert.Equal(269, overall.GetProperty("passed").GetInt32());
        var refunds = checks["evals/support-core/slice/refunds/no-regression"].GetProperty("measured");
        Assert.Equal(12, refunds.GetProperty("regressed").GetInt32());
        Assert.Equal(1, refunds.GetProperty("improved").GetInt32());
        Assert.True(refunds.GetProperty("p_value").GetDouble() < 0.05);
        Assert.Equal("pass", checks["evidence/model-card"].GetProperty("status").GetString());
        Assert.Equal("pending", checks["approvals/security"].GetProperty("status").GetString());
        Assert.Equal("pass", checks["policies/tool-allowlist"].GetProperty("status").GetString());
        var security = root.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "security");
        Assert.Equal("required because 'tools' in changes", security.GetProperty("reason").GetString());
    }

    [Fact]
    public void Support_agent_fix_passes_every_automated_check_and_waits_on_people()
    {
        string[] arguments =
        [
            "check",
            "--gate", "examples/support-agent/gate.yaml",
            "--results", "examples/support-agent/results/fix/support-core.jsonl", "examples/support-agent/results/fix/regressions.jsonl",
            "--release", "examples/support-agent/releases/fix.yaml",
            "--baseline-release", "examples/support-agent/releases/baseline.yaml",
            "--format", "json", "--now", "2026-11-20T09:00:00Z",
        ];
        var run = CliProcess.Run(CliProcess.RepositoryRoot(), null, arguments);

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal("pending", root.GetProperty("verdict").GetString());
        Assert.Equal("2026.11.1", root.GetProperty("release").GetProperty("version").GetString());
        Assert.Equal("2026.10.2", root.GetProperty("baseline").GetProperty("version").GetString());
        var checks = root.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c);
        var pending = checks.Where(c => c.Value.GetProperty("status").GetString() == "pending").Select(c => c.Key).Order().ToList();
        Assert.Equal(["approvals/governance", "approvals/product", "approvals/security", "reviews/expert-review"], pending);
        Assert.All(checks.Values.Where(c => !pending.Contains(c.GetProperty("id").GetString()!)), c => Assert.Equal("pass", c.GetProperty("status").GetString()));

        // The refund rule is back: what regressed on 2026.11.0 passes again, with nothing else lost.
        var refunds = checks["evals/support-core/slice/refunds/no-regression"].GetProperty("measured");
        Assert.Equal(0, refunds.GetProperty("regressed").GetInt32());
        Assert.Equal(1, refunds.GetProperty("improved").GetInt32());
        Assert.Equal(281, checks["evals/support-core/pass-rate"].GetProperty("measured").GetProperty("passed").GetInt32());
    }

    [Fact]
    public void Support_agent_text_report_says_why_in_plain_words()
    {
        var run = CliProcess.Run(CliProcess.RepositoryRoot(), null, s_demoArguments);

        Assert.Equal(1, run.ExitCode);
        var text = string.Join(' ', run.Stdout.Split('\n').Select(l => l.Trim('|', ' ')));
        Assert.Contains("refunds: 12 cases that passed on the baseline now fail and 1 improved", text, StringComparison.Ordinal);
        Assert.Matches(@"a drop this large by chance is\s+unlikely \(p = 0\.002", text);
        Assert.EndsWith("BLOCKED: 2 checks fail (evals/support-core/slice/refunds/pass-rate, evals/support-core/slice/refunds/no-regression); 4 pending, 20 pass.", run.Stdout.TrimEnd(), StringComparison.Ordinal);
    }
}
