using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Gateway.Http;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.Benchmarks;

/// <summary>
/// What request validation costs on adversarial bodies, per request through the whole pipeline (the body parsed,
/// checked, refused with 400; nothing reaches the upstream). Each body is made so that the old validator's
/// weak spot is hit and the one failing item comes last, where everything before it must be checked. Divide by
/// <see cref="KiloBytes"/> for µs per KB: flat across sizes means the cost grows as n (log n).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class SchemaValidationBenchmarks
{
    private const string Config = """
        services:
          api: { url: "http://upstream.internal" }
        routes:
          - { name: bounded-unique, path: /bounded-unique, methods: [POST], service: api, policies: { requestValidation: { schema: { type: array, maxItems: 10, uniqueItems: true } } } }
          - { name: unique, path: /unique, methods: [POST], service: api, policies: { requestValidation: { schema: { type: array, uniqueItems: true } } } }
          - { name: pattern, path: /pattern, methods: [POST], service: api, policies: { requestValidation: { schema: { type: array, items: { type: string, pattern: "^(a+)+$" } } } } }
          - { name: enum, path: /enum, methods: [POST], service: api, policies: { requestValidation: { schema: { type: array, items: { enum: [{ kind: a, tags: [x, y] }, { kind: b, tags: [] }] } } } } }
          - name: wide-object
            path: /wide-object
            methods: [POST]
            service: api
            policies:
              requestValidation:
                schema: { type: object, required: [a, b, c, d, e, f, g, h], additionalProperties: { type: integer } }
        """;

    private GatewayHandler _gateway = null!;
    private byte[] _body = null!;
    private string _path = null!;

    [Params("bounded-unique", "unique", "pattern", "enum", "wide-object")]
    public string Case { get; set; } = null!;

    [Params(1, 16, 256)]
    public int KiloBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _gateway = TestGateway.Build(Config);
        _path = "/" + Case;
        _body = Encoding.UTF8.GetBytes(Body(Case, KiloBytes * 1024));
        if (Run().GetAwaiter().GetResult().StatusCode != 400)
        {
            throw new InvalidOperationException($"the {Case} body must be refused");
        }
    }

    [Benchmark]
    public async Task<GatewayResponse> Validate() => await Run();

    private ValueTask<GatewayResponse> Run()
    {
        var request = Requests.Create("POST", _path, headers: ("Content-Type", "application/json"));
        request.Body = _body;
        return _gateway.HandleAsync(request, Requests.Anonymous, CancellationToken.None);
    }

    /// <summary>A JSON body of about <paramref name="bytes"/> bytes that the case's schema refuses at its very end.</summary>
    internal static string Body(string kind, int bytes)
    {
        var items = new List<string>();
        var size = 2;
        for (var i = 0; size < bytes; i++)
        {
            var item = kind switch
            {
                "bounded-unique" or "unique" => $$"""{"id":{{i}},"tags":["a","b"]}""",
                "pattern" => "\"" + new string('a', 30) + "\"",
                "enum" => """{"tags":["x","y"],"kind":"a"}""",
                _ => $"\"p{i}\":{i}",
            };
            items.Add(item);
            size += item.Length + 1;
        }
        var last = kind switch
        {
            "bounded-unique" => items[^1],
            "unique" => items[0],
            "pattern" => "\"" + new string('a', 30) + "!\"",
            "enum" => """{"tags":["y","x"],"kind":"a"}""",
            _ => "\"z\":\"not an integer\"",
        };
        items.Add(last);
        return kind == "wide-object" ? "{" + string.Join(',', items) + "}" : "[" + string.Join(',', items) + "]";
    }
}
