using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Policies;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// A workflow's gate as registered: the gate file and the files it names (policy includes, suites and their case
/// files), by <see cref="BundlePaths"/> name. Loading it parses and validates everything, as <c>releasegate check</c>
/// does for files on disk, and reports every error of every file at once.
/// </summary>
/// <param name="GateFile">The gate's file name.</param>
/// <param name="Files">Every file's text by name, the gate's included.</param>
public sealed record GateBundle(string GateFile, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Parses the gate, its policy includes and suites, and dry-runs its rules (<see cref="PolicyGuard"/>).</summary>
    /// <returns>The loaded gate, or null with every error.</returns>
    public (LoadedGate? Gate, IReadOnlyList<GateError> Errors) Load()
    {
        var errors = new List<GateError>();
        if (!Files.TryGetValue(GateFile, out var text))
        {
            return (null, [new GateError(ErrorCodes.FileUnreadable, Messages.Unreadable("it was not uploaded"), SourceLocation.OfFile(GateFile))]);
        }

        var parsed = GateParser.Parse(text, GateFile);
        errors.AddRange(parsed.Errors);
        var gate = parsed.Value;
        if (gate is null)
        {
            return (null, errors);
        }

        var includes = new List<PolicyFile>();
        foreach (var include in gate.PolicyIncludes)
        {
            var name = BundlePaths.Relative(GateFile, include.File);
            if (Read(name, include.Location, errors) is { } policyText && Collect(PolicyFileParser.Parse(policyText, name), errors) is { } file)
            {
                includes.Add(file);
            }
        }

        if (gate.PolicyIncludes.Count > 0)
        {
            gate = includes.Count == gate.PolicyIncludes.Count ? Collect(PolicyFileParser.Include(gate, includes), errors) : null;
        }

        var suites = gate is null ? [] : LoadSuites(gate, errors);
        if (gate is not null && (gate.Policies.Count > 0 || gate.Approvals.Any(a => a.When is not null)))
        {
            errors.AddRange(PolicyGuard.Check(gate, new CelPolicyEvaluator(TimeProvider.System)));
        }

        return errors.Count == 0 && gate is not null ? (new LoadedGate(gate, suites), errors) : (null, errors.Order().ToList());
    }

    private Dictionary<string, Suite> LoadSuites(Gate gate, List<GateError> errors)
    {
        var suites = new Dictionary<string, Suite>(StringComparer.Ordinal);
        var named = gate.Evals.Select(e => (e.Suite, e.File, e.Location)).ToList();
        if (gate.Regressions is { File: not null } r)
        {
            named.Add((r.Suite, r.File, SourceLocation.OfFile(GateFile)));
        }

        foreach (var (name, file, location) in named.Where(n => n.File is not null))
        {
            var path = BundlePaths.Relative(GateFile, file!);
            if (Read(path, location, errors) is not { } suiteText || Collect(SuiteParser.Parse(suiteText, path), errors) is not { } suite)
            {
                continue;
            }

            if (suite.Name != name)
            {
                errors.Add(new GateError(ErrorCodes.SuiteMismatch, Messages.SuiteMismatch(name, suite.Name), new SourceLocation(path, 0, 0)));
                continue;
            }

            foreach (var caseFile in suite.CaseFiles)
            {
                var casePath = BundlePaths.Relative(path, caseFile);
                if (Read(casePath, SourceLocation.OfFile(path), errors) is { } cases)
                {
                    var withCases = SuiteParser.AddCases(suite, cases, casePath);
                    errors.AddRange(withCases.Errors);
                    suite = withCases.Value ?? suite;
                }
            }

            suites[name] = suite;
        }

        return suites;
    }

    private string? Read(string name, SourceLocation referencedFrom, List<GateError> errors)
    {
        if (Files.TryGetValue(name, out var text))
        {
            return text;
        }

        errors.Add(new GateError(ErrorCodes.FileUnreadable, Messages.UnreadableReferenced(name, "it was not uploaded with the gate; add it to the upload under this name"), referencedFrom));
        return null;
    }

    private static T? Collect<T>(ParseResult<T> result, List<GateError> errors)
        where T : class
    {
        errors.AddRange(result.Errors);
        return result.Value;
    }
}
