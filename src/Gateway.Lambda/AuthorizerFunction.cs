using System.Text.Json;
using Gateway.Authorization;
using Gateway.Authorization.Jwt;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Identity;
using Gateway.Lambda.ApiGatewayEvents;
using Gateway.Lambda.Authorizer;
using Gateway.Observability.Logging;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Lambda;

/// <summary>
/// The Lambda authorizer: establishes who is calling from the credential the route takes (a bearer JWT, a tenant API
/// key, or either) and hands the identity to the proxy as the authorizer context (tenant, plan, subject, org, roles,
/// scopes). HTTP APIs (payload 2.0) get a simple response; REST APIs (payload 1.0, the optional front) get the IAM
/// policy they require, allowing the whole stage so that a cached answer serves every route. It authenticates only:
/// scopes and roles are route-specific, and API Gateway reuses an answer across routes, so the proxy checks them.
/// Handler: <c>Gateway.Lambda::Gateway.Lambda.AuthorizerFunction::HandleAsync</c>.
/// </summary>
public sealed partial class AuthorizerFunction : ILambdaFunction
{
    private static readonly ApiGatewayJsonContext Json = ApiGatewayJsonContext.Default;

    private readonly LambdaBootstrap? _bootstrap;
    private readonly AuthorizerRoutes? _routes;
    private readonly CredentialAuthenticator? _credentials;
    private readonly ILogger _logger;

    /// <summary>The constructor the Lambda runtime calls, once per execution environment. It reads no secret and no key.</summary>
    public AuthorizerFunction()
        : this(Environment.GetEnvironmentVariable, LogOutput.StandardOutput)
    {
    }

    /// <summary>Builds the function against an explicit environment and log output (gatewayctl invoke, tests).</summary>
    /// <param name="customize">What a team's own bootstrap adds to the runtime (policies, transforms).</param>
    public AuthorizerFunction(Func<string, string?> environment, LogOutput logOutput, Action<GatewayRuntimeBuilder>? customize = null)
    {
        _bootstrap = LambdaBootstrap.Create(environment, logOutput, customize);
        _logger = _bootstrap.LoggerFactory.CreateLogger<AuthorizerFunction>();
        foreach (var problem in _bootstrap.Problems)
        {
            LogConfigProblem(_logger, problem.ToString());
        }
        if (_bootstrap.Config is not { } config)
        {
            return;
        }
        // One client for the extension's endpoint and the identity provider's keys; nothing is fetched until needed.
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // Without the shared table there are no keys to check: API keys are then refused, never looked up in memory.
        IApiKeyStore? keys = _bootstrap.SharedState(config)?.ApiKeys;
        _routes = new AuthorizerRoutes(config.Routes);
        _credentials = GatewayAuthentication.Create(config.Auth, GatewayAuthentication.SecretFromEnvironment(environment, config.Auth, http, TimeProvider.System), keys, http, TimeProvider.System);
    }

    /// <summary>Wraps already-built parts (benchmarks, tests).</summary>
    public AuthorizerFunction(GatewayConfig config, CredentialAuthenticator credentials, ILogger logger)
    {
        _routes = new AuthorizerRoutes(config.Routes);
        _credentials = credentials;
        _logger = logger;
    }

    public IReadOnlyList<ConfigProblem> ConfigProblems => _bootstrap?.Problems ?? [];

    /// <summary>The managed runtime's entry point.</summary>
    /// <exception cref="StoreUnavailableException">The key store failed: the invocation fails, and API Gateway answers 500 without caching a deny.</exception>
    /// <exception cref="SigningKeyUnavailableException">A token's signing key (the HS256 secret, or the published keys) could not be obtained (same).</exception>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, InvocationContext.None);

    /// <exception cref="StoreUnavailableException">As for <see cref="HandleAsync(Stream)"/>.</exception>
    /// <exception cref="SigningKeyUnavailableException">As for <see cref="HandleAsync(Stream)"/>.</exception>
    public async Task<Stream> HandleAsync(Stream input, InvocationContext invocation)
    {
        var payload = await LambdaStreams.RewindableAsync(input).ConfigureAwait(false);
        var start = payload.Position;
        var httpApiEvent = JsonSerializer.Deserialize(payload, Json.APIGatewayCustomAuthorizerV2Request);
        if (httpApiEvent is { Version: not "2.0" })
        {
            payload.Position = start;
            if (JsonSerializer.Deserialize(payload, Json.APIGatewayCustomAuthorizerRequest) is { MethodArn: not null } restEvent)
            {
                _bootstrap?.BeginInvocation(invocation, restEvent.RequestContext?.RequestId);
                var restIdentity = await AuthenticateAsync(
                    _routes?.ForResource(restEvent.HttpMethod, restEvent.Resource), restEvent.Resource, restEvent.Headers, restEvent.MultiValueHeaders).ConfigureAwait(false);
                return Serialize(PolicyResponse.For(restEvent.MethodArn, restIdentity), Json.APIGatewayCustomAuthorizerResponse);
            }
        }
        _bootstrap?.BeginInvocation(invocation, httpApiEvent?.RequestContext?.RequestId);
        var identity = httpApiEvent is null
            ? null
            : await AuthenticateAsync(_routes?.ForRouteKey(httpApiEvent.RouteKey), httpApiEvent.RouteKey, httpApiEvent.Headers, null).ConfigureAwait(false);
        var response = new APIGatewayCustomAuthorizerV2SimpleResponse
        {
            IsAuthorized = identity is not null,
            Context = identity is null ? null : AuthorizerContext.FromIdentity(identity),
        };
        return Serialize(response, Json.APIGatewayCustomAuthorizerV2SimpleResponse);
    }

    private async ValueTask<CallerIdentity?> AuthenticateAsync(AuthRequirement? requirement, string? route, Dictionary<string, string>? headers, Dictionary<string, string[]>? multiValueHeaders)
    {
        if (_credentials is null)
        {
            LogDenied(_logger, route, "the gateway configuration is invalid");
            return null;
        }
        if (requirement is null or AuthRequirement.None)
        {
            LogDenied(_logger, route, "no configured route takes credentials here");
            return null;
        }
        var result = await _credentials.AuthenticateAsync(
            requirement.Value,
            RequestHeaders.Find(headers, multiValueHeaders, CredentialHeaders.Authorization),
            RequestHeaders.Find(headers, multiValueHeaders, CredentialHeaders.ApiKey),
            CancellationToken.None).ConfigureAwait(false);
        if (result.Identity is null)
        {
            LogDenied(_logger, route, result.FailureMessage ?? "no credentials");
        }
        return result.Identity;
    }

    private static MemoryStream Serialize<T>(T response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        LambdaStreams.Response(JsonSerializer.SerializeToUtf8Bytes(response, type));

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration problem: {Problem}")]
    private static partial void LogConfigProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "authorizer denied {Route}: {Reason}")]
    private static partial void LogDenied(ILogger logger, string? route, string reason);
}
