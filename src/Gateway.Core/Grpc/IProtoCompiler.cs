using Google.Protobuf;

namespace Gateway.Grpc;

/// <summary>
/// Turns the <c>.proto</c> a service names into descriptors. Parsing <c>.proto</c> text needs protobuf-net.Reflection,
/// which is not trim/AOT safe, so the runtime (Lambda) reads a descriptor set compiled beforehand
/// (<see cref="ProtosetCompiler"/>) and the tools that may parse text (gatewayctl, the tests) supply their own.
/// </summary>
public interface IProtoCompiler
{
    /// <param name="protoPath">The <c>.proto</c> file; imports resolve beside it.</param>
    ProtoCompilation Compile(string protoPath);
}

/// <summary>Serialized <c>FileDescriptorProto</c>s (the file and every import, in any order), or what is wrong.</summary>
public sealed record ProtoCompilation(IReadOnlyList<ByteString> Files, IReadOnlyList<ProtoProblem> Problems);

/// <summary>One problem in a <c>.proto</c> file, at its own file and line.</summary>
public sealed record ProtoProblem(string File, int Line, string Message);
