namespace Gateway.Lambda.Runtime;

/// <summary>One invocation as <c>GET invocation/next</c> delivers it: its headers and its event.</summary>
/// <param name="Deadline">When Lambda stops the invocation (Lambda-Runtime-Deadline-Ms).</param>
/// <param name="TraceHeader">The X-Ray header (Lambda-Runtime-Trace-Id), <c>Root=…;Parent=…;Sampled=…</c>.</param>
internal sealed record LambdaInvocation(
    string RequestId,
    DateTimeOffset? Deadline,
    string? InvokedFunctionArn,
    string? TraceHeader,
    string? ClientContext,
    string? CognitoIdentity,
    byte[] Payload);
