using System.Globalization;
using System.Text;

namespace ReleaseGate.Policies.Cel;

/// <summary>The kinds of CEL token.</summary>
internal enum TokenKind
{
    End,
    Ident,
    Int,
    UInt,
    Double,
    String,
    Bytes,
    Punct,
}

/// <summary>A token: its kind, its text (punctuation, identifier) or value (literal), and its offset.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, object? Value, int Position)
{
    public bool Is(string punct) => Kind == TokenKind.Punct && Text == punct;
}

/// <summary>Splits CEL text into tokens (cel-spec doc/langdef.md, "Syntax").</summary>
internal static class Lexer
{
    private static readonly string[] s_puncts = ["&&", "||", "==", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ".", ",", ":", "?", "+", "-", "*", "/", "%", "!", "<", ">"];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length)
            {
                if (char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
                else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }
                }
                else
                {
                    break;
                }
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", null, i));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (IsQuote(c) || (StringPrefix(text, i) is var p && p > 0 && i + p < text.Length && IsQuote(text[i + p])))
            {
                tokens.Add(ReadString(text, ref i));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Ident, text[start..i], null, start));
            }
            else
            {
                var punct = s_puncts.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    ?? throw new CelSyntaxException($"unexpected character '{c}'", i);
                i += punct.Length;
                tokens.Add(new Token(TokenKind.Punct, punct, null, start));
            }
        }
    }

    private static bool IsQuote(char c) => c is '\'' or '"';

    /// <summary>The length of a string prefix (r, b, rb, br in any case) at <paramref name="i"/>, or 0.</summary>
    private static int StringPrefix(string text, int i)
    {
        var n = 0;
        while (n < 2 && i + n < text.Length && text[i + n] is 'r' or 'R' or 'b' or 'B')
        {
            n++;
        }

        return n == 2 && char.ToLowerInvariant(text[i]) == char.ToLowerInvariant(text[i + 1]) ? 0 : n;
    }

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                i++;
            }

            var hex = text[(start + 2)..i];
            if (hex.Length == 0 || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h))
            {
                throw new CelSyntaxException($"invalid integer literal '{text[start..i]}'", start);
            }

            return IntegerToken(text, ref i, start, h);
        }

        var isDouble = false;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-')
            {
                j++;
            }

            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                isDouble = true;
                i = j;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
        }

        var literal = text[start..i];
        if (isDouble)
        {
            return new Token(TokenKind.Double, literal, double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture), start);
        }

        if (!ulong.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new CelSyntaxException($"integer literal '{literal}' is out of range", start);
        }

        return IntegerToken(text, ref i, start, value);
    }

    private static Token IntegerToken(string text, ref int i, int start, ulong value)
    {
        if (i < text.Length && text[i] is 'u' or 'U')
        {
            i++;
            return new Token(TokenKind.UInt, text[start..i], value, start);
        }

        return new Token(TokenKind.Int, text[start..i], value, start);
    }

    private static Token ReadString(string text, ref int i)
    {
        var start = i;
        var raw = false;
        var bytes = false;
        while (text[i] is not ('\'' or '"'))
        {
            raw |= text[i] is 'r' or 'R';
            bytes |= text[i] is 'b' or 'B';
            i++;
        }

        var quote = text[i];
        var triple = i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote;
        var delimiter = triple ? new string(quote, 3) : quote.ToString();
        i += delimiter.Length;
        var chars = new StringBuilder();
        var octets = new List<byte>();
        void Append(int codePoint)
        {
            var s = char.ConvertFromUtf32(codePoint);
            if (bytes)
            {
                octets.AddRange(Encoding.UTF8.GetBytes(s));
            }
            else
            {
                chars.Append(s);
            }
        }

        while (true)
        {
            if (i >= text.Length)
            {
                throw new CelSyntaxException("unterminated string literal", start);
            }

            if (string.CompareOrdinal(text, i, delimiter, 0, delimiter.Length) == 0)
            {
                i += delimiter.Length;
                break;
            }

            var c = text[i];
            if (!triple && c is '\n' or '\r')
            {
                throw new CelSyntaxException("a quoted string may not span lines; use triple quotes", i);
            }

            if (c == '\\' && !raw)
            {
                i = Escape(text, i, bytes, Append, octets);
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length)
            {
                Append(char.ConvertToUtf32(c, text[i + 1]));
                i += 2;
                continue;
            }

            Append(c);
            i++;
        }

        return bytes
            ? new Token(TokenKind.Bytes, text[start..i], octets.ToArray(), start)
            : new Token(TokenKind.String, text[start..i], chars.ToString(), start);
    }

    /// <summary>Reads the escape at <paramref name="i"/> (a backslash) and returns the offset after it.</summary>
    private static int Escape(string text, int i, bool bytes, Action<int> append, List<byte> octets)
    {
        if (i + 1 >= text.Length)
        {
            throw new CelSyntaxException("unterminated escape sequence", i);
        }

        var e = text[i + 1];
        int Digits(int from, int count, int radix)
        {
            if (from + count > text.Length)
            {
                throw new CelSyntaxException("incomplete escape sequence", i);
            }

            var value = 0;
            for (var k = from; k < from + count; k++)
            {
                var d = radix == 16 ? (char.IsAsciiHexDigit(text[k]) ? Convert.ToInt32(text[k].ToString(), 16) : -1) : (text[k] is >= '0' and <= '7' ? text[k] - '0' : -1);
                if (d < 0)
                {
                    throw new CelSyntaxException($"invalid escape sequence '\\{text.Substring(i + 1, Math.Min(count + 1, text.Length - i - 1))}'", i);
                }

                value = (value * radix) + d;
            }

            return value;
        }

        void Octet(int value)
        {
            if (bytes)
            {
                octets.Add((byte)value);
            }
            else
            {
                append(value);
            }
        }

        switch (e)
        {
            case 'a': append(7); return i + 2;
            case 'b': append(8); return i + 2;
            case 'f': append(12); return i + 2;
            case 'n': append(10); return i + 2;
            case 'r': append(13); return i + 2;
            case 't': append(9); return i + 2;
            case 'v': append(11); return i + 2;
            case '\\' or '\'' or '"' or '`' or '?': append(e); return i + 2;
            case 'x' or 'X': Octet(Digits(i + 2, 2, 16)); return i + 4;
            case >= '0' and <= '3':
                var octal = Digits(i + 1, 3, 8);
                Octet(octal);
                return i + 4;
            case 'u' or 'U':
                var n = e == 'u' ? 4 : 8;
                var cp = Digits(i + 2, n, 16);
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    throw new CelSyntaxException("invalid unicode code point in escape sequence", i);
                }

                append(cp);
                return i + 2 + n;
            default:
                throw new CelSyntaxException($"invalid escape sequence '\\{e}'", i);
        }
    }
}
