namespace Gateway.Lambda.Authorizer;

/// <summary>Header lookups in authorizer events: HTTP APIs send lower-cased names, REST APIs the client's spelling.</summary>
internal static class RequestHeaders
{
    public static string? Find(Dictionary<string, string>? headers, Dictionary<string, string[]>? multiValueHeaders, string name)
    {
        if (headers is not null)
        {
            if (headers.TryGetValue(name, out var exact) || headers.TryGetValue(name.ToLowerInvariant(), out exact))
            {
                return exact;
            }
            foreach (var (key, value) in headers)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }
        }
        if (multiValueHeaders is not null)
        {
            foreach (var (key, values) in multiValueHeaders)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && values.Length > 0)
                {
                    return values[0];
                }
            }
        }
        return null;
    }
}
