namespace Gateway.Configuration;

/// <summary>
/// What the host that runs a configuration can carry. A configuration is loaded for one host: the Lambda functions and
/// the CDK app that deploys them load it for <see cref="Lambda"/>, <c>gatewayctl serve</c> for <see cref="Container"/>;
/// <c>config validate</c> loads it for both and says which host a problem belongs to.
/// </summary>
/// <param name="MaxBodyBytes">The largest <c>maxRequestBodySize</c> and <c>maxResponseBodySize</c> this host takes.</param>
/// <param name="TerminatesTls">Whether the host itself listens with a certificate (<c>gateway.tls</c>).</param>
/// <param name="StreamsBodies">
/// Whether the host can pass bodies on as they arrive and relay upgraded connections; routes whose policies need no
/// body then stream (see <see cref="Policies.BodyNeeds"/>).
/// </param>
public sealed record HostProfile(string Name, long MaxBodyBytes, bool TerminatesTls, bool StreamsBodies)
{
    /// <summary>
    /// A synchronous invocation's payload is at most 6 MB each way, whatever the gateway is told; API Gateway
    /// terminates TLS in front of it.
    /// </summary>
    public static HostProfile Lambda { get; } = new("lambda", 6L << 20, TerminatesTls: false, StreamsBodies: false);

    /// <summary>
    /// A long-lived process. A body no policy reads streams through whatever its size; one a policy reads whole is
    /// buffered in one array, which bounds both settings at 1 GB.
    /// </summary>
    public static HostProfile Container { get; } = new("serve", 1L << 30, TerminatesTls: true, StreamsBodies: true);

    public static IReadOnlyList<HostProfile> All { get; } = [Lambda, Container];
}
