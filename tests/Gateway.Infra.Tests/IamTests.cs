using System.Text.Json.Nodes;
using Gateway.Infra.Functions;

namespace Gateway.Infra.Tests;

/// <summary>
/// Least privilege, read from the policy documents: each function's role has exactly the statements listed here,
/// action by action and resource by resource, and nothing else in the stack grants anything to the functions.
/// </summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class IamTests(SynthesizedStacks stacks)
{
    public static TheoryData<string, bool> Variants() => new() { { "dev", false }, { "prod", false }, { "dev", true }, { "prod", true } };

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_proxy_may_write_its_logs_and_use_the_table_with_four_actions_only(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;
        var table = Single(json, "AWS::DynamoDB::Table");

        var statements = Statements(json, "ProxyFunction");

        Assert.Equal(
            [
                ("Allow", "logs:CreateLogStream logs:PutLogEvents", LogGroupOf(json, "ProxyFunction")),
                ("Allow", "dynamodb:GetItem dynamodb:UpdateItem", table),
            ],
            statements);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_authorizer_may_write_its_logs_read_one_item_and_read_the_secret(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;

        var statements = Statements(json, "AuthorizerFunction");

        Assert.Equal(
            [
                ("Allow", "logs:CreateLogStream logs:PutLogEvents", LogGroupOf(json, "AuthorizerFunction")),
                ("Allow", "dynamodb:GetItem", Single(json, "AWS::DynamoDB::Table")),
                ("Allow", "secretsmanager:GetSecretValue", Single(json, "AWS::SecretsManager::Secret")),
            ],
            statements);
    }

    [Fact]
    public void The_granted_actions_are_the_ones_FunctionPermissions_lists()
    {
        var json = stacks.Get("dev", false).Json;

        Assert.Equal(string.Join(' ', FunctionPermissions.ProxyTableActions), Statements(json, "ProxyFunction")[1].Actions);
        Assert.Equal(string.Join(' ', FunctionPermissions.AuthorizerTableActions), Statements(json, "AuthorizerFunction")[1].Actions);
        Assert.Equal(string.Join(' ', FunctionPermissions.AuthorizerSecretActions), Statements(json, "AuthorizerFunction")[2].Actions);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Function_roles_have_no_managed_or_inline_policies_and_only_lambda_may_assume_them(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;

        foreach (var function in new[] { "ProxyFunction", "AuthorizerFunction" })
        {
            var role = json.Properties(RoleOf(json, function));
            Assert.Null(role["ManagedPolicyArns"]);
            Assert.Null(role["Policies"]);
            var trust = Assert.Single(role["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
            Assert.Equal("sts:AssumeRole", (string)trust["Action"]!);
            Assert.Equal("lambda.amazonaws.com", (string)trust["Principal"]!["Service"]!);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_policy_in_the_stack_uses_a_wildcard_and_only_the_function_roles_get_policies(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;
        var functionRoles = new[] { RoleOf(json, "ProxyFunction"), RoleOf(json, "AuthorizerFunction") };

        foreach (var (id, policy) in json.OfType("AWS::IAM::Policy"))
        {
            var roles = policy["Properties"]!["Roles"]!.AsArray().Select(StackTemplate.Target).ToArray();
            Assert.Subset(functionRoles.ToHashSet(), roles.ToHashSet());
            foreach (var statement in policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            {
                Assert.DoesNotContain(StackTemplate.Strings(statement!["Action"]), action => action.Contains('*', StringComparison.Ordinal));
                Assert.True(statement["Resource"] is JsonObject, $"{id}: every resource is one Ref/GetAtt, not a list or a string: {StackTemplate.Compact(statement["Resource"])}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Only_the_REST_front_adds_a_role_API_Gateway_logs_with(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;
        var functionRoles = new[] { RoleOf(json, "ProxyFunction"), RoleOf(json, "AuthorizerFunction") };

        var others = json.OfType("AWS::IAM::Role").Where(pair => !functionRoles.Contains(pair.Key)).ToList();

        if (!restApiFront)
        {
            Assert.Empty(others);
            return;
        }
        var (id, role) = Assert.Single(others);
        Assert.Equal("apigateway.amazonaws.com", (string)role["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["Service"]!);
        Assert.Contains("AmazonAPIGatewayPushToCloudWatchLogs", StackTemplate.Compact(role["Properties"]!["ManagedPolicyArns"]), StringComparison.Ordinal);
        Assert.Equal(id, StackTemplate.Target(Assert.Single(json.OfType("AWS::ApiGateway::Account")).Value["Properties"]!["CloudWatchRoleArn"]));
    }

    internal static string RoleOf(StackTemplate json, string function) => StackTemplate.Target(json.Properties(function)["Role"]);

    internal static string LogGroupOf(StackTemplate json, string function) => StackTemplate.Target(json.Properties(function)["LoggingConfig"]!["LogGroup"]);

    internal static string Single(StackTemplate json, string type) => Assert.Single(json.OfType(type)).Key;

    /// <summary>Every statement granted to a function's role: effect, actions (in order, space-separated), and the one resource's logical ID.</summary>
    internal static List<(string Effect, string Actions, string Resource)> Statements(StackTemplate json, string function)
    {
        var role = RoleOf(json, function);
        var policy = Assert.Single(json.OfType("AWS::IAM::Policy").Values,
            p => p["Properties"]!["Roles"]!.AsArray().Any(r => StackTemplate.Target(r) == role));
        return policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Select(s => ((string)s!["Effect"]!, string.Join(' ', StackTemplate.Strings(s["Action"])), StackTemplate.Target(s["Resource"])))
            .ToList();
    }
}
