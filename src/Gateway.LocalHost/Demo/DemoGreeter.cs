using Gateway.LocalHost.Demo.Greet;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Gateway.LocalHost.Demo;

/// <summary>
/// The demo's gRPC service (infra/protos/greeter.proto), for trying REST → gRPC with one curl. Its errors show the
/// status mapping: an empty name is INVALID_ARGUMENT (400), "nobody" NOT_FOUND (404).
/// </summary>
internal sealed class DemoGreeter : Greeter.GreeterBase
{
    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "name is required"));
        }
        if (request.Name == "nobody")
        {
            throw new RpcException(new Status(StatusCode.NotFound, "nobody is not here"));
        }
        if (request.Times is < 0 or > 10)
        {
            throw new RpcException(new Status(StatusCode.OutOfRange, "times must be between 1 and 10"));
        }
        var greeting = $"Hello, {request.Name}!";
        return Task.FromResult(new HelloReply
        {
            Message = string.Join(' ', Enumerable.Repeat(greeting, Math.Max(1, request.Times))),
            GreetedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            Caller = context.RequestHeaders.GetValue("x-user-id") ?? string.Empty,
            RequestId = context.RequestHeaders.GetValue("x-request-id") ?? string.Empty,
        });
    }
}
