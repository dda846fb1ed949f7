namespace Gateway.Lambda;

/// <summary>
/// What the runtime knows about the invocation in progress beyond its event. The Runtime API loop knows every field;
/// the managed runtime hands a Stream handler none (it offers them only through ILambdaContext, from an
/// Amazon.Lambda package that is not served), so there the request id falls back to API Gateway's and no deadline
/// applies beyond the services' own timeouts. Both runtimes set <c>_X_AMZN_TRACE_ID</c> per invocation.
/// </summary>
/// <param name="RequestId">Lambda's request id: the logs' <c>function_request_id</c>.</param>
/// <param name="Deadline">When Lambda stops the invocation.</param>
/// <param name="FunctionArn">The ARN the function was invoked by: the logs' <c>function_arn</c>.</param>
public readonly record struct InvocationContext(string? RequestId, DateTimeOffset? Deadline, string? FunctionArn = null)
{
    /// <summary>Time left at the deadline to serialize the answer and post it to the Runtime API.</summary>
    public static readonly TimeSpan AnswerMargin = TimeSpan.FromMilliseconds(250);

    public static InvocationContext None => default;

    /// <summary>
    /// A source canceled <see cref="AnswerMargin"/> before the deadline, or null when there is none. Already canceled
    /// when that moment has passed.
    /// </summary>
    public CancellationTokenSource? CreateDeadlineSource(TimeProvider time)
    {
        if (Deadline is not { } deadline)
        {
            return null;
        }
        var left = deadline - AnswerMargin - time.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            return new CancellationTokenSource(left, time);
        }
        var passed = new CancellationTokenSource();
        passed.Cancel();
        return passed;
    }
}
