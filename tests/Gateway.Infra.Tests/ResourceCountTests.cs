namespace Gateway.Infra.Tests;

/// <summary>
/// How many of each resource a stage's stack has, per API option: a new resource type, or one more of an existing
/// one, shows up here first.
/// </summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class ResourceCountTests(SynthesizedStacks stacks)
{
    // The HTTP API: 9 routes from the 5 configured ones (GET brings HEAD) plus $default; 3 authorizers (jwt, apiKey, any);
    // one integration and one invoke permission for all routes, and one per authorizer.
    private static readonly Dictionary<string, int> HttpApiStack = new()
    {
        ["AWS::DynamoDB::Table"] = 1,
        ["AWS::SecretsManager::Secret"] = 1,
        ["AWS::IAM::Role"] = 2,
        ["AWS::IAM::Policy"] = 2,
        ["AWS::Logs::LogGroup"] = 3,
        ["AWS::Lambda::Function"] = 2,
        ["AWS::Lambda::Version"] = 2,
        ["AWS::Lambda::Alias"] = 2,
        ["AWS::Lambda::Permission"] = 4,
        ["AWS::ApiGatewayV2::Api"] = 1,
        ["AWS::ApiGatewayV2::Integration"] = 1,
        ["AWS::ApiGatewayV2::Route"] = 10,
        ["AWS::ApiGatewayV2::Authorizer"] = 3,
        ["AWS::ApiGatewayV2::Stage"] = 1,
        ["AWS::CloudWatch::Alarm"] = 4,
    };

    // The REST front adds 9 methods on 5 resources, 3 authorizers, one invoke permission for all methods and one per
    // authorizer, and the account-level logging role; no AWS usage plans or API keys.
    private static readonly Dictionary<string, int> RestApiFront = new()
    {
        ["AWS::IAM::Role"] = 1,
        ["AWS::Logs::LogGroup"] = 1,
        ["AWS::Lambda::Permission"] = 4,
        ["AWS::ApiGateway::RestApi"] = 1,
        ["AWS::ApiGateway::Account"] = 1,
        ["AWS::ApiGateway::Deployment"] = 1,
        ["AWS::ApiGateway::Stage"] = 1,
        ["AWS::ApiGateway::Resource"] = 5,
        ["AWS::ApiGateway::Method"] = 9,
        ["AWS::ApiGateway::Authorizer"] = 3,
    };

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void The_stack_has_exactly_the_expected_resources(string stage, bool restApiFront)
    {
        var expected = new Dictionary<string, int>(HttpApiStack);
        if (restApiFront)
        {
            foreach (var (type, count) in RestApiFront)
            {
                expected[type] = expected.GetValueOrDefault(type) + count;
            }
        }

        var actual = stacks.Get(stage, restApiFront).Json.Resources
            .GroupBy(pair => (string)pair.Value!["Type"]!)
            .ToDictionary(group => group.Key, group => group.Count());

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
        foreach (var (type, count) in expected)
        {
            stacks.Get(stage, restApiFront).Template.ResourceCountIs(type, count);
        }
    }
}
