using Gateway.Configuration;
using Gateway.Testing;

namespace Gateway.UnitTests.Configuration;

/// <summary>The sections only the deployment reads: <c>auth:</c>, <c>functions:</c> and <c>tenants:</c>.</summary>
public sealed class DeploymentSectionsTests
{
    private const string Base = """
        services:
          orders: { url: http://orders.internal }
        routes:
          - { name: orders, path: /orders, service: orders }
        usagePlans:
          free: { rate: { requests: 5, per: 1s } }
          pro: { rate: { requests: 100, per: 1s } }

        """;

    [Fact]
    public void Defaults_apply_when_the_sections_are_absent()
    {
        var config = TestGateway.LoadConfig(Base);

        Assert.Equal(TimeSpan.FromMinutes(5), config.Auth.CacheTtl);
        Assert.Equal(new FunctionSettings(1024, TimeSpan.FromSeconds(30)), config.Functions.Proxy);
        Assert.Equal(new FunctionSettings(512, TimeSpan.FromSeconds(10)), config.Functions.Authorizer);
        Assert.Empty(config.Tenants);
    }

    [Fact]
    public void Reads_every_deployment_setting()
    {
        var config = TestGateway.LoadConfig(Base + """
            auth:
              cacheTtl: 0s
            functions:
              proxy: { memory: 2GB, timeout: 29s }
              authorizer: { memory: 256MB }
            tenants:
              acme: { plan: pro }
              globex: { plan: free }
            """);

        Assert.Equal(TimeSpan.Zero, config.Auth.CacheTtl);
        Assert.Equal(new FunctionSettings(2048, TimeSpan.FromSeconds(29)), config.Functions.Proxy);
        Assert.Equal(new FunctionSettings(256, TimeSpan.FromSeconds(10)), config.Functions.Authorizer);
        Assert.Equal([new TenantConfig("acme", "pro"), new TenantConfig("globex", "free")], config.Tenants.Values);
    }

    [Theory]
    [InlineData("auth: { cacheTtl: 2h }", "auth.cacheTtl", "must be between 0s and 1h")]
    [InlineData("auth: { cacheTtl: 1500ms }", "auth.cacheTtl", "whole number of seconds")]
    [InlineData("auth: { secret: x }", "auth.secret", "unknown field")]
    [InlineData("functions: { proxy: { memory: 64MB } }", "functions.proxy.memory", "must be between")]
    [InlineData("functions: { proxy: { memory: 200000000 } }", "functions.proxy.memory", "whole number of MB")]
    [InlineData("functions: { authorizer: { timeout: 1m } }", "functions.authorizer.timeout", "must be between 1s and 30s")]
    [InlineData("functions: { worker: {} }", "functions.worker", "unknown field")]
    [InlineData("tenants: { acme: { plan: prro } }", "tenants.acme.plan", "unknown usage plan \"prro\" (did you mean \"pro\"?)")]
    [InlineData("tenants: { acme: {} }", "tenants.acme.plan", "is required")]
    [InlineData("tenants: { \"ac me\": { plan: pro } }", "tenants.ac me", "letters, digits")]
    public void Reports_invalid_deployment_settings(string yaml, string path, string message)
    {
        var problems = TestGateway.Problems(Base + yaml);

        var problem = Assert.Single(problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }
}
