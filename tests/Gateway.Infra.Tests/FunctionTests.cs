using Gateway.Configuration;
using Gateway.Infra.Functions;
using Gateway.Lambda;

namespace Gateway.Infra.Tests;

/// <summary>Both functions: runtime, architecture, handlers, sizes from the configuration, environment, logging, versions.</summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class FunctionTests(SynthesizedStacks stacks)
{
    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void Both_functions_run_the_one_AOT_bundle_on_provided_al2023_x86_64_with_their_handlers(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;

        Assert.Equal(["AuthorizerFunction", "ProxyFunction"], json.OfType("AWS::Lambda::Function").Keys.Order());
        foreach (var (id, handler) in new[] { ("ProxyFunction", FunctionHandlers.Proxy), ("AuthorizerFunction", FunctionHandlers.Authorizer) })
        {
            var function = json.Properties(id);
            Assert.Equal("provided.al2023", (string)function["Runtime"]!);
            Assert.Equal(["x86_64"], StackTemplate.Strings(function["Architectures"]));
            Assert.Equal(handler.FunctionName, (string)function["Handler"]!);
        }
        Assert.Equal(StackTemplate.Compact(json.Properties("ProxyFunction")["Code"]), StackTemplate.Compact(json.Properties("AuthorizerFunction")["Code"]));
    }

    [Fact]
    public void The_handlers_are_the_ones_the_Lambda_project_resolves()
    {
        Assert.Equal(
            [LambdaEntryPoints.ProxyFunctionName, LambdaEntryPoints.AuthorizerFunctionName, LambdaEntryPoints.ProxyHandler, LambdaEntryPoints.AuthorizerHandler],
            [FunctionHandlers.Proxy.FunctionName, FunctionHandlers.Authorizer.FunctionName, FunctionHandlers.Proxy.ManagedHandler, FunctionHandlers.Authorizer.ManagedHandler]);
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void Memory_and_timeout_come_from_the_configuration(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;
        var functions = stacks.Config.Functions;

        Assert.Equal((1536, 25), (functions.Proxy.MemoryMb, (int)functions.Proxy.Timeout.TotalSeconds));
        Assert.Equal((functions.Proxy.MemoryMb, (int)functions.Proxy.Timeout.TotalSeconds), Size(json, "ProxyFunction"));
        Assert.Equal((functions.Authorizer.MemoryMb, (int)functions.Authorizer.Timeout.TotalSeconds), Size(json, "AuthorizerFunction"));
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void The_environment_names_the_table_the_secret_and_the_Powertools_settings(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;
        var table = Assert.Single(json.OfType("AWS::DynamoDB::Table")).Key;
        var secret = Assert.Single(json.OfType("AWS::SecretsManager::Secret")).Key;

        var proxy = json.Properties("ProxyFunction")["Environment"]!["Variables"]!.AsObject();
        var authorizer = json.Properties("AuthorizerFunction")["Environment"]!["Variables"]!.AsObject();

        Assert.Equal(
            [EnvironmentVariables.TableName, EnvironmentVariables.LogLevel, EnvironmentVariables.MetricsNamespace, EnvironmentVariables.ServiceName],
            proxy.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        Assert.Equal(table, StackTemplate.Target(proxy[EnvironmentVariables.TableName]));
        Assert.Equal(table, StackTemplate.Target(authorizer[EnvironmentVariables.TableName]));
        Assert.Equal(secret, StackTemplate.Target(authorizer[EnvironmentVariables.JwtSecretArn]));
        foreach (var variables in new[] { proxy, authorizer })
        {
            Assert.Equal($"infra-test-{stage}", (string)variables[EnvironmentVariables.ServiceName]!);
            Assert.Equal("ServerlessGateway", (string)variables[EnvironmentVariables.MetricsNamespace]!);
            Assert.Equal("INFO", (string)variables[EnvironmentVariables.LogLevel]!);
            // In AWS the configuration is the bundled file, and the secret is read from Secrets Manager.
            Assert.Null(variables[EnvironmentVariables.Config]);
            Assert.Null(variables[EnvironmentVariables.JwtSecret]);
        }
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void Only_the_authorizer_has_the_Parameters_and_Secrets_extension_on_port_2773(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;

        var authorizer = json.Properties("AuthorizerFunction");
        var layer = Assert.Single(authorizer["Layers"]!.AsArray())!;
        var map = json.Root["Mappings"]![(string)layer["Fn::FindInMap"]![0]!]!.AsObject();
        Assert.Contains("AWS-Parameters-and-Secrets-Lambda-Extension:", StackTemplate.Compact(map["us-east-1"]), StringComparison.Ordinal);
        Assert.Contains("x86", (string)layer["Fn::FindInMap"]![2]!, StringComparison.Ordinal);
        Assert.Equal("2773", (string)authorizer["Environment"]!["Variables"]!["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"]!);
        Assert.Null(json.Properties("ProxyFunction")["Layers"]);
    }

    [Theory]
    [InlineData("dev", 7)]
    [InlineData("prod", 90)]
    public void Logs_are_JSON_with_levels_into_a_log_group_with_retention(string stage, int retentionDays)
    {
        var json = stacks.Get(stage, false).Json;

        foreach (var id in new[] { "ProxyFunction", "AuthorizerFunction" })
        {
            var logging = json.Properties(id)["LoggingConfig"]!;
            Assert.Equal("JSON", (string)logging["LogFormat"]!);
            Assert.Equal("INFO", (string)logging["ApplicationLogLevel"]!);
            Assert.Equal("WARN", (string)logging["SystemLogLevel"]!);
            Assert.Equal(retentionDays, StackTemplate.Int(json.Properties(StackTemplate.Target(logging["LogGroup"]))["RetentionInDays"]));
        }
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void API_Gateway_invokes_the_live_alias_of_a_published_version_and_AOT_has_no_SnapStart(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;

        foreach (var id in new[] { "ProxyFunction", "AuthorizerFunction" })
        {
            Assert.Null(json.Properties(id)["SnapStart"]);
            var version = Assert.Single(json.OfType("AWS::Lambda::Version"), v => StackTemplate.Target(v.Value["Properties"]!["FunctionName"]) == id).Key;
            Assert.Single(json.OfType("AWS::Lambda::Alias").Values, alias =>
                (string)alias["Properties"]!["Name"]! == GatewayFunction.AliasName &&
                StackTemplate.Target(alias["Properties"]!["FunctionName"]) == id &&
                StackTemplate.Target(alias["Properties"]!["FunctionVersion"]) == version);
        }
    }

    private static (int Memory, int Timeout) Size(StackTemplate json, string id) =>
        (StackTemplate.Int(json.Properties(id)["MemorySize"]), StackTemplate.Int(json.Properties(id)["Timeout"]));
}
