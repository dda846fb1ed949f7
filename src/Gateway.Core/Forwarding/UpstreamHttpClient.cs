using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Forwarding;

/// <summary>
/// The one client the gateway forwards with: pooled connections that are recycled, so DNS changes are seen, and a
/// connect timeout that each request chooses, so services can differ while sharing one pool. Forwarding sends through
/// <see cref="Forwarding"/>, the bare invoker over the same pool: HttpClient's own layer (its timeout, and a linked
/// cancellation source with two registrations for every request whose token can be canceled) is nothing the
/// forwarder uses, and cost about 500 bytes and an extra asynchronous step per request.
/// </summary>
public sealed class UpstreamHttpClient : HttpClient
{
    private UpstreamHttpClient(SocketsHttpHandler handler) : base(handler, disposeHandler: true)
    {
        // Timeouts are per route and applied by the forwarder; the client must never impose its own.
        Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        Forwarding = new HttpMessageInvoker(handler, disposeHandler: false);
    }

    /// <summary>The same connection pool without HttpClient's layer: what the forwarder sends with.</summary>
    public HttpMessageInvoker Forwarding { get; }

    /// <summary>The connect timeout for the request that opens a connection.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> ConnectTimeout = new("Gateway.ConnectTimeout");

    /// <summary>The connect timeout of requests that do not choose one: the configuration's default.</summary>
    public static TimeSpan DefaultConnectTimeout => Configuration.UpstreamTimeouts.Default.Connect;

    public static UpstreamHttpClient Create() => new(CreateHandler());

    public static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        // Trace headers are the gateway's own business (it propagates the client's), not the handler's.
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        // Header values arrive as UTF-8 (Kestrel decodes them so, API Gateway passes them so) and leave the same way;
        // the default (ASCII only) throws on the first 'é', which would read as the upstream's failure.
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        ConnectCallback = ConnectAsync,
        // Above TLS, where an answer's first byte is seen: the handler must never resend a request on its own.
        PlaintextStreamFilter = static (context, _) => ValueTask.FromResult<Stream>(new NoSilentReplayStream(context.PlaintextStream)),
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var timeout = context.InitialRequestMessage.Options.TryGetValue(ConnectTimeout, out var chosen) ? chosen : DefaultConnectTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, timeoutSource.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connecting to {context.DnsEndPoint.Host}:{context.DnsEndPoint.Port} took longer than {timeout.TotalMilliseconds} ms");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
