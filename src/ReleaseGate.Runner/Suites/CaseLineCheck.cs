using System.Text;
using System.Text.Json;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;
using ReleaseGate.Runner.Assertions;
using ReleaseGate.Runner.Prompts;

namespace ReleaseGate.Runner.Suites;

/// <summary>
/// The check's quick path for a JSONL case line: accepts, without building anything, a line that is plainly a valid case —
/// known keys once each, a plain id, valid slice names and severity, flat variables that give every variable the
/// prompts read, and text and regex assertions that compile. Anything else (another kind of assertion, a nested value, an
/// escaped id or key, a number where text is expected, any mistake) is left to the full reading and check, which build
/// the case and report precisely what is wrong, if anything. So this path only ever says "valid"; it never reports.
/// </summary>
/// <remarks>
/// A suite's check reads every case before a run, and building each one (a JSON object for its variables, its assertions
/// compiled) is most of that check's time and garbage (docs/benchmarks.md, runner-vs-promptfoo). The run itself still reads
/// each case fully.
/// </remarks>
internal sealed class CaseLineCheck
{
    private const int MaxVars = 32;
    private const int MaxText = 256;

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    // Variables the prompts read that the suite's defaults do not give, as UTF-8.
    private readonly byte[][] _required;

    private CaseLineCheck(byte[][] required, bool requiresJudge)
    {
        _required = required;
        RequiresJudge = requiresJudge;
    }

    /// <summary>Whether every case needs a judge (the suite's default assertions include a rubric).</summary>
    public bool RequiresJudge { get; }

    /// <summary>
    /// The quick path for a suite, or null when it cannot apply: a prompt reads a nested variable, the prompts read more
    /// than 64 variables, or the suite's default assertions do not compile.
    /// </summary>
    public static CaseLineCheck? For(Suite suite, IEnumerable<PromptTemplate> templates)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            if (template.ReadsNestedValues)
            {
                return null;
            }

