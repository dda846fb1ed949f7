using System.Diagnostics;
using System.Net.Sockets;
using System.Net.Http.Headers;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Forwarding;

/// <summary>
/// Sends one request to one upstream instance over the shared client and reads the whole answer, within the read
/// timeout; or, when <paramref name="streamsResponses"/> and the route and service allow it, hands the body on unread
/// (see <see cref="StreamedBody"/>). Never throws for an upstream's failure: it reports it as an <see cref="UpstreamOutcome"/>.
/// </summary>
public sealed class HttpForwarder(HttpClient client, GatewaySettings settings, bool streamsResponses) : IUpstreamForwarder
{
    // A client of the caller's own (a test's stub handler) is sent through as it is.
    private readonly HttpMessageInvoker _send = client is UpstreamHttpClient own ? own.Forwarding : client;

    public ValueTask<UpstreamResult> ForwardAsync(GatewayContext context, UpstreamInstance instance, ServiceConfig service, UpstreamTimeouts timeouts, CancellationToken cancellation)
    {
        // What can stream can also switch protocols: both need a route whose policies never see a body.
        var streams = streamsResponses && MayStream(context);
        return ExchangeAsync(context, ProxyRequestFactory.Create(context, instance, service, settings, upgrade: streams), timeouts, PlainResponse.Instance, cancellation,
            streams ? service.Retry.RetryOnStatus : null);
    }

    /// <summary>A part of a composed route has no route of its own: the composition merges its body, so it is read whole.</summary>
    private static bool MayStream(GatewayContext context) =>
        context.Route is { } route && (route.BodyNeeds & Policies.BodyNeeds.Response) == 0;

