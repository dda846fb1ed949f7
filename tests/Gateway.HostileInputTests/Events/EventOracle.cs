using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.HostileInputTests.Corpus;
using Gateway.Http;
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

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}
