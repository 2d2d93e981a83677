using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Yaml;

/// <summary>A mapping, with its keys in document order and duplicates kept so that readers can report them.</summary>
public sealed class YamlMapping : YamlNode
{
    internal YamlMapping(List<KeyValuePair<YamlScalar, YamlNode>> entries, SourceLocation location)
        : base(location) => Entries = entries;

    /// <summary>The key-value pairs in document order.</summary>
    public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; }

    /// <inheritdoc/>
    public override string Describe() => "a mapping";
}
