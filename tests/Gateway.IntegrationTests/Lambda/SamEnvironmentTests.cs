using Gateway.Cli.Sam;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Lambda;

/// <summary>
/// <c>gatewayctl invoke</c> gives a function the environment <c>sam local invoke</c> would, read from template.yaml:
/// only declared variables (file over shell over template), intrinsics resolved as SAM CLI resolves them locally.
/// </summary>
public sealed class SamEnvironmentTests
{
    private static readonly SamTemplate Template = SamTemplate.Load(RepositoryPaths.Template);

    private const string EnvVars = """
        {
          "Parameters": { "AWS_ENDPOINT_URL_DYNAMODB": "http://host.docker.internal:8000", "GATEWAY_TABLE_NAME": "from-parameters", "NOT_DECLARED": "x" },
          "ProxyFunction": { "GATEWAY_TABLE_NAME": "gateway-local", "DEMO_UPSTREAM_URL": "http://host.docker.internal:8081", "ALSO_NOT_DECLARED": "y" },
          "AuthorizerFunction": { "GATEWAY_JWT_SECRET": "s3cret", "POWERTOOLS_LOG_LEVEL": true }
        }
        """;

    [Fact]
    public void Only_declared_variables_arrive_with_the_file_over_the_shell_over_the_template()
    {
        var shell = new Dictionary<string, string> { ["HOME"] = "/home/me", ["DEMO_UPSTREAM_URL"] = "http://shell", ["POWERTOOLS_LOG_LEVEL"] = "DEBUG", ["NOT_DECLARED"] = "z" };

        var proxy = SamEnvironment.Resolve(Template.FindFunction("ProxyFunction")!, EnvVars, shell);
        var authorizer = SamEnvironment.Resolve(Template.FindFunction("AuthorizerFunction")!, EnvVars, shell);

        Assert.Equal("gateway-local", proxy["GATEWAY_TABLE_NAME"]);
        Assert.Equal("from-parameters", authorizer["GATEWAY_TABLE_NAME"]);
        Assert.Equal("http://host.docker.internal:8081", proxy["DEMO_UPSTREAM_URL"]);
        Assert.Equal("http://host.docker.internal:8000", proxy["AWS_ENDPOINT_URL_DYNAMODB"]);
        Assert.Equal("DEBUG", proxy["POWERTOOLS_LOG_LEVEL"]);
        Assert.Equal("true", authorizer["POWERTOOLS_LOG_LEVEL"]);
        Assert.Equal("s3cret", authorizer["GATEWAY_JWT_SECRET"]);
        Assert.False(proxy.ContainsKey("GATEWAY_JWT_SECRET"));
        foreach (var environment in new[] { proxy, authorizer })
        {
            Assert.False(environment.ContainsKey("NOT_DECLARED"));
            Assert.False(environment.ContainsKey("ALSO_NOT_DECLARED"));
            Assert.False(environment.ContainsKey("HOME"));
        }
    }

    [Fact]
    public void Intrinsics_resolve_as_SAM_resolves_them_locally()
    {
        var authorizer = SamEnvironment.Resolve(Template.FindFunction("AuthorizerFunction")!, null, new Dictionary<string, string>());
        var prod = SamEnvironment.Resolve(Template.FindFunction("AuthorizerFunction", new Dictionary<string, string> { ["Stage"] = "prod" })!, null, new Dictionary<string, string>());

        // !Ref to a resource is its logical id; !Sub uses the parameter's default or override.
        Assert.Equal("GatewayTable", authorizer["GATEWAY_TABLE_NAME"]);
        Assert.Equal("JwtSigningKey", authorizer["GATEWAY_JWT_SECRET_ARN"]);
        Assert.Equal("sample-gateway-dev", authorizer["POWERTOOLS_SERVICE_NAME"]);
        Assert.Equal("sample-gateway-prod", prod["POWERTOOLS_SERVICE_NAME"]);
        // Declared empty for local runs: present, empty, which the gateway reads as unset.
        Assert.Equal(string.Empty, authorizer["GATEWAY_JWT_SECRET"]);
        Assert.Equal(string.Empty, authorizer["AWS_ENDPOINT_URL_DYNAMODB"]);
    }

    [Fact]
    public void SAMs_own_AWS_variables_are_set_from_the_function()
    {
        var proxy = SamEnvironment.Resolve(Template.FindFunction("ProxyFunction")!, null, new Dictionary<string, string>());

        Assert.Equal("true", proxy["AWS_SAM_LOCAL"]);
        Assert.Equal("ProxyFunction", proxy["AWS_LAMBDA_FUNCTION_NAME"]);
        Assert.Equal("1024", proxy["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
        Assert.Equal("30", proxy["AWS_LAMBDA_FUNCTION_TIMEOUT"]);
        Assert.Equal("us-east-1", proxy["AWS_REGION"]);
        Assert.Equal("JSON", proxy["AWS_LAMBDA_LOG_FORMAT"]);
        Assert.Equal("INFO", proxy["AWS_LAMBDA_LOG_LEVEL"]);
    }
}
