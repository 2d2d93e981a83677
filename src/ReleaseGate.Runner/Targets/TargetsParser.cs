using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Runner.Targets;

/// <summary>Parses <c>kind: Targets</c> files and inline target specs (docs/formats.md, "Targets").</summary>
public static partial class TargetsParser
{
    private static readonly IReadOnlyDictionary<string, TargetKind> Kinds = new Dictionary<string, TargetKind>(StringComparer.Ordinal)
    {
        ["openai"] = TargetKind.OpenAi, ["http"] = TargetKind.Http, ["command"] = TargetKind.Command,
    };

    /// <summary>Parses a targets file. <c>system_prompt_file</c> paths are read relative to <paramref name="file"/>.</summary>
    public static ParseResult<TargetsFile> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new YamlReadContext(file);
        var root = DocumentHeader.Open(text, context, "Targets");
        if (root is null)
        {
            return ParseResult<TargetsFile>.Failed(context.Errors);
        }

        var targets = new List<TargetDefinition>();
        foreach (var node in root.Sequence("targets", required: true))
        {
            if (context.Mapping(node, "targets", "a target") is { } m && Read(m, file) is { } target)
            {
                if (targets.FirstOrDefault(t => t.Id == target.Id) is { } first)
                {
                    context.Error(ErrorCodes.DuplicateId, $"duplicate target '{target.Id}' (first on line {first.Location.Line}); each target must be unique.", target.Location);
                }
                else
                {
                    targets.Add(target);
                }
            }
        }

