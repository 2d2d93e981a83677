using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ReleaseGate.Runner.Execution;

/// <summary>
/// Writes result lines to a JSONL stream: the one writer of results (DESIGN §4), for <c>eval run</c> and the importers
/// alike, so that every results file is escaped and framed the same way and reads back through Core's
/// <see cref="Core.Evidence.ResultsReader"/>. Lines are encoded into a buffer and written to the stream in whole lines
/// only, then flushed, so the file never ends in half a line however the run stops.
/// </summary>
/// <threadsafety>Not thread-safe: one writer task owns it.</threadsafety>
public sealed class ResultsWriter : IAsyncDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Results are data, not HTML: keep non-ASCII readable. Any text shown later is encoded where it is shown.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;

    /// <summary>Writes to <paramref name="stream"/>, which the writer owns.</summary>
    public ResultsWriter(Stream stream)
        : this(stream, leaveOpen: false)
    {
    }

    /// <summary>Writes to <paramref name="stream"/>, which the writer disposes unless <paramref name="leaveOpen"/>.</summary>
    internal ResultsWriter(Stream stream, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>How many lines have been written.</summary>
    public long Lines { get; private set; }

    /// <summary>Encodes a line into the buffer.</summary>
    public void Add(ResultLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var w = BeginLine();
        w.WriteString("suite", line.Suite);
        w.WriteString("case", line.Case);
        w.WriteNumber("repeat", line.Repeat);
        w.WriteString("target", line.Side);
        w.WriteString("target_id", line.TargetId);
        w.WriteStartArray("slices");
        foreach (var slice in line.Slices)
        {
            w.WriteStringValue(slice);
        }

        w.WriteEndArray();
        w.WriteString("severity", SeverityName(line.Severity));
        if (line.Error is { } error)
        {
            w.WriteNull("pass");
            w.WriteNull("score");
            w.WriteString("error", error);
        }
        else
        {
            w.WriteBoolean("pass", line.Grade!.Pass);
            w.WriteNumber("score", Math.Round(line.Grade.Score, 4));
            w.WriteNull("error");
        }

        var response = line.Outcome.Response;
        if (response is not null)
        {
            w.WriteNumber("latency_ms", response.LatencyMs);
            if (line.Outcome.LastAttemptMs is { } last)
            {
                w.WriteNumber("last_attempt_ms", last);
            }

            w.WriteString("output", response.Output);
            if (line.Outcome.Refusal)
            {
                w.WriteBoolean("refusal", true);
            }

            if (response.ToolCalls.Count > 0)
            {
                w.WriteStartArray("tool_calls");
                foreach (var call in response.ToolCalls)
                {
                    w.WriteStartObject();
                    w.WriteString("name", call.Name);
                    w.WriteString("arguments", call.Arguments);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }
        }

        if (line.Grade is { } grade)
        {
            w.WriteStartArray("assertions");
            foreach (var a in grade.Assertions)
            {
                w.WriteStartObject();
                w.WriteString("type", a.Type);
                w.WriteBoolean("pass", a.Pass);
                w.WriteNumber("score", Math.Round(a.Score, 4));
                if (a.Threshold is { } threshold)
                {
                    w.WriteNumber("threshold", threshold);
                }

                w.WriteString("reason", a.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteNumber("attempts", line.Outcome.Attempts);
        w.WriteBoolean("cached", line.Outcome.Cached);
        EndLine();
    }

    /// <summary>Starts a line: the writer is inside its object, for the caller to write the fields.</summary>
    internal Utf8JsonWriter BeginLine()
    {
        _json.Reset(_buffer);
        _json.WriteStartObject();
        return _json;
    }

    /// <summary>Ends the line started by <see cref="BeginLine"/>.</summary>
    internal void EndLine()
    {
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
        Lines++;
    }

    /// <summary>Writes the buffered lines to the stream, for writers that are not asynchronous.</summary>
    internal void Flush()
    {
        if (_buffer.WrittenCount > 0)
        {
            _stream.Write(_buffer.WrittenSpan);
            _buffer.Clear();
        }

        _stream.Flush();
    }

    /// <summary>Writes the buffered lines to the stream and flushes it.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_buffer.WrittenCount > 0)
        {
            await _stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _buffer.Clear();
        }

        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether enough is buffered to be worth writing now.</summary>
    public bool ShouldFlush => _buffer.WrittenCount >= 256 * 1024;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        await _json.DisposeAsync().ConfigureAwait(false);
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string SeverityName(Core.Model.Severity severity) => severity switch
    {
        Core.Model.Severity.Critical => "critical",
        Core.Model.Severity.High => "high",
        Core.Model.Severity.Low => "low",
        _ => "medium",
    };
}
