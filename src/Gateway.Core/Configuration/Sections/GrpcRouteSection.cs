using Gateway.Grpc;
using Gateway.Routing;
using Google.Protobuf.Reflection;

namespace Gateway.Configuration.Sections;

/// <summary>
/// Reads a route's <c>grpc:</c> block: the method it calls, checked against the service's <c>.proto</c>, and the
/// request fields its path parameters fill.
/// </summary>
internal static class GrpcRouteSection
{
    public static GrpcRouteConfig? Read(ConfigNode route, ServiceConfig? service, RouteTemplate? template)
    {
        var node = route["grpc"];
        if (service?.Protocol != ServiceProtocol.Grpc)
        {
            if (node.Exists)
            {
                node.Error(service is null
                    ? "only a route to one gRPC service calls a gRPC method"
                    : $"service \"{service.Name}\" is not a gRPC service (protocol: grpc)");
            }
            return null;
        }
        if (!node.Exists)
        {
            node.Error($"a route to the gRPC service \"{service.Name}\" names the method it calls: grpc.method: package.Service/Method");
            return null;
        }
        node.AllowKeys("method", "metadata");
        var metadata = ReadMetadata(node["metadata"]);
        var name = node["method"].RequiredString();
        if (name.Length == 0 || service.Proto is null)
        {
            // The method is checked once the .proto compiles; its own problem is reported already.
            return null;
        }
        var method = service.Proto.FindMethod(name, out var error);
        if (method is null)
        {
            node["method"].Error(error!);
            return null;
        }
        if (template is not null)
        {
            CheckPathParameters(route["path"], template, method.InputType);
        }
        return new GrpcRouteConfig(method, metadata);
    }

    /// <summary>
    /// Header names a route passes on as metadata. gRPC reserves <c>grpc-*</c> and the HTTP/2 headers it is built on,
    /// and <c>-bin</c> keys carry binary values that a JSON client's headers cannot.
    /// </summary>
    private static IReadOnlyList<string> ReadMetadata(ConfigNode node)
    {
        var names = node.StringList();
        foreach (var name in names)
        {
            var lower = name.ToLowerInvariant();
            if (!Http.HttpToken.IsValid(name) || lower.StartsWith("grpc-", StringComparison.Ordinal) || lower.EndsWith("-bin", StringComparison.Ordinal) ||
                lower is "content-type" or "te" or "host" or "user-agent" or "content-length" or "connection")
            {
                node.Error($"\"{name}\" cannot be sent as gRPC metadata (reserved by gRPC or HTTP/2, or binary)");
            }
        }
        return names;
    }

    /// <summary>Each path parameter fills the request field of the same JSON name, which must hold one scalar.</summary>
    private static void CheckPathParameters(ConfigNode node, RouteTemplate template, MessageDescriptor input)
    {
        foreach (var segment in template.Segments)
        {
            if (segment.Kind == SegmentKind.Literal)
            {
                continue;
            }
            var field = input.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == segment.Value);
            if (field is null)
            {
                var names = string.Join(", ", input.Fields.InDeclarationOrder().Select(f => f.JsonName));
                node.Error($"path parameter {{{segment.Value}}} names no field of {input.FullName} (its fields: {(names.Length == 0 ? "none" : names)})");
            }
            else if (field.IsRepeated || field.FieldType is FieldType.Message or FieldType.Group)
            {
                node.Error($"path parameter {{{segment.Value}}} names {input.FullName}.{field.Name}, which is not a single scalar or enum");
            }
        }
    }
}
