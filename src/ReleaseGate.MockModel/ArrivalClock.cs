using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ReleaseGate.MockModel;

/// <summary>
/// Receives from a blocking TCP socket and tells when the data reached the machine: on Linux the kernel's receive
/// timestamp of the packet (<c>SO_TIMESTAMPNS</c>), elsewhere the moment the read returned.
/// </summary>
/// <remarks>
/// The mock model shares the machine with the client it serves. When the cores are busy, the thread that reads a
/// request may run a few hundred microseconds after the request arrived; timing the latency from that read would add
/// the delay to every answer, charging the client for the mock model's own wait for a core. Measured from the packet's
/// arrival, an answer is due <c>latency</c> after the request reached the machine, as with an endpoint elsewhere.
/// </remarks>
internal static unsafe partial class ArrivalClock
{
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35; // SO_TIMESTAMPNS_OLD: a struct timespec of two longs on 64-bit Linux
    private const int Eintr = 4;
    private const int Eagain = 11;

    // A receive timestamp older than this is taken for a clock that moved, not a slow read.
    private static readonly long MaxAge = Stopwatch.Frequency;

    /// <summary>Whether receive timestamps are read (64-bit Linux).</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Asks the kernel to stamp what <paramref name="socket"/> receives; false where that is not available.</summary>
    public static bool Enable(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!Supported)
        {
            return false;
        }

        try
        {
            socket.SetRawSocketOption(SolSocket, SoTimestampNs, BitConverter.GetBytes(1));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Receives into <paramref name="buffer"/> (blocking). <paramref name="arrived"/> is when the data reached the
    /// machine (a <see cref="Stopwatch"/> timestamp): the kernel's stamp when <paramref name="stamped"/>, else now.
    /// </summary>
    /// <returns>The bytes received; 0 when the peer closed its side.</returns>
    /// <exception cref="SocketException">The receive failed.</exception>
    public static int Receive(Socket socket, Span<byte> buffer, bool stamped, out long arrived)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!stamped)
        {
            var n = socket.Receive(buffer, SocketFlags.None);
            arrived = Stopwatch.GetTimestamp();
            return n;
        }

        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            // Held so that a socket disposed meanwhile keeps its descriptor until this read returns (a shutdown wakes it).
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            var control = stackalloc long[8];
            fixed (byte* data = buffer)
            {
                while (true)
                {
                    var io = new IoVector { Base = data, Length = (nuint)buffer.Length };
                    var message = new MessageHeader { Vectors = &io, VectorCount = 1, Control = control, ControlLength = 8 * sizeof(long) };
                    var n = NativeMethods.recvmsg(fd, &message, 0);
                    if (n >= 0)
                    {
                        var now = Stopwatch.GetTimestamp();
                        arrived = Stamp(&message, now) ?? now;
                        return (int)n;
                    }

                    var errno = Marshal.GetLastSystemError();
                    if (errno == Eintr)
                    {
                        continue;
                    }

                    if (errno == Eagain)
                    {
                        // The descriptor is non-blocking after all: wait for data, then read again.
                        socket.Poll(-1, SelectMode.SelectRead);
                        continue;
                    }

                    throw new SocketException(errno);
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // The arrival of the data as a Stopwatch timestamp, from the SCM_TIMESTAMPNS control message (wall clock), if any.
    private static long? Stamp(MessageHeader* message, long now)
    {
        if (message->ControlLength < 32)
        {
            return null;
        }

        var header = (long*)message->Control;
        var level = ((int*)header)[2];
        var type = ((int*)header)[3];
        if (header[0] < 32 || level != SolSocket || type != SoTimestampNs)
        {
            return null;
        }

        var seconds = header[2];
        var nanoseconds = header[3];
        var stamp = DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100);
        var ageTicks = DateTime.UtcNow.Ticks - stamp;
        var age = (long)(ageTicks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
        return age >= 0 && age < MaxAge ? now - age : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
        public static partial nint recvmsg(int socket, MessageHeader* message, int flags);
    }
}
