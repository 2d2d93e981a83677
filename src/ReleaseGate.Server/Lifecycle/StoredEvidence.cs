using System.Collections.Concurrent;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Evidence;
using ReleaseGate.Storage;

namespace ReleaseGate.Server.Lifecycle;

/// <summary>
/// Reads a release's stored evidence runs into evidence sets for a decision, with a cache keyed by release and evidence
/// digest: stored runs are immutable, so an entry never goes stale.
/// </summary>
/// <threadsafety>Thread-safe.</threadsafety>
public sealed class StoredEvidence
{
    /// <summary>The most distinct cases the evidence cache holds over all its entries: its memory is bounded by size, not entries.</summary>
    private const long MaxCachedCases = 1_000_000;
    private readonly ConcurrentDictionary<string, (EvidenceSet Candidate, EvidenceSet Baseline)> _evidence = new(StringComparer.Ordinal);
    private long _evidenceReads;
    private long _cachedCases;

    /// <summary>The most distinct cases a release's evidence may hold (<see cref="Options.ServerOptions.MaxEvidenceCases"/>).</summary>
    public long MaxEvidenceCases { get; init; } = long.MaxValue;

    /// <summary>How many times a decision read evidence (from the cache or the store): what a refused request must not cost.</summary>
    internal long Reads => Interlocked.Read(ref _evidenceReads);

    /// <summary>The candidate and baseline evidence of release <paramref name="releaseId"/>, whose runs are <paramref name="runs"/> and whose evidence digest is <paramref name="evidenceDigest"/>.</summary>
    /// <exception cref="EvidenceRefusedException">The runs hold more distinct cases than <see cref="MaxEvidenceCases"/>.</exception>
    public async Task<(EvidenceSet Candidate, EvidenceSet Baseline)> ReadAsync(
        IGateReader reader, long releaseId, IReadOnlyList<EvidenceRunRecord> runs, string evidenceDigest, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _evidenceReads);
        var key = $"{releaseId}/{evidenceDigest}";
        if (_evidence.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var candidates = new List<EvidenceSet>();
        var baselines = new List<EvidenceSet>();
        foreach (var run in runs)
        {
            // The evidence's source is the upload the lines were kept from, so the run's digest is the reader's.
            var results = new ResultsReader(run.Source, run.Source.StartsWith(ReleaseLifecycle.BaselineSource, StringComparison.Ordinal))
            {
                MaxCases = MaxEvidenceCases,
                SourceDigest = run.Digest,
            };
            await foreach (var line in reader.ReadRunLinesAsync(run.Id, cancellationToken))
            {
                if (!results.ReadLine(line.Json, line.LineNumber))
                {
                    throw new EvidenceRefusedException(results.Errors.First(e => e.Code == ErrorCodes.TooManyCases));
                }
            }

            results.Complete();
            candidates.Add(results.Candidate);
            baselines.Add(results.Baseline);
        }

        var sets = (EvidenceSet.Combine(candidates), EvidenceSet.Combine(baselines));
        var cases = Count(sets.Item1) + Count(sets.Item2);
        if (cases > MaxEvidenceCases)
        {
            // Each upload was within the limit, but together they are not: the upload that makes it so is refused.
            throw new EvidenceRefusedException(new GateError(ErrorCodes.TooManyCases, Messages.TooManyCases(MaxEvidenceCases), SourceLocation.OfFile(runs[^1].Source)));
        }

        if (cases > MaxCachedCases)
        {
            // Larger than the whole cache: re-read each time rather than evict everything else for it.
            return sets;
        }

        if (Interlocked.Add(ref _cachedCases, cases) > MaxCachedCases)
        {
            // Entries for superseded evidence are never read again; dropping them all is simpler than tracking use.
            _evidence.Clear();
            Interlocked.Exchange(ref _cachedCases, cases);
        }

        return _evidence.GetOrAdd(key, sets);
    }

    private static long Count(EvidenceSet set) => set.Suites.Values.Sum(s => (long)s.Cases.Count);
}
