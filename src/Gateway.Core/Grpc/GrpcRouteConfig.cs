using Google.Protobuf.Reflection;

namespace Gateway.Grpc;

/// <summary>The unary gRPC method a route calls (<c>grpc.method</c>), resolved against its service's <c>.proto</c>.</summary>
public sealed record GrpcRouteConfig(MethodDescriptor Method)
{
    /// <summary>The HTTP/2 path of the call: <c>/package.Service/Method</c>.</summary>
    public string Path { get; } = "/" + Method.Service.FullName + "/" + Method.Name;
}
