using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Reviews;

/// <summary>
/// Picks the cases a review samples, as its gate says (<see cref="ReviewRequirement"/>): a share of the failed cases, a
/// share of the passing ones, topped up to a minimum. A pure function of the cases and a seed: each case is ranked by the
/// SHA-256 of the seed and its suite and id, and each share takes the lowest ranks. The same seed (the server uses the
/// release and evidence digests) gives the same items in any order of the cases, so a sample can be derived again.
/// </summary>
public static class ReviewSampler
{
    /// <summary>The items <paramref name="review"/> samples from <paramref name="cases"/>, in suite and case order.</summary>
    /// <param name="review">The review.</param>
    /// <param name="cases">The candidate's cases; a suite and case pair given twice counts once.</param>
    /// <param name="seed">What makes the sample; the same seed gives the same sample.</param>
    public static IReadOnlyList<ReviewItem> Sample(ReviewRequirement review, IEnumerable<SampleCase> cases, string seed)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(seed);
        var ranked = cases
            .DistinctBy(c => (c.Suite, c.Case))
            .Select(c => (Case: c, Rank: Rank(seed, c)))
            .OrderBy(c => c.Rank).ThenBy(c => c.Case.Suite, StringComparer.Ordinal).ThenBy(c => c.Case.Case, StringComparer.Ordinal)
            .Select(c => c.Case)
            .ToList();
        var failures = ranked.Where(c => !c.Passed).ToList();
        var passing = ranked.Where(c => c.Passed).ToList();
        var items = new List<ReviewItem>();
        items.AddRange(failures.Take(Share(failures.Count, review.SampleFailures)).Select(c => new ReviewItem(c.Suite, c.Case, "failure")));
        items.AddRange(passing.Take(Share(passing.Count, review.SamplePassing)).Select(c => new ReviewItem(c.Suite, c.Case, "passing")));

        // Topped up by rank, failures first: a reviewer's time is better spent where the automated outcome already failed.
        var taken = items.Select(i => (i.Suite, i.Case)).ToHashSet();
        foreach (var c in failures.Concat(passing))
        {
            if (items.Count >= review.SampleMin)
            {
                break;
            }

            if (taken.Add((c.Suite, c.Case)))
            {
                items.Add(new ReviewItem(c.Suite, c.Case, "minimum"));
            }
        }

        return items.OrderBy(i => i.Suite, StringComparer.Ordinal).ThenBy(i => i.Case, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// How many of <paramref name="count"/> cases a share takes: rounded up, so that any share above 0 of any case takes one,
    /// and 7% of 100 is 7 although <c>100 * 0.07</c> is a hair above 7 in binary floating point.
    /// </summary>
    public static int Share(int count, double share) => (int)Math.Min(count, Math.Ceiling((count * share) - 1e-9));

    private static ulong Rank(string seed, SampleCase c)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{c.Suite}\n{c.Case}"), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
