using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Http;
using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Benchmarks;

/// <summary>
/// Route selection alone: a table of 200 routes, 50 of them header-matched (50 resources, each with a collection
/// route, an item route, an item route for <c>X-Api-Version: 2</c> and a sub-collection route). The requests address
/// the last resource; the first-segment index leaves the walk four routes.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private const int Resources = 50;

    private RouteTable _table = null!;
    private readonly HeaderCollection _versioned = ClientHeaders(("X-Api-Version", "2"));
    private readonly HeaderCollection _plain = ClientHeaders();

    [GlobalSetup]
    public void Setup()
    {
        var yaml = new StringBuilder("services:\n  v1: { url: http://v1.internal }\n  v2: { url: http://v2.internal }\nroutes:\n");
        for (var i = 0; i < Resources; i++)
        {
            yaml.Append($"  - {{ path: /r{i}, methods: [GET, POST], service: v1 }}\n");
            yaml.Append($"  - {{ path: \"/r{i}/{{id}}\", methods: [GET, PUT], service: v1 }}\n");
            yaml.Append($"  - {{ path: \"/r{i}/{{id}}\", methods: [GET, PUT], match: {{ headers: {{ X-Api-Version: \"2\" }} }}, service: v2 }}\n");
            yaml.Append($"  - {{ path: \"/r{i}/{{id}}/items\", methods: [GET], service: v1 }}\n");
        }
        _table = new RouteTable(TestGateway.LoadConfig(yaml.ToString()).Routes);
        if (_table.Routes.Count != 4 * Resources || Versioned().Route!.Service != "v2" || Fallback().Route!.Service != "v1")
        {
            throw new InvalidOperationException("the benchmark's route table does not route as intended");
        }
    }

    [Benchmark(Baseline = true, Description = "header-matched route (X-Api-Version: 2), 200 routes")]
    public RouteMatch Versioned() => _table.Match("GET", "/r49/42", null, _versioned, "expand=items");

    [Benchmark(Description = "same path without the header: the unconditioned route")]
    public RouteMatch Fallback() => _table.Match("GET", "/r49/42", null, _plain, "expand=items");

    [Benchmark(Description = "no route (404): a first segment no route starts with")]
    public RouteMatch NotFound() => _table.Match("GET", "/nothing/here", null, _plain, string.Empty);

    private static HeaderCollection ClientHeaders(params (string Name, string Value)[] extra)
    {
        var headers = new HeaderCollection();
        headers.Add("accept", "application/json");
        headers.Add("user-agent", "curl/8.5.0");
        headers.Add("x-forwarded-for", "198.51.100.23");
        headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        foreach (var (name, value) in extra)
        {
            headers.Add(name, value);
        }
        return headers;
    }
}
