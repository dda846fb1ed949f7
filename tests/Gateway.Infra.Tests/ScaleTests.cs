using System.Text;
using System.Text.Json.Nodes;
using Gateway.Infra.Scale;
using Gateway.Testing;
using Xunit.Abstractions;

namespace Gateway.Infra.Tests;

/// <summary>
/// A configuration at API Gateway's route quotas (<see cref="ScaleStacks"/>) synthesizes with both fronts, every
/// stack under CloudFormation's 500 resources, as many invoke permissions as with five routes, and resource
/// policies far under Lambda's 20 KB.
/// </summary>
[Collection(ScaleStacksCollection.Name)]
public sealed class ScaleTests(ScaleStacks scale, ITestOutputHelper output)
{
    /// <summary>Lambda's limit on a function's resource policy.</summary>
    private const int ResourcePolicyLimitBytes = 20 * 1024;

    private IEnumerable<StackTemplate> Templates => scale.Stack.AllTemplates;

    [Fact]
    public void Every_stack_stays_under_CloudFormations_resource_limit_with_the_routes_spread_over_nested_stacks()
    {
        var counts = Templates.Select(template => template.Resources.Count).ToList();
        output.WriteLine($"resources per stack (gateway's first, then nested): {string.Join(", ", counts)}");

        Assert.NotEmpty(scale.Stack.Nested);
        Assert.All(counts, count => Assert.InRange(count, 1, RouteStacks.StackResourceLimit - 1));
        Assert.Equal(scale.Stack.Nested.Count, scale.Stack.Json.OfType("AWS::CloudFormation::Stack").Count);
    }

    [Fact]
    public void Every_route_is_deployed_exactly_once_on_each_front()
    {
        var routeKeys = Templates.SelectMany(t => t.OfType("AWS::ApiGatewayV2::Route").Values).Select(r => (string)r["Properties"]!["RouteKey"]!).ToList();
        var methods = Templates.SelectMany(t => t.OfType("AWS::ApiGateway::Method").Values).ToList();
        var pathParts = Templates.SelectMany(t => t.OfType("AWS::ApiGateway::Resource").Values).Select(r => (string)r["Properties"]!["PathPart"]!).ToList();

        Assert.Equal(ScaleStacks.Routes + 1, routeKeys.Count);
        Assert.Equal(routeKeys.Count, routeKeys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ScaleStacks.Routes, methods.Count);
        // Each shared prefix is created once, in one stack, and imported by the others.
        Assert.Equal(ScaleStacks.Teams + ScaleStacks.Routes, pathParts.Count);
        Assert.Equal(pathParts.Count, pathParts.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ApiGatewayQuotas.RestApiResources, ApiGatewayQuotas.RestResourcePaths(Gateway.Infra.Http.RoutePlan.From(scale.Config)).Count);
    }

    [Fact]
    public void Invoke_permissions_are_one_per_API_and_one_per_authorizer_whatever_the_number_of_routes()
    {
        var permissions = Templates.SelectMany(t => t.OfType("AWS::Lambda::Permission").Values).ToList();

        // Two fronts, each with one grant on the proxy and one per authorizer (jwt, apiKey, any): as with five routes.
        Assert.Equal(2 * (1 + 3), permissions.Count);
    }

    [Fact]
    public void The_largest_Lambda_resource_policy_CloudFormation_would_build_stays_under_20_KB()
    {
        var policies = ResourcePolicies();
        foreach (var (function, bytes) in policies)
        {
            output.WriteLine($"{function}: {bytes} bytes");
        }

        Assert.Equal(2, policies.Count);
        Assert.All(policies.Values, bytes => Assert.InRange(bytes, 1, ResourcePolicyLimitBytes / 4));
    }

    [Fact]
    public void The_REST_deployment_waits_for_the_nested_stacks_holding_its_methods()
    {
        var json = scale.Stack.Json;
        var deployment = Assert.Single(json.OfType("AWS::ApiGateway::Deployment")).Value;

        Assert.Contains(Templates.Skip(1), t => t.OfType("AWS::ApiGateway::Method").Count > 0);
        Assert.Superset(json.OfType("AWS::CloudFormation::Stack").Keys.ToHashSet(), StackTemplate.Strings(deployment["DependsOn"]).ToHashSet());
    }

