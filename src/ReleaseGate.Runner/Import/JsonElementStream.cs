using System.Buffers;
using System.Text.Json;

namespace ReleaseGate.Runner.Import;

/// <summary>
/// Reads one large JSON document from a stream and hands out, one at a time, the objects of the array found at a path
/// of property names (such as <c>results.results</c>), each as its own small <see cref="JsonDocument"/>. The buffer holds
/// at most a few elements: memory follows the largest element, not the file. In the top-level mode
/// (<see cref="TopLevel"/>) the stream may hold several JSON values one after another (JSON Lines), and the elements are
/// the objects among them and the objects of the arrays among them.
/// </summary>
internal sealed class JsonElementStream(Stream stream, string[] arrayPath) : IDisposable
{
    private bool _topLevel;
    private bool _bomChecked;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _length;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = Core.Diagnostics.InputLimits.MaxJsonDepth });
    private int _offset;
    private long _linesBefore; // newlines in bytes already dropped from the buffer
    private int _countedTo;    // buffer offset up to which newlines are counted into _linesCounted
    private long _linesCounted;
    private long _carryColumn; // bytes of the current line that were already dropped from the buffer
    private readonly List<string?> _names = [];
    private string? _pendingName;

    /// <summary>Top-level scalars met on the way (property path joined with '.', such as <c>results.version</c>).</summary>
    public Dictionary<string, JsonElement> Scalars { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the array at the path was found.</summary>
    public bool FoundArray { get; private set; }

    /// <summary>The root token's kind, once read.</summary>
    public JsonTokenType Root { get; private set; } = JsonTokenType.None;

    /// <summary>
    /// In the top-level mode, where the first value that is not an object stands (a number or a string at the top level,
    /// or such a value or a list in a top-level list), which no element covers; null when there is none.
    /// </summary>
    public (int Line, int Column)? FirstStray { get; private set; }

    /// <summary>A stream of the objects written at the top level, one after another or in top-level lists.</summary>
    public static JsonElementStream TopLevel(Stream stream) => new(stream, [])
    {
        _topLevel = true,
        _state = new(new JsonReaderOptions { MaxDepth = Core.Diagnostics.InputLimits.MaxJsonDepth, AllowMultipleValues = true }),
    };

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    /// <summary>
    /// The next element of the array, with its 1-based line and column, or null at the end of the document.
    /// </summary>
    /// <exception cref="JsonException">The text is not valid JSON; its line and position are absolute in the file.</exception>
    public (JsonDocument Document, int Line, int Column)? Next()
    {
        while (true)
        {
            if (!_bomChecked && (_length >= 3 || _final))
            {
                // A byte order mark (editors on Windows write one) is not JSON: skip it, and count columns after it.
                _bomChecked = true;
                if (_buffer.AsSpan(0, _length).StartsWith("\uFEFF"u8))
                {
                    _offset = 3;
                    _carryColumn = -3;
                }
            }

            if (_offset == _length && _final)
            {
                return null;
            }

            var reader = new Utf8JsonReader(_buffer.AsSpan(_offset, _length - _offset), _final, _state);
            var before = reader.CurrentState;
            var consumedBefore = 0L;
            while (true)
            {
                if (!reader.Read())
                {
                    Keep(before, consumedBefore);
                    if (_final)
                    {
                        return null;
                    }

                    Fill();
                    break;
                }

                var depth = reader.CurrentDepth;
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    _pendingName = reader.GetString();
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    if (Root == JsonTokenType.None)
                    {
                        Root = reader.TokenType;
                    }

                    if (_topLevel && depth == 1 && reader.TokenType == JsonTokenType.StartArray)
                    {
                        Stray(reader.TokenStartIndex);
                    }

                    if (reader.TokenType == JsonTokenType.StartObject && (InTargetArray(depth) || (_topLevel && depth == 0)))
                    {
                        var probe = reader;
                        if (!probe.TrySkip())
                        {
                            Keep(before, consumedBefore);
                            Fill();
                            break;
                        }

                        var start = _offset + (int)reader.TokenStartIndex;
                        var document = JsonDocument.ParseValue(ref reader);
                        var (line, column) = Position(start);
                        _state = reader.CurrentState;
                        _offset += (int)reader.BytesConsumed;
                        return (document, line, column);
                    }

                    SetName(depth, _pendingName);
                    _pendingName = null;
                    if (reader.TokenType == JsonTokenType.StartArray && Matches(depth))
                    {
                        FoundArray = true;
                    }
                }
                else if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    SetName(depth, null);
                }
                else if (_topLevel && depth <= 1)
                {
                    // Top-level objects are read whole: a value at depth 0, or at depth 1 (inside a top-level list), is no object.
                    Stray(reader.TokenStartIndex);
                }
                else if (_pendingName is not null)
                {
                    if (depth <= arrayPath.Length)
                    {
                        var path = string.Join('.', _names.Take(depth).Skip(1).Append(_pendingName));
                        using var scalar = JsonDocument.ParseValue(ref reader);
                        Scalars[path] = scalar.RootElement.Clone();
                    }

                    _pendingName = null;
                }

                before = reader.CurrentState;
                consumedBefore = reader.BytesConsumed;
            }
        }
    }

    private void Stray(long tokenStart)
    {
        FirstStray ??= Position(_offset + (int)tokenStart);
    }

    private bool InTargetArray(int depth) => depth == arrayPath.Length + 1 && Matches(arrayPath.Length) && FoundArray;

    // The container opened at depth d is named _names[d]; the path matches when depths 1..n carry the path's names.
    private bool Matches(int depth)
    {
        if (depth != arrayPath.Length || _names.Count <= depth)
        {
            return false;
        }

        for (var i = 0; i < arrayPath.Length; i++)
        {
            if (_names[i + 1] != arrayPath[i])
            {
                return false;
            }
        }

        return true;
    }

    private void SetName(int depth, string? name)
    {
        while (_names.Count <= depth)
        {
            _names.Add(null);
        }

        _names[depth] = name;
    }

    private void Keep(JsonReaderState state, long consumed)
    {
        _state = state;
        _offset += (int)consumed;
    }

    private void Fill()
    {
        // Drop what was consumed, counting its newlines first so that positions stay absolute.
        CountLines(_offset);
        var lastNewline = _buffer.AsSpan(0, _offset).LastIndexOf((byte)'\n');
        _carryColumn = lastNewline >= 0 ? _offset - lastNewline - 1 : _carryColumn + _offset;
        _linesBefore += _linesCounted;
        _linesCounted = 0;
        _countedTo = 0;
        var remaining = _length - _offset;
        if (remaining == _buffer.Length)
        {
            if (remaining >= Core.Diagnostics.InputLimits.MaxJsonLineBytes)
            {
                // One element is held whole while it is read: past the line limit it is refused, so memory stays bounded.
                var skipped = _buffer.AsSpan(_offset, remaining).IndexOfAnyExcept(" \t\r\n,"u8);
                var (line, _) = Position(_offset + Math.Max(skipped, 0));
                throw new ElementTooLargeException(line);
            }

            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(_offset, remaining).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        else
        {
            _buffer.AsSpan(_offset, remaining).CopyTo(_buffer);
        }

        _offset = 0;
        _length = remaining;
        while (_length < _buffer.Length)
        {
            var read = stream.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                _final = true;
                break;
            }

            _length += read;
        }
    }

    private void CountLines(int upTo)
    {
        if (upTo > _countedTo)
        {
            _linesCounted += _buffer.AsSpan(_countedTo, upTo - _countedTo).Count((byte)'\n');
            _countedTo = upTo;
        }
    }

    private (int Line, int Column) Position(int offset)
    {
        CountLines(offset);
        var newline = _buffer.AsSpan(0, offset).LastIndexOf((byte)'\n');
        var column = newline >= 0 ? offset - newline : (int)Math.Min(int.MaxValue, _carryColumn + offset + 1);
        return ((int)Math.Min(int.MaxValue, _linesBefore + _linesCounted + 1), column);
    }

    /// <summary>An element of the array is longer than <see cref="Core.Diagnostics.InputLimits.MaxJsonLineBytes"/>; it starts on <see cref="StartLine"/>.</summary>
    internal sealed class ElementTooLargeException(int startLine) : JsonException($"an element longer than {Core.Diagnostics.InputLimits.MaxJsonLineBytes} bytes")
    {
        public int StartLine { get; } = startLine;
    }
}
