using Gateway.Configuration;
using Gateway.Pipeline;

namespace Gateway.Forwarding;

/// <summary>
/// One attempt against one instance, as <see cref="UpstreamInvoker"/> retries and guards it with the breaker: plain
/// HTTP (<see cref="HttpForwarder"/>) or a gRPC call (<see cref="Grpc.GrpcForwarder"/>). Never throws for an
/// upstream's failure: it reports it as an <see cref="UpstreamOutcome"/>.
/// </summary>
public interface IUpstreamForwarder
{
    /// <param name="cancellation">The request's own bound: the client going away, or the deadline across retries.</param>
    ValueTask<UpstreamResult> ForwardAsync(GatewayContext context, UpstreamInstance instance, ServiceConfig service, UpstreamTimeouts timeouts, CancellationToken cancellation);
}