    /// <summary>
    /// Sends <paramref name="message"/> (and disposes it), reads the whole answer within the read timeout and lets
    /// <paramref name="reader"/> turn it into the gateway's response; failures become outcomes.
    /// </summary>
    /// <param name="streamUnless">
    /// Null: read the body whole. Otherwise the body streams, unless the status is one of these: an answer that may be
    /// retried is read whole, so that a retry does not leave its predecessor's connection unread.
    /// </param>
    internal async ValueTask<UpstreamResult> ExchangeAsync(GatewayContext context, HttpRequestMessage message, UpstreamTimeouts timeouts, IUpstreamResponseReader reader, CancellationToken cancellation,
        IReadOnlyCollection<int>? streamUnless = null)
    {
        var started = Stopwatch.GetTimestamp();
        using var _ = message;
        if (timeouts.Connect != UpstreamHttpClient.DefaultConnectTimeout)
        {
            // Options allocate a dictionary per request: only pay for it when the service differs from the default.
            message.Options.Set(UpstreamHttpClient.ConnectTimeout, timeouts.Connect);
        }

        using var timeout = cancellation.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellation)
            : new CancellationTokenSource();
        timeout.CancelAfter(timeouts.Read);
        try
        {
            // An invoker answers once the headers are in, as HttpClient does with ResponseHeadersRead.
            var received = await _send.SendAsync(message, timeout.Token).ConfigureAwait(false);
            var status = (int)received.StatusCode;
            if (status == 101)
            {
                return SwitchedProtocols(context, received, started, asked: streamUnless is not null);
            }
            var bodiless = BodilessAnswer.Applies(context.Request.Method, status);
            if (!bodiless && streamUnless is not null && !streamUnless.Contains(status))
            {
                // The read timeout bounds the wait for the headers only: a stream of events may rightly last longer.
                var streamed = PlainResponse.Instance.Read(context, received, ReadOnlyMemory<byte>.Empty)!;
                streamed.Streamed = new StreamedBody(received);
                return new UpstreamResult(UpstreamOutcome.Responded, streamed, Stopwatch.GetElapsedTime(started), null);
            }
            using var upstream = received;
            // A bodiless answer's Content-Length describes the representation, not bytes to read (RFC 9110 §8.6).
            var body = bodiless ? ReadOnlyMemory<byte>.Empty : await ReadBodyAsync(upstream.Content, settings.MaxResponseBodyBytes, timeout.Token).ConfigureAwait(false);
            if (body is null)
            {
                return Failed(UpstreamOutcome.ResponseTooLarge, started, $"the response is larger than {settings.MaxResponseBodyBytes} bytes");
            }
            if (reader.Read(context, upstream, body.Value) is not { } response)
            {
                return Failed(UpstreamOutcome.InvalidResponse, started, "the upstream's answer is not valid for its protocol");
            }
            if (bodiless)
            {
                BodilessAnswer.KeepDeclaredLength(upstream.Content.Headers, status, response.Headers);
            }
            return new UpstreamResult(UpstreamOutcome.Responded, response, Stopwatch.GetElapsedTime(started), null);
        }
        catch (Exception exception) when (context.Aborted.IsCancellationRequested && IsTransportFailure(exception))
        {
            // However the handler reports it (a cancellation, or the socket it disposed failing), the client left first.
            return Failed(UpstreamOutcome.Canceled, started, "the client went away");
        }
        catch (Exception exception) when (FindInChain<RequestBodyException>(exception) is { } refused)
        {
            return Failed(UpstreamOutcome.RequestBodyRefused, started, refused.Message);
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            // The answer's headers are larger than the handler takes: the gateway's own limit, like a body too large.
            return Failed(UpstreamOutcome.ResponseTooLarge, started, exception.Message);
        }
        catch (OperationCanceledException)
        {
            // The read timeout, or the deadline across attempts.
            return Failed(UpstreamOutcome.TimedOut, started, $"no complete response within {timeouts.Read.TotalMilliseconds} ms");
        }
        catch (HttpRequestException exception) when (exception.InnerException is TimeoutException)
        {
            return Failed(UpstreamOutcome.TimedOut, started, exception.InnerException.Message);
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            return Failed(UpstreamOutcome.ConnectFailed, started, exception.Message);
        }
        catch (SocketException exception)
        {
            // A connection reset between connect and first use surfaces unwrapped from the handler
            // ("Transport endpoint is not connected" when it asks the socket for its peer): the connection is unusable.
            return Failed(UpstreamOutcome.ConnectFailed, started, exception.Message);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidOperationException or EndOfStreamException)
        {
            // Garbage instead of HTTP, a connection closed mid-answer, a length that lies.
            return Failed(UpstreamOutcome.InvalidResponse, started, exception.Message);
        }
    }

    /// <summary>A 101 is an answer only to an upgrade the gateway asked for; then the host relays the connection.</summary>
    private static UpstreamResult SwitchedProtocols(GatewayContext context, HttpResponseMessage received, long started, bool asked)
    {
        if (!asked || context.Request.Upgrade is not { } protocol)
        {
            received.Dispose();
            return Failed(UpstreamOutcome.InvalidResponse, started, "the upstream switched protocols without being asked to");
        }
        var switched = PlainResponse.Instance.Read(context, received, ReadOnlyMemory<byte>.Empty)!;
        switched.Upgraded = new UpgradedConnection(received, protocol);
        return new UpstreamResult(UpstreamOutcome.Responded, switched, Stopwatch.GetElapsedTime(started), null);
    }

    private static T? FindInChain<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }
        return null;
    }

    private static bool IsTransportFailure(Exception exception) =>
        exception is OperationCanceledException or HttpRequestException or IOException or SocketException or ObjectDisposedException;

    private static UpstreamResult Failed(UpstreamOutcome outcome, long started, string detail) =>
        new(outcome, null, Stopwatch.GetElapsedTime(started), detail);

    /// <summary>An HTTP answer passes through as it is, less its hop-by-hop headers.</summary>
    private sealed class PlainResponse : IUpstreamResponseReader
    {
        public static PlainResponse Instance { get; } = new();

        public GatewayResponse? Read(GatewayContext context, HttpResponseMessage upstream, ReadOnlyMemory<byte> body)
        {
            var response = new GatewayResponse((int)upstream.StatusCode) { Body = body };
            CopyHeaders(upstream.Headers, response.Headers);
            CopyHeaders(upstream.Content.Headers, response.Headers);
            return response;
        }
    }

    private static void CopyHeaders(HttpHeaders source, HeaderCollection target)
    {
        var connection = source.NonValidated.TryGetValues(HeaderNames.Connection, out var values) ? values.ToString() : null;
        foreach (var (name, headerValues) in source.NonValidated)
        {
            if (HopByHopHeaders.IsHopByHop(name, connection) || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in headerValues)
            {
                target.Add(name, value);
            }
        }
    }

    /// <summary>Reads the body whole, or returns null as soon as it exceeds <paramref name="limit"/>.</summary>
    private static async ValueTask<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > limit)
        {
            return null;
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (declared is { } length)
        {
            var exact = new byte[length];
            await stream.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }
        var (bytes, ended) = await BoundedRead.ReadAsync(stream, limit, null, cancellationToken).ConfigureAwait(false);
        // Typed: a null byte[] would convert to an empty body, not to "too large".
        return ended ? bytes : (ReadOnlyMemory<byte>?)null;
    }
}
