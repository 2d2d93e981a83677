using System.Buffers;
using System.Text;
using System.Text.Json;
using ReleaseGate.Core.Diagnostics;

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

    private static EvidenceLine? Parse(string file, long lineNumber, string json, ReadOnlySpan<byte> utf8, out GateError? error)
    {
        string? suite = null, caseId = null, target = null, errorText = null;
        bool? pass = null;
        double? score = null, latency = null, cost = null;
        var repeat = 0;
        var hasError = false;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
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
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "suite": suite = ReadString(ref reader, name, file, lineNumber, column, out error); break;
                    case "case": caseId = ReadString(ref reader, name, file, lineNumber, column, out error); break;
                    case "target": target = ReadString(ref reader, name, file, lineNumber, column, out error); break;
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
                        errorText = reader.TokenType switch
                        {
                            JsonTokenType.String => reader.GetString(),
                            JsonTokenType.Null => null,
                            _ => Raw(ref reader, json, utf8),
                        };
                        error = null;
                        break;
                    case "score": score = ReadNumber(ref reader, name, file, lineNumber, column, out error); break;
                    case "latency_ms": latency = ReadNumber(ref reader, name, file, lineNumber, column, out error); break;
                    case "cost": cost = ReadNumber(ref reader, name, file, lineNumber, column, out error); break;
                    default:
                        reader.Skip();
                        error = null;
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
        catch (JsonException e)
        {
            error = Error(file, lineNumber, (int)(e.BytePositionInLine ?? 0) + 1, ErrorCodes.ResultInvalidJson,
                $"the line is not valid JSON ({e.Message.Split(" LineNumber", 2)[0]}); fix the line or regenerate the results file.");
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
        return new EvidenceLine(lineNumber, suite, caseId, repeat, target ?? "candidate", pass, errorText, score, latency, cost, json);
    }

    private static string? ReadString(ref Utf8JsonReader reader, string name, string file, long line, int column, out GateError? error)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            error = null;
            return reader.GetString();
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

        error = Error(file, line, column, ErrorCodes.ResultWrongType, $"'{name}' must be a number.");
        return null;
    }

    private static string Raw(ref Utf8JsonReader reader, string json, ReadOnlySpan<byte> utf8)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        return json.Length == utf8.Length ? json[start..end] : Encoding.UTF8.GetString(utf8[start..end]);
    }

    private static GateError Error(string file, long line, int column, string code, string message) =>
        new(code, message, new SourceLocation(file, (int)Math.Min(line, int.MaxValue), column));
}
