using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Gateway.Grpc;

/// <summary>
/// Reads the descriptor set compiled from a <c>.proto</c> ahead of time: <c>greeter.proto</c> →
/// <c>greeter.protoset</c> beside it (a binary <c>FileDescriptorSet</c> with imports included, as
/// <c>gatewayctl protos compile</c> or <c>protoc --include_imports --descriptor_set_out</c> write it).
/// What the Lambda functions use: it needs no parser, only Google.Protobuf.
/// </summary>
public sealed class ProtosetCompiler : IProtoCompiler
{
    public const string Extension = ".protoset";

    public static string PathFor(string protoPath) => Path.ChangeExtension(protoPath, Extension);

    public ProtoCompilation Compile(string protoPath)
    {
        var protoset = PathFor(protoPath);
        try
        {
            using var stream = File.OpenRead(protoset);
            var set = FileDescriptorSet.Parser.ParseFrom(stream);
            return new ProtoCompilation(set.File.Select(file => file.ToByteString()).ToArray(), []);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Failed(protoPath, $"cannot read the compiled descriptor set {protoset} ({exception.Message}); run `gatewayctl protos compile` to write it");
        }
        catch (InvalidProtocolBufferException exception)
        {
            return Failed(protoset, $"not a descriptor set: {exception.Message}");
        }
    }

    private static ProtoCompilation Failed(string file, string message) => new([], [new ProtoProblem(file, 0, message)]);
}
