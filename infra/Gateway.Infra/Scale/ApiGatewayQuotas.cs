using Gateway.Configuration;
using Gateway.Infra.Http;
using Gateway.Infra.Rest;

namespace Gateway.Infra.Scale;

/// <summary>
/// API Gateway's and CloudFormation's quotas a configuration must fit, checked before anything is synthesized so
/// that a configuration AWS would refuse at deploy time fails here with the limit's name instead. The values are
/// AWS's defaults (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html); the ones AWS lets an
/// account raise say so in the error.
/// </summary>
public static class ApiGatewayQuotas
{
    /// <summary>HTTP API: routes per API (adjustable). <c>$default</c> counts.</summary>
    public const int HttpApiRoutes = 300;

    /// <summary>REST API: resources per API (adjustable). The root resource counts.</summary>
    public const int RestApiResources = 300;

    /// <summary>HTTP API and REST API: authorizers per API (adjustable for REST, not for HTTP APIs).</summary>
    public const int Authorizers = 10;

    /// <summary>HTTP API and REST API: stage variables per stage.</summary>
    public const int StageVariables = 100;

    /// <summary>Throws, naming the quota, when <paramref name="config"/> cannot deploy as <paramref name="stages"/>.</summary>
    public static void Check(GatewayConfig config, IReadOnlyCollection<StageConfig> stages, bool restApiFront)
    {
        // Not a quota, but as sure a failure: tenants: once meant AWS API keys, which nothing creates any more, so
        // a deployment would have tenants that no key authenticates.
        Require(config.Tenants.Count == 0,
            $"tenants: ({string.Join(", ", config.Tenants.Keys)}) is not deployed: tenant keys are the gateway's own, issued at run time with `gatewayctl keys issue --tenant NAME --plan PLAN`; remove the tenants: section");
        var routes = RoutePlan.From(config);
        // One API Gateway route per method, plus $default.
        var httpRoutes = routes.Sum(route => route.Methods.Count) + 1;
        Require(httpRoutes <= HttpApiRoutes,
            $"the HTTP API would have {httpRoutes} routes (one per path and method, GET adds HEAD, plus $default); API Gateway allows {HttpApiRoutes} routes per HTTP API (adjustable through Service Quotas)");
        var authorizers = routes.Select(route => route.Auth).Where(auth => auth != AuthRequirement.None).Distinct().Count();
        Require(authorizers <= Authorizers, $"the API would have {authorizers} authorizers; API Gateway allows {Authorizers} per API");
        foreach (var stage in stages)
        {
            Require(stage.Variables.Count <= StageVariables,
                $"stage {stage.Name} has {stage.Variables.Count} variables; API Gateway allows {StageVariables} stage variables per stage");
        }
        if (!restApiFront)
        {
            return;
        }
        var resources = RestResourcePaths(routes).Count;
        Require(resources <= RestApiResources,
            $"the REST API front would have {resources} resources (one per path segment, the root included); API Gateway allows {RestApiResources} resources per REST API (adjustable through Service Quotas)");
    }

    /// <summary>Every REST API resource the routes need: each path and each of its prefixes, and the root.</summary>
    public static IReadOnlySet<string> RestResourcePaths(IEnumerable<PlannedRoute> routes) =>
        routes.SelectMany(route => RestResourceTree.Prefixes(route.Path).Select(prefix => prefix.Path)).Append("/").ToHashSet(StringComparer.Ordinal);

    private static void Require(bool holds, string problem)
    {
        if (!holds)
        {
            throw new UndeployableConfigurationException(problem);
        }
    }
}

/// <summary>A configuration that breaks an AWS quota or cannot work once deployed: the CDK app prints the message alone, without a stack trace.</summary>
public sealed class UndeployableConfigurationException(string message) : InvalidOperationException(message);
