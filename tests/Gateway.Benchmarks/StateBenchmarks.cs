using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Lambda;
using Gateway.Stores.DynamoDb;
using Gateway.Testing;

namespace Gateway.Benchmarks;

/// <summary>
/// What shared state costs per request: the same Lambda request with one rate limit and a closed breaker, on the
/// in-memory stores and on DynamoDB Local, against the same request without either, in one run. DynamoDB requests are counted in the SDK's HTTP pipeline and
/// reported per proxied request. In-process, so that the count can be read back by the column.
/// </summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class StateBenchmarks
{
    private const string NoState = """
        services:
          orders: { url: "http://orders.internal", circuitBreaker: { enabled: false } }
        routes:
          - { name: get-order, path: "/orders/{id}", methods: [GET], service: orders }
        """;

    private const string Config = """
        services:
          orders: { url: "http://orders.internal", circuitBreaker: { stateCacheTtl: 1s } }
        routes:
          - name: get-order
            path: "/orders/{id}"
            methods: [GET]
            service: orders
            policies:
              rateLimit:
                limits: [{ name: per-ip, by: ip, algorithm: slidingWindow, requests: 1000000000, per: 1s }]
        """;

    private ProxyFunction _function = null!;
    private LocalDynamoDb? _db;
    private CountingHttpClientFactory? _requests;
    private long _invocations;

    /// <summary>none: no limit and no breaker, the baseline the other two add to.</summary>
    [Params("none", "memory", "dynamodb")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        var config = new GatewayConfigLoader(Policies.PolicyCatalog.Default, _ => null).Parse(Store == "none" ? NoState : Config, "benchmark.yaml").GetConfigOrThrow();
        var services = new GatewayServices { UpstreamClient = new HttpClient(new InProcessUpstream()) { Timeout = Timeout.InfiniteTimeSpan } };
        if (Store == "dynamodb")
        {
            _db = LocalDynamoDb.StartAsync().GetAwaiter().GetResult();
            _requests = new CountingHttpClientFactory();
            var client = LocalDynamoDb.CreateClient(_db.Endpoint, TimeSpan.FromSeconds(5), _requests);
            var (counters, breakers) = DynamoDbStores.Create(client, _db.CreateTableAsync().GetAwaiter().GetResult(), TimeSpan.FromSeconds(1), TimeProvider.System);
            services = services with { Counters = counters, Breakers = breakers };
        }
        _function = new ProxyFunction(GatewayBuilder.Build(config, services));
    }

    /// <summary>Counts over every invocation of the case (pilot, warm-up and measured), first breaker read included.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var invocations = Math.Max(1, _invocations);
        DynamoDbRequestsColumn.Record(Store, (double)(_requests?.Total ?? 0) / invocations, (double)(_requests?.Count("GetItem") ?? 0) / invocations);
        _db?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "GET, one rate limit + closed breaker, Lambda event in → response out")]
    public async Task<long> LambdaGetWithRateLimitAndBreaker()
    {
        _invocations++;
        await using var output = await _function.HandleAsync(new MemoryStream(PipelineBenchmarks.GetOrderEvent, writable: false));
        return output.Length;
    }

    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15));
            AddColumn(new DynamoDbRequestsColumn(reads: false), new DynamoDbRequestsColumn(reads: true));
        }
    }
}

/// <summary>DynamoDB requests per proxied request (all, or breaker reads only), over all of a case's invocations.</summary>
public sealed class DynamoDbRequestsColumn(bool reads) : IColumn
{
    private static readonly Dictionary<string, (double All, double Reads)> Last = [];

    public static void Record(string store, double all, double reads)
    {
        lock (Last)
        {
            Last[store] = (all, reads);
        }
    }

    public string Id => reads ? "DdbReadsPerOp" : "DdbRequestsPerOp";
    public string ColumnName => reads ? "GetItem/op" : "DynamoDB req/op";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => reads ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => reads ? "breaker-state reads (GetItem) per proxied request" : "DynamoDB requests per proxied request, counted in the SDK's HTTP pipeline";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var store = (string)benchmarkCase.Parameters["Store"];
        lock (Last)
        {
            return Last.TryGetValue(store, out var value) ? (reads ? value.Reads : value.All).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "NA";
        }
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
