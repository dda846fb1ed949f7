using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Lambda;
using Gateway.Pipeline;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>What the proxy Lambda answered, as API Gateway would pass it on.</summary>
public sealed record LambdaAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// The proxy Lambda called directly with HTTP API (payload 2.0) events, as API Gateway sends them; behind the Lambda
/// authorizer, an event carries the context it answered with (<c>requestContext.authorizer.lambda</c>).
/// </summary>
public sealed class ProxyLambdaHost(GatewayHandler gateway)
{
    private readonly ProxyFunction _function = new(gateway);

    public async Task<LambdaAnswer> SendAsync(
        string method, string path, IReadOnlyDictionary<string, string>? authorizer = null, string? body = null, params (string Name, string Value)[] headers)
    {
        var headerObject = new JsonObject { ["host"] = "edge.example.com" };
        foreach (var (name, value) in headers)
        {
            headerObject[name.ToLowerInvariant()] = value;
        }
        var context = new JsonObject
        {
            ["accountId"] = "123456789012",
            ["apiId"] = "edge",
            ["domainName"] = "edge.example.com",
            ["http"] = new JsonObject { ["method"] = method, ["path"] = path, ["protocol"] = "HTTP/1.1", ["sourceIp"] = "198.51.100.23" },
            ["requestId"] = Guid.NewGuid().ToString("N"),
            ["stage"] = "$default",
            ["timeEpoch"] = 1_795_338_902_000,
        };
        if (authorizer is not null)
        {
            var lambda = new JsonObject();
            foreach (var (name, value) in authorizer)
            {
                lambda[name] = value;
            }
            context["authorizer"] = new JsonObject { ["lambda"] = lambda };
        }
        var proxyEvent = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = path,
            ["rawQueryString"] = "",
            ["headers"] = headerObject,
            ["requestContext"] = context,
            ["isBase64Encoded"] = false,
        };
        if (body is not null)
        {
            proxyEvent["body"] = body;
        }

        await using var output = await _function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(proxyEvent.ToJsonString())));
        using var document = await JsonDocument.ParseAsync(output);
        var root = document.RootElement;
        var answerHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("headers", out var returned) && returned.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in returned.EnumerateObject())
            {
                answerHeaders[header.Name] = header.Value.GetString()!;
            }
        }
        var text = root.TryGetProperty("body", out var bodyText) && bodyText.ValueKind == JsonValueKind.String ? bodyText.GetString()! : string.Empty;
        if (root.TryGetProperty("isBase64Encoded", out var flag) && flag.GetBoolean())
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        return new LambdaAnswer(root.GetProperty("statusCode").GetInt32(), answerHeaders, text);
    }
}
