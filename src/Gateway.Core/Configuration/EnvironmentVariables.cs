namespace Gateway.Configuration;

/// <summary>
/// The environment variables the gateway reads. The same names are used by template.yaml, the CDK stack and
/// <c>gatewayctl serve</c>.
/// </summary>
public static class EnvironmentVariables
{
    /// <summary>The configuration file; defaults to the one bundled next to the code.</summary>
    public const string Config = "GATEWAY_CONFIG";

    /// <summary>The DynamoDB table holding limits, quotas, breaker state and API keys.</summary>
    public const string TableName = "GATEWAY_TABLE_NAME";

    /// <summary>The Secrets Manager secret holding the JWT signing key, in AWS.</summary>
    public const string JwtSecretArn = "GATEWAY_JWT_SECRET_ARN";

    /// <summary>A local override of that secret, for development.</summary>
    public const string JwtSecret = "GATEWAY_JWT_SECRET";

    /// <summary>The AWS SDK's own override of the DynamoDB endpoint (DynamoDB Local).</summary>
    public const string DynamoDbEndpoint = "AWS_ENDPOINT_URL_DYNAMODB";

    public const string ServiceName = "POWERTOOLS_SERVICE_NAME";
    public const string MetricsNamespace = "POWERTOOLS_METRICS_NAMESPACE";
    public const string LogLevel = "POWERTOOLS_LOG_LEVEL";

    /// <summary>The name of the configuration file bundled with every function and with gatewayctl.</summary>
    public const string BundledConfigFileName = "gateway.yaml";

    /// <summary>The configuration file a process should load, given its environment.</summary>
    public static string ResolveConfigPath(Func<string, string?> environment) =>
        environment(Config) is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, BundledConfigFileName);
}
