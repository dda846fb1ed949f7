namespace Gateway.Configuration;

/// <summary>How one Lambda function is sized: memory (which also buys CPU) and how long an invocation may run.</summary>
public sealed record FunctionSettings(int MemoryMb, TimeSpan Timeout);

/// <summary>The <c>functions:</c> section: the size of each of the gateway's Lambda functions.</summary>
public sealed record FunctionsConfig
{
    /// <summary>
    /// The proxy waits on upstreams, so it gets API Gateway's whole integration timeout; 1 GB because Lambda's CPU
    /// share grows with memory, and a .NET cold start is CPU-bound.
    /// </summary>
    public FunctionSettings Proxy { get; init; } = new(1024, TimeSpan.FromSeconds(30));

    /// <summary>The authorizer verifies a token or looks up a key: little memory, and an answer well within API Gateway's wait.</summary>
    public FunctionSettings Authorizer { get; init; } = new(512, TimeSpan.FromSeconds(10));
}
