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
        var error = Assert.Throws<QuotaExceededException>(() => ApiGatewayQuotas.Check(over, over.Stages.Values.ToList(), restApiFront: false));
        Assert.Contains("301 routes", error.Message, StringComparison.Ordinal);
        Assert.Contains("300 routes per HTTP API", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_REST_front_past_300_resources_is_refused_naming_the_quota_while_the_HTTP_API_alone_fits()
    {
        var config = ScaleStacks.Generate(ScaleStacks.Routes + 1);

        ApiGatewayQuotas.Check(config, config.Stages.Values.ToList(), restApiFront: false);
        var error = Assert.Throws<QuotaExceededException>(() => ApiGatewayQuotas.Check(config, config.Stages.Values.ToList(), restApiFront: true));
        Assert.Contains("301 resources", error.Message, StringComparison.Ordinal);
        Assert.Contains("300 resources per REST API", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_stage_variables_are_refused_naming_the_quota()
    {
        var config = ScaleStacks.Generate(1);
        var stage = config.Stages["dev"] with { Variables = Enumerable.Range(0, 101).Select(i => KeyValuePair.Create($"v{i}", "x")).ToList() };

        var error = Assert.Throws<QuotaExceededException>(() => ApiGatewayQuotas.Check(config, [stage], restApiFront: false));
        Assert.Contains("101 variables", error.Message, StringComparison.Ordinal);
        Assert.Contains("100 stage variables per stage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_plans_past_the_account_quota_across_stages_are_refused_on_the_REST_front_only()
    {
        var config = ScaleStacks.Generate(1);
        var stages = Enumerable.Range(0, ApiGatewayQuotas.UsagePlansPerAccount + 1).Select(i => config.Stages["dev"] with { Name = $"s{i}" }).ToList();

        ApiGatewayQuotas.Check(config, stages, restApiFront: false);
        var error = Assert.Throws<QuotaExceededException>(() => ApiGatewayQuotas.Check(config, stages, restApiFront: true));
        Assert.Contains("301 usage plans", error.Message, StringComparison.Ordinal);
        Assert.Contains("300 usage plans per account", error.Message, StringComparison.Ordinal);
    }
}
