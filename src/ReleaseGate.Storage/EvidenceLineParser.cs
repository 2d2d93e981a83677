using System.Buffers;
using System.Text;
using System.Text.Json;
using ReleaseGate.Core.Diagnostics;
using ReleaseGate.Core.Formats;

namespace ReleaseGate.Storage;

/// <summary>
/// Turns one results JSONL line (DESIGN §4) into the <see cref="EvidenceLine"/> the store indexes. It checks what the store
/// needs — valid JSON object, <c>suite</c> and <c>case</c> strings, one of <c>pass</c> or <c>error</c>, numbers where numbers
/// belong — and keeps the line itself for the decision engine, which reads every field.
/// </summary>
/// <remarks>Errors use the results codes RG1101–RG1104 with the line and column, like <c>check</c>.</remarks>
public static class EvidenceLineParser
{
    /// <summary>Parses <paramref name="json"/>, line <paramref name="lineNumber"/> of <paramref name="file"/>; returns null and sets <paramref name="error"/> when it is not a valid results line.</summary>
    public static EvidenceLine? Parse(string file, long lineNumber, string json, out GateError? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > InputLimits.MaxJsonLineBytes)
        {
            error = TooLong(file, lineNumber);
            return null;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, rented);
            return Parse(file, lineNumber, json, rented.AsSpan(0, length), out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses one line given as UTF-8 bytes (without its line end), the fast path for bulk loads.</summary>
    /// <exception cref="DecoderFallbackException">Never: invalid UTF-8 is reported as an RG1026 error instead.</exception>
    public static EvidenceLine? Parse(string file, long lineNumber, ReadOnlySpan<byte> utf8, out GateError? error)
    {
        if (utf8.Length > InputLimits.MaxJsonLineBytes)
        {
            error = TooLong(file, lineNumber);
            return null;
        }

        if (InputText.CheckLine(utf8, file, lineNumber) is { } invalid)
        {
            error = invalid;
            return null;
        }

        return Parse(file, lineNumber, null, utf8, out error);
    }

    private static EvidenceLine? Parse(string file, long lineNumber, string? json, ReadOnlySpan<byte> utf8, out GateError? error)
    {
        string? suite = null, caseId = null, target = null, errorText = null;
        bool? pass = null;
        double? score = null, latency = null, cost = null;
        var repeat = 0;
        var hasError = false;
        string? caseCache = null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = InputLimits.MaxJsonDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = Error(file, lineNumber, 1, ErrorCodes.ResultInvalidJson, "the line is not a JSON object; each results line is one object such as {\"suite\":…,\"case\":…,\"pass\":true}.");
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = (int)reader.TokenStartIndex + 1;
                var name = Name(ref reader);
                reader.Read();
                switch (name)
                {
                    case "suite": suite = ReadString(ref reader, name, file, lineNumber, column, out error, ref _lastSuite); break;
                    case "case": caseId = ReadString(ref reader, name, file, lineNumber, column, out error, ref caseCache); break;
                    case "target": target = ReadString(ref reader, name, file, lineNumber, column, out error, ref _lastTarget); break;
                    case "repeat":
                        error = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out repeat) && repeat >= 0
                            ? null
                            : Error(file, lineNumber, column, ErrorCodes.ResultWrongType, "'repeat' must be a whole number from 0.");
                        break;
                    case "pass":
                        pass = reader.TokenType switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
                        error = pass is null && reader.TokenType != JsonTokenType.Null
                            ? Error(file, lineNumber, column, ErrorCodes.ResultWrongType, "'pass' must be true or false.")
                            : null;
                        break;
                    case "error":
                        hasError = reader.TokenType != JsonTokenType.Null;
                        errorText = null;
                        error = null;
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            errorText = reader.GetString();
                        }
                        else if (hasError)
                        {
                            var start = (int)reader.TokenStartIndex;
                            error = SkipFinite(ref reader, file, lineNumber);
                            errorText = Encoding.UTF8.GetString(utf8[start..(int)reader.BytesConsumed]);
                        }

                        break;
                    case "score": score = ReadNumber(ref reader, name, file, lineNumber, column, out error); break;
                    case "latency_ms": latency = ReadNumber(ref reader, name, file, lineNumber, column, out error); break;
                    case "cost": cost = ReadNumber(ref reader, name, file, lineNumber, column, out error); break;
                    default:
                        error = SkipFinite(ref reader, file, lineNumber);
                        break;
                }

