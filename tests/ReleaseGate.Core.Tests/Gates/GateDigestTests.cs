using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReleaseGate.Core.Gates;
using Xunit;

namespace ReleaseGate.Core.Tests.Gates;

public class GateDigestTests
{
    [Fact]
    public void A_bundle_digest_is_the_hash_of_its_index_in_the_bytes_first_stored()
    {
        const string Gate = "workflow: w\n";
        const string Policy = "package rules\n";
        var bundle = new GateBundle("gate.yaml", new Dictionary<string, string>(StringComparer.Ordinal) { ["policies/é+1.cel"] = Policy, ["gate.yaml"] = Gate });

        // The index as the reflection serializer wrote it with default options: PascalCase, files in ordinal order, non-ASCII and '+' escaped.
        var index = $$$"""{"Gate":"gate.yaml","Files":{"gate.yaml":"{{{Of(Gate)}}}","policies/\u00E9\u002B1.cel":"{{{Of(Policy)}}}"}}""";
        var reflected = JsonSerializer.Serialize(new { Gate = "gate.yaml", Files = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["gate.yaml"] = Of(Gate), ["policies/é+1.cel"] = Of(Policy) } });
        Assert.Equal(index, reflected);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(index))), bundle.Digest);
        Assert.Equal(index, Encoding.UTF8.GetString(GateDigest.Index(bundle.GateFile, bundle.FileDigests())));
    }

    [Fact]
    public void A_gate_alone_has_the_digest_of_its_text()
    {
        var bundle = new GateBundle("gate.yaml", new Dictionary<string, string>(StringComparer.Ordinal) { ["gate.yaml"] = "workflow: w\n" });

        Assert.Equal(Of("workflow: w\n"), bundle.Digest);
    }

    [Fact]
    public void An_index_reads_back_as_written()
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { ["gate.yaml"] = Of("a"), ["suites/s.yaml"] = Of("b") };

        var (gate, read) = GateDigest.ReadIndex(GateDigest.Index("gate.yaml", files));

        Assert.Equal("gate.yaml", gate);
        Assert.Equal(files, read);
        Assert.Throws<InvalidDataException>(() => GateDigest.ReadIndex("{\"Gate\":"u8));
    }

    [Theory]
    [InlineData("gate.yaml", "policies/org.yaml", "policies/org.yaml")]
    [InlineData("suites/core.yaml", "cases/core.jsonl", "suites/cases/core.jsonl")]
    [InlineData("suites/core.yaml", "../shared/x.jsonl", "shared/x.jsonl")]
    [InlineData("gate.yaml", "./a/./b/../c.yaml", "a/c.yaml")]
    [InlineData("gate.yaml", "../outside.yaml", "../outside.yaml")]
    public void Bundle_paths_join_and_normalise(string containing, string path, string expected) =>
        Assert.Equal(expected, BundlePaths.Relative(containing, path));

    private static string Of(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
