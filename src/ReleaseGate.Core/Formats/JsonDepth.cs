namespace ReleaseGate.Core.Formats;

/// <summary>Finds where a JSON text nests deeper than a limit, so that the depth error names its column.</summary>
public static class JsonDepth
{
    /// <summary>
    /// The index of the first <c>[</c> or <c>{</c> (outside strings) that opens level <paramref name="max"/> + 1, or null
    /// when the text stays within <paramref name="max"/> levels; the outer value is level 1. Malformed text is scanned as far as it goes.
    /// </summary>
    /// <param name="utf8">The JSON text.</param>
    /// <param name="max">The deepest level allowed.</param>
    public static int? Exceeds(ReadOnlySpan<byte> utf8, int max)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'[' or (byte)'{')
            {
                if (++depth > max)
                {
                    return i;
                }
            }
            else if (b is (byte)']' or (byte)'}')
            {
                depth--;
            }
        }

        return null;
    }
}
