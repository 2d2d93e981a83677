namespace ReleaseGate.MockModel;

/// <summary>A request the mock model received: its method, path (without the query), body and arrival time.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query string.</param>
/// <param name="Body">The whole body (already de-chunked).</param>
/// <param name="Arrived">When its first bytes reached the machine (<see cref="ArrivalClock"/>), a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</param>
internal readonly record struct MockRequest(string Method, string Path, ReadOnlyMemory<byte> Body, long Arrived);

/// <summary>What the mock model sends back, and when.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The body; sent with its <c>Content-Length</c>.</param>
/// <param name="ContentType">The body's media type, if any.</param>
/// <param name="SendAt">Not before this <see cref="System.Diagnostics.Stopwatch"/> timestamp (0: at once).</param>
/// <param name="Headers">Further response headers.</param>
/// <param name="Hang">Send nothing: hold the connection until the client gives up (an injected timeout).</param>
internal readonly record struct MockResponse(
    int Status, ReadOnlyMemory<byte> Body, string? ContentType = null, long SendAt = 0, IReadOnlyList<KeyValuePair<string, string>>? Headers = null, bool Hang = false)
{
    /// <summary>A status with no body.</summary>
    public static MockResponse Empty(int status) => new(status, ReadOnlyMemory<byte>.Empty);
}
