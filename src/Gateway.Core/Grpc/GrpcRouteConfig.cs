using Gateway.Grpc.Transcoding;
using Google.Protobuf.Reflection;

namespace Gateway.Grpc;

/// <summary>
/// The unary gRPC method a route calls (<c>grpc.method</c>), resolved against its service's <c>.proto</c>, with its
/// transcoders built once, and the client headers the route passes on as metadata (<c>grpc.metadata</c>).
/// </summary>
public sealed record GrpcRouteConfig
{
    public GrpcRouteConfig(MethodDescriptor method, IReadOnlyList<string> metadata)
    {
        Method = method;
        Metadata = metadata;
        Path = "/" + method.Service.FullName + "/" + method.Name;
        Request = new ProtoJsonTranscoder(method.InputType);
        Response = new ProtoJsonTranscoder(method.OutputType);
    }

    public MethodDescriptor Method { get; }

    /// <summary>The HTTP/2 path of the call: <c>/package.Service/Method</c>.</summary>
    public string Path { get; }

    /// <summary>Client request headers sent as metadata besides the gateway's own (identity, request id, forwarding).</summary>
    public IReadOnlyList<string> Metadata { get; }

    public ProtoJsonTranscoder Request { get; }

    public ProtoJsonTranscoder Response { get; }
}
