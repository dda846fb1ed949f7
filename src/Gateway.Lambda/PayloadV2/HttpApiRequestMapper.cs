using System.Net;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Lambda.ApiGatewayEvents;
using Gateway.Pipeline;

namespace Gateway.Lambda.PayloadV2;

/// <summary>Translates an HTTP API 2.0 event into the gateway's request, or explains why it cannot.</summary>
internal static class HttpApiRequestMapper
{
    public static bool TryMap(APIGatewayHttpApiV2ProxyRequest proxyEvent, out GatewayRequest? request, out EdgeContext edge, out string? problem)
    {
        request = null;
        edge = default;
        var context = proxyEvent.RequestContext;
        if (context is null)
        {
            problem = "the event has no requestContext";
            return false;
        }
        if (context.Http?.Method is not { Length: > 0 } method || !HttpToken.IsValid(method))
        {
            problem = "the event has no valid requestContext.http.method";
            return false;
        }
        if ((proxyEvent.RawPath ?? context.Http.Path) is not { } path)
        {
            problem = "the event has no rawPath";
            return false;
        }
        if (!LambdaBody.TryDecode(proxyEvent.Body, proxyEvent.IsBase64Encoded, out var body))
        {
            problem = "the body is marked isBase64Encoded but is not valid base64";
            return false;
        }

        // JSON null where a string belongs (a header value, a cookie) is read as absent: the contract cannot keep it out.
        var headers = new HeaderCollection((proxyEvent.Headers?.Count ?? 0) + 4);
        if (proxyEvent.Headers is { } eventHeaders)
        {
            foreach (var (name, value) in eventHeaders)
            {
                if (value is not null)
                {
                    headers.Add(name, value);
                }
            }
        }
        if (proxyEvent.Cookies?.Where(cookie => cookie is not null).ToArray() is { Length: > 0 } cookies)
        {
            // Format 2.0 moves cookies out of the headers; the upstream expects them back in one Cookie header.
            headers.Set(HeaderNames.Cookie, string.Join("; ", cookies));
        }

        request = new GatewayRequest
        {
            Method = method,
            Path = WithoutStagePrefix(path, context.Stage),
            RawQuery = proxyEvent.RawQueryString ?? string.Empty,
            Headers = headers,
            Body = body,
            ClientAddress = IPAddress.TryParse(context.Http.SourceIp, out var address) ? address : null,
            Host = headers.Get(HeaderNames.Host) ?? context.DomainName,
        };
        var identity = context.Authorizer?.Lambda is { } authorizerContext ? AuthorizerContext.ToIdentity(authorizerContext) : null;
        var stage = new StageContext(context.Stage ?? StageContext.Default.Name, proxyEvent.StageVariables ?? StageContext.Default.Variables);
        edge = new EdgeContext(context.RequestId, identity, stage);
        problem = null;
        return true;
    }

    /// <summary>
    /// With a named stage (not <c>$default</c>), HTTP APIs put the stage in front of the path: "/dev/orders".
    /// Routes are written without it.
    /// </summary>
    private static string WithoutStagePrefix(string path, string? stage)
    {
        if (stage is null or "$default" || path.Length <= stage.Length || path[0] != '/' ||
            !path.AsSpan(1).StartsWith(stage, StringComparison.Ordinal))
        {
            return path;
        }
        var rest = path[(stage.Length + 1)..];
        return rest.Length == 0 ? "/" : rest[0] == '/' ? rest : path;
    }
}
