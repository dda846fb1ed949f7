using Gateway.Http;

namespace Gateway.Canonicalization;

/// <summary>
/// Methods are case-sensitive tokens (RFC 9110 §9.1), but upstream stacks disagree: .NET's HttpClient and many
/// servers read "get" as GET, while routes compare exactly. A method is therefore accepted only in upper case, the
/// spelling every standard and registered method has, so that the method a route was chosen for is the method the
/// upstream acts on.
/// </summary>
public static class CanonicalMethod
{
    public static bool IsAccepted(string method, out string? problem)
    {
        if (!HttpToken.IsValid(method))
        {
            problem = "the method is not an HTTP token";
            return false;
        }
        if (method.AsSpan().ContainsAnyInRange('a', 'z'))
        {
            problem = $"methods are case-sensitive and must be upper case: send {method.ToUpperInvariant()}, not {method}";
            return false;
        }
        if (method is "CONNECT" or "TRACE")
        {
            // A tunnel cannot go through a request-and-answer pipeline, and TRACE would echo the headers the gateway
            // adds (identity, forwarding) back to the client.
            problem = $"the gateway does not proxy {method}";
            return false;
        }
        problem = null;
        return true;
    }
}
