using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>Small helpers over the YAML of case files; a malformed case file throws <see cref="InvalidDataException"/>.</summary>
internal static partial class CaseYaml
{
    /// <summary>Loads one YAML document; aliases (<c>*name</c>) and merge keys (<c>&lt;&lt;: *name</c>) are resolved.</summary>
    public static YamlMappingNode LoadMapping(string text, string file)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(text))
        {
            stream.Load(new MergingParser(new Parser(reader)));
        }

        return stream.Documents is [{ RootNode: YamlMappingNode root }]
            ? root
            : throw new InvalidDataException($"{file}: the file must hold one YAML mapping.");
    }

    public static YamlNode? Get(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static bool Has(YamlMappingNode mapping, string key) => Get(mapping, key) is not null;

    /// <summary>Whether the key is set to something other than <c>~</c>, which unsets a file default.</summary>
    public static bool Present(YamlMappingNode mapping, string key) => Get(mapping, key) is { } node && !(node is YamlScalarNode s && IsNull(s));

    public static string? Text(YamlMappingNode mapping, string key) => Get(mapping, key) switch
    {
        null => null,
        YamlScalarNode s when IsNull(s) => null,
        YamlScalarNode s => s.Value,
        var other => throw Bad(other, $"'{key}' must be text"),
    };

    public static int? Integer(YamlMappingNode mapping, string key) => Text(mapping, key) is { } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(Get(mapping, key)!, $"'{key}' must be an integer")
        : null;

    /// <summary>The mapping under <paramref name="key"/>; null when absent or written as <c>~</c> (which unsets a default).</summary>
    public static YamlMappingNode? Mapping(YamlMappingNode mapping, string key) => Get(mapping, key) switch
    {
        null => null,
        YamlScalarNode s when IsNull(s) => null,
        YamlMappingNode m => m,
        var other => throw Bad(other, $"'{key}' must be a mapping"),
    };

    public static IEnumerable<YamlNode> Items(YamlNode? node, string key) => node switch
    {
        null => [],
        YamlSequenceNode s => s.Children,
        _ => throw Bad(node, $"'{key}' must be a list"),
    };

    public static IEnumerable<string> Strings(YamlNode? node, string key) => node switch
    {
        YamlScalarNode s => [s.Value ?? ""],
        _ => Items(node, key).Select(i => i is YamlScalarNode s ? s.Value ?? "" : throw Bad(i, $"'{key}' must list text")),
    };

    public static IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode mapping) =>
        mapping.Children.Select(e => (e.Key is YamlScalarNode k ? k.Value ?? "" : throw Bad(e.Key, "keys must be text"), e.Value));

    /// <summary>Throws when the mapping has a key that is not allowed: a typo must not make an expectation silently vanish.</summary>
    public static void AllowKeys(YamlMappingNode mapping, string what, params string[] allowed)
    {
        var unknown = Entries(mapping).Select(e => e.Key).Where(k => !allowed.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw Bad(mapping, $"unknown key(s) {string.Join(", ", unknown)} in {what}; allowed: {string.Join(", ", allowed)}");
        }
    }

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>
    /// Converts YAML to JSON: plain <c>true</c>/<c>false</c>/<c>null</c> and plain numbers keep their type,
    /// every other scalar (quoted or not) becomes a string.
    /// </summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(Entries(m).Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(ToJson).ToArray()),
        YamlScalarNode s when IsNull(s) => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" } => JsonValue.Create(true),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "false" } => JsonValue.Create(false),
        YamlScalarNode { Style: ScalarStyle.Plain } s when NumberPattern().IsMatch(s.Value!) => Number(s.Value!),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw Bad(node, "unsupported YAML node"),
    };

    public static string ToJsonText(YamlNode node) => ToJson(node)?.ToJsonString() ?? "null";

    /// <summary>How many decimals a plain number is written with; expected values match to that precision.</summary>
    public static int Decimals(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 || text.Contains('e', StringComparison.OrdinalIgnoreCase) ? 0 : text.Length - dot - 1;
    }

    public static InvalidDataException Bad(YamlNode node, string message) =>
        new($"line {node.Start.Line}, column {node.Start.Column}: {message}.");

    private static JsonValue Number(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)
            ? JsonValue.Create(whole)
            : JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex NumberPattern();
}
