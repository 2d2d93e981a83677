using System.Buffers;
using System.Security.Cryptography;
using ReleaseGate.Core.Formats;

namespace ReleaseGate.Server.Api;

/// <summary>
/// A results upload on its way to the store: written to a temporary file that no one else can open and that vanishes
/// with the process (unlinked as soon as it is created on Unix; delete-on-close, kept by the system, on Windows), hashed
/// and checked (<see cref="EvidenceScanner"/>) as it arrives, then read back line by line.
/// </summary>
internal sealed class EvidenceSpool : IAsyncDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly FileStream _file;

    private EvidenceSpool(FileStream file, EvidenceScanner scanner)
    {
        _file = file;
        Scanner = scanner;
    }

    /// <summary>The server's own folder for temporary evidence files.</summary>
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "releasegate");

    /// <summary>The checks made while receiving.</summary>
    public EvidenceScanner Scanner { get; }

    /// <summary>The SHA-256 digest of the upload as received (<c>sha256:…</c>).</summary>
    public string Digest { get; private set; } = "";

    /// <summary>
    /// Receives <paramref name="body"/>; stops at the first line that is too long (see <see cref="Scanner"/>), leaving the
    /// rest of the body unread.
    /// </summary>
    public static async Task<EvidenceSpool> ReceiveAsync(Stream body, long maxLineBytes, CancellationToken cancellationToken)
    {
        var file = Create();
        var spool = new EvidenceSpool(file, new EvidenceScanner(maxLineBytes));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    if (!spool.Scanner.Append(buffer.AsSpan(0, read)))
                    {
                        return spool;
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await file.FlushAsync(cancellationToken);
            spool.Digest = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    /// <summary>The received bytes from the start, for a reader that must not close the file.</summary>
    public Stream Content()
    {
        _file.Position = 0;
        return new NonClosing(_file);
    }

    /// <summary>
    /// The received lines from the start, each with its 1-based number, as UTF-8 bytes without the line end (valid until the
    /// next line is asked for); a byte-order mark before the first line is dropped.
    /// </summary>
    /// <remarks>
    /// Split by Core's <see cref="JsonLines"/>, as the results reader splits them; every line is within the line limit, which
    /// the upload was checked against while it arrived.
    /// </remarks>
    public IEnumerable<(long Number, ReadOnlyMemory<byte> Utf8)> Lines()
    {
        _file.Position = 0;
        var lines = new JsonLines(new NonClosing(_file), "upload");
        while (lines.Next(out var line, out var tooLong))
        {
            if (tooLong is not null)
            {
                throw new InvalidOperationException($"line {lines.LineNumber} of a checked upload is over the line limit");
            }

            yield return (lines.LineNumber, lines.LineNumber == 1 && line.Span.StartsWith("\uFEFF"u8) ? line[3..] : line);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _file.DisposeAsync();

    private static FileStream Create()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var path = Path.Combine(Folder, $"evidence-{Guid.NewGuid():N}.jsonl");
        if (OperatingSystem.IsWindows())
        {
            // The system deletes the file when its last handle closes, a crash included.
            return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        }

        var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = BufferSize,
            Options = FileOptions.Asynchronous,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });

        // Unlinked at once: the open handle keeps the data, and nothing is left on disk if the process dies.
        File.Delete(path);
        return file;
    }

    /// <summary>The spool's file for a reader that would dispose it.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
