using System.Text;

namespace ReleaseGate.Server.Tests;

/// <summary>Small gates, manifests and results for the server tests.</summary>
internal static class Samples
{
    public static string Gate(string workflow = "demo", int governanceCount = 2) => $$"""
        apiVersion: releasegate/v1
        kind: Gate
        workflow: {{workflow}}
        risk: high
        evals:
          - suite: core
            min_pass_rate: 0.8
        approvals:
          - { stage: product, group: leads, count: 1 }
          - { stage: governance, group: governance, count: {{governanceCount}} }
        waivers: { group: governance, max_duration: 14d }
        """;

    public static string Manifest(string version = "1.0.0", string workflow = "demo") => $"""
        apiVersion: releasegate/v1
        kind: Release
        workflow: {workflow}
        version: "{version}"
        components:
          model: model-{version}
        """;

    /// <summary>Ten results of suite core, <paramref name="passing"/> of them passing.</summary>
    public static string Results(int passing, string suffix = "")
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            text.Append($$"""{"suite":"core","case":"c{{i}}{{suffix}}","pass":{{(i < passing ? "true" : "false")}}}""").Append('\n');
        }

        return text.ToString();
    }
}
