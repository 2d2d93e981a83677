using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReleaseGate.Runner.Execution;

namespace ReleaseGate.Runner.Import;

/// <summary>
/// Writes imported results as results JSONL (DESIGN §4) through the one results writer (<see cref="ResultsWriter"/>), one
/// line per result, flushing as it goes so that nothing accumulates in memory.
/// </summary>
internal sealed class ResultLineWriter(Stream output, ImportOptions options) : IDisposable
{
    /// <summary>The longest suite or case id, in UTF-8 bytes, that results may carry.</summary>
    public const int MaxIdBytes = 512;

    /// <summary>The longest output or message kept in a line, in characters.</summary>
    public const int MaxTextLength = 100_000;

    private readonly ResultsWriter _lines = new(output, leaveOpen: true);
    private Utf8JsonWriter _writer = null!;
    private long _passed, _failed, _errored;

    public long Lines => _lines.Lines;

    public ImportSummary Summary(long omitted) => new(Lines, _passed, _failed, _errored, omitted);

    public void Write(ImportedResult result)
    {
        _writer = _lines.BeginLine();
        _writer.WriteString("suite", options.Suite);
        _writer.WriteString("case", FitId(result.Case));
        _writer.WriteString("target", options.Target);
        if (result.Slices is { Count: > 0 } slices)
        {
            _writer.WriteStartArray("slices");
            foreach (var s in slices)
            {
                _writer.WriteStringValue(s);
            }

            _writer.WriteEndArray();
        }

        if (result.Severity is not null)
        {
            _writer.WriteString("severity", result.Severity);
        }

        if (result.Pass is { } pass)
        {
            _writer.WriteBoolean("pass", pass);
        }
        else
        {
            _writer.WriteNull("pass");
        }

        if (result.Error is not null)
        {
            _writer.WriteString("error", Cut(result.Error.Length == 0 ? "error" : result.Error));
        }
        else
        {
            _writer.WriteNull("error");
        }

        WriteNumber("score", result.Score);
        WriteNumber("latency_ms", result.LatencyMs is { } l && l >= 0 ? l : null);
        WriteNumber("cost", result.Cost is { } c && c >= 0 ? c : null);
        if (result.Output is not null)
        {
            _writer.WriteString("output", Cut(result.Output));
        }

        if (result.Assertions.Count > 0)
        {
            _writer.WriteStartArray("assertions");
            foreach (var a in result.Assertions)
            {
                _writer.WriteStartObject();
                _writer.WriteString("type", a.Type);
                _writer.WriteBoolean("pass", a.Pass);
                WriteNumber("score", a.Score);
                if (a.Reason is not null)
                {
                    _writer.WriteString("reason", Cut(a.Reason));
                }

                _writer.WriteEndObject();
            }

            _writer.WriteEndArray();
        }

        _lines.EndLine();
        _lines.Flush();
        if (result.Error is not null)
        {
            _errored++;
        }
        else if (result.Pass == true)
        {
            _passed++;
        }
        else
        {
            _failed++;
        }
    }

    // Every line is flushed as it is written, and the stream is the caller's: nothing is left to write or close.
    public void Dispose() => _lines.Flush();

    /// <summary>
    /// An id that fits the results format: ids longer than <see cref="MaxIdBytes"/> UTF-8 bytes keep their start and end
    /// with a hash of the whole id, so that different long ids stay different and the same id always maps the same way.
    /// </summary>
    public static string FitId(string id)
    {
        if (id.Length == 0)
        {
            return "(unnamed)";
        }

        if (Encoding.UTF8.GetByteCount(id) <= MaxIdBytes)
        {
            return id;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16];
        var head = id;
        while (Encoding.UTF8.GetByteCount(head) > MaxIdBytes - 20)
        {
            head = head[..(head.Length * 3 / 4)];
        }

        if (head.Length > 0 && char.IsHighSurrogate(head[^1]))
        {
            head = head[..^1];
        }

        return $"{head}…#{hash}";
    }

    private static string Cut(string text)
    {
        if (text.Length <= MaxTextLength)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[MaxTextLength - 1]) ? MaxTextLength - 1 : MaxTextLength;
        return text[..cut] + "…";
    }

    private void WriteNumber(string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            _writer.WriteNumber(name, v);
        }
    }
}
