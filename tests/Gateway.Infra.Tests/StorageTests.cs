using Amazon.CDK.Assertions;

namespace Gateway.Infra.Tests;

/// <summary>The table (keys, TTL, on-demand; protected and kept in prod) and the generated JWT signing key.</summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class StorageTests(SynthesizedStacks stacks)
{
    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void The_table_has_pk_and_sk_strings_a_ttl_attribute_and_on_demand_billing(string stage, bool restApiFront)
    {
        var template = stacks.Get(stage, restApiFront).Template;

        template.ResourceCountIs("AWS::DynamoDB::Table", 1);
        template.HasResourceProperties("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["KeySchema"] = new object[]
            {
                new Dictionary<string, object> { ["AttributeName"] = "pk", ["KeyType"] = "HASH" },
                new Dictionary<string, object> { ["AttributeName"] = "sk", ["KeyType"] = "RANGE" },
            },
            ["AttributeDefinitions"] = new object[]
            {
                new Dictionary<string, object> { ["AttributeName"] = "pk", ["AttributeType"] = "S" },
                new Dictionary<string, object> { ["AttributeName"] = "sk", ["AttributeType"] = "S" },
            },
            ["TimeToLiveSpecification"] = new Dictionary<string, object> { ["AttributeName"] = "ttl", ["Enabled"] = true },
            ["BillingMode"] = "PAY_PER_REQUEST",
        }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void In_prod_the_table_has_point_in_time_recovery_deletion_protection_and_is_retained(bool restApiFront)
    {
        var template = stacks.Get("prod", restApiFront).Template;

        template.HasResource("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["Properties"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["PointInTimeRecoverySpecification"] = new Dictionary<string, object> { ["PointInTimeRecoveryEnabled"] = true },
                ["DeletionProtectionEnabled"] = true,
            }),
            ["DeletionPolicy"] = "Retain",
            ["UpdateReplacePolicy"] = "Retain",
        });
        template.HasResource("AWS::SecretsManager::Secret", new Dictionary<string, object> { ["DeletionPolicy"] = "Retain" });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void In_dev_the_table_is_unprotected_and_deleted_with_the_stack(bool restApiFront)
    {
        var json = stacks.Get("dev", restApiFront).Json;

        var (_, table) = Assert.Single(json.OfType("AWS::DynamoDB::Table"));
        Assert.Equal("Delete", (string)table["DeletionPolicy"]!);
        Assert.False((bool)table["Properties"]!["DeletionProtectionEnabled"]!);
        Assert.False((bool)table["Properties"]!["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!);
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void The_jwt_signing_key_is_generated_by_Secrets_Manager(string stage, bool restApiFront)
    {
        var template = stacks.Get(stage, restApiFront).Template;

        template.ResourceCountIs("AWS::SecretsManager::Secret", 1);
        template.HasResourceProperties("AWS::SecretsManager::Secret", Match.ObjectLike(new Dictionary<string, object>
        {
            ["GenerateSecretString"] = new Dictionary<string, object> { ["PasswordLength"] = 64, ["ExcludePunctuation"] = true },
        }));
        Assert.Null(stacks.Get(stage, restApiFront).Json.Properties(Assert.Single(stacks.Get(stage, restApiFront).Json.OfType("AWS::SecretsManager::Secret")).Key)["SecretString"]);
    }
}
