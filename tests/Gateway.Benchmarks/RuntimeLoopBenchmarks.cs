using System.Net;
using BenchmarkDotNet.Attributes;
using Gateway.Configuration;
using Gateway.Lambda;
using Gateway.Lambda.Runtime;

namespace Gateway.Benchmarks;

/// <summary>
/// What the Runtime API loop adds to each warm invocation, the loopback round trips excluded: one turn of the loop
/// (GET next through HttpClient, its headers read, _X_AMZN_TRACE_ID set, the handler called, the response posted)
/// over a transport that answers from memory, against calling the same handler directly. The handler does nothing,
/// so the difference is the loop's own cost.
/// </summary>
[MemoryDiagnoser]
public class RuntimeLoopBenchmarks
{
    private static readonly byte[] Event = """{"version":"2.0","routeKey":"GET /me","rawPath":"/me","headers":{"accept":"application/json"}}"""u8.ToArray();
    private static readonly byte[] Answer = """{"isAuthorized":false}"""u8.ToArray();

    private readonly NothingFunction _function = new();
    private RuntimeApiClient _api = null!;
    private RuntimeLoop _loop = null!;

    [GlobalSetup]
    public void Setup()
    {
        _api = new RuntimeApiClient("127.0.0.1:9001", new InMemoryRuntimeApi());
        _loop = new RuntimeLoop(_api, _function);
    }

    [GlobalCleanup]
    public void Cleanup() => _api.Dispose();

    [Benchmark(Baseline = true)]
    public Task<Stream> Handler_alone() => _function.HandleAsync(new MemoryStream(Event, writable: false), new InvocationContext("id", DateTimeOffset.UtcNow.AddSeconds(30)));

    [Benchmark]
    public Task One_turn_of_the_loop() => _loop.ServeOneAsync(CancellationToken.None);

    private sealed class NothingFunction : ILambdaFunction
    {
        public IReadOnlyList<ConfigProblem> ConfigProblems => [];

        public Task<Stream> HandleAsync(Stream input, InvocationContext invocation) => Task.FromResult<Stream>(new MemoryStream(Answer, writable: false));
    }

    /// <summary>The Runtime API's answers as Lambda sends them, from memory: an invocation on GET, 202 on POST.</summary>
    private sealed class InMemoryRuntimeApi : HttpMessageHandler
    {
        private long _ids;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Event) };
                response.Headers.TryAddWithoutValidation("Lambda-Runtime-Aws-Request-Id", $"8476a536-e9f4-11e8-9739-{++_ids:D12}");
                response.Headers.TryAddWithoutValidation("Lambda-Runtime-Deadline-Ms", DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
                response.Headers.TryAddWithoutValidation("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:gateway");
                response.Headers.TryAddWithoutValidation("Lambda-Runtime-Trace-Id", "Root=1-65f1c2a0-4f2b6c9d8e7a6b5c4d3e2f1a;Parent=53995c3f42cd8ad8;Sampled=1");
                return response;
            }
            // The runtime's response body is read, as Lambda reads it.
            await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.Accepted);
        }
    }
}
