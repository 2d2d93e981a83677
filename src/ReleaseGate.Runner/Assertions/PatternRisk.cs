namespace ReleaseGate.Runner.Assertions;

/// <summary>
/// Whether a regular expression risks catastrophic backtracking, read from its syntax alone and on the side of caution:
/// a pattern this calls risky may be harmless, but one it calls safe has no construct that makes a backtracking match take
/// exponential time, or polynomial time of a high degree, in the length of the output.
/// </summary>
/// <remarks>
/// <para>A pattern is risky when any of these holds:</para>
/// <list type="bullet">
/// <item>A group that may repeat (<c>*</c>, <c>+</c>, <c>{n,}</c>, <c>{n,m}</c> with m &gt; 1, or a count above 1) contains a
/// quantifier that lets its operand match a varying number of times (<c>*</c>, <c>+</c>, <c>?</c>, <c>{n,m}</c> with
/// n &lt; m), or an alternation: <c>(a+)+</c>, <c>(a|ab)*</c>, <c>(\w+\s?)*</c>. The repetitions can then divide the same
/// text in exponentially many ways, all tried before a match fails. Whether the branches of an alternation overlap is not
/// decided; any alternation counts.</item>
/// <item>The pattern has three or more unbounded quantifiers (<c>*</c>, <c>+</c>, <c>{n,}</c>), anywhere: <c>.*a.*b.*c</c>
/// can try every way to place them, a number of ways that grows with a power of the output's length.</item>
/// <item>The pattern has a construct this reading does not follow: free-spacing mode (<c>(?x)</c>, where whitespace and
/// <c>#</c> comments change what the characters mean) or a conditional (<c>(?(…)…)</c>).</item>
/// </list>
/// <para>The pattern must already be known to be valid .NET syntax; the result for an invalid one is meaningless.</para>
/// </remarks>
internal static class PatternRisk
{
    // Three unbounded quantifiers can place their boundaries in a number of ways that grows with the cube of the output.
    private const int UnboundedLimit = 3;

