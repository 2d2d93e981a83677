using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;
using ReleaseGate.Core.Model;

namespace ReleaseGate.Core.Evidence;

/// <summary>
/// Streams results JSONL (one execution a line, DESIGN §4) into per-case evidence. Lines are never all in memory:
/// memory grows with the number of distinct cases, not of lines. Invalid lines are reported with their line and
/// column; the caller must not decide on evidence that had errors.
/// </summary>
/// <threadsafety>One instance reads one stream on one thread; read several files in parallel with several instances and merge.</threadsafety>
public sealed partial class ResultsReader
{
    /// <summary>The most errors reported for one file before the rest are only counted.</summary>
    public const int MaxReportedErrors = 50;

    private const int MaxIdLength = 512;

    /// <summary>The bytes read from a stream at a time: large reads keep the system calls few on large files.</summary>
    private const int ReadBufferBytes = 1 << 20;

    /// <summary>The longest line read; longer ones are reported (RG1105) and skipped. Tests lower it.</summary>
    internal int MaxLineBytes { get; init; } = InputLimits.MaxJsonLineBytes;
    private readonly string _file;
    private readonly bool _allBaseline;
    private readonly Dictionary<string, string> _interned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _internLookup;
    private readonly Dictionary<int, List<(byte[] Utf8, string Name)>> _names = [];
    private readonly char[] _chars = new char[MaxIdLength];
    private readonly char[] _caseChars = new char[MaxIdLength];
    private readonly string[] _lineSlices = new string[64];
    private long _errorCount;
    private long _caseCount;
    private byte[] _lineBytes = [];
    private bool _stopped;
    private ResultRecord? _record;

    /// <summary>Creates a reader for one file.</summary>
    /// <param name="file">The file name used in error locations.</param>
    /// <param name="allBaseline">Whether every line is baseline evidence (a <c>--baseline-results</c> file); otherwise the
    /// <c>target</c> field decides, and lines without one are the candidate's.</param>
    public ResultsReader(string file, bool allBaseline)
    {
        _file = file;
        _allBaseline = allBaseline;
        _internLookup = _interned.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The candidate's evidence read so far.</summary>
    public EvidenceSet Candidate { get; } = new();

    /// <summary>The baseline's evidence read so far.</summary>
    public EvidenceSet Baseline { get; } = new();

    /// <summary>
    /// The most distinct cases (candidate and baseline together) the reader keeps; past it, reading stops with RG1033. The
    /// reader's memory grows with its distinct cases, not its lines, so this bounds it for a reader of untrusted uploads. It
    /// is checked after each line: the line that passes it is the last one read.
    /// </summary>
    public long MaxCases { get; init; } = long.MaxValue;

    /// <summary>
    /// The digest recorded as the evidence's source (<see cref="EvidenceSet.SourceDigests"/>); null for the SHA-256 of the
    /// bytes <see cref="Read"/> reads. Lines given one at a time need it.
    /// </summary>
    public string? SourceDigest { get; init; }

    /// <summary>The distinct cases read so far, candidate and baseline together.</summary>
    public long CaseCount => _caseCount;

    /// <summary>The errors found, at most <see cref="MaxReportedErrors"/>.</summary>
    public List<GateError> Errors { get; } = [];

    /// <summary>The number of lines with errors, including those not reported.</summary>
    public long ErrorCount => _errorCount;

    /// <summary>Reads the whole stream.</summary>
    /// <param name="stream">The JSONL content.</param>
    /// <param name="cancellationToken">Stops reading between lines.</param>
    public void Read(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);

        // Hashed as it is read (skipped lines too): the digest is the file's, whatever was in it.
        using var hash = SourceDigest is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var lines = new JsonLines(stream, _file, MaxLineBytes, ReadBufferBytes, hash);
        while (lines.Next(out var line, out var tooLong))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (tooLong is not null)
            {
                Error(tooLong.Code, tooLong.Message, lines.LineNumber, 0);
            }
            else
            {
                ReadLine(line.Span, lines.LineNumber, record: false);
            }

            if (Stop(lines.LineNumber))
            {
                break;
            }
        }

