using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Yaml;

/// <summary>
/// Reads the keys of one mapping. Every key the model knows is named when read, present or not, so that
/// <see cref="Finish"/> can report the keys nobody asked for as unknown, with a did-you-mean.
/// </summary>
public sealed class MappingReader
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly string _description;

    /// <summary>Starts reading <paramref name="mapping"/>; <paramref name="description"/> names it in messages.</summary>
    internal MappingReader(YamlReadContext context, YamlMapping mapping, string description)
    {
        Context = context;
        Node = mapping;
        _description = description;
    }

    /// <summary>The file's context, for reading nested nodes and reporting errors.</summary>
    public YamlReadContext Context { get; }

    /// <summary>The mapping being read.</summary>
    public YamlMapping Node { get; }

    /// <summary>Where the mapping starts, for errors about the mapping as a whole.</summary>
    public SourceLocation Location => Node.Location;

    /// <summary>Returns the value node of <paramref name="key"/>, or null; reports it when required and missing.</summary>
    public YamlNode? Get(string key, bool required = false)
    {
        _known.Add(key);
        foreach (var (k, v) in Node.Entries)
        {
            if (k.Value == key)
            {
                if (required && v is YamlScalar { IsNull: true })
                {
                    Context.Error(ErrorCodes.MissingKey, Messages.Empty(key, _description), v);
                }

                return v;
            }
        }

        if (required)
        {
            Context.Error(ErrorCodes.MissingKey, Messages.Missing(key, _description), Node);
        }

        return null;
    }

    /// <summary>Reads <paramref name="key"/> as a string; null when absent or of another type (reported).</summary>
    public string? String(string key, bool required = false)
    {
        return Context.String(Get(key, required), key);
    }

    internal double? Number(string key, double min, double max, string range, bool required = false) =>
        Context.Number(Get(key, required), key, min, max, range);

    internal double? Fraction(string key, bool required = false) =>
        Context.Number(Get(key, required), key, 0, 1, "a fraction between 0 and 1");

    internal int? Integer(string key, int min, int max = int.MaxValue, bool required = false) =>
        Context.Integer(Get(key, required), key, min, max);

    internal bool? Boolean(string key) => Context.Boolean(Get(key), key);

    internal T? Choice<T>(string key, IReadOnlyDictionary<string, T> choices, bool required = false)
        where T : struct =>
        Context.Choice(Get(key, required), key, choices);

    /// <summary>Reads <paramref name="key"/> as a duration such as <c>30m</c> (<see cref="DurationText"/>); null when absent or invalid (reported).</summary>
    public TimeSpan? Duration(string key, bool required = false) => Context.Duration(Get(key, required), key);

    internal DateTimeOffset? Timestamp(string key, bool required = false) => Context.Timestamp(Get(key, required), key);

    /// <summary>Reads <paramref name="key"/> as a list of strings; empty when absent; items of another type are reported and skipped.</summary>
    public List<string> Strings(string key)
    {
        var result = new List<string>();
        foreach (var item in Context.Sequence(Get(key), key))
        {
            if (Context.String(item, key) is { } text)
            {
                result.Add(text);
            }
        }

        return result;
    }

    /// <summary>Opens <paramref name="key"/> as a nested mapping; null when absent or not a mapping (reported).</summary>
    public MappingReader? Mapping(string key, bool required = false) =>
        Context.Mapping(Get(key, required), key, $"'{key}'");

    /// <summary>Returns the items of <paramref name="key"/> as a list; empty when absent or not a list (reported).</summary>
    public List<YamlNode> Sequence(string key, bool required = false) => Context.Sequence(Get(key, required), key);

    /// <summary>Reports every key that was never asked for, with the closest known key as a hint.</summary>
    public void Finish()
    {
        foreach (var (key, _) in Node.Entries)
        {
            if (!_known.Contains(key.Value))
            {
                Context.Error(ErrorCodes.UnknownKey, Messages.Unknown(key.Value, _description, NameSuggester.Suggest(key.Value, _known), _known), key);
            }
        }
    }
}
