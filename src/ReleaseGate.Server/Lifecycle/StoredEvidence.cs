using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
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
    private const int PipeBytes = 1 << 20;
    private readonly ConcurrentDictionary<string, (EvidenceSet Candidate, EvidenceSet Baseline)> _evidence = new(StringComparer.Ordinal);
    private long _evidenceReads;
    private long _cachedCases;

    /// <summary>The most distinct cases a release's evidence may hold (<see cref="Options.ServerOptions.MaxEvidenceCases"/>).</summary>
    public long MaxEvidenceCases { get; init; } = long.MaxValue;

    /// <summary>How many times a decision read evidence (from the cache or the store): what a refused request must not cost.</summary>
    internal long Reads => Interlocked.Read(ref _evidenceReads);

    /// <summary>The candidate and baseline evidence of release <paramref name="releaseId"/>, whose runs are <paramref name="runs"/> and whose evidence digest is <paramref name="evidenceDigest"/>.</summary>
    /// <exception cref="Api.EvidenceRefusedException">The runs hold more distinct cases than <see cref="MaxEvidenceCases"/>.</exception>
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
            var reader2 = new ResultsReader(run.Source, run.Source.StartsWith(ReleaseLifecycle.BaselineSource, StringComparison.Ordinal)) { MaxCases = MaxEvidenceCases };
            await ReadRunAsync(reader, run.Id, reader2, cancellationToken);
            if (reader2.Errors.FirstOrDefault(e => e.Code == ErrorCodes.TooManyCases) is { } tooMany)
            {
                throw new Api.EvidenceRefusedException(tooMany);
            }

            // The digests are the uploads' own, not those of the lines as re-read.
            Relabel(reader2.Candidate, run.Digest);
            Relabel(reader2.Baseline, run.Digest);
            candidates.Add(reader2.Candidate);
            baselines.Add(reader2.Baseline);
        }

        var sets = (EvidenceSet.Combine(candidates), EvidenceSet.Combine(baselines));
        var cases = Count(sets.Item1) + Count(sets.Item2);
        if (cases > MaxEvidenceCases)
        {
            // Each upload was within the limit, but together they are not: the upload that makes it so is refused.
            throw new Api.EvidenceRefusedException(new GateError(ErrorCodes.TooManyCases, Messages.TooManyCases(MaxEvidenceCases), SourceLocation.OfFile(runs[^1].Source)));
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

    /// <summary>
    /// Streams a stored run's lines into <paramref name="results"/> through a pipe of bounded size: the stored lines are never
    /// all in memory, only what the pipe holds and the line being read.
    /// </summary>
    private static async Task ReadRunAsync(IGateReader reader, long runId, ResultsReader results, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipeBytes, resumeWriterThreshold: PipeBytes / 2, useSynchronizationContext: false));

        // The results reader reads synchronously: it runs on its own thread and waits on the pipe, not on the store.
        var consumer = Task.Run(() =>
        {
            using var input = pipe.Reader.AsStream();
            results.Read(input, cancellationToken);
        }, cancellationToken);
        try
        {
            await foreach (var line in reader.ReadRunLinesAsync(runId, cancellationToken))
            {
                var size = Encoding.UTF8.GetByteCount(line.Json) + 1;
                var span = pipe.Writer.GetSpan(size);
                var written = Encoding.UTF8.GetBytes(line.Json, span);
                span[written] = (byte)'\n';
                pipe.Writer.Advance(written + 1);
                if ((await pipe.Writer.FlushAsync(cancellationToken)).IsCompleted)
                {
                    // The reader stopped (it failed): its error is what counts.
                    break;
                }
            }
        }
        finally
        {
            await pipe.Writer.CompleteAsync();
        }

        await consumer;
    }

    private static void Relabel(EvidenceSet set, string digest)
    {
        if (set.SourceDigests.Count > 0)
        {
            set.SourceDigests.Clear();
            set.SourceDigests.Add(digest);
        }
    }

}
