using Amazon.CDK;
using Amazon.CDK.AWS.APIGateway;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Gateway.Configuration;
using Gateway.Infra.Functions;
using Gateway.Infra.Http;
using Gateway.Infra.Scale;

namespace Gateway.Infra.Rest;

/// <summary>
/// The optional REST API front: the same routes to the same proxy (payload 1.0), for teams that need a REST API
/// (edge-optimized or private endpoints, WAF, request validation). Tenant keys and plans are the gateway's alone,
/// as on the HTTP API: no method requires an AWS API key and there are no AWS usage plans, because AWS keys and
/// the gateway's keys (issued at run time by <c>gatewayctl keys</c>) would be two systems sharing one header.
/// Routes that require a credential get the authorizer function as a REQUEST authorizer with the same identity
/// sources and cache TTL as on the HTTP API.
/// </summary>
public sealed class RestApiFront : Construct
{
    public RestApiFront(Construct scope, string id, ApiFrontProps props)
        : base(scope, id)
    {
        var config = props.Config;
        var name = $"{config.Settings.Name}-{props.Stage.Name}-rest";
        AccessLogs = new LogGroup(this, "AccessLogs", new LogGroupProps
        {
            Retention = props.Profile.LogRetention,
            RemovalPolicy = props.Profile.DataRemovalPolicy,
        });
        Api = new RestApi(this, "Api", new RestApiProps
        {
            RestApiName = name,
            Description = $"{config.Settings.Name}: REST API front with AWS usage plans",
            EndpointTypes = [EndpointType.REGIONAL],
            // REST API access logs need the account's API Gateway CloudWatch role (HTTP APIs do not).
            CloudWatchRole = true,
            DeployOptions = new StageOptions
            {
                StageName = props.Stage.Name,
                ThrottlingRateLimit = props.Stage.ThrottleRate,
                ThrottlingBurstLimit = props.Stage.ThrottleBurst,
                Variables = props.Stage.Variables.ToDictionary(pair => pair.Key, pair => pair.Value),
                AccessLogDestination = new LogGroupLogDestination(AccessLogs),
                AccessLogFormat = AccessLogFormat.JsonWithStandardFields(),
            },
        });

        // One integration and one permission for the whole API: CDK's LambdaIntegration adds a permission per
        // method, and Lambda's resource policy holds 20 KB.
        var integration = new Integration(new IntegrationProps
        {
            Type = IntegrationType.AWS_PROXY,
            IntegrationHttpMethod = "POST",
            Uri = ApiGatewayInvoke.IntegrationUri(props.Functions.Proxy.Alias),
        });
        ApiGatewayInvoke.Allow(this, "ProxyInvoke", props.Functions.Proxy.Alias, ApiGatewayInvoke.AnyRoute(Api.RestApiId));

        var routes = RoutePlan.From(config);
        var authorizers = routes.Select(route => route.Auth).Where(auth => auth != AuthRequirement.None).Distinct()
            .ToDictionary(requirement => requirement, requirement => Authorizer(requirement, props));
        // Usage plans, and a key and its binding per tenant, come after the routes.
        props.RouteStacks.Begin(reserve: 0);
        var tree = new RestResourceTree(Api);
        var nestedStacks = new HashSet<NestedStack>();
        var first = true;
        foreach (var route in routes)
        {
            var resources = tree.NewResources(route.Path) + route.Methods.Count;
            NestedStack? nested = null;
            if (first)
            {
                // CDK refuses a RestApi without a method of its own, so the first route stays in the gateway's stack.
                props.RouteStacks.PlaceInParent(resources);
            }
            else if ((nested = props.RouteStacks.Place(resources)) is not null)
            {
                nestedStacks.Add(nested);
            }
            first = false;
            var resource = tree.For(route.Path, nested);
            foreach (var method in route.Methods)
            {
                _ = resource.AddMethod(method, integration, new MethodOptions
                {
                    Authorizer = route.Auth == AuthRequirement.None ? null : authorizers[route.Auth],
                });
            }
        }
        // Methods in nested stacks are not the RestApi's own: its deployment must wait for them, and change with them.
        foreach (var nested in nestedStacks)
        {
            Api.LatestDeployment!.Node.AddDependency(nested);
        }
        if (nestedStacks.Count > 0)
        {
            Api.LatestDeployment!.AddToLogicalId(routes.Select(route => $"{string.Join(',', route.Methods)} {route.Path} {route.Auth}").ToArray());
        }

    }

    public RestApi Api { get; }

    public LogGroup AccessLogs { get; }

    public string Url => Api.Url;

    /// <summary>The REQUEST authorizer for one requirement; CDK grants it one invoke permission of its own.</summary>
    private RequestAuthorizer Authorizer(AuthRequirement requirement, ApiFrontProps props)
    {
        var name = AuthorizerIdentity.Name(requirement);
        return new RequestAuthorizer(this, $"{name}Authorizer", new RequestAuthorizerProps
        {
            AuthorizerName = name,
            Handler = props.Functions.Authorizer.Alias,
            IdentitySources = AuthorizerIdentity.Headers(requirement).Select(IdentitySource.Header).ToArray(),
            ResultsCacheTtl = Duration.Seconds(AuthorizerIdentity.CacheTtl(requirement, props.Config.Auth).TotalSeconds),
        });
    }
}
