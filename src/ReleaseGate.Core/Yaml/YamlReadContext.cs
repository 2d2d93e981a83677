using System.Globalization;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Yaml;

/// <summary>Collects the errors of one file while its nodes are turned into model objects.</summary>
public sealed class YamlReadContext(string file)
{
    internal string File { get; } = file;

    /// <summary>The errors reported so far, in the order found.</summary>
    public List<GateError> Errors { get; } = [];

    /// <summary>Reports an error at <paramref name="node"/>.</summary>
    public void Error(string code, string message, YamlNode node) => Errors.Add(new GateError(code, message, node.Location));

    /// <summary>Reports an error at <paramref name="location"/>.</summary>
    public void Error(string code, string message, SourceLocation location) => Errors.Add(new GateError(code, message, location));

    /// <summary>Opens a node as a mapping whose keys are checked; reports and returns null when it is not one.</summary>
    public MappingReader? Mapping(YamlNode? node, string name, string context)
    {
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        if (node is YamlMapping mapping)
        {
            return new MappingReader(this, mapping, context);
        }

        Error(ErrorCodes.WrongType, Messages.WrongType(name, "a mapping of keys to values", node.Describe()), node);
        return null;
    }

    /// <summary>Returns the items of a list node; empty for a missing or null node, and reported when the node is not a list.</summary>
    public List<YamlNode> Sequence(YamlNode? node, string name)
    {
        switch (node)
        {
            case null or YamlScalar { IsNull: true }:
                return [];
            case YamlSequence sequence:
                return sequence.Items;
            default:
                Error(ErrorCodes.WrongType, Messages.WrongType(name, "a list", node.Describe()), node);
                return [];
        }
    }

    /// <summary>Returns a scalar's text; null for a missing or null node, and reported when the node is not a scalar.</summary>
    public string? String(YamlNode? node, string name)
    {
        switch (node)
        {
            case null or YamlScalar { IsNull: true }:
                return null;
            case YamlScalar scalar:
                return scalar.Value;
            default:
                Error(ErrorCodes.WrongType, Messages.WrongType(name, "a string", node.Describe()), node);
                return null;
        }
    }

    internal double? Number(YamlNode? node, string name, double min, double max, string range)
    {
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        if (node is YamlScalar { Plain: true } written && IsNonFinite(written.Value))
        {
            Error(ErrorCodes.NotFinite, Messages.NotFinite(name, written.Value), node);
            return null;
        }

        if (node is not YamlScalar { Plain: true } scalar
            || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            Error(ErrorCodes.WrongType, Messages.WrongType(name, "a number", node.Describe()), node);
            return null;
        }

        if (value < min || value > max)
        {
            Error(ErrorCodes.OutOfRange, Messages.OutOfRange(name, range, scalar.Value), node);
            return null;
        }

        return value;
    }

    /// <summary>
    /// Whether a plain scalar is a number that is not finite: YAML's <c>.inf</c> and <c>.nan</c> spellings, or digits whose
    /// value is too large for a double (<c>1e999</c>). Words such as <c>Infinity</c> stay words.
    /// </summary>
    internal static bool IsNonFinite(string value)
    {
        var unsigned = value.StartsWith('+') || value.StartsWith('-') ? value[1..] : value;
        if (unsigned is ".inf" or ".Inf" or ".INF" || value is ".nan" or ".NaN" or ".NAN")
        {
            return true;
        }

        return unsigned.Length > 0 && (char.IsAsciiDigit(unsigned[0]) || (unsigned[0] == '.' && unsigned.Length > 1 && char.IsAsciiDigit(unsigned[1])))
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsFinite(number);
    }

    internal int? Integer(YamlNode? node, string name, int min, int max)
    {
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        if (node is not YamlScalar { Plain: true } scalar || !int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(ErrorCodes.WrongType, Messages.WrongType(name, "a whole number", node.Describe()), node);
            return null;
        }

        if (value < min || value > max)
        {
            var range = max == int.MaxValue ? $"at least {min}" : $"between {min} and {max}";
            Error(ErrorCodes.OutOfRange, Messages.OutOfRange(name, range, scalar.Value), node);
            return null;
        }

        return value;
    }

    internal bool? Boolean(YamlNode? node, string name)
    {
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        if (node is YamlScalar { Plain: true, Value: "true" or "True" or "TRUE" })
        {
            return true;
        }

        if (node is YamlScalar { Plain: true, Value: "false" or "False" or "FALSE" })
        {
            return false;
        }

        Error(ErrorCodes.WrongType, Messages.WrongType(name, "true or false", node.Describe()), node);
        return null;
    }

    /// <summary>Reads a scalar as one of the words of <paramref name="choices"/>; null when absent, and reported with a did-you-mean when the word is unknown.</summary>
    public T? Choice<T>(YamlNode? node, string name, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var text = String(node, name);
        if (text is null)
        {
            return null;
        }

        if (choices.TryGetValue(text, out var value))
        {
            return value;
        }

        Error(ErrorCodes.InvalidChoice, Messages.Choice(name, text, choices.Keys, NameSuggester.Suggest(text, choices.Keys)), node!);
        return null;
    }

    internal TimeSpan? Duration(YamlNode? node, string name)
    {
        var text = String(node, name);
        if (text is null)
        {
            return null;
        }

        if (DurationText.TryParse(text, out var value))
        {
            return value;
        }

        Error(ErrorCodes.InvalidDuration, Messages.Duration(name, text), node!);
        return null;
    }

    internal DateTimeOffset? Timestamp(YamlNode? node, string name)
    {
        var text = String(node, name);
        if (text is null)
        {
            return null;
        }

        if (TimestampText.TryParse(text, out var value))
        {
            return value;
        }

        Error(ErrorCodes.InvalidTimestamp, Messages.Timestamp(name, text), node!);
        return null;
    }
}
