using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Policies;

/// <summary>
/// Runs policy tests, in the spirit of <c>opa test</c>: each test's input is laid over a sample document with every
/// field, each named rule is evaluated on it, and the outcome is compared with what the test expects.
/// </summary>
public static class PolicyTestRunner
{
    /// <summary>Runs every test of <paramref name="file"/> against the rules of <paramref name="gate"/>.</summary>
    public static PolicyTestReport Run(Gate gate, PolicyTestFile file, CelPolicyEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(evaluator);
        var rules = gate.Policies.Select(p => (Target: p.Id, Expression: p.Rule))
            .Concat(gate.Approvals.Where(a => a.When is not null).Select(a => (Target: $"approvals/{a.Stage}", Expression: a.When!)))
            .ToDictionary(r => r.Target, r => r.Expression, StringComparer.Ordinal);
        var sample = PolicyGuard.SampleDocument(gate);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<PolicyTestFailure>();
        var errors = new List<GateError>();
        var passed = 0;
        foreach (var test in file.Tests)
        {
            var input = Merge(sample, PolicyInput.Plain(test.Input));
            foreach (var (target, expected) in test.Expect)
            {
                if (!rules.TryGetValue(target, out var expression))
                {
                    var hint = NameSuggester.Suggest(target, rules.Keys);
                    errors.Add(new GateError(ErrorCodes.UnknownKey, $"test '{test.Name}' expects '{target}', which is no policy id or approval stage with a 'when' in {file.Gate}" + (hint is null ? "." : $"; did you mean '{hint}'?"), test.Location));
                    continue;
                }

                covered.Add(target);
                var outcome = evaluator.Evaluate(expression, input);
                var actual = outcome.Value switch
                {
                    true => PolicyExpectation.True,
                    false => PolicyExpectation.False,
                    _ => PolicyExpectation.Error,
                };
                if (actual == expected)
                {
                    passed++;
                    continue;
                }

                var said = actual == PolicyExpectation.Error ? $"error ({outcome.Error})" : Word(actual);
                failures.Add(new PolicyTestFailure(test.Name, target, expected, said, test.Location));
            }
        }

        var uncovered = rules.Keys.Where(k => !covered.Contains(k)).Order(StringComparer.Ordinal).ToList();
        return new PolicyTestReport(passed, failures, uncovered, errors);
    }

    /// <summary>The word of an expectation, as written in test files.</summary>
    public static string Word(PolicyExpectation expectation) => expectation switch
    {
        PolicyExpectation.True => "true",
        PolicyExpectation.False => "false",
        _ => "error",
    };

    /// <summary>Lays <paramref name="over"/> onto <paramref name="under"/>: mappings merge key by key, anything else replaces.</summary>
    private static Dictionary<string, object?> Merge(IReadOnlyDictionary<string, object?> under, IReadOnlyDictionary<string, object?> over)
    {
        var result = under.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (key, value) in over)
        {
            result[key] = result.GetValueOrDefault(key) is IReadOnlyDictionary<string, object?> a && value is IReadOnlyDictionary<string, object?> b
                ? Merge(a, b)
                : value;
        }

        return result;
    }
}
