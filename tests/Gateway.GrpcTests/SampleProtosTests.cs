using Gateway.Grpc;
using Gateway.ProtoText;
using Gateway.Testing;

namespace Gateway.GrpcTests;

/// <summary>The sample's compiled descriptor set is what its .proto compiles to today (the Lambda functions load it).</summary>
public sealed class SampleProtosTests
{
    [Fact]
    public void The_committed_protoset_matches_its_proto()
    {
        var proto = Path.Combine(RepositoryPaths.Root, "infra", "protos", "greeter.proto");
        var compiled = ProtoTextCompiler.ToProtoset(new ProtoTextCompiler().Compile(proto));

        var committed = File.ReadAllBytes(ProtosetCompiler.PathFor(proto));

        Assert.True(compiled.AsSpan().SequenceEqual(committed), "infra/protos/greeter.protoset is stale: run `gatewayctl protos compile`");
    }
}
