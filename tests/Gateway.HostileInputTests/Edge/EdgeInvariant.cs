using Gateway.HostileInputTests.Corpus;
using Gateway.Identity;
using Gateway.Testing;

namespace Gateway.HostileInputTests.Edge;

/// <summary>
/// The upstream receives only what the route that authorized it would forward. Judged at the upstream, for every edge
/// case whatever its spelling: either the gateway refused it (a 4xx in its JSON error shape, or the server's own bare
/// refusal of bytes that are not HTTP, and nothing reached the upstream), or exactly one request reached the upstream
/// and (a) however leniently the upstream reads its method, path and host (<see cref="UpstreamReading"/>), a reading
/// that falls in a protected area came with a valid token; (b) identity headers are exactly those the token gives,
/// all of them on a protected area, whatever the client listed in Connection; (c) no forwarding or method-override
/// header the client sent arrives, and the ones the gateway sets say what the gateway saw; (d) the method is the
/// client's and the path is canonical (RFC 3986 §6.2.2, the route's spelling of its literal segment, no dot
/// segments, no doubled slashes, <c>;parameters</c> only where the route takes them) and means what the client's did.
/// </summary>
public static class EdgeInvariant
{
    /// <summary>Headers that say where a request came from or what it was, which only the gateway may state.</summary>
    private static readonly HashSet<string> ClientClaims = new[]
    {
        "Forwarded", "X-Real-IP", "X-Client-IP", "True-Client-IP", "X-Cluster-Client-IP", "Client-IP", "CF-Connecting-IP",
        "X-Original-URL", "X-Rewrite-URL", "X-Original-URI", "X-Original-Host", "X-Host", "X-Original-Method",
        "X-Envoy-Original-Path",
    }.Concat(UpstreamReading.MethodOverrides).Select(ResponseChecks.Canonical).ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> IdentityNames = new[]
    {
        IdentityHeaders.UserId, IdentityHeaders.TenantId, IdentityHeaders.OrgId, IdentityHeaders.Plan, IdentityHeaders.Roles, IdentityHeaders.Scopes,
    }.Select(ResponseChecks.Canonical).ToHashSet(StringComparer.Ordinal);

    private const string ForwardedPrefix = "x-forwarded-";

    /// <param name="kestrel">Whether the case went to the Kestrel host, which may refuse bytes itself.</param>
    /// <param name="clientAddress">The client's address as the gateway sees it (the socket's peer, or the event's sourceIp).</param>
    public static IReadOnlyList<string> Verify(EdgeCase item, bool kestrel, string clientAddress, HostResponse response, IReadOnlyList<ReceivedRequest> reached)
    {
        var problems = new List<string>();
        if (reached.Count == 0)
        {
            CheckRefusal(item, kestrel, response, problems);
            return problems;
        }
        if (reached.Count > 1 || response.Status != 200)
        {
            problems.Add($"the upstream was reached, and then: {ResponseChecks.Describe(response, reached)}");
        }
        var received = reached[0];
        var reading = UpstreamReading.Of(received);
        var below = BelowService(reading, problems);
        CheckAuthorized(item, received, reading, below, problems);
        CheckOwnedHeaders(item, received, response, clientAddress, problems);
        CheckCanonical(item, received, below, problems);
        return problems;
    }

    private static void CheckRefusal(EdgeCase item, bool kestrel, HostResponse response, List<string> problems)
    {
        if (response.Status is < 400 or >= 500)
        {
            problems.Add($"nothing reached the upstream, yet the client got {response.Status} {response.BodyPreview}");
            return;
        }
        if (kestrel && response.Header("X-Request-ID") is null)
        {
            return; // Kestrel's own refusal of bytes that are not HTTP: no request ever existed
        }
        if (item.Request.Method == "HEAD")
        {
            return; // an answer to HEAD has no body to hold the error shape
        }
        ResponseChecks.ErrorCode(response, problems);
    }