    [Fact]
    public void Resources_per_route_are_one_on_the_HTTP_API_and_one_per_method_and_new_path_segment_on_the_REST_front()
    {
        var types = Templates.SelectMany(t => t.Resources).GroupBy(pair => (string)pair.Value!["Type"]!).ToDictionary(g => g.Key, g => g.Count());
        var perRoute = Templates.Sum(t => t.Resources.Count) / (double)ScaleStacks.Routes;
        output.WriteLine($"{Templates.Sum(t => t.Resources.Count)} resources for {ScaleStacks.Routes} routes on both fronts: {perRoute:F2} per route");

        Assert.Equal(ScaleStacks.Routes + 1, types["AWS::ApiGatewayV2::Route"]);
        Assert.Equal(1, types["AWS::ApiGatewayV2::Integration"]);
        Assert.Equal(ScaleStacks.Routes, types["AWS::ApiGateway::Method"]);
        Assert.InRange(perRoute, 3.0, 3.3);
    }

    [Fact]
    public async Task Cfn_lint_finds_no_error_in_the_stack_or_its_nested_stacks()
    {
        var folder = Directory.CreateTempSubdirectory("gateway-scale-lint");
        try
        {
            var files = Templates.Select((template, index) =>
            {
                var path = Path.Combine(folder.FullName, $"stack{index}.template.json");
                File.WriteAllText(path, template.Root.ToJsonString());
                return path;
            }).ToArray();

            var result = await ExternalProcess.RunAsync("node", [CliSynthTests.Linter, .. files], TimeSpan.FromMinutes(3));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains($"cfn-lint: OK: {files.Length} template(s), 0 error(s)", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Each alias's resource policy as Lambda stores it: one statement per AWS::Lambda::Permission, with the Sid
    /// CloudFormation generates (stack name, logical ID, 12 random characters) and every Ref resolved to a value of
    /// its longest realistic length, measured in bytes.
    /// </summary>
    private Dictionary<string, int> ResourcePolicies() => Templates
        .SelectMany(template => template.OfType("AWS::Lambda::Permission"))
        .GroupBy(pair => StackTemplate.Target(pair.Value["Properties"]!["FunctionName"]))
        .ToDictionary(group => group.Key, group =>
        {
            var statements = new JsonArray(group.Select(pair => (JsonNode)new JsonObject
            {
                ["Sid"] = $"scale-test-dev-{pair.Key}-ABCDEFGHIJKL",
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["Service"] = (string)pair.Value["Properties"]!["Principal"]! },
                ["Action"] = (string)pair.Value["Properties"]!["Action"]!,
                ["Resource"] = $"arn:aws:lambda:ap-southeast-2:123456789012:function:scale-test-dev-{group.Key}-ABCDEFGHIJKL:live",
                ["Condition"] = new JsonObject { ["ArnLike"] = new JsonObject { ["AWS:SourceArn"] = Resolve(pair.Value["Properties"]!["SourceArn"]) } },
            }).ToArray());
            var policy = new JsonObject { ["Version"] = "2012-10-17", ["Id"] = "default", ["Statement"] = statements };
            return Encoding.UTF8.GetByteCount(StackTemplate.Compact(policy));
        });

    private static string Resolve(JsonNode? node) => node switch
    {
        JsonValue value => (string)value!,
        JsonObject o when o["Ref"] is { } reference => (string)reference! switch
        {
            "AWS::Partition" => "aws-us-gov",
            "AWS::Region" => "ap-southeast-2",
            "AWS::AccountId" => "123456789012",
            // API and authorizer ids are 10 and 6 characters; take 10 for both.
            _ => "abcdefghij",
        },
        JsonObject o when o["Fn::GetAtt"] is not null => "abcdefghij",
        JsonObject o when o["Fn::Join"] is JsonArray join => string.Join((string)join[0]!, join[1]!.AsArray().Select(Resolve)),
        _ => throw new Xunit.Sdk.XunitException($"cannot resolve {StackTemplate.Compact(node)}"),
    };
}
