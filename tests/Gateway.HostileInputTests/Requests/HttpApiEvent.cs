using System.Text.Json;

namespace Gateway.HostileInputTests.Requests;

/// <summary>
/// A request as API Gateway's HTTP API would hand it to the proxy (payload 2.0): repeated header names joined with
/// commas, the Host as a header and as the domain name, the body base64-encoded so that any bytes survive. Behind a
/// Lambda authorizer, API Gateway adds the context the authorizer answered with.
/// </summary>
public static class HttpApiEvent
{
    public const string SourceIp = "198.51.100.7";

    public static byte[] From(HostileRequest request, IReadOnlyDictionary<string, string>? authorizerContext = null)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("routeKey", "$default");
            json.WriteString("rawPath", request.Path);
            json.WriteString("rawQueryString", request.Query);
            json.WriteStartObject("headers");
            foreach (var (name, values) in JoinRepeated(request))
            {
                json.WriteString(name, string.Join(',', values));
            }
            json.WriteEndObject();
            json.WriteStartObject("requestContext");
            json.WriteString("accountId", "123456789012");
            json.WriteString("apiId", "corpus");
            json.WriteString("domainName", request.Host ?? "corpus.execute-api.eu-west-1.amazonaws.com");
            json.WriteStartObject("http");
            json.WriteString("method", request.Method);
            json.WriteString("path", request.Path);
            json.WriteString("protocol", "HTTP/1.1");
            json.WriteString("sourceIp", SourceIp);
            json.WriteEndObject();
            json.WriteString("requestId", "corpus-request");
            json.WriteString("stage", "$default");
            json.WriteNumber("timeEpoch", 1_795_338_902_000);
            if (authorizerContext is not null)
            {
                json.WriteStartObject("authorizer");
                json.WriteStartObject("lambda");
                foreach (var (name, value) in authorizerContext)
                {
                    json.WriteString(name, value);
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            if (request.Body.Length > 0)
            {
                json.WriteString("body", Convert.ToBase64String(request.Body));
            }
            json.WriteBoolean("isBase64Encoded", request.Body.Length > 0);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    internal static IEnumerable<(string Name, List<string> Values)> JoinRepeated(HostileRequest request)
    {
        var joined = new List<(string Name, List<string> Values)>();
        var all = request.Host is null ? request.Headers : [KeyValuePair.Create("host", request.Host), .. request.Headers];
        foreach (var (name, value) in all)
        {
            var index = joined.FindIndex(entry => entry.Name == name);
            if (index < 0)
            {
                joined.Add((name, [value]));
            }
            else
            {
                joined[index].Values.Add(value);
            }
        }
        return joined;
    }
}
