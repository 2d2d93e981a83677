using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Gates;

/// <summary>
/// Loads a gate with every file it names — policy includes, suite files and their case files — into a validated gate,
/// its suites and one digest over all of them (<see cref="GateDigest"/>). <c>releasegate check</c>, <c>workflow
/// register</c> and the server all load gates here, from disk or from a stored bundle, so that the same files give the
/// same gate and the same digest everywhere. Every error of every file is reported at once. Files are read as every YAML
/// input is (strict UTF-8, within <see cref="InputLimits.MaxYamlDocumentBytes"/>); case files are streamed a line at a
/// time. Policy rules are not dry-run here: that needs a policy engine (<c>PolicyGuard</c>), which callers run when
/// <see cref="Gate.NeedsPolicyEngine"/>.
/// </summary>
public static class GateBundleLoader
{
    /// <summary>Loads the gate at <paramref name="path"/> and the files it names from disk.</summary>
    /// <param name="path">The gate file; errors name files by paths built on it.</param>
    /// <param name="keepFiles">Whether to return the text of every file read (<see cref="GateLoadResult.Bundle"/>), for an upload.</param>
    public static GateLoadResult LoadFile(string path, bool keepFiles = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Load(DiskGateFiles.Instance, path, Path.GetFileName(path), keepFiles);
    }

    /// <summary>
    /// Loads a stored or uploaded bundle. Files of the bundle that the gate does not name are not read: the result's
    /// <see cref="GateLoadResult.Bundle"/> holds only the files the gate uses, which are what its digest covers.
    /// </summary>
    /// <param name="bundle">The bundle; errors name files by their names in it.</param>
    public static GateLoadResult Load(GateBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return Load(new BundleGateFiles(bundle), bundle.GateFile, bundle.GateFile, keepFiles: true);
    }

