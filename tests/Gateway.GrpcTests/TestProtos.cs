using Gateway.Grpc;
using Gateway.Grpc.Transcoding;
using Gateway.ProtoText;
using Google.Protobuf.Reflection;

namespace Gateway.GrpcTests;

/// <summary>The test .proto as the gateway reads it at run time: parsed from its text, not from the generated code.</summary>
public static class TestProtos
{
    public static string ProtoPath { get; } = Path.Combine(AppContext.BaseDirectory, "Protos", "transcoding.proto");

    private static readonly Lazy<ProtoSchema> Schema = new(() =>
    {
        var compilation = new ProtoTextCompiler().Compile(ProtoPath);
        Assert.Empty(compilation.Problems);
        return ProtoSchema.TryBuild(ProtoPath, compilation.Files, out var error) ?? throw new InvalidOperationException(error);
    });

    public static MethodDescriptor Echo => Schema.Value.FindMethod("gateway.test.Tester/Echo", out _)!;

    /// <summary>A transcoder for a message of the test .proto, looked up by its full name in the run-time descriptors.</summary>
    public static ProtoJsonTranscoder For(string fullName)
    {
        var echo = Echo;
        var message = echo.File.MessageTypes.First(m => m.FullName == fullName);
        return new ProtoJsonTranscoder(message);
    }
}
