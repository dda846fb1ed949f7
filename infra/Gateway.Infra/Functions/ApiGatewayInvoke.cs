using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Constructs;

namespace Gateway.Infra.Functions;

/// <summary>
/// API Gateway's right to invoke a function alias, granted once per API (and once per authorizer) rather than once
/// per route as CDK's Lambda integrations do: every grant is a statement in the function's resource policy, which
/// Lambda caps at 20 KB (about 45 of CDK's per-route statements).
/// </summary>
public static class ApiGatewayInvoke
{
    public const string Principal = "apigateway.amazonaws.com";

    public static void Allow(Construct scope, string id, IFunction alias, string sourceArn) =>
        alias.AddPermission(id, new Permission
        {
            Principal = new ServicePrincipal(Principal),
            Action = "lambda:InvokeFunction",
            SourceArn = sourceArn,
            Scope = scope,
        });

    /// <summary>
    /// Every stage, method and path of one API. A source ARN is matched with ArnLike, where <c>*</c> spans slashes,
    /// so one wildcard covers <c>stage/METHOD/path</c> and the HTTP API's <c>stage/$default</c> alike.
    /// </summary>
    public static string AnyRoute(string apiId) => $"{ExecuteApi(apiId)}/*";

    /// <summary>One authorizer of one API.</summary>
    public static string Authorizer(string apiId, string authorizerId) => $"{ExecuteApi(apiId)}/authorizers/{authorizerId}";

    /// <summary>The URI API Gateway invokes a Lambda function (integration or authorizer) through.</summary>
    public static string IntegrationUri(IFunction alias) =>
        $"arn:{Aws.PARTITION}:apigateway:{Aws.REGION}:lambda:path/2015-03-31/functions/{alias.FunctionArn}/invocations";

    private static string ExecuteApi(string apiId) => $"arn:{Aws.PARTITION}:execute-api:{Aws.REGION}:{Aws.ACCOUNT_ID}:{apiId}";
}
