using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Pipeline;
using Gateway.Policies;

namespace Gateway.Testing;

/// <summary>Builds gateways from YAML written inline in a test.</summary>
public static class TestGateway
{
    /// <summary>Loads <paramref name="yaml"/>, failing the test with every problem if it is invalid.</summary>
    /// <param name="host">The host the configuration is checked for: Lambda's limits unless a test serves it.</param>
    public static GatewayConfig LoadConfig(string yaml, IReadOnlyDictionary<string, string>? environment = null, PolicyCatalog? catalog = null, HostProfile? host = null)
    {
        var result = new GatewayConfigLoader(catalog ?? PolicyCatalog.Default, name => environment?.GetValueOrDefault(name)) { Host = host ?? HostProfile.Lambda }
            .Parse(yaml, "test.yaml");
        if (result.Config is null)
        {
            throw new Xunit.Sdk.XunitException("configuration invalid:\n" + string.Join('\n', result.Problems));
        }
        return result.Config;
    }

    public static IReadOnlyList<ConfigProblem> Problems(string yaml, PolicyCatalog? catalog = null) =>
        new GatewayConfigLoader(catalog ?? PolicyCatalog.Default, _ => null).Parse(yaml, "test.yaml").Problems;

    /// <summary>The problems of one route configured with one policy, written in flow style.</summary>
    public static IReadOnlyList<ConfigProblem> PolicyProblems(string policy, string settings) =>
        Problems($$"""
            services:
              api: { url: "http://upstream.test" }
            routes:
              - path: /a
                service: api
                policies:
                  {{policy}}: {{settings}}
            """);

    public static GatewayHandler Build(string yaml, HttpMessageHandler? upstreamHandler = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Build(LoadConfig(yaml, environment), upstreamHandler);

    public static GatewayHandler Build(GatewayConfig config, HttpMessageHandler? upstreamHandler = null) =>
        GatewayBuilder.Build(config, Services(upstreamHandler));

    /// <summary>The services a test gateway runs with; tests that need a clock, stores or observers add them.</summary>
    public static GatewayServices Services(HttpMessageHandler? upstreamHandler) => new()
    {
        UpstreamClient = upstreamHandler is null ? UpstreamHttpClient.Create() : new HttpClient(upstreamHandler) { Timeout = Timeout.InfiniteTimeSpan },
    };
}
