using Gateway.Configuration;

namespace Gateway.Infra.Tests;

/// <summary>The optional REST API front: the same routes and authorizers, and no AWS keys or usage plans (the gateway enforces plans).</summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class RestApiFrontTests(SynthesizedStacks stacks)
{
    private static readonly string[] RestTypes =
        ["AWS::ApiGateway::RestApi", "AWS::ApiGateway::UsagePlan", "AWS::ApiGateway::ApiKey", "AWS::ApiGateway::UsagePlanKey", "AWS::ApiGateway::Method", "AWS::ApiGateway::Authorizer"];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Without_the_option_there_is_no_REST_API(string stage)
    {
        var template = stacks.Get(stage, false).Template;

        foreach (var type in RestTypes)
        {
            template.ResourceCountIs(type, 0);
        }
        Assert.Null(stacks.Get(stage, false).Json.Root["Outputs"]!["RestApiUrl"]);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void There_are_no_AWS_usage_plans_or_API_keys_the_gateway_enforces_plans_alone(string stage)
    {
        var stack = stacks.Get(stage, true);

        Assert.NotEmpty(stacks.Config.UsagePlans);
        foreach (var type in new[] { "AWS::ApiGateway::UsagePlan", "AWS::ApiGateway::ApiKey", "AWS::ApiGateway::UsagePlanKey" })
        {
            stack.Template.ResourceCountIs(type, 0);
        }
        Assert.Null(Assert.Single(stack.Json.OfType("AWS::ApiGateway::RestApi")).Value["Properties"]!["ApiKeySourceType"]);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void No_method_requires_an_AWS_API_key_every_one_goes_to_the_proxy_alias_with_its_routes_authorizer(string stage)
    {
        var json = stacks.Get(stage, true).Json;
        var resources = json.OfType("AWS::ApiGateway::Resource").ToDictionary(pair => pair.Key, pair => pair.Value["Properties"]!);
        var authorizers = json.OfType("AWS::ApiGateway::Authorizer").ToDictionary(pair => pair.Key, pair => pair.Value["Properties"]!);
        var proxyAlias = HttpApiTests.ProxyAlias(json);

        var methods = json.OfType("AWS::ApiGateway::Method").Values.Select(method => method["Properties"]!).ToDictionary(
            method => $"{(string)method["HttpMethod"]!} {PathOf(resources, method["ResourceId"])}",
            method =>
            {
                Assert.True(method["ApiKeyRequired"] is null || !(bool)method["ApiKeyRequired"]!, StackTemplate.Compact(method));
                Assert.Equal("AWS_PROXY", (string)method["Integration"]!["Type"]!);
                Assert.Contains($"{{\"Ref\":\"{proxyAlias}\"}}", StackTemplate.Compact(method["Integration"]!["Uri"]), StringComparison.Ordinal);
                return (string)method["AuthorizationType"]! == "NONE" ? "none" : (string)authorizers[StackTemplate.Target(method["AuthorizerId"])]["Name"]!;
            });

        var expected = new Dictionary<string, string>();
        foreach (var route in stacks.Config.Routes)
        {
            var verbs = route.Methods is null ? ["ANY"] : route.Methods.Contains("GET") ? route.Methods.Append("HEAD") : route.Methods;
            foreach (var verb in verbs)
            {
                expected[$"{verb} {route.Path.Text}"] = route.Auth.Requirement switch
                {
                    AuthRequirement.None => "none",
                    AuthRequirement.Jwt => "jwt",
                    AuthRequirement.ApiKey => "apiKey",
                    _ => "any",
                };
            }
        }
        Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), methods.OrderBy(pair => pair.Key, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_REST_authorizers_call_the_authorizer_alias_with_the_same_identity_headers_and_cache_ttl(string stage)
    {
        var json = stacks.Get(stage, true).Json;
        var alias = HttpApiTests.Alias(json, "AuthorizerFunction");

        var authorizers = json.OfType("AWS::ApiGateway::Authorizer").Values.Select(a => a["Properties"]!).ToDictionary(a => (string)a["Name"]!);

        Assert.Equal("method.request.header.Authorization", (string)authorizers["jwt"]["IdentitySource"]!);
        Assert.Equal("method.request.header.x-api-key", (string)authorizers["apiKey"]["IdentitySource"]!);
        // As on the HTTP API: either credential, so no identity source, so no result cache.
        Assert.True(string.IsNullOrEmpty((string?)authorizers["any"]["IdentitySource"]), StackTemplate.Compact(authorizers["any"]));
        Assert.Equal(0, StackTemplate.Int(authorizers["any"]["AuthorizerResultTtlInSeconds"]));
        Assert.All(authorizers.Values, authorizer =>
        {
            Assert.Equal("REQUEST", (string)authorizer["Type"]!);
            Assert.Equal((string)authorizer["Name"]! == "any" ? 0 : 120, StackTemplate.Int(authorizer["AuthorizerResultTtlInSeconds"]));
            Assert.Contains($"{{\"Ref\":\"{alias}\"}}", StackTemplate.Compact(authorizer["AuthorizerUri"]), StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_REST_stage_has_the_configured_throttling_variables_and_JSON_access_logs(string stage)
    {
        var json = stacks.Get(stage, true).Json;
        var configured = stacks.Config.Stages[stage];

        var properties = Assert.Single(json.OfType("AWS::ApiGateway::Stage")).Value["Properties"]!;
        var all = Assert.Single(properties["MethodSettings"]!.AsArray())!;

        Assert.Equal(stage, (string)properties["StageName"]!);
        Assert.Equal(("*", "/*"), ((string)all["HttpMethod"]!, (string)all["ResourcePath"]!));
        Assert.Equal(configured.ThrottleRate, StackTemplate.Int(all["ThrottlingRateLimit"]));
        Assert.Equal(configured.ThrottleBurst, StackTemplate.Int(all["ThrottlingBurstLimit"]));
        Assert.Equal(configured.Variables.ToDictionary(), properties["Variables"]!.AsObject().ToDictionary(pair => pair.Key, pair => (string)pair.Value!));
        Assert.StartsWith("{", (string)properties["AccessLogSetting"]!["Format"]!, StringComparison.Ordinal);
    }

    /// <summary>A REST resource's full path, from its PathPart and its parents (the root has no resource of its own).</summary>
    private static string PathOf(Dictionary<string, System.Text.Json.Nodes.JsonNode> resources, System.Text.Json.Nodes.JsonNode? reference)
    {
        if (reference is System.Text.Json.Nodes.JsonObject o && o["Fn::GetAtt"] is not null)
        {
            return "/";
        }
        var id = StackTemplate.Target(reference);
        var resource = resources[id];
        var parent = PathOf(resources, resource["ParentId"]);
        return parent.TrimEnd('/') + "/" + (string)resource["PathPart"]!;
    }
}
