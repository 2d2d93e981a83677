using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Core.Reviews;
using YamlDotNet.RepresentationModel;

namespace ReleaseGate.Core.Tests.Decisions;

/// <summary>
/// Turns one case into a decision through Core's public API only: the parsers, <see cref="ResultsReader"/>,
/// <see cref="ReleaseDigest"/> and <see cref="GateEngine.Decide"/>. Nothing of the engine is reimplemented here.
/// </summary>
internal static partial class DecisionCaseRunner
{
    /// <summary>The decision time when a case sets no <c>now</c>.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Parses every input of the case; decides only when all of them parse.</summary>
    public static (GateDecision? Decision, List<GateError> Errors) Run(YamlMappingNode spec)
    {
        var errors = new List<GateError>();
        var gateText = CaseYaml.Text(spec, "gate") ?? throw CaseYaml.Bad(spec, "every case needs a 'gate'");
        var gate = Take(GateParser.Parse(gateText, "gate.yaml"), errors);

        var candidateReader = Read("results.jsonl", allBaseline: false, CaseGenerators.ResultLines(CaseYaml.Get(spec, "results"), "results"), errors);
        var baselineReader = CaseYaml.Present(spec, "baseline")
            ? Read("baseline.jsonl", allBaseline: true, CaseGenerators.ResultLines(CaseYaml.Get(spec, "baseline"), "baseline"), errors)
            : null;

        var suites = new Dictionary<string, Suite>(StringComparer.Ordinal);
        foreach (var (name, node) in CaseYaml.Mapping(spec, "suite_files") is { } files ? CaseYaml.Entries(files) : [])
        {
            if (Take(SuiteParser.Parse(CaseGenerators.SuiteText(name, node), $"suites/{name}.yaml"), errors) is { } suite)
            {
                suites[name] = suite.Name == name ? suite : throw CaseYaml.Bad(node, $"suite_files.{name} holds suite '{suite.Name}'");
            }
        }

        var release = Release(CaseYaml.Mapping(spec, "release"), "release.yaml", errors);
        var baselineRelease = Release(CaseYaml.Mapping(spec, "baseline_release"), "baseline-release.yaml", errors);

        WaiverList? waivers = null;
        if (CaseYaml.Present(spec, "waivers") && CaseYaml.Get(spec, "waivers") is { } waiversNode)
        {
            var text = CaseGenerators.WaiversText(waiversNode).Replace("${release.digest}", release?.Digest ?? "", StringComparison.Ordinal);
            waivers = Take(WaiversParser.Parse(text, "waivers.yaml"), errors);
        }

        if (errors.Count > 0 || gate is null)
        {
            return (null, errors);
        }

        // As `releasegate check` does: baseline lines may come from the candidate's file (target: baseline) too.
        var baseline = new EvidenceSet();
        baseline.Merge(candidateReader.Baseline);
        if (baselineReader is not null)
        {
            baseline.Merge(baselineReader.Baseline);
        }

        var input = new DecisionInput
        {
            Gate = gate,
            Candidate = candidateReader.Candidate,
            Baseline = baselineReader is not null || baseline.Suites.Count > 0 ? baseline : null,
            Release = release,
            BaselineRelease = baselineRelease,
            Suites = suites,
            Waivers = waivers?.Waivers ?? [],
            Now = Now(spec),
            BankAsOf = CaseYaml.Text(spec, "bank_as_of") is { } asOf ? DateTimeOffset.Parse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
            Policies = CaseYaml.Mapping(spec, "policy_engine") is { } answers ? new ScriptedPolicyEvaluator(answers) : null,
            Votes = CaseYaml.Present(spec, "votes") ? Votes(spec, gate, release) : null,
            Submitter = CaseYaml.Text(spec, "submitter"),
            EvidenceDigest = CaseYaml.Present(spec, "votes") ? CurrentEvidence : null,
            Shipped = CaseYaml.Text(spec, "shipped") == "true",
            ReviewVerdicts = ReviewVerdicts(spec),
            Findings = CaseYaml.Present(spec, "findings") ? Findings(spec) : null,
            Escalations = CaseYaml.Present(spec, "escalations") ? Escalations(spec) : null,
        };
        return (GateEngine.Decide(input with { ReviewItems = ReviewItems(spec, input) }), errors);
    }

    private static T? Take<T>(ParseResult<T> result, List<GateError> errors)
        where T : class
    {
        errors.AddRange(result.Errors);
        return result.Value;
    }

