using System.Diagnostics;
using Gateway.Canonicalization;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Health;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Observability;
using Gateway.Observability.Tracing;
using Gateway.Policies;
using Gateway.Routing;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>
/// The gateway as hosts see it: one request in, one response out. It guards the request, routes it, runs the
/// route's pipeline, and makes sure whatever happens the client gets a JSON answer with its request id.
/// </summary>
public sealed partial class GatewayHandler
{
    private const int MaxRequestIdLength = 128;

    // How much of a body no policy reads is read before the route runs: a body that ends within it (most API calls)
    // is buffered — retryable, and refused whole when malformed — and a longer one streams, a little ahead of the client.
    private const int StreamingReadAhead = 64 * 1024;

    private readonly EdgeCanonicalizer _edge;
    private readonly RouteTable _routes;
    private readonly RequestDelegate[] _pipelines;
    private readonly IMethodStandInFactory[][] _standIns;
    private readonly IMethodStandInFactory[] _anyStandIn;
    private readonly bool[] _readsRequestBody;
    private readonly IReadOnlyList<IRequestObserver> _observers;
    private readonly ILogger _logger;

    internal GatewayHandler(GatewayConfig config, RouteTable routes, RequestDelegate[] pipelines, GatewayServices services, IReadOnlyList<IStateReporter> stateReporters, HealthRegistry health)
    {
        Config = config;
        Health = health;
        StateReporters = stateReporters;
        _edge = new EdgeCanonicalizer(config.Settings);
        _routes = routes;
        _pipelines = pipelines;
        _standIns = config.Routes.Select(r => r.Policies.Select(p => p.Factory).OfType<IMethodStandInFactory>().Distinct().ToArray()).ToArray();
        _anyStandIn = _standIns.SelectMany(s => s).Distinct().ToArray();
        _readsRequestBody = config.Routes.Select(r => (r.BodyNeeds & Policies.BodyNeeds.Request) != 0).ToArray();
        _observers = services.Observers;
        _logger = services.LoggerFactory.CreateLogger<GatewayHandler>();
    }

    public GatewayConfig Config { get; }

    /// <summary>The instances' health as the active checks see it; a long-lived host runs the checks (<see cref="HealthChecker"/>).</summary>
    public HealthRegistry Health { get; }

    /// <summary>The live state this gateway's parts report (breakers, limiters), for diagnostics.</summary>
    public IReadOnlyList<IStateReporter> StateReporters { get; }

    /// <param name="cancellationToken">The client went away.</param>
    /// <param name="deadline">The host's hard bound: upstream calls still running then end in a 504.</param>
    public async ValueTask<GatewayResponse> HandleAsync(GatewayRequest request, EdgeContext edge, CancellationToken cancellationToken = default, CancellationToken deadline = default)
    {
        var context = new GatewayContext(request, ChooseRequestId(request, edge), edge, cancellationToken, deadline);
        GatewayResponse response;
        try
        {
            response = await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A bug, not an upstream's or a client's fault. The client learns nothing of it but the request id.
            LogUnhandled(_logger, exception, context.RequestId);
            response = GatewayErrors.Create(context, 500, ErrorCodes.InternalError, "the gateway failed to handle the request");
        }

        if (context.PendingResponseHeaders is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                response.Headers.Set(name, value);
            }
        }
        response.Headers.Set(HeaderNames.RequestId, context.RequestId);

