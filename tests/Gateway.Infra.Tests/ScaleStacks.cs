using System.Globalization;
using System.Text;
using Gateway.Configuration;

namespace Gateway.Infra.Tests;

/// <summary>
/// A configuration generated at API Gateway's quotas, synthesized once with both fronts: <see cref="Routes"/>
/// single-method routes under three shared prefixes (<c>/team0/r0</c>, <c>/team1/r1</c>, …), which the HTTP API
/// turns into 300 routes with <c>$default</c> and the REST front into 300 resources with the root. Every kind of
/// route auth, and a usage plan with a per-route rate on the last route.
/// </summary>
public sealed class ScaleStacks
{
    public const int Teams = 3;

    /// <summary>The most single-method routes both quotas allow: 1 + 3 + 296 REST resources, 296 + 1 HTTP routes.</summary>
    public const int Routes = 296;

    public ScaleStacks()
    {
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        Config = Generate(Routes);
        Stack = Assert.Single(SynthesizedStacks.Synthesize(Config, restApiFront: true));
    }

    public GatewayConfig Config { get; }

    public SynthesizedStack Stack { get; }

    public static GatewayConfig Generate(int routes)
    {
        var yaml = new StringBuilder("""
            gateway: { name: scale-test }
            services:
              orders: { url: "https://orders.internal.example.com" }
            auth:
              jwt: { issuer: "https://issuer.example.com", audience: scale-test }
            stages:
              dev: { throttle: { rate: 100, burst: 200 } }
            usagePlans:
              free:
                rate: { requests: 5, per: 1s, burst: 10 }
            """);
        // The last route has a per-route rate: at scale it sits in a nested stack.
        yaml.Append(CultureInfo.InvariantCulture, $"\n    routes:\n      r{routes - 1}: {{ requests: 1, per: 1s, burst: 2 }}\nroutes:\n");
        string[] auth = ["", "jwt", "apiKey", "any"];
        for (var i = 0; i < routes; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{ name: r{i}, path: /team{i % Teams}/r{i}, methods: [POST], service: orders");
            yaml.Append(auth[i % auth.Length] is { Length: > 0 } kind ? $", auth: {kind} }}\n" : " }\n");
        }
        return new GatewayConfigLoader().Parse(yaml.ToString(), "scale-test.yaml").GetConfigOrThrow();
    }
}

[CollectionDefinition(Name)]
public sealed class ScaleStacksCollection : ICollectionFixture<ScaleStacks>
{
    public const string Name = "scale stacks";
}