            names.UnionWith(template.Variables);
        }

        names.ExceptWith(suite.Defaults.Vars.Select(p => p.Key));
        var defaults = CaseAssertions.Compile(suite.Defaults.Assertions, SourceLocation.OfFile(suite.File));
        return names.Count > 64 || !defaults.Success
            ? null
            : new CaseLineCheck([.. names.Select(Encoding.UTF8.GetBytes)], defaults.Value.RequiresJudge);
    }

    /// <summary>
    /// True when <paramref name="line"/> (UTF-8, validated by the caller) is plainly a valid case; then
    /// <paramref name="id"/> is where its id (unescaped) lies in the line.
    /// </summary>
    public bool Accepts(ReadOnlySpan<byte> line, out Range id)
    {
        id = default;
        try
        {
            var reader = new Utf8JsonReader(line, Options);
            return Case(ref reader, line, ref id) && !reader.Read();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private bool Case(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, ref Range id)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var seen = 0;
        var given = 0UL;
        var hasId = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueTextEquals("id"u8) ? 1
                : reader.ValueTextEquals("vars"u8) ? 2
                : reader.ValueTextEquals("assert"u8) ? 4
                : reader.ValueTextEquals("slices"u8) ? 8
                : reader.ValueTextEquals("severity"u8) ? 16
                : reader.ValueTextEquals("description"u8) ? 32
                : 0;
            if (key == 0 || (seen & key) != 0 || !reader.Read())
            {
                return false;
            }

            seen |= key;
            var valid = key switch
            {
                1 => hasId = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.Length > 0,
                2 => Vars(ref reader, line, ref given),
                4 => Assertions(ref reader),
                8 => Names(ref reader),
                16 => reader.TokenType == JsonTokenType.String && IsSeverity(ref reader),
                _ => Scalar(ref reader),
            };
            if (!valid)
            {
                return false;
            }

            if (key == 1)
            {
                var start = checked((int)reader.TokenStartIndex + 1);
                id = start..(start + reader.ValueSpan.Length);
            }
        }

        var all = _required.Length == 64 ? ulong.MaxValue : (1UL << _required.Length) - 1;
        return reader.TokenType == JsonTokenType.EndObject && hasId && given == all;
    }

    private static bool IsSeverity(ref Utf8JsonReader reader)
    {
        foreach (var name in Choices.Severities.Keys)
        {
            if (reader.ValueTextEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    // A flat object of variables, each key once; marks the required variables it gives.
    private bool Vars(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, ref ulong given)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        Span<int> starts = stackalloc int[MaxVars];
        Span<int> lengths = stackalloc int[MaxVars];
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped || count == MaxVars)
            {
                return false;
            }

            var key = reader.ValueSpan;
            starts[count] = checked((int)reader.TokenStartIndex + 1);
            lengths[count] = key.Length;
            count++;
            for (var i = 0; i < _required.Length; i++)
            {
                if (key.SequenceEqual(_required[i]))
                {
                    given |= 1UL << i;
                }
            }

            if (!reader.Read() || !(Scalar(ref reader) || reader.TokenType == JsonTokenType.Null))
            {
                return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject && Distinct(line, starts[..count], lengths[..count]);
    }

    // Whether the keys at these places of the line are all different.
    private static bool Distinct(ReadOnlySpan<byte> line, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths)
    {
        for (var i = 1; i < starts.Length; i++)
        {
            var key = line.Slice(starts[i], lengths[i]);
            for (var j = 0; j < i; j++)
            {
                if (key.SequenceEqual(line.Slice(starts[j], lengths[j])))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool Names(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !IsName(reader.ValueSpan))
            {
                return false;
            }
        }

        return true;
    }

    // GateParser's name rule, ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$, on UTF-8.
    private static bool IsName(ReadOnlySpan<byte> name)
    {
        if (name.Length is 0 or > 128 || !char.IsAsciiLetterOrDigit((char)name[0]))
        {
            return false;
        }

        foreach (var b in name[1..])
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'_' or (byte)'-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Assertions(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject || !Assertion(ref reader))
            {
                return false;
            }
        }

        return true;
    }

    // One assertion of a kind checked here: a text or regex assertion with a string value, and no threshold.
    private static bool Assertion(ref Utf8JsonReader reader)
    {
        var kind = Kind.None;
        var seen = 0;
        Span<char> text = stackalloc char[MaxText];
        var length = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueTextEquals("type"u8) ? 1
                : reader.ValueTextEquals("value"u8) ? 2
                : reader.ValueTextEquals("weight"u8) ? 4
                : reader.ValueTextEquals("metric"u8) ? 8
                : 0;
            if (key == 0 || (seen & key) != 0 || !reader.Read())
            {
                return false;
            }

            seen |= key;
            switch (key)
            {
                case 1:
                    if (reader.TokenType != JsonTokenType.String || (kind = KindOf(ref reader)) == Kind.None)
                    {
                        return false;
                    }

                    break;
                case 2:
                    if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > MaxText)
                    {
                        return false;
                    }

                    length = reader.CopyString(text);
                    break;
                case 4:
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var weight) || !double.IsFinite(weight) || weight is < 0 or > 1e6)
                    {
                        return false;
                    }

                    break;
                default:
                    if (!Scalar(ref reader))
                    {
                        return false;
                    }

                    break;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject && length >= 0 && kind switch
        {
            Kind.Equals => true,
            Kind.Text => length > 0,
            Kind.Regex => length > 0 && RegexAssertion.Compiles(text[..length]),
            _ => false,
        };
    }

    private static Kind KindOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("contains"u8) || reader.ValueTextEquals("icontains"u8) || reader.ValueTextEquals("starts-with"u8)
        || reader.ValueTextEquals("not-contains"u8) || reader.ValueTextEquals("not-icontains"u8) || reader.ValueTextEquals("not-starts-with"u8) ? Kind.Text
        : reader.ValueTextEquals("equals"u8) || reader.ValueTextEquals("not-equals"u8) ? Kind.Equals
        : reader.ValueTextEquals("regex"u8) || reader.ValueTextEquals("not-regex"u8) ? Kind.Regex
        : Kind.None;

    // A string, finite number or boolean: values that need no further checking (null is refused where the full reader
    // refuses it, and a number too large to be finite is an error there).
    private static bool Scalar(ref Utf8JsonReader reader) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.True or JsonTokenType.False
        || (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number) && double.IsFinite(number));

    private enum Kind
    {
        None,
        Equals,
        Text,
        Regex,
    }
}
