using System.Net;
using System.Text;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Lambda.ApiGatewayEvents;
using Gateway.Pipeline;

namespace Gateway.Lambda.PayloadV1;

/// <summary>
/// Translates a REST API proxy event (format 1.0) into the gateway's request. Format 1.0 carries no raw query
/// string, only decoded values, so the query is re-encoded here; HTTP APIs (format 2.0) forward it untouched.
/// </summary>
internal static class RestApiRequestMapper
{
    public static bool TryMap(APIGatewayProxyRequest proxyEvent, out GatewayRequest? request, out EdgeContext edge, out string? problem)
    {
        request = null;
        edge = default;
        if (proxyEvent.RequestContext is not { } context)
        {
            problem = "the event has no requestContext";
            return false;
        }
        if (proxyEvent.HttpMethod is not { Length: > 0 } method || !HttpToken.IsValid(method))
        {
            problem = "the event has no valid httpMethod";
            return false;
        }
        if (proxyEvent.Path is not { } path)
        {
            problem = "the event has no path";
            return false;
        }
        if (!LambdaBody.TryDecode(proxyEvent.Body, proxyEvent.IsBase64Encoded, out var body))
        {
            problem = "the body is marked isBase64Encoded but is not valid base64";
            return false;
        }

        // JSON null where a string or a list belongs is read as absent: the contract cannot keep it out.
        var headers = new HeaderCollection();
        if (proxyEvent.MultiValueHeaders is { } multi)
        {
            foreach (var (name, values) in multi)
            {
                foreach (var value in values ?? [])
                {
                    if (value is not null)
                    {
                        headers.Add(name, value);
                    }
                }
            }
        }
        else if (proxyEvent.Headers is { } single)
        {
            foreach (var (name, value) in single)
            {
                if (value is not null)
                {
                    headers.Add(name, value);
                }
            }
        }

        request = new GatewayRequest
        {
            Method = method,
            Path = path,
            RawQuery = EncodeQuery(proxyEvent),
            Headers = headers,
            Body = body,
            ClientAddress = IPAddress.TryParse(context.Identity?.SourceIp, out var address) ? address : null,
            Host = headers.Get(HeaderNames.Host) ?? context.DomainName,
        };
        var identity = context.Authorizer is { } authorizer ? AuthorizerContext.ToIdentity(authorizer) : null;
        var stage = new StageContext(context.Stage ?? StageContext.Default.Name, proxyEvent.StageVariables ?? StageContext.Default.Variables);
        edge = new EdgeContext(context.RequestId, identity, stage);
        problem = null;
        return true;
    }

    private static string EncodeQuery(APIGatewayProxyRequest proxyEvent)
    {
        var builder = new StringBuilder();
        void Append(string name, string? value)
        {
            if (value is null)
            {
                return;
            }
            if (builder.Length > 0)
            {
                builder.Append('&');
            }
            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        if (proxyEvent.MultiValueQueryStringParameters is { } multi)
        {
            foreach (var (name, values) in multi)
            {
                foreach (var value in values ?? [])
                {
                    Append(name, value);
                }
            }
        }
        else if (proxyEvent.QueryStringParameters is { } single)
        {
            foreach (var (name, value) in single)
            {
                Append(name, value);
            }
        }
        return builder.ToString();
    }
}
