using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.HostileInputTests.Corpus;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Lambda.ApiGatewayEvents;

namespace Gateway.HostileInputTests.Events;

/// <summary>
/// What the proxy Lambda promises for an event that is valid JSON, from the documented contract rather than from the
/// code: 400 invalid_event unless the event fits the contract's types (both contracts for a REST API event, which is
/// told apart by having no rawPath and a version other than 2.0), has a requestContext, a method that is an HTTP token,
/// a path, and a base64 body where it says so; then 413 for a body over the limit, 400 invalid_path for a path
/// without its leading '/'; otherwise it is forwarded (to the event gateway's catch-all route).
/// </summary>
public static class EventOracle
{
    private static readonly Expect Forwarded = new Expect.Forwarded(CorpusGateway.EventPrefix);

    public static Expect Expected(JsonNode? document)
    {
        if (document is not JsonObject root || !EventContract.Fits(typeof(APIGatewayHttpApiV2ProxyRequest), root))
        {
            return Expect.InvalidEvent;
        }
        if (Text(root["version"]) != "2.0" && root["rawPath"] is null)
        {
            if (!EventContract.Fits(typeof(APIGatewayProxyRequest), root))
            {
                return Expect.InvalidEvent;
            }
            if (Text(root["httpMethod"]) is { } restMethod)
            {
                return Judge(root["requestContext"] is JsonObject, restMethod, Text(root["path"]), root);
            }
        }
        var http = root["requestContext"]?["http"] as JsonObject;
        return Judge(http is not null, Text(http?["method"]), Text(root["rawPath"]) ?? Text(http?["path"]), root);
    }

    private static Expect Judge(bool hasContext, string? method, string? path, JsonObject root)
    {
        if (!hasContext || method is null || !HttpToken.IsValid(method) || path is null || !TryBody(root, out var length))
        {
            return Expect.InvalidEvent;
        }
        if (length > CorpusGateway.EventMaxBody)
        {
            return Expect.PayloadTooLarge;
        }
        return path.StartsWith('/') ? Forwarded : Expect.InvalidPath;
    }

    private static bool TryBody(JsonObject root, out long length)
    {
        var body = Text(root["body"]) ?? string.Empty;
        if (root["isBase64Encoded"]?.GetValueKind() != JsonValueKind.True || body.Length == 0)
        {
            length = Encoding.UTF8.GetByteCount(body);
            return true;
        }
        var buffer = new byte[body.Length];
        var valid = Convert.TryFromBase64String(body, buffer, out var written);
        length = written;
        return valid;
    }

    /// <summary>
    /// A forwarded event's expectation with the identity headers its authorizer context entitles the upstream to. That
    /// context is API Gateway's, written after its authorizer ran, so the proxy trusts it (as the documented contract
    /// says: requestContext.authorizer.lambda for payload 2.0, requestContext.authorizer for a REST API); identity must
    /// come from there and from nowhere else. Scalars count as their JSON text, as the contract reads them.
    /// </summary>
    public static Expect WithAuthorizerIdentity(EventCase item)
    {
        if (item.Expected is not Expect.Forwarded { Identity: null } forwarded || AuthorizerContextOf(item.Event) is not { } context ||
            AuthorizerContext.ToIdentity(context) is not { } identity)
        {
            return item.Expected;
        }
        var headers = new HeaderCollection();
        IdentityHeaders.Apply(identity, headers);
        var derived = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            derived[name] = value;
        }
        return forwarded with { Identity = derived };
    }

    private static Dictionary<string, string>? AuthorizerContextOf(byte[] bytes)
    {
        try
        {
            var root = JsonNode.Parse(bytes) as JsonObject;
            var authorizer = root?["requestContext"]?["authorizer"];
            var context = (root?["rawPath"] is not null || Text(root?["version"]) == "2.0" ? authorizer?["lambda"] : authorizer) as JsonObject;
            return context?.ToDictionary(pair => pair.Key, pair => pair.Value switch
            {
                null => string.Empty,
                var value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
                var value => value.ToJsonString(),
            }, StringComparer.Ordinal);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not an event the proxy reads at all: its own expectation (invalid_event) stands.
            return null;
        }
    }

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}
