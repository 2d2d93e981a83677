using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReleaseGate.MockModel;

/// <summary>
/// The mock model's HTTP/1.1 server: keep-alive connections on 127.0.0.1, bodies by <c>Content-Length</c> or chunked,
/// <c>Expect: 100-continue</c>, and each answer written whole in one send at the time its <see cref="MockResponse"/>
/// asks for.
/// </summary>
/// <remarks>
/// <para>
/// A stand-in for a model endpoint has one job besides answering: to add as little time as it can to the latency it was
/// told to simulate, since that time is charged to the client under test. This server parses the few things a chat
/// request needs straight from its receive buffer and writes each answer whole.
/// </para>
/// <para>
/// Each connection has a thread of its own that blocks in <c>recv</c>, sleeps until its answer is due
/// (<see cref="Deadline.SleepUntil"/>) and sends it: the kernel wakes that thread directly, twice per request, where an
/// event loop hands each step through the thread pool (four wake-ups per request). A mock model serves a handful of
/// connections, so threads are cheap here, and each answer leaves as close to its due time as the machine allows: the
/// mock model's overshoot is part of every benchmark's floor (docs/benchmarks.md, "runner-vs-promptfoo").
/// </para>
/// </remarks>
/// <threadsafety>Start once, dispose once.</threadsafety>
internal sealed class MockHttpServer : IAsyncDisposable
{
    private const int HeadLimit = 64 * 1024;
    private const int BodyLimit = 16 * 1024 * 1024;
    private const int StackSize = 256 * 1024;
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(10);
    private static readonly byte[] Continue = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    private readonly Socket _listener;
    private readonly Func<MockRequest, MockResponse> _handle;
    private readonly ConcurrentDictionary<Socket, Thread> _connections = new();
    private readonly Thread _accepting;
    private readonly Func<bool> _isStopping;
    private volatile bool _stopping;

    private MockHttpServer(Socket listener, Func<MockRequest, MockResponse> handle)
    {
        _listener = listener;
        _handle = handle;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _isStopping = () => _stopping;
        _accepting = new Thread(Accept, StackSize) { IsBackground = true, Name = "mock-model accept" };
        _accepting.Start();
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> (0: a free port) and serves until disposed.</summary>
    /// <exception cref="IOException">The port is taken or cannot be bound.</exception>
    public static MockHttpServer Start(int port, Func<MockRequest, MockResponse> handle)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen(1024);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new IOException($"cannot bind 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}: {ex.Message}", ex);
        }