        var elapsed = Stopwatch.GetElapsedTime(context.StartTimestamp);
        // By index: a foreach over the IReadOnlyList would allocate an enumerator per request.
        for (var i = 0; i < _observers.Count; i++)
        {
            _observers[i].OnCompleted(context, response, elapsed);
        }
        return response;
    }

    private ValueTask<GatewayResponse> DispatchAsync(GatewayContext context)
    {
        var request = context.Request;
        // Limits apply to the request as the client sent it, before the gateway removes or adds headers, and in the
        // order HTTP servers read a request: the request line, the headers, the body.
        if (!RequestLimits.TargetFits(request))
        {
            return Answer(GatewayErrors.Create(context, 414, ErrorCodes.UriTooLong,
                $"the path and query are longer than {RequestLimits.MaxTargetLength} characters"));
        }
        if (!RequestLimits.HeadersFit(request.Headers))
        {
            return Answer(GatewayErrors.Create(context, 431, ErrorCodes.HeadersTooLarge,
                $"the request has more than {RequestLimits.MaxHeaderCount} headers or more than {RequestLimits.MaxHeaderBytes} bytes of them"));
        }
        if (_edge.Canonicalize(request, out var canonical) is { } refusal)
        {
            return Answer(GatewayErrors.Create(context, refusal.Status, refusal.Code, refusal.Message));
        }
        TraceParent.Ensure(request.Headers);

        var path = canonical.RoutingValue;
        var match = _routes.Match(request.Method, path, request.Host, request.Headers, request.RawQuery);
        if (match.Outcome != RouteMatchOutcome.Matched)
        {
            match = StandInMatch(request, path) ?? match;
        }
        switch (match.Outcome)
        {
            case RouteMatchOutcome.NotFound:
                return Answer(GatewayErrors.Create(context, 404, ErrorCodes.RouteNotFound, $"no route for {request.Method} {path}"));
            case RouteMatchOutcome.MethodNotAllowed:
                var notAllowed = GatewayErrors.Create(context, 405, ErrorCodes.MethodNotAllowed, $"{request.Method} is not allowed on {path}");
                notAllowed.Headers.Set(HeaderNames.Allow, match.Allow!);
                return Answer(notAllowed);
        }

        var route = match.Route!;
        if (canonical.HasMatrixParams && !route.MatrixParams)
        {
            // Servlet containers cut ";parameters" before they route; a route opts in to receive them.
            return Answer(GatewayErrors.Create(context, 400, ErrorCodes.InvalidPath,
                "the path has ';' parameters in a segment, which this route does not accept"));
        }
        context.Route = route;
        context.RouteValues = match.Values;
        context.OriginalPath = route.Path.SpellLiterals(canonical.Value);
        request.Path = StripPrefix(context.OriginalPath, route.StripPrefix);
        return request.StreamedBody is null ? _pipelines[route.Index](context) : ReadBodyThenRunAsync(context, route);
    }

    /// <summary>
    /// A host that streams left the body unread: read it whole for a route whose policies need it, else only the
    /// first <see cref="StreamingReadAhead"/> bytes (see <see cref="StreamedRequestBody"/>).
    /// </summary>
    private async ValueTask<GatewayResponse> ReadBodyThenRunAsync(GatewayContext context, RouteConfig route)
    {
        var request = context.Request;
        var limit = Config.Settings.MaxRequestBodyBytes;
        BodyRead read;
        try
        {
            read = await request.StreamedBody!.ReadAsync(_readsRequestBody[route.Index] ? limit : StreamingReadAhead, limit, context.Aborted).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            return RequestBodyException.Malformed(exception).ToResponse(context);
        }
        switch (read.Outcome)
        {
            case BodyReadOutcome.TooLarge:
                return RequestBodyException.TooLarge(limit).ToResponse(context);
            case BodyReadOutcome.Whole:
                request.Body = read.Bytes;
                request.StreamedBody = null;
                break;
        }
        return await _pipelines[route.Index](context).ConfigureAwait(false);
    }

    /// <summary>
    /// A request that asks on another method's behalf (a CORS preflight) goes to the route serving that method, when
    /// that route has the policy that answers such requests, even if it does not list the request's own method.
    /// </summary>
    private RouteMatch? StandInMatch(GatewayRequest request, string path)
    {
        foreach (var standIn in _anyStandIn)
        {
            if (standIn.MethodAskedAbout(request) is not { } method)
            {
                continue;
            }
            var asked = _routes.Match(method, path, request.Host, request.Headers, request.RawQuery);
            if (asked.Outcome == RouteMatchOutcome.Matched && _standIns[asked.Route!.Index].Contains(standIn))
            {
                return asked;
            }
        }
        return null;
    }

    private static string StripPrefix(string path, string? prefix)
    {
        if (prefix is null || !path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return path;
        }
        var rest = path[prefix.Length..];
        return rest.Length == 0 ? "/" : rest[0] == '/' ? rest : path;
    }

    /// <summary>Keeps a well-formed client request id, else the edge's, else a new one.</summary>
    private static string ChooseRequestId(GatewayRequest request, EdgeContext edge)
    {
        var sent = request.Headers.Get(HeaderNames.RequestId);
        if (sent is { Length: > 0 and <= MaxRequestIdLength } && IsSafeRequestId(sent))
        {
            return sent;
        }
        return edge.RequestId is { Length: > 0 and <= MaxRequestIdLength } edgeId && IsSafeRequestId(edgeId)
            ? edgeId
            : CorrelationIds.New128();
    }

    private static bool IsSafeRequestId(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':' or '=' or '+' or '/'))
            {
                return false;
            }
        }
        return true;
    }

    private static ValueTask<GatewayResponse> Answer(GatewayResponse response) => ValueTask.FromResult(response);

    // Critical: a bug, the one kind of failure whose log line carries a stack trace.
    [LoggerMessage(Level = LogLevel.Critical, Message = "Unhandled failure while handling request {CorrelationId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string correlationId);
}
