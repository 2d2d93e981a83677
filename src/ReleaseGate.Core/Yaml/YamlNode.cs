using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Yaml;

/// <summary>A YAML node that keeps its location, the order of its keys and any duplicate keys.</summary>
internal abstract class YamlNode(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>The word used in messages for what this node is ("a string", "a list", ...).</summary>
    public abstract string Describe();
}

internal sealed class YamlScalar(string value, bool plain, SourceLocation location) : YamlNode(location)
{
    public string Value { get; } = value;

    /// <summary>Whether the scalar was written without quotes (only plain scalars are numbers, booleans or null).</summary>
    public bool Plain { get; } = plain;

    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe()
    {
        if (IsNull)
        {
            return "empty";
        }

        if (!Plain)
        {
            return $"the string '{Value}'";
        }

        return Value is "true" or "false" or "True" or "False" ? $"the boolean {Value}" : $"'{Value}'";
    }
}

internal sealed class YamlSequence(List<YamlNode> items, SourceLocation location) : YamlNode(location)
{
    public List<YamlNode> Items { get; } = items;

    public override string Describe() => "a list";
}

internal sealed class YamlMapping(List<KeyValuePair<YamlScalar, YamlNode>> entries, SourceLocation location) : YamlNode(location)
{
    public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = entries;

    public override string Describe() => "a mapping";
}
