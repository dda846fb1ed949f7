using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Requests;

/// <summary>
/// Paths: traversal in every spelling (dot segments plain, percent-encoded once to four times, mixed case, nested
/// partial encodings, overlong UTF-8, IIS's %u, Tomcat's ";", backslashes, encoded separators), segments with no single
/// reading, and harmless segments with their canonical spelling, in several positions on
/// two routes; control characters and NUL, raw and encoded; invalid percent-encodings and invalid UTF-8; unicode raw,
/// encoded and lookalike; very long paths and queries; and sampled paths assembled from all of these.
/// </summary>
public sealed class PathFamily : IRequestFamily
{
    /// <summary>Segments that could climb out of a prefix, to some upstream: each is refused with 400 invalid_path.</summary>
    private static readonly string[] Escaping =
    [
        "..", ".", "%2e%2e", "%2E%2E", "%2e%2E", ".%2e", "%2e.", "%2e", "%252e%252e", "%252E.", "%25252e%25252e",
        "%2525252e%2525252e", "%%32%65%%32%65", "%2%65%2%65", "%c0%ae%c0%ae", "%c0%2e%c0%2e", "%e0%80%ae%e0%80%ae",
        "%f0%80%80%ae%f0%80%80%ae", "%c0%ae.", ".%c0%ae", "%u002e%u002e", "%U002E%U002E", "%u002e.", "..;", "..;x=1", ".;",
        "%2e%2e;", "..%3b", "..%3bjsessionid=1", "..%00", "%2e%2e%00", "..%2f", "..%5c", "%2e%2e%2f", "..%252f", "..\\",
        "\\..", "%5c..", "..%c0%af", "..%c1%9c", "a\\b", "%5c", "%255c", "%00", "%2500", "%0d%0a", "%0a", "%09", "%7f",
        "%c0%80", "%ff", "%80", "%e2%82", "%c3", "%fe%ff",
    ];

    /// <summary>
    /// Segments with no single reading, refused with 400 invalid_path: broken escapes (which decoders repair in
    /// different ways), escapes of escapes (a second decoding pass changes them), an encoded slash (a separator to
    /// some upstreams) and ";parameters", raw or encoded (cut by Servlet containers), on routes that do not take them.
    /// </summary>
    private static readonly string[] Ambiguous =
        ["%", "%zz", "%2", "%g0", "a%", "%u2025", "%2525", "%2561", "%25u0061", "a%2fb", "a%2Fb", "a;b=c", "%3b;x", "%3b", "a%3Bb"];

    /// <summary>Segments that look odd but cannot climb, and the canonical spelling the upstream receives (RFC 3986 §6.2.2).</summary>
    private static readonly (string Segment, string Canonical)[] Harmless =
    [
        ("items", "items"), ("...", "..."), (".hidden", ".hidden"), ("a..b", "a..b"), ("..a", "..a"), ("%2e%2e%2e", "..."),
        (".%2e.", "..."), ("%c3%a9", "%C3%A9"), ("%e2%82%ac", "%E2%82%AC"), ("%e2%80%a5", "%E2%80%A5"),
        ("%ef%bc%8e%ef%bc%8e", "%EF%BC%8E%EF%BC%8E"), ("100%25", "100%25"), ("~user", "~user"), ("%7euser", "~user"),
        ("%61dmin", "admin"), ("%41%2D%5f", "A-_"), ("%20", "%20"), ("a+b", "a+b"), ("!$&'()*+,=:@", "!$&'()*+,=:@"),
    ];

    private static readonly Func<string, (string Target, Expect Forwarded)>[] Positions =
    [
        s => ($"/api/{s}/admin", new Expect.Forwarded(CorpusGateway.ApiPrefix, $"/svc-api/{s}/admin")),
        s => ($"/api/x/{s}/{s}/admin", new Expect.Forwarded(CorpusGateway.ApiPrefix, $"/svc-api/x/{s}/{s}/admin")),
        s => ($"/api/{s}", new Expect.Forwarded(CorpusGateway.ApiPrefix, $"/svc-api/{s}")),
        s => ($"/api/a/{s}?q=1", new Expect.Forwarded(CorpusGateway.ApiPrefix, $"/svc-api/a/{s}?q=1")),
        s => ($"/files/{s}/x", new Expect.Forwarded(CorpusGateway.FilesPrefix, $"/svc-files/files/{s}/x")),
    ];

    public string Name => "paths";

