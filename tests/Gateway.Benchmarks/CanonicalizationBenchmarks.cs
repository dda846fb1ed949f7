using BenchmarkDotNet.Attributes;
using Gateway.Canonicalization;
using Gateway.Configuration;
using Gateway.Http;

namespace Gateway.Benchmarks;

/// <summary>
/// What the edge's canonicalization costs per request (method, host, client address, client headers, body, path),
/// apart from the rest of the pipeline. Each call needs a fresh request, since canonicalization rewrites it in place;
/// <see cref="BuildRequestOnly"/> is that building alone, to subtract.
/// </summary>
[MemoryDiagnoser]
public class CanonicalizationBenchmarks
{
    private readonly EdgeCanonicalizer _edge = new(new GatewaySettings());

    [Benchmark(Baseline = true)]
    public GatewayRequest BuildRequestOnly() => Request("/orders/42", "abc123.execute-api.eu-west-1.amazonaws.com");

    /// <summary>The common request: nothing to decode, a host already canonical. The GET pipeline benchmark's shape.</summary>
    [Benchmark]
    public EdgeRefusal? PlainGet() => _edge.Canonicalize(Request("/orders/42", "abc123.execute-api.eu-west-1.amazonaws.com"), out _);

    /// <summary>Escapes to decode, hex to upper-case, a ';parameter', a host in capitals with a trailing dot and a port.</summary>
    [Benchmark]
    public EdgeRefusal? EscapedPathAndHost() => _edge.Canonicalize(Request("/%6Frders/%34%32;v=1/caf%c3%a9", "API.Example.com.:8443"), out _);

    private static GatewayRequest Request(string path, string host)
    {
        var headers = new HeaderCollection();
        headers.Add("accept", "application/json");
        headers.Add("user-agent", "curl/8.5.0");
        headers.Add("x-amzn-trace-id", "Root=1-65f1c2a0-4f2b6c9d8e7a6b5c4d3e2f1a");
        headers.Add("x-forwarded-for", "198.51.100.23");
        headers.Add("x-forwarded-port", "443");
        headers.Add("x-forwarded-proto", "https");
        return new GatewayRequest { Method = "GET", Path = path, RawQuery = "expand=items", Headers = headers, Host = host };
    }
}
