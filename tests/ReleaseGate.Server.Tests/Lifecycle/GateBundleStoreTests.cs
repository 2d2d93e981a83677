using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReleaseGate.Core.Formats;
using ReleaseGate.Server.Lifecycle;

namespace ReleaseGate.Server.Tests.Lifecycle;

public class GateBundleStoreTests
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
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(index))), GateBundleStore.DigestOf(bundle));
    }

    private static string Of(string text) => ReleaseDigest.Of(Encoding.UTF8.GetBytes(text));
}
