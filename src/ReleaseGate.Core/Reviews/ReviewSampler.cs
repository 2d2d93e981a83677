using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Reviews;

/// <summary>
/// Picks the cases a review samples, as its gate says (<see cref="ReviewRequirement"/>): every case behind an inconclusive
/// comparison, every case the judge was unsure of (within the judge band), a share of the failed cases, a share of the
/// passing ones, per-slice minimums, then a minimum overall. A pure function of the cases and a seed: each case is ranked by
/// the SHA-256 of the seed and its suite and id, and each share takes the lowest ranks. The same seed (the server uses the
/// release and evidence digests) gives the same items in any order of the cases, so a sample can be derived again.
/// </summary>
/// <threadsafety>Stateless; safe to call from several threads.</threadsafety>
public static class ReviewSampler
{
    /// <summary>
    /// The items <paramref name="review"/> samples from <paramref name="cases"/>, in suite and case order. A case is sampled
    /// once, for the first reason that applies: <c>inconclusive</c>, <c>judge</c>, <c>failure</c>, <c>passing</c>,
    /// <c>slice</c>, <c>minimum</c>.
    /// </summary>
    /// <param name="review">The review.</param>
    /// <param name="cases">The candidate's cases; a suite and case pair given twice counts once (the first given).</param>
    /// <param name="seed">What makes the sample; the same seed gives the same sample.</param>
    public static IReadOnlyList<ReviewItem> Sample(ReviewRequirement review, IEnumerable<SampleCase> cases, string seed)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(seed);
        return SampleRanked(review, Rank(cases, seed));
    }

    /// <summary>The items <paramref name="review"/> samples from cases already ranked (<see cref="Rank"/>), in suite and case order.</summary>
    internal static List<ReviewItem> SampleRanked(ReviewRequirement review, IReadOnlyList<SampleCase> ranked)
    {
        var reasons = new Dictionary<SampleCase, string>(ReferenceEqualityComparer.Instance);

        foreach (var c in ranked.Where(c => c.Inconclusive))
        {
            reasons.TryAdd(c, "inconclusive");
        }

        if (review.JudgeBand is { } band)
        {
            foreach (var c in ranked.Where(c => c.JudgeMargin is { } margin && margin <= band))
            {
                reasons.TryAdd(c, "judge");
            }
        }

        // Each share is of all failed (passing) cases and takes the lowest ranks; a case already sampled counts toward it.
        var failures = ranked.Where(c => !c.Passed).ToList();
        var passing = ranked.Where(c => c.Passed).ToList();
        foreach (var c in failures.Take(Share(failures.Count, review.SampleFailures)))
        {
            reasons.TryAdd(c, "failure");
        }

        foreach (var c in passing.Take(Share(passing.Count, review.SamplePassing)))
        {
            reasons.TryAdd(c, "passing");
        }

        // Topped up by rank, failures first: a reviewer's time is better spent where the automated outcome already failed.
        var byPriority = failures.Concat(passing).ToList();
        foreach (var (slice, min) in review.SampleSlices.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var members = byPriority.Where(c => c.Slices.Contains(slice, StringComparer.Ordinal)).ToList();
            var missing = Math.Min(min, members.Count) - members.Count(reasons.ContainsKey);
            foreach (var c in members)
            {
                if (missing <= 0)
                {
                    break;
                }

                if (reasons.TryAdd(c, "slice"))
                {
                    missing--;
                }
            }
        }

        foreach (var c in byPriority)
        {
            if (reasons.Count >= review.SampleMin)
            {
                break;
            }

            reasons.TryAdd(c, "minimum");
        }

        return reasons
            .Select(r => new ReviewItem(r.Key.Suite, r.Key.Case, r.Value))
            .OrderBy(i => i.Suite, StringComparer.Ordinal).ThenBy(i => i.Case, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// How many of <paramref name="count"/> cases a share takes: rounded up, so that any share above 0 of any case takes one,
    /// and 7% of 100 is 7 although <c>100 * 0.07</c> is a hair above 7 in binary floating point.
    /// </summary>
    /// <param name="count">How many cases there are.</param>
    /// <param name="share">The share, from 0 to 1.</param>
    public static int Share(int count, double share) => (int)Math.Min(count, Math.Ceiling((count * share) - 1e-9));

    /// <summary>The distinct cases, lowest rank first (ties, which need equal hashes, by suite and case).</summary>
    internal static List<SampleCase> Rank(IEnumerable<SampleCase> cases, string seed)
    {
        var distinct = cases.DistinctBy(c => (c.Suite, c.Case)).ToList();
        var ranks = new ulong[distinct.Count];

        // One buffer for every case's "seed\nsuite\ncase": ranking a large release allocates nothing per case.
        var prefix = Encoding.UTF8.GetBytes(seed + "\n");
        var buffer = ArrayPool<byte>.Shared.Rent(prefix.Length + 256);
        Span<byte> hash = stackalloc byte[32];
        try
        {
            for (var i = 0; i < distinct.Count; i++)
            {
                var c = distinct[i];
                var length = prefix.Length + Encoding.UTF8.GetMaxByteCount(c.Suite.Length + c.Case.Length + 1);
                if (length > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(length);
                }

                prefix.CopyTo(buffer, 0);
                var written = prefix.Length + Encoding.UTF8.GetBytes(c.Suite, buffer.AsSpan(prefix.Length));
                buffer[written++] = (byte)'\n';
                written += Encoding.UTF8.GetBytes(c.Case, buffer.AsSpan(written));
                SHA256.HashData(buffer.AsSpan(0, written), hash);
                ranks[i] = BinaryPrimitives.ReadUInt64BigEndian(hash);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // Sorting on the bare ranks is fast; equal ranks (equal 64-bit hash prefixes) are then put in suite and case order.
        var order = distinct.ToArray();
        Array.Sort(ranks, order);
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && ranks[end] == ranks[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start, SuiteAndCase.Instance);
            }

            start = end;
        }

        return [.. order];
    }

    private sealed class SuiteAndCase : IComparer<SampleCase>
    {
        public static readonly SuiteAndCase Instance = new();

        public int Compare(SampleCase? x, SampleCase? y)
        {
            var bySuite = string.CompareOrdinal(x!.Suite, y!.Suite);
            return bySuite != 0 ? bySuite : string.CompareOrdinal(x.Case, y.Case);
        }
    }
}
