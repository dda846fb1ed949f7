namespace Gateway.Forwarding;

/// <summary>Cached HttpMethod instances, so forwarding a common method allocates nothing.</summary>
internal static class HttpMethods
{
    public static HttpMethod Get(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "PUT" => HttpMethod.Put,
        "DELETE" => HttpMethod.Delete,
        "PATCH" => HttpMethod.Patch,
        "HEAD" => HttpMethod.Head,
        "OPTIONS" => HttpMethod.Options,
        _ => new HttpMethod(method),
    };

    /// <summary>RFC 9110 §9.2.2: methods a client may safely repeat.</summary>
    public static bool IsIdempotent(string method) =>
        method is "GET" or "HEAD" or "OPTIONS" or "PUT" or "DELETE" or "TRACE";
}