    private static ResultsReader Read(string file, bool allBaseline, string jsonl, List<GateError> errors)
    {
        var reader = new ResultsReader(file, allBaseline);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(jsonl));
        reader.Read(stream);
        errors.AddRange(reader.Errors);
        return reader;
    }

    /// <summary>
    /// <c>{manifest: text, files: {path: content}}</c>. A file not listed does not exist. <c>${digest:path}</c> in the
    /// manifest stands for the digest of that file's content, for attachments that declare their digest.
    /// </summary>
    private static ReleaseEvidence? Release(YamlMappingNode? spec, string file, List<GateError> errors)
    {
        if (spec is null)
        {
            return null;
        }

        CaseYaml.AllowKeys(spec, "a release", "manifest", "files");
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in CaseYaml.Mapping(spec, "files") is { } files ? CaseYaml.Entries(files) : [])
        {
            digests[path] = ReleaseDigest.Of(Encoding.UTF8.GetBytes(((YamlScalarNode)content).Value ?? ""));
        }

        var text = DigestPlaceholder().Replace(
            CaseYaml.Text(spec, "manifest") ?? throw CaseYaml.Bad(spec, "a release needs 'manifest'"),
            m => digests.TryGetValue(m.Groups[1].Value, out var d) ? d : throw CaseYaml.Bad(spec, $"{m.Value} names no file under 'files'"));
        var manifest = Take(ReleaseParser.Parse(text, file), errors);
        return manifest is null ? null : new ReleaseEvidence(manifest, ReleaseDigest.Compute(manifest, digests), digests);
    }

    /// <summary>The evidence digest of a case that collects votes; votes are given on it unless they say otherwise.</summary>
    private const string CurrentEvidence = "sha256:evidence-now";

    /// <summary>
    /// <c>votes: [{ user, stage, verdict: approve | reject, given_on: current | other-evidence | other-release | other-stage-definition }]</c>,
    /// in the order cast; a vote is given on the case's release, its evidence and the stage as the gate defines it, unless <c>given_on</c> says otherwise.
    /// </summary>
    private static List<Vote> Votes(YamlMappingNode spec, Gate gate, ReleaseEvidence? release)
    {
        var votes = new List<Vote>();
        foreach (var item in CaseYaml.Items(CaseYaml.Get(spec, "votes"), "votes"))
        {
            var vote = item as YamlMappingNode ?? throw CaseYaml.Bad(item, "a vote is a mapping");
            CaseYaml.AllowKeys(vote, "a vote", "user", "stage", "verdict", "given_on");
            var stage = CaseYaml.Text(vote, "stage") ?? throw CaseYaml.Bad(vote, "a vote needs 'stage'");
            var on = CaseYaml.Text(vote, "given_on") ?? "current";
            var definition = gate.Approvals.FirstOrDefault(a => a.Stage == stage) is { } defined ? StageDigest.Of(defined) : "sha256:no-such-stage";
            votes.Add(new Vote(
                stage,
                CaseYaml.Text(vote, "user") ?? throw CaseYaml.Bad(vote, "a vote needs 'user'"),
                (CaseYaml.Text(vote, "verdict") ?? "approve") switch { "approve" => true, "reject" => false, _ => throw CaseYaml.Bad(vote, "verdict is approve or reject") },
                on == "other-release" ? "sha256:another-release" : release?.Digest ?? throw CaseYaml.Bad(vote, "a case with votes needs a 'release'"),
                on == "other-evidence" ? "sha256:evidence-before" : CurrentEvidence,
                on == "other-stage-definition" ? "sha256:stage-as-it-was" : definition));
            if (on is not ("current" or "other-release" or "other-evidence" or "other-stage-definition"))
            {
                throw CaseYaml.Bad(vote, "given_on is current, other-evidence, other-release or other-stage-definition");
            }
        }

        return votes;
    }

    /// <summary>The seed the cases sample with when <c>review_items: sample</c>.</summary>
    public const string SampleSeed = "sha256:release\nsha256:evidence";

    /// <summary>
    /// <c>review_items</c>: absent for a local check (reviews stay pending); <c>sample</c> for the items
    /// <see cref="GateEngine.ReviewSample"/> takes; or a list <c>[{ review, suite, case, reason }]</c> (reason defaults to <c>failure</c>).
    /// </summary>
    private static List<SampledItem>? ReviewItems(YamlMappingNode spec, DecisionInput input)
    {
        if (!CaseYaml.Present(spec, "review_items"))
        {
            return null;
        }

        var node = CaseYaml.Get(spec, "review_items");
        if (node is YamlScalarNode { Value: "sample" })
        {
            return GateEngine.ReviewSample(input, SampleSeed, null).ToList();
        }

        return CaseYaml.Items(node, "review_items").Select(item =>
        {
            var v = item as YamlMappingNode ?? throw CaseYaml.Bad(item, "a review item is a mapping");
            CaseYaml.AllowKeys(v, "a review item", "review", "suite", "case", "reason");
            return new SampledItem(
                CaseYaml.Text(v, "review") ?? throw CaseYaml.Bad(v, "a review item needs 'review'"),
                CaseYaml.Text(v, "suite") ?? throw CaseYaml.Bad(v, "a review item needs 'suite'"),
                CaseYaml.Text(v, "case") ?? throw CaseYaml.Bad(v, "a review item needs 'case'"),
                CaseYaml.Text(v, "reason") ?? "failure");
        }).ToList();
    }

    /// <summary>
    /// <c>review_verdicts: [{ review, suite, case, reviewer, pass, severity, comment, adjudication, at }]</c>, given in list order:
    /// one a minute after the case's time unless <c>at</c> (minutes after it) says otherwise.
    /// </summary>
    private static List<ReviewVerdict> ReviewVerdicts(YamlMappingNode spec) =>
        CaseYaml.Present(spec, "review_verdicts")
            ? CaseYaml.Items(CaseYaml.Get(spec, "review_verdicts"), "review_verdicts").Select((item, i) =>
            {
                var v = item as YamlMappingNode ?? throw CaseYaml.Bad(item, "a review verdict is a mapping");
                CaseYaml.AllowKeys(v, "a review verdict", "review", "suite", "case", "reviewer", "pass", "severity", "comment", "adjudication", "at");
                return new ReviewVerdict(
                    CaseYaml.Text(v, "review") ?? throw CaseYaml.Bad(v, "a review verdict needs 'review'"),
                    CaseYaml.Text(v, "suite") ?? throw CaseYaml.Bad(v, "a review verdict needs 'suite'"),
                    CaseYaml.Text(v, "case") ?? throw CaseYaml.Bad(v, "a review verdict needs 'case'"),
                    CaseYaml.Text(v, "reviewer") ?? throw CaseYaml.Bad(v, "a review verdict needs 'reviewer'"),
                    Flag(v, "pass") ?? throw CaseYaml.Bad(v, "a review verdict needs 'pass'"),
                    CaseYaml.Text(v, "severity") is { } severity ? Enum.Parse<Severity>(severity, ignoreCase: true) : null,
                    CaseYaml.Text(v, "comment") ?? "",
                    Now(spec).AddMinutes(CaseYaml.Integer(v, "at") ?? i + 1),
                    Flag(v, "adjudication") ?? false);
            }).ToList()
            : [];

    /// <summary>
    /// <c>findings: [{ id, policy, severity, release, opened_at, message }]</c>: the workflow's unresolved compliance findings,
    /// as the server passes them (even <c>findings: []</c>); without the key they are not known (local check).
    /// </summary>
    private static List<OpenFinding> Findings(YamlMappingNode spec) =>
        CaseYaml.Items(CaseYaml.Get(spec, "findings"), "findings").Select((item, i) =>
        {
            var f = item as YamlMappingNode ?? throw CaseYaml.Bad(item, "a finding is a mapping");
            CaseYaml.AllowKeys(f, "a finding", "id", "policy", "severity", "release", "opened_at", "message");
            return new OpenFinding(
                CaseYaml.Integer(f, "id") ?? i + 1,
                CaseYaml.Text(f, "policy") ?? throw CaseYaml.Bad(f, "a finding needs 'policy'"),
                Enum.Parse<Severity>(CaseYaml.Text(f, "severity") ?? throw CaseYaml.Bad(f, "a finding needs 'severity'"), ignoreCase: true),
                CaseYaml.Text(f, "release") ?? throw CaseYaml.Bad(f, "a finding needs 'release'"),
                Time(f, "opened_at") ?? Now(spec),
                CaseYaml.Text(f, "message") ?? "");
        }).ToList();

    /// <summary><c>escalations: [{ stage, to, level, at, waiting_since, reason }]</c>: the escalations the server recorded, in any order.</summary>
    private static List<StageEscalation> Escalations(YamlMappingNode spec) =>
        CaseYaml.Items(CaseYaml.Get(spec, "escalations"), "escalations").Select(item =>
        {
            var e = item as YamlMappingNode ?? throw CaseYaml.Bad(item, "an escalation is a mapping");
            CaseYaml.AllowKeys(e, "an escalation", "stage", "to", "level", "at", "waiting_since", "reason");
            return new StageEscalation(
                CaseYaml.Text(e, "stage") ?? throw CaseYaml.Bad(e, "an escalation needs 'stage'"),
                CaseYaml.Text(e, "to") ?? throw CaseYaml.Bad(e, "an escalation needs 'to'"),
                CaseYaml.Integer(e, "level") ?? 1,
                Time(e, "at") ?? throw CaseYaml.Bad(e, "an escalation needs 'at'"),
                Time(e, "waiting_since") ?? throw CaseYaml.Bad(e, "an escalation needs 'waiting_since'"),
                CaseYaml.Text(e, "reason") ?? throw CaseYaml.Bad(e, "an escalation needs 'reason'"));
        }).ToList();

    private static DateTimeOffset? Time(YamlMappingNode mapping, string key) => CaseYaml.Text(mapping, key) is { } text
        ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
        : null;

    private static bool? Flag(YamlMappingNode mapping, string key) => CaseYaml.Text(mapping, key) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => throw CaseYaml.Bad(mapping, $"{key} is true or false"),
    };

    private static DateTimeOffset Now(YamlMappingNode spec) => CaseYaml.Text(spec, "now") is { } text
        ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
        : DefaultNow;

    [GeneratedRegex(@"\$\{digest:([^}]+)\}")]
    private static partial Regex DigestPlaceholder();
}
