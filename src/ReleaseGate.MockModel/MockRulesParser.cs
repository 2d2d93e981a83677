using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.MockModel;

/// <summary>Parses <c>kind: MockModelRules</c> files (docs/formats.md, "Mock-model rules").</summary>
public static class MockRulesParser
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Parses a rules file; every error names its line and column.</summary>
    public static ParseResult<MockRules> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new YamlReadContext(file);
        var root = DocumentHeader.Open(text, context, "MockModelRules");
        if (root is null)
        {
            return ParseResult<MockRules>.Failed(context.Errors);
        }

        var rules = new List<MockRule>();
        foreach (var node in root.Sequence("rules"))
        {
            if (context.Mapping(node, "rules", "a rule") is { } m && ReadRule(m, requireMatch: true) is { } rule)
            {
                rules.Add(rule);
            }
        }

        var fallback = root.Mapping("default") is { } d ? ReadRule(d, requireMatch: false) : null;
        root.Finish();
        return context.Errors.Count == 0
            ? ParseResult<MockRules>.Ok(new MockRules(rules, fallback))
            : ParseResult<MockRules>.Failed(context.Errors);
    }

    private static MockRule? ReadRule(MappingReader m, bool requireMatch)
    {
        Regex? regex = null;
        if (requireMatch)
        {
            var matchNode = m.Get("match");
            var containsNode = m.Get("contains");
            var pattern = m.Context.String(matchNode, "match");
            var literal = m.Context.String(containsNode, "contains");
            if (pattern is not null && literal is not null)
            {
                m.Context.Error(ErrorCodes.MockRuleInvalid, "a rule has both 'match' and 'contains'; keep one of them.", containsNode!);
            }

            regex = Compile(pattern is not null ? pattern : literal is null ? null : Regex.Escape(literal), m, matchNode);
        }

        var model = m.String("model");
        var answer = m.String("answer");
        var calls = new List<MockToolCall>();
        foreach (var node in m.Sequence("tool_calls"))
        {
            if (m.Context.Mapping(node, "tool_calls", "a tool call") is { } c)
            {
                var name = c.String("name", required: true);
                var args = c.Get("arguments") is { } a ? ReleaseParser.ToJson(a, m.Context, "arguments") : new JsonObject();
                c.Finish();
                if (name is not null)
                {
                    calls.Add(new MockToolCall(name, args?.ToJsonString() ?? "{}"));
                }
            }
        }

        m.Finish();
        if (answer is null && calls.Count == 0)
        {
            m.Context.Error(ErrorCodes.MockRuleInvalid, "the rule gives neither 'answer' nor 'tool_calls'; give the text the model answers, the tool calls it makes, or both.", m.Location);
            return null;
        }

        return new MockRule(regex, model, answer ?? "", calls);
    }

    private static Regex? Compile(string? pattern, MappingReader m, YamlNode? node)
    {
        if (pattern is null)
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            m.Context.Error(ErrorCodes.MockRuleInvalid, $"'match' is not a valid .NET regular expression: {ex.Message} Fix the pattern, or use 'contains' for plain text.", node ?? m.Node);
            return null;
        }
    }
}