    /// <summary>Whether <paramref name="pattern"/> is risky for a backtracking engine (see the remarks on the type).</summary>
    public static bool IsRisky(ReadOnlySpan<char> pattern)
    {
        // For each open group, whether what it holds so far varies (a varying quantifier or an alternation).
        var outer = new Stack<bool>();
        var varies = false;
        var unbounded = 0;
        var lastIsGroup = false;
        var lastGroupVaries = false;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    i = SkipEscape(pattern, i);
                    (lastIsGroup, lastGroupVaries) = (false, false);
                    break;
                case '[':
                    i = SkipClass(pattern, i);
                    (lastIsGroup, lastGroupVaries) = (false, false);
                    break;
                case '(':
                    switch (Open(pattern, ref i))
                    {
                        case Opening.Group:
                            outer.Push(varies);
                            varies = false;
                            break;
                        case Opening.Unreadable:
                            return true;
                        default:
                            // A comment or inline options: nothing a quantifier could follow.
                            break;
                    }

                    (lastIsGroup, lastGroupVaries) = (false, false);
                    break;
                case ')':
                    i++;
                    lastIsGroup = true;
                    lastGroupVaries = varies;
                    varies = (outer.Count > 0 && outer.Pop()) | varies;
                    break;
                case '|':
                    i++;
                    varies = true;
                    (lastIsGroup, lastGroupVaries) = (false, false);
                    break;
                case '*' or '+' or '?' or '{' when Quantifier(pattern, i) is { } q:
                    i = q.End;
                    if (q.Max > 1 && lastIsGroup && lastGroupVaries)
                    {
                        return true;
                    }

                    if (q.Max == int.MaxValue && ++unbounded >= UnboundedLimit)
                    {
                        return true;
                    }

                    varies |= q.Min < q.Max;
                    (lastIsGroup, lastGroupVaries) = (false, false);
                    break;
                default:
                    i++;
                    (lastIsGroup, lastGroupVaries) = (false, false);
                    break;
            }
        }

        return false;
    }

    private enum Opening
    {
        Group,
        NotAnAtom,
        Unreadable,
    }

    // At a '(': moves past the opening of a group (capturing, named, non-capturing, lookaround, atomic, or with scoped
    // options), or past a whole comment or inline-options item.
    private static Opening Open(ReadOnlySpan<char> p, ref int i)
    {
        if (i + 1 >= p.Length || p[i + 1] != '?')
        {
            i++;
            return Opening.Group;
        }

        var k = i + 2;
        if (k >= p.Length)
        {
            return Opening.Unreadable;
        }

        switch (p[k])
        {
            case '#':
                var close = p[k..].IndexOf(')');
                i = close < 0 ? p.Length : k + close + 1;
                return Opening.NotAnAtom;
            case '(':
                return Opening.Unreadable;
            case ':' or '=' or '!' or '>':
                i = k + 1;
                return Opening.Group;
            case '<' when k + 1 < p.Length && p[k + 1] is '=' or '!':
                i = k + 2;
                return Opening.Group;
            case '<' or '\'':
                var end = p[(k + 1)..].IndexOf(p[k] == '<' ? '>' : '\'');
                if (end < 0)
                {
                    return Opening.Unreadable;
                }

                i = k + 1 + end + 1;
                return Opening.Group;
        }

        // Inline options: (?imnsx-imnsx) for the rest of the group, or (?imnsx-imnsx:...) for a group of its own.
        var j = k;
        while (j < p.Length && p[j] is 'i' or 'm' or 'n' or 's' or 'x' or '-')
        {
            j++;
        }

        if (j >= p.Length || p[j] is not (')' or ':') || p[k..j].Contains('x'))
        {
            return Opening.Unreadable;
        }

        i = j + 1;
        return p[j] == ':' ? Opening.Group : Opening.NotAnAtom;
    }

    // Moves past an escape: \p{...} and \P{...} whole; other escapes by their first character (the rest of \x41 or \u0041
    // reads as literal characters, which is all this reading needs of them).
    private static int SkipEscape(ReadOnlySpan<char> p, int i)
    {
        if (i + 2 < p.Length && p[i + 1] is 'p' or 'P' && p[i + 2] == '{')
        {
            var close = p[(i + 2)..].IndexOf('}');
            return close < 0 ? p.Length : i + 2 + close + 1;
        }

        return Math.Min(p.Length, i + 2);
    }

    // Moves past a character class, with its escapes and a subtracted class ([a-z-[aeiou]]); a ']' first is literal.
    private static int SkipClass(ReadOnlySpan<char> p, int i)
    {
        var j = i + 1;
        if (j < p.Length && p[j] == '^')
        {
            j++;
        }

        if (j < p.Length && p[j] == ']')
        {
            j++;
        }

        while (j < p.Length)
        {
            switch (p[j])
            {
                case '\\':
                    j += 2;
                    break;
                case '[' when j > 0 && p[j - 1] == '-':
                    j = SkipClass(p, j);
                    break;
                case ']':
                    return j + 1;
                default:
                    j++;
                    break;
            }
        }

        return p.Length;
    }

    // The quantifier at i, with its bounds and where it ends (after a lazy '?'), or null when the '{' there is a literal.
    private static (int Min, int Max, int End)? Quantifier(ReadOnlySpan<char> p, int i)
    {
        int min, max, end;
        switch (p[i])
        {
            case '*':
                (min, max, end) = (0, int.MaxValue, i + 1);
                break;
            case '+':
                (min, max, end) = (1, int.MaxValue, i + 1);
                break;
            case '?':
                (min, max, end) = (0, 1, i + 1);
                break;
            default:
                var j = i + 1;
                min = Digits(p, ref j);
                if (min < 0)
                {
                    return null;
                }

                max = min;
                if (j < p.Length && p[j] == ',')
                {
                    j++;
                    max = j < p.Length && p[j] == '}' ? int.MaxValue : Digits(p, ref j);
                    if (max < 0)
                    {
                        return null;
                    }
                }

                if (j >= p.Length || p[j] != '}')
                {
                    return null;
                }

                end = j + 1;
                break;
        }

        return (min, max, end < p.Length && p[end] == '?' ? end + 1 : end);
    }

    // The decimal number at j (moving past it), or -1 if there is none; a number too large for an int counts as unbounded.
    private static int Digits(ReadOnlySpan<char> p, ref int j)
    {
        var start = j;
        long value = 0;
        while (j < p.Length && char.IsAsciiDigit(p[j]))
        {
            value = Math.Min(int.MaxValue, (value * 10) + (p[j] - '0'));
            j++;
        }

        return j == start ? -1 : (int)value;
    }
}
