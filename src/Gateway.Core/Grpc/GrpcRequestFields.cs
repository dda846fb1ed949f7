using Gateway.Routing;

namespace Gateway.Grpc;

/// <summary>The request fields a URL fills: path parameters, then query parameters (decoded), by JSON name.</summary>
internal static class GrpcRequestFields
{
    public static IReadOnlyList<KeyValuePair<string, string>> From(RouteValues path, string rawQuery)
    {
        if (path.Count == 0 && rawQuery.Length == 0)
        {
            return [];
        }
        var fields = new List<KeyValuePair<string, string>>(path.Count + 4);
        foreach (var value in path.AsSpan())
        {
            fields.Add(value);
        }
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var parameter = rawQuery.AsSpan()[range];
            if (parameter.IsEmpty)
            {
                continue;
            }
            var equals = parameter.IndexOf('=');
            var name = equals < 0 ? parameter : parameter[..equals];
            var value = equals < 0 ? [] : parameter[(equals + 1)..];
            fields.Add(new(Decode(name), Decode(value)));
        }
        return fields;
    }

    private static string Decode(ReadOnlySpan<char> text) =>
        text.ContainsAny('%', '+') ? Uri.UnescapeDataString(text.ToString().Replace('+', ' ')) : text.ToString();
}
