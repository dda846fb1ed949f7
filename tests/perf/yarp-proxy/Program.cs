using Yarp.ReverseProxy.Configuration;

// usage: yarp-proxy PORT UPSTREAM_URL
// The route the gateway's perf configuration has (GET /orders/{id} to one upstream, X-Api-Version set to 2 and
// X-Order-Id set from the route value), in YARP's own configuration model and with its defaults otherwise: the
// "bare YARP" figure is what the toolkit gives without tuning. No logging, as the figure is the proxy alone.
if (args.Length != 2 || !int.TryParse(args[0], out var port))
{
    Console.Error.WriteLine("usage: yarp-proxy PORT UPSTREAM_URL");
    return 2;
}

var builder = WebApplication.CreateBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

RouteConfig[] routes =
[
    new()
    {
        RouteId = "get-order",
        ClusterId = "orders",
        Match = new RouteMatch { Path = "/orders/{id}", Methods = ["GET"] },
        Transforms =
        [
            new Dictionary<string, string> { ["RequestHeader"] = "X-Api-Version", ["Set"] = "2" },
            new Dictionary<string, string> { ["RequestHeaderRouteValue"] = "X-Order-Id", ["Set"] = "id" },
        ],
    },
];
ClusterConfig[] clusters =
[
    new()
    {
        ClusterId = "orders",
        Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = args[1] } },
    },
];
builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);

var app = builder.Build();
app.MapReverseProxy();
await app.StartAsync();
// Written once Kestrel is bound: the script waits for this line before it sends anything.
Console.WriteLine($"yarp-proxy listening on 127.0.0.1:{port}");
await app.WaitForShutdownAsync();
return 0;
