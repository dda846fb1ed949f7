using System.Text.Json;
using Gateway.Lambda;
using Gateway.Pipeline;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>The proxy Lambda, in-process: an event's bytes in, the response document read back as a client would see it.</summary>
public sealed class LambdaCorpusHost(GatewayHandler gateway)
{
    private readonly ProxyFunction _function = new(gateway);

    public async Task<HostResponse> InvokeAsync(byte[] eventBytes)
    {
        await using var output = await _function.HandleAsync(new MemoryStream(eventBytes, writable: false));
        using var document = await JsonDocument.ParseAsync(output);
        var root = document.RootElement;
        var headers = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("headers", out var single) && single.ValueKind == JsonValueKind.Object)
        {
            headers.AddRange(single.EnumerateObject().Select(h => KeyValuePair.Create(h.Name, h.Value.GetString()!)));
        }
        if (root.TryGetProperty("multiValueHeaders", out var multi) && multi.ValueKind == JsonValueKind.Object)
        {
            headers.AddRange(multi.EnumerateObject().SelectMany(h => h.Value.EnumerateArray().Select(v => KeyValuePair.Create(h.Name, v.GetString()!))));
        }
        var body = root.TryGetProperty("body", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : string.Empty;
        var isBase64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.GetBoolean();
        return new HostResponse(
            root.GetProperty("statusCode").GetInt32(),
            headers,
            isBase64 ? Convert.FromBase64String(body) : System.Text.Encoding.UTF8.GetBytes(body));
    }
}
