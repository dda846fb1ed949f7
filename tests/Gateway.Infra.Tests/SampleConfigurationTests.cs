using Gateway.Infra.Functions;
using Gateway.Testing;

namespace Gateway.Infra.Tests;

/// <summary>The repository's own infra/gateway.yaml (what `cdk deploy` deploys) synthesizes, with its routes and defaults.</summary>
public sealed class SampleConfigurationTests
{
    [Fact]
    public void The_sample_configuration_synthesizes_a_stack_per_stage_with_its_routes_and_default_sizes()
    {
        var config = GatewayConfigFile.Load(RepositoryPaths.SampleConfig);

        var stacks = SynthesizedStacks.Synthesize(config, restApiFront: false);

        Assert.Equal(["dev", "prod"], stacks.Select(stack => stack.Stage));
        foreach (var stack in stacks)
        {
            var routes = stack.Json.OfType("AWS::ApiGatewayV2::Route").Values.Select(route => (string)route["Properties"]!["RouteKey"]!).Order(StringComparer.Ordinal);
            Assert.Equal(
                ["$default", "ANY /api/{proxy+}", "GET /hello", "GET /me", "GET /orders/{id}", "GET /overview/{id}", "GET /partner/orders/{id}", "GET /v1/greeter/{name}",
                 "HEAD /hello", "HEAD /me", "HEAD /orders/{id}", "HEAD /overview/{id}", "HEAD /partner/orders/{id}", "HEAD /v1/greeter/{name}",
                 "POST /orders", "POST /v1/greeter/{name}", "POST /v1/orders"],
                routes);
            Assert.Equal(["apiKey", "jwt"], stack.Json.OfType("AWS::ApiGatewayV2::Authorizer").Values.Select(authorizer => (string)authorizer["Properties"]!["Name"]!).Order(StringComparer.Ordinal));
            Assert.Equal(1024, StackTemplate.Int(stack.Json.Properties("ProxyFunction")["MemorySize"]));
            Assert.Equal(FunctionHandlers.Authorizer.FunctionName, (string)stack.Json.Properties("AuthorizerFunction")["Handler"]!);
        }
    }

    [Fact]
    public void An_invalid_configuration_stops_synthesis_with_every_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gateway-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "services: {}\nroutes: []\nfunctions: { proxy: { memory: 64MB } }\n");
        try
        {
            var error = Assert.Throws<Gateway.Configuration.ConfigurationException>(() => GatewayConfigFile.Load(path));
            Assert.Contains("functions.proxy.memory", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
