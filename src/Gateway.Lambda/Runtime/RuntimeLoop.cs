using Gateway.Observability;

namespace Gateway.Lambda.Runtime;

/// <summary>
/// Serves invocations one at a time, for the life of the execution environment: next → handle → response, or the
/// invocation's error when the function throws, after which it carries on with the next one.
/// </summary>
internal sealed class RuntimeLoop(RuntimeApiClient api, ILambdaFunction function)
{
    /// <summary>What Lambda reports as the function's error type when the function threw.</summary>
    public const string UnhandledErrorType = "Unhandled";

    /// <summary>Runs until the Runtime API fails (Lambda then ends the environment) or <paramref name="stopping"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await ServeOneAsync(stopping).ConfigureAwait(false);
        }
    }

    /// <summary>One turn of the loop: the next invocation, handled and answered.</summary>
    internal async Task ServeOneAsync(CancellationToken stopping)
    {
        var invocation = await api.NextInvocationAsync(stopping).ConfigureAwait(false);
        await InvokeAsync(invocation, stopping).ConfigureAwait(false);
    }

    private async Task InvokeAsync(LambdaInvocation invocation, CancellationToken stopping)
    {
        // Where the AWS SDK and X-Ray look for the invocation's trace; cleared when an invocation carries none.
        Environment.SetEnvironmentVariable(XrayTraceHeader.EnvironmentVariable, invocation.TraceHeader);
        Stream response;
        try
        {
            response = await function.HandleAsync(new MemoryStream(invocation.Payload, writable: false), new InvocationContext(invocation.RequestId, invocation.Deadline, invocation.InvokedFunctionArn)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The invoker (API Gateway) sees a failed invocation and answers 500 without caching anything.
            var error = new RuntimeError(exception.GetType().Name, exception.Message);
            await api.PostInvocationErrorAsync(invocation.RequestId, error, UnhandledErrorType, stopping).ConfigureAwait(false);
            return;
        }
        await using (response.ConfigureAwait(false))
        {
            await api.PostResponseAsync(invocation.RequestId, response, stopping).ConfigureAwait(false);
        }
    }
}
