using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ReleaseGate.MockModel;
using Xunit;

namespace ReleaseGate.Runner.Tests.Execution;

/// <summary>
/// The mock model's receive: the arrival it reports is when the bytes reached the machine, not when they were read, so
/// that a mock model kept from a core for a while still answers its latency after the request arrived.
/// </summary>
public sealed class ArrivalClockTests
{
    private static double MillisecondsSince(long timestamp) => (Stopwatch.GetTimestamp() - timestamp) * 1000.0 / Stopwatch.Frequency;

    [Fact]
    public void Bytes_read_late_are_dated_when_they_arrived_and_a_close_reads_as_zero()
    {
        // A kernel busy with other processes may take the loopback packet in only when it is read, and date it then: the
        // arrival must show as early at least once in a few tries, never as later than the read.
        var ages = new List<double>();
        for (var attempt = 0; attempt < 3 && (ages.Count == 0 || ages[^1] < 150); attempt++)
        {
            var (client, server) = Pair();
            using (client)
            using (server)
            {
                var stamped = ArrivalClock.Enable(server);
                Assert.Equal(ArrivalClock.Supported, stamped);
                client.Send("hello"u8);
                Thread.Sleep(200);

                var buffer = new byte[64];
                var read = ArrivalClock.Receive(server, buffer, stamped, out var arrived);
                var age = MillisecondsSince(arrived);

                Assert.Equal("hello"u8.ToArray(), buffer[..read]);
                if (!stamped)
                {
                    Assert.InRange(age, 0, 150);
                    ages.Add(double.MaxValue);
                }
                else
                {
                    Assert.InRange(age, 0, 10_000);
                    ages.Add(age);
                }

                client.Shutdown(SocketShutdown.Send);
                Assert.Equal(0, ArrivalClock.Receive(server, buffer, stamped, out _));
            }
        }

        // Sent 200 ms before the read: the arrival is dated then, within a generous margin for a busy machine.
        Assert.True(ages[^1] >= 150, $"the arrival was dated at the read in every try: {string.Join(", ", ages)} ms before it");
    }

    [Fact]
    public void Without_the_stamp_the_arrival_is_the_read()
    {
        var (client, server) = Pair();
        using (client)
        using (server)
        {
            client.Send("x"u8);
            Thread.Sleep(100);
            var buffer = new byte[8];
            Assert.Equal(1, ArrivalClock.Receive(server, buffer, stamped: false, out var arrived));
            Assert.InRange(MillisecondsSince(arrived), 0, 80);
        }
    }

    [Fact]
    public void A_server_socket_disposed_while_a_stamped_read_waits_ends_the_read()
    {
        var (client, server) = Pair();
        using (client)
        {
            var stamped = ArrivalClock.Enable(server);
            Exception? failure = null;
            var result = -1;
            var reader = new Thread(() =>
            {
                try
                {
                    result = ArrivalClock.Receive(server, new byte[8], stamped, out _);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            });
            reader.Start();
            Thread.Sleep(100);
            server.Dispose();

            Assert.True(reader.Join(TimeSpan.FromSeconds(5)), "the read did not end when its socket was disposed");
            Assert.True(result == 0 || failure is SocketException or ObjectDisposedException, $"read {result}, threw {failure}");
        }
    }

    private static (Socket Client, Socket Server) Pair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        return (client, listener.Accept());
    }
}
