using System.Text.Json;
using Gateway.Identity;
using Gateway.Testing;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>
/// The invariants every case is held to, besides its own expectation: never a 5xx; gateway errors in the one JSON shape
/// with the request id the response carries; nothing forged (identity headers, injected headers, control characters)
/// reaching the upstream; the upstream never seeing a path outside the route's prefix.
/// </summary>
public static class ResponseChecks
{
    /// <summary>The header every injection attempt tries to create at the upstream.</summary>
    public const string InjectedHeader = "X-Injected";

    private static readonly HashSet<string> IdentityNames = new[]
    {
        IdentityHeaders.UserId, IdentityHeaders.TenantId, IdentityHeaders.OrgId, IdentityHeaders.Plan, IdentityHeaders.Roles, IdentityHeaders.Scopes,
    }.Select(Canonical).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<string> Verify(Expect expected, HostResponse response, IReadOnlyList<ReceivedRequest> reached)
    {
        var problems = new List<string>();
        // Kestrel's 505 for an HTTP version it does not speak is the one 5xx a case may expect.
        if (response.Status >= 500 && expected is not Expect.RefusedByServer { Status: >= 500 })
        {
            problems.Add($"answered {response.Status}: {response.BodyPreview}");
        }
        // Held cases leave identity headers to the invariant that judges them.
        var identity = expected is Expect.Held ? null : (expected as Expect.Forwarded)?.Identity ?? new Dictionary<string, string>();
        foreach (var request in reached)
        {
            CheckNothingForged(request, identity, problems);
        }
        switch (expected)
        {
            case Expect.Refused refused:
                CheckRefused(refused, response, reached, problems);
                break;
            case Expect.Forwarded forwarded:
                CheckForwarded(forwarded, response, reached, problems);
                break;
            case Expect.RefusedByServer server:
                if (response.Status != server.Status)
                {
                    problems.Add($"expected the server's own {server.Status}, got {Describe(response, reached)}");
                }
                CheckNothingReached(reached, problems);
                break;
        }
        return problems;
    }

    /// <summary>"X_User_ID" and "x-user-id" name the same header to CGI-style upstreams (WSGI, Rack, PHP).</summary>
    public static string Canonical(string name) => name.Replace('_', '-').ToLowerInvariant();

    private static void CheckRefused(Expect.Refused refused, HostResponse response, IReadOnlyList<ReceivedRequest> reached, List<string> problems)
    {
        var (code, message) = ErrorCode(response, problems);
        if (response.Status != refused.Status || code != refused.Code)
        {
            problems.Add($"expected {refused.Status} {refused.Code}, got {Describe(response, reached)}");
        }
        else if (refused.Message is not null && message != refused.Message)
        {
            problems.Add($"expected the message \"{refused.Message}\", got \"{message}\"");
        }
        CheckNothingReached(reached, problems);
    }

    private static void CheckForwarded(Expect.Forwarded forwarded, HostResponse response, IReadOnlyList<ReceivedRequest> reached, List<string> problems)
    {
        if (reached.Count != 1 || response.Status != 200)
        {
            problems.Add($"expected forwarding under {forwarded.Prefix}, got {Describe(response, reached)}");
            return;
        }
        var received = reached[0];
        if (!PathOracle.StaysUnder(received.RawTarget, forwarded.Prefix))
        {
            problems.Add($"the upstream saw {received.RawTarget}, outside {forwarded.Prefix} (read strictly: {PathOracle.Resolve(received.RawTarget)})");
        }
        if (forwarded.Target is { } target && received.RawTarget != target)
        {
            problems.Add($"the upstream saw {received.RawTarget}, expected exactly {target}");
        }
        if (response.Header("X-Request-ID") is not { } id || received.Header("X-Request-ID") != id)
        {
            problems.Add($"X-Request-ID differs: client got {response.Header("X-Request-ID") ?? "none"}, upstream got {received.Header("X-Request-ID") ?? "none"}");
        }
    }

    /// <summary>Identity headers only as the gateway derived them from the credential (<paramref name="identity"/>), each once.</summary>
    private static void CheckNothingForged(ReceivedRequest request, IReadOnlyDictionary<string, string>? identity, List<string> problems)
    {
        foreach (var (name, expected) in identity ?? new Dictionary<string, string>())
        {
            if (request.Header(name) is null)
            {
                problems.Add($"identity header {name}: {expected} did not reach the upstream");
            }
        }
        foreach (var (name, values) in request.Headers)
        {
            var derived = identity?.FirstOrDefault(pair => Canonical(pair.Key) == Canonical(name)) ?? default;
            if (identity is not null && IdentityNames.Contains(Canonical(name)) && (!string.Equals(derived.Key, name, StringComparison.OrdinalIgnoreCase) || values is not [var value] || value != derived.Value))
            {
                problems.Add($"identity header {name}: {string.Join(", ", values)} reached the upstream");
            }
            if (name.Equals(InjectedHeader, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"injected header {name} reached the upstream");
            }
            if (values.Any(value => value.AsSpan().IndexOfAny("\r\n\0") >= 0))
            {
                problems.Add($"header {name} reached the upstream with a control character");
            }
        }
    }

    private static void CheckNothingReached(IReadOnlyList<ReceivedRequest> reached, List<string> problems)
    {
        if (reached.Count > 0)
        {
            problems.Add($"the upstream was reached: {string.Join(", ", reached.Select(r => $"{r.Method} {r.RawTarget}"))}");
        }
    }

    /// <summary>The error code of a gateway error, checking the one shape: {"error":{"code","message","requestId"[,"limit"]}}.</summary>
    public static (string? Code, string? Message) ErrorCode(HostResponse response, List<string> problems)
    {
        JsonElement error;
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 1 || !root.TryGetProperty("error", out error))
            {
                problems.Add($"the body is not the error shape: {response.BodyPreview}");
                return default;
            }
            error = error.Clone();
        }
        catch (JsonException)
        {
            problems.Add($"the body is not JSON: {response.BodyPreview}");
            return default;
        }
        var names = error.ValueKind == JsonValueKind.Object ? error.EnumerateObject().Select(p => p.Name).ToArray() : [];
        if (!names.Order(StringComparer.Ordinal).SequenceEqual(["code", "message", "requestId"]) &&
            !names.Order(StringComparer.Ordinal).SequenceEqual(["code", "limit", "message", "requestId"]))
        {
            problems.Add($"the error has fields [{string.Join(", ", names)}]");
            return default;
        }
        var requestId = error.GetProperty("requestId").GetString();
        if (string.IsNullOrEmpty(requestId) || requestId != response.Header("X-Request-ID"))
        {
            problems.Add($"the error's requestId {requestId} is not the X-Request-ID header {response.Header("X-Request-ID")}");
        }
        if (!(response.Header("Content-Type") ?? string.Empty).StartsWith("application/json", StringComparison.Ordinal))
        {
            problems.Add($"the error's Content-Type is {response.Header("Content-Type")}");
        }
        return (error.GetProperty("code").GetString(), error.GetProperty("message").GetString());
    }

    public static string Describe(HostResponse response, IReadOnlyList<ReceivedRequest> reached)
    {
        var upstream = reached.Count == 0 ? "the upstream saw nothing" : $"the upstream saw {string.Join(", ", reached.Select(r => $"{r.Method} {r.RawTarget}"))}";
        return $"{response.Status} {response.BodyPreview} ({upstream})";
    }
}
