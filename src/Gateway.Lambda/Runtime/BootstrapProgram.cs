using Gateway.Composition;
using Gateway.Observability.Logging;

namespace Gateway.Lambda.Runtime;

/// <summary>
/// The <c>bootstrap</c> executable that <c>provided.al2023</c> starts (the Native AOT publish of this project): it
/// builds the function <c>_HANDLER</c> names, reports a failed initialization through the Runtime API, and serves
/// invocations until Lambda ends the environment. A team with its own policies or transforms publishes its own
/// executable whose <c>Main</c> is <c>BootstrapProgram.RunAsync(runtime =&gt; runtime.AddPolicies(...))</c>.
/// </summary>
public static class BootstrapProgram
{
    public const string HandlerVariable = "_HANDLER";

    public const string NoSuchHandler = "Runtime.NoSuchHandler";
    public const string ConfigurationInvalid = "Runtime.ConfigurationInvalid";
    public const string InitializationFailed = "Runtime.InitializationFailed";

    public static Task<int> Main() => RunAsync(customize: null);

    /// <param name="customize">What the team's runtime adds (policies, transforms), for every function of the bootstrap.</param>
    public static async Task<int> RunAsync(Action<GatewayRuntimeBuilder>? customize)
    {
        if (Environment.GetEnvironmentVariable(RuntimeApiClient.RuntimeApiVariable) is not { Length: > 0 } endpoint)
        {
            await Console.Error.WriteLineAsync($"bootstrap runs inside Lambda: {RuntimeApiClient.RuntimeApiVariable} is not set").ConfigureAwait(false);
            return 2;
        }
        using var api = new RuntimeApiClient(endpoint);
        var (function, error) = Initialize(customize);
        if (error is not null)
        {
            // Lambda records the init error and ends the environment: nothing is left to do but exit.
            await api.PostInitErrorAsync(error, CancellationToken.None).ConfigureAwait(false);
            return 1;
        }
        try
        {
            await new RuntimeLoop(api, function!).RunAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        catch (Exception exception) when (exception is RuntimeApiException or HttpRequestException)
        {
            // The Runtime API is gone or says the environment is broken: exit promptly, as documented, without a
            // crash dump.
            await Console.Error.WriteLineAsync($"bootstrap: {exception.Message}; exiting").ConfigureAwait(false);
            return 1;
        }
    }

    private static (ILambdaFunction? Function, RuntimeError? Error) Initialize(Action<GatewayRuntimeBuilder>? customize)
    {
        var handler = Environment.GetEnvironmentVariable(HandlerVariable) ?? "";
        try
        {
            return LambdaEntryPoints.Resolve(handler, Environment.GetEnvironmentVariable, LogOutput.StandardOutput, customize) switch
            {
                null => (null, new RuntimeError(NoSuchHandler, $"{HandlerVariable} \"{handler}\" is not one of this bootstrap's functions: {string.Join(", ", LambdaEntryPoints.FunctionNames)}")),
                { ConfigProblems.Count: > 0 } broken => (null, new RuntimeError(ConfigurationInvalid, $"the gateway configuration is invalid ({broken.ConfigProblems.Count} problems; see the function's logs)")),
                var function => (function, null),
            };
        }
        catch (Exception exception)
        {
            return (null, new RuntimeError(InitializationFailed, $"{exception.GetType().Name}: {exception.Message}"));
        }
    }
}
