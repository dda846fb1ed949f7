using Gateway.HostileInputTests.Corpus;
using Gateway.Identity;
using Gateway.Pipeline;

namespace Gateway.HostileInputTests.Requests;

/// <summary>
/// Headers: forged identity headers in every spelling, CR LF injection in names and values (in events, where a value
/// can hold them; on the wire, where they end the line), oversized values, thousands of headers, hostile request ids,
/// hop-by-hop tricks, and Host values that match no route's host.
/// </summary>
public sealed class HeaderFamily : IRequestFamily
{
    private const int MaxHeaders = RequestLimits.MaxHeaderCount;
    private const int MaxHeaderBytes = RequestLimits.MaxHeaderBytes;

    private static readonly Expect.Forwarded Items = new(CorpusGateway.ApiPrefix, "/svc-api/items");

    private static readonly string[] Identity =
        [IdentityHeaders.UserId, IdentityHeaders.TenantId, IdentityHeaders.OrgId, IdentityHeaders.Plan, IdentityHeaders.Roles, IdentityHeaders.Scopes];

    public string Name => "headers";

    public IEnumerable<RequestCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        return Forgery(ids).Concat(Injection(ids)).Concat(Sizes(ids)).Concat(RequestIds(ids)).Concat(HopByHop(ids)).Concat(Hosts(ids));
    }

    private static RequestCase Case(CaseIds ids, string label, HostileRequest request, Expect? lambda, Expect? kestrel) =>
        new(ids.Next(label), request, lambda, kestrel);

    private static HostileRequest WithHeaders(params (string Name, string Value)[] headers) =>
        new() { Headers = headers.Select(h => KeyValuePair.Create(h.Name, h.Value)).ToArray() };

    /// <summary>Identity headers a client sends never reach the upstream, however they are spelled.</summary>
    private static IEnumerable<RequestCase> Forgery(CaseIds ids)
    {
        foreach (var name in Identity)
        {
            foreach (var spelling in new[] { name, name.ToLowerInvariant(), name.ToUpperInvariant(), name.Replace('-', '_'), name.Replace('-', '_').ToLowerInvariant() })
            {
                yield return Case(ids, $"forged {spelling}", WithHeaders((spelling, "forged")), Items, Items);
            }
            yield return Case(ids, $"forged {name} twice", WithHeaders((name, "forged"), (name.ToLowerInvariant(), "forged-again")), Items, Items);
            yield return Case(ids, $"forged {name} named in Connection", WithHeaders(("Connection", "keep-alive"), (name, "forged")), Items, Items);
            // Whitespace before the colon: RFC 9112 makes that a bad request on the wire; in an event the name is
            // not a token, so the forwarder drops it.
            yield return Case(ids, $"forged '{name} '", WithHeaders(($"{name} ", "forged")), Items, new Expect.RefusedByServer(400));
            yield return Case(ids, $"forged '{name}\\t'", WithHeaders(($"{name}\t", "forged")), Items, new Expect.RefusedByServer(400));
        }
    }

    /// <summary>
    /// In an event, a value holding CR or LF is one value: it must never become a header upstream (X-Injected). On the
    /// wire, CR LF does end a header, so the injected one is an identity header, which is stripped whatever happens;
    /// bare CR, NUL and folded lines are not HTTP and Kestrel refuses them.
    /// </summary>
    private static IEnumerable<RequestCase> Injection(CaseIds ids)
    {
        foreach (var value in new[] { "a\r\nX-Injected: 1", "a\nX-Injected: 1", "a\rX-Injected: 1", "a\r\n X-Injected: 1", "a\r\n\r\nGET /api/smuggled HTTP/1.1", "a\0X-Injected: 1", "\r\nX-Injected: 1\r\n" })
        {
            yield return Case(ids, $"value {value}", WithHeaders(("X-Note", value)), Items, null);
            yield return Case(ids, $"cookie {value}", WithHeaders(("Cookie", value)), Items, null);
        }
        foreach (var name in new[] { "X-Note\r\nX-Injected", "X-Note\nX-Injected", "X-Injected\r", "X-Note: a\r\nX-Injected", "", " ", "X Note", "X-Note:", "Ünïcode", "X-\u0000" })
        {
            yield return Case(ids, $"name {name}", WithHeaders((name, "1")), Items, null);
        }
        yield return Case(ids, "host value with CR LF", new HostileRequest { Host = $"{CorpusGateway.DefaultHost}\r\nX-Injected: 1" }, Expect.InvalidRequest, null);

        yield return Case(ids, "wire: CR LF then an identity header", WithHeaders(("X-Note", $"a\r\n{IdentityHeaders.UserId}: forged")), null, Items);
        // Kestrel reads a bare LF as a line end, as RFC 9112 lets it: one more header, stripped.
        yield return Case(ids, "wire: bare LF then an identity header", WithHeaders(("X-Note", $"a\n{IdentityHeaders.UserId}: forged")), null, Items);
        yield return Case(ids, "wire: bare CR in a value", WithHeaders(("X-Note", $"a\r{IdentityHeaders.UserId}: forged")), null, new Expect.RefusedByServer(400));
        yield return Case(ids, "wire: NUL in a value", WithHeaders(("X-Note", "a\0b")), null, new Expect.RefusedByServer(400));
        yield return Case(ids, "wire: folded line", WithHeaders(("X-Note", $"a\r\n {IdentityHeaders.UserId}: forged")), null, new Expect.RefusedByServer(400));
        yield return Case(ids, "wire: CR in a name", WithHeaders(("X-No\rte", "a")), null, new Expect.RefusedByServer(400));
        yield return Case(ids, "wire: empty name", WithHeaders(("", "a")), null, new Expect.RefusedByServer(400));
        yield return Case(ids, "wire: space in a name", WithHeaders(("X Note", "a")), null, new Expect.RefusedByServer(400));
        yield return Case(ids, "wire: non-ASCII name", WithHeaders(("Ünïcode", "a")), null, new Expect.RefusedByServer(400));
        yield return Case(ids, "wire: line without a colon", WithHeaders(("X-Note-without-colon\r\nX-Other", "a")), null, new Expect.RefusedByServer(400));
        // Non-ASCII values are UTF-8 on both hosts, and forwarded as UTF-8.
        yield return Case(ids, "non-ASCII value", WithHeaders(("X-Note", "café ✓")), Items, Items);
        yield return Case(ids, "U+2028 in a value", WithHeaders(("X-Note", "a\u2028X-Injected: 1")), Items, Items);
        yield return new RequestCase(ids.Next("wire: invalid UTF-8 in a value"), new HostileRequest(), null, new Expect.RefusedByServer(400),
            [.. "GET /api/items HTTP/1.1\r\nHost: gateway.test\r\nX-Note: a"u8, 0xC0, 0xAE, 0xFF, .. "\r\nConnection: close\r\n\r\n"u8]);
    }

    /// <summary>
    /// More than 100 header fields or 32 KB of them: 431 headers_too_large on both hosts. Beyond twice that, Kestrel's
    /// own limits answer first (bare 431); in an event, repeated names arrive as one comma-joined field.
    /// </summary>
    private static IEnumerable<RequestCase> Sizes(CaseIds ids)
    {
        foreach (var size in new[] { 4 * 1024, 24 * 1024 })
        {
            yield return Case(ids, $"one value of {size} bytes", WithHeaders(("X-Big", new string('v', size))), Items, Items);
        }
        yield return Case(ids, "one value just over the limit", WithHeaders(("X-Big", new string('v', MaxHeaderBytes))), Expect.HeadersTooLarge, Expect.HeadersTooLarge);
        foreach (var size in new[] { 128 * 1024, 1024 * 1024 })
        {
            yield return Case(ids, $"one value of {size} bytes", WithHeaders(("X-Big", new string('v', size))), Expect.HeadersTooLarge, new Expect.RefusedByServer(431));
        }
        yield return Case(ids, "forged identity in a huge value", WithHeaders((IdentityHeaders.UserId, new string('f', 40 * 1024))), Expect.HeadersTooLarge, Expect.HeadersTooLarge);

        foreach (var count in new[] { 50, MaxHeaders - 10 })
        {
            yield return Case(ids, $"{count} headers", Many(count), Items, Items);
        }
        foreach (var count in new[] { MaxHeaders + 1, 150 })
        {
            yield return Case(ids, $"{count} headers", Many(count), Expect.HeadersTooLarge, Expect.HeadersTooLarge);
        }
        foreach (var count in new[] { 1000, 5000 })
        {
            yield return Case(ids, $"{count} headers", Many(count), Expect.HeadersTooLarge, new Expect.RefusedByServer(431));
            var repeated = new HostileRequest { Headers = Enumerable.Range(0, count).Select(i => KeyValuePair.Create("X-Same", $"v{i}")).ToArray() };
            var joinedSize = repeated.Headers.Sum(h => h.Value.Length + 1);
            yield return Case(ids, $"{count} times the same header", repeated,
                joinedSize > MaxHeaderBytes ? Expect.HeadersTooLarge : Items, new Expect.RefusedByServer(431));
        }
    }

    private static HostileRequest Many(int count) =>
        new() { Headers = Enumerable.Range(0, count).Select(i => KeyValuePair.Create($"X-H-{i:D4}", "v")).ToArray() };

    /// <summary>A client's X-Request-ID is kept only when it is short and plain; whatever is chosen, client and upstream agree.</summary>
    private static IEnumerable<RequestCase> RequestIds(CaseIds ids)
    {
        foreach (var value in new[] { "plain-id-123", "<script>alert(1)</script>", new string('a', 129), "../../etc/passwd", "", "id with spaces", "ünï", "a,b" })
        {
            yield return Case(ids, $"X-Request-ID {value}", WithHeaders(("X-Request-ID", value)), Items, Items);
        }
        yield return Case(ids, "X-Request-ID with CR LF", WithHeaders(("X-Request-ID", "id\r\nX-Injected: 1")), Items, null);
        yield return Case(ids, "two X-Request-IDs", WithHeaders(("X-Request-ID", "one"), ("X-Request-ID", "two")), Items, Items);
    }

    /// <summary>Hop-by-hop headers naming the gateway's own headers, and framing headers on a request without a body.</summary>
    private static IEnumerable<RequestCase> HopByHop(CaseIds ids)
    {
        foreach (var listed in new[] { "X-Request-ID", "Host", "X-Forwarded-For", "Content-Length", "X-User-ID", "close, X-Note" })
        {
            yield return Case(ids, $"Connection: {listed}", WithHeaders(("Connection", listed), ("X-Note", "1")), Items, Items);
        }
        yield return Case(ids, "Transfer-Encoding on an event without a body", WithHeaders(("Transfer-Encoding", "chunked")), Items, null);
        yield return Case(ids, "Content-Length on an event without a body", WithHeaders(("Content-Length", "12345")), Items, null);
        yield return Case(ids, "Upgrade: websocket", WithHeaders(("Upgrade", "websocket"), ("Connection", "Upgrade")), Items, Items);
        yield return Case(ids, "Expect: 100-continue", WithHeaders(("Expect", "100-continue")), Items, Items);
        yield return Case(ids, "X-Forwarded-For forged", WithHeaders(("X-Forwarded-For", "10.0.0.1\r\nX-Injected: 1")), Items, null);
    }

    /// <summary>Routes bound to a host serve only that host (case-insensitive, any port); everything else is a 404.</summary>
    private static IEnumerable<RequestCase> Hosts(CaseIds ids)
    {
        var hosted = new Expect.Forwarded(CorpusGateway.HostedTarget, CorpusGateway.HostedTarget);
        var wild = new Expect.Forwarded(CorpusGateway.WildTarget, CorpusGateway.WildTarget);
        // Spellings of the bound host: case, port and the trailing dot of a fully qualified name.
        foreach (var host in new[] { CorpusGateway.BoundHost, "API.EXAMPLE.COM", $"{CorpusGateway.BoundHost}:8443", $"{CorpusGateway.BoundHost}.", $"API.{CorpusGateway.BoundHost[4..]}.:443" })
        {
            yield return Case(ids, $"Host {host}", new HostileRequest { Target = "/hosted", Host = host }, hosted, hosted);
        }
        foreach (var host in new[] { "other.test", $"{CorpusGateway.BoundHost}.evil.test", $"evil{CorpusGateway.BoundHost}", "", "127.0.0.1", "[::1]:80", "xn--api-example-com" })
        {
            yield return Case(ids, $"Host '{host}'", new HostileRequest { Target = "/hosted", Host = host }, Expect.RouteNotFound, Expect.RouteNotFound);
        }
        foreach (var host in new[] { $"{CorpusGateway.BoundHost}@evil.test", $"evil.test:{CorpusGateway.BoundHost}", $"{CorpusGateway.BoundHost} evil", $"{CorpusGateway.BoundHost}/x", $"{CorpusGateway.BoundHost}:99999x" })
        {
            yield return Case(ids, $"Host '{host}'", new HostileRequest { Target = "/hosted", Host = host }, Expect.InvalidRequest, new Expect.RefusedByServer(400));
        }
        yield return Case(ids, "no Host", new HostileRequest { Target = "/hosted", Host = null }, Expect.RouteNotFound, new Expect.RefusedByServer(400));
        yield return Case(ids, "two Hosts", new HostileRequest { Target = "/hosted", Headers = [KeyValuePair.Create("Host", "other.test")], Host = CorpusGateway.BoundHost },
            null, new Expect.RefusedByServer(400));
        yield return Case(ids, "Host with CR LF", new HostileRequest { Target = "/hosted", Host = $"{CorpusGateway.BoundHost}\r\nX-Injected: 1" }, Expect.InvalidRequest, null);
        foreach (var host in new[] { $"a.{CorpusGateway.WildcardDomain}", $"a.b.{CorpusGateway.WildcardDomain}", $"A.{CorpusGateway.WildcardDomain.ToUpperInvariant()}:1" })
        {
            yield return Case(ids, $"Host {host}", new HostileRequest { Target = "/wild", Host = host }, wild, wild);
        }
        foreach (var host in new[] { CorpusGateway.WildcardDomain, $"evil{CorpusGateway.WildcardDomain}", $"{CorpusGateway.WildcardDomain}.evil.test", $"a.{CorpusGateway.WildcardDomain}.evil" })
        {
            yield return Case(ids, $"Host '{host}'", new HostileRequest { Target = "/wild", Host = host }, Expect.RouteNotFound, Expect.RouteNotFound);
        }
        // Routes without a host serve every host.
        yield return Case(ids, "unbound route, unknown Host", new HostileRequest { Host = "other.test" }, Items, Items);
    }
}