                if (error is not null)
                {
                    return null;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = Error(file, lineNumber, (int)reader.TokenStartIndex + 1, ErrorCodes.ResultInvalidJson, "unexpected content after the object; put one object on each line.");
                return null;
            }
        }
        catch (JsonException) when (JsonDepth.Exceeds(utf8, InputLimits.MaxJsonDepth) is { } deep)
        {
            error = Error(file, lineNumber, deep + 1, ErrorCodes.JsonTooDeep, Messages.JsonTooDeep(InputLimits.MaxJsonDepth));
            return null;
        }
        catch (JsonException e)
        {
            error = Error(file, lineNumber, (int)(e.BytePositionInLine ?? 0) + 1, ErrorCodes.ResultInvalidJson,
                $"the line is not valid JSON ({e.Message.Split(" LineNumber", 2)[0]}); fix the line or regenerate the results file.");
            return null;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString throws this, not a JsonException, for an escaped lone surrogate ("\ud800").
            error = Error(file, lineNumber, 1, ErrorCodes.ResultInvalidJson, Messages.ResultJson(Messages.LoneSurrogate));
            return null;
        }

        if (suite is null || caseId is null)
        {
            error = Error(file, lineNumber, 1, ErrorCodes.ResultMissingField, $"the line has no '{(suite is null ? "suite" : "case")}' string; every result names its suite and case.");
            return null;
        }

        if (pass is null && !hasError)
        {
            error = Error(file, lineNumber, 1, ErrorCodes.ResultNoOutcome, "the line has neither 'pass' nor 'error'; a result without an outcome cannot count as passed.");
            return null;
        }

        error = null;
        return new EvidenceLine(lineNumber, suite, caseId, repeat, target ?? "candidate", pass, errorText, score, latency, cost, json ?? Encoding.UTF8.GetString(utf8));
    }

    // The field names the store reads, matched on the UTF-8 bytes without allocating; null for any other field.
    private static string? Name(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("suite"u8) ? "suite"
        : reader.ValueTextEquals("case"u8) ? "case"
        : reader.ValueTextEquals("pass"u8) ? "pass"
        : reader.ValueTextEquals("error"u8) ? "error"
        : reader.ValueTextEquals("repeat"u8) ? "repeat"
        : reader.ValueTextEquals("target"u8) ? "target"
        : reader.ValueTextEquals("score"u8) ? "score"
        : reader.ValueTextEquals("latency_ms"u8) ? "latency_ms"
        : reader.ValueTextEquals("cost"u8) ? "cost"
        : null;

    // Suites and targets repeat line after line: reuse the last string when the bytes are the same (per thread).
    [ThreadStatic]
    private static string? _lastSuite;

    [ThreadStatic]
    private static string? _lastTarget;

    private static string? ReadString(ref Utf8JsonReader reader, string name, string file, long line, int column, out GateError? error, ref string? last)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            error = null;
            return last is not null && reader.ValueTextEquals(last) ? last : last = reader.GetString();
        }

        error = Error(file, line, column, ErrorCodes.ResultWrongType, $"'{name}' must be a string.");
        return null;
    }

    private static double? ReadNumber(ref Utf8JsonReader reader, string name, string file, long line, int column, out GateError? error)
    {
        error = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value))
        {
            return value;
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            error = NotFinite(ref reader, file, line);
            return null;
        }

        error = Error(file, line, column, ErrorCodes.ResultWrongType, $"'{name}' must be a number.");
        return null;
    }

    // Finite numbers only (issue 16), in the fields the store does not read as well: the line is kept and read again later.
    private static GateError? SkipFinite(ref Utf8JsonReader reader, string file, long line)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return NotFinite(ref reader, file, line);
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            if (NotFinite(ref reader, file, line) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static GateError? NotFinite(ref Utf8JsonReader reader, string file, long line) =>
        reader.TokenType == JsonTokenType.Number && (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
            ? Error(file, line, (int)reader.TokenStartIndex + 1, ErrorCodes.JsonNotFinite, Messages.JsonNotFinite(Encoding.UTF8.GetString(reader.ValueSpan)))
            : null;

    private static GateError TooLong(string file, long line) =>
        Error(file, line, 0, ErrorCodes.LineTooLong, Messages.LineTooLong(InputLimits.MaxJsonLineBytes));

    private static GateError Error(string file, long line, int column, string code, string message) =>
        new(code, message, new SourceLocation(file, (int)Math.Min(line, int.MaxValue), column));
}
