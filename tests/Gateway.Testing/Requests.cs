using System.Net;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Testing;

/// <summary>Shorthand for building gateway requests in tests.</summary>
public static class Requests
{
    public static GatewayRequest Create(string method, string path, string query = "", string? body = null, params (string Name, string Value)[] headers)
    {
        var collection = new HeaderCollection();
        foreach (var (name, value) in headers)
        {
            collection.Add(name, value);
        }
        return new GatewayRequest
        {
            Method = method,
            Path = path,
            RawQuery = query,
            Headers = collection,
            Body = body is null ? default : System.Text.Encoding.UTF8.GetBytes(body),
            ClientAddress = IPAddress.Parse("203.0.113.7"),
            Host = "api.example.com",
        };
    }

    public static EdgeContext Anonymous { get; } = new(null, null, StageContext.Default);

    public static string BodyText(GatewayResponse response) => System.Text.Encoding.UTF8.GetString(response.Body.Span);
}
