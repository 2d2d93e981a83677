using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Yaml;

namespace ReleaseGate.Core.Formats;

/// <summary>Parses and validates <c>kind: Gate</c> files (DESIGN §4). Every key of v1 is read, including those evaluated by later stages.</summary>
public static partial class GateParser
{
    /// <summary>Parses a gate from its text.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="file">The file name used in error locations.</param>
    /// <returns>The gate, or every error found in the file.</returns>
    public static ParseResult<Gate> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new YamlReadContext(file);
        var root = DocumentHeader.Open(text, context, "Gate");
        if (root is null)
        {
            return ParseResult<Gate>.Failed(context.Errors);
        }

        var includes = new List<PolicyInclude>();
        var askingForReview = new List<YamlNode>();
        var gate = new Gate
        {
            File = file,
            Digest = DigestOf(text),
            Workflow = Name(root, "workflow", "workflow", required: true) ?? "",
            Risk = root.Choice("risk", Choices.Risks) ?? RiskTier.Medium,
            Evals = ReadEvals(root, askingForReview),
            Severity = ReadSeverity(root.Mapping("severity")),
            Regressions = ReadRegressions(root.Mapping("regressions")),
            Reviews = ReadReviews(root),
            Policies = ReadPolicies(root, includes),
            PolicyIncludes = includes,
            RequiredEvidence = ReadEvidence(root.Mapping("evidence")),
            Approvals = ReadApprovals(root),
            Waivers = ReadWaiverRules(root.Mapping("waivers")),
            Compliance = ReadCompliance(root.Mapping("compliance")),
        };
        if (gate.Reviews.Count == 0)
        {
            foreach (var node in askingForReview)
            {
                context.Error(ErrorCodes.InconclusiveWithoutReview, Messages.InconclusiveWithoutReview, node);
            }
        }

