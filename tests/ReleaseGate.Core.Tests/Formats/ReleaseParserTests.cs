using System.Text;
using ReleaseGate.Core.Formats;
using Xunit;

namespace ReleaseGate.Core.Tests.Formats;

public class ReleaseParserTests
{
    private const string Manifest = """
        apiVersion: releasegate/v1
        kind: Release
        workflow: support-agent
        version: 2026.11.3
        components:
          model: gpt-4o-mini
          prompts:
            system: prompts/system.md
          tools: [search_kb, lookup_order]
          config: { temperature: 0.2, max_tokens: 512, stop: ["\n"] }
        attachments:
          model-card: docs/model-card.md
          red-team-report: { file: docs/red-team.md }
        """;

    private static readonly Dictionary<string, string> s_files = new()
    {
        ["prompts/system.md"] = ReleaseDigest.Of(Encoding.UTF8.GetBytes("You are a support agent.")),
        ["docs/model-card.md"] = ReleaseDigest.Of(Encoding.UTF8.GetBytes("card")),
        ["docs/red-team.md"] = ReleaseDigest.Of(Encoding.UTF8.GetBytes("report")),
    };

    [Fact]
    public void Manifest_parses_with_every_component()
    {
        var manifest = ReleaseParser.Parse(Manifest, "r.yaml").GetValueOrThrow();

        Assert.Equal("2026.11.3", manifest.Version);
        Assert.Equal(["search_kb", "lookup_order"], manifest.Tools);
        Assert.Equal(0.2, manifest.Config!["temperature"]!.GetValue<double>());
        Assert.Equal(["prompts/system.md", "docs/model-card.md", "docs/red-team.md"], manifest.ReferencedFiles());
    }

    [Fact]
    public void Canonical_form_replaces_files_by_their_digests_and_sorts_keys()
    {
        var manifest = ReleaseParser.Parse(Manifest, "r.yaml").GetValueOrThrow();

        var canonical = ReleaseDigest.CanonicalForm(manifest, s_files);

        Assert.StartsWith("""{"apiVersion":"releasegate/v1","attachments":{"model-card":"sha256:""", canonical, StringComparison.Ordinal);
        Assert.Contains("\"config\":{\"max_tokens\":512,\"stop\":[\"\\n\"],\"temperature\":0.2}", canonical, StringComparison.Ordinal);
        Assert.Contains("\"prompts\":{\"system\":\"" + s_files["prompts/system.md"] + "\"}", canonical, StringComparison.Ordinal);
        Assert.DoesNotContain("prompts/system.md", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_ignores_formatting_but_changes_with_a_prompt_byte()
    {
        var a = ReleaseParser.Parse(Manifest, "r.yaml").GetValueOrThrow();
        var reformatted = ReleaseParser.Parse(Manifest.Replace("tools: [search_kb, lookup_order]", "tools:\n    - search_kb\n    - lookup_order", StringComparison.Ordinal) + "\n# a comment\n", "r.yaml").GetValueOrThrow();
        var changedPrompt = new Dictionary<string, string>(s_files) { ["prompts/system.md"] = ReleaseDigest.Of("You are a support agent!"u8) };

        Assert.Equal(ReleaseDigest.Compute(a, s_files), ReleaseDigest.Compute(reformatted, s_files));
        Assert.NotEqual(ReleaseDigest.Compute(a, s_files), ReleaseDigest.Compute(a, changedPrompt));
    }

    [Theory]
    [InlineData("apiVersion: releasegate/v1\nkind: Release\nversion: 1\n", "RG1005", 1, 1)]
    [InlineData("apiVersion: releasegate/v1\nkind: Release\nworkflow: w\nversion: 1\ncomponents:\n  modle: x\n", "RG1004", 6, 3)]
    [InlineData("apiVersion: releasegate/v1\nkind: Release\nworkflow: w\nversion: 1\ncomponents:\n  tools: search_kb\n", "RG1006", 6, 10)]
    [InlineData("apiVersion: releasegate/v1\nkind: Release\nworkflow: w\nversion: 1\nattachments:\n  card: { file: a.md, digest: md5:abc }\n", "RG1006", 6, 31)]
    [InlineData("apiVersion: releasegate/v1\nkind: Release\nworkflow: w\nversion: 1\nattachments:\n  card: { path: a.md }\n", "RG1004", 6, 11)]
    public void Malformed_manifest_reports_code_and_location(string text, string code, int line, int column)
    {
        var result = ReleaseParser.Parse(text, "r.yaml");

        Assert.Contains(result.Errors, e => e.Code == code && e.Location.Line == line && e.Location.Column == column);
    }
}
