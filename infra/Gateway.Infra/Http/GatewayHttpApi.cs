using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AwsApigatewayv2Authorizers;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Constructs;
using Gateway.Configuration;
using Gateway.Policies.Edge;
using Gateway.Infra.Functions;

namespace Gateway.Infra.Http;

/// <summary>
/// The HTTP API in front of the proxy: one route per configured route (payload 2.0), the Lambda authorizer on every
/// route that requires a credential, CORS when configured, and one stage with throttling, stage variables and JSON
/// access logs. Anything no route matches goes to the proxy too (<c>$default</c>), which answers with the gateway's
/// own 404 or 405 error shape.
/// </summary>
public sealed class GatewayHttpApi : Construct
{
    public GatewayHttpApi(Construct scope, string id, ApiFrontProps props)
        : base(scope, id)
    {
        var config = props.Config;
        var integration = new HttpLambdaIntegration("ProxyIntegration", props.Functions.Proxy.Alias, new HttpLambdaIntegrationProps
        {
            PayloadFormatVersion = PayloadFormatVersion.VERSION_2_0,
        });
        Api = new HttpApi(this, "Api", new HttpApiProps
        {
            ApiName = $"{config.Settings.Name}-{props.Stage.Name}",
            Description = $"{config.Settings.Name}: routes from {Path.GetFileName(config.SourceFile)}",
            CreateDefaultStage = false,
            DefaultIntegration = integration,
            CorsPreflight = EdgeCors(config) is { } cors ? CorsPreflight(cors) : null,
        });

        var authorizers = new Dictionary<AuthRequirement, HttpLambdaAuthorizer>();
        foreach (var route in RoutePlan.From(config))
        {
            _ = Api.AddRoutes(new AddRoutesOptions
            {
                Path = route.Path,
                Methods = route.Methods.Select(method => Enum.Parse<Amazon.CDK.AWS.Apigatewayv2.HttpMethod>(method)).ToArray(),
                Integration = integration,
                Authorizer = route.Auth == AuthRequirement.None ? null : Authorizer(authorizers, route.Auth, props),
            });
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

    /// <summary>One authorizer per requirement, all backed by the authorizer function, created when a route needs it.</summary>
    private static HttpLambdaAuthorizer Authorizer(Dictionary<AuthRequirement, HttpLambdaAuthorizer> authorizers, AuthRequirement requirement, ApiFrontProps props)
    {
        if (!authorizers.TryGetValue(requirement, out var authorizer))
        {
            var name = AuthorizerIdentity.Name(requirement);
            authorizer = new HttpLambdaAuthorizer($"{name}Authorizer", props.Functions.Authorizer.Alias, new HttpLambdaAuthorizerProps
            {
                AuthorizerName = name,
                ResponseTypes = [HttpLambdaResponseType.SIMPLE],
                IdentitySource = AuthorizerIdentity.Headers(requirement).Select(header => $"$request.header.{header}").ToArray(),
                ResultsCacheTtl = Duration.Seconds(AuthorizerIdentity.CacheTtl(requirement, props.Config.Auth).TotalSeconds),
            });
            authorizers[requirement] = authorizer;
        }
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