        root.Finish();
        return context.Errors.Count == 0 ? ParseResult<Gate>.Ok(gate) : ParseResult<Gate>.Failed(context.Errors);
    }

    /// <summary>The digest of a file's text as <c>sha256:hex</c> over its UTF-8 bytes.</summary>
    public static string DigestOf(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static List<EvalRequirement> ReadEvals(MappingReader root, List<YamlNode> askingForReview)
    {
        var result = new List<EvalRequirement>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in root.Sequence("evals"))
        {
            var m = root.Context.Mapping(node, "evals", "an eval requirement");
            if (m is null)
            {
                continue;
            }

            var suite = Name(m, "suite", "suite", required: true);
            if (suite is not null && !seen.TryAdd(suite, m.Location.Line))
            {
                root.Context.Error(ErrorCodes.DuplicateId, Messages.DuplicateId("suite", suite, seen[suite]), m.Get("suite")!);
            }

            var slices = ReadSlices(m.Mapping("slices"));
            result.Add(new EvalRequirement
            {
                Suite = suite ?? "",
                File = m.String("file"),
                MinPassRate = m.Fraction("min_pass_rate"),
                Confidence = Confidence(m),
                MaxErrorRate = m.Fraction("max_error_rate"),
                Repeats = ReadRepeats(m.Mapping("repeats")),
                Slices = slices,
                NoRegression = ReadNoRegression(m.Mapping("no_regression"), askingForReview),
                Location = m.Location,
            });
            m.Finish();
        }

        return result;
    }

    private static double? Confidence(MappingReader m) => m.Number("confidence", 0.5, 0.9999, "a level between 0.5 and 0.9999, such as 0.95");

    /// <summary>The entries of a mapping keyed by slice name, each key marked read and checked to be a name.</summary>
    private static IEnumerable<(YamlScalar Key, YamlNode Value)> SliceEntries(MappingReader? slices)
    {
        foreach (var (key, value) in slices?.Node.Entries ?? [])
        {
            slices!.Get(key.Value);
            if (!IsName(key.Value))
            {
                slices.Context.Error(ErrorCodes.InvalidName, Messages.InvalidName("slice", key.Value), key);
            }

            yield return (key, value);
        }
    }

    private static List<SliceRequirement> ReadSlices(MappingReader? slices)
    {
        var result = new List<SliceRequirement>();
        foreach (var (key, value) in SliceEntries(slices))
        {
            var m = slices!.Context.Mapping(value, key.Value, $"slice '{key.Value}'");
            result.Add(new SliceRequirement
            {
                Name = key.Value,
                MinPassRate = m?.Fraction("min_pass_rate"),
                Confidence = m is null ? null : Confidence(m),
                Protected = m?.Boolean("protected") ?? false,
            });
            m?.Finish();
        }

        return result;
    }

    private static RepeatsRule ReadRepeats(MappingReader? m)
    {
        if (m is null)
        {
            return RepeatsRule.All;
        }

        var node = m.Get("aggregate");
        RepeatsRule rule;
        if (node is YamlMapping && m.Context.Mapping(node, "aggregate", "'aggregate'") is { } atLeast)
        {
            var k = atLeast.Integer("at_least", 1, required: true);
            atLeast.Finish();
            rule = new RepeatsRule(RepeatAggregate.AtLeast, k ?? 1);
        }
        else
        {
            rule = new RepeatsRule(m.Context.Choice(node, "aggregate", Choices.Aggregates) ?? RepeatAggregate.All, 0);
        }

        m.Finish();
        return rule;
    }

    /// <summary>Reads a <c>no_regression</c> rule; an <c>on_inconclusive: review</c> is added to <paramref name="askingForReview"/>, which needs a review in the gate.</summary>
    private static NoRegressionRule? ReadNoRegression(MappingReader? m, List<YamlNode> askingForReview)
    {
        if (m is null)
        {
            return null;
        }

        var slicesNode = m.Get("slices");
        var selection = SliceSelection.Protected;
        var names = new List<string>();
        if (slicesNode is YamlSequence list)
        {
            selection = SliceSelection.Listed;
            names.AddRange(Names(m, "slices", "slice"));
        }
        else if (slicesNode is not null)
        {
            selection = m.Context.Choice(slicesNode, "slices", Choices.SliceSelections) ?? SliceSelection.Protected;
        }

        var rule = new NoRegressionRule
        {
            Slices = selection,
            Names = names,
            Method = m.Choice("method", Choices.Methods) ?? RegressionMethod.McNemar,
            Alpha = m.Number("alpha", 1e-9, 0.5, "a significance level above 0 and at most 0.5, such as 0.05") ?? 0.05,
            Margin = m.Fraction("margin") ?? 0,
            OnInconclusive = m.Choice("on_inconclusive", Choices.Inconclusive) ?? InconclusiveAction.Warn,
        };
        if (rule.OnInconclusive == InconclusiveAction.Review)
        {
            askingForReview.Add(m.Get("on_inconclusive")!);
        }

        m.Finish();
        return rule;
    }

    private static SeverityRules? ReadSeverity(MappingReader? m)
    {
        if (m is null)
        {
            return null;
        }

        var blockOn = new List<Severity>();
        foreach (var item in m.Sequence("block_on"))
        {
            if (m.Context.Choice(item, "block_on", Choices.Severities) is { } severity && !blockOn.Contains(severity))
            {
                blockOn.Add(severity);
            }
        }

        var max = new Dictionary<Severity, int>();
        if (m.Mapping("max_failures") is { } caps)
        {
            foreach (var (key, value) in caps.Node.Entries)
            {
                caps.Get(key.Value);
                var severity = caps.Context.Choice(key, "max_failures", Choices.Severities);
                var cap = caps.Context.Integer(value, key.Value, 0, int.MaxValue);
                if (severity is { } s && cap is { } c)
                {
                    max[s] = c;
                }
            }
        }

        m.Finish();
        return new SeverityRules { BlockOn = blockOn, MaxFailures = max };
    }

    /// <summary>The longest group name <c>regressions.review_new</c> may give.</summary>
    private const int MaxGroupLength = 128;

    private static RegressionRules? ReadRegressions(MappingReader? m)
    {
        if (m is null)
        {
            return null;
        }

        var rules = new RegressionRules
        {
            Suite = Name(m, "suite", "suite", required: true) ?? "",
            File = m.String("file"),
            MustPass = m.Get("must_pass") is null ? [.. Enum.GetValues<Severity>()] : Severities(m, "must_pass"),
            ReviewNew = m.String("review_new"),
        };
        if (rules.ReviewNew is { } group && Identifiers.Name(group, "review_new group", MaxGroupLength, m.Get("review_new")!.Location) is { } badGroup)
        {
            m.Context.Errors.Add(badGroup);
        }

        m.Finish();
        return rules;
    }

    private static List<ReviewRequirement> ReadReviews(MappingReader root)
    {
        var result = new List<ReviewRequirement>();
        foreach (var m in Items(root, "reviews", "a review", "id", "review id"))
        {
            var review = new ReviewRequirement
            {
                Id = Name(m, "id", "review id", required: true) ?? "",
                Group = m.String("group", required: true) ?? "",
                ReviewersPerItem = m.Integer("reviewers_per_item", 1, 100) ?? 1,
                MinAgreement = m.Fraction("min_agreement"),
                Adjudicator = m.String("adjudicator"),
                Escalate = ReadEscalation(m.Mapping("escalate")),
            };
            if (m.Mapping("sample") is { } sample)
            {
                var failuresNode = sample.Get("failures");
                review = review with
                {
                    SampleFailures = failuresNode is YamlScalar { Value: "all" } ? 1 : sample.Context.Number(failuresNode, "failures", 0, 1, "'all' or a fraction between 0 and 1") ?? 1,
                    SamplePassing = sample.Fraction("passing") ?? 0,
                    SampleMin = sample.Integer("min", 0) ?? 0,
                    SampleSlices = ReadSliceMinimums(sample.Mapping("slices")),
                    JudgeBand = sample.Fraction("judge_band"),
                };
                sample.Finish();
            }

            m.Finish();
            result.Add(review);
        }

        return result;
    }

    private static Dictionary<string, int> ReadSliceMinimums(MappingReader? slices)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, value) in SliceEntries(slices))
        {
            if (slices!.Context.Integer(value, key.Value, 0, int.MaxValue) is { } min)
            {
                result[key.Value] = min;
            }
        }

        return result;
    }

    /// <summary>Reads a <c>policies</c> list: rules, and (when <paramref name="includes"/> is given) <c>{ include: file }</c> items.</summary>
    internal static List<PolicyRule> ReadPolicies(MappingReader root, List<PolicyInclude>? includes = null)
    {
        var result = new List<PolicyRule>();
        foreach (var m in Items(root, "policies", "a policy", "id", "policy id"))
        {
            if (includes is not null && m.Node.Entries.Any(e => e.Key.Value == "include"))
            {
                if (m.String("include", required: true) is { } file)
                {
                    includes.Add(new PolicyInclude(file, m.Get("include")!.Location));
                }

                m.Finish();
                continue;
            }

            result.Add(new PolicyRule
            {
                Id = Name(m, "id", "policy id", required: true) ?? "",
                Rule = m.String("rule", required: true) ?? "",
                Effect = m.Choice("effect", Choices.Effects) ?? PolicyEffect.Block,
                Message = m.String("message"),
                Location = m.Location,
            });
            m.Finish();
        }

        return result;
    }

    private static List<string> ReadEvidence(MappingReader? m)
    {
        if (m is null)
        {
            return [];
        }

        var required = Names(m, "required", "attachment");
        m.Finish();
        return required.Distinct(StringComparer.Ordinal).ToList();
    }

    private static List<ApprovalStage> ReadApprovals(MappingReader root)
    {
        var result = new List<ApprovalStage>();
        foreach (var m in Items(root, "approvals", "an approval stage", "stage", "approval stage"))
        {
            var escalation = ReadEscalation(m.Mapping("escalate"));
            result.Add(new ApprovalStage
            {
                Stage = Name(m, "stage", "approval stage", required: true) ?? "",
                Group = m.String("group", required: true) ?? "",
                Count = m.Integer("count", 1, 100) ?? 1,
                When = m.String("when"),
                Escalate = escalation,
                Location = m.Location,
            });
            m.Finish();
        }

        return result;
    }

    private static WaiverRules ReadWaiverRules(MappingReader? m)
    {
        if (m is null)
        {
            return new WaiverRules();
        }

        var rules = new WaiverRules
        {
            Group = m.String("group"),
            MaxDuration = m.Duration("max_duration"),
            AllowCritical = m.Boolean("allow_critical") ?? false,
        };
        m.Finish();
        return rules;
    }

    /// <summary>The mappings of a list whose items carry an id that must be unique.</summary>
    private static IEnumerable<MappingReader> Items(MappingReader root, string key, string description, string idKey, string what)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in root.Sequence(key))
        {
            if (root.Context.Mapping(node, key, description) is not { } m)
            {
                continue;
            }

            if (m.Context.String(m.Node.Entries.FirstOrDefault(e => e.Key.Value == idKey).Value, idKey) is { } id
                && !seen.TryAdd(id, m.Location.Line))
            {
                m.Context.Error(ErrorCodes.DuplicateId, Messages.DuplicateId(what, id, seen[id]), m.Node.Entries.First(e => e.Key.Value == idKey).Value);
            }

            yield return m;
        }
    }

    private static List<Severity> Severities(MappingReader m, string key)
    {
        var result = new List<Severity>();
        foreach (var item in m.Sequence(key))
        {
            if (m.Context.Choice(item, key, Choices.Severities) is { } severity && !result.Contains(severity))
            {
                result.Add(severity);
            }
        }

        return result;
    }

    /// <summary>Reads a list of names that become part of check ids.</summary>
    internal static List<string> Names(MappingReader m, string key, string what)
    {
        var result = new List<string>();
        foreach (var item in m.Sequence(key))
        {
            if (m.Context.String(item, key) is not { } name)
            {
                continue;
            }

            if (!IsName(name))
            {
                m.Context.Error(ErrorCodes.InvalidName, Messages.InvalidName(what, name), item);
            }

            result.Add(name);
        }

        return result;
    }

    /// <summary>Reads a name that becomes part of check ids, so it is restricted to a safe alphabet.</summary>
    public static string? Name(MappingReader m, string key, string what, bool required = false)
    {
        var value = m.String(key, required);
        if (value is not null && !IsName(value))
        {
            m.Context.Error(ErrorCodes.InvalidName, Messages.InvalidName(what, value), m.Get(key)!);
        }

        return value;
    }

    /// <summary>Whether <paramref name="value"/> is a valid name for a suite, case, slice or check (it becomes part of check ids).</summary>
    internal static bool IsName(string value) => NamePattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex NamePattern();
}
