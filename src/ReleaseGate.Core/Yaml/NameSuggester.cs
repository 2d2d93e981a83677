namespace ReleaseGate.Core.Yaml;

/// <summary>Finds the closest known name to a misspelt one, for "did you mean" hints.</summary>
public static class NameSuggester
{
    /// <summary>Returns the name in <paramref name="known"/> closest to <paramref name="given"/>, ignoring case, or null when none is within about one edit in three characters.</summary>
    public static string? Suggest(string given, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Allow roughly one edit in three characters: 'min_pass_rte' -> 'min_pass_rate', not 'x' -> 'risk'.
        return best is not null && bestDistance <= Math.Max(1, Math.Min(given.Length, best.Length) / 3) ? best : null;
    }

    /// <summary>
    /// The names in <paramref name="known"/> nearest to <paramref name="given"/>, nearest first (ties in ordinal order), at most
    /// <paramref name="max"/>: those within the distance <see cref="Suggest"/> allows, and those that begin with what was given
    /// (at least two characters of it), so that <c>comp</c> finds <c>compliance</c>. Empty when nothing is near.
    /// </summary>
    public static IReadOnlyList<string> Nearest(string given, IEnumerable<string> known, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(known);
        var lower = given.ToLowerInvariant();
        return known
            .Distinct(StringComparer.Ordinal)
            .Select(name => (Name: name, Distance: Distance(lower, name.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(given.Length, c.Name.Length) / 3)
                || (given.Length >= 2 && c.Name.StartsWith(given, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.Name)
            .ToList();
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
