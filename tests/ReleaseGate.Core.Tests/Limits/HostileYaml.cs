using System.Text;

namespace ReleaseGate.Core.Tests.Limits;

/// <summary>The hostile documents of issue 16, built in memory.</summary>
internal static class HostileYaml
{
    public const string ManifestHead = """
        apiVersion: releasegate/v1
        kind: Release
        workflow: support-agent
        version: 1.0.0
        components:
          model: m

        """;

    /// <summary>A release whose <c>config</c> nests flow mappings <paramref name="depth"/> levels deep (about 100 KB at 50,000).</summary>
    public static string DeepConfig(int depth) =>
        ManifestHead + "  config: " + string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth) + "\n";

    /// <summary>A release whose <c>config</c> nests flow lists <paramref name="depth"/> levels deep.</summary>
    public static string DeepList(int depth) =>
        ManifestHead + "  config:\n    x: " + new string('[', depth) + new string(']', depth) + "\n";

    /// <summary>
    /// A release whose <c>config</c> holds a list of ten items, then <paramref name="levels"/> levels of lists that alias
    /// the level below ten times: ten to the power of levels + 1 scalars once expanded, in a few hundred bytes.
    /// </summary>
    public static string AliasBomb(int levels)
    {
        var text = new StringBuilder(ManifestHead);
        text.Append("  config:\n    l0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= levels; level++)
        {
            var alias = $"*a{level - 1}";
            text.Append($"    l{level}: &a{level} [{string.Join(", ", Enumerable.Repeat(alias, 10))}]\n");
        }

        return text.ToString();
    }
}
