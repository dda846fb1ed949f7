using Gateway.Forwarding;
using Gateway.Grpc.Transcoding;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Grpc;

/// <summary>
/// The end of a gRPC route's pipeline: the JSON request (path and query parameters, and a body) becomes the method's
/// protobuf request once, before any attempt, so a request that does not fit is the client's 400 and never reaches
/// the breaker; then the service's invoker calls it with retries and the breaker, as for any route.
/// </summary>
public sealed class GrpcCallStep(GrpcRouteConfig route, UpstreamInvoker invoker)
{
    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context)
    {
        byte[] message;
        try
        {
            var fields = GrpcRequestFields.From(context.RouteValues, context.Request.RawQuery);
            message = route.Request.JsonToProto(context.Request.Body, fields);
        }
        catch (TranscodingException exception)
        {
            return ValueTask.FromResult(GatewayErrors.Create(context, 400, ErrorCodes.InvalidRequest, exception.Describe()));
        }
        context.Request.Body = GrpcFraming.Frame(message);
        return invoker.InvokeAsync(context);
    }
}