        Finish(SourceDigest ?? "sha256:" + Convert.ToHexStringLower(hash!.GetHashAndReset()));
    }

    /// <summary>
    /// Reads one line that the caller split (blank lines are skipped), as <see cref="Read"/> reads each line of a stream: a
    /// store streams its kept lines in here without joining them into a stream again. Call <see cref="Complete"/> after
    /// the last line.
    /// </summary>
    /// <param name="line">The line's UTF-8 bytes without its line end.</param>
    /// <param name="lineNumber">The line's 1-based number, for error locations.</param>
    /// <returns>False once the reader holds more than <see cref="MaxCases"/> cases (RG1033 is in <see cref="Errors"/>) and reads no more lines.</returns>
    public bool ReadLine(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (_stopped)
        {
            return false;
        }

        ReadLine(line, lineNumber, record: false);
        return !Stop(lineNumber);
    }

    /// <summary>Reads one line given as text; see <see cref="ReadLine(ReadOnlySpan{byte}, long)"/>.</summary>
    /// <param name="line">The line without its line end.</param>
    /// <param name="lineNumber">The line's 1-based number, for error locations.</param>
    /// <returns>False once the reader holds more than <see cref="MaxCases"/> cases and reads no more lines.</returns>
    public bool ReadLine(string line, long lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        var length = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (_lineBytes.Length < length)
        {
            _lineBytes = new byte[Math.Max(length, _lineBytes.Length * 2)];
        }

        return ReadLine(_lineBytes.AsSpan(0, Encoding.UTF8.GetBytes(line, _lineBytes)), lineNumber);
    }

    /// <summary>
    /// Checks one line as <see cref="ReadLine(ReadOnlySpan{byte}, long)"/> does and gives the fields a store indexes,
    /// without adding the line to <see cref="Candidate"/> or <see cref="Baseline"/> (the store keeps the line; memory stays
    /// flat). Always with the full reader, which is slower than the fast path that <see cref="Read"/> takes for plain lines.
    /// </summary>
    /// <param name="line">The line's UTF-8 bytes without its line end.</param>
    /// <param name="lineNumber">The line's 1-based number, for error locations.</param>
    /// <returns>The line's fields; null for a blank line, an invalid one (its error is in <see cref="Errors"/>), or once reading stopped.</returns>
    public ResultRecord? ReadRecord(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (_stopped)
        {
            return null;
        }

        var errors = _errorCount;
        _record = null;
        ReadLine(line, lineNumber, record: true);
        var read = _errorCount == errors ? _record : null;
        _record = null;
        return Stop(lineNumber) ? null : read;
    }

    /// <summary>
    /// Ends reading lines given one at a time: the evidence read gets <see cref="SourceDigest"/> as its source (a store
    /// gives the digest of the upload it kept the lines of).
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="SourceDigest"/> was not set.</exception>
    public void Complete() =>
        Finish(SourceDigest ?? throw new InvalidOperationException("Set SourceDigest to read lines one at a time: it names the evidence's source."));

    /// <summary>True (with RG1033 reported once) when the cases read pass <see cref="MaxCases"/>.</summary>
    private bool Stop(long lineNumber)
    {
        if (!_stopped && _caseCount > MaxCases)
        {
            Error(ErrorCodes.TooManyCases, Messages.TooManyCases(MaxCases), lineNumber, 0);
            _stopped = true;
        }

        return _stopped;
    }

    private void Finish(string digest)
    {
        // A file is evidence for each side it holds lines of (a side-by-side run writes both into one file).
        var forCandidate = !_allBaseline && (Candidate.Suites.Count > 0 || Baseline.Suites.Count == 0);
        if (forCandidate)
        {
            Candidate.SourceDigests.Add(digest);
        }

        if (Baseline.Suites.Count > 0 || _allBaseline)
        {
            Baseline.SourceDigests.Add(digest);
        }
        if (_errorCount > MaxReportedErrors)
        {
            Errors.Add(new GateError(ErrorCodes.ResultInvalidJson, Messages.ResultsTruncated(MaxReportedErrors, _errorCount), SourceLocation.OfFile(_file)));
        }
    }

    private void ReadLine(ReadOnlySpan<byte> line, long lineNumber, bool record)
    {
        if (line.Length > MaxLineBytes)
        {
            Error(ErrorCodes.LineTooLong, Messages.LineTooLong(MaxLineBytes), lineNumber, 0);
            return;
        }

        if (line.Trim((byte)' ').IsEmpty || (!UseFullReader && !record && TryReadPlainLine(line)))
        {
            return;
        }

        if (InputText.CheckLine(line, _file, lineNumber) is { } invalid)
        {
            Error(invalid.Code, invalid.Message, lineNumber, invalid.Location.Column);
            return;
        }

        try
        {
            ParseLine(line, lineNumber, record);
        }
        catch (JsonException) when (JsonDepth.Exceeds(line, InputLimits.MaxJsonDepth) is { } deep)
        {
            Error(ErrorCodes.JsonTooDeep, Messages.JsonTooDeep(InputLimits.MaxJsonDepth), lineNumber, deep + 1);
        }
        catch (JsonException ex)
        {
            var detail = ex.Message;
            foreach (var noise in new[] { " LineNumber:", " Change the reader options" })
            {
                var cut = detail.IndexOf(noise, StringComparison.Ordinal);
                detail = cut > 0 ? detail[..cut] : detail;
            }

            detail = detail.TrimEnd('.', ' ');
            Error(ErrorCodes.ResultInvalidJson, Messages.ResultJson(detail), lineNumber, (int)(ex.BytePositionInLine ?? 0) + 1);
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.CopyString throws this, not a JsonException, for an escaped lone surrogate ("\ud800").
            Error(ErrorCodes.ResultInvalidJson, Messages.ResultJson(Messages.LoneSurrogate), lineNumber, 1);
        }
    }

    private void ParseLine(ReadOnlySpan<byte> line, long lineNumber, bool record)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = InputLimits.MaxJsonDepth, AllowMultipleValues = true });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            Error(ErrorCodes.ResultInvalidJson, Messages.ResultNotObject, lineNumber, 1);
            return;
        }

        string? suite = null;
        var caseLength = 0;
        var caseStart = -1; // where the id's bytes start in the line when it is not escaped; else it is in _caseChars
        bool? pass = null;
        var errored = false;
        var baseline = _allBaseline;
        Severity? severity = null;
        double? latency = null;
        double? cost = null;
        var sliceCount = 0;

        // Kept only for a record (ReadRecord): what a store indexes beside what the decision counts.
        var repeatValue = 0;
        var lineBaseline = false;
        string? errorText = null;
        var errorIsString = false;
        double? score = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = (int)reader.TokenStartIndex + 1;
            var field = Field(ref reader);
            if (field == Known.Suite)
            {
                reader.Read();
                suite = Text(ref reader, "suite", lineNumber, column);
                if (suite is null)
                {
                    return;
                }
            }
            else if (field == Known.Case)
            {
                reader.Read();
                if (!IsText(ref reader, "case", lineNumber, column))
                {
                    return;
                }

                if (reader.ValueIsEscaped)
                {
                    caseStart = -1;
                    caseLength = reader.CopyString(_caseChars);
                }
                else
                {
                    // A string token starts at its opening quote.
                    caseStart = (int)reader.TokenStartIndex + 1;
                    caseLength = reader.ValueSpan.Length;
                }
            }
            else if (field == Known.Pass)
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    pass = reader.GetBoolean();
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    Error(ErrorCodes.ResultWrongType, Messages.ResultType("pass", "true, false or null"), lineNumber, column);
                    return;
                }
            }
            else if (field == Known.Error)
            {
                reader.Read();
                // null, "" and false mean "no error"; anything else (a message, an object, true) is an error.
                errored = reader.TokenType is not (JsonTokenType.Null or JsonTokenType.False) && !(reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty);
                var valueStart = (int)reader.TokenStartIndex;
                var isString = reader.TokenType == JsonTokenType.String;
                if (!SkipFinite(ref reader, lineNumber))
                {
                    return;
                }

                // Kept as JSON for now: a string is decoded once the whole line is known to be valid.
                errorText = record && reader.TokenType != JsonTokenType.Null ? Encoding.UTF8.GetString(line[valueStart..(int)reader.BytesConsumed]) : null;
                errorIsString = isString;
            }
            else if (field == Known.Repeat)
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var repeat) || repeat < 0)
                {
                    Error(ErrorCodes.ResultWrongType, Messages.ResultType("repeat", "a whole number from 0"), lineNumber, column);
                    return;
                }

                repeatValue = repeat;
            }
            else if (field == Known.Target)
            {
                reader.Read();
                lineBaseline = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("baseline"u8);
                if (lineBaseline)
                {
                    baseline = true;
                }
                else if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("candidate"u8))
                {
                    Error(ErrorCodes.ResultWrongType, Messages.ResultType("target", "\"candidate\" or \"baseline\""), lineNumber, column);
                    return;
                }
            }
            else if (field == Known.Severity)
            {
                reader.Read();
                severity = reader.TokenType == JsonTokenType.Null ? null : ReadSeverity(ref reader);
                if (reader.TokenType != JsonTokenType.Null && severity is null)
                {
                    Error(ErrorCodes.ResultWrongType, Messages.ResultType("severity", "one of \"critical\", \"high\", \"medium\", \"low\""), lineNumber, column);
                    return;
                }
            }
            else if (field is Known.LatencyMs or Known.Cost)
            {
                reader.Read();
                var name = field == Known.Cost ? "cost" : "latency_ms";
                if (reader.TokenType == JsonTokenType.Null)
                {
                    if (field == Known.Cost)
                    {
                        cost = null;
                    }
                    else
                    {
                        latency = null;
                    }

                    continue;
                }

                if (reader.TokenType == JsonTokenType.Number && !IsFinite(ref reader, lineNumber))
                {
                    return;
                }

                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var number) || number < 0)
                {
                    Error(ErrorCodes.ResultWrongType, Messages.ResultType(name, "a number of at least 0, or null"), lineNumber, column);
                    return;
                }

                if (field == Known.Cost)
                {
                    cost = number;
                }
                else
                {
                    latency = number;
                }
            }
            else if (field == Known.Slices)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    Error(ErrorCodes.ResultWrongType, Messages.ResultType("slices", "a list of strings"), lineNumber, column);
                    return;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var slice = Text(ref reader, "slices", lineNumber, (int)reader.TokenStartIndex + 1);
                    if (slice is null)
                    {
                        return;
                    }

                    if (sliceCount == _lineSlices.Length || slice.Contains('/', StringComparison.Ordinal))
                    {
                        Error(ErrorCodes.ResultWrongType, Messages.ResultType("slices", $"a list of at most {_lineSlices.Length} tags without '/' (tags become part of check ids)"), lineNumber, column);
                        return;
                    }

                    _lineSlices[sliceCount++] = slice;
                }
            }
            else
            {
                var isScore = record && reader.ValueTextEquals("score"u8);
                reader.Read();
                if (!SkipFinite(ref reader, lineNumber))
                {
                    return;
                }

                if (isScore)
                {
                    score = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
                }
            }
        }

        // A second value after the object (two objects joined on one line) must not be dropped silently.
        if (reader.Read())
        {
            Error(ErrorCodes.ResultInvalidJson, Messages.ResultTrailing, lineNumber, (int)reader.TokenStartIndex + 1);
            return;
        }

        if (suite is null || caseLength == 0)
        {
            Error(ErrorCodes.ResultMissingField, Messages.ResultMissing(suite is null ? "suite" : "case"), lineNumber, 1);
            return;
        }

        if (pass is null && !errored)
        {
            Error(ErrorCodes.ResultNoOutcome, Messages.ResultNoOutcome, lineNumber, 1);
            return;
        }

        if (record)
        {
            // A record is the line's fields only: a store keeps the lines, so the reader keeps no evidence and its memory
            // stays flat however many cases pass.
            var caseId = caseStart >= 0 ? Encoding.UTF8.GetString(line.Slice(caseStart, caseLength)) : new string(_caseChars, 0, caseLength);
            _record = new ResultRecord(lineNumber, suite, caseId, repeatValue, lineBaseline ? "baseline" : "candidate", pass, errorIsString && errorText is not null ? StringOf(errorText) : errorText, score, latency, cost);
            return;
        }

        var suiteEvidence = Suite(baseline, suite);
        suiteEvidence.Lines++;
        var known = suiteEvidence.Cases.Count;
        var evidence = caseStart >= 0 ? suiteEvidence.GetOrAdd(line.Slice(caseStart, caseLength)) : suiteEvidence.GetOrAdd(_caseChars.AsSpan(0, caseLength));
        _caseCount += suiteEvidence.Cases.Count - known;
        evidence.Add(pass, errored);
        evidence.AddSeverity(severity);
        evidence.AddMeasures(latency, cost);
        if (sliceCount > 0)
        {
            evidence.AddSlices(_lineSlices.AsSpan(0, sliceCount));
        }
    }

    /// <summary>
    /// The text of a JSON string literal; the literal itself when it escapes a lone surrogate, which a .NET string cannot
    /// hold faithfully: the line is valid evidence, so its message is kept as written rather than refused.
    /// </summary>
    private static string StringOf(string literal)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(literal));
        reader.Read();
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return literal;
        }
    }

    private enum Known
    {
        Other,
        Suite,
        Case,
        Pass,
        Error,
        Target,
        Severity,
        Slices,
        LatencyMs,
        Cost,
        Repeat,
    }

    /// <summary>Recognises the fields the decision uses by length first: most lines carry several that it skips.</summary>
    private static Known Field(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return reader.ValueTextEquals("suite"u8) ? Known.Suite
                : reader.ValueTextEquals("case"u8) ? Known.Case
                : reader.ValueTextEquals("pass"u8) ? Known.Pass
                : reader.ValueTextEquals("error"u8) ? Known.Error
                : reader.ValueTextEquals("target"u8) ? Known.Target
                : reader.ValueTextEquals("severity"u8) ? Known.Severity
                : reader.ValueTextEquals("slices"u8) ? Known.Slices
                : reader.ValueTextEquals("latency_ms"u8) ? Known.LatencyMs
                : reader.ValueTextEquals("cost"u8) ? Known.Cost
                : reader.ValueTextEquals("repeat"u8) ? Known.Repeat
                : Known.Other;
        }

        return FieldOf(reader.ValueSpan);
    }

    /// <summary>Moves past the value the reader is on, checking that every number in it is finite (RG1107); false when one is not.</summary>
    private bool SkipFinite(ref Utf8JsonReader reader, long lineNumber)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return IsFinite(ref reader, lineNumber);
        }

        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (!IsFinite(ref reader, lineNumber))
            {
                return false;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth)
            {
                break;
            }
        }

        return true;
    }

    private bool IsFinite(ref Utf8JsonReader reader, long lineNumber)
    {
        if (reader.TokenType != JsonTokenType.Number || (reader.TryGetDouble(out var number) && double.IsFinite(number)))
        {
            return true;
        }

        Error(ErrorCodes.JsonNotFinite, Messages.JsonNotFinite(Encoding.UTF8.GetString(reader.ValueSpan)), lineNumber, (int)reader.TokenStartIndex + 1);
        return false;
    }

    private static Severity? ReadSeverity(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return SeverityOf(reader.ValueSpan);
        }

        // Escaped spellings are rare: let the reader unescape while it compares.
        return reader.ValueTextEquals("critical"u8) ? Severity.Critical
            : reader.ValueTextEquals("high"u8) ? Severity.High
            : reader.ValueTextEquals("medium"u8) ? Severity.Medium
            : reader.ValueTextEquals("low"u8) ? Severity.Low
            : null;
    }

    private bool IsText(ref Utf8JsonReader reader, string field, long lineNumber, int column)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            Error(ErrorCodes.ResultWrongType, Messages.ResultType(field, "a string"), lineNumber, column);
            return false;
        }

        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length == 0 || length > MaxIdLength)
        {
            Error(ErrorCodes.ResultWrongType, Messages.ResultType(field, $"a non-empty string of at most {MaxIdLength} bytes"), lineNumber, column);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads a non-empty name (a suite or a slice). Names repeat on every line, so they are found by their UTF-8
    /// bytes without decoding, and each distinct name is allocated once.
    /// </summary>
    private string? Text(ref Utf8JsonReader reader, string field, long lineNumber, int column)
    {
        if (!IsText(ref reader, field, lineNumber, column))
        {
            return null;
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return NameOf(reader.ValueSpan);
        }

        var count = reader.ValueIsEscaped ? reader.CopyString(_chars) : Encoding.UTF8.GetChars(reader.ValueSpan, _chars);
        var chars = _chars.AsSpan(0, count);
        if (_internLookup.TryGetValue(chars, out var known))
        {
            return known;
        }

        var text = new string(chars);
        _interned[text] = text;
        return text;
    }

    /// <summary>The name with these (unescaped) UTF-8 bytes, allocated once per distinct name.</summary>
    private string NameOf(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        var key = hash.ToHashCode();
        if (_names.TryGetValue(key, out var bucket))
        {
            foreach (var (utf8, name) in bucket)
            {
                if (bytes.SequenceEqual(utf8))
                {
                    return name;
                }
            }
        }
        else
        {
            bucket = [];
            _names[key] = bucket;
        }

        var decoded = Encoding.UTF8.GetString(bytes);
        bucket.Add((bytes.ToArray(), decoded));
        return decoded;
    }

    private void Error(string code, string message, long lineNumber, int column)
    {
        if (++_errorCount <= MaxReportedErrors)
        {
            Errors.Add(new GateError(code, message, new SourceLocation(_file, (int)Math.Min(lineNumber, int.MaxValue), column)));
        }
    }
}
