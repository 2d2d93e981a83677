using System.Text.Json.Nodes;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Formats;

/// <summary>Parses <c>kind: PolicyTests</c> files, run by <c>releasegate policy test</c>.</summary>
public static class PolicyTestParser
{
    private static readonly IReadOnlyDictionary<string, PolicyExpectation> s_outcomes = new Dictionary<string, PolicyExpectation>(StringComparer.Ordinal)
    {
        ["true"] = PolicyExpectation.True, ["false"] = PolicyExpectation.False, ["error"] = PolicyExpectation.Error,
    };

    /// <summary>Parses a policy test file from its text.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="file">The file name used in error locations.</param>
    /// <returns>The tests, or every error found in the file.</returns>
    public static ParseResult<PolicyTestFile> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new YamlReadContext(file);
        var root = DocumentHeader.Open(text, context, "PolicyTests");
        if (root is null)
        {
            return ParseResult<PolicyTestFile>.Failed(context.Errors);
        }

        var gate = root.String("gate", required: true);
        var tests = new List<PolicyTest>();
        foreach (var node in root.Sequence("tests", required: true))
        {
            if (context.Mapping(node, "tests", "a policy test") is not { } m)
            {
                continue;
            }

            var name = m.String("name", required: true);
            var input = m.Get("input") is { } i ? ReleaseParser.ToJson(i, context, "input") as JsonObject : null;
            var expect = new List<KeyValuePair<string, PolicyExpectation>>();
            if (m.Mapping("expect", required: true) is { } e)
            {
                foreach (var (key, value) in e.Node.Entries)
                {
                    e.Get(key.Value);
                    if (context.Choice(value is YamlScalar { Plain: true } s ? new YamlScalar(s.Value.ToLowerInvariant(), false, s.Location) : value, key.Value, s_outcomes) is { } outcome)
                    {
                        expect.Add(new(key.Value, outcome));
                    }
                }
            }

            m.Finish();
            if (name is not null)
            {
                tests.Add(new PolicyTest { Name = name, Input = input ?? [], Expect = expect, Location = m.Location });
            }
        }

        root.Finish();
        return context.Errors.Count == 0 ? ParseResult<PolicyTestFile>.Ok(new PolicyTestFile(file, gate!, tests)) : ParseResult<PolicyTestFile>.Failed(context.Errors);
    }
}
