using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Yaml;

/// <summary>A list of nodes.</summary>
public sealed class YamlSequence : YamlNode
{
    internal YamlSequence(List<YamlNode> items, SourceLocation location)
        : base(location) => Items = items;

    internal List<YamlNode> Items { get; }

    /// <inheritdoc/>
    public override string Describe() => "a list";
}
