using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using Gateway.Configuration;

namespace Gateway.Infra.Tests;

/// <summary>The HTTP API: routes from the configuration, the Lambda authorizer's wiring and cache, CORS, and the stage.</summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class HttpApiTests(SynthesizedStacks stacks)
{
    /// <summary>What the configuration asks for, worked out here independently of the stack's own route planning.</summary>
    private Dictionary<string, AuthRequirement> ExpectedRouteKeys()
    {
        var expected = new Dictionary<string, AuthRequirement> { ["$default"] = AuthRequirement.None };
        foreach (var route in stacks.Config.Routes)
        {
            var methods = route.Methods is null ? ["ANY"] : route.Methods.Contains("GET") ? route.Methods.Append("HEAD") : route.Methods;
            foreach (var method in methods)
            {
                expected[$"{method} {route.Path.Text}"] = route.Auth.Requirement;
            }
        }
        return expected;
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void Every_configured_route_and_method_is_a_route_with_the_authorizer_its_auth_requires(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;
        var authorizers = json.OfType("AWS::ApiGatewayV2::Authorizer");

        var routes = json.OfType("AWS::ApiGatewayV2::Route").Values.Select(route => route["Properties"]!).ToDictionary(
            route => (string)route["RouteKey"]!,
            route => (string)route["AuthorizationType"]! == "NONE"
                ? "none"
                : (string)authorizers[StackTemplate.Target(route["AuthorizerId"])]["Properties"]!["Name"]!);

        Assert.Equal(
            ExpectedRouteKeys().OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => (pair.Key, Name(pair.Value))),
            routes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => (pair.Key, pair.Value)));
        Assert.Contains("GET /orders/{id}", routes.Keys);
        Assert.Contains("ANY /reports/{proxy+}", routes.Keys);
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void Every_route_goes_to_the_proxy_alias_with_payload_2_0(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;
        var (integrationId, integration) = Assert.Single(json.OfType("AWS::ApiGatewayV2::Integration"));

        Assert.Equal("AWS_PROXY", (string)integration["Properties"]!["IntegrationType"]!);
        Assert.Equal("2.0", (string)integration["Properties"]!["PayloadFormatVersion"]!);
        Assert.Equal(ProxyAlias(json), StackTemplate.Target(integration["Properties"]!["IntegrationUri"]));
        Assert.All(json.OfType("AWS::ApiGatewayV2::Route").Values, route =>
            Assert.Equal(
                $"{{\"Fn::Join\":[\"\",[\"integrations/\",{{\"Ref\":\"{integrationId}\"}}]]}}",
                StackTemplate.Compact(route["Properties"]!["Target"])));
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void The_authorizers_call_the_authorizer_alias_with_simple_responses_identity_headers_and_the_configured_cache_ttl(string stage, bool restApiFront)
    {
        var stack = stacks.Get(stage, restApiFront);
        var authorizerAlias = Alias(stack.Json, "AuthorizerFunction");

        stack.Template.ResourceCountIs("AWS::ApiGatewayV2::Authorizer", 3);
        foreach (var (name, sources) in new[]
                 {
                     ("jwt", new[] { "$request.header.Authorization" }),
                     ("apiKey", ["$request.header.x-api-key"]),
                 })
        {
            stack.Template.HasResourceProperties("AWS::ApiGatewayV2::Authorizer", new Dictionary<string, object>
            {
                ["ApiId"] = Match.AnyValue(),
                ["Name"] = name,
                ["AuthorizerType"] = "REQUEST",
                ["AuthorizerPayloadFormatVersion"] = "2.0",
                ["EnableSimpleResponses"] = true,
                ["IdentitySource"] = sources,
                ["AuthorizerResultTtlInSeconds"] = 120,
                ["AuthorizerUri"] = new Dictionary<string, object>
                {
                    ["Fn::Join"] = new object[] { "", Match.ArrayWith(new object[] { new Dictionary<string, object> { ["Ref"] = authorizerAlias } }) },
                },
            });
        }
        Assert.Equal(TimeSpan.FromSeconds(120), stacks.Config.Auth.CacheTtl);
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void The_any_authorizer_has_no_identity_sources_and_no_result_cache_so_callers_with_either_credential_reach_it(string stage, bool restApiFront)
    {
        // With both headers as identity sources, API Gateway would refuse a caller sending only one of them.
        var authorizer = stacks.Get(stage, restApiFront).Json.OfType("AWS::ApiGatewayV2::Authorizer").Values
            .Select(a => a["Properties"]!)
            .Single(a => (string)a["Name"]! == "any");

        Assert.True(authorizer["IdentitySource"] is null || authorizer["IdentitySource"]!.AsArray().Count == 0, StackTemplate.Compact(authorizer));
        Assert.Equal(0, StackTemplate.Int(authorizer["AuthorizerResultTtlInSeconds"]));
        Assert.True((bool)authorizer["EnableSimpleResponses"]!);
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void API_Gateway_may_invoke_each_alias_and_nothing_else(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;
        var aliases = new[] { ProxyAlias(json), Alias(json, "AuthorizerFunction") };

        var permissions = json.OfType("AWS::Lambda::Permission").Values.Select(p => p["Properties"]!).ToList();

        Assert.NotEmpty(permissions);
        Assert.All(permissions, permission =>
        {
            Assert.Equal("lambda:InvokeFunction", (string)permission["Action"]!);
            Assert.Equal("apigateway.amazonaws.com", (string)permission["Principal"]!);
            Assert.Contains(StackTemplate.Target(permission["FunctionName"]), aliases);
            Assert.NotNull(permission["SourceArn"]);
        });
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void CORS_is_the_configured_one(string stage, bool restApiFront)
    {
        var template = stacks.Get(stage, restApiFront).Template;

        template.HasResourceProperties("AWS::ApiGatewayV2::Api", new Dictionary<string, object>
        {
            ["Name"] = $"infra-test-{stage}",
            ["ProtocolType"] = "HTTP",
            ["Description"] = Match.AnyValue(),
            ["CorsConfiguration"] = new Dictionary<string, object>
            {
                ["AllowOrigins"] = new[] { "https://app.example.com" },
                ["AllowMethods"] = new[] { "GET", "POST" },
                ["AllowHeaders"] = new[] { "Authorization", "Content-Type", "x-api-key" },
                ["ExposeHeaders"] = new[] { "X-Request-ID" },
                ["AllowCredentials"] = false,
                ["MaxAge"] = 600,
            },
        });
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void The_stage_has_the_configured_throttling_and_variables_and_JSON_access_logs(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;
        var configured = stacks.Config.Stages[stage];

        var (_, resource) = Assert.Single(json.OfType("AWS::ApiGatewayV2::Stage"));
        var properties = resource["Properties"]!;

        Assert.Equal(stage, (string)properties["StageName"]!);
        Assert.True((bool)properties["AutoDeploy"]!);
        Assert.Equal(configured.ThrottleRate, StackTemplate.Int(properties["DefaultRouteSettings"]!["ThrottlingRateLimit"]));
        Assert.Equal(configured.ThrottleBurst, StackTemplate.Int(properties["DefaultRouteSettings"]!["ThrottlingBurstLimit"]));
        Assert.Equal(configured.Variables.ToDictionary(), properties["StageVariables"]!.AsObject().ToDictionary(pair => pair.Key, pair => (string)pair.Value!));
        var logGroup = StackTemplate.Target(properties["AccessLogSettings"]!["DestinationArn"]);
        Assert.Equal("AWS::Logs::LogGroup", (string)json.Resource(logGroup)["Type"]!);
        using var format = JsonDocument.Parse((string)properties["AccessLogSettings"]!["Format"]!);
        Assert.Equal("$context.requestId", format.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("$context.status", format.RootElement.GetProperty("status").GetString());
        Assert.Equal("$context.authorizer.error", format.RootElement.GetProperty("authorizerError").GetString());
    }

    [Fact]
    public void Dev_and_prod_throttle_differently_as_configured()
    {
        Assert.Equal((100, 200), Throttle(stacks.Get("dev", false).Json));
        Assert.Equal((1000, 2000), Throttle(stacks.Get("prod", false).Json));
    }

    internal static string ProxyAlias(StackTemplate json) => Alias(json, "ProxyFunction");

    internal static string Alias(StackTemplate json, string function) =>
        Assert.Single(json.OfType("AWS::Lambda::Alias"), alias => StackTemplate.Target(alias.Value["Properties"]!["FunctionName"]) == function).Key;

    private static (int Rate, int Burst) Throttle(StackTemplate json)
    {
        var settings = Assert.Single(json.OfType("AWS::ApiGatewayV2::Stage")).Value["Properties"]!["DefaultRouteSettings"]!;
        return (StackTemplate.Int(settings["ThrottlingRateLimit"]), StackTemplate.Int(settings["ThrottlingBurstLimit"]));
    }

    private static string Name(AuthRequirement requirement) => requirement switch
    {
        AuthRequirement.None => "none",
        AuthRequirement.Jwt => "jwt",
        AuthRequirement.ApiKey => "apiKey",
        _ => "any",
    };
}
