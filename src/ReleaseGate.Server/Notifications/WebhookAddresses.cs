using System.Net;
using System.Net.Sockets;

namespace ReleaseGate.Server.Notifications;

/// <summary>
/// Where the webhook sender may connect. Link-local addresses (where cloud machines answer their metadata and credentials,
/// 169.254.169.254 and fe80::/10), unspecified, broadcast and multicast addresses are refused at connect time, after name
/// resolution, so a subscription's host name cannot be pointed at them later. Loopback and private networks stay allowed: a
/// self-hosted ReleaseGate notifies services on its own network.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Whether the sender may connect to <paramref name="address"/>.</summary>
    public static bool Allowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)
            || address.IsIPv6LinkLocal || address.IsIPv6Multicast)
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 169 && b[1] == 254) && b[0] is < 224 or > 239 && b[0] != 0;
        }

        return true;
    }

    /// <summary>
    /// Connects as the default handler would, to the first resolved address that <see cref="Allowed"/> lets through; none
    /// refuses the attempt with an error naming why, which the delivery records.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(Allowed).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"webhook host '{context.DnsEndPoint.Host}' resolves only to addresses the sender refuses (link-local, unspecified, broadcast or multicast)");
        }

        // Each allowed address in turn, as the default handler tries each resolved one.
        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
