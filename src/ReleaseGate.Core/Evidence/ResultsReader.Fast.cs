using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Evidence;

/// <summary>
/// The fast path: a strict scanner for the usual line — well-formed JSON, valid UTF-8, the fields the decision uses
/// unescaped and valid, each at most once. It accepts a subset of what the full reader accepts and records exactly
/// what the full reader would; it gives up on anything else (returns false) and the full reader then reads the line
/// and reports its errors. Values of other fields are validated per the JSON grammar and skipped.
/// </summary>
public sealed partial class ResultsReader
{
    /// <summary>Nesting the fast path follows inside a line; deeper lines go to the full reader (which allows 64).</summary>
    private const int MaxFastDepth = 16;

    /// <summary>Bytes that end a run of plain string content (1): the quote, the backslash and the control characters.</summary>
    private static ReadOnlySpan<byte> StringSpecial =>
    [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private readonly int[] _sliceStarts = new int[64];
    private readonly int[] _sliceLengths = new int[64];
    private string? _lastSuiteName;
    private SuiteEvidence? _lastCandidateSuite;
    private SuiteEvidence? _lastBaselineSuite;

    /// <summary>Reads every line with the full reader (tests compare both paths).</summary>
    internal bool UseFullReader { get; init; }

    /// <summary>The lines the fast path read (tests check that both paths are exercised).</summary>
    internal long PlainLines { get; private set; }

    /// <summary>Reads one line (not blank, without its line end) if it is plain and valid; false to leave it to the full reader.</summary>
    private bool TryReadPlainLine(ReadOnlySpan<byte> line)
    {
        if (!Utf8.IsValid(line))
        {
            return false;
        }

        var i = SkipWhitespace(line, 0);
        if (i >= line.Length || line[i] != (byte)'{')
        {
            return false;
        }

        int suiteStart = 0, suiteLength = 0, caseStart = 0, caseLength = 0, seen = 0;
        var pass = -1; // -1 null or absent, 0 false, 1 true
        var errored = false;
        double? latency = null, cost = null;
        var baseline = _allBaseline;
        Severity? severity = null;
        var sliceCount = 0;
        i = SkipWhitespace(line, i + 1);
        while (true)
        {
            if (i >= line.Length || line[i] != (byte)'"')
            {
                return false;
            }

            var nameStart = i + 1;
            var nameLength = PlainString(line, ref i);
            if (nameLength < 0)
            {
                return false;
            }

            i = SkipWhitespace(line, i);
            if (i >= line.Length || line[i] != (byte)':')
            {
                return false;
            }

            i = SkipWhitespace(line, i + 1);
            if (i >= line.Length)
            {
                return false;
            }

            var field = FieldOf(line.Slice(nameStart, nameLength));
            if (field != Known.Other)
            {
                var bit = 1 << (int)field;
                if ((seen & bit) != 0)
                {
                    return false; // repeated: the full reader knows which one wins
                }

                seen |= bit;
            }

            switch (field)
            {
                case Known.Suite:
                    suiteStart = i + 1;
                    suiteLength = PlainString(line, ref i);
                    if (suiteLength is <= 0 or > MaxIdLength)
                    {
                        return false;
                    }

                    break;
                case Known.Case:
                    caseStart = i + 1;
                    caseLength = PlainString(line, ref i);
                    if (caseLength is <= 0 or > MaxIdLength)
                    {
                        return false;
                    }

                    break;
                case Known.Pass:
                    if (line[i..].StartsWith("true"u8))
                    {
                        pass = 1;
                        i += 4;
                    }
                    else if (line[i..].StartsWith("false"u8))
                    {
                        pass = 0;
                        i += 5;
                    }
                    else if (line[i..].StartsWith("null"u8))
                    {
                        i += 4;
                    }
                    else
                    {
                        return false;
                    }

                    break;
                case Known.Error:
                    // null, "" and false mean "no error"; anything else (a message, an object, true) is an error.
                    if (line[i..].StartsWith("null"u8))
                    {
                        i += 4;
                    }
                    else if (line[i..].StartsWith("false"u8))
                    {
                        i += 5;
                    }
                    else if (line[i..].StartsWith("\"\""u8))
                    {
                        i += 2;
                    }
                    else
                    {
                        if (!SkipValue(line, ref i, 1))
                        {
                            return false;
                        }

                        errored = true;
                    }

                    break;
                case Known.Target:
                {
                    var start = i + 1;
                    var length = PlainString(line, ref i);
                    var value = length < 0 ? default : line.Slice(start, length);
                    if (value.SequenceEqual("baseline"u8))
                    {
                        baseline = true;
                    }
                    else if (!value.SequenceEqual("candidate"u8))
                    {
                        return false;
                    }

                    break;
                }

                case Known.Severity:
                {
                    if (line[i..].StartsWith("null"u8))
                    {
                        i += 4;
                        break;
                    }

                    var start = i + 1;
                    var length = PlainString(line, ref i);
                    severity = length < 0 ? null : SeverityOf(line.Slice(start, length));
                    if (severity is null)
                    {
                        return false;
                    }

                    break;
                }

                case Known.LatencyMs or Known.Cost:
                    if (line[i..].StartsWith("null"u8))
                    {
                        i += 4;
                        break;
                    }

                    var numberStart = i;
                    if (!SkipNumber(line, ref i)
                        || !Utf8Parser.TryParse(line[numberStart..i], out double measure, out var consumed) || consumed != i - numberStart
                        || !double.IsFinite(measure) || measure < 0)
                    {
                        return false; // the full reader reports it
                    }

                    if (field == Known.Cost)
                    {
                        cost = measure;
                    }
                    else
                    {
                        latency = measure;
                    }

                    break;
                case Known.Slices:
                    if (line[i..].StartsWith("null"u8))
                    {
                        i += 4;
                        break;
                    }

                    if (line[i] != (byte)'[')
                    {
                        return false;
                    }

                    i = SkipWhitespace(line, i + 1);
                    if (i < line.Length && line[i] == (byte)']')
                    {
                        i++;
                        break;
                    }

                    while (true)
                    {
                        var start = i + 1;
                        var length = PlainString(line, ref i);
                        if (length is <= 0 or > MaxIdLength || sliceCount == _sliceStarts.Length)
                        {
                            return false;
                        }

                        var slice = line.Slice(start, length);
                        if (slice.Contains((byte)'/'))
                        {
                            return false;
                        }

                        _sliceStarts[sliceCount] = start;
                        _sliceLengths[sliceCount++] = length;
                        i = SkipWhitespace(line, i);
                        if (i >= line.Length)
                        {
                            return false;
                        }

                        if (line[i] == (byte)']')
                        {
                            i++;
                            break;
                        }

                        if (line[i] != (byte)',')
                        {
                            return false;
                        }

                        i = SkipWhitespace(line, i + 1);
                    }

                    break;
                case Known.Repeat:
                {
                    // A plain count of at most nine digits fits an int; anything else is the full reader's to judge.
                    var start = i;
                    i = SkipDigits(line, i);
                    if (i == start || i - start > 9 || (line[start] == (byte)'0' && i - start > 1)
                        || (i < line.Length && line[i] is (byte)'.' or (byte)'e' or (byte)'E'))
                    {
                        return false;
                    }

                    break;
                }

                default:
                    if (!SkipValue(line, ref i, 1))
                    {
                        return false;
                    }

                    break;
            }

            i = SkipWhitespace(line, i);
            if (i >= line.Length)
            {
                return false;
            }

            if (line[i] == (byte)',')
            {
                i = SkipWhitespace(line, i + 1);
                continue;
            }

            if (line[i] != (byte)'}')
            {
                return false;
            }

            break;
        }

        if (SkipWhitespace(line, i + 1) != line.Length || (seen & ((1 << (int)Known.Suite) | (1 << (int)Known.Case))) != ((1 << (int)Known.Suite) | (1 << (int)Known.Case)) || (pass < 0 && !errored))
        {
            return false;
        }

        var suiteBytes = line.Slice(suiteStart, suiteLength);
        if (_lastSuiteName is not { } suiteName || !Ascii.Equals(suiteBytes, suiteName))
        {
            suiteName = _lastSuiteName = NameOf(suiteBytes);
        }

        var suiteEvidence = Suite(baseline, suiteName);
        suiteEvidence.Lines++;
        var known = suiteEvidence.Cases.Count;
        var evidence = suiteEvidence.GetOrAdd(line.Slice(caseStart, caseLength));
        _caseCount += suiteEvidence.Cases.Count - known;
        evidence.Add(pass < 0 ? null : pass == 1, errored);
        evidence.AddSeverity(severity);
        evidence.AddMeasures(latency, cost);
        for (var k = 0; k < sliceCount; k++)
        {
            // Most lines repeat the slices the case already has: those are recognised without looking the name up.
            var slice = line.Slice(_sliceStarts[k], _sliceLengths[k]);
            if (!evidence.HasAsciiSlice(slice))
            {
                _lineSlices[0] = NameOf(slice);
                evidence.AddSlices(_lineSlices.AsSpan(0, 1));
            }
        }

        PlainLines++;
        return true;
    }

    /// <summary>The suite's evidence on the side; the last suite of each side is remembered, as lines of one suite come together.</summary>
    private SuiteEvidence Suite(bool baseline, string name)
    {
        if (baseline)
        {
            if (_lastBaselineSuite is { } last && string.Equals(last.Name, name, StringComparison.Ordinal))
            {
                return last;
            }

            return _lastBaselineSuite = Baseline.GetOrAdd(name);
        }

        if (_lastCandidateSuite is { } lastCandidate && string.Equals(lastCandidate.Name, name, StringComparison.Ordinal))
        {
            return lastCandidate;
        }

        return _lastCandidateSuite = Candidate.GetOrAdd(name);
    }

    private static Severity? SeverityOf(ReadOnlySpan<byte> value) => value.Length switch
    {
        8 when value.SequenceEqual("critical"u8) => Severity.Critical,
        4 when value.SequenceEqual("high"u8) => Severity.High,
        6 when value.SequenceEqual("medium"u8) => Severity.Medium,
        3 when value.SequenceEqual("low"u8) => Severity.Low,
        _ => null,
    };

    private static Known FieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("case"u8) => Known.Case,
        4 when name.SequenceEqual("pass"u8) => Known.Pass,
        5 when name.SequenceEqual("suite"u8) => Known.Suite,
        5 when name.SequenceEqual("error"u8) => Known.Error,
        6 when name.SequenceEqual("target"u8) => Known.Target,
        6 when name.SequenceEqual("slices"u8) => Known.Slices,
        8 when name.SequenceEqual("severity"u8) => Known.Severity,
        10 when name.SequenceEqual("latency_ms"u8) => Known.LatencyMs,
        4 when name.SequenceEqual("cost"u8) => Known.Cost,
        6 when name.SequenceEqual("repeat"u8) => Known.Repeat,
        _ => Known.Other,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// At a string's opening quote: moves past its closing quote and returns its length if it has no escapes and no
    /// control characters; otherwise -1 (and the position is meaningless). -1 too when there is no string here.
    /// </summary>
    private static int PlainString(ReadOnlySpan<byte> line, ref int i)
    {
        if (i >= line.Length || line[i] != (byte)'"')
        {
            return -1;
        }

        var special = StringSpecial;
        for (var j = i + 1; j < line.Length; j++)
        {
            var b = line[j];
            if (special[b] != 0)
            {
                if (b != (byte)'"')
                {
                    return -1;
                }

                var length = j - i - 1;
                i = j + 1;
                return length;
            }
        }

        return -1;
    }

    /// <summary>At a string's opening quote: moves past its closing quote; false if the string is not valid JSON.</summary>
    private static bool SkipString(ReadOnlySpan<byte> line, ref int i)
    {
        i++;
        while (true)
        {
            if (i > line.Length)
            {
                return false;
            }

            var special = StringSpecial;
            while (i < line.Length && special[line[i]] == 0)
            {
                i++;
            }

            if (i >= line.Length)
            {
                return false;
            }

            var b = line[i];
            if (b == (byte)'"')
            {
                i++;
                return true;
            }

            if (b != (byte)'\\' || (i + 1) >= line.Length)
            {
                return false; // a control character, or a backslash at the end
            }

            var escaped = line[i + 1];
            if (escaped is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                i += 2;
                continue;
            }

            if (escaped != (byte)'u' || i + 6 > line.Length)
            {
                return false;
            }

            var code = 0;
            for (var k = i + 2; k < i + 6; k++)
            {
                var digit = HexValue(line[k]);
                if (digit < 0)
                {
                    return false;
                }

                code = (code << 4) | digit;
            }

            if (code is >= 0xD800 and <= 0xDFFF)
            {
                return false; // surrogates: left to the full reader
            }

            i += 6;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Moves past one JSON value of any kind, validating it; false if it is not valid or nests too deep.</summary>
    private static bool SkipValue(ReadOnlySpan<byte> line, ref int i, int depth)
    {
        if (i >= line.Length)
        {
            return false;
        }

        switch (line[i])
        {
            case (byte)'"':
                return SkipString(line, ref i);
            case (byte)'t':
                return SkipLiteral(line, ref i, "true"u8);
            case (byte)'f':
                return SkipLiteral(line, ref i, "false"u8);
            case (byte)'n':
                return SkipLiteral(line, ref i, "null"u8);
            case (byte)'{':
            case (byte)'[':
                return SkipContainer(line, ref i, depth + 1);
            default:
                var start = i;
                return SkipNumber(line, ref i) && IsFinite(line[start..i]);
        }
    }

    /// <summary>Whether a number (valid per the grammar) is finite as a double; short plain numbers are, without parsing.</summary>
    private static bool IsFinite(ReadOnlySpan<byte> number) =>
        (number.Length <= 16 && number.IndexOfAny((byte)'e', (byte)'E') < 0)
        || (Utf8Parser.TryParse(number, out double value, out var consumed) && consumed == number.Length && double.IsFinite(value));

    private static bool SkipLiteral(ReadOnlySpan<byte> line, ref int i, ReadOnlySpan<byte> literal)
    {
        if (!line[i..].StartsWith(literal))
        {
            return false;
        }

        i += literal.Length;
        return true;
    }

    private static bool SkipContainer(ReadOnlySpan<byte> line, ref int i, int depth)
    {
        if (depth > MaxFastDepth)
        {
            return false;
        }

        var isObject = line[i] == (byte)'{';
        var close = isObject ? (byte)'}' : (byte)']';
        i = SkipWhitespace(line, i + 1);
        if (i < line.Length && line[i] == close)
        {
            i++;
            return true;
        }

        while (true)
        {
            if (isObject)
            {
                if (i >= line.Length || line[i] != (byte)'"' || !SkipString(line, ref i))
                {
                    return false;
                }

                i = SkipWhitespace(line, i);
                if (i >= line.Length || line[i] != (byte)':')
                {
                    return false;
                }

                i = SkipWhitespace(line, i + 1);
            }

            if (!SkipValue(line, ref i, depth))
            {
                return false;
            }

            i = SkipWhitespace(line, i);
            if (i >= line.Length)
            {
                return false;
            }

            if (line[i] == close)
            {
                i++;
                return true;
            }

            if (line[i] != (byte)',')
            {
                return false;
            }

            i = SkipWhitespace(line, i + 1);
        }
    }

    /// <summary>A number per the JSON grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    private static bool SkipNumber(ReadOnlySpan<byte> line, ref int i)
    {
        if (line[i] == (byte)'-')
        {
            i++;
        }

        if (i >= line.Length)
        {
            return false;
        }

        if (line[i] == (byte)'0')
        {
            i++;
        }
        else if (IsDigit(line[i]))
        {
            i = SkipDigits(line, i + 1);
        }
        else
        {
            return false;
        }

        if (i < line.Length && line[i] == (byte)'.')
        {
            if ((i + 1) >= line.Length || !IsDigit(line[i + 1]))
            {
                return false;
            }

            i = SkipDigits(line, i + 1);
        }

        if (i < line.Length && line[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < line.Length && line[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (i >= line.Length || !IsDigit(line[i]))
            {
                return false;
            }

            i = SkipDigits(line, i + 1);
        }

        return true;
    }

    private static bool IsDigit(byte b) => unchecked((uint)(b - '0')) <= 9;

    private static int SkipDigits(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && IsDigit(line[i]))
        {
            i++;
        }

        return i;
    }
}
