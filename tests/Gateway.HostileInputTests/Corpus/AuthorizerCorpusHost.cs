using System.Text.Json;
using Gateway.HostileInputTests.Credentials;
using Gateway.HostileInputTests.Requests;
using Gateway.Lambda;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>The Lambda authorizer, in-process: an HTTP API authorizer event in, its simple response read back.</summary>
public sealed class AuthorizerCorpusHost(AuthorizerFunction function)
{
    /// <summary>The authorizer's context when it allows the request; null when it denies; an exception when its answer is not a simple response.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> AuthorizeAsync(HostileRequest request, string? routeKey = null)
    {
        await using var output = await function.HandleAsync(new MemoryStream(AuthorizerEvent.From(request, routeKey), writable: false));
        using var document = await JsonDocument.ParseAsync(output);
        var root = document.RootElement;
        if (!root.GetProperty("isAuthorized").GetBoolean())
        {
            return null;
        }
        return root.GetProperty("context").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }
}