        root.Finish();
        return context.Errors.Count == 0 ? ParseResult<TargetsFile>.Ok(new TargetsFile(file, targets)) : ParseResult<TargetsFile>.Failed(context.Errors);
    }

    /// <summary>
    /// Parses an inline target: <c>openai:MODEL@BASE_URL</c>, <c>http:URL</c> (posts <c>{"prompt": …}</c> and reads
    /// <c>/output</c>) or <c>command:PROGRAM ARGS…</c>. Returns null when <paramref name="spec"/> is none of these.
    /// </summary>
    public static TargetDefinition? Inline(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var (kind, rest) = colon > 0 ? (spec[..colon], spec[(colon + 1)..]) : ("", "");
        switch (kind)
        {
            case "openai":
                var at = rest.LastIndexOf('@');
                return at > 0 && Uri.TryCreate(rest[(at + 1)..], UriKind.Absolute, out var baseUrl) && IsHttp(baseUrl)
                    ? new TargetDefinition { Id = spec, Kind = TargetKind.OpenAi, Model = rest[..at], Url = baseUrl, ApiKeyEnv = "OPENAI_API_KEY", Location = SourceLocation.OfFile("--target") }
                    : null;
            case "http":
                return Uri.TryCreate(rest, UriKind.Absolute, out var url) && IsHttp(url)
                    ? new TargetDefinition
                    {
                        Id = spec, Kind = TargetKind.Http, Url = url, Location = SourceLocation.OfFile("--target"),
                        Body = new JsonObject { ["prompt"] = "{{prompt}}", ["system"] = "{{system}}" }, OutputPointer = "/output",
                    }
                    : null;
            case "command":
                var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return words.Length > 0 ? new TargetDefinition { Id = spec, Kind = TargetKind.Command, Command = words, Location = SourceLocation.OfFile("--target") } : null;
            default:
                return null;
        }
    }

    private static TargetDefinition? Read(MappingReader m, string file)
    {
        var id = GateParser.Name(m, "id", "target id", required: true);
        var kindNode = m.Get("type", required: true);
        var kind = m.Context.Choice(kindNode, "type", Kinds);
        var url = ReadUrl(m, kind == TargetKind.OpenAi ? "base_url" : "url", kind is TargetKind.OpenAi or TargetKind.Http);
        var model = m.String("model", required: kind == TargetKind.OpenAi);
        var apiKeyEnv = m.String("api_key_env");
        var parametersNode = m.Get("parameters");
        var parameters = parametersNode is { } p && ReleaseParser.ToJson(p, m.Context, "parameters") is JsonObject po ? po : [];
        if (kind == TargetKind.OpenAi && parametersNode is YamlMapping pm)
        {
            CheckParameters(pm, m.Context, id);
        }

        var tools = ReadTools(m);
        var system = m.String("system_prompt");
        var systemFileNode = m.Get("system_prompt_file");
        if (m.Context.String(systemFileNode, "system_prompt_file") is { } systemFile)
        {
            var path = Path.Combine(Path.GetDirectoryName(file) ?? "", systemFile);
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                system = InputText.Read(stream, path, m.Context.Errors);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                m.Context.Error(ErrorCodes.FileUnreadable, RunnerMessages.PromptFile(systemFile, ex is FileNotFoundException or DirectoryNotFoundException ? "it does not exist" : ex.Message), systemFileNode!);
            }
        }

        var body = m.Get("body") is { } b ? ReleaseParser.ToJson(b, m.Context, "body") : null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (m.Get("headers") is YamlMapping hm)
        {
            foreach (var (key, value) in hm.Entries)
            {
                if (m.Context.String(value, key.Value) is { } v)
                {
                    headers[key.Value] = v;
                }
            }
        }

        var output = ReadPointer(m, "output") ?? "";
        var toolCalls = ReadPointer(m, "tool_calls");
        var command = m.Strings("command");
        var timeout = m.Duration("timeout");
        m.Finish();
        if (kind == TargetKind.Command && command.Count == 0 && id is not null)
        {
            m.Context.Error(ErrorCodes.TargetInvalid, RunnerMessages.EmptyCommand(id), m.Location);
        }

        if (kind == TargetKind.Http && body is null)
        {
            body = new JsonObject { ["prompt"] = "{{prompt}}" };
        }

        return id is null || kind is null
            ? null
            : new TargetDefinition
            {
                Id = id, Kind = kind.Value, Location = m.Location, Url = url, Model = model, ApiKeyEnv = apiKeyEnv, Parameters = parameters,
                Tools = tools, SystemPrompt = system, Body = body, Headers = headers, OutputPointer = output, ToolCallsPointer = toolCalls,
                Command = command, Timeout = timeout,
            };
    }

    // An openai target's parameters are sent as written, each at its own name in the request body: so never a field the
    // runner sets itself, and only names a request field can have.
    private static void CheckParameters(YamlMapping parameters, YamlReadContext context, string? target)
    {
        foreach (var (key, _) in parameters.Entries)
        {
            if (OpenAiTarget.ReservedParameters.Contains(key.Value, StringComparer.Ordinal))
            {
                context.Error(TargetCodes.Parameter, RunnerMessages.ReservedParameter(key.Value, target ?? "?"), key);
            }
            else if (!ParameterName().IsMatch(key.Value))
            {
                context.Error(TargetCodes.Parameter, RunnerMessages.ParameterName(key.Value), key);
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial System.Text.RegularExpressions.Regex ParameterName();

    private static Uri? ReadUrl(MappingReader m, string key, bool required)
    {
        var node = m.Get(key, required);
        var text = m.Context.String(node, key);
        if (text is null)
        {
            return null;
        }

        text = Expand(text);
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && IsHttp(url))
        {
            return url;
        }

        m.Context.Error(ErrorCodes.TargetInvalid, RunnerMessages.NotAbsoluteUrl(key, text), node!);
        return null;
    }

    private static string? ReadPointer(MappingReader m, string key)
    {
        var node = m.Get(key);
        var text = m.Context.String(node, key);
        if (text is not null && text.Length > 0 && text[0] != '/')
        {
            m.Context.Error(ErrorCodes.TargetInvalid, RunnerMessages.Pointer(key, text), node!);
            return null;
        }

        return text;
    }

    private static List<ToolDefinition> ReadTools(MappingReader m)
    {
        var tools = new List<ToolDefinition>();
        foreach (var node in m.Sequence("tools"))
        {
            if (m.Context.Mapping(node, "tools", "a tool") is { } t)
            {
                var name = t.String("name", required: true);
                var description = t.String("description");
                var parameters = t.Get("parameters") is { } p && ReleaseParser.ToJson(p, t.Context, "parameters") is JsonObject o
                    ? o
                    : new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
                t.Finish();
                if (name is not null)
                {
                    tools.Add(new ToolDefinition(name, description, parameters));
                }
            }
        }

        return tools;
    }

    /// <summary>Replaces <c>${NAME}</c> and <c>${NAME:-default}</c> with environment variables, so one file serves several endpoints.</summary>
    internal static string Expand(string text) => EnvironmentReference().Replace(text, m =>
        Environment.GetEnvironmentVariable(m.Groups["name"].Value) is { Length: > 0 } value ? value : m.Groups["default"].Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial System.Text.RegularExpressions.Regex EnvironmentReference();

    private static bool IsHttp(Uri url) => url.Scheme is "http" or "https";
}