    /// <summary>Loads a gate and the files it names from <paramref name="source"/>.</summary>
    /// <param name="source">Where the files are.</param>
    /// <param name="gateLocation">Where the gate is in <paramref name="source"/>.</param>
    /// <param name="gateName">The gate's name in the bundle: the files it names are named relative to it (<see cref="BundlePaths"/>).</param>
    /// <param name="keepFiles">Whether to return the text of every file read.</param>
    public static GateLoadResult Load(IGateFileSource source, string gateLocation, string gateName, bool keepFiles)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(gateLocation);
        ArgumentNullException.ThrowIfNull(gateName);
        return new Walk(source, keepFiles).Run(gateLocation, gateName);
    }

    /// <summary>One load: the files read so far, their digests and errors.</summary>
    private sealed class Walk(IGateFileSource source, bool keepFiles)
    {
        private readonly List<GateError> _errors = [];
        private readonly Dictionary<string, string> _digests = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>? _texts = keepFiles ? new(StringComparer.Ordinal) : null;
        private bool _unread;
        private string _gateName = "";

        public GateLoadResult Run(string location, string name)
        {
            _gateName = name;
            var gate = Parse(new FileRef(location, name), null, GateParser.Parse);
            if (gate is null)
            {
                return Result(null, null);
            }

            var includes = new List<PolicyFile>();
            foreach (var include in gate.PolicyIncludes)
            {
                if (Parse(Resolve(new FileRef(location, name), include.File), include.Location, PolicyFileParser.Parse) is { } file)
                {
                    includes.Add(file);
                }
            }

            if (gate.PolicyIncludes.Count > 0)
            {
                gate = includes.Count == gate.PolicyIncludes.Count ? Collect(PolicyFileParser.Include(gate, includes)) : null;
            }

            var suites = gate is null ? [] : Suites(gate, new FileRef(location, name));
            if (gate is null || _errors.Count > 0)
            {
                return Result(null, gate);
            }

            var digest = GateDigest.Of(name, _digests);
            return Result(new LoadedGate(gate with { Digest = digest }, suites, name, _digests), gate);
        }

        private Dictionary<string, Suite> Suites(Gate gate, FileRef gateFile)
        {
            var suites = new Dictionary<string, Suite>(StringComparer.Ordinal);
            var named = gate.Evals.Select(e => (e.Suite, e.File, e.Location)).ToList();
            if (gate.Regressions is { File: not null } r)
            {
                named.Add((r.Suite, r.File, SourceLocation.OfFile(gate.File)));
            }

            foreach (var (name, file, location) in named)
            {
                if (file is null)
                {
                    continue;
                }

                var suiteFile = Resolve(gateFile, file);
                if (Parse(suiteFile, location, SuiteParser.Parse) is not { } suite)
                {
                    continue;
                }

                if (suite.Name != name)
                {
                    _errors.Add(new GateError(ErrorCodes.SuiteMismatch, Messages.SuiteMismatch(name, suite.Name), new SourceLocation(suiteFile.Location, 0, 0)));
                    continue;
                }

                foreach (var caseFile in suite.CaseFiles)
                {
                    suite = AddCases(suite, Resolve(suiteFile, caseFile), SourceLocation.OfFile(suiteFile.Location)) ?? suite;
                }

                suites[name] = suite;
            }

            return suites;
        }

        private FileRef Resolve(FileRef referrer, string reference) =>
            new(source.Locate(referrer.Location, reference), BundlePaths.Relative(referrer.Name, reference));

        /// <summary>Reads a YAML file and parses it; its text and digest are recorded under its name.</summary>
        private T? Parse<T>(FileRef file, SourceLocation? referencedFrom, Func<string, string, ParseResult<T>> parse)
            where T : class
        {
            string? text;
            using (var stream = source.Open(file.Location, referencedFrom, _errors))
            {
                text = stream is null ? null : ReadText(stream, file.Location);
            }

            if (text is null)
            {
                _unread = true;
                return null;
            }

            _digests[file.Name] = GateDigest.OfText(text);
            if (_texts is not null)
            {
                _texts[file.Name] = text;
            }

            return Collect(parse(text, file.Location));
        }

        private string? ReadText(Stream stream, string location)
        {
            try
            {
                return InputText.Read(stream, location, _errors);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _errors.Add(FileErrors.Unreadable(location, ex));
                return null;
            }
        }

        /// <summary>Streams a case file into <paramref name="suite"/>, digesting it on the way.</summary>
        private Suite? AddCases(Suite suite, FileRef file, SourceLocation referencedFrom)
        {
            using var opened = source.Open(file.Location, referencedFrom, _errors);
            if (opened is null)
            {
                _unread = true;
                return null;
            }

            using var stream = new DigestingStream(opened, _texts is not null);
            ParseResult<Suite> added;
            try
            {
                added = SuiteParser.AddCases(suite, stream, file.Location);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _errors.Add(FileErrors.Unreadable(file.Location, ex, referencedFrom));
                _unread = true;
                return null;
            }

            _digests[file.Name] = stream.Digest();
            if (_texts is not null && stream.Kept is { } kept)
            {
                // Kept for an upload: decoded as the server will decode it, so a file it would refuse is refused here.
                if (InputText.Decode(kept.GetBuffer().AsSpan(0, (int)kept.Length), file.Location, _errors) is { } text)
                {
                    _texts[file.Name] = text;
                }
                else
                {
                    _unread = true;
                }
            }

            return Collect(added);
        }

        private T? Collect<T>(ParseResult<T> result)
            where T : class
        {
            _errors.AddRange(result.Errors);
            return result.Value;
        }

        private GateLoadResult Result(LoadedGate? gate, Gate? parsed) =>
            new(gate, _errors, _texts is null || _unread || _digests.Count == 0 ? null : new GateBundle(_gateName, _texts), parsed);
    }

    /// <summary>A file named by a gate: where its source finds it, and its name in the bundle.</summary>
    private readonly record struct FileRef(string Location, string Name);
}
