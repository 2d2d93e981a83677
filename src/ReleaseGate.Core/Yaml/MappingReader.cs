using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Core.Yaml;

/// <summary>
/// Reads the keys of one mapping. Every key the model knows is named when read, present or not, so that
/// <see cref="Finish"/> can report the keys nobody asked for as unknown, with a did-you-mean.
/// </summary>
internal sealed class MappingReader(YamlReadContext context, YamlMapping mapping, string description)
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public YamlReadContext Context { get; } = context;

    public YamlMapping Node { get; } = mapping;

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
                    Context.Error(ErrorCodes.MissingKey, Messages.Empty(key, description), v);
                }

                return v;
            }
        }

        if (required)
        {
            Context.Error(ErrorCodes.MissingKey, Messages.Missing(key, description), Node);
        }

        return null;
    }

    public string? String(string key, bool required = false)
    {
        return Context.String(Get(key, required), key);
    }

    public double? Number(string key, double min, double max, string range, bool required = false) =>
        Context.Number(Get(key, required), key, min, max, range);

    public double? Fraction(string key, bool required = false) =>
        Context.Number(Get(key, required), key, 0, 1, "a fraction between 0 and 1");

    public int? Integer(string key, int min, int max = int.MaxValue, bool required = false) =>
        Context.Integer(Get(key, required), key, min, max);

    public bool? Boolean(string key) => Context.Boolean(Get(key), key);

    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> choices, bool required = false)
        where T : struct =>
        Context.Choice(Get(key, required), key, choices);

    public TimeSpan? Duration(string key, bool required = false) => Context.Duration(Get(key, required), key);

    public DateTimeOffset? Timestamp(string key, bool required = false) => Context.Timestamp(Get(key, required), key);

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

    public MappingReader? Mapping(string key, bool required = false) =>
        Context.Mapping(Get(key, required), key, $"'{key}'");

    public List<YamlNode> Sequence(string key, bool required = false) => Context.Sequence(Get(key, required), key);

    /// <summary>Reports every key that was never asked for, with the closest known key as a hint.</summary>
    public void Finish()
    {
        foreach (var (key, _) in Node.Entries)
        {
            if (!_known.Contains(key.Value))
            {
                Context.Error(ErrorCodes.UnknownKey, Messages.Unknown(key.Value, description, NameSuggester.Suggest(key.Value, _known), _known), key);
            }
        }
    }
}
