using Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.LocalHost;

/// <summary>
/// Relays a connection both sides switched to another protocol (a WebSocket): Kestrel answers the client 101 with
/// the upstream's handshake headers, then bytes are copied both ways as they arrive, frames untouched, until either
/// side closes. A WebSocket's closing handshake travels in-band, so by the time the upstream closes its end, the
/// client has the close frame; then both connections are closed.
/// </summary>
internal static class UpgradeRelay
{
    /// <summary>The client's request asks to switch to a protocol the gateway relays; null for any other request.</summary>
    public static string? RequestedProtocol(HttpContext http) =>
        http.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } &&
        string.Equals(http.Request.Headers.Upgrade.ToString(), "websocket", StringComparison.OrdinalIgnoreCase)
            ? "websocket"
            : null;

    public static async Task RelayAsync(HttpContext http, UpgradedConnection upgraded)
    {
        await using (upgraded.ConfigureAwait(false))
        {
            http.Response.Headers.Upgrade = upgraded.Protocol;
            await using var client = await http.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync().ConfigureAwait(false);
            await using var upstream = await upgraded.OpenAsync(http.RequestAborted).ConfigureAwait(false);
            using var session = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            var toUpstream = CopyAsync(client, upstream, session.Token);
            var toClient = CopyAsync(upstream, client, session.Token);
            await Task.WhenAny(toUpstream, toClient).ConfigureAwait(false);
            // One side closed: the session is over for the other too.
            await session.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(toUpstream, toClient).ConfigureAwait(false);
        }
    }

    /// <summary>Copies until the source ends or the session does; a side that breaks off ends it the same way.</summary>
    private static async Task CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
