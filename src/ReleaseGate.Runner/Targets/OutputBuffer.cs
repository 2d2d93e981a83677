using System.Text;

namespace ReleaseGate.Runner.Targets;

/// <summary>
/// Reads a program's output stream to its end in the background, and hands over what it read: at the end of the stream,
/// or, once the program has exited, after a grace period even when something else still holds the stream open.
/// </summary>
/// <threadsafety>One reader task writes; <see cref="CompleteAsync"/> may be called from another thread.</threadsafety>
internal sealed class OutputBuffer
{
    private readonly MemoryStream _read = new();
    private readonly Task _reading;

    public OutputBuffer(Stream stream) => _reading = Task.Run(() => ReadAsync(stream));

    /// <summary>The text read, as UTF-8: all of it when the stream ends within <paramref name="grace"/>, else what came by then.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<string> CompleteAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        // Whatever the program wrote before it exited is in the pipe already, and read at once; only a process that outlived it
        // and left its group can keep the stream open, and what it writes later is no part of the answer.
        await _reading.WaitAsync(grace, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_read)
        {
            return Encoding.UTF8.GetString(_read.GetBuffer(), 0, (int)_read.Length);
        }
    }

    private async Task ReadAsync(Stream stream)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_read)
                {
                    _read.Write(buffer, 0, n);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process was disposed, or the pipe broke: what was read is all there is.
        }
    }
}