    /// <summary>Each reading's segments below the service's base path; a reading outside it escaped the route.</summary>
    private static List<IReadOnlyList<string>> BelowService(UpstreamReading reading, List<string> problems)
    {
        var below = new List<IReadOnlyList<string>>();
        var service = CorpusGateway.EdgePrefix.Trim('/');
        foreach (var segments in reading.Paths)
        {
            if (segments.Count == 0 || segments[0] != service)
            {
                problems.Add($"the upstream reads /{string.Join('/', segments)}, outside {CorpusGateway.EdgePrefix}");
                continue;
            }
            below.Add(segments.Skip(1).ToArray());
        }
        return below;
    }

    /// <summary>(a) and (b): a protected reading needs a valid token; identity only as the token gives it.</summary>
    private static void CheckAuthorized(EdgeCase item, ReceivedRequest received, UpstreamReading reading, List<IReadOnlyList<string>> below, List<string> problems)
    {
        var area = below.Select(segments => EdgeAreas.Protected(reading.Method, segments, reading.Host)).FirstOrDefault(name => name is not null);
        if (area is not null && !item.Credential.IsValid)
        {
            problems.Add($"bypass: the upstream can read {reading.Method} /{string.Join('/', below[0])} on {reading.Host ?? "no host"} ({area}, which takes a token), sent with {item.Credential.Label}");
        }
        var identity = item.Credential.Identity ?? new Dictionary<string, string>();
        foreach (var (name, values) in received.Headers)
        {
            if (!IdentityNames.Contains(ResponseChecks.Canonical(name)))
            {
                continue;
            }
            var derived = identity.FirstOrDefault(pair => pair.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (derived.Key is null || values is not [var value] || value != derived.Value)
            {
                problems.Add($"identity header {name}: {string.Join(", ", values)} reached the upstream ({item.Credential.Label})");
            }
        }
        if (area is null || !item.Credential.IsValid)
        {
            return;
        }
        foreach (var (name, value) in identity)
        {
            if (received.Header(name) is null)
            {
                problems.Add($"identity header {name}: {value} did not reach the upstream on {area}");
            }
        }
        if (received.Header("Authorization") is not null)
        {
            problems.Add($"the verified token reached the upstream on {area} (credentials are hidden by default)");
        }
        var set = received.Headers.Where(h => h.Key.Equals(CorpusGateway.TransformHeader, StringComparison.OrdinalIgnoreCase)).SelectMany(h => h.Value).ToArray();
        if (area == "transformed" && set is not ["yes"])
        {
            problems.Add($"the transform's {CorpusGateway.TransformHeader} reached the upstream as [{string.Join(", ", set)}], not [yes]");
        }
    }

    /// <summary>(c): the gateway's forwarding headers and request id, and nothing of the client's that claims what they claim.</summary>
    private static void CheckOwnedHeaders(EdgeCase item, ReceivedRequest received, HostResponse response, string clientAddress, List<string> problems)
    {
        var hosts = new[] { item.Request.Host, UpstreamReading.ClientAuthority(item.Request.Target) }
            .Where(host => host is not null)
            .SelectMany(host => Port(host!).Select(port => UpstreamReading.CanonicalHostReading(host) + port))
            .ToHashSet(StringComparer.Ordinal);
        var expected = new Dictionary<string, Func<string, bool>>(StringComparer.Ordinal)
        {
            ["x-forwarded-for"] = value => value == clientAddress,
            ["x-forwarded-proto"] = value => value is "http" or "https",
            ["x-forwarded-host"] = hosts.Contains,
        };
        foreach (var (name, values) in received.Headers)
        {
            var canonical = ResponseChecks.Canonical(name);
            if (ClientClaims.Contains(canonical) || (canonical.StartsWith(ForwardedPrefix, StringComparison.Ordinal) && !expected.ContainsKey(canonical)))
            {
                problems.Add($"{name}: {string.Join(", ", values)} reached the upstream (only the gateway states that)");
            }
            else if (expected.TryGetValue(canonical, out var valid) && (values is not [var value] || !valid(value) || name.Contains('_')))
            {
                problems.Add($"{name}: {string.Join(", ", values)} reached the upstream, not the gateway's own");
            }
        }
        foreach (var name in new[] { "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host" })
        {
            if (received.Header(name) is null)
            {
                problems.Add($"the gateway's {name} did not reach the upstream");
            }
        }
        if (received.Method is "GET" or "HEAD" && received.Body.Length > 0)
        {
            problems.Add($"a {received.Method} reached the upstream with a body of {received.Body.Length} bytes, which no cache key holds");
        }
        if (response.Header("X-Request-ID") is not { } id || received.Header("X-Request-ID") != id)
        {
            problems.Add($"X-Request-ID differs: client got {response.Header("X-Request-ID") ?? "none"}, upstream got {received.Header("X-Request-ID") ?? "none"}");
        }
    }

    /// <summary>(d): the client's method, and a canonical path that means what the client's path meant.</summary>
    private static void CheckCanonical(EdgeCase item, ReceivedRequest received, List<IReadOnlyList<string>> below, List<string> problems)
    {
        if (received.Method != item.Request.Method)
        {
            problems.Add($"the upstream received the method {received.Method}, the client sent {item.Request.Method}");
        }
        var target = received.RawTarget;
        var path = UpstreamReading.WithoutQuery(target);
        if (!path.StartsWith(CorpusGateway.EdgePrefix + "/", StringComparison.Ordinal) || below.Count == 0)
        {
            return; // BelowService said so
        }
        var forwarded = path[CorpusGateway.EdgePrefix.Length..];
        foreach (var problem in CanonicalPathProblems(forwarded, below[0]))
        {
            problems.Add($"the upstream received {forwarded}: {problem}");
        }
        var meant = UpstreamReading.ClientPath(item.Request.Target);
        if (!PathOracle.Resolve(forwarded).Equals(PathOracle.Resolve(meant), StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"the upstream received {forwarded}, which does not read as the client's {meant}");
        }
        var query = target.Length > path.Length ? target[(path.Length + 1)..] : string.Empty;
        if (query != item.Request.Query)
        {
            problems.Add($"the upstream received the query \"{query}\", the client sent \"{item.Request.Query}\"");
        }
    }

    private static IEnumerable<string> CanonicalPathProblems(string path, IReadOnlyList<string> reading)
    {
        for (var i = path.IndexOf('%'); i >= 0; i = path.IndexOf('%', i + 1))
        {
            var escape = path.Length >= i + 3 ? path.Substring(i, 3) : path[i..];
            if (escape.Length < 3 || !char.IsAsciiHexDigit(escape[1]) || !char.IsAsciiHexDigit(escape[2]))
            {
                yield return $"'{escape}' is not an escape";
            }
            else if (escape != escape.ToUpperInvariant())
            {
                yield return $"{escape} is not in upper-case hex";
            }
            else if (Convert.ToByte(escape[1..], 16) is var value && (char.IsAsciiLetterOrDigit((char)value) || value is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'))
            {
                yield return $"{escape} escapes an unreserved character";
            }
        }
        if (path.Contains("//", StringComparison.Ordinal))
        {
            yield return "a doubled slash";
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(segment => segment.Split(';')[0] is "." or ".."))
        {
            yield return "a dot segment";
        }
        if (path.Contains(';') && !EdgeAreas.TakesMatrixParams(reading))
        {
            yield return "';parameters' on a route that does not take them";
        }
        if (EdgeAreas.RouteLiteral(reading) is { } literal && segments.Length > 0 && segments[0].Split(';')[0] != literal)
        {
            yield return $"the route's literal segment is spelled {segments[0]}, not {literal}";
        }
    }

    /// <summary>What may follow the host in X-Forwarded-Host: nothing, or the client's port as written or as a number.</summary>
    private static IEnumerable<string> Port(string host)
    {
        yield return string.Empty;
        var colon = host.LastIndexOf(':');
        if (colon > host.LastIndexOf(']') && host.IndexOf(':') == colon)
        {
            yield return host[colon..];
            if (int.TryParse(host.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
            {
                yield return $":{port}";
            }
        }
    }
}