        return new MockHttpServer(listener, handle);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_stopping)
        {
            return ValueTask.CompletedTask;
        }

        // Closing a socket wakes a thread blocked on it; a thread asleep until its answer is due wakes within a step.
        _stopping = true;
        _listener.Dispose();
        foreach (var socket in _connections.Keys)
        {
            socket.Dispose();
        }

        _accepting.Join(TimeSpan.FromSeconds(2));
        var patience = Stopwatch.StartNew();
        foreach (var thread in _connections.Values)
        {
            // A connection that has not noticed its socket closing is abandoned; it ends at its next read or write.
            var left = TimeSpan.FromSeconds(2) - patience.Elapsed;
            if (left <= TimeSpan.Zero || !thread.Join(left))
            {
                break;
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Accept()
    {
        while (!_stopping)
        {
            Socket socket;
            try
            {
                socket = _listener.Accept();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                continue;
            }

            socket.NoDelay = true;
            var thread = new Thread(() => Serve(socket), StackSize) { IsBackground = true, Name = "mock-model connection" };
            _connections[socket] = thread;
            if (_stopping)
            {
                socket.Dispose();
            }

            thread.Start();
        }
    }

    private void Serve(Socket socket)
    {
        var connection = new Connection(socket);
        try
        {
            while (ReadRequest(connection) is { } request)
            {
                MockResponse response;
                try
                {
                    response = request.Status is { } status ? Error(status, request.Problem!) : _handle(request.Request);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    response = Error(500, $"mock-model failed: {ex.Message}");
                    request = request with { KeepAlive = false };
                }

                if (response.Hang)
                {
                    Hang(connection);
                    return;
                }

                if (!Deadline.SleepUntil(response.SendAt, _isStopping))
                {
                    return;
                }

                Write(connection, response, request.KeepAlive);
                if (!request.KeepAlive)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            // The client went away, or the server is stopping: nothing is owed to anyone.
        }
        finally
        {
            connection.Dispose();
            _connections.TryRemove(socket, out _);
        }
    }

    // Reads one request; null when the client closed the connection between requests.
    private static Parsed? ReadRequest(Connection c)
    {
        // When the request's first bytes reached the machine (ArrivalClock): the latency runs from there.
        long arrived = c.Filled > c.Start ? c.LastArrival : 0;
        int headEnd;
        while ((headEnd = c.Data.IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (c.Filled - c.Start >= HeadLimit)
            {
                return Parsed.Fail(431, "the request's headers are larger than 64 KiB");
            }

            if (!c.Receive())
            {
                return null;
            }

            arrived = arrived == 0 ? c.LastArrival : arrived;
        }

        var head = Encoding.Latin1.GetString(c.Data[..headEnd]);
        c.Start += headEnd + 4;
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return Parsed.Fail(400, "the request line is not 'METHOD /path HTTP/1.1'");
        }

        var keepAlive = parts[2] == "HTTP/1.1";
        long? length = null;
        var chunked = false;
        var expectContinue = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return Parsed.Fail(400, $"header line {i.ToString(CultureInfo.InvariantCulture)} has no name");
            }

            var name = lines[i].AsSpan(0, colon).Trim();
            var value = lines[i].AsSpan(colon + 1).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || (length is { } seen && seen != n))
                {
                    return Parsed.Fail(400, "the Content-Length header is not one number");
                }

                length = n;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                if (!value.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    return Parsed.Fail(501, "only the chunked transfer coding is understood");
                }

                chunked = true;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                keepAlive = value.Contains("close", StringComparison.OrdinalIgnoreCase) ? false
                    : value.Contains("keep-alive", StringComparison.OrdinalIgnoreCase) || keepAlive;
            }
            else if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                expectContinue = value.Equals("100-continue", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (length > BodyLimit)
        {
            return Parsed.Fail(413, "the request body is larger than 16 MiB");
        }

        var bodyLength = chunked ? 0 : (int)(length ?? 0);
        if (expectContinue && (chunked ? c.Filled == c.Start : c.Filled - c.Start < bodyLength))
        {
            c.Send(Continue);
        }

        ReadOnlyMemory<byte> body;
        if (chunked)
        {
            if (ReadChunked(c) is not { } decoded)
            {
                return Parsed.Fail(400, "the chunked request body is malformed or larger than 16 MiB");
            }

            body = decoded;
        }
        else
        {
            while (c.Filled - c.Start < bodyLength)
            {
                if (!c.Receive())
                {
                    return null;
                }
            }

            body = c.Buffer.AsMemory(c.Start, bodyLength).ToArray();
            c.Start += bodyLength;
        }

        var target = parts[1];
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        return new Parsed(new MockRequest(parts[0], path, body, arrived), keepAlive, null, null);
    }

    // Decodes a chunked body from the buffer, receiving more as needed; null when it is malformed or too large.
    private static byte[]? ReadChunked(Connection c)
    {
        var body = new ArrayBufferWriter<byte>();
        while (true)
        {
            var lineEnd = c.Data.IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                if (c.Filled - c.Start > 1024 || !c.Receive())
                {
                    return null;
                }

                continue;
            }

            var sizeText = c.Data[..lineEnd];
            var extension = sizeText.IndexOf((byte)';');
            if (extension >= 0)
            {
                sizeText = sizeText[..extension];
            }

            if (!Utf8Parser.TryParse(sizeText, out int size, out var used, 'x') || used != sizeText.Length || size < 0 || body.WrittenCount + size > BodyLimit)
            {
                return null;
            }

            if (size == 0)
            {
                // Trailers, if any, end with an empty line.
                c.Start += lineEnd + 2;
                int trailerEnd;
                while ((trailerEnd = c.Data.IndexOf("\r\n"u8)) != 0)
                {
                    if (trailerEnd > 0)
                    {
                        c.Start += trailerEnd + 2;
                    }
                    else if (c.Filled - c.Start > HeadLimit || !c.Receive())
                    {
                        return null;
                    }
                }

                c.Start += 2;
                return body.WrittenSpan.ToArray();
            }

            while (c.Filled - c.Start < lineEnd + 2 + size + 2)
            {
                if (!c.Receive())
                {
                    return null;
                }
            }

            var chunk = c.Data.Slice(lineEnd + 2, size + 2);
            if (!chunk[size..].SequenceEqual("\r\n"u8))
            {
                return null;
            }

            body.Write(chunk[..size]);
            c.Start += lineEnd + 2 + size + 2;
        }
    }

    // Waits until the client closes the connection (or HangLimit passes), reading and dropping whatever it sends.
    private static void Hang(Connection c)
    {
        // The plain receive, which honours the timeout.
        c.Stamped = false;
        c.Socket.ReceiveTimeout = (int)HangLimit.TotalMilliseconds;
        while (c.Receive())
        {
            c.Start = c.Filled;
        }
    }

    private static void Write(Connection c, MockResponse response, bool keepAlive)
    {
        var head = new StringBuilder(160);
        head.Append("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(response.Status)).Append("\r\n");
        if (response.ContentType is { } type)
        {
            head.Append("Content-Type: ").Append(type).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(response.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var (name, value) in response.Headers ?? [])
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (!keepAlive)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        // Latin-1: one byte per character.
        var text = head.ToString();
        var bytes = new byte[text.Length + response.Body.Length];
        Encoding.Latin1.GetBytes(text, bytes);
        response.Body.Span.CopyTo(bytes.AsSpan(text.Length));
        c.Send(bytes);
    }

    private static MockResponse Error(int status, string message) => ChatHandler.Error(status, status == 500 ? "server_error" : "invalid_request_error", message);

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        _ => "Unknown",
    };

    // A request read, or the status and reason it could not be; KeepAlive says whether the connection may serve another.
    private sealed record Parsed(MockRequest Request, bool KeepAlive, int? Status, string? Problem)
    {
        public static Parsed Fail(int status, string problem) => new(default, false, status, problem);
    }

    // One connection's socket and receive buffer: bytes [Start, Filled) are received and not yet consumed.
    private sealed class Connection(Socket socket) : IDisposable
    {
        public Socket Socket { get; } = socket;

        // Whether receives read the kernel's arrival stamp.
        public bool Stamped { get; set; } = ArrivalClock.Enable(socket);

        // When the bytes of the last receive reached the machine, a Stopwatch timestamp.
        public long LastArrival { get; private set; } = Stopwatch.GetTimestamp();

        public byte[] Buffer { get; private set; } = ArrayPool<byte>.Shared.Rent(4096);

        public int Start { get; set; }

        public int Filled { get; private set; }

        public ReadOnlySpan<byte> Data => Buffer.AsSpan(Start, Filled - Start);

        // Receives more bytes after those held; false when the client has closed its side.
        public bool Receive()
        {
            if (Start > 0)
            {
                Buffer.AsSpan(Start, Filled - Start).CopyTo(Buffer);
                Filled -= Start;
                Start = 0;
            }

            if (Filled == Buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Buffer.Length * 2, BodyLimit + HeadLimit));
                Buffer.AsSpan(0, Filled).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(Buffer);
                Buffer = larger;
            }

            var received = ArrivalClock.Receive(Socket, Buffer.AsSpan(Filled), Stamped, out var arrived);
            LastArrival = arrived;
            Filled += received;
            return received > 0;
        }

        public void Send(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                bytes = bytes[Socket.Send(bytes, SocketFlags.None)..];
            }
        }

        public void Dispose()
        {
            Socket.Dispose();
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
