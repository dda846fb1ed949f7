using Gateway.Configuration;
using Gateway.Infra.Scale;

namespace Gateway.Infra.Tests;

/// <summary>A configuration past one of API Gateway's quotas fails before synthesis, with the quota named.</summary>
public sealed class QuotaTests
{
    [Fact]
    public void One_route_past_the_HTTP_API_route_quota_is_refused_naming_the_quota()
    {
        var fits = ScaleStacks.Generate(ApiGatewayQuotas.HttpApiRoutes - 1);
        var over = ScaleStacks.Generate(ApiGatewayQuotas.HttpApiRoutes);

        ApiGatewayQuotas.Check(fits, fits.Stages.Values.ToList(), restApiFront: false);
        var error = Assert.Throws<UndeployableConfigurationException>(() => ApiGatewayQuotas.Check(over, over.Stages.Values.ToList(), restApiFront: false));
        Assert.Contains("301 routes", error.Message, StringComparison.Ordinal);
        Assert.Contains("300 routes per HTTP API", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_REST_front_past_300_resources_is_refused_naming_the_quota_while_the_HTTP_API_alone_fits()
    {
        var config = ScaleStacks.Generate(ScaleStacks.Routes + 1);

        ApiGatewayQuotas.Check(config, config.Stages.Values.ToList(), restApiFront: false);
        var error = Assert.Throws<UndeployableConfigurationException>(() => ApiGatewayQuotas.Check(config, config.Stages.Values.ToList(), restApiFront: true));
        Assert.Contains("301 resources", error.Message, StringComparison.Ordinal);
        Assert.Contains("300 resources per REST API", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_stage_variables_are_refused_naming_the_quota()
    {
        var config = ScaleStacks.Generate(1);
        var stage = config.Stages["dev"] with { Variables = Enumerable.Range(0, 101).Select(i => KeyValuePair.Create($"v{i}", "x")).ToList() };

        var error = Assert.Throws<UndeployableConfigurationException>(() => ApiGatewayQuotas.Check(config, [stage], restApiFront: false));
        Assert.Contains("101 variables", error.Message, StringComparison.Ordinal);
        Assert.Contains("100 stage variables per stage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tenants_section_is_refused_because_nothing_would_create_its_keys()
    {
        var config = ScaleStacks.Generate(1);
        var withTenants = new GatewayConfigLoader().Parse(
            "gateway: { name: t }\nservices: { s: { url: \"https://s.example.com\" } }\nroutes: [ { name: r, path: /r, service: s } ]\n" +
            "usagePlans: { free: { rate: { requests: 1, per: 1s } } }\ntenants: { acme: { plan: free } }\nstages: { dev: { throttle: { rate: 1, burst: 1 } } }\n",
            "tenants.yaml").GetConfigOrThrow();

        ApiGatewayQuotas.Check(config, config.Stages.Values.ToList(), restApiFront: true);
        var error = Assert.Throws<UndeployableConfigurationException>(() => ApiGatewayQuotas.Check(withTenants, withTenants.Stages.Values.ToList(), restApiFront: false));
        Assert.Contains("tenants: (acme)", error.Message, StringComparison.Ordinal);
        Assert.Contains("gatewayctl keys issue", error.Message, StringComparison.Ordinal);
    }
}
