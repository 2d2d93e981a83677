using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Yaml;

/// <summary>
/// A YAML node that keeps its location, the order of its keys and any duplicate keys: a <see cref="YamlScalar"/>,
/// <see cref="YamlSequence"/> or <see cref="YamlMapping"/>. Only Core's reader creates nodes.
/// </summary>
public abstract class YamlNode
{
    private protected YamlNode(SourceLocation location) => Location = location;

    internal SourceLocation Location { get; }

    /// <summary>The word used in messages for what this node is ("a string", "a list", ...).</summary>
    public abstract string Describe();
}
