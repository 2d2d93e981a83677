namespace ReleaseGate.Core.Evidence;

/// <summary>Everything the results say about one target (the candidate, or the baseline), by suite.</summary>
public sealed class EvidenceSet
{
    /// <summary>Suites by name.</summary>
    public Dictionary<string, SuiteEvidence> Suites { get; } = new(StringComparer.Ordinal);

    /// <summary>Digests of the result files this evidence was read from, in the order read.</summary>
    public List<string> SourceDigests { get; } = [];

    /// <summary>Returns the suite, adding it if it is new.</summary>
    public SuiteEvidence GetOrAdd(string suite)
    {
        if (!Suites.TryGetValue(suite, out var evidence))
        {
            evidence = new SuiteEvidence(suite);
            Suites.Add(suite, evidence);
        }

        return evidence;
    }

    /// <summary>
    /// Combines sets read from several files. The largest set is kept and the others are merged into it, so the
    /// usual case — one big file a side — copies nothing.
    /// </summary>
    public static EvidenceSet Combine(IReadOnlyList<EvidenceSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0)
        {
            return new EvidenceSet();
        }

        var target = sets.MaxBy(s => s.Suites.Values.Sum(v => (long)v.Cases.Count))!;
        var digests = new List<string>();
        foreach (var set in sets)
        {
            if (set != target)
            {
                target.Merge(set);
            }

            digests.AddRange(set.SourceDigests);
        }

        // Keep the digests in the order the files were given, whichever set was kept.
        target.SourceDigests.Clear();
        target.SourceDigests.AddRange(digests);
        return target;
    }

    /// <summary>Adds everything <paramref name="other"/> holds to this set.</summary>
    public void Merge(EvidenceSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (name, suite) in other.Suites)
        {
            var mine = GetOrAdd(name);
            mine.Lines += suite.Lines;
            foreach (var (id, evidence) in suite.Cases)
            {
                mine.GetOrAdd(id).Merge(evidence);
            }
        }

        SourceDigests.AddRange(other.SourceDigests);
    }
}
