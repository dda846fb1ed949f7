using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Pipeline;
using Gateway.Policies;
using Gateway.State;

namespace Gateway.Testing;

/// <summary>Builds gateways from YAML written inline in a test.</summary>
public static class TestGateway
{
    /// <summary>Loads <paramref name="yaml"/>, failing the test with every problem if it is invalid.</summary>
    public static GatewayConfig LoadConfig(string yaml, IReadOnlyDictionary<string, string>? environment = null, PolicyCatalog? catalog = null)
    {
        var result = new GatewayConfigLoader(catalog ?? PolicyCatalog.Default, name => environment?.GetValueOrDefault(name))
            .Parse(yaml, "test.yaml");
        if (result.Config is null)
        {
            throw new Xunit.Sdk.XunitException("configuration invalid:\n" + string.Join('\n', result.Problems));
        }
        return result.Config;
    }

    public static IReadOnlyList<ConfigProblem> Problems(string yaml, PolicyCatalog? catalog = null) =>
        new GatewayConfigLoader(catalog ?? PolicyCatalog.Default, _ => null).Parse(yaml, "test.yaml").Problems;

    public static GatewayHandler Build(string yaml, HttpMessageHandler? upstreamHandler = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Build(LoadConfig(yaml, environment), upstreamHandler);

    public static GatewayHandler Build(GatewayConfig config, HttpMessageHandler? upstreamHandler = null) =>
        GatewayBuilder.Build(config, Services(upstreamHandler));

    /// <summary>A gateway with its clock and state stores chosen by the test (two such gateways are two instances).</summary>
    public static GatewayHandler Build(string yaml, HttpMessageHandler upstreamHandler, TimeProvider time, ICounterStore? counters = null, IBreakerStore? breakers = null) =>
        GatewayBuilder.Build(LoadConfig(yaml), Services(upstreamHandler) with { Time = time, Counters = counters, Breakers = breakers });

    private static GatewayServices Services(HttpMessageHandler? upstreamHandler) => new()
    {
        UpstreamClient = upstreamHandler is null ? UpstreamHttpClient.Create() : new HttpClient(upstreamHandler) { Timeout = Timeout.InfiniteTimeSpan },
    };
}
