using System.Text.Json.Nodes;
using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Requests;
using Gateway.Testing;

namespace Gateway.HostileInputTests.Credentials;

/// <summary>
/// The HTTP API authorizer event (payload 2.0) API Gateway would send for a request: the project's sample
/// (<c>events/authorizer-valid-jwt.json</c>) with the case's route key, path, query and headers. Header names are
/// lower-cased and repeated ones joined with commas, as HTTP APIs do; the identity source holds the credentials.
/// </summary>
public static class AuthorizerEvent
{
    private static readonly Lazy<string> Sample = new(() => File.ReadAllText(Path.Combine(RepositoryPaths.Events, "authorizer-valid-jwt.json")));

    /// <param name="routeKey">The API Gateway route the request took; by default the credential route its first segment names.</param>
    public static byte[] From(HostileRequest request, string? routeKey = null)
    {
        var root = JsonNode.Parse(Sample.Value)!.AsObject();
        routeKey ??= CorpusGateway.CredentialRouteKey(request.Path);
        var headers = new JsonObject();
        if (request.Host is not null)
        {
            headers["host"] = request.Host;
        }
        foreach (var group in request.Headers.GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal))
        {
            headers[group.Key] = string.Join(',', group.Select(h => h.Value));
        }
        root["routeKey"] = routeKey;
        root["rawPath"] = request.Path;
        root["rawQueryString"] = request.Query;
        root["routeArn"] = $"arn:aws:execute-api:eu-west-1:123456789012:abc123/$default/{request.Method}{request.Path}";
        root["identitySource"] = new JsonArray([.. new[] { "authorization", "x-api-key" }.Where(headers.ContainsKey).Select(name => JsonValue.Create(headers[name]!.GetValue<string>()))]);
        root["headers"] = headers;
        var context = root["requestContext"]!.AsObject();
        context["routeKey"] = routeKey;
        context["stage"] = "$default";
        context["http"]!["method"] = request.Method;
        context["http"]!["path"] = request.Path;
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
