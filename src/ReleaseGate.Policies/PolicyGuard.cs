using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReleaseGate.Core.Compliance;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Policies;

/// <summary>
/// Load-time guard: every policy rule, approval condition and compliance rule of a gate is compiled and dry-run against a complete
/// sample input document, so that a syntax error, a misspelt field or a non-boolean rule is an input error with a
/// location — not a surprise on release day. Without declared types for the document, running the rule on a document
/// that has every field is how unknown fields are found.
/// </summary>
public static partial class PolicyGuard
{
    /// <summary>Checks every rule and condition of <paramref name="gate"/>.</summary>
    /// <param name="gate">The parsed gate.</param>
    /// <param name="evaluator">The evaluator the decision will use.</param>
    /// <param name="release">The release being decided on, when known: its configuration keys are then known too.</param>
    /// <returns>The errors found, empty when every expression is sound.</returns>
    public static IReadOnlyList<GateError> Check(Gate gate, CelPolicyEvaluator evaluator, ReleaseEvidence? release = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(evaluator);
        var sample = SampleDocument(gate, release);
        var known = Keys(sample).Distinct(StringComparer.Ordinal).ToList();
        var errors = new List<GateError>();
        foreach (var policy in gate.Policies)
        {
            Check(evaluator, sample, known, policy.Rule, $"policy '{policy.Id}'", policy.Location, errors);
        }

        foreach (var stage in gate.Approvals.Where(s => s.When is not null))
        {
            Check(evaluator, sample, known, stage.When!, $"the 'when' of approval stage '{stage.Stage}'", stage.Location, errors);
        }

        if (gate.Compliance is { Policies.Count: > 0 } compliance)
        {
            // Compliance rules see another document (a shipped release, its waivers, the bank, its decision): dry-run them on it.
            var complianceSample = SampleComplianceDocument(gate, release);
            var complianceKnown = Keys(complianceSample).Distinct(StringComparer.Ordinal).ToList();
            foreach (var policy in compliance.Policies)
            {
                Check(evaluator, complianceSample, complianceKnown, policy.Rule, $"compliance policy '{policy.Id}'", policy.Location, errors);
            }
        }

        return errors;
    }

    private static void Check(CelPolicyEvaluator evaluator, IReadOnlyDictionary<string, object?> sample, List<string> known, string expression, string what, SourceLocation location, List<GateError> errors)
    {
        var (_, failure, detail, unknown) = evaluator.Run(expression, sample);
        switch (failure)
        {
            case PolicyFailure.Syntax:
                errors.Add(new GateError(ErrorCodes.PolicySyntax, Messages.PolicySyntax(what, detail!), location));
                break;
            case PolicyFailure.UnknownField:
                var field = unknown ?? FirstUnknownSelection(expression, known) ?? detail!;

                // Configuration keys are the release's own: without the release, a field read from config is not an error.
                if (!expression.Contains("config." + field, StringComparison.Ordinal))
                {
                    errors.Add(new GateError(ErrorCodes.PolicyUnknownField, Messages.PolicyUnknownField(what, field, NameSuggester.Suggest(field, known)), location));
                }

                break;
            case PolicyFailure.NotBoolean:
                errors.Add(new GateError(ErrorCodes.PolicyNotBoolean, Messages.PolicyNotBoolean(what, detail!), location));
                break;
            default:
                // A runtime error on sample data may not happen on real data: the decision fails closed if it does.
                break;
        }
    }

    /// <summary>The policy document of a sample release with every field, for <paramref name="gate"/>'s suites and slices.</summary>
    internal static IReadOnlyDictionary<string, object?> SampleDocument(Gate gate, ReleaseEvidence? release = null) =>
        GateEngine.PolicyDocument(SampleInput(gate, release));

    /// <summary>
    /// The compliance document of a sample shipped release with every field: one waiver for it, a bank and a decision with
    /// one check, so that rules reaching into <c>waivers</c> or <c>decision.checks</c> are checked too.
    /// </summary>
    internal static IReadOnlyDictionary<string, object?> SampleComplianceDocument(Gate gate, ReleaseEvidence? release = null)
    {
        var sampleRelease = SampleInput(gate, release).Release!;
        var waiver = new Waiver
        {
            Check = "evals/sample/pass-rate",
            Release = sampleRelease.Manifest.Version,
            Reason = "sample",
            GrantedBy = "sample",
            Expires = DateTimeOffset.UnixEpoch.AddDays(1),
        };
        return ComplianceInput.Build(
            sampleRelease,
            gate,
            DateTimeOffset.UnixEpoch,
            [waiver],
            new ComplianceBank(1, 1),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["evals/sample/pass-rate"] = "pass" });
    }

    /// <summary>The first <c>.name</c> in the expression that is neither a field of the document nor a function.</summary>
    private static string? FirstUnknownSelection(string expression, List<string> known) =>
        Selection().Matches(expression).Select(m => m.Groups[1].Value)
            .FirstOrDefault(name => !known.Contains(name, StringComparer.Ordinal) && !s_functions.Contains(name));

    private static readonly HashSet<string> s_functions = new(StringComparer.Ordinal)
    {
        "all", "exists", "exists_one", "map", "filter", "size", "startsWith", "endsWith", "contains", "matches",
        "lowerAscii", "split", "replace", "trim",
    };

    [GeneratedRegex(@"\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Selection();

    /// <summary>An input with every field: a release and a baseline with each component, and each suite and slice of the gate.</summary>
    private static DecisionInput SampleInput(Gate gate, ReleaseEvidence? release)
    {
        var manifest = release?.Manifest ?? new ReleaseManifest
        {
            File = "sample.yaml",
            Workflow = gate.Workflow,
            Version = "0.0.0",
            Model = "model",
            Prompts = [new("system", "system.md")],
            Tools = ["tool"],
            Config = [],
            Attachments = gate.RequiredEvidence.Select(name => new Attachment(name, name, null)).ToList(),
        };
        var digests = manifest.ReferencedFiles().ToDictionary(f => f, _ => ReleaseDigest.Of([]), StringComparer.Ordinal);
        var sampleRelease = release ?? new ReleaseEvidence(manifest, ReleaseDigest.Compute(manifest, digests), digests);
        var candidate = new EvidenceSet();
        foreach (var eval in gate.Evals)
        {
            var suite = candidate.GetOrAdd(eval.Suite);
            var names = eval.Slices.Select(s => s.Name).Concat(eval.NoRegression?.Names ?? []).ToArray();
            var sampleCase = suite.GetOrAdd("sample");
            sampleCase.Add(pass: true, errored: false);
            sampleCase.AddSlices(names);
        }

        return new DecisionInput
        {
            Gate = gate,
            Candidate = candidate,
            Release = sampleRelease,
            BaselineRelease = sampleRelease,
            Now = DateTimeOffset.UnixEpoch,
        };
    }

    private static IEnumerable<string> Keys(object? node) => node switch
    {
        IReadOnlyDictionary<string, object?> map => map.Keys.Concat(map.Values.SelectMany(Keys)),
        IDictionary<string, object?> map => map.Keys.Concat(map.Values.SelectMany(Keys)),
        IEnumerable<object?> list when node is not string => list.SelectMany(Keys),
        JsonNode => [],
        _ => [],
    };
}
