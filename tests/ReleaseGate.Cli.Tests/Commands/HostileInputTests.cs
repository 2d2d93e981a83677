using System.Diagnostics;
using System.Text;
using Xunit;

namespace ReleaseGate.Cli.Tests.Commands;

/// <summary>Issue 16: <c>check</c> on hostile files gives the clear error and exit 2, never an abort.</summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Gate = """
        apiVersion: releasegate/v1
        kind: Gate
        workflow: support-agent
        evals:
          - suite: core
            min_pass_rate: 0.8
        """;

    private const string ManifestHead = """
        apiVersion: releasegate/v1
        kind: Release
        workflow: support-agent
        version: 1.0.0
        components:
          model: m

        """;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliProcess.Outcome Check(params string[] args)
    {
        var results = _dir.Write("ok.jsonl", "{\"suite\":\"core\",\"case\":\"a\",\"pass\":true}\n");
        var watch = Stopwatch.StartNew();
        var run = CliProcess.Run(_dir.Path, null, ["check", "--gate", _dir.Write("gate.yaml", Gate), "--results", results, .. args]);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        return run;
    }

    [Fact]
    public void A_manifest_nested_50000_levels_deep_is_an_error_not_a_stack_overflow()
    {
        var release = _dir.Write("deep.yaml", ManifestHead + "  config: " + string.Concat(Enumerable.Repeat("{a: ", 50_000)) + "1" + new string('}', 50_000) + "\n");

        var run = Check("--release", release);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{release}:7:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("RG1021: the document nests lists and mappings more than 64 levels deep", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nine_level_alias_bomb_is_an_error_in_well_under_a_second_of_work()
    {
        var text = new StringBuilder(ManifestHead).Append("  config:\n    l0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= 9; level++)
        {
            text.Append($"    l{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");
        }

        var run = Check("--release", _dir.Write("bomb.yaml", text.ToString()));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("RG1023: its aliases would add more nodes than the document writes out, plus 10000", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_a_gate_is_an_error_at_its_line_and_column()
    {
        var gate = Path.Combine(_dir.Path, "bad.yaml");
        File.WriteAllBytes(gate, [.. Encoding.UTF8.GetBytes("apiVersion: releasegate/v1\nkind: Gate\nworkflow: supp"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("rt\n")]);

        var run = CliProcess.Run(_dir.Path, null, "check", "--gate", gate, "--results", _dir.Write("ok.jsonl", "{\"suite\":\"core\",\"case\":\"a\",\"pass\":true}\n"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{gate}:3:15: RG1026: the text is not valid UTF-8", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_results_line_over_the_limit_is_an_error_naming_the_line_and_the_rest_is_read()
    {
        var path = Path.Combine(_dir.Path, "long.jsonl");
        using (var file = File.Create(path))
        {
            file.Write("{\"suite\":\"core\",\"case\":\"a\",\"pass\":true}\n{\"suite\":\"core\",\"case\":\"b\",\"pass\":true,\"output\":\""u8);
            var chunk = new byte[1 << 20];
            chunk.AsSpan().Fill((byte)'x');
            for (var i = 0; i < 6; i++)
            {
                file.Write(chunk);
            }

            file.Write("\"}\n{\"suite\":\"core\",\"case\":\"c\",\"pass\":1e999}\n"u8);
        }

        var run = Check("--results", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{path}:2: RG1105: the line is longer than 4194304 bytes", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{path}:3:", run.Stderr, StringComparison.Ordinal);
    }
}
