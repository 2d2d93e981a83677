using System.Globalization;
using System.Text;

namespace ReleaseGate.Core.Diagnostics;

/// <summary>
/// Makes untrusted text safe to print on a terminal or in a log line: control characters (escape sequences, carriage
/// returns, bells), format characters (bidirectional overrides, zero-width marks), line and paragraph separators and lone
/// surrogates are shown as <c>\e</c>, <c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\0</c> or <c>\u{…}</c>, and a backslash as
/// <c>\\</c>, so that what is shown cannot move the cursor, recolour, reorder or erase what was printed before.
/// </summary>
public static class DisplayText
{
    /// <summary>The text with every unsafe character escaped; null is empty.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || IndexOfUnsafe(text, escapeBackslash: true) < 0)
        {
            return text ?? "";
        }

        var result = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                result.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)text[i]:X4}}}");
                i++;
                continue;
            }

            i += used;
            if (rune.Value == '\\')
            {
                result.Append("\\\\");
            }
            else if (!IsUnsafe(rune))
            {
                result.Append(rune.ToString());
            }
            else
            {
                result.Append(rune.Value switch
                {
                    0x1B => "\\e",
                    '\r' => "\\r",
                    '\n' => "\\n",
                    '\t' => "\\t",
                    0 => "\\0",
                    _ => string.Create(CultureInfo.InvariantCulture, $"\\u{{{rune.Value:X4}}}"),
                });
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// Whether <paramref name="rune"/> must not reach a terminal as it is: controls (C0, DEL, C1), format characters
    /// (bidirectional controls, zero-width joiners), line and paragraph separators, private-use and unassigned code points.
    /// </summary>
    public static bool IsUnsafe(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate
        or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    /// <summary>The index (in UTF-16 units) of the first unsafe character or lone surrogate of <paramref name="text"/>, or -1.</summary>
    public static int IndexOfUnsafe(string text) => IndexOfUnsafe(text, escapeBackslash: false);

    private static int IndexOfUnsafe(string text, bool escapeBackslash)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is >= ' ' and < '\x7F')
            {
                if (escapeBackslash && c == '\\')
                {
                    return i;
                }

                i++;
                continue;
            }

            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done || IsUnsafe(rune))
            {
                return i;
            }

            i += used;
        }

        return -1;
    }
}
