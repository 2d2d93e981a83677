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
    private static readonly string[] Faults = ["429", "500", "timeout", "malformed"];

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
            if (context.Mapping(node, "rules", "a rule") is { } m && ReadRule(m, isDefault: false) is { } rule)
            {
                rules.Add(rule);
            }
        }

        var fallback = root.Mapping("default") is { } d ? ReadRule(d, isDefault: true) : null;
        root.Finish();
        return context.Errors.Count == 0
            ? ParseResult<MockRules>.Ok(new MockRules(rules, fallback))
            : ParseResult<MockRules>.Failed(context.Errors);
    }

    private static MockRule? ReadRule(MappingReader m, bool isDefault)
    {
        var invalid = false;
        Regex? regex = null;
        string? literal = null;
        string? system = null;
        string? conversation = null;
        if (!isDefault)
        {
            var matchNode = m.Get("match");
            var containsNode = m.Get("contains");
            var systemNode = m.Get("system");
            var conversationNode = m.Get("conversation");
            conversation = m.Context.String(conversationNode, "conversation");
            if (conversation is { Length: 0 })
            {
                // Empty text would match every request, which is what leaving the key out says.
                m.Context.Error(ErrorCodes.MockRuleInvalid, "'conversation' is empty; give the text the request's conversation must contain, or leave 'conversation' out to match any.", conversationNode!);
                conversation = null;
                invalid = true;
            }

            regex = Compile(m.Context.String(matchNode, "match"), m, matchNode);
            literal = m.Context.String(containsNode, "contains");
            system = m.Context.String(systemNode, "system");
            if (system is { Length: 0 })
            {
                // Empty text would match every request that has a system prompt, which is not what anyone writes it for.
                m.Context.Error(ErrorCodes.MockRuleInvalid, "'system' is empty; give the text the request's system prompt must contain, or leave 'system' out to match any.", systemNode!);
                system = null;
                invalid = true;
            }
        }

        var model = isDefault ? null : m.String("model");
        var replies = new List<MockReply>();
        var answersNode = m.Get("answers");
        if (answersNode is not null)
        {
            foreach (var node in m.Context.Sequence(answersNode, "answers"))
            {
                if (m.Context.Mapping(node, "answers", "an answer") is { } a && ReadReply(a) is { } reply)
                {
                    a.Finish();
                    replies.Add(reply);
                }
            }
        }
        else if (ReadReply(m) is { } single)
        {
            replies.Add(single);
        }

        m.Finish();
        if (replies.Count == 0)
        {
            if (answersNode is not null)
            {
                m.Context.Error(ErrorCodes.MockRuleInvalid, "'answers' is empty; list at least one answer.", answersNode);
            }

            return null;
        }

        return invalid ? null : new MockRule(regex, literal, model, replies, system, conversation);
    }

    private static MockReply? ReadReply(MappingReader m)
    {
        var answer = m.String("answer");
        var faultNode = m.Get("fault");
        var fault = m.Context.String(faultNode, "fault");
        if (fault is not null && !Faults.Contains(fault))
        {
            m.Context.Error(ErrorCodes.InvalidChoice, $"'fault' must be one of {string.Join(", ", Faults)}; got '{fault}'.", faultNode!);
            return null;
        }

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

        if (answer is null && calls.Count == 0 && fault is null)
        {
            m.Context.Error(ErrorCodes.MockRuleInvalid, "the rule gives neither 'answer', 'tool_calls' nor 'fault'; give the text the model answers, the tool calls it makes, or both.", m.Location);
            return null;
        }

        return new MockReply(answer ?? "", calls, fault);
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
