using ReleaseGate.Core.Decisions;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Gates;
using ReleaseGate.Core.Model;
using ReleaseGate.Policies;

namespace ReleaseGate.Cli.Input;

/// <summary>
/// Reads every file a check needs and builds the decision input. Nothing is decided unless every file is valid:
/// all errors of all files are returned together.
/// </summary>
internal static class CheckInputLoader
{
    public static (DecisionInput? Input, List<GateError> Errors) Load(CheckRequest request, Stream? standardInput = null)
    {
        var errors = new List<GateError>();

        // Result files are the bulk of the work: read them in parallel with everything else.
        var results = Task.Run(() => ReadResults(request, standardInput));
        var loaded = GateBundleLoader.LoadFile(request.Gate);
        errors.AddRange(loaded.Errors);
        // Checked against the gate as parsed even when a file it names is not valid, so that every error is reported at once.
        var gate = loaded.Parsed;
        var release = request.Release is null ? null : LoadRelease(request.Release, gate, errors);
        var baselineRelease = request.BaselineRelease is null ? null : LoadRelease(request.BaselineRelease, gate, errors);
        var waivers = request.Waivers is null ? null : InputFiles.Parse(request.Waivers, WaiversParser.Parse, errors);
        // The CEL engine is loaded only for gates that have rules: it costs start-up time a plain gate need not pay.
        CelPolicyEvaluator? policies = null;
        if (gate is { HasRules: true })
        {
            policies = new CelPolicyEvaluator(new FixedTimeProvider(request.Now));
            errors.AddRange(PolicyGuard.Check(gate, policies, release));
        }

        var (candidate, baseline, resultErrors) = results.GetAwaiter().GetResult();
        errors.AddRange(resultErrors);
        if (errors.Count > 0 || loaded.Gate is null)
        {
            return (null, errors);
        }

        return (new DecisionInput
        {
            Gate = loaded.Gate.Gate,
            Candidate = candidate,
            Baseline = request.BaselineResults.Count > 0 || baseline.Suites.Count > 0 ? baseline : null,
            Release = release,
            BaselineRelease = baselineRelease,
            Suites = loaded.Gate.Suites,
            Waivers = waivers?.Waivers ?? [],
            Now = request.Now,
            Policies = policies,
        }, errors);
    }

    private static ReleaseEvidence? LoadRelease(string path, Gate? gate, List<GateError> errors)
    {
        var before = errors.Count;
        var manifest = InputFiles.Parse(path, ReleaseParser.Parse, errors);
        if (manifest is null)
        {
            // A results file here (-r was --results before issue 22): one error that says so, not its YAML errors.
            if (errors.Count > before && InputFiles.Head(path) is { } head && MisplacedFile.AsDocument(head, path, "a release manifest (kind: Release)", "--results (-r stands for --release)") is { } misplaced)
            {
                errors.RemoveRange(before, errors.Count - before);
                errors.Add(misplaced);
            }

            return null;
        }

        if (gate is not null && manifest.Workflow != gate.Workflow)
        {
            errors.Add(new GateError(ErrorCodes.WorkflowMismatch, Messages.WorkflowMismatch(manifest.Workflow, gate.Workflow), manifest.Location));
            return null;
        }

        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in manifest.ReferencedFiles())
        {
            if (InputFiles.TryDigest(InputFiles.Relative(path, file)) is { } digest)
            {
                digests[file] = digest;
            }
        }

        var missingPrompts = manifest.Prompts.Where(p => !digests.ContainsKey(p.Value)).ToList();
        foreach (var (_, prompt) in missingPrompts)
        {
            errors.Add(new GateError(ErrorCodes.FileUnreadable, Messages.MissingPrompt(prompt), manifest.Location));
        }

        return missingPrompts.Count > 0 ? null : new ReleaseEvidence(manifest, ReleaseDigest.Compute(manifest, digests), digests);
    }

    private static (EvidenceSet Candidate, EvidenceSet Baseline, List<GateError> Errors) ReadResults(CheckRequest request, Stream? standardInput)
    {
        var files = request.Results.Select(f => (File: f, Baseline: false)).Concat(request.BaselineResults.Select(f => (File: f, Baseline: true))).ToList();
        var readers = new ResultsReader[files.Count];
        var failures = new GateError?[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (file, allBaseline) = files[i];
            readers[i] = new ResultsReader(file, allBaseline);
            try
            {
                using var stream = file == "-" ? standardInput ?? Console.OpenStandardInput() : new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                readers[i].Read(stream);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failures[i] = InputFiles.Unreadable(file, ex);
            }
        });

        var candidate = EvidenceSet.Combine(readers.Select(r => r.Candidate).ToList());
        var baseline = EvidenceSet.Combine(readers.Select(r => r.Baseline).ToList());
        var errors = new List<GateError>();
        for (var i = 0; i < files.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                errors.Add(failure);
            }
            else if (Misplaced(files[i].File, readers[i]) is { } misplaced)
            {
                errors.Add(misplaced);
            }
            else
            {
                errors.AddRange(readers[i].Errors);
            }
        }

        return (candidate, baseline, errors);
    }

    /// <summary>
    /// One error naming what the file is, when not a line of it was results and its start shows another kind of file (a
    /// suite, a gate, a decision): that says more than an error on each of its first lines.
    /// </summary>
    private static GateError? Misplaced(string file, ResultsReader reader)
    {
        if (file == "-" || reader.CaseCount > 0 || reader.ErrorCount == 0)
        {
            return null;
        }

        return InputFiles.Head(file) is { } head ? MisplacedFile.AsResults(head, file) : null;
    }
}
