using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Runner.Suites;
using ReleaseGate.Runner.Targets;

namespace ReleaseGate.Runner.Execution;

/// <summary>What a run needs, loaded and validated: the suite, the sides and the judge.</summary>
/// <param name="Suite">The validated suite.</param>
/// <param name="Sides">The candidate, then the baseline if any.</param>
/// <param name="Judge">The judge, if any.</param>
public sealed record RunSetup(RunnableSuite Suite, IReadOnlyList<RunSide> Sides, ITarget? Judge)
{
    /// <summary>
    /// Reads the targets file and the suite, resolves the target names (ids of the targets file, or inline specs) and
    /// creates the targets. Every problem is collected in <paramref name="errors"/>; null when there is any.
    /// </summary>
    /// <param name="suiteFile">The suite file.</param>
    /// <param name="targetsFile">The targets file, if any.</param>
    /// <param name="candidate">The candidate target's id or inline spec.</param>
    /// <param name="baseline">The baseline target's id or inline spec, if any.</param>
    /// <param name="judge">The judge target's id or inline spec, if any.</param>
    /// <param name="options">The run's options (the timeout reaches the SDK).</param>
    /// <param name="factory">Creates the targets.</param>
    /// <param name="environment">Reads environment variables.</param>
    /// <param name="errors">Receives every problem.</param>
    public static RunSetup? Load(
        string suiteFile, string? targetsFile, string candidate, string? baseline, string? judge, RunOptions options, TargetFactory factory,
        Func<string, string?> environment, List<GateError> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(errors);
        // Both files are checked in one go, so that one run lists every problem of either.
        TargetsFile? targets = null;
        var targetsUsable = true;
        if (targetsFile is not null)
        {
            var parsed = Read(targetsFile, errors) is { } targetsText ? TargetsParser.Parse(targetsText, targetsFile) : null;
            errors.AddRange(parsed?.Errors ?? []);
            targets = parsed?.Value;
            targetsUsable = targets is not null;
        }

        var candidateDef = targetsUsable ? Resolve(candidate, "--target", targets, targetsFile, errors) : null;
        var baselineDef = baseline is null || !targetsUsable ? null : Resolve(baseline, "--baseline-target", targets, targetsFile, errors);
        var judgeDef = judge is null || !targetsUsable ? null : Resolve(judge, "--judge-target", targets, targetsFile, errors);
        var overrides = new[] { candidateDef, baselineDef }.OfType<TargetDefinition>()
            .Where(d => d.SystemPrompt is not null).Select(d => (d.SystemPrompt!, d.Location)).ToList();
        var suiteText = Read(suiteFile, errors);
        if (suiteText is null)
        {
            return null;
        }

        var loaded = SuiteLoader.Load(suiteText, suiteFile, overrides, judge is not null);
        errors.AddRange(loaded.Errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var sides = new List<RunSide>();
        if (candidateDef is not null && factory.Create(candidateDef, options.Timeout, environment, errors) is { } c)
        {
            sides.Add(new RunSide("candidate", c));
        }

        if (baselineDef is not null && factory.Create(baselineDef, options.Timeout, environment, errors) is { } b)
        {
            sides.Add(new RunSide("baseline", b));
        }

        var judgeTarget = judgeDef is null ? null : factory.Create(judgeDef, options.Timeout, environment, errors);
        return errors.Count > 0 || loaded.Value is null ? null : new RunSetup(loaded.Value, sides, judgeTarget);
    }

    private static TargetDefinition? Resolve(string name, string option, TargetsFile? targets, string? targetsFile, List<GateError> errors)
    {
        if (targets?.Targets.FirstOrDefault(t => t.Id == name) is { } defined)
        {
            return defined;
        }

        if (TargetsParser.Inline(name) is { } inline)
        {
            return inline;
        }

        var where = targetsFile is null ? SourceLocation.OfFile(option) : SourceLocation.OfFile(targetsFile);
        errors.Add(new GateError(ErrorCodes.TargetInvalid, RunnerMessages.UnknownTarget(name, targets?.Targets.Select(t => t.Id) ?? []), where));
        return null;
    }

    private static string? Read(string path, List<GateError> errors)
    {
        try
        {
            // Strict UTF-8 within the YAML size limit, as the CLI reads a gate: a larger file is refused unread.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return InputText.Read(stream, path, errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "it does not exist" : ex.Message;
            errors.Add(new GateError(ErrorCodes.FileUnreadable, $"cannot read the file: {reason}. Check the path and the permissions.", SourceLocation.OfFile(path)));
            return null;
        }
    }
}
