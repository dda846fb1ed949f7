extern alias ProtobufNet;

using Gateway.Grpc;
using Google.Protobuf;
using TextDescriptorSet = ProtobufNet::Google.Protobuf.Reflection.FileDescriptorSet;

namespace Gateway.ProtoText;

/// <summary>
/// Parses a <c>.proto</c> file and its imports (resolved beside it; the well-known <c>google/protobuf/*.proto</c> are
/// built in) with protobuf-net.Reflection, reporting each syntax or reference error at its file and line.
/// </summary>
public sealed class ProtoTextCompiler : IProtoCompiler
{
    public ProtoCompilation Compile(string protoPath)
    {
        if (!File.Exists(protoPath))
        {
            return new ProtoCompilation([], [new ProtoProblem(protoPath, 0, $"the .proto file {protoPath} does not exist")]);
        }
        var directory = Path.GetDirectoryName(protoPath)!;
        var set = new TextDescriptorSet();
        set.AddImportPath(directory);
        set.Add(Path.GetFileName(protoPath), includeInOutput: true);
        set.Process();
        var problems = set.GetErrors()
            .Where(error => error.IsError)
            .Select(error => new ProtoProblem(Path.Combine(directory, error.File ?? Path.GetFileName(protoPath)), Math.Max(1, error.LineNumber), error.Message))
            .ToArray();
        if (problems.Length > 0)
        {
            return new ProtoCompilation([], problems);
        }
        return new ProtoCompilation(set.Files.Select(Serialize).ToArray(), []);
    }

    /// <summary>Writes the compiled set as a binary FileDescriptorSet: what <see cref="ProtosetCompiler"/> reads.</summary>
    public static byte[] ToProtoset(ProtoCompilation compilation)
    {
        var set = new Google.Protobuf.Reflection.FileDescriptorSet();
        set.File.AddRange(compilation.Files.Select(Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom));
        return set.ToByteArray();
    }

    private static ByteString Serialize(ProtobufNet::Google.Protobuf.Reflection.FileDescriptorProto file)
    {
        using var buffer = new MemoryStream();
        ProtobufNet::ProtoBuf.Serializer.Serialize(buffer, file);
        return ByteString.CopyFrom(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
