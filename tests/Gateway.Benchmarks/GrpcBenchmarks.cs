using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Grpc;
using Gateway.Grpc.Transcoding;
using Gateway.Pipeline;
using Gateway.Policies;
using Gateway.ProtoText;
using Gateway.Testing;

namespace Gateway.Benchmarks;

/// <summary>
/// REST → gRPC: transcoding a 1 KB message each way (goal ≤ 10 µs and ≤ 4 KB allocated per direction), and a gRPC
/// route's whole pipeline against an HTTP route's, both with in-process upstreams answering the same JSON.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class GrpcBenchmarks
{
    /// <summary>About 1 KB as protobuf (1.6 KB as JSON): scalars of each kind, repeated and nested messages, a map, a timestamp.</summary>
    private const string OneKilobyte = """
        {"anInt32": 123456, "anInt64": "9007199254740993", "aUint32": 42, "aDouble": 3.14159, "aBool": true,
         "aString": "The quick brown fox jumps over the lazy dog, twice over: the quick brown fox jumps again. Then it rests a while in the shade, and a second, longer sentence makes this string the size a real description field has.",
         "byteList": ["AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="],
         "someBytes": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "color": "GREEN",
         "inner": {"label": "outer", "points": [1, 2, 3, 4, 5, 6, 7, 8], "child": {"label": "inner", "points": [9, 10]}},
         "int32s": [1, 22, 333, 4444, 55555, 666666, 7777777, 88888888],
         "int64s": ["1", "-2", "30000000000", "-40000000000"],
         "doubles": [0.5, 1.25, 2.125, 1e20, -3.5],
         "strings": ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"],
         "colors": ["RED", "GREEN", "RED"],
         "inners": [{"label": "first line item", "points": [1, 2]}, {"label": "second line item", "points": [3, 4]},
                    {"label": "third line item", "points": [5, 6]}, {"label": "fourth line item", "points": [7, 8]}],
         "counts": {"apples": 3, "pears": 5, "plums": 8, "cherries": 13, "figs": 21},
         "namesById": {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six"},
         "wrappedInt64": "123456789012", "timestamps": ["2026-01-01T00:00:00Z", "2026-06-30T12:00:00.5Z"],
         "choiceText": "a oneof member with some text in it",
         "when": "2026-12-05T10:15:30.123Z", "howLong": "1.5s", "wrappedInt32": 7, "wrappedString": "wrapped",
         "details": {"region": "eu-west-1", "tier": "gold", "weight": 12.5, "active": true}}
        """;

    private ProtoJsonTranscoder _transcoder = null!;
    private byte[] _json = null!;
    private byte[] _binary = null!;
    private GatewayHandler _gateway = null!;

    [GlobalSetup]
    public void Setup()
    {
        var proto = Path.Combine(RepositoryPaths.Root, "tests", "Gateway.GrpcTests", "Protos", "transcoding.proto");
        var schema = ProtoSchema.TryBuild(proto, new ProtoTextCompiler().Compile(proto).Files, out var error) ?? throw new InvalidOperationException(error);
        var echo = schema.FindMethod("gateway.test.Tester/Echo", out _)!;
        _transcoder = new ProtoJsonTranscoder(echo.File.MessageTypes.Single(m => m.Name == "Everything"));
        _json = Encoding.UTF8.GetBytes(OneKilobyte);
        _binary = _transcoder.JsonToProto(_json);
        Console.WriteLine($"// message: {_binary.Length} bytes as protobuf, {_json.Length} as JSON");

        var yaml = $$"""
            services:
              orders: { url: "http://orders.internal", retry: { attempts: 1 } }
              tester: { url: "http://tester.internal", protocol: grpc, proto: transcoding.proto, retry: { attempts: 1 } }
            routes:
              - { name: http, path: "/http/{name}", methods: [GET], service: orders }
              - { name: grpc, path: "/grpc/{name}", methods: [GET], service: tester, grpc: { method: gateway.test.Tester/Echo } }
            """;
        var config = new GatewayConfigLoader(PolicyCatalog.Default, _ => null, new ProtoTextCompiler())
            .Parse(yaml, Path.Combine(Path.GetDirectoryName(proto)!, "benchmark.yaml")).GetConfigOrThrow();
        var reply = new ProtoJsonTranscoder(echo.OutputType).JsonToProto("""{"greeting": "Hello Ada", "id": "42", "tags": ["a", "b"]}"""u8.ToArray());
        _gateway = GatewayBuilder.Build(config, TestGateway.Services(new BothProtocols(GrpcFraming.Frame(reply))));
        if (Get("/grpc/Ada").GetAwaiter().GetResult() != 200 || Get("/http/Ada").GetAwaiter().GetResult() != 200)
        {
            throw new InvalidOperationException("a route did not answer 200");
        }
    }

    [Benchmark(Description = "JSON → protobuf, 1 KB message")]
    public int JsonToProto() => _transcoder.JsonToProto(_json).Length;

    [Benchmark(Description = "protobuf → JSON, 1 KB message")]
    public int ProtoToJson() => _transcoder.ProtoToJson(_binary).Length;

    [Benchmark(Description = "pipeline, HTTP route (in-process upstream)")]
    public Task<int> HttpRoute() => Get("/http/Ada");

    [Benchmark(Description = "pipeline, gRPC route (in-process upstream): path → request, reply → JSON")]
    public Task<int> GrpcRoute() => Get("/grpc/Ada");

    private async Task<int> Get(string path)
    {
        var response = await _gateway.HandleAsync(Requests.Create("GET", path, "id=42"), Requests.Anonymous);
        return response.StatusCode;
    }

    /// <summary>Answers a gRPC call with a framed reply and grpc-status 0, anything else with a small JSON body.</summary>
    private sealed class BothProtocols(byte[] grpcReply) : HttpMessageHandler
    {
        private static readonly byte[] Json = """{"greeting":"Hello Ada","id":"42","tags":["a","b"]}"""u8.ToArray();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var grpc = request.Content?.Headers.ContentType?.MediaType == "application/grpc";
            var content = new ByteArrayContent(grpc ? grpcReply : Json);
            content.Headers.ContentType = new MediaTypeHeaderValue(grpc ? "application/grpc" : "application/json");
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
            if (grpc)
            {
                response.TrailingHeaders.TryAddWithoutValidation("grpc-status", "0");
            }
            return Task.FromResult(response);
        }
    }
}
