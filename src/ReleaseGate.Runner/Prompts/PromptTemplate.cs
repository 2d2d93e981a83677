using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;

namespace ReleaseGate.Runner.Prompts;

/// <summary>
/// A prompt template with <c>{{name}}</c> placeholders (spaces inside the braces allowed, <c>{{a.b}}</c> reads a nested
/// value). Strings are inserted as they are; other values as compact JSON; null as nothing.
/// </summary>
/// <threadsafety>Immutable; render from any thread.</threadsafety>
public sealed class PromptTemplate
{
    private readonly IReadOnlyList<(string? Text, string[]? Path)> _parts;

    private PromptTemplate(string text, IReadOnlyList<(string? Text, string[]? Path)> parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The top-level variable names the template reads.</summary>
    public IEnumerable<string> Variables => _parts.Where(p => p.Path is not null).Select(p => p.Path![0]).Distinct(StringComparer.Ordinal);

    /// <summary>Whether the template reads a value inside a variable (<c>{{customer.name}}</c>).</summary>
    internal bool ReadsNestedValues => _parts.Any(p => p.Path is { Length: > 1 });

    /// <summary>Parses a template; an unclosed or empty placeholder is an error located at <paramref name="where"/>.</summary>
    public static PromptTemplate? Parse(string text, SourceLocation where, ICollection<GateError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var parts = new List<(string?, string[]?)>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((text[position..], null));
                break;
            }

            if (open > position)
            {
                parts.Add((text[position..open], null));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                errors.Add(new GateError(ErrorCodes.TemplateVariable, RunnerMessages.TemplateUnclosed(Excerpt(text, open)), where));
                return null;
            }

            var name = text[(open + 2)..close].Trim();
            if (name.Length == 0 || name.Split('.').Any(s => s.Length == 0 || !s.All(c => char.IsLetterOrDigit(c) || c is '_' or '-')))
            {
                errors.Add(new GateError(ErrorCodes.TemplateVariable, RunnerMessages.TemplateName(text[open..(close + 2)]), where));
                return null;
            }

            parts.Add((null, name.Split('.')));
            position = close + 2;
        }

        return new PromptTemplate(text, parts);
    }

    /// <summary>The placeholders whose variable <paramref name="vars"/> does not have.</summary>
    /// <remarks>Called once per case when a suite is checked: a case that has them all allocates nothing.</remarks>
    public IReadOnlyList<string> MissingIn(JsonObject vars)
    {
        List<string>? missing = null;
        foreach (var (_, path) in _parts)
        {
            if (path is not null && !TryLookup(vars, path, out _))
            {
                var name = string.Join('.', path);
                missing ??= [];
                if (!missing.Contains(name, StringComparer.Ordinal))
                {
                    missing.Add(name);
                }
            }
        }

        return missing ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Renders the template; a variable <paramref name="vars"/> lacks renders as nothing (check <see cref="MissingIn"/> first).</summary>
    public string Render(JsonObject vars)
    {
        ArgumentNullException.ThrowIfNull(vars);
        if (_parts.Count == 1 && _parts[0].Text is { } only)
        {
            return only;
        }

        var builder = new StringBuilder(Text.Length + 64);
        foreach (var (text, path) in _parts)
        {
            if (text is not null)
            {
                builder.Append(text);
            }
            else if (TryLookup(vars, path!, out var value) && value is not null)
            {
                builder.Append(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString());
            }
        }

        return builder.ToString();
    }

    private static bool TryLookup(JsonObject vars, string[] path, out JsonNode? value)
    {
        JsonNode? node = vars;
        foreach (var segment in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node))
            {
                value = null;
                return false;
            }
        }

        value = node;
        return true;
    }

    private static string Excerpt(string text, int at) => text.Length - at > 30 ? text.Substring(at, 30) + "…" : text[at..];
}
