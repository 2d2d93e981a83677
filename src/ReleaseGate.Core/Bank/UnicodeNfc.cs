using System.Globalization;
using System.Text;

namespace ReleaseGate.Core.Bank;

/// <summary>
/// Unicode Normalization Form C (UAX #15): canonical decomposition, canonical ordering, canonical composition. The
/// product runs with <c>InvariantGlobalization</c> (no ICU, for the AOT build), where <see cref="string.Normalize()"/>
/// returns its text unchanged, so the fingerprint brings its own: the data (<c>UnicodeNfc.Data.cs</c>) is generated from
/// the Unicode Character Database, and Hangul syllables are composed by the standard's arithmetic.
/// </summary>
internal static partial class UnicodeNfc
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7, LCount = 19, VCount = 21, TCount = 28, SCount = LCount * VCount * TCount;

    private static readonly Lazy<Tables> s_tables = new(Load);

    /// <summary>The text in NFC.</summary>
    public static string Normalize(string text)
    {
        // Every character below U+0300 (where combining marks start) is stable under NFC.
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u02FF'))
        {
            return text;
        }

        var tables = s_tables.Value;
        var points = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            Decompose(rune.Value, tables, points);
        }

        Order(points, tables);
        Compose(points, tables);
        var result = new StringBuilder(points.Count);
        foreach (var point in points)
        {
            result.Append(char.ConvertFromUtf32(point));
        }

        return result.ToString();
    }

    private static void Decompose(int point, Tables tables, List<int> into)
    {
        if (point is >= SBase and < SBase + SCount)
        {
            var index = point - SBase;
            into.Add(LBase + (index / (VCount * TCount)));
            into.Add(VBase + (index % (VCount * TCount) / TCount));
            if (index % TCount != 0)
            {
                into.Add(TBase + (index % TCount));
            }

            return;
        }

        if (tables.Decompositions.TryGetValue(point, out var parts))
        {
            foreach (var part in parts)
            {
                Decompose(part, tables, into);
            }

            return;
        }

        into.Add(point);
    }

    // Sorts each run of non-starters by combining class, keeping the order of equal classes.
    private static void Order(List<int> points, Tables tables)
    {
        for (var i = 1; i < points.Count; i++)
        {
            var ccc = tables.ClassOf(points[i]);
            if (ccc == 0)
            {
                continue;
            }

            for (var j = i; j > 0 && tables.ClassOf(points[j - 1]) > ccc; j--)
            {
                (points[j - 1], points[j]) = (points[j], points[j - 1]);
            }
        }
    }

    private static void Compose(List<int> points, Tables tables)
    {
        if (points.Count == 0)
        {
            return;
        }

        var starter = tables.ClassOf(points[0]) == 0 ? 0 : -1;
        var lastClass = starter == 0 ? 0 : 256;
        var write = 1;
        for (var read = 1; read < points.Count; read++)
        {
            var point = points[read];
            var ccc = tables.ClassOf(point);
            if (starter >= 0 && (lastClass < ccc || (lastClass == 0 && write - 1 == starter)) && Composite(points[starter], point, tables) is { } composite)
            {
                points[starter] = composite;
                continue;
            }

            if (ccc == 0)
            {
                starter = write;
            }

            lastClass = ccc;
            points[write++] = point;
        }

        points.RemoveRange(write, points.Count - write);
    }

    private static int? Composite(int first, int second, Tables tables)
    {
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
        {
            return SBase + ((((first - LBase) * VCount) + (second - VBase)) * TCount);
        }

        if (first is >= SBase and < SBase + SCount && (first - SBase) % TCount == 0 && second is > TBase and < TBase + TCount)
        {
            return first + (second - TBase);
        }

        return tables.Compositions.TryGetValue(((long)first << 21) | (uint)second, out var composite) ? composite : null;
    }

    private static Tables Load()
    {
        var decompositions = new Dictionary<int, int[]>();
        var compositions = new Dictionary<long, int>();
        foreach (var entry in Decompositions.Split(';'))
        {
            var separator = entry.IndexOfAny(['=', ':']);
            var point = Hex(entry[..separator]);
            var parts = entry[(separator + 1)..].Split(' ').Select(Hex).ToArray();
            decompositions[point] = parts;
            if (entry[separator] == '=')
            {
                compositions[((long)parts[0] << 21) | (uint)parts[1]] = point;
            }
        }

        var classes = new Dictionary<int, int>();
        foreach (var entry in CombiningClasses.Split(';'))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var range = entry[..colon].Split('-');
            var ccc = int.Parse(entry[(colon + 1)..], CultureInfo.InvariantCulture);
            for (var point = Hex(range[0]); point <= Hex(range[^1]); point++)
            {
                classes[point] = ccc;
            }
        }

        return new Tables(decompositions, compositions, classes);
    }

    private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private sealed record Tables(Dictionary<int, int[]> Decompositions, Dictionary<long, int> Compositions, Dictionary<int, int> Classes)
    {
        public int ClassOf(int point) => Classes.GetValueOrDefault(point);
    }
}
