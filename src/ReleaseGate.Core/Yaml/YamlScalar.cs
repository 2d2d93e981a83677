using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Yaml;

/// <summary>A scalar: its text and whether it was written without quotes.</summary>
public sealed class YamlScalar : YamlNode
{
    internal YamlScalar(string value, bool plain, SourceLocation location)
        : base(location)
    {
        Value = value;
        Plain = plain;
    }

    /// <summary>The scalar's text, after YAML unescaping.</summary>
    public string Value { get; }

    /// <summary>Whether the scalar was written without quotes (only plain scalars are numbers, booleans or null).</summary>
    internal bool Plain { get; }

    internal bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc/>
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
