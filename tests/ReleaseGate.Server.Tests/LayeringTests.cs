using System.Text.RegularExpressions;
using ReleaseGate.Server.Lifecycle;

namespace ReleaseGate.Server.Tests;

public class LayeringTests
{
    // Issue 17: the server's layers run one way, Api → Lifecycle → Storage. Lifecycle and Identity name no type of Api
    // (not even in a comment), so an approval can be followed from the request to the ledger in one direction.
    [Theory]
    [InlineData("Lifecycle")]
    [InlineData("Identity")]
    public void A_lower_layer_names_no_type_of_the_Api_layer(string layer)
    {
        var apiTypes = typeof(ReleaseLifecycle).Assembly.GetTypes()
            .Where(t => t.Namespace == "ReleaseGate.Server.Api" && !t.Name.Contains('<', StringComparison.Ordinal))
            .Select(t => t.Name.Split('`')[0])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("ApprovalsApi", apiTypes);
        var pattern = new Regex($@"\b(ReleaseGate\.Server\.Api|{string.Join('|', apiTypes.Select(Regex.Escape))})\b", RegexOptions.None, TimeSpan.FromSeconds(5));
        var folder = Path.Combine(HostTests.RepositoryRoot(), "src", "ReleaseGate.Server", layer);
        var uses = Directory.EnumerateFiles(folder, "*.cs")
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetFileName(file), Line: i + 1, Text: line)))
            .Where(l => pattern.IsMatch(l.Text))
            .Select(l => $"{layer}/{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(uses.Count == 0, string.Join(Environment.NewLine, uses));
    }
}
