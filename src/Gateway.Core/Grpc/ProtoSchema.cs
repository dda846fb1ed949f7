using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Gateway.Grpc;

/// <summary>The descriptors of one service's <c>.proto</c> and its imports, linked and ready to look methods up in.</summary>
public sealed class ProtoSchema
{
    private readonly IReadOnlyList<FileDescriptor> _files;

    private ProtoSchema(string protoPath, IReadOnlyList<FileDescriptor> files)
    {
        ProtoPath = protoPath;
        _files = files;
    }

    public string ProtoPath { get; }

    /// <summary>Links the compiled files, dependencies first; a problem when they do not link.</summary>
    public static ProtoSchema? TryBuild(string protoPath, IReadOnlyList<ByteString> files, out string? error)
    {
        error = null;
        try
        {
            var protos = files.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
            var ordered = DependenciesFirst(protos, out error);
            if (ordered is null)
            {
                return null;
            }
            return new ProtoSchema(protoPath, FileDescriptor.BuildFromByteStrings(ordered.Select(file => file.ToByteString())));
        }
        catch (Exception exception) when (exception is DescriptorValidationException or InvalidProtocolBufferException or ArgumentException)
        {
            error = exception.Message;
            return null;
        }
    }

    /// <summary>
    /// Finds <c>package.Service/Method</c>. Only unary methods can be transcoded: a streaming one is refused with
    /// the reason.
    /// </summary>
    public MethodDescriptor? FindMethod(string name, out string? error)
    {
        error = null;
        var slash = name.LastIndexOf('/');
        if (slash <= 0 || slash == name.Length - 1)
        {
            error = $"\"{name}\" is not package.Service/Method";
            return null;
        }
        var serviceName = name[..slash];
        var methodName = name[(slash + 1)..];
        var services = _files.SelectMany(file => file.Services).ToList();
        var service = services.FirstOrDefault(s => s.FullName == serviceName);
        if (service is null)
        {
            error = $"{ProtoPath} defines no service \"{serviceName}\" (it defines: {Listing(services.Select(s => s.FullName))})";
            return null;
        }
        var method = service.FindMethodByName(methodName);
        if (method is null)
        {
            error = $"service {serviceName} has no method \"{methodName}\" (it has: {Listing(service.Methods.Select(m => m.Name))})";
            return null;
        }
        if (method.IsClientStreaming || method.IsServerStreaming)
        {
            error = $"{name} is a {(method.IsClientStreaming ? "client" : "server")}-streaming method; the gateway transcodes unary methods only";
            return null;
        }
        return method;
    }

    private static string Listing(IEnumerable<string> names)
    {
        var list = string.Join(", ", names);
        return list.Length == 0 ? "none" : list;
    }

    /// <summary>BuildFromByteStrings needs every file after the files it imports.</summary>
    private static List<FileDescriptorProto>? DependenciesFirst(List<FileDescriptorProto> files, out string? error)
    {
        string? problem = null;
        var byName = files.GroupBy(file => file.Name).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        var ordered = new List<FileDescriptorProto>(byName.Count);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: visiting, true: done
        foreach (var file in byName.Values)
        {
            if (!Visit(file))
            {
                error = problem;
                return null;
            }
        }
        error = null;
        return ordered;

        bool Visit(FileDescriptorProto file)
        {
            if (state.TryGetValue(file.Name, out var done))
            {
                if (!done)
                {
                    problem = $"{file.Name} imports itself through a cycle";
                }
                return done;
            }
            state[file.Name] = false;
            foreach (var dependency in file.Dependency)
            {
                if (!byName.TryGetValue(dependency, out var imported))
                {
                    problem = $"{file.Name} imports {dependency}, which is not in the compiled set";
                    return false;
                }
                if (!Visit(imported))
                {
                    return false;
                }
            }
            state[file.Name] = true;
            ordered.Add(file);
            return true;
        }
    }
}
