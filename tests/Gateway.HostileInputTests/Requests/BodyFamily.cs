using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Requests;

/// <summary>
/// Bodies: at, just over and far over gateway.maxRequestBodySize (413 payload_too_large, read no further than the
/// limit), and on the wire the framing a smuggler plays with: Content-Length against Transfer-Encoding, two lengths,
/// malformed lengths and chunks.
/// </summary>
public sealed class BodyFamily : IRequestFamily
{
    private static readonly Expect.Forwarded Order = new("/svc-api/orders", "/svc-api/orders");

    public string Name => "bodies";

    public IEnumerable<RequestCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        foreach (var size in new[] { 1, CorpusGateway.MaxBody })
        {
            yield return Post(ids, $"{size} bytes", size, Order);
        }
        foreach (var size in new[] { CorpusGateway.MaxBody + 1, 1024 * 1024, 6 * 1024 * 1024 })
        {
            yield return Post(ids, $"{size} bytes", size, Expect.PayloadTooLarge);
        }
        var binary = new byte[4096];
        settings.RandomFor("bodies/binary").NextBytes(binary);
        yield return new RequestCase(ids.Next("random binary body"), new HostileRequest { Method = "POST", Target = "/orders", Body = binary }, Order, Order);

        // Framing exists only on the wire.
        const string head = "POST /orders HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n";
        // Both lengths: Kestrel goes by Transfer-Encoding and closes the connection after answering, as RFC 9112
        // allows; the gateway forwards with framing of its own, so nothing can be smuggled past it.
        yield return Wire(ids, "Content-Length and Transfer-Encoding", head + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", Order);
        yield return Wire(ids, "two different Content-Lengths", head + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab", new Expect.RefusedByServer(400));
        yield return Wire(ids, "Content-Length: -1", head + "Content-Length: -1\r\n\r\n", new Expect.RefusedByServer(400));
        yield return Wire(ids, "Content-Length: 1e3", head + "Content-Length: 1e3\r\n\r\n", new Expect.RefusedByServer(400));
        yield return Wire(ids, "Content-Length: 99999999999999999999", head + "Content-Length: 99999999999999999999\r\n\r\n", new Expect.RefusedByServer(400));
        // Broken chunks surface while the gateway reads the body: its JSON 400, not an unhandled exception.
        yield return Wire(ids, "chunk size not hex", head + "Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n", Expect.InvalidRequest);
        yield return Wire(ids, "chunk longer than declared", head + "Transfer-Encoding: chunked\r\n\r\n2\r\nabcdef\r\n0\r\n\r\n", Expect.InvalidRequest);
        yield return Wire(ids, "Transfer-Encoding: gzip only", head + "Transfer-Encoding: gzip\r\n\r\n", new Expect.RefusedByServer(400));
        yield return Wire(ids, "chunked body under the limit", head + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", Order);
        yield return Wire(ids, "chunked body over the limit", head + "Transfer-Encoding: chunked\r\n\r\n" + Chunks(CorpusGateway.MaxBody + 4096) + "0\r\n\r\n", Expect.PayloadTooLarge);
        yield return Wire(ids, "request line only, no HTTP version", "GET /api/items\r\n\r\n", new Expect.RefusedByServer(505));
        yield return Wire(ids, "HTTP/1.0 without Host", "GET /api/items HTTP/1.0\r\n\r\n", new Expect.Forwarded(CorpusGateway.ApiPrefix, "/svc-api/items"));
        yield return Wire(ids, "HTTP/9.9", "GET /api/items HTTP/9.9\r\nHost: gateway.test\r\n\r\n", new Expect.RefusedByServer(505));
    }

    private static RequestCase Post(CaseIds ids, string label, int size, Expect expected) =>
        new(ids.Next($"POST /orders with {label}"), new HostileRequest { Method = "POST", Target = "/orders", Body = new byte[size] }, expected, expected);

    private static RequestCase Wire(CaseIds ids, string label, string bytes, Expect expected) =>
        new(ids.Next($"wire: {label}"), new HostileRequest(), null, expected, WireRequest.Raw(bytes));

    private static string Chunks(int total)
    {
        var chunk = new string('c', 4096);
        return string.Concat(Enumerable.Repeat($"1000\r\n{chunk}\r\n", total / 4096));
    }
}
