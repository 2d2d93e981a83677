using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Formats;

/// <summary>Parses and validates <c>kind: Release</c> manifests (DESIGN §4).</summary>
public static partial class ReleaseParser
{
    /// <summary>Parses a release manifest from its text.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="file">The file name used in error locations.</param>
    /// <returns>The manifest, or every error found in the file.</returns>
    public static ParseResult<ReleaseManifest> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new YamlReadContext(file);
        var root = DocumentHeader.Open(text, context, "Release");
        if (root is null)
        {
            return ParseResult<ReleaseManifest>.Failed(context.Errors);
        }

        var workflow = GateParser.Name(root, "workflow", "workflow", required: true);
        var version = root.String("version", required: true);
        if (version is not null && Identifiers.Version(version, root.Get("version")!.Location) is { } badVersion)
        {
            context.Errors.Add(badVersion);
        }

        var components = root.Mapping("components");
        var (prompts, asList) = ReadPrompts(components);
        var manifest = new ReleaseManifest
        {
            File = file,
            Workflow = workflow ?? "",
            Version = version ?? "",
            Model = components?.String("model"),
            Prompts = prompts,
            PromptsAsList = asList,
            Tools = components?.Strings("tools") ?? [],
            Config = components is null ? null : ReadConfig(components),
            Attachments = ReadAttachments(root.Mapping("attachments")),
            Location = root.Location,
        };
        components?.Finish();
        root.Finish();
        return context.Errors.Count == 0 ? ParseResult<ReleaseManifest>.Ok(manifest) : ParseResult<ReleaseManifest>.Failed(context.Errors);
    }

    private static JsonObject? ReadConfig(MappingReader components)
    {
        var node = components.Get("config");
        if (node is null or YamlScalar { IsNull: true })
        {
            return null;
        }

        if (node is not YamlMapping)
        {
            components.Context.Error(ErrorCodes.WrongType, Messages.WrongType("config", "a mapping of settings", node.Describe()), node);
            return null;
        }

        return (JsonObject)ToJson(node, components.Context, "config")!;
    }

    private static (List<KeyValuePair<string, string>> Prompts, bool AsList) ReadPrompts(MappingReader? components)
    {
        var result = new List<KeyValuePair<string, string>>();
        var node = components?.Get("prompts");
        if (components is null || node is null)
        {
            return (result, false);
        }

        if (node is YamlSequence list)
        {
            for (var i = 0; i < list.Items.Count; i++)
            {
                if (components.Context.String(list.Items[i], "prompts") is { } path)
                {
                    result.Add(new(i.ToString(CultureInfo.InvariantCulture), path));
                }
            }

            return (result, true);
        }

        if (components.Context.Mapping(node, "prompts", "'prompts'") is { } map)
        {
            foreach (var (key, value) in map.Node.Entries)
            {
                map.Get(key.Value);
                if (map.Context.String(value, key.Value) is { } path)
                {
                    result.Add(new(key.Value, path));
                }
            }
        }

        return (result, false);
    }

    private static List<Attachment> ReadAttachments(MappingReader? m)
    {
        var result = new List<Attachment>();
        if (m is null)
        {
            return result;
        }

        foreach (var (key, value) in m.Node.Entries)
        {
            m.Get(key.Value);
            if (!GateParser.IsName(key.Value))
            {
                m.Context.Error(ErrorCodes.InvalidName, Messages.InvalidName("attachment", key.Value), key);
            }

            if (value is YamlMapping)
            {
                var a = m.Context.Mapping(value, key.Value, $"attachment '{key.Value}'")!;
                var path = a.String("file", required: true);
                var digest = a.String("digest");
                if (digest is not null && !DigestPattern().IsMatch(digest))
                {
                    a.Context.Error(ErrorCodes.WrongType, Messages.WrongType("digest", "'sha256:' followed by 64 lower-case hex digits", $"'{digest}'"), a.Get("digest")!);
                }

                a.Finish();
                if (path is not null)
                {
                    result.Add(new Attachment(key.Value, path, digest));
                }
            }
            else if (m.Context.String(value, key.Value) is { } path)
            {
                result.Add(new Attachment(key.Value, path, null));
            }
            else if (value is YamlScalar)
            {
                m.Context.Error(ErrorCodes.MissingKey, Messages.Missing("file", $"attachment '{key.Value}'"), value);
            }
        }

        return result;
    }

    /// <summary>Converts free-form YAML (the <c>config</c> component) to JSON; plain scalars become numbers, booleans or null.</summary>
    public static JsonNode? ToJson(YamlNode node, YamlReadContext context, string name)
    {
        switch (node)
        {
            case YamlMapping mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    obj[key.Value] = ToJson(value, context, key.Value);
                }

                return obj;
            case YamlSequence sequence:
                return new JsonArray(sequence.Items.Select(i => ToJson(i, context, name)).ToArray());
            case YamlScalar { IsNull: true }:
                return null;
            case YamlScalar { Plain: true, Value: "true" or "True" or "TRUE" }:
                return JsonValue.Create(true);
            case YamlScalar { Plain: true, Value: "false" or "False" or "FALSE" }:
                return JsonValue.Create(false);
            case YamlScalar { Plain: true } scalar when YamlReadContext.IsNonFinite(scalar.Value):
                context.Error(ErrorCodes.NotFinite, Messages.NotFinite(name, scalar.Value), scalar);
                return null;
            case YamlScalar { Plain: true } scalar when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                return JsonValue.Create(number);
            default:
                return JsonValue.Create(((YamlScalar)node).Value);
        }
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    internal static partial Regex DigestPattern();
}
