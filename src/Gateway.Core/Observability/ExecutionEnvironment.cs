namespace Gateway.Observability;

/// <summary>
/// Where logs and metrics come from: the service, and in Lambda the function and the invocation in progress. A
/// Lambda execution environment runs one invocation at a time, so the invocation fields are plain state that the
/// Lambda host sets when an invocation begins; the local host never sets them.
/// </summary>
public sealed class ExecutionEnvironment
{
    private bool _coldStartPending = true;

    private ExecutionEnvironment(string serviceName, string? functionName, string? functionVersion, int? memorySize)
    {
        ServiceName = serviceName;
        FunctionName = functionName;
        FunctionVersion = functionVersion;
        FunctionMemorySize = memorySize;
    }

    public string ServiceName { get; }

    /// <summary>The Lambda function's name; null outside Lambda.</summary>
    public string? FunctionName { get; }

    /// <summary>The version that runs (<c>$LATEST</c> or a number); null outside Lambda.</summary>
    public string? FunctionVersion { get; }

    public int? FunctionMemorySize { get; }

    /// <summary>True while the first invocation of this execution environment runs.</summary>
    public bool ColdStart { get; private set; }

    /// <summary>The id of the invocation in progress, as the Lambda host knows it.</summary>
    public string? InvocationId { get; private set; }

    /// <summary>The ARN the invocation in progress was invoked by (an alias's, here); null where the runtime does not say.</summary>
    public string? FunctionArn { get; private set; }

    /// <summary>The X-Ray trace id ("1-…") of the invocation in progress.</summary>
    public string? XrayTraceId { get; private set; }

    /// <summary>Reads the service name (POWERTOOLS_SERVICE_NAME) and, in Lambda, the function's name and memory.</summary>
    public static ExecutionEnvironment FromEnvironment(Func<string, string?> environment, string fallbackServiceName) =>
        new(environment(Configuration.EnvironmentVariables.ServiceName) is { Length: > 0 } service ? service : fallbackServiceName,
            environment("AWS_LAMBDA_FUNCTION_NAME"),
            environment("AWS_LAMBDA_FUNCTION_VERSION") is { Length: > 0 } version ? version : null,
            int.TryParse(environment("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), out var memory) ? memory : null);

    /// <summary>Marks the start of a Lambda invocation. <paramref name="traceHeader"/> is X-Ray's Root=…;Parent=… header.</summary>
    public void BeginInvocation(string? invocationId, string? traceHeader, string? functionArn = null)
    {
        ColdStart = _coldStartPending;
        _coldStartPending = false;
        InvocationId = invocationId;
        FunctionArn = functionArn;
        XrayTraceId = XrayTraceHeader.RootOf(traceHeader);
    }
}

/// <summary>The X-Ray trace header, <c>Root=1-5759e988-bd862e3fe1be46a994272793;Parent=…;Sampled=1</c>.</summary>
public static class XrayTraceHeader
{
    public const string HeaderName = "X-Amzn-Trace-Id";

    /// <summary>Where Lambda runtimes put the invocation's header, per invocation.</summary>
    public const string EnvironmentVariable = "_X_AMZN_TRACE_ID";

    /// <summary>The Root field ("1-…"), or null.</summary>
    public static string? RootOf(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        foreach (var range in header.AsSpan().Split(';'))
        {
            var field = header.AsSpan()[range].Trim();
            if (field.StartsWith("Root=", StringComparison.Ordinal))
            {
                return field[5..].ToString();
            }
        }
        return null;
    }
}
