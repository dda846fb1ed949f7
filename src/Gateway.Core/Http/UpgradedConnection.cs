namespace Gateway.Http;

/// <summary>
/// An upstream that answered 101 Switching Protocols (a WebSocket handshake): from here on the connection carries the
/// new protocol's bytes both ways, which the host relays between the client and <see cref="OpenAsync"/>'s stream until
/// either side closes. It owns the upstream's response (its connection) until disposed.
/// </summary>
public sealed class UpgradedConnection(HttpResponseMessage upstream, string protocol) : IAsyncDisposable
{
    /// <summary>The protocol both sides switched to, as the Upgrade header names it (<c>websocket</c>).</summary>
    public string Protocol => protocol;

    /// <summary>The upstream connection after the handshake: readable and writable (the handler gives a 101 a duplex stream).</summary>
    public Task<Stream> OpenAsync(CancellationToken cancellationToken) => upstream.Content.ReadAsStreamAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        upstream.Dispose();
        return ValueTask.CompletedTask;
    }
}
