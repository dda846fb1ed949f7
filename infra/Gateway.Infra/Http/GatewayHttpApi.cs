using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Gateway.Configuration;
using Gateway.Policies.Edge;
using Gateway.Infra.Functions;
using Gateway.Infra.Scale;

namespace Gateway.Infra.Http;

/// <summary>
/// The HTTP API in front of the proxy: one route per configured route and method (payload 2.0), all through one
/// integration, the Lambda authorizer on every route that requires a credential, CORS when configured, and one stage with throttling, stage variables and JSON
/// access logs. Anything no route matches goes to the proxy too (<c>$default</c>), which answers with the gateway's
/// own 404 or 405 error shape. Each route costs one resource; past the stack's budget routes go to nested stacks
/// (<see cref="RouteStacks"/>).
/// </summary>
public sealed class GatewayHttpApi : Construct
{
    public GatewayHttpApi(Construct scope, string id, ApiFrontProps props)
        : base(scope, id)
    {
        var config = props.Config;
        Api = new HttpApi(this, "Api", new HttpApiProps
        {
            ApiName = $"{config.Settings.Name}-{props.Stage.Name}",
            Description = $"{config.Settings.Name}: routes from {Path.GetFileName(config.SourceFile)}",
            CreateDefaultStage = false,
            CorsPreflight = EdgeCors(config) is { } cors ? CorsPreflight(cors) : null,
        });
        // One integration for every route, and one permission for the whole API (any stage, method and path):
        // CDK's HttpLambdaIntegration would add a permission per route, and Lambda's resource policy holds 20 KB.
        var integration = new HttpIntegration(this, "ProxyIntegration", new HttpIntegrationProps
        {
            HttpApi = Api,
            IntegrationType = HttpIntegrationType.AWS_PROXY,
            IntegrationUri = props.Functions.Proxy.Alias.FunctionArn,
            PayloadFormatVersion = PayloadFormatVersion.VERSION_2_0,
        });
        ApiGatewayInvoke.Allow(this, "ProxyInvoke", props.Functions.Proxy.Alias, ApiGatewayInvoke.AnyRoute(Api.ApiId));
        var target = $"integrations/{integration.IntegrationId}";

        var routes = RoutePlan.From(config);
        var authorizers = routes.Select(route => route.Auth).Where(auth => auth != AuthRequirement.None).Distinct()
            .ToDictionary(requirement => requirement, requirement => Authorizer(requirement, props));
        _ = new CfnRoute(this, "DefaultRoute", new CfnRouteProps { ApiId = Api.ApiId, RouteKey = "$default", Target = target, AuthorizationType = "NONE" });

        props.RouteStacks.Begin(reserve: 0);
        foreach (var route in routes)
        {
            Construct routeScope = (Construct?)props.RouteStacks.Place(route.Methods.Count) ?? this;
            foreach (var method in route.Methods)
            {
                var authorizer = route.Auth == AuthRequirement.None ? null : authorizers[route.Auth];
                _ = new CfnRoute(routeScope, $"Route-{route.Name}-{method}", new CfnRouteProps
                {
                    ApiId = Api.ApiId,
                    RouteKey = $"{method} {route.Path}",
                    Target = target,
                    AuthorizationType = authorizer is null ? "NONE" : "CUSTOM",
                    AuthorizerId = authorizer?.AuthorizerId,
                });
            }
        }

        AccessLogs = new LogGroup(this, "AccessLogs", new LogGroupProps
        {
            Retention = props.Profile.LogRetention,
            RemovalPolicy = props.Profile.DataRemovalPolicy,
        });
        Stage = new HttpStage(this, "Stage", new HttpStageProps
        {
            HttpApi = Api,
            StageName = props.Stage.Name,
            AutoDeploy = true,
            Throttle = new ThrottleSettings { RateLimit = props.Stage.ThrottleRate, BurstLimit = props.Stage.ThrottleBurst },
        });
        // CDK 2.160's HttpStage has no properties for these two yet.
        var stage = (CfnStage)Stage.Node.DefaultChild!;
        stage.StageVariables = props.Stage.Variables.ToDictionary(pair => pair.Key, pair => pair.Value);
        stage.AccessLogSettings = new CfnStage.AccessLogSettingsProperty
        {
            DestinationArn = AccessLogs.LogGroupArn,
            Format = HttpApiAccessLog.Format,
        };
    }

    public HttpApi Api { get; }

    public HttpStage Stage { get; }

    public LogGroup AccessLogs { get; }

    /// <summary>The stage's invoke URL.</summary>
    public string Url => Stage.Url;

    /// <summary>
    /// The authorizer for one requirement (<c>jwt</c>, <c>apiKey</c>, <c>any</c>), backed by the authorizer function,
    /// with one invoke permission of its own.
    /// </summary>
    private HttpAuthorizer Authorizer(AuthRequirement requirement, ApiFrontProps props)
    {
        var name = AuthorizerIdentity.Name(requirement);
        var alias = props.Functions.Authorizer.Alias;
        var authorizer = new HttpAuthorizer(this, $"{name}Authorizer", new HttpAuthorizerProps
        {
            HttpApi = Api,
            Type = HttpAuthorizerType.LAMBDA,
            AuthorizerName = name,
            AuthorizerUri = ApiGatewayInvoke.IntegrationUri(alias),
            PayloadFormatVersion = AuthorizerPayloadVersion.VERSION_2_0,
            EnableSimpleResponses = true,
            IdentitySource = AuthorizerIdentity.Headers(requirement).Select(header => $"$request.header.{header}").ToArray(),
            ResultsCacheTtl = Duration.Seconds(AuthorizerIdentity.CacheTtl(requirement, props.Config.Auth).TotalSeconds),
        });
        ApiGatewayInvoke.Allow(this, $"{name}AuthorizerInvoke", alias, ApiGatewayInvoke.Authorizer(Api.ApiId, authorizer.AuthorizerId));
        return authorizer;
    }

    /// <summary>
    /// The CORS API Gateway can answer at the edge (preflights then never invoke a function): the gateway-wide
    /// <c>policies.cors</c>, when every route applies it unchanged. HTTP API CORS is one setting for the whole API, so
    /// when any route has its own <c>cors</c> (or none applies) there is none here, and preflights reach the proxy
    /// through <c>$default</c>, where each route's policy answers them.
    /// </summary>
    private static CorsSettings? EdgeCors(GatewayConfig config) =>
        config.DefaultPolicies.FirstOrDefault(p => p.Factory == CorsFactory.Instance) is { } shared &&
        config.Routes.All(route => route.Policies.Contains(shared))
            ? (CorsSettings)shared.Settings
            : null;

    private static CorsPreflightOptions CorsPreflight(CorsSettings cors) => new()
    {
        AllowOrigins = cors.AllowOrigins.ToArray(),
        // Unset in the policy means "the route's methods" and "whatever the browser asks": API-wide, any.
        AllowMethods = cors.AllowMethods?.Select(method => Enum.Parse<CorsHttpMethod>(method)).ToArray() ?? [CorsHttpMethod.ANY],
        AllowHeaders = cors.AllowHeaders?.ToArray() ?? ["*"],
        ExposeHeaders = cors.ExposeHeaders.ToArray(),
        AllowCredentials = cors.AllowCredentials,
        // API Gateway takes whole seconds.
        MaxAge = cors.MaxAge is { } maxAge ? Duration.Seconds(Math.Floor(maxAge.TotalSeconds)) : null,
    };
}
