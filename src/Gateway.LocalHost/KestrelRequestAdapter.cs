using Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.LocalHost;

/// <summary>Translates between Kestrel's HttpContext and the gateway's request and response.</summary>
internal static class KestrelRequestAdapter
{
    /// <summary>
    /// Reads the request line and headers. The body is left unread (<see cref="StreamedRequestBody"/>): the gateway
    /// reads it whole only for a route whose policies need it, and otherwise streams it to the upstream.
    /// </summary>
    public static GatewayRequest Read(HttpContext http)
    {
        var request = http.Request;
        // The raw target keeps the client's encoding; HttpRequest.Path would have decoded it.
        var target = OriginForm(http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value);
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[(question + 1)..];

        // Room for what the gateway adds before forwarding (trace context, transforms) without growing the list.
        var headers = new HeaderCollection(request.Headers.Count + 8);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(name, value ?? string.Empty);
            }
        }

        return new GatewayRequest
        {
            Method = request.Method,
            Path = path.Length == 0 ? "/" : path,
            RawQuery = query,
            Headers = headers,
            StreamedBody = HasBody(http) ? new StreamedRequestBody(request.Body, request.ContentLength) : null,
            Upgrade = UpgradeRelay.RequestedProtocol(http),
            ClientAddress = http.Connection.RemoteIpAddress,
            Scheme = request.Scheme,
            // The Host header as sent: HostString would turn xn-- labels into Unicode, a reading of its own.
            Host = request.Headers.Host is { Count: > 0 } host ? host.ToString() : null,
        };
    }

    /// <summary>
    /// The path and query of a target in the absolute form ("GET http://host/path", how a client addresses a proxy,
    /// which RFC 9112 obliges servers to accept), still encoded as sent. Other forms are returned as they are.
    /// </summary>
    private static string OriginForm(string target)
    {
        var authority = target.IndexOf("://", StringComparison.Ordinal);
        if (target.StartsWith('/') || authority < 0)
        {
            return target;
        }
        var start = target.IndexOfAny(['/', '?'], authority + 3);
        return start < 0 ? "/" : target[start] == '?' ? "/" + target[start..] : target[start..];
    }

    public static async Task WriteAsync(HttpContext http, GatewayResponse response)
    {
        http.Response.StatusCode = response.StatusCode;
        var headers = http.Response.Headers;
        foreach (var (name, value) in response.Headers)
        {
            // One look-up for the usual first value; Append (a read, then a write) only for a repeated name.
            if (HeaderValue.IsSafe(value) && !name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) && !headers.TryAdd(name, value))
            {
                headers.Append(name, value);
            }
        }
        if (response.Upgraded is { } upgraded)
        {
            await UpgradeRelay.RelayAsync(http, upgraded).ConfigureAwait(false);
            return;
        }
        if (response.Streamed is { } streamed)
        {
            await WriteStreamedAsync(http, streamed).ConfigureAwait(false);
            return;
        }
        // Exactly "HEAD": Kestrel writes a body for "head", which the edge refuses with a JSON answer that must be sent.
        var head = http.Request.Method == "HEAD";
        // A HEAD or 304 answer states the length the GET would have had, if known; any other length is the body's own.
        if (!(head || response.StatusCode == 304))
        {
            http.Response.ContentLength = response.Body.Length;
        }
        else if (BodilessAnswer.DeclaredLength(response) is { } declared)
        {
            http.Response.ContentLength = declared;
        }
        if (!response.Body.IsEmpty && !head)
        {
            await http.Response.Body.WriteAsync(response.Body, http.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Passes the upstream's body on as it arrives. The status and headers are already sent when the upstream fails
    /// mid-body, so the only honest signal left is to abort the connection: the client sees a truncated answer.
    /// </summary>
    private static async Task WriteStreamedAsync(HttpContext http, StreamedBody streamed)
    {
        await using (streamed.ConfigureAwait(false))
        {
            http.Response.ContentLength = streamed.Length;
            try
            {
                await streamed.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
                AppendTrailers(http, streamed);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException)
            {
                http.Abort();
            }
        }
    }

    /// <summary>
    /// Passes the upstream's trailers on where the client's connection can carry them (HTTP/2; Kestrel sends none over
    /// HTTP/1.1). Only what may be a trailer: nothing that frames the message or routes it (RFC 9110 §6.5.1).
    /// </summary>
    private static void AppendTrailers(HttpContext http, StreamedBody streamed)
    {
        if (!http.Response.SupportsTrailers())
        {
            return;
        }
        foreach (var (name, values) in streamed.Trailers)
        {
            if (HopByHopHeaders.Contains(name) || !HttpToken.IsValid(name) || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) ||
                name.Equals(HeaderNames.Host, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                if (HeaderValue.IsSafe(value))
                {
                    http.Response.AppendTrailer(name, value);
                }
            }
        }
    }

    /// <summary>
    /// Whether the request carries a body, as Kestrel framed it: a length over zero or chunked on HTTP/1.1, and on
    /// HTTP/2 a HEADERS frame that did not end the stream (an HTTP/2 body need not state its length).
    /// </summary>
    private static bool HasBody(HttpContext http) =>
        http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody is { } canHaveBody
            ? canHaveBody && http.Request.ContentLength != 0
            : http.Request.ContentLength > 0;
}