    public IEnumerable<RequestCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        foreach (var segment in Escaping.Concat(Ambiguous))
        {
            foreach (var position in Positions)
            {
                yield return Both(ids, position(segment).Target, Expect.InvalidPath);
            }
        }
        foreach (var (segment, canonical) in Harmless)
        {
            foreach (var position in Positions)
            {
                var (target, _) = position(segment);
                yield return Both(ids, target, position(canonical).Forwarded);
            }
        }
        foreach (var item in RawCharacters(ids))
        {
            yield return item;
        }
        foreach (var item in Lengths(ids))
        {
            yield return item;
        }
        foreach (var item in Shapes(ids))
        {
            yield return item;
        }
        foreach (var item in Assembled(ids, settings))
        {
            yield return item;
        }
    }

    /// <summary>
    /// The same answer on both hosts, except where Kestrel refuses the bytes itself: it decodes the path before the
    /// gateway sees it and refuses an encoded NUL with a bare 400.
    /// </summary>
    private static RequestCase Both(CaseIds ids, string target, Expect expected, string method = "GET") =>
        Each(ids, target, expected, new HostileRequest { Target = target }.Path.Contains("%00", StringComparison.OrdinalIgnoreCase) ? new Expect.RefusedByServer(400) : expected, method);

    private static RequestCase Each(CaseIds ids, string target, Expect lambda, Expect kestrel, string method = "GET") =>
        new(ids.Next($"{method} {target}"), new HostileRequest { Method = method, Target = target }, lambda, kestrel);

    /// <summary>
    /// Characters a request target never holds raw. An event carries them as they are, and the gateway refuses them;
    /// on the wire most break the request line and Kestrel refuses the bytes itself, but '#' and DEL get through to
    /// the gateway.
    /// </summary>
    private static IEnumerable<RequestCase> RawCharacters(CaseIds ids)
    {
        foreach (var raw in new[] { "\0", "\r\n", "\n", "\r", "\t", "\u007f", "\u0001", " ", "a b", "ü", "日本", "😀", "\u2028", "\u00a0", "．．" })
        {
            yield return Each(ids, $"/api/{raw}/x", Expect.InvalidPath, new Expect.RefusedByServer(400));
        }
        foreach (var raw in new[] { "a#b", "#" })
        {
            yield return Both(ids, $"/api/{raw}/x", Expect.InvalidPath);
        }
        // A query is forwarded byte for byte, so it must be one: control characters, spaces, '#' and raw non-ASCII in
        // it are refused.
        foreach (var raw in new[] { "\r\nX-Injected: 1", "\n", "\0", "ü", "\u2028" })
        {
            yield return Each(ids, $"/api/items?a={raw}", Expect.InvalidRequest, new Expect.RefusedByServer(400));
        }
        // On the wire a space ends the target: Kestrel reads "?a=" and takes the doubled space before the version.
        yield return Each(ids, "/api/items?a= ", Expect.InvalidRequest, new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/items?a="));
        foreach (var raw in new[] { "b#c", "\u007f" })
        {
            yield return Both(ids, $"/api/items?a={raw}", Expect.InvalidRequest);
        }
        // A CR LF in an event's query would split the upstream request after the identity headers were stripped. On
        // the wire the same bytes are simply a request with one more header, which is stripped.
        yield return Each(ids, $"/api/items?a=1 HTTP/1.1\r\n{Gateway.Identity.IdentityHeaders.UserId}: forged\r\nX-Pad: x", Expect.InvalidRequest,
            new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/items?a=1"));
        foreach (var encoded in new[] { "%0d%0aX-Injected:%201", "%00", "%23", "%c3%bc", "%", "%zz", "a=1&a=2&&=", "x=/../../etc" })
        {
            yield return Both(ids, $"/api/items?{encoded}", new Expect.Forwarded(CorpusGateway.ApiPrefix, $"/svc-api/items?{encoded}"));
        }
    }

    /// <summary>The request target (path and query) is limited to 8 KB on both hosts: 414 uri_too_long beyond.</summary>
    private static IEnumerable<RequestCase> Lengths(CaseIds ids)
    {
        const int limit = 8 * 1024;
        var atLimit = "/api/" + new string('a', limit - 5);
        yield return Both(ids, atLimit, new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/" + atLimit[5..]));
        yield return Both(ids, atLimit + "b", Expect.UriTooLong);
        yield return Both(ids, "/api/items?" + new string('q', limit), Expect.UriTooLong);
        yield return Both(ids, "/api/" + string.Concat(Enumerable.Repeat("a/", 5000)), Expect.UriTooLong);
        // Beyond twice the limit Kestrel's own request-line limit answers first, bare.
        foreach (var size in new[] { 20 * 1024, 64 * 1024 })
        {
            yield return Each(ids, "/api/" + new string('a', size), Expect.UriTooLong, new Expect.RefusedByServer(414));
            yield return Each(ids, "/api/" + string.Concat(Enumerable.Repeat("%2e%2e/", size / 7)), Expect.UriTooLong, new Expect.RefusedByServer(414));
        }
    }

    /// <summary>Whole-target shapes: routing, 404s, 405s, empty segments, request-target forms.</summary>
    private static IEnumerable<RequestCase> Shapes(CaseIds ids)
    {
        yield return Both(ids, "//api/items", new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/items"));
        yield return Both(ids, "/api//items//x", new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/items/x"));
        yield return Both(ids, "/api/items/", new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/items/"));
        yield return Both(ids, "/orders/42", new Expect.Forwarded(CorpusGateway.OrderPrefix, "/svc-api/orders/42"));
        yield return Both(ids, "/orders/%2e%2e", Expect.InvalidPath);
        yield return Both(ids, "/orders/..%2f..%2fadmin", Expect.InvalidPath);
        yield return Both(ids, "/orders", new Expect.Forwarded("/svc-api/orders", "/svc-api/orders"), "POST");
        // Literal segments match in any case, as case-insensitive upstreams read them, and go on in the route's spelling.
        foreach (var target in new[] { "/API/items", "/Api/items", "/%41pi/items" })
        {
            yield return Both(ids, target, new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/items"));
        }
        foreach (var target in new[] { "/nope", "/", "/api", "/api/", "/apix/items", "/files", "/orders/42/x", "/hosted" })
        {
            yield return Both(ids, target, Expect.RouteNotFound);
        }
        yield return Both(ids, "/orders/42", new Expect.Refused(405, "method_not_allowed"), "DELETE");
        yield return Both(ids, "/orders/42", new Expect.Refused(405, "method_not_allowed"), "POST");
        yield return Both(ids, "/orders", new Expect.Refused(405, "method_not_allowed"), "GET");
        yield return Both(ids, "/api/items", new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/items"), "PATCH");
        yield return Both(ids, "/api/items", new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/items"), "X-CUSTOM");
        // Not a path at all. An event carries whatever it is given; on the wire, Kestrel decides what a target is.
        yield return Each(ids, "", Expect.InvalidPath, new Expect.RefusedByServer(400));
        yield return Each(ids, "api/items", Expect.InvalidPath, new Expect.RefusedByServer(400));
        yield return Each(ids, "*", Expect.InvalidPath, new Expect.RefusedByServer(405));
        yield return Both(ids, "*", Expect.InvalidPath, "OPTIONS");
        // The absolute form is how a proxy is addressed, and RFC 9112 obliges a server to accept it: the path is served.
        yield return Each(ids, $"http://{CorpusGateway.DefaultHost}/api/items", Expect.InvalidPath,
            new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/items"));
        yield return Each(ids, $"http://{CorpusGateway.DefaultHost}/api/%2e%2e/admin", Expect.InvalidPath, Expect.InvalidPath);
    }

    /// <summary>
    /// Sampled: paths of one to six segments drawn from the lists. Refused exactly when one segment can climb or has
    /// no single reading, otherwise forwarded in its canonical spelling.
    /// </summary>
    private static IEnumerable<RequestCase> Assembled(CaseIds ids, CorpusSettings settings)
    {
        var random = settings.RandomFor("paths/assembled");
        for (var i = 0; i < settings.Sample(1_000); i++)
        {
            var segments = new string[random.Next(1, 7)];
            var canonical = new string[segments.Length];
            var refused = false;
            for (var s = 0; s < segments.Length; s++)
            {
                switch (random.Next(8))
                {
                    case 0:
                        segments[s] = Escaping[random.Next(Escaping.Length)];
                        refused = true;
                        break;
                    case 1:
                        segments[s] = Ambiguous[random.Next(Ambiguous.Length)];
                        refused = true;
                        break;
                    default:
                        (segments[s], canonical[s]) = Harmless[random.Next(Harmless.Length)];
                        break;
                }
            }
            yield return Both(ids, "/api/" + string.Join('/', segments),
                refused ? Expect.InvalidPath : new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/" + string.Join('/', canonical)));
        }
    }
}
