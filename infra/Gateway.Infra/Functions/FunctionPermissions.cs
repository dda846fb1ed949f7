namespace Gateway.Infra.Functions;

/// <summary>
/// Every AWS action each function may perform, in one place: when the implementation starts or stops calling
/// something, this is the list to reconcile. Each list applies to one resource only (the table, the secret);
/// <see cref="GatewayFunctions"/> grants them and nothing else.
/// </summary>
public static class FunctionPermissions
{
    /// <summary>
    /// Counters and breaker state are written with conditional UpdateItem (several limits at once in a
    /// TransactWriteItems, which IAM authorizes by its parts' actions, here UpdateItem), and breaker state is read
    /// with GetItem when a cached copy expires. Nothing else: no PutItem, no ConditionCheckItem.
    /// </summary>
    public static IReadOnlyList<string> ProxyTableActions { get; } = ["dynamodb:GetItem", "dynamodb:UpdateItem"];

    /// <summary>The health checker reads each instance's breaker item and writes its health onto it.</summary>
    public static IReadOnlyList<string> HealthCheckTableActions { get; } = ["dynamodb:GetItem", "dynamodb:UpdateItem"];

    /// <summary>The authorizer looks up a hashed API key.</summary>
    public static IReadOnlyList<string> AuthorizerTableActions { get; } = ["dynamodb:GetItem"];

    /// <summary>The authorizer reads the JWT signing key, through the Parameters and Secrets extension.</summary>
    public static IReadOnlyList<string> AuthorizerSecretActions { get; } = ["secretsmanager:GetSecretValue"];
}
